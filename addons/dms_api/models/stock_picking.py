from odoo import api, fields, models
from odoo.tools import float_compare

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_driver_domain(self):
        """The stops of the API user's delivery trips: the trip's responsible or its driver."""
        return ["|", ("batch_id.user_id", "=", self.env.uid), ("batch_id.driver_id.user_ids", "in", self.env.uid),
                ("batch_id.is_wave", "=", False), ("picking_type_code", "=", "outgoing")]

    @api.model
    def _dms_api_push(self, vals):
        """A driver's proof of delivery from the field app (``vals``: a record the sync API
        validated), recorded by the back office's own Proof of Delivery (``dms.delivery.proof``,
        dms_routing) as the API user: the same checks, stock, order, trip and claim outcome.
        Only a stop of the user's own trips; unknown and invisible stops get the same answer."""
        picking = self.search([("id", "=", vals["picking_id"])] + self._dms_api_driver_domain())
        if not picking:
            raise PayloadError("unknown_id", "picking_id: no such stop on your trips", "picking_id")
        if picking.client_uuid or picking.state in ("done", "cancel"):
            raise PayloadError("conflict", "picking_id: the delivery of %s is already recorded" % picking.name,
                               "picking_id")
        loaded = {ml.id: ml for ml in picking.move_line_ids}
        reasons = self.env["dms.delivery.failure.reason"].search(
            [("id", "in", [line["reason_id"] for line in vals["lines"] if line.get("reason_id")])])
        seen, short = set(), []
        for i, line in enumerate(vals["lines"]):
            move_line = loaded.get(line["move_line_id"])
            if move_line is None or line["move_line_id"] in seen:
                raise PayloadError("unknown_id", "lines[%d].move_line_id: not one of the goods of %s, or given twice"
                                   % (i, picking.name), "lines[%d].move_line_id" % i)
            seen.add(move_line.id)
            rounding = move_line.product_uom_id.rounding
            if float_compare(line["delivered_qty"], move_line.quantity, precision_rounding=rounding) > 0:
                raise PayloadError("out_of_range", "lines[%d].delivered_qty: more than the %s loaded"
                                   % (i, move_line.quantity), "lines[%d].delivered_qty" % i)
            if float_compare(line["delivered_qty"], move_line.quantity, precision_rounding=rounding) < 0:
                if not line.get("reason_id"):
                    raise PayloadError("missing_field", "lines[%d].reason_id: say why %s was not all delivered"
                                       % (i, move_line.product_id.display_name), "lines[%d].reason_id" % i)
                if line["reason_id"] not in reasons.ids:
                    raise PayloadError("unknown_id", "lines[%d].reason_id: no such reason" % i,
                                       "lines[%d].reason_id" % i)
                short.append((move_line, reasons.browse(line["reason_id"])))
        missing = set(loaded) - seen
        if missing:
            raise PayloadError("missing_field", "lines: say how much of %s was delivered" % ", ".join(
                loaded[ml_id].product_id.display_name for ml_id in sorted(missing)), "lines")
        note = [vals["note"]] if vals.get("note") else []
        if len({reason for __, reason in short}) > 1:  # the stop keeps one reason: the others in the note
            note += ["%s: %s" % (ml.product_id.display_name, reason.name) for ml, reason in short]
        proof = self.env["dms.delivery.proof"].create({
            "picking_id": picking.id,
            "signature": vals.get("signature"),
            "photo": vals.get("photo"),
            "failure_reason_id": short[0][1].id if short else False,
            "note": "\n".join(note) or False,
        })
        delivered = {line["move_line_id"]: line["delivered_qty"] for line in vals["lines"]}
        for line in proof.line_ids:
            line.delivered_qty = delivered[line.move_line_id.id]
        # sudo: the stop was found through the user's own trips above; drivers cannot write
        # deliveries (the proof validates them with its own checks and rights)
        with dms_system_write():
            picking.sudo().client_uuid = vals["uuid"]
        proof.action_confirm()
        if vals.get("delivered_at"):
            # sudo, as above: the driver's own stop; the time the phone recorded, maybe offline
            with dms_system_write():
                picking.sudo().dms_delivered_at = min(vals["delivered_at"], fields.Datetime.now())
        return picking
