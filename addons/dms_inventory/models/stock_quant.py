from odoo import api, fields, models
from odoo.tools import SQL, float_compare

from ..fulfilment import current_quant_pool, in_move_lines_reserved
from .stock_location import BUCKETS


class StockQuant(models.Model):
    _inherit = "stock.quant"

    dms_bucket = fields.Selection(
        selection=[*BUCKETS, ("other", "Other Locations")], compute="_compute_dms_bucket", store=True, string="Bucket",
        help="Stock bucket of the distributor location holding this quant, to compare buckets side by side; "
             "distributor stock outside the buckets (a van, say) has a bucket of its own, never none.")
    dms_distributor_id = fields.Many2one(
        related="location_id.dms_distributor_id", store=True, index="btree_not_null", string="Distributor Of Location")

    @api.depends("location_id.dms_bucket", "location_id.dms_distributor_id")
    def _compute_dms_bucket(self):
        for quant in self:
            location = quant.location_id
            quant.dms_bucket = location.dms_bucket or ("other" if location.dms_distributor_id else False)

    def _get_removal_strategy(self, product_id, location_id):
        # Distributor stock always leaves first-expiry-first-out, whatever the product category says.
        if location_id.sudo().dms_distributor_id:  # sudo: reads a technical flag of the location
            return "fefo"
        return super()._get_removal_strategy(product_id, location_id)

    def _dms_lock_quants(self, products, location, owner):
        """Lock the owner's quants of `products` under `location` until the transaction ends, so that
        two transactions cannot both take the last units: the second waits, then fails to
        serialize and is retried, and sees what the first took. Returns the quants locked."""
        if not products:
            return self.env["stock.quant"]
        self.env["stock.quant"].flush_model()
        self.env.cr.execute(SQL(
            """SELECT q.id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                WHERE l.parent_path LIKE %s AND q.product_id IN %s AND q.owner_id = %s
                ORDER BY q.id FOR UPDATE OF q""",
            location.parent_path + "%", tuple(products.ids), owner.id))
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env["stock.quant"].invalidate_model(["quantity", "reserved_quantity"])
        return self.env["stock.quant"].browse(ids)

    # ------------------------------------------------------------------
    # Quant pool: reserve a batch of moves without a search per move
    # ------------------------------------------------------------------
    # Core reserves move by move and searches the quants four times for each (what is available,
    # then which quant to reserve, each counted twice), a quarter of a secondary delivery's queries.
    # Confirming a batch of secondary orders has just locked every quant those moves can take (the
    # distributor's quants of their products under their source location, see _dms_lock_quants):
    # with that set as a pool (`with fulfilment.quant_pool(env, pool):`, a context variable of the
    # thread, never a context key a client could send), `_gather` picks from it in memory by the
    # same rules as its search (product, location or its children, lot, package, owner, expiry, FEFO
    # order). The quants are the same records, so every reservation core writes on them is seen by
    # the next move; a gather outside the pool (another owner, location or product, a removal
    # strategy that needs SQL) or finding nothing in it searches as core does.

    @api.model
    def _dms_quant_pool(self, quants, scopes):
        """A pool for ``fulfilment.quant_pool()``: `quants` locked for `scopes`, an iterable
        of (location, owner) whose quants (of the products in `quants`) they are."""
        by_key = {}
        for quant in quants:
            key = (quant.product_id.id, quant.owner_id.id)
            by_key[key] = by_key.get(key, self.env["stock.quant"]) | quant
        return {"scopes": [(location.parent_path, owner.id) for location, owner in scopes], "quants": by_key,
                "locked": set(quants.ids), "written": set()}

    def _dms_gather_from_pool(self, pool, product_id, location_id, lot_id, package_id, owner_id, strict):
        """What `_gather` would find, out of `pool`; None when the pool cannot answer."""
        if not owner_id or not location_id.parent_path:
            return None
        if not any(owner_id.id == owner and location_id.parent_path.startswith(path) for path, owner in pool["scopes"]):
            return None
        quants = pool["quants"].get((product_id.id, owner_id.id))
        if not quants:
            return None
        expiry = self.env.context.get("with_expiration")
        lot, package = lot_id.id if lot_id else False, package_id.id if package_id else False
        if strict:
            found = quants.filtered(lambda q: q.location_id.id == location_id.id and q.package_id.id == package
                                    and q.lot_id.id in (lot, False))
        else:
            path = location_id.parent_path
            found = quants.filtered(lambda q: q.location_id.parent_path.startswith(path)
                                    and (not lot or q.lot_id.id in (lot, False))
                                    and (not package or q.package_id.id == package))
        if expiry:
            found = found.filtered(lambda q: not q.expiration_date or q.expiration_date >= expiry)
        if not found:
            return None
        # FEFO as product_expiry orders it in SQL ('removal_date, in_date, id', nulls last), then
        # core's own final sort: quants with a lot first
        found = found.sorted(lambda q: (not q.removal_date, q.removal_date or q.in_date, q.in_date, q.id))
        return found.sorted(lambda q: not q.lot_id).with_env(self.env)

    @api.model
    def _update_reserved_quantity(self, product_id, location_id, quantity, lot_id=None, package_id=None, owner_id=None,
                                  strict=True):
        # the lines of a batch reserved by stock.move.line.create under fulfilment.deferred_move_lines:
        # their quants were reserved as each line was prepared, creating them reserves nothing again
        if in_move_lines_reserved(self.env):
            return None
        return super()._update_reserved_quantity(product_id, location_id, quantity, lot_id=lot_id,
                                                 package_id=package_id, owner_id=owner_id, strict=strict)

    @api.model
    def _update_available_quantity(self, product_id, location_id, quantity=False, reserved_quantity=False, lot_id=None,
                                   package_id=None, owner_id=None, in_date=None):
        # Core picks the quant to change with a SELECT ... FOR NO KEY UPDATE SKIP LOCKED, one query
        # for every reservation, unreservation and move of a line. When every quant it would choose
        # from is in the pool, this transaction holds them FOR UPDATE already (_dms_lock_quants):
        # that query can only answer the first of them by lot, so it is taken here without asking.
        # The rest is core's, unchanged (stock/models/stock_quant.py, Odoo 18.0).
        pool = current_quant_pool(self.env)
        if not pool or not (quantity or reserved_quantity):
            return super()._update_available_quantity(
                product_id, location_id, quantity=quantity, reserved_quantity=reserved_quantity, lot_id=lot_id,
                package_id=package_id, owner_id=owner_id, in_date=in_date)
        # sudo: as core does here, quants are the system's bookkeeping of moves the caller may make
        self = self.sudo()
        quants = quants_all = self._gather(product_id, location_id, lot_id=lot_id, package_id=package_id,
                                           owner_id=owner_id, strict=True)
        if lot_id and quantity > 0:
            quants = quants.filtered(lambda q: q.lot_id)
        if not quants or not pool["locked"].issuperset(quants.ids):
            return super()._update_available_quantity(
                product_id, location_id, quantity=quantity, reserved_quantity=reserved_quantity, lot_id=lot_id,
                package_id=package_id, owner_id=owner_id, in_date=in_date)
        if location_id.should_bypass_reservation():
            incoming_dates = []
        else:
            incoming_dates = [quant.in_date for quant in quants if quant.in_date and
                              float_compare(quant.quantity, 0, precision_rounding=quant.product_uom_id.rounding) > 0]
        if in_date:
            incoming_dates += [in_date]
        in_date = min(incoming_dates) if incoming_dates else fields.Datetime.now()
        # ORDER BY lot_id LIMIT 1: the lowest lot, quants without a lot last
        quant = min(quants, key=lambda q: (not q.lot_id, q.lot_id.id))
        # Core writes the quant here (quant.write(vals)), three times a line of a batch on a few
        # dozen quants. The new values go into the cache as a write would put them there, dirty so
        # that the next flush stores them; the rest of a write (dependent fields, write date) is
        # done once per quant when the pool's block ends (_dms_write_pooled).
        cache = self.env.cache
        if quantity:
            cache.set(quant, self._fields["quantity"], quant.quantity + quantity, dirty=True)
        if reserved_quantity:
            cache.set(quant, self._fields["reserved_quantity"], max(0, quant.reserved_quantity + reserved_quantity),
                      dirty=True)
        cache.set(quant, self._fields["in_date"], in_date, dirty=True)
        pool["written"].add(quant.id)
        # what core's _get_available_quantity(strict=True, allow_negative=True) answers, out of the
        # quants just gathered with the same arguments instead of gathering them again
        if product_id.tracking != "none" and lot_id:
            quants = quants_all.filtered("lot_id")
        else:
            quants = quants_all
        return sum(q.quantity - q.reserved_quantity for q in quants), in_date

    @api.model
    def _dms_write_pooled(self, pool):
        """End of a ``fulfilment.quant_pool`` block: what a write would have done besides storing the
        values (see _update_available_quantity), once for every quant the block changed: the fields
        depending on its quantities marked for recomputation, its write date."""
        # sudo: quants the block moved for the user's own deliveries (quants are the system's)
        quants = self.env["stock.quant"].sudo().browse(sorted(pool["written"]))
        pool["written"].clear()
        if quants:
            quants.modified(["quantity", "reserved_quantity", "in_date"])
            quants.write({})  # their write date and user, as core's write

    @api.model_create_multi
    def create(self, vals_list):
        quants = super().create(vals_list)
        pool = current_quant_pool(self.env)
        if pool:
            # a quant this transaction creates (a first delivery to the outlets' location) is
            # invisible to every other one until commit: as good as locked, and part of the pool
            pool["locked"].update(quants.ids)
            for quant in quants:
                path, owner = quant.location_id.parent_path, quant.owner_id.id
                if any(owner == scope_owner and path.startswith(scope_path)
                       for scope_path, scope_owner in pool["scopes"]):
                    key = (quant.product_id.id, owner)
                    pool["quants"][key] = pool["quants"].get(key, quant.browse()) | quant
        return quants

    def unlink(self):
        # quants emptied by a delivery are deleted (_unlink_zero_quants): out of the pool too
        pool = current_quant_pool(self.env)
        if pool:
            pool["locked"].difference_update(self.ids)
            pool["written"].difference_update(self.ids)
            for key, quants in pool["quants"].items():
                pool["quants"][key] = quants - self
        return super().unlink()

    def _gather(self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False, qty=0):
        pool = current_quant_pool(self.env)
        if pool and not (strict and self.env.context.get("quants_cache") is not None) and \
                self._get_removal_strategy(product_id, location_id) == "fefo":
            found = self._dms_gather_from_pool(pool, product_id, location_id, lot_id, package_id, owner_id, strict)
            if found is not None:
                return found
        return super()._gather(product_id, location_id, lot_id=lot_id, package_id=package_id, owner_id=owner_id,
                               strict=strict, qty=qty)

    def _dms_available(self, products, location, owner):
        """{product id: quantity free to reserve} of the owner's stock under `location`."""
        groups = self.env["stock.quant"].sudo()._read_group(  # sudo: quantities only, callers checked access
            [("product_id", "in", products.ids), ("location_id", "child_of", location.id),
             ("owner_id", "=", owner.id)],
            ["product_id"], ["quantity:sum", "reserved_quantity:sum"])
        return {product.id: qty - reserved for product, qty, reserved in groups}
