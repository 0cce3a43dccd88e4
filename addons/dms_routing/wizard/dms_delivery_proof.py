from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero


class DmsDeliveryProof(models.TransientModel):
    _name = "dms.delivery.proof"
    _description = "Proof of Delivery"

    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True, readonly=True,
                                 help="The stop being delivered.")
    partner_id = fields.Many2one(related="picking_id.partner_id", string="Outlet")
    line_ids = fields.One2many("dms.delivery.proof.line", "proof_id", string="Goods",
                               compute="_compute_line_ids", store=True, readonly=False,
                               help="Delivered quantity per product and lot.")
    signature = fields.Binary(help="Signature of the person receiving the goods.")
    photo = fields.Image(max_width=1920, max_height=1920, help="Photo of the delivered goods.")
    failure_reason_id = fields.Many2one(
        "dms.delivery.failure.reason", string="Reason",
        help="Required when less than the loaded quantity is delivered.")
    note = fields.Text(help="Remarks for the dispatcher.")

    @api.depends("picking_id")
    def _compute_line_ids(self):
        for proof in self:
            proof.line_ids = [fields.Command.clear()] + [fields.Command.create({
                "move_line_id": ml.id, "delivered_qty": ml.quantity,
            }) for ml in proof.picking_id.move_line_ids]

    def _check_driver(self):
        """Drivers of the trip, its responsible, stock users and distribution managers may record it."""
        picking = self.picking_id
        picking.check_access("read")
        user = self.env.user
        batch = picking.batch_id
        if user.has_group("stock.group_stock_user") or user.has_group("dms_sales.group_dms_manager"):
            return
        if batch and (batch.user_id == user or batch.driver_id == user.partner_id):
            return
        raise AccessError(self.env._("Only the driver of trip %(trip)s can record the delivery of %(picking)s.",
                                     trip=batch.name or "-", picking=picking.name))

    def _check_lines(self):
        """Each line delivers one of this delivery's own reserved goods, once, and none is left out.
        The wizard writes its lines with superuser rights: a line pointing at any other stock move
        line (another delivery, an inventory adjustment) would rewrite it."""
        picking = self.picking_id
        own = picking.move_line_ids
        given = self.line_ids.move_line_id
        foreign = given - own
        if foreign:
            raise UserError(self.env._(
                "%(picking)s: the proof lists goods that are not goods of %(picking)s (Detailed Operation "
                "%(lines)s). Nothing was recorded: open the Proof of Delivery again from the delivery.",
                picking=picking.name, lines=", ".join(str(ml_id) for ml_id in foreign.ids)))
        if len(given) < len(self.line_ids):
            seen, twice = set(), self.env["dms.delivery.proof.line"]
            for line in self.line_ids:
                if line.move_line_id in seen:
                    twice |= line
                seen.add(line.move_line_id)
            raise UserError(self.env._(
                "%(picking)s: %(products)s listed more than once on the proof. Nothing was recorded: open the "
                "Proof of Delivery again from the delivery.",
                picking=picking.name, products=", ".join(twice.mapped("product_id.display_name"))))
        missing = own - given
        if missing:
            raise UserError(self.env._(
                "%(picking)s: %(products)s missing from the proof; say how much of each was delivered. Nothing "
                "was recorded: open the Proof of Delivery again from the delivery.",
                picking=picking.name, products=", ".join(missing.product_id.mapped("display_name"))))

    def action_confirm(self):
        self.ensure_one()
        self._check_driver()
        self._check_lines()
        # sudo: the driver and the lines (the delivery's own goods) were checked above; validating
        # needs stock rights drivers do not have
        picking = self.picking_id.sudo()
        if picking.state in ("done", "cancel"):
            raise UserError(self.env._("%(picking)s is already %(state)s.", picking=picking.name, state=picking.state))
        if not self.line_ids:
            raise UserError(self.env._("%(picking)s has no reserved goods: check availability before loading.",
                                       picking=picking.name))
        for line in self.line_ids:
            rounding = line.product_uom_id.rounding
            if float_compare(line.delivered_qty, 0, precision_rounding=rounding) < 0 or float_compare(
                    line.delivered_qty, line.planned_qty, precision_rounding=rounding) > 0:
                raise UserError(self.env._(
                    "%(product)s: Delivered must be between 0 and the loaded %(qty)s.",
                    product=line.product_id.display_name, qty=line.planned_qty))
        short = self.line_ids.filtered(lambda ln: float_compare(
            ln.delivered_qty, ln.planned_qty, precision_rounding=ln.product_uom_id.rounding) < 0)
        nothing = all(float_is_zero(ln.delivered_qty, precision_rounding=ln.product_uom_id.rounding)
                      for ln in self.line_ids)
        if short and not self.failure_reason_id:
            raise UserError(self.env._("%(picking)s: give a Reason for the goods not delivered (%(products)s).",
                                       picking=picking.name,
                                       products=", ".join(short.mapped("product_id.display_name"))))
        if not short and not self.signature and not self.photo:
            raise UserError(self.env._("%(picking)s: the customer's Signature or a Photo is required.",
                                       picking=picking.name))
        vals = {
            "dms_delivered_at": fields.Datetime.now(), "dms_delivered_by_id": self.env.user.id,
            "dms_pod_signature": self.signature, "dms_pod_photo": self.photo,
            "dms_failure_reason_id": self.failure_reason_id.id, "dms_pod_note": self.note,
            "dms_delivery_state": "failed" if nothing else "partial" if short else "delivered",
        }
        if nothing:
            # Nothing left the depot in stock terms: releasing the reservation and cancelling the
            # delivery leaves every unit in the source location. The failed stop stays on its trip.
            trips = picking._dms_trips()
            picking.do_unreserve()
            picking.action_cancel()
            picking._dms_keep_on_trip(trips)
            picking.write(vals)
            return True
        for line in self.line_ids:
            line.move_line_id.sudo().quantity = line.delivered_qty  # sudo: the picking's own lines, as above
        picking.move_ids.picked = True
        picking.write(vals)
        # No backorder: the part not delivered is cancelled, so it never leaves the source location
        # and no open transfer is left behind for it.
        res = picking.with_context(skip_backorder=True, picking_ids_not_to_backorder=picking.ids,
                                   skip_expired=True, skip_sms=True).button_validate()
        if isinstance(res, dict):
            raise UserError(self.env._("%(picking)s could not be validated: %(name)s.", picking=picking.name,
                                       name=res.get("name") or res.get("res_model")))
        return True
