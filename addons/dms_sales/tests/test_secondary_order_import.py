import base64
import csv
import datetime
import io

import openpyxl
import pytz

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..bulk import MAGIC
from .common import DmsSalesCommon

HEADER = ("external_ref", "date", "outlet_code", "product_code", "quantity", "unit", "rep_login")


@tagged("post_install", "-at_install")
class TestSecondaryOrderImport(DmsSalesCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shampoo.barcode = "8901234567890"
        cls.env["product.pricelist.item"].create({
            "pricelist_id": cls.pricelist.id, "applied_on": "0_product_variant", "product_id": cls.shampoo.id,
            "compute_price": "fixed", "fixed_price": 140, "min_quantity": 100,
        })
        cls.distributor_user = new_test_user(
            cls.env, "dms_distributor_user", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.distributor_user.partner_id.parent_id = cls.distributor
        cls.Order = cls.env["dms.secondary.order"]

    def _file(self, rows, fmt="csv", header=HEADER, delimiter=",", bom=False):
        if fmt == "xlsx":
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            sheet.append(header)
            for row in rows:
                sheet.append(list(row))
            out = io.BytesIO()
            workbook.save(out)
            return out.getvalue(), "orders.xlsx"
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(), "orders.csv"

    def _import(self, rows, user=None, distributor=None, confirm=False, **file_options):
        content, filename = self._file(rows, **file_options)
        env = self.env(user=user) if user else self.env
        wizard = env["dms.secondary.order.import"].create({
            "distributor_id": (distributor or self.distributor).id,
            "file": base64.b64encode(content), "filename": filename, "confirm_orders": confirm,
        })
        wizard.action_import()
        return wizard

    def _errors(self, wizard):
        return {(e.row_number, e.column): e.message for e in wizard.error_line_ids}

    def test_csv_happy_path_cases_and_units(self):
        wizard = self._import([
            ("INV-1", "2026-01-15", "OUT-1", "SOAP", "2", "case", ""),
            ("INV-1", "2026-01-15", "OUT-1", "8901234567890", "3", "unit", ""),
            ("INV-2", "2026-01-16 10:30", "OUT-2", "SHAMP", "120", "unit", "dms_rep_2"),
        ], delimiter=";", bom=True)
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual((wizard.order_count, wizard.line_count, wizard.skipped_count), (2, 3, 0))
        inv1 = self.Order.search([("external_ref", "=", "INV-1")])
        inv2 = self.Order.search([("external_ref", "=", "INV-2")])
        self.assertEqual(wizard.order_ids, inv1 | inv2)
        self.assertEqual((inv1.origin, inv1.state, inv1.partner_id, inv1.distributor_id),
                         ("import", "draft", self.outlet, self.distributor))
        soap, shampoo = inv1.line_ids
        self.assertEqual((soap.product_packaging_id, soap.product_packaging_qty, soap.product_uom_qty),
                         (self.soap_case, 2, 48), "2 cases of 24")
        self.assertEqual((soap.price_unit, shampoo.product_id, shampoo.product_uom_qty, shampoo.price_unit),
                         (35, self.shampoo, 3, 150), "found by barcode, priced from the pricelist")
        self.assertFalse(shampoo.product_packaging_id)
        self.assertEqual(inv1.amount_untaxed, 48 * 35 + 3 * 150)
        self.assertEqual(inv2.user_id, self.rep_2)
        self.assertEqual(inv2.line_ids.price_unit, 140, "quantity break of the pricelist applies")
        local_midnight = pytz.timezone(self.env.user.tz or "UTC").localize(datetime.datetime(2026, 1, 15))
        self.assertEqual(inv1.date_order, local_midnight.astimezone(pytz.UTC).replace(tzinfo=None),
                         "the date is read in the importing user's time zone")

    def test_imported_orders_earn_schemes(self):
        scheme = self.env["dms.scheme"].create({
            "name": "Soap slab", "rule_type": "qty_slab", "product_ids": [Command.set(self.soap.ids)],
            "slab_ids": [Command.create({"threshold": 24, "discount_value": 5})],
        })
        wizard = self._import([
            ("SCH-1", "2026-01-15", "OUT-1", "SOAP", "2", "case", ""),
            ("SCH-2", "2026-01-15", "OUT-1", "SOAP", "10", "unit", ""),
        ])
        self.assertEqual(wizard.state, "done", wizard.summary)
        big, small = (self.Order.search([("external_ref", "=", ref)]) for ref in ("SCH-1", "SCH-2"))
        self.assertEqual((big.line_ids.scheme_id, big.line_ids.discount), (scheme, 5))
        self.assertAlmostEqual(big.amount_scheme, 48 * 35 * 0.05)
        self.assertFalse(small.line_ids.scheme_id, "below the slab")

    def test_xlsx_happy_path_and_confirm(self):
        wizard = self._import([
            ("X-1", datetime.datetime(2026, 2, 1), "OUT-1", "SOAP", 5, "unit", None),
            ("X-1", datetime.datetime(2026, 2, 1), "OUT-1", 8901234567890, 1.5, "Case", None),
        ], fmt="xlsx", confirm=False)
        self.assertEqual(wizard.state, "error", "shampoo has no case")
        self.assertIn("no sales packaging", self._errors(wizard)[3, "unit"])
        wizard = self._import([
            ("X-1", datetime.datetime(2026, 2, 1), "OUT-1", "SOAP", 5, "unit", None),
            ("X-1", datetime.datetime(2026, 2, 1), "OUT-1", "SOAP", 1.5, "Case", None),
            ("X-2", datetime.date(2026, 2, 2), "OUT-2", 8901234567890, 7, "unit", None),
        ], fmt="xlsx", confirm=True)
        self.assertEqual(wizard.state, "done", wizard.summary)
        orders = wizard.order_ids
        self.assertEqual(set(orders.mapped("state")), {"confirmed"})
        self.assertEqual(orders.filtered(lambda o: o.external_ref == "X-1").line_ids.mapped("product_uom_qty"),
                         [5, 36])
        self.assertEqual(orders.filtered(lambda o: o.external_ref == "X-2").line_ids.product_id, self.shampoo)

    def test_import_equals_form_entry(self):
        """An imported order has the values the same order entered by create() gets."""
        wizard = self._import([
            ("EQ-1", "2026-03-01", "OUT-1", "SOAP", "3", "case", ""),
            ("EQ-1", "2026-03-01", "OUT-1", "SHAMP", "120", "unit", ""),
            ("EQ-1", "2026-03-01", "OUT-1", "SHAMP", "2.5", "unit", ""),
        ])
        imported = wizard.order_ids
        entered = self.Order.create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "date_order": imported.date_order,
            "line_ids": [
                (0, 0, {"product_id": self.soap.id, "product_packaging_id": self.soap_case.id,
                        "product_uom_qty": 72}),
                (0, 0, {"product_id": self.shampoo.id, "product_uom_qty": 120}),
                (0, 0, {"product_id": self.shampoo.id, "product_uom_qty": 2.5}),
            ],
        })
        order_fields = ["distributor_id", "partner_id", "territory_id", "channel_id", "outlet_class_id",
                        "pricelist_id", "currency_id", "company_id", "date_order", "amount_untaxed",
                        "amount_tax", "amount_total", "amount_scheme", "state"]
        line_fields = ["product_id", "product_uom_id", "product_uom_qty", "product_packaging_id",
                       "product_packaging_qty", "price_unit", "discount", "tax_ids", "price_subtotal",
                       "price_tax", "price_total", "company_id", "currency_id", "distributor_id", "partner_id"]
        self.env.invalidate_all()
        self.assertEqual(imported.read(order_fields)[0] | {"id": 0}, entered.read(order_fields)[0] | {"id": 0})
        self.assertEqual([r | {"id": 0} for r in imported.line_ids.read(line_fields)],
                         [r | {"id": 0} for r in entered.line_ids.read(line_fields)])
        self.assertEqual(imported.line_ids.mapped("price_unit"), [35, 140, 150])

    def test_imported_line_has_every_stored_field_create_gives(self):
        """Every stored field of an imported line (those other modules add included) has the value
        ``create()`` gives it: a field with a default or a compute the bulk INSERT missed fails."""
        wizard = self._import([("ALL-1", "2026-03-01", "OUT-1", "SOAP", "3", "case", "")])
        imported = wizard.order_ids
        entered = self.Order.create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id, "date_order": imported.date_order,
            "line_ids": [Command.create({"product_id": self.soap.id, "product_packaging_id": self.soap_case.id,
                                         "product_uom_qty": 72})],
        })
        self.env.flush_all()
        self.env.invalidate_all()
        Line = self.env["dms.secondary.order.line"]
        names = [name for name, field in Line._fields.items()
                 if field.store and field.type != "one2many" and name not in ("id", "order_id") + MAGIC]
        self.assertGreater(len(names), 20)
        self.assertEqual([r | {"id": 0} for r in imported.line_ids.read(names)],
                         [r | {"id": 0} for r in entered.line_ids.read(names)])

    def test_every_error_and_nothing_written(self):
        proposed = self.env["res.partner"].create({
            "name": "New Kiosk", "dms_role": "outlet", "dms_outlet_code": "OUT-NEW", "dms_territory_id": self.leaf.id,
            "dms_distributor_id": self.distributor.id, "dms_outlet_state": "proposed"})
        self.assertEqual(proposed.dms_outlet_state, "proposed")
        wizard = self._import([
            ("OK-1", "2026-01-15", "OUT-1", "SOAP", "1", "unit", ""),          # row 2: fine
            ("E-2", "2026-01-15", "NOPE", "SOAP", "1", "unit", ""),            # unknown outlet
            ("E-3", "2026-01-15", "OUT-S", "SOAP", "1", "unit", ""),           # another distributor's outlet
            ("E-4", "2026-01-15", "OUT-NEW", "SOAP", "1", "unit", ""),         # not approved
            ("E-5", "2026-01-15", "OUT-1", "GHOST", "1", "unit", ""),          # unknown product
            ("E-6", "2026-01-15", "OUT-1", "SOAP", "-2", "unit", ""),          # negative quantity
            ("E-7", "2026-01-15", "OUT-1", "SOAP", "1,000", "unit", ""),       # not a number
            ("E-8", "15.01.2026", "OUT-1", "SOAP", "1", "unit", ""),           # bad date
            ("E-9", "2026-01-15", "OUT-1", "SHAMP", "1", "case", ""),          # no packaging
            ("OK-1", "2026-01-16", "OUT-2", "SOAP", "1", "unit", ""),          # conflicts with row 2
            ("E-11", "2026-01-15", "", "SOAP", "1", "unit", ""),               # empty required cell
            ("E-12", "2026-01-15", "OUT-1", "SOAP", "1", "box", ""),           # bad unit
            ("E-13", "2026-01-15", "OUT-1", "SOAP", "1", "unit", "nobody"),    # unknown rep
            ("", "2026-01-15", "OUT-1", "SOAP", "1", "unit", ""),              # no reference
        ])
        self.assertEqual(wizard.state, "error")
        errors = self._errors(wizard)
        expected = {
            (3, "outlet_code"): "No outlet with code NOPE",
            (4, "outlet_code"): "served by South Traders, not by North Distribution Ltd",
            (5, "outlet_code"): "not approved",
            (6, "product_code"): "No product for sale with internal reference or barcode GHOST",
            (7, "quantity"): "-2 is not a positive number",
            (8, "quantity"): "1,000 is not a positive number",
            (9, "date"): "15.01.2026 is not a date",
            (10, "unit"): "Shampoo 200ml has no sales packaging",
            (11, "outlet_code"): "Order OK-1: outlet_code differs from row 2",
            (11, "date"): "Order OK-1: date differs from row 2",
            (12, "outlet_code"): "outlet_code is empty",
            (13, "unit"): "box is not a unit",
            (14, "rep_login"): "No internal user with login nobody",
            (15, "external_ref"): "external_ref is empty",
        }
        for key, text in expected.items():
            self.assertIn(text, errors.get(key, ""), key)
        self.assertEqual(set(errors), set(expected), "no other error, none on the good row")
        self.assertEqual(wizard.error_count, len(expected))
        self.assertIn("nothing was imported", wizard.summary)
        self.assertFalse(self.Order.search([("external_ref", "in", ["OK-1", "E-2", "E-5", "E-13"])]))
        self.assertFalse(wizard.order_ids)

    def test_file_level_errors(self):
        wizard = self._import([("A", "2026-01-15", "OUT-1", "SOAP", "1")], header=HEADER[:5])
        self.assertIn("Column unit is missing", self._errors(wizard)[1, "unit"])
        with self.assertRaisesRegex(UserError, "neither an XLSX workbook nor a UTF-8 CSV"):
            self.env["dms.secondary.order.import"].create({
                "distributor_id": self.distributor.id, "filename": "orders.csv",
                "file": base64.b64encode("external_ref;date\nÉ;x\n".encode("latin-1")),
            }).action_import()
        with self.assertRaisesRegex(UserError, "Choose a file"):
            self.env["dms.secondary.order.import"].create({"distributor_id": self.distributor.id}).action_import()

    def test_reimport_is_idempotent(self):
        rows = [("R-1", "2026-01-15", "OUT-1", "SOAP", "1", "unit", ""),
                ("R-2", "2026-01-15", "OUT-2", "SOAP", "2", "unit", "")]
        first = self._import(rows)
        self.assertEqual(first.order_count, 2)
        second = self._import(rows)
        self.assertEqual((second.state, second.order_count, second.skipped_count), ("done", 0, 2))
        self.assertIn("R-1, R-2", second.summary)
        third = self._import(rows + [("R-3", "2026-01-15", "OUT-1", "SHAMP", "4", "unit", "")])
        self.assertEqual((third.order_count, third.skipped_count), (1, 2))
        self.assertEqual(self.Order.search_count([("external_ref", "like", "R-")]), 3)
        self.assertEqual(self.Order.search([("external_ref", "=", "R-1")]).line_ids.product_uom_qty, 1)
        # the same reference at another distributor is another order
        other = self._import([("R-1", "2026-01-15", "OUT-S", "SOAP", "1", "unit", "")],
                             distributor=self.distributor_south)
        self.assertEqual(other.order_count, 1)

    def test_distributor_user_imports_only_for_own_distributor(self):
        rows = [("D-1", "2026-01-15", "OUT-1", "SOAP", "1", "unit", "")]
        with self.assertRaisesRegex(UserError, "only for your own distributor North Distribution Ltd"):
            self._import(rows, user=self.distributor_user, distributor=self.distributor_south)
        wizard = self._import([("D-9", "2026-01-15", "OUT-S", "SOAP", "1", "unit", "")],
                              user=self.distributor_user)
        self.assertIn("No outlet with code OUT-S that you can see", self._errors(wizard)[2, "outlet_code"])
        wizard = self._import(rows, user=self.distributor_user)
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual(wizard.order_ids.with_user(self.distributor_user).distributor_id, self.distributor)
        default = self.env["dms.secondary.order.import"].with_user(self.distributor_user).create({})
        self.assertEqual(default.distributor_id, self.distributor, "their distributor by default")

    def test_rep_imports_only_outlets_they_see(self):
        wizard = self._import([("P-1", "2026-01-15", "OUT-2", "SOAP", "1", "unit", "")], user=self.rep)
        self.assertIn("No outlet with code OUT-2 that you can see", self._errors(wizard)[2, "outlet_code"])
        wizard = self._import([("P-1", "2026-01-15", "OUT-1", "SOAP", "1", "unit", "")], user=self.rep)
        self.assertEqual(wizard.state, "done", wizard.summary)
        self.assertEqual(wizard.order_ids.user_id, self.rep)
        outsider = new_test_user(self.env, "dms_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._import([("P-2", "2026-01-15", "OUT-1", "SOAP", "1", "unit", "")], user=outsider)

    def test_wizard_form(self):
        content, _filename = self._file([("F-1", "2026-01-15", "OUT-1", "SOAP", "1", "unit", "")])
        form = Form(self.env["dms.secondary.order.import"].with_user(self.rep))
        form.distributor_id = self.distributor
        form.file = base64.b64encode(content)
        wizard = form.save()
        action = wizard.action_import()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
        self.assertEqual(wizard.order_count, 1)
        self.assertEqual(wizard.action_view_orders()["domain"], [("id", "in", wizard.order_ids.ids)])
