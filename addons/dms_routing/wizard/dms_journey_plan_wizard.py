from datetime import timedelta

from odoo import api, fields, models


class DmsJourneyPlanWizard(models.TransientModel):
    _name = "dms.journey.plan.wizard"
    _description = "Generate Journey Plan"

    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self)

    @api.model
    def _default_date_to(self):
        return fields.Date.context_today(self) + timedelta(days=13)

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    beat_ids = fields.Many2many(
        "dms.beat", string="Beats", help="Beats to plan. Empty: every active beat (of the reps chosen below).")
    user_ids = fields.Many2many(
        "res.users", string="Sales Reps", domain="[('share', '=', False)]",
        help="Plan only these reps' beats. Empty: every rep.")
    created_count = fields.Integer(string="Visits Created", readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", readonly=True)

    def _beats(self):
        domain = [("active", "=", True)]
        if self.beat_ids:
            domain.append(("id", "in", self.beat_ids.ids))
        if self.user_ids:
            domain.append(("user_id", "in", self.user_ids.ids))
        return self.env["dms.beat"].search(domain)

    def action_generate(self):
        """Create the planned visits of the range; running it again creates only what is missing."""
        self.ensure_one()
        beats = self._beats()
        Job = self.env["dms.job"]
        if Job._dms_in_background("journey", len(beats)):
            return Job._dms_enqueue(
                "journey", self.env._("Journey plan %(start)s to %(end)s, %(count)s beats", start=self.date_from,
                                      end=self.date_to, count=len(beats)),
                beats, "_dms_generate_journey_plan", args=[self.date_from, self.date_to], chunk=20)._dms_action_open()
        visits = self.env["dms.visit"]._generate_journey_plan(self.date_from, self.date_to, beats)
        self.write({"created_count": len(visits), "state": "done"})
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "views": [(False, "form")], "target": "new",
        }

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_routing.dms_visit_action")
        action["domain"] = [("planned_date", ">=", self.date_from), ("planned_date", "<=", self.date_to),
                            ("beat_id", "in", self._beats().ids)]
        return action
