from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DmsSalesCommon


@tagged("post_install", "-at_install")
class TestNetworkSecurity(DmsSalesCommon):
    """Record rules on outlets, secondary orders (and lines) and territories, each proved both ways:
    what a user may see is readable, the rest raises AccessError and is absent from searches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order, cls.order_2, cls.order_south = (
            cls._create_order(), cls._create_order(cls.outlet_2), cls._create_order(cls.outlet_south))
        # distributor staff of North Distribution: one internal, one portal user
        cls.staff = new_test_user(cls.env, "dms_staff", groups="base.group_user,dms_sales.group_dms_distributor")
        cls.portal_staff = new_test_user(
            cls.env, "dms_portal_staff", groups="base.group_portal,dms_sales.group_dms_distributor")
        (cls.staff | cls.portal_staff).partner_id.parent_id = cls.distributor
        # another principal with its own network and order
        cls.company_b = cls.env["res.company"].create({"name": "Other Principal"})
        territory_b = cls.env["dms.territory"].create({"name": "Far Away", "company_id": cls.company_b.id})
        cls.distributor_b = cls.env["res.partner"].create({
            "name": "Far Distribution", "is_company": True, "dms_role": "distributor",
            "company_id": cls.company_b.id, "dms_covered_territory_ids": [(6, 0, territory_b.ids)],
            "dms_secondary_pricelist_id": cls.env["product.pricelist"].create({
                "name": "Far prices", "company_id": cls.company_b.id}).id,
        })
        cls.outlet_b = cls.env["res.partner"].create({
            "name": "Far Shop", "is_company": True, "dms_role": "outlet", "dms_outlet_code": "OUT-1",
            "dms_territory_id": territory_b.id, "dms_distributor_id": cls.distributor_b.id,
        })
        cls.order_b = cls.env["dms.secondary.order"].with_company(cls.company_b).create({
            "company_id": cls.company_b.id, "distributor_id": cls.distributor_b.id, "partner_id": cls.outlet_b.id,
            "line_ids": [(0, 0, {"product_id": cls.shampoo.id, "product_uom_qty": 1})],
        })
        cls.all_orders = cls.order | cls.order_2 | cls.order_south | cls.order_b
        cls.all_outlets = cls.outlet | cls.outlet_2 | cls.outlet_south | cls.outlet_b
        cls.all_territories = cls.region | cls.area | cls.area_2 | cls.leaf | cls.other_region | territory_b
        cls.company_territories = cls.all_territories - territory_b

    def assertSees(self, user, allowed, forbidden, fields=("display_name",), companies=None):
        """`user` reads every record of `allowed`, none of `forbidden`, and searches find the former."""
        env = self.env(user=user, context=dict(self.env.context, allowed_company_ids=companies.ids)
                       if companies else self.env.context)
        everything = allowed | forbidden
        found = everything.with_env(env).search([("id", "in", everything.ids)])
        self.assertEqual(found, allowed.with_env(env), "%s searching %s" % (user.login, allowed._name))
        for record in allowed.with_env(env):
            self.assertTrue(record.read(list(fields)))
        for record in forbidden.with_env(env):
            with self.assertRaises(AccessError, msg="%s reads %s" % (user.login, record.sudo().display_name)):
                record.read(list(fields))

    def test_rep_sees_own_territory_subtree(self):
        self.assertSees(self.rep, self.outlet, self.outlet_2 | self.outlet_south | self.outlet_b)
        self.assertSees(self.rep, self.order, self.order_2 | self.order_south | self.order_b)
        self.assertSees(self.rep, self.order.line_ids,
                        (self.order_2 | self.order_south | self.order_b).line_ids, fields=("price_unit",))
        # territories are reference data: the whole tree of the rep's company, not another company's
        self.assertSees(self.rep, self.company_territories, self.all_territories - self.company_territories)
        self.assertSees(self.rep_2, self.outlet_2, self.outlet | self.outlet_south)
        self.assertSees(self.rep_2, self.order_2, self.order | self.order_south)

    def test_rep_cannot_create_outside_territory(self):
        Partner = self.env["res.partner"].with_user(self.rep)
        self.assertTrue(Partner.create({"name": "Mine", "dms_role": "outlet", "dms_territory_id": self.leaf.id}))
        with self.assertRaises(AccessError):
            Partner.create({"name": "Not mine", "dms_role": "outlet", "dms_territory_id": self.area_2.id})
        with self.assertRaises(AccessError):
            self._create_order(self.outlet_2).with_user(self.rep).write({"note": "mine now"})

    def test_supervisor_sees_managed_subtree(self):
        north = self.region | self.area | self.area_2 | self.leaf
        self.assertSees(self.supervisor, self.outlet | self.outlet_2, self.outlet_south | self.outlet_b)
        self.assertSees(self.supervisor, self.order | self.order_2, self.order_south | self.order_b)
        self.assertSees(self.supervisor, (self.order | self.order_2).line_ids,
                        (self.order_south | self.order_b).line_ids, fields=("price_unit",))
        self.assertSees(self.supervisor, self.company_territories, self.all_territories - self.company_territories)
        self.assertTrue(north <= self.company_territories)

    def test_manager_sees_all_of_company(self):
        self.assertSees(self.manager, self.all_outlets - self.outlet_b, self.outlet_b)
        self.assertSees(self.manager, self.all_orders - self.order_b, self.order_b)
        self.assertSees(self.manager, self.all_orders.line_ids - self.order_b.line_ids, self.order_b.line_ids,
                        fields=("price_unit",))

    def test_multi_company(self):
        """Another company's network is invisible until the user is allowed into that company."""
        self.manager.company_ids |= self.company_b
        both = self.company | self.company_b
        self.assertSees(self.manager, self.all_outlets, self.env["res.partner"], companies=both)
        self.assertSees(self.manager, self.all_orders, self.env["dms.secondary.order"], companies=both)
        self.assertSees(self.manager, self.all_territories, self.env["dms.territory"], companies=both)
        self.assertSees(self.manager, self.order_b, self.all_orders - self.order_b, companies=self.company_b)
        # the rep of Area 1 is not in company B: its orders stay hidden whatever the territory
        self.assertSees(self.rep, self.order, self.order_b)

    def test_distributor_staff(self):
        """Internal and portal staff of a distributor see its outlets and orders only."""
        for user in (self.staff, self.portal_staff):
            self.assertSees(user, self.outlet | self.outlet_2, self.outlet_south | self.outlet_b)
            self.assertSees(user, self.order | self.order_2, self.order_south | self.order_b)
            self.assertSees(user, (self.order | self.order_2).line_ids,
                            (self.order_south | self.order_b).line_ids, fields=("price_unit",))
            self.assertSees(user, self.distributor, self.env["res.partner"])
        # internal staff keep the address book of internal users; portal staff do not
        self.assertSees(self.staff, self.distributor_south, self.env["res.partner"])
        self.assertSees(self.portal_staff, self.env["res.partner"], self.distributor_south | self.manager.partner_id)

    def test_distributor_staff_create_order(self):
        order = self.env["dms.secondary.order"].with_user(self.staff).create({
            "distributor_id": self.distributor.id, "partner_id": self.outlet.id,
            "line_ids": [(0, 0, {"product_id": self.soap.id, "product_uom_qty": 2})]})
        self.assertEqual(order.distributor_id, self.distributor)
        with self.assertRaises(AccessError):
            self.env["dms.secondary.order"].with_user(self.staff).create({
                "distributor_id": self.distributor_south.id, "partner_id": self.outlet_south.id})

    def test_reassignment_takes_effect_at_once(self):
        """Rule domains are cached per user: relations in the domain path keep a reassignment
        effective immediately (see RELIABILITY.md)."""
        self.assertSees(self.rep, self.outlet, self.outlet_2)  # fills the rule cache
        self.assertSees(self.rep, self.order, self.order_2)
        self.area.user_ids = [(3, self.rep.id)]
        self.area_2.user_ids = [(4, self.rep.id)]
        self.env.flush_all()
        self.assertSees(self.rep, self.outlet_2, self.outlet)
        self.assertSees(self.rep, self.order_2, self.order)
        self.assertSees(self.rep, self.order_2.line_ids, self.order.line_ids, fields=("price_unit",))
        # a supervisor who no longer manages the region loses it just as fast
        self.assertSees(self.supervisor, self.outlet, self.outlet_south)
        self.region.manager_id = self.manager
        self.other_region.manager_id = self.supervisor
        self.env.flush_all()
        self.assertSees(self.supervisor, self.outlet_south, self.outlet | self.outlet_2)
        self.assertSees(self.supervisor, self.order_south, self.order | self.order_2)
