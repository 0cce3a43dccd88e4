from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..fulfilment import current_quant_pool, quant_pool
from .common import DmsInventoryCommon


@tagged("post_install", "-at_install")
class TestQuantPool(DmsInventoryCommon):
    """The quant pool (stock.quant._gather out of quants locked for a batch) finds exactly what
    core's search finds, in the same order, and does not answer what it does not hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.lot_expired = cls.env["stock.lot"].create({
            "name": "BISC-OLD", "product_id": cls.biscuit.id, "expiration_date": now - timedelta(days=2)})
        cls.shelf = cls.env["stock.location"].create({
            "name": "Shelf A", "location_id": cls.saleable.id, "dms_distributor_id": cls.distributor.id})
        Quant = cls.env["stock.quant"]
        for lot, location, qty in ((cls.lot_late, cls.saleable, 7), (cls.lot_early, cls.saleable, 3),
                                   (cls.lot_early, cls.shelf, 4), (cls.lot_expired, cls.saleable, 9),
                                   (None, cls.saleable, 2)):
            Quant._update_available_quantity(cls.biscuit, location, qty, lot_id=lot, owner_id=cls.distributor)
        # the company's own stock in the same location: never the distributor's to take
        Quant._update_available_quantity(cls.biscuit, cls.saleable, 5, lot_id=cls.lot_late)

    def _pool(self):
        Quant = self.env["stock.quant"]
        locked = Quant._dms_lock_quants(self.biscuit, self.saleable, self.distributor)
        return Quant._dms_quant_pool(locked, [(self.saleable, self.distributor)])

    def test_pool_gathers_what_core_searches(self):
        Quant = self.env["stock.quant"].sudo()
        pool = self._pool()
        self.assertEqual(len(pool["locked"]), 5, "the distributor's five quants, not the company's")
        expiry = fields.Datetime.now()
        cases = [
            {"location_id": self.saleable, "owner_id": self.distributor},
            {"location_id": self.saleable, "owner_id": self.distributor, "lot_id": self.lot_early},
            {"location_id": self.shelf, "owner_id": self.distributor},
            {"location_id": self.saleable, "owner_id": self.distributor, "strict": True},
            {"location_id": self.saleable, "owner_id": self.distributor, "lot_id": self.lot_late, "strict": True},
            {"location_id": self.shelf, "owner_id": self.distributor, "lot_id": self.lot_early, "strict": True},
        ]
        # the first pass reads the pool's quants and locations once; the second must not query at all
        for check_queries in (False, True):
            for with_expiry in (False, True):
                ctx = {"with_expiration": expiry} if with_expiry else {}
                for case in cases:
                    core = Quant.with_context(**ctx)._gather(self.biscuit, **case)
                    queries = self.cr.sql_log_count
                    with quant_pool(self.env, pool):
                        pooled = Quant.with_context(**ctx)._gather(self.biscuit, **case)
                    if check_queries:
                        self.assertEqual(self.cr.sql_log_count, queries, "no query: %s" % case)
                    self.assertEqual(pooled.ids, core.ids, "same quants, same order: %s %s" % (case, ctx))
        # expired lots are left out when the move says so, as core leaves them out
        with quant_pool(self.env, pool):
            fresh = Quant.with_context(with_expiration=expiry)._gather(
                self.biscuit, self.saleable, owner_id=self.distributor)
            self.assertNotIn(self.lot_expired, fresh.lot_id)
            every = Quant._gather(self.biscuit, self.saleable, owner_id=self.distributor)
            self.assertIn(self.lot_expired, every.lot_id)

    def test_pool_does_not_answer_for_others(self):
        Quant = self.env["stock.quant"].sudo()
        pool = self._pool()
        # no owner (the company's stock) or another location: core's search, with the company's quant
        with quant_pool(self.env, pool):
            other = Quant._gather(self.biscuit, self.saleable, strict=True, lot_id=self.lot_late)
        self.assertEqual(other.owner_id, self.env["res.partner"])
        self.assertIsNone(Quant._dms_gather_from_pool(
            pool, self.biscuit, self.warehouse.lot_stock_id, None, None, self.distributor, False))
        self.assertIsNone(Quant._dms_gather_from_pool(
            pool, self.soap, self.saleable, None, None, self.distributor, False))

    def test_reserve_from_pool_takes_the_same_quants_and_locks_nothing_more(self):
        pool = self._pool()
        Quant = self.env["stock.quant"].sudo()
        with quant_pool(self.env, pool):
            # the first reservation reads the pool's quants and what they need (units, dates)
            Quant._update_reserved_quantity(self.biscuit, self.saleable, 1, lot_id=self.lot_late,
                                            owner_id=self.distributor)
            queries = self.cr.sql_log_count
            Quant._update_reserved_quantity(self.biscuit, self.saleable, 2, lot_id=self.lot_early,
                                            owner_id=self.distributor)
            self.assertEqual(self.cr.sql_log_count, queries, "no lock query for a quant the pool holds")
            quant = Quant._gather(self.biscuit, self.saleable, lot_id=self.lot_early, owner_id=self.distributor,
                                  strict=True).filtered("lot_id")
        self.assertEqual(quant.reserved_quantity, 2)
        self.env.flush_all()
        quant.invalidate_recordset()
        self.assertEqual(quant.reserved_quantity, 2, "written to the database by the ORM")

    def test_pooled_moves_reach_cache_database_and_dependents(self):
        """A quant moved in a pool block is not written through the ORM: its new values are in the
        cache at once (what the next move reads), stored by the flush, and the fields depending on
        them are brought up to date when the block ends; the available quantity it answers is
        core's."""
        pool = self._pool()
        Quant = self.env["stock.quant"].sudo()
        quant = Quant._gather(self.biscuit, self.saleable, lot_id=self.lot_late, owner_id=self.distributor,
                              strict=True).filtered("lot_id")
        self.assertEqual(quant.available_quantity, 7)
        with quant_pool(self.env, pool):
            available, __ = Quant._update_available_quantity(self.biscuit, self.saleable, -2, lot_id=self.lot_late,
                                                             owner_id=self.distributor)
            # the untracked quant of 2 in the same place is gathered too, and left out as core does
            self.assertEqual(available, 5)
            self.assertEqual(available, Quant._get_available_quantity(
                self.biscuit, self.saleable, lot_id=self.lot_late, owner_id=self.distributor, strict=True,
                allow_negative=True))
            Quant._update_reserved_quantity(self.biscuit, self.saleable, 1, lot_id=self.lot_late,
                                            owner_id=self.distributor)
            self.assertEqual((quant.quantity, quant.reserved_quantity), (5, 1))
            self.assertEqual(pool["written"], {quant.id})
        self.assertEqual(quant.available_quantity, 4, "dependent fields recomputed when the block ends")
        self.assertFalse(pool["written"])
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual((quant.quantity, quant.reserved_quantity), (5, 1), "stored by the flush")

    def test_pool_only_inside_its_block(self):
        """The pool is the block's, not the context's: gone when the block ends, also by an error,
        and a context key of the same name (what a client can send) is no pool."""
        pool = self._pool()
        Quant = self.env["stock.quant"].sudo()
        with self.assertRaises(ZeroDivisionError), quant_pool(self.env, pool):
            self.assertIs(current_quant_pool(self.env), pool)
            self.assertIs(current_quant_pool(Quant.with_context(lang="fr_FR").env), pool, "whatever the context")
            _ = 1 / 0
        self.assertIsNone(current_quant_pool(self.env))
        core = Quant._gather(self.biscuit, self.saleable, owner_id=self.distributor)
        queries = self.cr.sql_log_count
        forged = Quant.with_context(dms_quant_pool=pool)._gather(self.biscuit, self.saleable,
                                                                 owner_id=self.distributor)
        self.assertGreater(self.cr.sql_log_count, queries, "core's search, not the pool")
        self.assertEqual(forged.ids, core.ids)
