from odoo import api, fields, models

from odoo.addons.dms_sales.guard import dms_system_write
from odoo.addons.dms_sales.models.dms_secondary_order import DATE_ORDER_SLACK

from ..engine.payload import PayloadError


class DmsSecondaryOrder(models.Model):
    _name = "dms.secondary.order"
    _inherit = ["dms.secondary.order", "dms.api.pushed.mixin"]

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
            if k not in refused and vals.get("date_order") \
                    and vals["date_order"] > fields.Datetime.now() + DATE_ORDER_SLACK:
                refused[k] = PayloadError("invalid_value", "date_order: in the future", "date_order")
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
                # what the app's suggestion proposed: a measure of the rep's own acceptance, nothing more
                "suggested_line_count": max(int(vals.get("suggested_line_count") or 0),
                                            sum(1 for line in vals["lines"] if line.get("suggested_qty"))),
            }
            if vals.get("date_order"):
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
            accepted = [vals for k, vals in enumerate(vals_list) if k not in refused]
            self.env["dms.secondary.order.line"].create([
                {"order_id": order.id, "product_id": line["product_id"], "product_uom_qty": line["qty"],
                 "suggested_qty": line.get("suggested_qty", 0.0), "product_packaging_id": False,
                 "is_reward": False}
                for order, vals in zip(orders, accepted, strict=True) for line in vals["lines"]])
        created = iter(orders)
        return [refused[k] if k in refused else next(created) for k in range(len(vals_list))]
