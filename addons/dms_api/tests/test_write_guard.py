"""Every role attacks every model: states and system-set fields cannot be written over RPC.

Walks every model that has fields our modules define (dms models and the core models we extend),
so a model added later is covered without editing this test. For each role it takes a record that
role can read and tries, as that user (what XML-RPC/JSON-RPC ``write``/``create`` run):

- to write each guarded field (read-only on the model: states, amounts, approvals, links and
  quantities a flow sets) and each field the form view shows read-only;
- to create a record in a state other than the initial one, and with each guarded field set;
- for portal users, to write, create or delete anything at all.

Every attempt must be refused and the database must still hold what it held. It walks the demo
database (the only place where every model has records); the records of each role are the ones its
record rules show it.
"""
import datetime
import logging

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dms_sales.guard import is_trusted

_logger = logging.getLogger(__name__)

REFUSED = (AccessError, UserError, ValidationError, MissingError)


class Succeeded(Exception):
    """Raised inside a savepoint after an attack went through, so that the savepoint rolls it back."""
ROLES = ("rep_north1", "sup_north", "dist_padma", "dist_meghna")


@tagged("post_install", "-at_install")
class TestWriteGuard(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls.env["res.users"].search([("login", "in", ROLES)])
        cls.users = {user.login: user for user in users}
        if len(cls.users) != len(ROLES):
            cls.skipTest(cls, "the demo users of every role are needed: install with demo data")

    def _models(self):
        """Every model with a field our modules define, apart from wizards and report views."""
        for name in sorted(self.env.registry.models):
            Model = self.env[name]
            if Model._abstract or Model._transient or not Model._auto or not Model._table:
                continue
            if any(field._modules and any(m.startswith("dms_") for m in field._modules)
                   for field in Model._fields.values()):
                yield Model

    def _form_readonly_fields(self, Model):
        """Fields the model's form view shows read-only, whatever the record."""
        try:
            arch = Model.get_view(view_type="form")["arch"]
        except (ValueError, AccessError):
            return set()
        names = set()
        for node in etree.fromstring(arch).iter("field"):
            # only the form's own fields, not those of embedded x2many views
            if node.getparent() is not None and any(a.tag in ("list", "kanban", "form")
                                                    for a in node.iterancestors() if a.getparent() is not None):
                continue
            field = Model._fields.get(node.get("name"))
            if field is None or node.get("readonly") not in ("1", "True", "true") \
                    or node.get("invisible") in ("1", "True", "true") or node.get("data-used-by"):
                continue  # editable, or only loaded for the client's own use (postprocessed views)
            if field._modules and all(m.startswith("dms_") for m in field._modules):
                names.add(field.name)  # core fields on core forms are core's business
        return names

    def _attacked_fields(self, Model):
        names = set(Model._dms_guarded_fields()) | self._form_readonly_fields(Model)
        return sorted(name for name in names if Model._fields[name].store or Model._fields[name].related)

    def _other_value(self, record, name):
        """A value the field does not have now, as a client would send it; None if there is none."""
        field = record._fields[name]
        current = record.sudo()[name]
        if field.type == "selection":
            values = [key for key, _label in field._description_selection(self.env)]
            others = [key for key in values if key != current]
            return others[0] if others else None
        if field.type == "many2one":
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            return other.id or None
        if field.type == "many2many":
            other = self.env[field.comodel_name].sudo().search([("id", "not in", current.ids)], limit=1)
            return [Command.link(other.id)] if other else None
        if field.type == "one2many":
            return None  # commands on the children are attacked on the child model itself
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 100000
        if field.type in ("char", "text", "html"):
            return "forged"
        if field.type == "date":
            return fields.Date.to_string(datetime.date(2099, 1, 1))
        if field.type == "datetime":
            return "2099-01-01 00:00:00"
        return None

    def _snapshot(self, record, names):
        record = record.sudo()
        record.invalidate_recordset()
        return {name: record[name] for name in names}

    @mute_logger("odoo.models", "odoo.models.unlink", "odoo.addons.base.models.ir_model",
                 "odoo.addons.base.models.ir_rule", "odoo.sql_db")
    def test_every_role_every_model(self):
        self.assertFalse(is_trusted(self.env(user=self.users["rep_north1"])))
        attacks, holes, attacked_models = 0, [], set()
        for Model in self._models():
            names = self._attacked_fields(Model)
            for login, user in self.users.items():
                portal = user.share
                try:
                    record = Model.with_user(user).search([], limit=1, order="id desc")
                except AccessError:
                    continue
                if not record:
                    continue
                targets = names if not portal else sorted(
                    set(names) | {n for n, f in Model._fields.items() if f.store and not f.readonly
                                  and f.type in ("char", "text", "boolean", "integer", "float", "monetary")})
                for name in targets:
                    value = self._other_value(record, name)
                    if value is None:
                        continue
                    before = self._snapshot(record, [name])
                    attacks += 1
                    attacked_models.add(Model._name)
                    try:
                        with self.env.cr.savepoint():
                            record.with_user(user).write({name: value})
                            record.with_user(user).flush_recordset()
                            raise Succeeded
                    except REFUSED:
                        if self._snapshot(record, [name]) != before:
                            holes.append("%s changed %s.%s although refused" % (login, Model._name, name))
                    except Succeeded:
                        holes.append("%s wrote %s.%s on %s" % (login, Model._name, name, record.display_name))
                holes += self._attack_create(Model, record, user, names)
                attacks += 1
                if portal:
                    attacks += 1
                    try:
                        with self.env.cr.savepoint():
                            record.with_user(user).unlink()
                            raise Succeeded
                    except REFUSED:
                        continue
                    except Succeeded:
                        holes.append("%s (portal) deleted %s %s" % (login, Model._name, record.id))
        _logger.info("write guard: %d attacks on %d models, %d holes", attacks, len(attacked_models),
                     len(holes))
        self.assertFalse(holes, "\n".join(holes))
        # the walk reached the models the integrity reports were about
        for name in ("dms.secondary.order", "dms.secondary.order.line", "dms.goods.receipt",
                     "dms.goods.receipt.line", "dms.collection", "dms.van.session", "dms.stock.return",
                     "dms.claim", "dms.visit", "res.partner", "sale.order"):
            self.assertIn(name, attacked_models)
        self.assertGreater(attacks, 500)

    def _attack_create(self, Model, record, user, names):
        """Create a copy of ``record`` as the user: as it is (a portal user must be refused even
        that), then directly in another state and with each guarded field set (refused)."""
        holes = []
        try:
            base_vals = record.sudo().copy_data()[0]
        except (UserError, ValidationError, AccessError):
            return holes
        base_vals = {key: value for key, value in base_vals.items()
                     if key not in names and Model._fields[key].type != "one2many"}
        try:
            with self.env.cr.savepoint():
                Model.with_user(user).create(base_vals)
        except REFUSED:
            return holes  # the user may not create this at all: nothing more to forge
        except Exception:
            return holes
        if user.share:
            return ["%s (portal) created %s" % (user.login, Model._name)]
        for name in names:
            field = Model._fields[name]
            if field.type in ("one2many", "many2many") or field.related or not field.store:
                continue
            value = self._other_value(record, name)
            default = Model.sudo().default_get([name]).get(name)
            if value is None or value == default or not (value or default):
                continue  # a client may send the initial value as it is
            before = Model.sudo().search_count([])
            try:
                with self.env.cr.savepoint():
                    Model.with_user(user).create(dict(base_vals, **{name: value}))
                    raise Succeeded
            except REFUSED:
                self.assertEqual(Model.sudo().search_count([]), before, "refused, and nothing written")
            except Succeeded:
                holes.append("%s created %s with %s=%r" % (user.login, Model._name, name, value))
        return holes
