from odoo import api, fields, models
from odoo.exceptions import UserError


class DmsTripOptimise(models.TransientModel):
    _name = "dms.trip.optimise"
    _description = "Plan Delivery Trips"

    date = fields.Date(required=True, default=fields.Date.context_today, help="Day of the trips.")
    picking_ids = fields.Many2many(
        "stock.picking", string="Deliveries", required=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', 'in', ('confirmed', 'waiting', 'assigned'))]",
        help="Deliveries to spread over the vehicles.")
    vehicle_ids = fields.Many2many("fleet.vehicle", string="Vehicles", required=True,
                                   help="Available vehicles: one trip each (an open trip of the day is reused).")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "stock.picking" and "picking_ids" in fields_list:
            res["picking_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return res

    def action_optimise(self):
        self.ensure_one()
        if not self.picking_ids or not self.vehicle_ids:
            raise UserError(self.env._("Choose the deliveries and the vehicles to plan."))
        Batch = self.env["stock.picking.batch"]
        open_batches = Batch.search([
            ("vehicle_id", "in", self.vehicle_ids.ids), ("state", "in", ("draft", "in_progress")),
            ("picking_type_id.code", "=", "outgoing")])
        batches = Batch
        to_create = []
        for vehicle in self.vehicle_ids:
            batch = open_batches.filtered(lambda b, v=vehicle: b.vehicle_id == v and (
                not b.scheduled_date or b.scheduled_date.date() == self.date))[:1]
            if batch:
                batches |= batch
            else:
                to_create.append({"vehicle_id": vehicle.id, "picking_type_id": self.picking_ids[0].picking_type_id.id,
                                  "company_id": self.picking_ids[0].company_id.id})
        batches |= Batch.create(to_create)
        Job = self.env["dms.job"]
        if Job._dms_in_background("routing", len(self.picking_ids)):
            # checked now, so the user sees what cannot be planned; the trips are reused on a rerun
            batches._dms_check_optimisable(self.picking_ids, self.date)
            return Job._dms_enqueue(
                "routing", self.env._("Plan %(count)s deliveries on %(date)s", count=len(self.picking_ids),
                                      date=self.date),
                batches, "_dms_optimise", args=[self.picking_ids, self.date],
                total=len(self.picking_ids))._dms_action_open()
        batches._dms_optimise(self.picking_ids, self.date)
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_routing.stock_picking_batch_action_trip")
        action["domain"] = [("id", "in", batches.ids)]
        return action
