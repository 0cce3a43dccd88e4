import io

import openpyxl

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestTerritoryXlsx(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(cls.env, "xlsx_sup", groups="dms_sales.group_dms_supervisor")
        cls.rep = new_test_user(cls.env, "xlsx_rep", groups="dms_sales.group_dms_rep")
        Territory = cls.env["dms.territory"]
        cls.root = Territory.create({"name": "Root", "code": "X-R", "manager_id": cls.supervisor.id})
        cls.child = Territory.create({
            "name": '=HYPERLINK("http://evil.example","x")', "code": "X-C", "parent_id": cls.root.id,
            "user_ids": [(4, cls.rep.id)],
        })
        cls.report = cls.env.ref("dms_reports.dms_territory_xlsx")

    def _render(self, user):
        content, fmt = self.env["ir.actions.report"].with_user(user)._render(
            self.report.report_name, (self.root | self.child).ids)
        self.assertEqual(fmt, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def test_cells_and_layout(self):
        sheet = self._render(self.supervisor)
        self.assertEqual(sheet["A1"].value, "Territory")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:G3")
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(rows[0], ("Root", "X-R", None, None, self.supervisor.name, None, 0))
        self.assertEqual(rows[1][1:], ("X-C", None, "Root", None, self.rep.name, 1))

    def test_user_text_never_becomes_a_formula(self):
        sheet = self._render(self.supervisor)
        cell = sheet["A3"]
        self.assertEqual(cell.data_type, "s")
        self.assertTrue(cell.value.startswith('Root / =HYPERLINK'))
        self.assertEqual(sheet["D3"].data_type, "s")
