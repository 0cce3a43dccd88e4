import base64
import logging
from collections import defaultdict

import pytz

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round, split_every

from ..bulk import bulk_insert
from ..engine import secondary_order_file as sof
from ..engine import secondary_order_import as soi
from ..guard import dms_system_write

_logger = logging.getLogger(__name__)

BATCH_ORDERS = 1000  # orders per create(): one create for the orders and their lines
MAX_ERRORS_SHOWN = 1000


class DmsSecondaryOrderImport(models.TransientModel):
    _name = "dms.secondary.order.import"
    _description = "Import Secondary Orders"

    def _default_distributor_id(self):
        partner = self.env.user.commercial_partner_id
        if partner.dms_role in ("distributor", "wholesaler"):
            return partner
        return False

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    distributor_id = fields.Many2one(
        "res.partner", required=True, default=lambda self: self._default_distributor_id(),
        domain="[('dms_role', 'in', ('distributor', 'wholesaler')), ('is_company', '=', True)]",
        help="The distributor whose system exported the file. Every outlet in it must be served by it.")
    file = fields.Binary(attachment=False, help="CSV (UTF-8, comma or semicolon) or XLSX.")
    filename = fields.Char()
    confirm_orders = fields.Boolean(
        string="Confirm Imported Orders",
        help="Confirm the orders right after the import (outlets must be approved). "
             "Otherwise they are created as drafts to review.")
    state = fields.Selection(
        [("draft", "Ready"), ("error", "Errors Found"), ("done", "Imported")], default="draft", required=True)
    summary = fields.Text(readonly=True)
    error_line_ids = fields.One2many("dms.secondary.order.import.error", "wizard_id", string="Errors", readonly=True)
    error_count = fields.Integer(readonly=True)
    order_ids = fields.Many2many("dms.secondary.order", string="Imported Orders", readonly=True)
    order_count = fields.Integer(readonly=True)
    line_count = fields.Integer(string="Imported Lines", readonly=True)
    skipped_count = fields.Integer(
        string="Already Imported", readonly=True,
        help="Orders of the file whose external reference this distributor had already imported: left as they are.")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to import (File)."))
        self._check_import_access()
        try:
            header, rows = sof.read_rows(base64.b64decode(self.file), self.filename or "")
        except sof.FileFormatError as e:
            raise UserError(self.env._("%(file)s: %(error)s", file=self.filename or self.env._("File"),
                                       error=str(e))) from e
        plan, errors, skipped = self._prepare_import(header, rows)
        self.error_line_ids.unlink()
        if errors:
            shown = errors[:MAX_ERRORS_SHOWN]
            self.write({
                "state": "error",
                "error_count": len(errors),
                "error_line_ids": [Command.create(
                    {"row_number": row, "column": column, "value": (value or "")[:200], "message": message})
                    for row, column, value, message in shown],
                "summary": self.env._(
                    "%(count)s error(s) in %(rows)s row(s): nothing was imported. Correct the file and import "
                    "it again.%(more)s",
                    count=len(errors), rows=len({e[0] for e in errors}),
                    more=self.env._(" Only the first %(shown)s errors are listed.", shown=len(shown))
                    if len(errors) > len(shown) else ""),
            })
            return self._reopen()
        orders = self._create_orders(plan)
        if self.confirm_orders and orders:
            for batch in split_every(BATCH_ORDERS, orders.ids, self.env["dms.secondary.order"].browse):
                batch.action_confirm()
        line_count = sum(len(p["lines"]) for p in plan)
        self.write({
            "state": "done",
            "error_count": 0,
            "order_ids": [Command.set(orders.ids)],
            "order_count": len(orders),
            "line_count": line_count,
            "skipped_count": len(skipped),
            "summary": self.env._(
                "%(orders)s order(s) with %(lines)s line(s) imported%(state)s. %(skipped)s order(s) already "
                "imported were left as they are%(refs)s.",
                orders=len(orders), lines=line_count,
                state=self.env._(" and confirmed") if self.confirm_orders else self.env._(" as drafts"),
                skipped=len(skipped), refs=(": " + ", ".join(sorted(skipped)[:20]) + ("..." if len(skipped) > 20
                                                                                     else "")) if skipped else ""),
        })
        return self._reopen()

    def action_reset(self):
        self.ensure_one()
        self.error_line_ids.unlink()
        self.write({"state": "draft", "summary": False, "error_count": 0, "file": False, "filename": False})
        return self._reopen()

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dms_sales.dms_secondary_order_action")
        action["domain"] = [("id", "in", self.order_ids.ids)]
        action["context"] = {}
        return action

    def _reopen(self):
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": self.env._("Import Secondary Orders"),
        }

    # ------------------------------------------------------------------
    # Checks and preparation (reads only)
    # ------------------------------------------------------------------

    def _check_import_access(self):
        self.env["dms.secondary.order"].check_access("create")
        user = self.env.user
        if user.has_group("dms_sales.group_dms_distributor") and not user.has_group("dms_sales.group_dms_rep") \
                and self.distributor_id != user.commercial_partner_id:
            raise UserError(self.env._(
                "You can import orders only for your own distributor %(own)s, not %(distributor)s (Distributor).",
                own=user.commercial_partner_id.display_name, distributor=self.distributor_id.display_name))
        if self.distributor_id.dms_role not in ("distributor", "wholesaler"):
            raise UserError(self.env._("%(partner)s (Distributor) is not a distributor.",
                                       partner=self.distributor_id.display_name))

    def _prepare_import(self, header, rows):
        """Validate every row (``engine/secondary_order_import.py``). Returns (plan, errors,
        skipped refs): plan is a list of orders to create, each {ref, date, outlet, user, lines:
        [(product, qty, packaging_or_None, row)]}; errors are (row, column, value, message)."""
        errors = soi.check_header(header, tr=self.env)
        if errors:
            return [], errors, set()
        refs = {r["external_ref"] for _n, r in rows if r.get("external_ref")}
        # sudo: only reads which references already exist for this distributor, to skip them; the
        # user may not see every order of the distributor, but must not import them twice either.
        existing = set(self.env["dms.secondary.order"].sudo().search_fetch(
            [("distributor_id", "=", self.distributor_id.id), ("external_ref", "in", list(refs))],
            ["external_ref"]).mapped("external_ref")) if refs else set()
        parsed, errors = soi.parse_rows(rows, existing, tr=self.env)
        if not rows:
            return [], errors, set()

        outlets = self._find_outlets({p["outlet_code"] for p in parsed if p["outlet_code"]})
        products = self._find_products({p["product_code"] for p in parsed if p["product_code"]})
        packagings = self._find_packagings(set(products.values()) - {None})
        users = self._find_users({p["rep_login"] for p in parsed if p["rep_login"]})
        records = {
            "partner": {o.id: o for o in outlets.values()},
            "product": {p.id: p for p in products.values() if p},
            "packaging": {pk.id: pk for pk in packagings.values()},
            "user": {u.id: u for u in users.values()} | {self.env.user.id: self.env.user},
        }
        Partner = self.env["res.partner"]

        def display_name(kind, record_id):
            if kind == "partner":
                return records["partner"].get(record_id, Partner.browse(record_id)).display_name
            return records[kind][record_id].display_name

        orders, order_errors = soi.build_orders(
            parsed,
            outlets={code: soi.Outlet(o.id, o.dms_distributor_id.id or None, o.dms_outlet_state == "approved")
                     for code, o in outlets.items()},
            products={code: p.id if p else p for code, p in products.items()},
            packagings={product_id: pk.id for product_id, pk in packagings.items()},
            users={login: u.id for login, u in users.items()},
            distributor_id=self.distributor_id.id, default_user_id=self.env.user.id,
            display_name=display_name, tr=self.env)
        errors = soi.sort_errors(errors + order_errors)
        plan = [{
            "ref": order["ref"], "date": order["date"], "row": order["row"],
            "outlet": records["partner"].get(order["outlet_id"]),
            "user": records["user"].get(order["user_id"]),
            "lines": [(records["product"].get(product_id), quantity, records["packaging"].get(packaging_id), row)
                      for product_id, quantity, packaging_id, row in order["lines"]],
        } for order in orders]
        return plan, errors, refs & existing

    def _find_outlets(self, codes):
        """{code: outlet} among the outlets the user can see, in the wizard's company."""
        if not codes:
            return {}
        outlets = self.env["res.partner"].search_fetch(
            [("dms_outlet_code", "in", list(codes)), ("dms_role", "=", "outlet"),
             ("company_id", "in", [self.company_id.id, False])],
            ["dms_outlet_code", "dms_distributor_id", "dms_outlet_state", "dms_territory_id", "name"])
        return {o.dms_outlet_code: o for o in outlets}

    def _find_products(self, codes):
        """{code: product}, by internal reference first, then barcode; False when ambiguous."""
        if not codes:
            return {}
        codes = list(codes)
        products = self.env["product.product"].search_fetch(
            [("sale_ok", "=", True), ("company_id", "in", [self.company_id.id, False]),
             "|", ("default_code", "in", codes), ("barcode", "in", codes)],
            ["default_code", "barcode", "uom_id", "taxes_id", "lst_price"])
        by_code, by_barcode = {}, {}
        for product in products:
            for mapping, key in ((by_code, product.default_code), (by_barcode, product.barcode)):
                if key:
                    mapping[key] = False if key in mapping else product
        return {code: by_code.get(code, by_barcode.get(code)) for code in codes}

    def _find_packagings(self, products):
        """{product id: its first sales packaging}."""
        if not products:
            return {}
        packagings = self.env["product.packaging"].search_fetch(
            [("product_id", "in", [p.id for p in products]), ("sales", "=", True),
             ("company_id", "in", [self.company_id.id, False])],
            ["product_id", "qty", "product_uom_id"], order="sequence, id")
        found = {}
        for packaging in packagings:
            found.setdefault(packaging.product_id.id, packaging)
        return found

    def _find_users(self, logins):
        if not logins:
            return {}
        users = self.env["res.users"].search_fetch([("login", "in", list(logins)), ("share", "=", False)], ["login"])
        return {u.login: u for u in users}

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    def _create_orders(self, plan):
        """Create the validated orders in batches: one ORM create() per batch for the orders, one
        INSERT for their lines and one for the lines' taxes (``..bulk.bulk_insert``).

        Lines go in by SQL because the ORM's per-line overhead (cache conversions, digits lookups,
        related fields, check_company) caps the import far below the goal: about 360 lines/s on 2
        cores, where the benchmark asks for 2,000 (`bench/run secondary_import --profile`). The
        values inserted are those form entry computes: unit,
        cases, price and amounts (the line model's ``_batch_prices`` and ``_batch_amounts``),
        rounded as the ORM rounds them; test_import_equals_form_entry compares both paths. Every
        other stored field computed from the lines (the orders' amounts, and any field another
        module adds) is left to the ORM, which recomputes it at the flush.
        """
        Order = self.env["dms.secondary.order"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True)
        Line = self.env["dms.secondary.order.line"]
        if not plan:
            return Order.browse()
        Line.check_access("create")
        company = self.company_id
        tz = pytz.timezone(self.env.user.tz or "UTC")
        outlets = self.env["res.partner"].union(*(o["outlet"] for o in plan))
        pricelist_by_outlet = {
            outlet.id: self.distributor_id.dms_secondary_pricelist_id or outlet.property_product_pricelist
            for outlet in outlets}
        for order in plan:
            order["date_utc"] = tz.localize(order["date"]).astimezone(pytz.UTC).replace(tzinfo=None)
            order["pricelist"] = pricelist_by_outlet[order["outlet"].id]
        prices = Line._batch_prices(
            [(order["pricelist"], product, product.uom_id, qty_for_price, order["date_utc"])
             for order in plan for product, qty_for_price in self._price_keys(order)], company)
        digits = {fname: Line._fields[fname].get_digits(self.env)[1]
                  for fname in ("product_uom_qty", "product_packaging_qty", "price_unit", "discount")}
        taxes = {}
        amounts = {}
        created = Order.browse()
        total = len(plan)
        done = 0
        for batch in split_every(BATCH_ORDERS, plan):
            # the wizard validated every row above; origin and currency are the application's to set
            with dms_system_write():
                orders = Order.create([{
                    "company_id": company.id,
                    "distributor_id": self.distributor_id.id,
                    "partner_id": order["outlet"].id,
                    "user_id": order["user"].id,
                    "date_order": order["date_utc"],
                    "external_ref": order["ref"],
                    "origin": "import",
                    "pricelist_id": order["pricelist"].id,
                    "currency_id": (order["pricelist"].currency_id or company.currency_id).id,
                } for order in batch])
            self.env.flush_all()
            columns = defaultdict(list)
            line_taxes = []
            amounts_given = True
            for record, order in zip(orders, batch, strict=True):
                pricelist = order["pricelist"]
                currency = pricelist.currency_id or company.currency_id
                for product, quantity, packaging, _row in order["lines"]:
                    uom = product.uom_id
                    if packaging:
                        uom_qty = packaging.product_uom_id._compute_quantity(quantity * packaging.qty, uom)
                        packaging_qty = packaging._compute_qty(uom_qty, uom)
                    else:
                        uom_qty, packaging_qty = quantity, 0.0
                    price_unit = prices[pricelist.id, product.id, uom.id, uom_qty or 1.0, order["date_utc"]]
                    if product.id not in taxes:
                        taxes[product.id] = product.taxes_id.filtered(
                            lambda t, c=company: t.company_id in c.parent_ids)
                    line_amounts = Line._batch_amounts(
                        amounts, product, uom, taxes[product.id], price_unit, uom_qty, currency, company)
                    amounts_given = amounts_given and bool(line_amounts)
                    values = {
                        "order_id": record.id, "sequence": 10, "company_id": company.id,
                        "currency_id": currency.id, "state": "draft", "distributor_id": self.distributor_id.id,
                        "partner_id": order["outlet"].id, "date_order": order["date_utc"],
                        "product_id": product.id, "product_uom_id": uom.id,
                        "product_uom_qty": float_round(uom_qty, precision_digits=digits["product_uom_qty"]),
                        "product_packaging_id": packaging.id if packaging else None,
                        "product_packaging_qty": float_round(
                            packaging_qty, precision_digits=digits["product_packaging_qty"]),
                        "price_unit": float_round(price_unit, precision_digits=digits["price_unit"]),
                        "discount": 0.0, "is_reward": False,
                        **{fname: currency.round(line_amounts.get(fname, 0.0))
                           for fname in ("price_subtotal", "price_tax", "price_total", "scheme_amount")},
                    }
                    for fname, value in values.items():
                        columns[fname].append(value)
                    line_taxes.append(taxes[product.id].ids)
            columns["tax_ids"] = line_taxes
            amount_fields = () if amounts_given else ("price_subtotal", "price_tax", "price_total", "scheme_amount")
            bulk_insert(Line, columns, recompute=amount_fields)
            # imported orders earn their trade schemes like orders entered by hand
            orders._apply_schemes()
            created |= orders
            self.env.flush_all()
            self.env.invalidate_all()  # keeps memory flat on big files; prefetched data re-reads per batch
            done += len(batch)
            _logger.info("secondary order import: %d/%d orders created", done, total)
        return created

    def _price_keys(self, order):
        for product, quantity, packaging, _row in order["lines"]:
            uom = product.uom_id
            uom_qty = packaging.product_uom_id._compute_quantity(quantity * packaging.qty, uom) \
                if packaging else quantity
            yield product, uom_qty or 1.0
