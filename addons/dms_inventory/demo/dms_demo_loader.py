from datetime import timedelta

from odoo import Command, api, fields, models


class DmsDemoLoader(models.AbstractModel):
    _inherit = "dms.demo.loader"

    @api.model
    def _load_demo_distributor_stock(self):
        """Demo data: opening stock of every demo distributor in its saleable bucket, owned by it,
        through inventory moves. Food and beverages get lots with expiry dates (one lot near
        expiry, one expired per distributor); an audit with a variance and a replenishment run
        follow. Deterministic; does nothing when the distributors already hold stock."""
        Partner = self.env["res.partner"]
        data = self.env["ir.model.data"].search([
            ("module", "=", "dms_sales"), ("model", "in", ("res.partner", "product.product")),
            ("name", "=like", "%_demo")])
        distributors = Partner.browse(data.filtered(
            lambda d: d.model == "res.partner" and d.name.startswith("res_partner_distributor_")).mapped("res_id")
        ).sorted("name")
        distributors._dms_ensure_stock_location()  # demo data loads before the post-init hook
        products = self.env["product.product"].browse(
            data.filtered(lambda d: d.model == "product.product").mapped("res_id")).sorted("default_code")
        Quant = self.env["stock.quant"]
        if not distributors or not products or Quant.search_count(
                [("owner_id", "in", distributors.ids)], limit=1):
            return False
        perishable = products.filtered(lambda p: p.categ_id.name in ("Food", "Beverages"))
        perishable.product_tmpl_id.write({"tracking": "lot", "use_expiration_date": True, "expiration_time": 180})
        now = fields.Datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        lot_vals, lot_keys = [], []
        for d_index, distributor in enumerate(distributors):
            for p_index, product in enumerate(perishable):
                # the first perishable product: expired at the first distributor, near expiry at the others
                days = (-5 if d_index == 0 else 12) if p_index == 0 else 60 + 15 * ((p_index + d_index) % 8)
                lot_vals.append({
                    "name": "DEMO-%s-%02d" % (distributor.name[:3].upper(), p_index),
                    "product_id": product.id, "company_id": self.env.company.id,
                    "expiration_date": now + timedelta(days=days),
                })
                lot_keys.append((distributor.id, product.id))
        lots = dict(zip(lot_keys, self.env["stock.lot"].create(lot_vals), strict=True))
        Quant = Quant.with_context(inventory_name=self.env._("Opening distributor stock"))
        move_vals = []
        for d_index, distributor in enumerate(distributors):
            location = distributor._dms_bucket_location("saleable")
            for p_index, product in enumerate(products):
                qty = 24 * (1 + (p_index * 7 + d_index * 3) % 10)
                if (p_index + d_index) % 9 == 4:
                    continue  # a few products out of stock: stock-out alerts and replenishment
                quant = Quant.new({
                    "product_id": product.id, "location_id": location.id, "owner_id": distributor.id,
                    "lot_id": lots.get((distributor.id, product.id), self.env["stock.lot"]).id,
                    "company_id": location.company_id.id,
                })
                move_vals.append(quant._get_inventory_move_values(
                    qty, product.with_company(location.company_id).property_stock_inventory, location))
        moves = self.env["stock.move"].with_context(inventory_mode=False).create(move_vals)
        moves._action_done()
        # a count at the first distributor, in progress, with a shortage and a surplus
        audit = self.env["dms.stock.audit"].create({"distributor_id": distributors[0].id})
        audit.action_start()
        first, second = audit.line_ids[:2]
        first.counted_qty = first.expected_qty - 6
        second.counted_qty = second.expected_qty + 2
        for line in (audit.line_ids - first - second)[:5]:
            line.counted_qty = line.expected_qty
        # a replenishment run over all demo distributors, computed, orders not created yet
        distributors[:1].dms_auto_replenish = True
        run = self.env["dms.replenishment"].create({"distributor_ids": [Command.set(distributors.ids)]})
        run.with_context(dms_job_inline=True).action_compute()
        return True

    @api.model
    def _load_demo_goods_receipts(self):
        """Demo: primary deliveries to Padma and Meghna validated, their receipts pending (Padma's
        with a shortage entered, Meghna's to confirm on the portal); two validated outlet returns
        (one damaged, one saleable). Does nothing if already there."""
        Receipt = self.env["dms.goods.receipt"]
        padma = self.env.ref("dms_sales.res_partner_distributor_padma_demo", raise_if_not_found=False)
        if not padma or Receipt.search_count([("distributor_id", "=", padma.id)], limit=1):
            return False
        # demo data loads before the install hook gives existing distributors their locations
        self.env["res.partner"]._dms_init_distributor_locations()
        soap = self.env.ref("dms_sales.product_product_soap_glow_demo")
        shampoo = self.env.ref("dms_sales.product_product_shampoo_demo")
        toothpaste = self.env.ref("dms_sales.product_product_toothpaste_demo")
        receipt = self._load_demo_goods_receipt(padma, {soap: 120, shampoo: 24})
        # the truck arrived 6 soaps short and 2 shampoos crushed: entered, not yet confirmed
        receipt.line_ids.filtered(lambda line: line.product_id == soap).qty_received = 114
        receipt.line_ids.filtered(lambda line: line.product_id == shampoo).qty_damaged = 2
        meghna = self.env.ref("dms_sales.res_partner_distributor_meghna_demo", raise_if_not_found=False)
        if meghna:
            self._load_demo_goods_receipt(meghna, {soap: 60, toothpaste: 48})
        self._load_demo_returns(padma)
        return receipt

    @api.model
    def _load_demo_goods_receipt(self, distributor, quantities):
        """Demo: stock received at the company (twice what is ordered), a primary order of
        `quantities` ({product: qty}) to `distributor` confirmed and delivered; returns the pending
        receipt the delivery created."""
        Receipt = self.env["dms.goods.receipt"]
        company = distributor.company_id or self.env.company
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.env["stock.picking"]._dms_create_done(
            warehouse.in_type_id, self.env.ref("stock.stock_location_suppliers"), warehouse.lot_stock_id,
            self.env["res.partner"], [{"product": product, "qty": 2 * qty} for product, qty in quantities.items()],
            origin="DMS demo")
        order = self.env["sale.order"].create({
            "partner_id": distributor.id, "company_id": company.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty})
                           for product, qty in quantities.items()],
        })
        order.action_confirm()
        delivery = order.picking_ids
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.with_context(skip_sms=True, skip_backorder=True).button_validate()
        return Receipt.search([("delivery_id", "=", delivery.id)])

    @api.model
    def _load_demo_returns(self, distributor):
        """Demo: one damaged and one saleable return from delivered orders of the distributor."""
        Return = self.env["dms.stock.return"]
        orders = self.env["dms.secondary.order"].search(
            [("distributor_id", "=", distributor.id), ("state", "=", "delivered")],
            limit=2, order="date_order desc, id")
        reasons = [self.env.ref("dms_inventory.return_reason_damaged"),
                   self.env.ref("dms_inventory.return_reason_saleable")]
        returns = Return.browse()
        for order, reason in zip(orders, reasons, strict=False):
            line = order.line_ids.filtered(lambda ol: not ol.is_reward and ol.product_id.is_storable)[:1]
            if not line:
                continue
            lot = self.env["stock.lot"]
            if line.product_id.tracking != "none":
                # the lot the outlet got: the distributor's oldest one of that product
                lot = self.env["stock.lot"].search([("product_id", "=", line.product_id.id)], limit=1, order="id")
                if not lot:
                    continue
            returns |= Return.create({
                "partner_id": order.partner_id.id, "distributor_id": distributor.id, "secondary_order_id": order.id,
                "company_id": order.company_id.id,
                "line_ids": [Command.create({"product_id": line.product_id.id, "reason_id": reason.id,
                                            "lot_id": lot.id, "qty": min(2.0, line.qty_delivered)})],
            })
        returns.action_validate()
        return returns
