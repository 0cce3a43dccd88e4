from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dms_distributor_location_id = fields.Many2one(
        "stock.location", string="Distributors Location", readonly=True,
        help="View location grouping the stock locations of this company's distributors.",
    )

    def _dms_get_distributor_view_location(self):
        """The company's 'Distributors' view location, created on first use."""
        self.ensure_one()
        if not self.dms_distributor_location_id:
            # sudo: creating a technical view location for the company; callers are already
            # allowed to create the distributor whose location needs it.
            location = self.env["stock.location"].sudo().create({
                "name": self.env._("Distributors"),
                "usage": "view",
                "location_id": self.env.ref("stock.stock_location_locations").id,
                "company_id": self.id,
            })
            self.sudo().dms_distributor_location_id = location  # sudo: same technical record, as above
        return self.dms_distributor_location_id
