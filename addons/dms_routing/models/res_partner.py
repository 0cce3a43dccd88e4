from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_map_data = fields.Json(
        compute="_compute_dms_map_data", string="Location Map",
        help="The partner's pin (dms_map widget format); dragging it in the form sets the coordinates.")
    dms_can_edit_location = fields.Boolean(
        compute="_compute_dms_can_edit_location",
        help="The current user may write this partner (record rules included): the map's pin is draggable.")

    dms_bounced_cheque_count = fields.Integer(
        compute="_compute_dms_bounced_cheque_count", string="Bounced Cheques",
        help="Cheques of this payer that the bank returned.")
    dms_cheque_credit_hold = fields.Boolean(
        string="Credit Hold (Bounced Cheque)", copy=False, tracking=True,
        groups="dms_sales.group_dms_manager,account.group_account_invoice",
        help="Set by a bounced cheque when the company holds credit on bounces: secondary orders of this "
             "payer are refused until a Distribution Manager clears it.")

    def _compute_dms_bounced_cheque_count(self):
        # sudo: a count of the payer's bounced cheques, whoever collected them
        counts = dict(self.env["dms.collection"].sudo()._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids), ("state", "=", "bounced")],
            ["commercial_partner_id"], ["__count"]))
        for partner in self:
            partner.dms_bounced_cheque_count = counts.get(partner.commercial_partner_id, 0)

    @api.depends("name", "partner_latitude", "partner_longitude", "dms_outlet_code", "dms_role")
    def _compute_dms_map_data(self):
        roles = dict(self._fields["dms_role"]._description_selection(self.env))
        for partner in self:
            markers = []
            if partner.partner_latitude or partner.partner_longitude:
                details = [[self.env._("Latitude"), "%.7f" % partner.partner_latitude],
                           [self.env._("Longitude"), "%.7f" % partner.partner_longitude]]
                if partner.dms_outlet_code:
                    details.insert(0, [self.env._("Outlet Code"), partner.dms_outlet_code])
                if partner.dms_role:
                    details.insert(0, [self.env._("Distribution Role"), roles[partner.dms_role]])
                markers.append({
                    "lat": partner.partner_latitude, "lng": partner.partner_longitude,
                    "label": partner.display_name or partner.name or "", "color": "#dc2626", "seq": None,
                    "details": details,
                })
            partner.dms_map_data = {"markers": markers, "lines": []}

    @api.depends_context("uid")
    def _compute_dms_can_edit_location(self):
        # _origin: in a form's onchange the partner is a new record standing for the saved one
        writable = self._origin.filtered("id")._filtered_access("write")
        for partner in self:
            # a partner being created is the creator's to place
            partner.dms_can_edit_location = not partner._origin.id or partner._origin in writable
