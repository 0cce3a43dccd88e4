"""Core's company check, each distinct value checked once.

``BaseModel._check_company`` (odoo/models.py) checks every record, field by field, against its
company: a domain filter of the linked record per record and field (`filtered_domain`), some 20
for each stock move of a batch. Whether a field's value passes depends only on the record's
company and that value, so a batch is checked by core's method on one record for each distinct
(field, company, value) and on no other: the same check, the same error (naming one of the
records that fail it), a few dozen filters a batch instead of thousands.
"""


def company_check_groups(records, fnames=None):
    """[(records, [field name])]: what to pass to core's ``_check_company`` so that it checks
    `fnames` of `records` (all their company-checked fields when None) once per distinct value."""
    if fnames is None or {"company_id", "company_ids"} & set(fnames):
        fnames = records._fields
    names = [name for name in fnames
             if records._fields[name].relational and records._fields[name].check_company]
    seen = set()
    by_name = {}
    # sudo: only to read which records are linked, as core's check does
    for record in records.sudo():
        company = record.company_id.id
        for name in names:
            key = (name, company, record[name]._ids)
            if key not in seen:
                seen.add(key)
                by_name.setdefault(name, []).append(record.id)
    return [(records.browse(ids), [name]) for name, ids in by_name.items()]
