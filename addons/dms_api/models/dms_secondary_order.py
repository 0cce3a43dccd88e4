from odoo import api, models

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError


class DmsSecondaryOrder(models.Model):
    _name = "dms.secondary.order"
    _inherit = ["dms.secondary.order", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push(self, vals):
        """A draft secondary order from the field app (``vals``: a record the sync API validated),
        as the API user: the outlet and products must be visible to them (record rules), unknown
        and invisible ids get the same answer."""
        outlet = self.env["res.partner"].search([("id", "=", vals["outlet_id"]), ("dms_role", "=", "outlet")])
        if not outlet:
            raise PayloadError("unknown_id", "outlet_id: no such outlet", "outlet_id")
        if not outlet.dms_distributor_id:
            raise PayloadError("validation_error", "outlet_id: the outlet has no distributor yet", "outlet_id")
        wanted = {line["product_id"] for line in vals["lines"]}
        products = self.env["product.product"].search([("id", "in", list(wanted)), ("sale_ok", "=", True)])
        for i, line in enumerate(vals["lines"]):
            if line["product_id"] not in products.ids:
                raise PayloadError("unknown_id", "lines[%d].product_id: no such product" % i,
                                   "lines[%d].product_id" % i)
        order_vals = {
            "client_uuid": vals["uuid"],
            "origin": "api",
            "partner_id": outlet.id,
            "distributor_id": outlet.dms_distributor_id.id,
            "company_id": outlet.company_id.id or self.env.company.id,
            "user_id": self.env.uid,
            "note": vals.get("note"),
            "line_ids": [(0, 0, {"product_id": line["product_id"], "product_uom_qty": line["qty"],
                                 "suggested_qty": line.get("suggested_qty", 0.0)})
                         for line in vals["lines"]],
            # what the app's suggestion proposed: a measure of the rep's own acceptance, nothing more
            "suggested_line_count": max(int(vals.get("suggested_line_count") or 0),
                                        sum(1 for line in vals["lines"] if line.get("suggested_qty"))),
        }
        if vals.get("date_order"):
            order_vals["date_order"] = vals["date_order"]
        with dms_system_write():
            return self.create(order_vals)
