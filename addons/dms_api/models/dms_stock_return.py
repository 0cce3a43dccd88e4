from odoo import Command, api, models

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError


class DmsStockReturn(models.Model):
    _name = "dms.stock.return"
    _inherit = ["dms.stock.return", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push(self, vals):
        """Goods an outlet gives back at a visit (``vals``: a record the sync API validated): a
        draft return of one of the API user's outlets (its record rules: a rep's territories),
        to its distributor, which validates it (stock moves, credit note) in the back office."""
        outlet = self.env["res.partner"].search([("id", "=", vals["outlet_id"]), ("dms_role", "=", "outlet")])
        if not outlet:
            raise PayloadError("unknown_id", "outlet_id: no such outlet", "outlet_id")
        if not outlet.dms_distributor_id:
            raise PayloadError("invalid_value", "outlet_id: the outlet has no distributor yet", "outlet_id")
        product_ids = {line["product_id"] for line in vals["lines"]}
        reason_ids = {line["reason_id"] for line in vals["lines"]}
        products = self.env["product.product"].search([("id", "in", list(product_ids))])
        reasons = self.env["dms.return.reason"].search([("id", "in", list(reason_ids))])
        for i, line in enumerate(vals["lines"]):
            if line["product_id"] not in products.ids:
                raise PayloadError("unknown_id", "lines[%d].product_id: no such product" % i,
                                   "lines[%d].product_id" % i)
            if line["reason_id"] not in reasons.ids:
                raise PayloadError("unknown_id", "lines[%d].reason_id: no such reason" % i,
                                   "lines[%d].reason_id" % i)
        return_vals = {
            "client_uuid": vals["uuid"],
            "partner_id": outlet.id,
            "distributor_id": outlet.dms_distributor_id.id,
            "company_id": outlet.company_id.id or self.env.company.id,
            "user_id": self.env.uid,
            "line_ids": [Command.create({"product_id": line["product_id"], "qty": line["qty"],
                                         "reason_id": line["reason_id"]}) for line in vals["lines"]],
            **{key: vals[key] for key in ("date", "note") if vals.get(key)},
        }
        with dms_system_write():
            return self.create(return_vals)
