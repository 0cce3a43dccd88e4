from odoo import api, fields, models

from odoo.addons.dms_sales.guard import dms_system_write
from odoo.addons.dms_sales.models.dms_secondary_order import DATE_ORDER_SLACK

from ..engine.payload import PayloadError


class DmsSecondaryOrder(models.Model):
    _name = "dms.secondary.order"
    _inherit = ["dms.secondary.order", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push(self, vals):
        return self._dms_api_push_batch([vals])[0]

    @api.model
    def _dms_api_push_batch(self, vals_list):
        """Draft secondary orders from the field app (``vals_list``: records the sync API
        validated), as the API user, created in one batch: the outlets and products must be visible
        to them (record rules), unknown and invisible ids get the same answer."""
        outlets = self.env["res.partner"].search(
            [("id", "in", list({vals["outlet_id"] for vals in vals_list})), ("dms_role", "=", "outlet")])
        wanted = {line["product_id"] for vals in vals_list for line in vals["lines"]}
        products = set(self.env["product.product"].search([("id", "in", list(wanted)), ("sale_ok", "=", True)]).ids)
        outlet_by_id = {outlet.id: outlet for outlet in outlets}
        orders_vals = []
        for vals in vals_list:
            outlet = outlet_by_id.get(vals["outlet_id"])
            if not outlet:
                raise PayloadError("unknown_id", "outlet_id: no such outlet", "outlet_id")
            if not outlet.dms_distributor_id:
                raise PayloadError("validation_error", "outlet_id: the outlet has no distributor yet", "outlet_id")
            for i, line in enumerate(vals["lines"]):
                if line["product_id"] not in products:
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
                # what the app's suggestion proposed: a measure of the rep's own acceptance, nothing more
                "suggested_line_count": max(int(vals.get("suggested_line_count") or 0),
                                            sum(1 for line in vals["lines"] if line.get("suggested_qty"))),
            }
            if vals.get("date_order"):
                if vals["date_order"] > fields.Datetime.now() + DATE_ORDER_SLACK:
                    raise PayloadError("invalid_value", "date_order: in the future", "date_order")
                order_vals["date_order"] = vals["date_order"]
            orders_vals.append(order_vals)
        # No "Secondary Order created" note per order: the order itself says it came from the field
        # app (origin, shown on the form) and who pushed it (created by, the API key's user). A
        # server-side choice: the API takes no context from its clients.
        with dms_system_write():
            orders = self.with_context(mail_create_nolog=True).create(orders_vals).with_env(self.env)
            # the lines of every order in one create, after the orders (rather than as commands of
            # each order, which the ORM would also turn into draft lines to precompute the orders);
            # no case, not a free good, said outright: the ORM would otherwise ask each draft line
            # for its defaults of both while computing the others
            self.env["dms.secondary.order.line"].create([
                {"order_id": order.id, "product_id": line["product_id"], "product_uom_qty": line["qty"],
                 "suggested_qty": line.get("suggested_qty", 0.0), "product_packaging_id": False,
                 "is_reward": False}
                for order, vals in zip(orders, vals_list, strict=True) for line in vals["lines"]])
        return orders
