from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmsBeatLine(models.Model):
    _name = "dms.beat.line"
    _description = "Beat Outlet"
    _order = "beat_id, sequence, id"
    _check_company_auto = True

    beat_id = fields.Many2one("dms.beat", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10, help="Visiting order within the beat.")
    partner_id = fields.Many2one(
        "res.partner", string="Outlet", required=True, index=True, check_company=True,
        domain="[('dms_role', '=', 'outlet')]")
    company_id = fields.Many2one(related="beat_id.company_id", store=True, index=True)
    outlet_territory_id = fields.Many2one(
        related="partner_id.dms_territory_id", string="Outlet Territory")
    outlet_code = fields.Char(related="partner_id.dms_outlet_code")
    outlet_street = fields.Char(related="partner_id.street", string="Outlet Street")

    _sql_constraints = [
        ("beat_partner_uniq", "unique(beat_id, partner_id)", "An outlet appears only once in a beat."),
    ]

    @api.constrains("partner_id", "beat_id")
    def _check_outlet(self):
        for line in self:
            beat, outlet = line.beat_id, line.partner_id
            if outlet.dms_role != "outlet":
                raise ValidationError(self.env._(
                    "Beat %(beat)s: %(partner)s (Outlet) is not an outlet.",
                    beat=beat.name, partner=outlet.display_name))
            territory = outlet.dms_territory_id
            if not territory or not (territory.parent_path or "").startswith(beat.territory_id.parent_path or "-"):
                raise ValidationError(self.env._(
                    "Beat %(beat)s: outlet %(outlet)s is in territory %(outlet_territory)s, outside the "
                    "beat's territory %(territory)s (Territory).",
                    beat=beat.name, outlet=outlet.display_name,
                    outlet_territory=territory.complete_name or self.env._("none"),
                    territory=beat.territory_id.complete_name))
            if outlet.dms_distributor_id != beat.distributor_id:
                raise ValidationError(self.env._(
                    "Beat %(beat)s: outlet %(outlet)s is served by %(served)s, not by the beat's "
                    "distributor %(distributor)s (Distributor).",
                    beat=beat.name, outlet=outlet.display_name,
                    served=outlet.dms_distributor_id.display_name or self.env._("no distributor"),
                    distributor=beat.distributor_id.display_name))
