from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class DmsGoodsReceipt(models.Model):
    _name = "dms.goods.receipt"
    _description = "Distributor Goods Receipt"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="New", index="trigram")
    state = fields.Selection(
        [("pending", "Pending"), ("confirmed", "Confirmed")], default="pending", required=True,
        readonly=True, copy=False, index=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True,
                                 default=lambda self: self.env.company)
    distributor_id = fields.Many2one(
        "res.partner", required=True, index=True, readonly=True, check_company=True,
        help="Distributor receiving the goods, and owning them from shipment on.")
    sale_order_id = fields.Many2one(
        "sale.order", string="Primary Order", readonly=True, index="btree_not_null", check_company=True)
    delivery_id = fields.Many2one(
        "stock.picking", string="Primary Delivery", readonly=True, index="btree_not_null", check_company=True,
        help="The company's delivery to the distributor that this receipt acknowledges.")
    date = fields.Datetime(string="Shipped On", required=True, readonly=True, default=fields.Datetime.now)
    date_confirmed = fields.Datetime(string="Received On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", string="Received By", readonly=True, copy=False)
    line_ids = fields.One2many("dms.goods.receipt.line", "receipt_id", string="Lines")
    picking_ids = fields.One2many(
        "stock.picking", "dms_goods_receipt_id", string="Transfers", readonly=True,
        help="Goods put in transit at shipment, then into the saleable and damaged buckets at confirmation.")
    has_discrepancy = fields.Boolean(
        compute="_compute_has_discrepancy", store=True,
        help="Some goods arrived short or damaged.")
    claim_id = fields.Many2one(
        "dms.claim", readonly=True, copy=False, index="btree_not_null", check_company=True,
        help="Claim raised to the principal for the shortages and damage of this receipt.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_discrepancy = fields.Monetary(
        compute="_compute_has_discrepancy", store=True, string="Discrepancy Value",
        help="Short and damaged quantities at the primary order's price, untaxed.")

    @api.depends("line_ids.has_discrepancy", "line_ids.amount_discrepancy")
    def _compute_has_discrepancy(self):
        for receipt in self:
            receipt.has_discrepancy = any(receipt.line_ids.mapped("has_discrepancy"))
            receipt.amount_discrepancy = sum(receipt.line_ids.mapped("amount_discrepancy"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "New") == "New":
                vals["name"] = self.env["ir.sequence"].with_company(vals.get("company_id")).next_by_code(
                    "dms.goods.receipt") or "New"
        return super().create(vals_list)

    @api.model
    def _dms_create_from_deliveries(self, deliveries):
        """Pending receipts for validated primary deliveries; the goods go to the distributor's
        In Transit bucket, owned by the distributor, until it confirms what arrived."""
        receipts = self.browse()
        for delivery in deliveries:
            distributor = delivery.sale_id.partner_id.commercial_partner_id
            grouped = {}
            for ml in delivery.move_line_ids.filtered(lambda m: m.product_id.is_storable and m.quantity):
                key = (ml.product_id, ml.lot_id, ml.move_id.sale_line_id)
                grouped[key] = grouped.get(key, 0.0) + ml.quantity_product_uom
            if not grouped:
                continue
            company = delivery.company_id
            # sudo: created by the system when the company's delivery is validated; the distributor
            # reads and confirms it under its own rights afterwards.
            receipt = self.sudo().create({
                "company_id": company.id,
                "distributor_id": distributor.id,
                "sale_order_id": delivery.sale_id.id,
                "delivery_id": delivery.id,
                "date": delivery.date_done,
                "line_ids": [Command.create({
                    "product_id": product.id, "lot_id": lot.id, "sale_line_id": sale_line.id,
                    "qty_shipped": qty, "qty_received": qty,
                }) for (product, lot, sale_line), qty in grouped.items()],
            })
            transit = distributor._dms_bucket_location("transit")
            self.env["stock.picking"]._dms_create_done(
                company._dms_picking_type("incoming"), delivery.location_dest_id, transit, distributor,
                [{"product": line.product_id, "lot": line.lot_id, "qty": line.qty_shipped}
                 for line in receipt.line_ids],
                origin=delivery.name, dms_goods_receipt_id=receipt.id)
            receipts |= receipt
        return receipts

    def action_confirm(self):
        """The distributor confirms what arrived: good goods to saleable stock, damaged ones to the
        damaged bucket, missing ones leave its stock (written off, to be claimed)."""
        self.check_access("write")
        # sudo: the user may write these receipts (checked above); confirming reads units, products
        # and operation types that distributor staff, portal users above all, have no rights on.
        receipts = self.sudo()
        for receipt in receipts:
            if receipt.state != "pending":
                raise UserError(self.env._("Goods receipt %s is already confirmed.", receipt.name))
            receipt.line_ids._check_quantities()
        for receipt in receipts:
            receipt._dms_put_away()
        receipts.write({"state": "confirmed", "date_confirmed": fields.Datetime.now(),
                        "confirmed_by_id": self.env.user.id})
        for receipt in receipts.filtered("has_discrepancy"):
            receipt.message_post(body=self.env._(
                "Received with discrepancies worth %(amount)s: see the lines short or damaged.",
                amount=receipt.currency_id.format(receipt.amount_discrepancy)))
        return True

    def _dms_put_away(self):
        self.ensure_one()
        distributor = self.distributor_id
        transit = distributor._dms_bucket_location("transit")
        picking_type = self.company_id._dms_picking_type("internal")
        loss = self.line_ids.product_id[:1].with_company(self.company_id).property_stock_inventory
        targets = [
            ("qty_good", distributor._dms_bucket_location("saleable")),
            ("qty_damaged", distributor._dms_bucket_location("damaged")),
            ("qty_short", loss),
        ]
        for field, dest in targets:
            lines = self.line_ids.filtered(lambda line, f=field: line[f] > 0)
            if lines:
                self.env["stock.picking"]._dms_create_done(
                    picking_type, transit, dest, distributor,
                    [{"product": line.product_id, "lot": line.lot_id, "qty": line[field]} for line in lines],
                    origin=self.name, dms_goods_receipt_id=self.id)

    def action_create_claim(self):
        """A draft claim to the principal for the shortages and damage of these receipts."""
        self.check_access("write")
        vals_list = []
        # sudo: the user may write these receipts (checked above); the claim lines read units and
        # order prices that portal distributor staff have no rights on.
        for receipt in self.sudo():
            if receipt.state != "confirmed" or not receipt.has_discrepancy:
                raise UserError(self.env._(
                    "Goods receipt %s has no confirmed shortage or damage to claim.", receipt.name))
            if receipt.claim_id:
                raise UserError(self.env._(
                    "Goods receipt %(receipt)s is already claimed on %(claim)s (Claim).",
                    receipt=receipt.name, claim=receipt.claim_id.name))
            today = fields.Date.context_today(receipt)
            lines = []
            for line in receipt.line_ids.filtered("has_discrepancy"):
                for source, qty in (("grn_shortage", line.qty_short), ("grn_damage", line.qty_damaged)):
                    if qty > 0:
                        lines.append(Command.create({
                            "source": source, "amount": receipt.currency_id.round(qty * line.price_unit),
                            "dms_goods_receipt_id": receipt.id,
                            "name": self.env._("%(receipt)s: %(qty)s %(uom)s %(product)s", receipt=receipt.name,
                                               qty=qty, uom=line.product_uom_id.name,
                                               product=line.product_id.display_name),
                        }))
            vals_list.append({
                "company_id": receipt.company_id.id, "distributor_id": receipt.distributor_id.id,
                "currency_id": receipt.currency_id.id, "date_from": today, "date_to": today,
                "line_ids": lines,
            })
        return self.env["dms.claim"]._dms_create_for_sources(self, vals_list)
