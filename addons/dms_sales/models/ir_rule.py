from odoo import api, models
from odoo.osv import expression


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _compute_domain(self, model_name, mode="read"):
        """A distributor's user working in its own company (its accountant, whose only company that
        is: DESIGN.md) reads the distributor and the outlets it serves, with their contacts, which
        stay in the principal's company: the bills of those books name them. Odoo's global company
        rule on contacts hides them from a user without the principal's company, and global rules
        can only narrow, so the distributor's own network is added here, by relation paths (resolved
        in SQL) and for reading only."""
        domain = super()._compute_domain(model_name, mode)
        if model_name != "res.partner" or mode != "read" or not domain or self.env.su:
            return domain
        user = self.env.user
        distributor = user.partner_id.commercial_partner_id
        if user.share or distributor.dms_role not in ("distributor", "wholesaler") \
                or distributor.dms_books_company_id not in self.env.companies:
            return domain
        return expression.OR([domain, [
            "|", ("commercial_partner_id", "=", distributor.id),
            ("commercial_partner_id.dms_distributor_id", "=", distributor.id)]])
