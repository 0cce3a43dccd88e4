import threading
from contextlib import ExitStack, contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import new_test_user
from odoo.tests.common import BaseCase, TransactionCase, get_db_name
from odoo.tools import mute_logger


def hoot_suite_url(suite):
    """URL of Odoo's Hoot unit test page running only ``suite`` (e.g. "@dms_sales": the tests under
    static/tests of that addon), headless; see addons/web/tests/test_js.py."""
    job_hash = 0
    for char in suite:  # Hoot's job id: the hash of the suite's full name
        job_hash = ((job_hash << 5) - job_hash + ord(char)) & 0xFFFFFFFF
    return "/web/tests?headless&loglevel=2&preset=desktop&timeout=60000&id=%08x" % job_hash


class DmsSalesCommon(TransactionCase):
    """Users of every DMS group, a small territory tree, a distributor with outlets and products,
    built once per class."""

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

        cls.pricelist = cls.env["product.pricelist"].create({
            "name": "Outlet prices", "currency_id": cls.company.currency_id.id})
        cls.distributor = cls.env["res.partner"].create({
            "name": "North Distribution Ltd", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, cls.region.ids)], "dms_secondary_pricelist_id": cls.pricelist.id,
        })
        # an explicit list-price pricelist: whatever default pricelist a database has stays out
        cls.pricelist_list = cls.env["product.pricelist"].create({
            "name": "List prices", "currency_id": cls.company.currency_id.id})
        cls.distributor_south = cls.env["res.partner"].create({
            "name": "South Traders", "is_company": True, "dms_role": "distributor",
            "dms_covered_territory_ids": [(6, 0, cls.other_region.ids)],
            "dms_secondary_pricelist_id": cls.pricelist_list.id,
        })
        cls.outlet, cls.outlet_2 = cls.env["res.partner"].create([
            {"name": "Rahim Store", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-1",
             "dms_territory_id": cls.leaf.id, "dms_distributor_id": cls.distributor.id},
            {"name": "Karim Pharmacy", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-2",
             "dms_territory_id": cls.area_2.id, "dms_distributor_id": cls.distributor.id},
        ])
        cls.outlet_south = cls.env["res.partner"].create({
            "name": "South Corner", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-S",
            "dms_territory_id": cls.other_region.id, "dms_distributor_id": cls.distributor_south.id,
        })
        cls.tax = cls.env["account.tax"].create({"name": "VAT 15%", "amount": 15, "type_tax_use": "sale"})
        cls.soap, cls.shampoo = cls.env["product.product"].create([
            {"name": "Soap 100g", "default_code": "SOAP", "list_price": 40, "is_storable": True,
             "taxes_id": [(6, 0, cls.tax.ids)]},
            {"name": "Shampoo 200ml", "default_code": "SHAMP", "list_price": 150, "is_storable": True,
             "taxes_id": [(6, 0, cls.tax.ids)]},
        ])
        cls.soap_case = cls.env["product.packaging"].create({
            "name": "Case of 24", "product_id": cls.soap.id, "qty": 24, "sales": True,
        })
        cls.env["product.pricelist.item"].create({
            "pricelist_id": cls.pricelist.id, "applied_on": "0_product_variant",
            "product_id": cls.soap.id, "compute_price": "fixed", "fixed_price": 35,
        })

    @classmethod
    def _create_categories(cls):
        """Personal care > Soaps (the soap) and Hair (the shampoo), for category targets."""
        Category = cls.env["product.category"]
        cls.categ_care = Category.create({"name": "Personal care"})
        cls.categ_soap = Category.create({"name": "Soaps", "parent_id": cls.categ_care.id})
        cls.categ_hair = Category.create({"name": "Hair", "parent_id": cls.categ_care.id})
        cls.soap.categ_id = cls.categ_soap
        cls.shampoo.categ_id = cls.categ_hair

    @classmethod
    def _create_order(cls, outlet=None, lines=None, **vals):
        outlet = outlet or cls.outlet
        lines = lines if lines is not None else [(cls.soap, 10)]
        return cls.env["dms.secondary.order"].create({
            "distributor_id": outlet.dms_distributor_id.id,
            "partner_id": outlet.id,
            "line_ids": [(0, 0, {"product_id": p.id, "product_uom_qty": q}) for p, q in lines],
            **vals,
        })

    @classmethod
    def _create_outlet_3(cls, **vals):
        """A third outlet of the first distributor, in the first area."""
        return cls.env["res.partner"].create({
            "name": "Hasan General Store", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-3",
            "dms_territory_id": cls.area.id, "dms_distributor_id": cls.distributor.id, **vals})

    @classmethod
    def _billed(cls, lines=None, outlet=None):
        """A delivered secondary order billed (its distributor bills its outlets): the bill."""
        order = cls._create_order(outlet, lines)
        order.action_confirm()
        order.action_deliver()
        order.action_create_invoice()
        return order.invoice_ids


