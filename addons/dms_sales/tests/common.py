from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class DmsSalesCommon(TransactionCase):
    """Users of every DMS group and a small territory tree, built once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.manager = new_test_user(cls.env, "dms_manager", groups="dms_sales.group_dms_manager")
        cls.supervisor = new_test_user(cls.env, "dms_supervisor", groups="dms_sales.group_dms_supervisor")
        cls.rep = new_test_user(cls.env, "dms_rep", groups="dms_sales.group_dms_rep")
        cls.rep_2 = new_test_user(cls.env, "dms_rep_2", groups="dms_sales.group_dms_rep")
        Territory = cls.env["dms.territory"]
        cls.region = Territory.create({"name": "North", "code": "T-N", "manager_id": cls.supervisor.id})
        cls.area, cls.area_2 = Territory.create([
            {"name": "Area 1", "code": "T-N1", "parent_id": cls.region.id, "user_ids": [(4, cls.rep.id)]},
            {"name": "Area 2", "code": "T-N2", "parent_id": cls.region.id, "user_ids": [(4, cls.rep_2.id)]},
        ])
        cls.leaf = Territory.create({"name": "Leaf", "code": "T-N1a", "parent_id": cls.area.id})
        cls.other_region = Territory.create({"name": "South", "code": "T-S"})
