from markupsafe import Markup, escape

from odoo import api, models

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push(self, vals):
        """A new outlet proposed from the field app (``vals``: a record the sync API validated),
        created as the API user in one of their territories, always ``proposed``: a supervisor
        approves it (its possible duplicates are on the form), and orders for it cannot be
        confirmed until then."""
        if (vals.get("latitude") is None) != (vals.get("longitude") is None):
            field = "longitude" if vals.get("latitude") is not None else "latitude"
            raise PayloadError("missing_field", "%s: give latitude and longitude together" % field, field)
        territory = self._dms_api_proposal_territory(vals.get("territory_id"))
        refs = {}
        for key, model in (("channel_id", "dms.channel"), ("outlet_class_id", "dms.outlet.class")):
            if vals.get(key):
                refs[key] = self.env[model].search([("id", "=", vals[key])])
                if not refs[key]:
                    raise PayloadError("unknown_id", "%s: no such record" % key, key)
        # the distributor covering the territory (or an ancestor), when only one does; otherwise
        # the supervisor chooses it at approval
        distributors = self.search([("dms_role", "in", ("distributor", "wholesaler")),
                                    ("dms_covered_territory_ids", "parent_of", territory.id)])
        outlet_vals = {
            "name": vals["name"].strip(),
            "is_company": True,
            "dms_role": "outlet",
            "dms_outlet_state": "proposed",
            "client_uuid": vals["uuid"],
            "dms_territory_id": territory.id,
            "dms_distributor_id": distributors.id if len(distributors) == 1 else False,
            "dms_channel_id": refs["channel_id"].id if refs.get("channel_id") else False,
            "dms_outlet_class_id": refs["outlet_class_id"].id if refs.get("outlet_class_id") else False,
            **{key: vals[key].strip() for key in ("phone", "street", "city") if vals.get(key)},
        }
        if vals.get("latitude") is not None:
            outlet_vals.update(partner_latitude=vals["latitude"], partner_longitude=vals["longitude"])
            outlet_vals["comment"] = Markup("<p>%s</p>") % escape(self.env._(
                "Proposed from the field app at %(lat)s, %(lon)s (GPS accuracy %(acc)s m).",
                lat=vals["latitude"], lon=vals["longitude"],
                acc=vals["accuracy"] if vals.get("accuracy") is not None else "?"))
        if vals.get("photo"):
            outlet_vals["image_1920"] = vals["photo"]
        with dms_system_write():
            outlet = self.create(outlet_vals)
        if vals.get("owner"):
            self.create({"name": vals["owner"].strip(), "parent_id": outlet.id, "type": "contact",
                         "function": self.env._("Owner"), "phone": outlet_vals.get("phone") or False})
        return outlet

    @api.model
    def _dms_api_proposal_territory(self, territory_id):
        """The territory of a proposed outlet: the one given, if the user works in it, else the
        user's own territory when they have exactly one."""
        mine = self.env["dms.territory"].search([("member_user_ids", "in", self.env.uid)])
        if territory_id:
            territory = mine.filtered(lambda t: t.id == territory_id)
            if not territory:
                raise PayloadError("unknown_id", "territory_id: not one of your territories", "territory_id")
            return territory
        own = mine.filtered(lambda t: self.env.user in t.user_ids)
        if len(own) != 1:
            raise PayloadError("missing_field", "territory_id: required, you work in %d territories" % len(own),
                               "territory_id")
        return own
