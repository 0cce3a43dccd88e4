from odoo import api, models
from odoo.exceptions import AccessError

from ..guard import is_trusted

MAGIC_FIELDS = frozenset(models.MAGIC_COLUMNS) | {"display_name"}


class Base(models.AbstractModel):
    """The write guard of ``..guard``, on every model that has guarded fields.

    ``create``, ``write`` and ``copy_data`` of such a model are wrapped on its registry class once the
    registry is loaded (as ``base_automation`` does), so the guard sees the values the client sent,
    before the model's own overrides add what they set themselves (a sequence number, a state)."""

    _inherit = "base"

    def _valid_field_parameter(self, field, name):
        return name == "dms_guard" or super()._valid_field_parameter(field, name)

    def _dms_guarded_fields(self):
        """Names of the fields only server code may set (see ``..guard``), cached on the registry class."""
        cls = self.env.registry[self._name]
        guarded = cls.__dict__.get("_dms_guarded")
        if guarded is None:
            guarded = frozenset(name for name, field in self._fields.items() if _is_guarded(self, field))
            cls._dms_guarded = guarded
        return guarded

    def _register_hook(self):
        super()._register_hook()
        if self._abstract or not self._dms_guarded_fields():
            return
        cls = self.env.registry[self._name]
        for name, make in (("create", _make_create), ("write", _make_write), ("copy_data", _make_copy_data)):
            origin = getattr(cls, name)
            if not getattr(origin, "_dms_guard", False):
                method = make()
                method.origin = origin
                method._dms_guard = True
                setattr(cls, name, method)

    def _unregister_hook(self):
        cls = self.env.registry.get(self._name)
        for name in ("create", "write", "copy_data"):
            method = cls is not None and cls.__dict__.get(name)
            if method and getattr(method, "_dms_guard", False):
                setattr(cls, name, method.origin)
        return super()._unregister_hook()

    @api.model
    def default_get(self, fields_list):
        """Context keys (``default_state``) and user defaults (``ir.default``) come from clients:
        guarded fields get their coded default instead."""
        defaults = super().default_get(fields_list)
        guarded = self._dms_guarded_fields().intersection(defaults)
        if guarded and not is_trusted(self.env):
            for name in guarded:
                field = self._fields[name]
                if field.default and not field.compute:
                    defaults[name] = field.convert_to_write(field.convert_to_cache(field.default(self), self), self)
                else:
                    del defaults[name]
        return defaults

    def _dms_refuse_guarded(self, names):
        fields_desc = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
        records = ", ".join(record.display_name or str(record.id) for record in self) or self._description
        raise AccessError(self.env._(
            "%(records)s: %(fields)s is set by the application's own actions and cannot be written "
            "directly.", records=records, fields=fields_desc))

    def _dms_check_guarded_create(self, vals_list):
        guarded = self._dms_guarded_fields()
        for vals in vals_list:
            given = guarded.intersection(vals)
            if not given:
                continue
            defaults = self.default_get(list(given))
            forged = [name for name in given if not _same_value(self, name, vals[name], defaults.get(name))]
            if forged:
                self.browse()._dms_refuse_guarded(forged)

    def _dms_check_guarded_write(self, vals):
        """Refuse a guarded field the write would change; drop those it would leave as they are
        (clients that write a record back whole, Odoo's partner merge)."""
        given = self._dms_guarded_fields().intersection(vals)
        if not given:
            return vals
        forged = [name for name in given
                  if any(not _same_value(record, name, vals[name], record[name]) for record in self)]
        if forged:
            self._dms_refuse_guarded(forged)
        return {key: value for key, value in vals.items() if key not in given}


def _is_guarded(model, field):
    guard = getattr(field, "dms_guard", None)
    if guard is not None:
        return guard
    # only fields our modules define (core keeps its own in check), on tables (not report views)
    if model._transient or not model._auto or field.name in MAGIC_FIELDS or not field._modules \
            or not all(m.startswith("dms_") for m in field._modules):
        return False
    return field.name == "state" or bool(field.readonly)


def _same_value(record, name, value, current):
    """Whether ``value`` (as a client writes it) leaves the field as ``current`` (a record value,
    or a default as ``default_get`` returns it)."""
    field = record._fields[name]
    if field.type in ("one2many", "many2many"):
        return not value and not current
    if not value and not current:
        return True
    record = record[:1] if record else record
    return field.convert_to_cache(value, record, validate=False) == \
        field.convert_to_cache(current, record, validate=False)


def _make_create():
    @api.model_create_multi
    def create(self, vals_list, **kwargs):
        if not is_trusted(self.env):
            self._dms_check_guarded_create(vals_list)
        return create.origin(self, vals_list, **kwargs)
    return create


def _make_write():
    def write(self, vals, **kwargs):
        if not is_trusted(self.env):
            vals = self._dms_check_guarded_write(vals)
        return write.origin(self, vals, **kwargs)
    return write


def _make_copy_data():
    def copy_data(self, default=None):
        """A client's duplicate starts over: guarded values are not copied (nor taken from ``default``)."""
        vals_list = copy_data.origin(self, default)
        if not is_trusted(self.env):
            guarded = self._dms_guarded_fields()
            vals_list = [{key: value for key, value in vals.items() if key not in guarded} for vals in vals_list]
        return vals_list
    return copy_data
