"""Checking a distributor's order file before anything is written: no database here.

The rows come from ``secondary_order_file.read_rows``. The import wizard calls, in order:

* ``check_header(header)``: the columns the file must have;
* ``parse_rows(rows, existing_refs)``: each row on its own (empty cells, dates, quantities, units),
  skipping the orders already imported;
* ``build_orders(parsed, ...)``: the rows grouped into orders, with the outlets, products, sales
  packagings and users the wizard looked up (plain ids, see ``Outlet``), and the checks that need
  them.

Errors are ``(row, column, value, message)`` tuples. Messages go through ``tr._``, ``tr`` being
what the caller passes: the wizard gives its ``env``, so they are translated; by default
(``UNTRANSLATED``) they are formatted as they are.
"""
from collections import namedtuple

from .secondary_order_file import COLUMNS, REQUIRED, UNITS, parse_date, parse_quantity

Outlet = namedtuple("Outlet", "id distributor_id approved")
"""What the checks need of an outlet: its id, the id of the distributor serving it (or None) and
whether it is approved."""


class Untranslated:
    """The default translator: ``_`` formats the message as it is."""

    @staticmethod
    def _(source, **params):
        return source % params if params else source


UNTRANSLATED = Untranslated()


def check_header(header, tr=UNTRANSLATED):
    """Errors for the required columns missing from ``header``."""
    return [(1, column, "", tr._("Column %(column)s is missing from the header row. Expected columns: %(columns)s.",
                              column=column, columns=", ".join(COLUMNS)))
            for column in REQUIRED if column not in header]


def parse_rows(rows, existing_refs, tr=UNTRANSLATED):
    """Check each row on its own. Returns ``(parsed, errors)``: parsed rows are dicts (row, ref,
    date, quantity, unit, outlet_code, product_code, rep_login, ok); rows of an order in
    ``existing_refs`` are left out, errors and all."""
    if not rows:
        return [], [(2, "", "", tr._("The file has a header row but no order lines."))]
    parsed, errors = [], []
    for number, row in rows:
        row_errors = [(number, column, "", tr._("%(column)s is empty.", column=column))
                      for column in REQUIRED if not row.get(column)]
        ref = row.get("external_ref")
        if ref and ref in existing_refs:
            continue
        date = quantity = None
        if row.get("date"):
            date = parse_date(row["date"])
            if date is None:
                row_errors.append((number, "date", row["date"], tr._(
                    "%(value)s is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY), optionally with a time.",
                    value=row["date"])))
        if row.get("quantity"):
            quantity = parse_quantity(row["quantity"])
            if quantity is None:
                row_errors.append((number, "quantity", row["quantity"], tr._(
                    "%(value)s is not a positive number (use a dot as decimal separator).",
                    value=row["quantity"])))
        unit = (row.get("unit") or "").lower()
        if unit and unit not in UNITS:
            row_errors.append((number, "unit", row["unit"], tr._(
                "%(value)s is not a unit: write unit or case.", value=row["unit"])))
        errors += row_errors
        parsed.append({"row": number, "ref": ref, "date": date, "quantity": quantity, "unit": unit,
                       "outlet_code": row.get("outlet_code"), "product_code": row.get("product_code"),
                       "rep_login": row.get("rep_login") or "", "ok": not row_errors})
    return parsed, errors


def build_orders(parsed, *, outlets, products, packagings, users, distributor_id, default_user_id,
                 display_name, tr=UNTRANSLATED):
    """Group the parsed rows into orders and check what needs the lookups:

    * ``outlets``: {outlet code: ``Outlet``} of the outlets the user can see;
    * ``products``: {product code: product id, or False when the code names several products};
    * ``packagings``: {product id: id of its sales packaging};
    * ``users``: {login: user id}; a row without a login is the ``default_user_id``'s;
    * ``display_name(kind, id)``: the name of a "partner" or "product" for the messages.

    Returns ``(orders, errors)``: orders are dicts (ref, date, row, outlet_id, user_id, lines:
    [(product id, quantity, packaging id or None, row)]), in the order of the file."""
    errors = []
    orders = {}
    for p in parsed:
        number = p["row"]
        outlet_id = None
        code = p["outlet_code"]
        if code:
            outlet = outlets.get(code)
            if outlet is None:
                errors.append((number, "outlet_code", code, tr._("No outlet with code %(code)s that you can see.",
                                                              code=code)))
            elif outlet.distributor_id != distributor_id:
                errors.append((number, "outlet_code", code, tr._(
                    "Outlet %(outlet)s is served by %(served)s, not by %(distributor)s.",
                    outlet=display_name("partner", outlet.id),
                    served=display_name("partner", outlet.distributor_id) if outlet.distributor_id
                    else tr._("no distributor"),
                    distributor=display_name("partner", distributor_id))))
            elif not outlet.approved:
                errors.append((number, "outlet_code", code, tr._(
                    "Outlet %(outlet)s is not approved (Outlet Status).", outlet=display_name("partner", outlet.id))))
            else:
                outlet_id = outlet.id
        product_id = packaging_id = None
        if p["product_code"]:
            product_id = products.get(p["product_code"])
            if product_id is None:
                errors.append((number, "product_code", p["product_code"], tr._(
                    "No product for sale with internal reference or barcode %(code)s.", code=p["product_code"])))
            elif product_id is False:
                errors.append((number, "product_code", p["product_code"], tr._(
                    "%(code)s matches several products: use a code that names one product.",
                    code=p["product_code"])))
                product_id = None
            elif p["unit"] == "case":
                packaging_id = packagings.get(product_id)
                if not packaging_id:
                    errors.append((number, "unit", p["unit"], tr._(
                        "%(product)s has no sales packaging, so it cannot be ordered in cases.",
                        product=display_name("product", product_id))))
        user_id = default_user_id
        if p["rep_login"]:
            user_id = users.get(p["rep_login"])
            if user_id is None:
                errors.append((number, "rep_login", p["rep_login"], tr._(
                    "No internal user with login %(login)s.", login=p["rep_login"])))
        if not p["ref"]:
            continue
        order = orders.get(p["ref"])
        if order is None:
            orders[p["ref"]] = order = {"ref": p["ref"], "date": p["date"], "outlet_code": p["outlet_code"],
                                        "outlet_id": outlet_id, "user_id": user_id, "rep_login": p["rep_login"],
                                        "row": number, "lines": []}
        else:
            for key in ("outlet_code", "date", "rep_login"):
                if p[key] != order[key] and p[key] is not None and order[key] is not None:
                    value = str(p["date"]) if key == "date" else p[key]
                    errors.append((number, key, value, tr._(
                        "Order %(ref)s: %(column)s differs from row %(first)s; all rows of an order must agree "
                        "on outlet, date and rep.", ref=p["ref"], column=key, first=order["row"])))
        order["lines"].append((product_id, p["quantity"], packaging_id, number))
    return list(orders.values()), errors


def sort_errors(errors):
    """Errors by row, then by column in the file's column order."""
    return sorted(errors, key=lambda e: (e[0], COLUMNS.index(e[1]) if e[1] in COLUMNS else -1))
