"""Bulk insertion of rows that bypasses ``create()`` for speed but keeps what ``create()`` guarantees.

``bulk_insert(model, columns)`` writes many rows of one model with one INSERT per batch and does what
the ORM's ``create`` would do around it: magic columns, coded defaults of the fields the caller does not
give, stored related fields computed from the many2one the caller gives, the other stored computed fields
marked for recomputation, many2many links, the access rules checked on the inserted rows (refused rows
are rolled back; the record rules by one query, as ``check_access`` would judge them) and the caches
invalidated. Which stored fields get which treatment is decided from the
model's ``_fields`` at each call (``insert_plan``), so a field a module adds later is never forgotten.

It is server code: the write guard (``guard.py``) does not look at what it inserts. Callers validate
their values first and pass them as the columns take them (ids, numbers, dates, strings, ``None``).
"""
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import split_every

BATCH_SIZE = 10000
MAGIC = ("create_uid", "create_date", "write_uid", "write_date")


def insert_plan(model, given):
    """How each stored field of ``model`` gets its value when ``given`` (field names) are given:
    ``{name: "given" | "magic" | "default" | "related" | "compute" | "empty"}`` ("empty": no default and
    no compute, so ``create()`` would leave it empty too)."""
    plan = {}
    for name, field in model._fields.items():
        if not field.store or name == "id" or field.type == "one2many":
            continue
        if name in given:
            plan[name] = "given"
        elif name in MAGIC and model._log_access:
            plan[name] = "magic"
        elif field.compute:
            related_from = field.related and field.related.split(".", 1)[0]
            plan[name] = "related" if related_from in given and field.type != "many2many" else "compute"
        elif field.default:
            plan[name] = "default"
        else:
            plan[name] = "empty"
    return plan


def bulk_insert(model, columns, recompute=(), skip_conflicts=False, batch_size=BATCH_SIZE):
    """Insert rows of ``model`` and return them as a recordset, in the order of the rows.

    :param columns: ``{field name: [value per row]}``, all lists of the same length; a many2many
        field's values are lists of ids
    :param recompute: names of given fields whose values are placeholders the ORM must compute
    :param skip_conflicts: ``ON CONFLICT DO NOTHING``; the rows a constraint refused are not returned
    :param batch_size: rows per INSERT statement
    :raise AccessError: the user may not create records of ``model``, or not these ones (record
        rules); nothing stays inserted
    """
    model = model.browse()
    model.check_access("create")
    counts = {len(values) for values in columns.values()}
    if len(counts) > 1:
        raise ValueError(f"{model._name}: the columns to insert have different lengths ({sorted(counts)})")
    count = counts.pop() if counts else 0
    if not count:
        return model
    model.env.flush_all()
    plan = insert_plan(model, columns)
    values = {name: list(columns[name]) for name, how in plan.items()
              if how == "given" and model._fields[name].column_type}
    now = model.env.cr.now()
    for name in MAGIC:
        if plan.get(name) == "magic":
            values[name] = [now if name.endswith("date") else model.env.uid] * count
    for name, how in plan.items():
        field = model._fields[name]
        if how == "default" and field.column_type:
            default = field.convert_to_write(field.convert_to_cache(field.default(model), model), model)
            values[name] = [field.convert_to_column_insert(default, model)] * count
        elif how == "related":
            values[name] = _related_column(model, field, columns)
    links = {name: columns[name] for name, how in plan.items()
             if how == "given" and model._fields[name].type == "many2many"}
    for name, how in plan.items():
        field = model._fields[name]
        if how == "default" and field.type == "many2many":
            links[name] = [list(field.convert_to_cache(field.default(model), model))] * count
    if links and skip_conflicts:
        raise ValueError(f"{model._name}: rows a conflict skips cannot be matched with their many2many values")
    ids = []
    try:
        with model.env.cr.savepoint(flush=False):
            names = list(values)
            for start in range(0, count, batch_size):
                model.env.cr.execute(SQL(
                    "INSERT INTO %s (%s) SELECT * FROM unnest(%s) %s RETURNING id",
                    SQL.identifier(model._table),
                    SQL(", ").join(SQL.identifier(name) for name in names),
                    SQL(", ").join(SQL("%s::%s[]", values[name][start:start + batch_size],
                                       SQL(model._fields[name].column_type[1])) for name in names),
                    SQL("ON CONFLICT DO NOTHING") if skip_conflicts else SQL(),
                ))
                ids.extend(row[0] for row in model.env.cr.fetchall())
            for name, rows in links.items():
                _insert_links(model, model._fields[name], ids, rows)
            model.env.invalidate_all()
            records = model.browse(ids)
            _check_rules(records)
    except Exception:
        model.env.invalidate_all(flush=False)
        raise
    # what create() does after its INSERT: mark what depends on the new rows, computed fields of the
    # rows themselves included, except the values given
    records.modified(model._fields, create=True)
    for name, how in plan.items():
        field = model._fields[name]
        if how in ("given", "default", "related", "magic") and name not in recompute:
            model.env.remove_to_compute(field, records)
        elif field.compute and (how == "compute" or name in recompute):
            model.env.add_to_compute(field, records)
    return records


def _check_rules(records):
    """``records.check_access("create")`` for rows already in the table: the same record rules, but
    evaluated by one query instead of in Python on every row."""
    if records.env.su or not records:
        return
    Rule = records.env["ir.rule"]
    domain = Rule._compute_domain(records._name, "create")
    if not domain:
        return
    # sudo: only the rows just inserted are searched, to tell which of them the user's rules allow
    allowed = records.sudo().with_context(active_test=False).search(
        expression.AND([domain, [("id", "in", records.ids)]]), order="id")
    forbidden = records - records.browse(allowed.ids)
    if forbidden:
        raise Rule._make_access_error("create", forbidden)


def _related_column(model, field, columns):
    """The values of a stored related field for the rows, read (as superuser, as related fields are)
    from the records the rows' many2one points to."""
    first, *path = field.related.split(".")
    # sudo: the ORM computes related fields as superuser too (compute_sudo); the values stay server-side
    targets = model.env[model._fields[first].comodel_name].sudo().browse(
        {target for target in columns[first] if target})
    by_target = {}
    for target in targets:
        value = target
        for name in path:
            value = value[name]
        value = field.convert_to_write(field.convert_to_cache(value, model), model)
        by_target[target.id] = field.convert_to_column_insert(value, model)
    return [by_target.get(target) for target in columns[first]]


def _insert_links(model, field, ids, rows):
    pairs = [(record_id, other) for record_id, others in zip(ids, rows, strict=True) for other in others]
    for batch in split_every(BATCH_SIZE, pairs):
        model.env.cr.execute(SQL(
            "INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int4[], %s::int4[]) ON CONFLICT DO NOTHING",
            SQL.identifier(field.relation), SQL.identifier(field.column1), SQL.identifier(field.column2),
            [pair[0] for pair in batch], [pair[1] for pair in batch],
        ))