class DmsConcurrencyCase(BaseCase):
    """Races between real transactions (RELIABILITY.md, "Testing races"): fixture data is committed
    (and must be cleaned up by the test), each contender runs in its own thread on its own cursor,
    inside `retrying()` as an HTTP request would, and a barrier makes them meet at a chosen method."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        # the server holds the registry lock while running post-install tests
        self.patch(Registry, "_lock", DummyRLock())

    @contextmanager
    def committed_env(self):
        """A superuser environment on a new cursor, committed on leaving the block."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def unlink_or_archive(self, env, product_ids, partner_ids, territory_ids, pricelist_ids):
        """Delete the committed fixture's products, partners, territories and pricelists, each set in
        a savepoint; archive a set that cannot be deleted (other addons hang records on them, e.g. a
        distributor's stock location)."""
        for records in (env["product.product"].browse(product_ids), env["res.partner"].browse(partner_ids),
                        env["dms.territory"].browse(territory_ids),
                        env["product.pricelist"].browse(pricelist_ids)):
            try:
                with env.cr.savepoint():
                    records.unlink()
            except Exception:  # archived instead
                records.write({"active": False})

    def meet_at(self, model, method, parties=2):
        """Make each thread wait for the others at its first call of `model.method`, so that every
        transaction has its snapshot before any goes on; a retried call goes straight on.
        Returns the list of the ids of the records each call was made on, in call order."""
        barrier = threading.Barrier(parties, timeout=20)
        local = threading.local()
        calls = []
        model_class = self.registry[model]
        original = getattr(model_class, method)

        def wait_then_call(records, *args, **kwargs):
            calls.append(records.ids)
            if not getattr(local, "waited", False):
                local.waited = True
                barrier.wait()
            return original(records, *args, **kwargs)

        self.patch(model_class, method, wait_then_call)
        return calls

    def run_concurrently(self, *functions, timeout=60):
        """Call each `function(env)` in its own thread and transaction, retried on serialization
        failures and committed like an HTTP request. Returns, per function, what it returned or
        the exception it ended with (its transaction rolled back)."""
        results = [None] * len(functions)
        cursors = [self.registry.cursor() for __ in functions]

        def run(index, env):
            try:
                results[index] = retrying(lambda: functions[index](env), env)
            except Exception as exc:  # reported to the caller
                results[index] = exc
                env.cr.rollback()

        with ExitStack() as stack:
            # serialization failures are logged by the cursor before retrying() retries them
            stack.enter_context(mute_logger("odoo.sql_db"))
            stack.callback(lambda: [cr.close() for cr in cursors])
            # environments are built in the main thread
            envs = [api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True}) for cr in cursors]
            threads = [threading.Thread(target=run, args=(index, env)) for index, env in enumerate(envs)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=timeout)
            self.assertFalse([thread for thread in threads if thread.is_alive()], "a contender hung")
        return results
