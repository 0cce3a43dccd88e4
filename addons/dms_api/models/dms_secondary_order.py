from odoo import api, models

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError


class DmsSecondaryOrder(models.Model):
    _name = "dms.secondary.order"
    _inherit = ["dms.secondary.order", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push(self, vals):
        [order] = self._dms_api_push_batch([vals])
        if isinstance(order, PayloadError):
            raise order
        return order

    @api.model
    def _dms_api_push_batch(self, vals_list):
        """Draft secondary orders from the field app (``vals_list``: records the sync API
        validated), as the API user, created in one batch: the outlets and products must be visible
        to them (record rules), unknown and invisible ids get the same answer. A record naming
        one is answered its PayloadError, in its place, and the others are created (see
        dms.api.pushed.mixin)."""
        outlets = self.env["res.partner"].search(
            [("id", "in", list({vals["outlet_id"] for vals in vals_list})), ("dms_role", "=", "outlet")])
        wanted = {line["product_id"] for vals in vals_list for line in vals["lines"]}
        products = set(self.env["product.product"].search([("id", "in", list(wanted)), ("sale_ok", "=", True)]).ids)
        outlet_by_id = {outlet.id: outlet for outlet in outlets}
        orders_vals, refused = [], {}
        for k, vals in enumerate(vals_list):
            outlet = outlet_by_id.get(vals["outlet_id"])
            if not outlet:
                refused[k] = PayloadError("unknown_id", "outlet_id: no such outlet", "outlet_id")
            elif not outlet.dms_distributor_id:
                refused[k] = PayloadError("validation_error", "outlet_id: the outlet has no distributor yet",
                                          "outlet_id")
            else:
                i = next((i for i, line in enumerate(vals["lines"]) if line["product_id"] not in products), None)
                if i is not None:
                    refused[k] = PayloadError("unknown_id", "lines[%d].product_id: no such product" % i,
                                              "lines[%d].product_id" % i)
            if k in refused:
                continue
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
            orders_vals.append(order_vals)
        with dms_system_write():
            orders = iter(self.create(orders_vals))
        return [refused[k] if k in refused else next(orders) for k in range(len(vals_list))]
