import base64
import random
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models

from ..engine import geo


class DmsDemoLoader(models.AbstractModel):
    _inherit = "dms.demo.loader"

    @api.model
    def _load_demo_beats(self):
        """Demo: two beats per demo rep and territory-distributor pair (Sat/Mon/Wed and Sun/Tue/Thu,
        every third one fortnightly), a leave, the journey plan of the current and next week, and
        the last two weeks' visits done or missed with outcomes. Deterministic; runs once."""
        Beat = self.env["dms.beat"]
        data = self.env["ir.model.data"].search([
            ("module", "=", "dms_sales"), ("model", "in", ("res.users", "res.partner", "product.product")),
            ("name", "=like", "%_demo")])
        reps = self.env["res.users"].browse(data.filtered(
            lambda d: d.model == "res.users" and d.name.startswith("res_users_rep_")).mapped("res_id")).sorted("login")
        outlets = self.env["res.partner"].browse(data.filtered(
            lambda d: d.model == "res.partner" and d.name.startswith("res_partner_outlet_")).mapped("res_id")).filtered(
            lambda p: p.dms_outlet_state == "approved" and p.dms_distributor_id).sorted("dms_outlet_code")
        products = self.env["product.product"].browse(
            data.filtered(lambda d: d.model == "product.product").mapped("res_id")).sorted("default_code")
        if not reps or not outlets or Beat.search_count([("user_id", "in", reps.ids)], limit=1):
            return Beat.browse()
        today = fields.Date.context_today(self)
        vals_list, count = [], 0
        for rep in reps:
            for territory in rep.dms_territory_ids.sorted("code"):
                mine = outlets.filtered(lambda o, t=territory: o.dms_territory_id == t)
                for distributor in mine.dms_distributor_id.sorted("name"):
                    served = mine.filtered(lambda o, d=distributor: o.dms_distributor_id == d)
                    half = (len(served) + 1) // 2
                    for part, days in ((served[:half], ("on_saturday", "on_monday", "on_wednesday")),
                                       (served[half:], ("on_sunday", "on_tuesday", "on_thursday"))):
                        if not part:
                            continue
                        count += 1
                        fortnightly = count % 3 == 0
                        vals_list.append({
                            "name": "%s - %s %s" % (territory.name, distributor.name.split()[0],
                                                    "A" if days[0] == "on_saturday" else "B"),
                            "code": "BT-%03d" % count, "user_id": rep.id, "territory_id": territory.id,
                            "distributor_id": distributor.id, "company_id": territory.company_id.id,
                            "frequency": "fortnightly" if fortnightly else "weekly",
                            "date_start": today - timedelta(days=60),
                            **dict.fromkeys(days, True),
                            "line_ids": [Command.create({"partner_id": o.id, "sequence": 10 * i})
                                         for i, o in enumerate(part, start=1)],
                        })
        beats = Beat.create(vals_list)
        monday = today - timedelta(days=today.weekday())
        self.env["dms.rep.leave"].create({
            "user_id": reps[-1].id, "date_from": monday + timedelta(days=8), "date_to": monday + timedelta(days=8),
            "name": "Family event", "company_id": reps[-1].company_id.id})
        Visit = self.env["dms.visit"]
        past = Visit._generate_journey_plan(today - timedelta(days=14), today - timedelta(days=1), beats)
        Visit._generate_journey_plan(monday, monday + timedelta(days=13), beats)
        self._load_demo_visit_outcomes(past, products)
        return beats

    @api.model
    def _load_demo_visit_outcomes(self, visits, products):
        """Past planned visits: most done (an order about a third of the time, else a reason),
        some missed; one check-in out of the geofence; one unplanned visit."""
        rng = random.Random(7)
        reasons = self.env["dms.no.order.reason"].search([("active", "=", True)])
        tz = pytz.timezone("Asia/Dhaka")
        order_vals, order_visits, done = [], [], self.env["dms.visit"]
        for visit in visits.sorted(lambda v: (v.planned_date, v.user_id.id, v.sequence)):
            if rng.random() < 0.12:
                visit.state = "missed"
                continue
            outlet = visit.partner_id
            start = tz.localize(datetime.combine(visit.planned_date, time(10)) + timedelta(
                minutes=25 * visit.sequence + rng.randint(0, 10))).astimezone(pytz.utc).replace(tzinfo=None)
            lat = outlet.partner_latitude + rng.uniform(-0.0002, 0.0002)
            lng = outlet.partner_longitude + rng.uniform(-0.0002, 0.0002)
            _inside, distance = geo.within_fence((lat, lng), (outlet.partner_latitude, outlet.partner_longitude), 100)
            visit.write({
                "state": "done", "check_in_time": start,
                "check_out_time": start + timedelta(minutes=rng.randint(6, 22)),
                "check_in_latitude": lat, "check_in_longitude": lng, "check_in_accuracy": rng.choice((8, 12, 15, 25)),
                "check_out_latitude": lat, "check_out_longitude": lng, "check_out_accuracy": 15,
                "distance_m": distance, "fence_radius": 100, "out_of_fence": False,
            })
            done |= visit
            if products and rng.random() < 0.35:
                order_visits.append(visit)
                order_vals.append({
                    "partner_id": outlet.id, "distributor_id": outlet.dms_distributor_id.id,
                    "company_id": visit.company_id.id, "user_id": visit.user_id.id, "date_order": start,
                    "line_ids": [Command.create({"product_id": p.id, "product_uom_qty": rng.choice((6, 12, 24))})
                                 for p in rng.sample(list(products), min(len(products), rng.randint(1, 5)))],
                })
            elif reasons:
                visit.no_order_reason_id = rng.choice(reasons)
        if order_vals:
            orders = self.env["dms.secondary.order"].with_context(tracking_disable=True).create(order_vals)
            orders.action_confirm()
            for visit, order in zip(order_visits, orders, strict=True):
                visit.order_id = order
                order.confirmation_date = order.date_order
        no_order = done.filtered("no_order_reason_id")
        if no_order:
            far = no_order[len(no_order) // 2]
            lat = far.partner_id.partner_latitude + 0.0035  # about 390 m north
            _inside, distance = geo.within_fence(
                (lat, far.check_in_longitude), (far.partner_id.partner_latitude, far.partner_id.partner_longitude), 100)
            far.write({"check_in_latitude": lat, "check_in_longitude": far.partner_id.partner_longitude,
                       "distance_m": distance, "out_of_fence": True})
        if done:
            last = done[-1]
            others = self.env["dms.beat.line"].search([
                ("beat_id.user_id", "=", last.user_id.id),
                ("partner_id", "not in", done.filtered(
                    lambda v, d=last: v.planned_date == d.planned_date and v.user_id == d.user_id).partner_id.ids),
            ], limit=1).partner_id
            if others:
                self.env["dms.visit"].create({
                    "user_id": last.user_id.id, "partner_id": others.id, "planned_date": last.planned_date,
                    "company_id": last.company_id.id, "sequence": last.sequence + 1, "state": "done",
                    "check_in_time": last.check_out_time + timedelta(minutes=15),
                    "check_out_time": last.check_out_time + timedelta(minutes=27),
                    "check_in_latitude": others.partner_latitude, "check_in_longitude": others.partner_longitude,
                    "check_in_accuracy": 10, "fence_radius": 100, "no_order_reason_id": reasons[:1].id,
                    "notes": "Dropped in on the way back: the owner asked for the new price list.",
                })
        return done

    @api.model
    def _load_demo_beat_discipline(self, rep_id, distributor_id, product_ids):
        """Demo: the rep's beat of today under a sequence lock with its first visit skipped, past
        skips with reasons, past missed visits closed "Not visited", and partly delivered orders
        (real proofs of delivery from the distributor's stock) so the fill rate is below 100%."""
        Visit = self.env["dms.visit"]
        today = fields.Date.context_today(self)
        if Visit.search_count([("state", "=", "skipped")], limit=1):
            return
        reasons = self.env["dms.visit.skip.reason"].search([("active", "=", True)])
        not_visited = self.env.ref("dms_routing.dms_visit_skip_reason_not_visited")
        reasons -= not_visited
        todays = Visit.search([("user_id", "=", rep_id), ("planned_date", "=", today), ("is_planned", "=", True),
                               ("beat_id", "!=", False)], order="sequence, id")
        if todays:
            beat = todays[0].beat_id
            beat.sequence_lock = True
            first = todays.filtered(lambda v: v.beat_id == beat)[:1]
            first.with_user(first.user_id).action_skip(reasons[:1].id)
        past_missed = Visit.search([("state", "=", "missed"), ("planned_date", "<", today)], order="planned_date, id")
        for i, visit in enumerate(past_missed[:4]):
            visit.write({"state": "planned"})
            visit.with_user(visit.user_id).action_skip(reasons[i % len(reasons)].id)
        (past_missed - past_missed[:4]).write({"skip_reason_id": not_visited.id})
        self._load_demo_partial_deliveries(distributor_id, product_ids)

    @api.model
    def _load_demo_partial_deliveries(self, distributor_id, product_ids):
        """Three orders at the distributor's outlets, delivered short on the driver's proof of
        delivery (real moves). The distributor's stock is managed in Odoo for these orders only."""
        distributor = self.env["res.partner"].browse(distributor_id)
        products = self.env["product.product"].browse(product_ids)
        if not distributor._dms_bucket_location("saleable"):
            return
        outlets = self.env["res.partner"].search([
            ("dms_distributor_id", "=", distributor.id), ("dms_role", "=", "outlet"),
            ("dms_outlet_state", "=", "approved")], order="dms_outlet_code", limit=3)
        managed = distributor.dms_stock_managed
        distributor.dms_stock_managed = True
        orders = self.env["dms.secondary.order"].with_context(tracking_disable=True).create([{
            "partner_id": outlet.id, "distributor_id": distributor.id, "company_id": outlet.company_id.id,
            "user_id": outlet.dms_territory_id.user_ids[:1].id or self.env.uid,
            "line_ids": [Command.create({"product_id": product.id, "product_uom_qty": 24 * (1 + (i + j) % 3)})
                         for j, product in enumerate(products)],
        } for i, outlet in enumerate(outlets)])
        orders.action_confirm()
        admin = self.env.ref("base.user_admin")
        reason = self.env.ref("dms_routing.dms_delivery_failure_reason_refused")
        for i, picking in enumerate(orders.picking_ids.sorted("id")):
            proof = self.env["dms.delivery.proof"].with_user(admin).create({"picking_id": picking.id})
            short = proof.line_ids[i % len(proof.line_ids)]
            short.delivered_qty = short.delivered_qty // 2
            proof.write({"failure_reason_id": reason.id, "note": "Outlet took half: not enough shelf space."})
            proof.action_confirm()
        distributor.dms_stock_managed = managed
        return orders

    @api.model
    def _load_demo_van_session(self):
        """One van sales day for Padma's van, on real moves (called once from the demo data)."""
        Session = self.env["dms.van.session"]
        van = self.env.ref("dms_routing.fleet_vehicle_van_padma_demo")
        rep = self.env.ref("dms_sales.res_users_rep_north1_demo")
        padma = van.dms_distributor_id
        products = [self.env.ref("dms_sales.product_product_soap_glow_demo"),
                    self.env.ref("dms_sales.product_product_shampoo_demo"),
                    self.env.ref("dms_sales.product_product_toothpaste_demo")]
        outlets = [self.env.ref("dms_sales.res_partner_outlet_gulshan_01_demo"),
                   self.env.ref("dms_sales.res_partner_outlet_gulshan_02_demo")]
        saleable = padma._dms_bucket_location("saleable")
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        for product in products:
            # unreserved stock the distributor owns (other demo data may hold some already)
            available = Quant._get_available_quantity(product, saleable, owner_id=padma, strict=True)
            if available < 100:
                # a count is absolute: the counted quantity is what is there plus the top-up
                on_hand = sum(Quant._gather(product, saleable, owner_id=padma, strict=True).mapped("quantity"))
                Quant.create({"product_id": product.id, "location_id": saleable.id, "owner_id": padma.id,
                              "inventory_quantity": on_hand + 100 - available}).action_apply_inventory()
        session = Session.create({
            "vehicle_id": van.id, "user_id": rep.id,
            "load_line_ids": [(0, 0, {"product_id": p.id, "quantity": q})
                              for p, q in zip(products, (48, 24, 36), strict=True)],
        })
        session.action_load()
        customers = self.env.ref("stock.stock_location_customers")
        out_type = self.env["stock.warehouse"].search([("company_id", "=", session.company_id.id)], limit=1).out_type_id
        for outlet, qty in zip(outlets, (12, 6), strict=True):
            order = self.env["dms.secondary.order"].create({
                "distributor_id": padma.id, "partner_id": outlet.id, "user_id": rep.id,
                "location_id": session.location_id.id, "dms_van_session_id": session.id,
                "line_ids": [(0, 0, {"product_id": products[0].id, "product_uom_qty": qty}),
                             (0, 0, {"product_id": products[1].id, "product_uom_qty": qty / 2})],
            })
            order.action_confirm()
            if not order.picking_ids:
                # without automatic deliveries on confirmation, deliver from the van by hand
                picking = self.env["stock.picking"].create({
                    "picking_type_id": out_type.id, "location_id": session.location_id.id,
                    "location_dest_id": customers.id, "owner_id": padma.id, "partner_id": outlet.id,
                    "dms_secondary_order_id": order.id, "origin": order.name,
                    "move_ids": [(0, 0, {
                        "name": line.product_id.name, "product_id": line.product_id.id,
                        "product_uom": line.product_id.uom_id.id, "product_uom_qty": line.product_uom_qty,
                        "location_id": session.location_id.id, "location_dest_id": customers.id,
                    }) for line in order.line_ids],
                })
                picking.action_confirm()
                picking.action_assign()
                picking.move_ids.picked = True
                picking.button_validate()  # delivers the order: its only delivery is done
            if order.state == "confirmed":
                order.action_deliver()
        # one damaged pack comes back from the first outlet
        ret = self.env["stock.picking"].create({
            "picking_type_id": out_type.return_picking_type_id.id or out_type.id, "location_id": customers.id,
            "location_dest_id": session.location_id.id, "owner_id": padma.id, "partner_id": outlets[0].id,
            "origin": session.name,
            "move_ids": [(0, 0, {
                "name": products[0].name, "product_id": products[0].id, "product_uom": products[0].uom_id.id,
                "product_uom_qty": 1, "location_id": customers.id, "location_dest_id": session.location_id.id,
            })],
        })
        ret.action_confirm()
        ret.move_ids.quantity = 1
        ret.move_ids.picked = True
        ret.button_validate()
        session.action_prefill_unload()
        soap_line = session.unload_line_ids.filtered(lambda ln: ln.product_id == products[0])
        soap_line.quantity -= 2  # one damaged (below), one missing: the variance
        self.env["dms.van.session.line"].create({
            "session_id": session.id, "line_type": "unload", "product_id": products[0].id, "quantity": 1,
            "bucket": "damaged", "reason": "Crushed pack returned by Bhai Bhai Traders"})
        session.action_unload()
        session.variance_note = "One Glow soap missing at the count."
        return session

    @api.model
    def _load_demo_collections(self):
        """Collections against Padma's invoices and one deposit with a small shortage (demo data)."""
        Collection = self.env["dms.collection"]
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            return self.env["dms.collection"]
        padma = self.env.ref("dms_sales.res_partner_distributor_padma_demo")
        rep = self.env.ref("dms_sales.res_users_rep_north1_demo")
        Move = self.env["account.move"]
        open_domain = [("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                       ("payment_state", "in", ("not_paid", "partial")), ("commercial_partner_id", "=", padma.id)]
        if not Move.search_count(open_domain):
            product = self.env.ref("dms_sales.product_product_shampoo_demo")
            today = fields.Date.context_today(self)
            invoices = Move.create([{
                "move_type": "out_invoice", "partner_id": padma.id, "company_id": company.id,
                "invoice_date": fields.Date.subtract(today, days=days), "invoice_date_due": fields.Date.subtract(
                    today, days=days - 30),
                "invoice_line_ids": [(0, 0, {"product_id": product.id, "quantity": qty, "price_unit": 200,
                                             "tax_ids": [(6, 0, [])]})],
            } for days, qty in ((45, 60), (20, 40))])
            invoices.action_post()
        oldest = Move.search(open_domain, order="invoice_date_due, id", limit=1)
        collections = Collection.create([
            {"partner_id": padma.id, "user_id": rep.id, "method": "cash", "amount": 5000,
             "invoice_ids": [(6, 0, oldest.ids)]},
            {"partner_id": padma.id, "user_id": rep.id, "method": "cash", "amount": 3000},
            {"partner_id": padma.id, "user_id": rep.id, "method": "cheque", "amount": 4000,
             "cheque_number": "0045127", "cheque_bank": "Sonali Bank"},
            {"partner_id": padma.id, "user_id": rep.id, "method": "cash", "amount": 1200},
        ])
        collections[:3].action_confirm()
        deposit = self.env["dms.cash.deposit"].create({"user_id": rep.id, "amount_deposited": 7950})
        if company.dms_cash_diff_expense_account_id or company.default_cash_difference_expense_account_id:
            deposit.action_post()
        return collections

    @api.model
    def _load_demo_cheques_mobile(self):
        """A bounced cheque of Padma (deposited, returned with a bank charge) and a bKash statement
        with two matched transactions and one that matches no collection (demo data)."""
        company = self.env.ref("base.main_company")
        if not company.chart_template or self.env["dms.mobile.provider"].search_count(
                [("company_id", "=", company.id)]):
            return  # no books, or loaded already (demo files run again on update)
        padma = self.env.ref("dms_sales.res_partner_distributor_padma_demo")
        rep = self.env.ref("dms_sales.res_users_rep_north1_demo")
        Journal = self.env["account.journal"].with_company(company)
        bank = company._dms_deposit_journal()
        wallet = Journal.search([("code", "=", "BKSH"), ("company_id", "=", company.id)], limit=1) or Journal.create({
            "name": "bKash Wallet", "code": "BKSH", "type": "bank", "company_id": company.id})
        bkash = self.env["dms.mobile.provider"].create({"name": "bKash", "journal_id": wallet.id,
                                                        "company_id": company.id})
        self.env["dms.mobile.provider"].create({"name": "Nagad", "company_id": company.id, "sequence": 20})
        today = fields.Date.context_today(self)
        Collection = self.env["dms.collection"]
        cheque = Collection.create({
            "partner_id": padma.id, "user_id": rep.id, "method": "cheque", "amount": 2500,
            "cheque_number": "0091344", "cheque_bank": "Janata Bank", "cheque_date": today})
        cheque.action_confirm()
        cheque._dms_deposit_cheque(bank, today)
        expense = self.env["account.account"].search([
            ("company_ids", "in", company.id), ("account_type", "=", "expense")], limit=1)
        cheque._dms_bounce_cheque(today, 200.0, expense, "Insufficient funds")
        mobiles = Collection.create([{
            "partner_id": padma.id, "user_id": rep.id, "method": "mobile", "amount": amount,
            "mobile_provider_id": bkash.id, "mobile_transaction_id": trx, "mobile_sender": sender,
        } for trx, amount, sender in (("BK8H3K2L9P", 1500, "01711234567"), ("BK8H3K2M1Q", 800, "01811234567"))])
        mobiles.action_confirm()
        csv = "Date,Transaction ID,Amount,Sender\n" + "".join(
            "%s,%s,%s,%s\n" % (today, trx, amount, sender) for trx, amount, sender in (
                ("BK8H3K2L9P", "1500.00", "01711234567"), ("BK8H3K2M1Q", "800.00", "01811234567"),
                ("BK8H3K2Z7X", "450.00", "01911234567")))
        statement = self.env["dms.mobile.statement"].create({
            "provider_id": bkash.id, "company_id": company.id, "file": base64.b64encode(csv.encode()),
            "file_name": "bkash-statement.csv"})
        statement.action_import()

    @api.model
    def _load_demo_trips(self, distributor_id, vehicle_ids, product_ids):
        """Demo data: stock in the distributor's saleable bucket, one delivery per outlet it serves
        in Gulshan and Uttara, two trips optimised over them."""
        Batch = self.env["stock.picking.batch"]
        distributor = self.env["res.partner"].browse(distributor_id)
        products = self.env["product.product"].browse(product_ids)
        source = distributor._dms_bucket_location("saleable")
        if not source:
            return
        # the distributor's own goods (distributor stock is owner-stamped, outside the company's
        # valuation), received like its opening stock; lot-tracked products get a lot of their own
        company = source.company_id
        Quant = self.env["stock.quant"].with_context(inventory_name=self.env._("Stock for the demo trips"))
        lots = self.env["stock.lot"].create([{
            "name": "DEMO-TRIP-%s" % (product.default_code or product.id), "product_id": product.id,
            "company_id": company.id,
            "expiration_date": fields.Datetime.now() + timedelta(days=120),
        } for product in products if product.tracking != "none"])
        move_vals = []
        for product in products:
            quant = Quant.new({
                "product_id": product.id, "location_id": source.id, "owner_id": distributor.id,
                "lot_id": lots.filtered(lambda lot, p=product: lot.product_id == p).id, "company_id": company.id,
            })
            move_vals.append(quant._get_inventory_move_values(
                2000, product.with_company(company).property_stock_inventory, source))
        self.env["stock.move"].with_context(inventory_mode=False).create(move_vals)._action_done()
        outlets = self.env["res.partner"].search([
            ("dms_distributor_id", "=", distributor.id), ("dms_role", "=", "outlet"),
            ("dms_outlet_state", "=", "approved"), ("partner_latitude", "!=", 0)], limit=12)
        picking_type = self.env["stock.warehouse"].search(
            [("company_id", "=", source.company_id.id)], limit=1).out_type_id
        customers = self.env.ref("stock.stock_location_customers")
        pickings = self.env["stock.picking"].create([{
            "picking_type_id": picking_type.id, "partner_id": outlet.id, "owner_id": distributor.id,
            "location_id": source.id, "location_dest_id": customers.id,
            "move_ids": [fields.Command.create({
                "name": product.display_name, "product_id": product.id, "product_uom": product.uom_id.id,
                "product_uom_qty": 24 * (1 + (i + j) % 4), "location_id": source.id,
                "location_dest_id": customers.id, "restrict_partner_id": distributor.id,
            }) for j, product in enumerate(products)],
        } for i, outlet in enumerate(outlets)])
        pickings.action_confirm()
        pickings.action_assign()
        batches = Batch.create([{"vehicle_id": vid, "picking_type_id": picking_type.id,
                                "company_id": source.company_id.id} for vid in vehicle_ids])
        # the demo outlets' closing days must not block the demo: plan for the next open Sunday-Wednesday
        day = fields.Date.context_today(self)
        closed = {int(d) for d in outlets.mapped("dms_closed_weekday") if d}
        while day.weekday() in closed:
            day += timedelta(days=1)
        batches.with_context(dms_solver_seconds=1.0)._dms_optimise(pickings, day)

    @api.model
    def _load_demo_books_collections(self):
        """Karnaphuli Traders bills its Savar outlets here: rep_central1 collects from them (cash
        applied to a bill, two cheques, bKash) and closes the day 50 short; the principal's
        accountant deposits the cheques in the distributor's bank, one clears and one bounces with
        a bank charge (the outlet is flagged, its credit held); the distributor's bKash statement
        matches the rep's transaction and lists one it cannot match. Every step by the models' own
        actions, as the user who does it (demo data; runs once)."""
        Collection = self.env["dms.collection"]
        distributor = self.env.ref("dms_sales.res_partner_karnaphuli_distributor_demo", raise_if_not_found=False)
        books = distributor.dms_books_company_id if distributor else self.env["res.company"]
        principal = self.env.ref("base.main_company")
        bkash = self.env["dms.mobile.provider"].search(
            [("name", "=", "bKash"), ("company_id", "=", principal.id)], limit=1)
        if not (books.chart_template and principal.chart_template and bkash) or self.env[
                "dms.mobile.statement"].search_count([("company_id", "=", books.id)], limit=1):
            return Collection  # no books, or loaded already (demo files run again on update)
        rep = self.env.ref("dms_sales.res_users_rep_central1_demo")
        accountant = self.env.ref("base.user_admin")
        # the rep's territory (Savar, linked by the demo file) is read back in SQL by the collector's
        # scope check: write it to the database first
        self.env.flush_all()
        store = self.env.ref("dms_sales.res_partner_karnaphuli_outlet_1_demo")
        pharmacy = self.env.ref("dms_sales.res_partner_karnaphuli_outlet_2_demo")
        store_bill = self.env["account.move"].search([
            ("company_id", "=", books.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("commercial_partner_id", "=", store.id)], order="id", limit=1)
        today = fields.Date.context_today(self)
        # the distributor's settings, as its accountant would set them: bank charges, and a bounced
        # cheque holds the outlet's credit
        charges = self.env["account.account"].search([
            ("company_ids", "in", books.id), ("account_type", "=", "expense"), ("name", "ilike", "bank")],
            limit=1) or self.env["account.account"].search([
                ("company_ids", "in", books.id), ("account_type", "=", "expense")], limit=1)
        books.write({"dms_cheque_bounce_account_id": charges.id, "dms_bounce_blocks_credit": True})

        # the rep's day: recorded and confirmed as the rep (the money lands in the distributor's books)
        collections = Collection.with_user(rep).create([
            {"partner_id": store.id, "method": "cash", "amount": 2000, "date": today,
             "invoice_ids": [Command.set(store_bill.ids)]},
            {"partner_id": store.id, "method": "cheque", "amount": 3000, "date": today, "cheque_date": today,
             "cheque_number": "1183407", "cheque_bank": "Dutch-Bangla Bank",
             "invoice_ids": [Command.set(store_bill.ids)]},
            {"partner_id": store.id, "method": "cheque", "amount": 1500, "date": today, "cheque_date": today,
             "cheque_number": "0772915", "cheque_bank": "Islami Bank Bangladesh",
             "invoice_ids": [Command.set(store_bill.ids)]},
            {"partner_id": pharmacy.id, "method": "cash", "amount": 1500, "date": today},
            {"partner_id": pharmacy.id, "method": "mobile", "amount": 2000, "date": today,
             "mobile_provider_id": bkash.id, "mobile_transaction_id": "BK7R2D9X4M", "mobile_sender": "01712345678"},
        ])
        collections.action_confirm()
        cleared, bounced = collections[1], collections[2]
        # the rep hands over the cash 50 short, both cheques and shows the bKash message
        close = self.env["dms.cash.deposit"].with_user(rep).create({
            "date": today, "amount_deposited": 3450, "cheque_count_counted": 2, "amount_cheque_counted": 4500,
            "amount_mobile_counted": 2000})
        close.action_post()

        # the accountant deposits the cheques in the distributor's bank; the bank clears one and
        # returns the other with a charge
        deposit = self.env["dms.cheque.deposit"].with_user(accountant).create(
            {"collection_ids": [Command.set((cleared | bounced).ids)], "date": today})
        deposit.action_deposit()
        cleared.with_user(accountant).action_clear_cheque()
        self.env["dms.cheque.bounce"].with_user(accountant).create({
            "collection_id": bounced.id, "date": today, "reason": "Insufficient funds", "charge_amount": 150,
        }).action_bounce()

        # the distributor's bKash statement: the rep's transaction, and one nobody recorded
        provider = self.env["dms.mobile.provider"].search(
            [("name", "=", bkash.name), ("company_id", "=", books.id)], limit=1)
        csv = "Date,Transaction ID,Amount,Sender\n%(day)s,BK7R2D9X4M,2000.00,01712345678\n" \
              "%(day)s,BK7R2F3K8N,650.00,01898765432\n" % {"day": today}
        statement = self.env["dms.mobile.statement"].with_user(accountant).with_company(books).create({
            "provider_id": provider.id, "company_id": books.id, "file": base64.b64encode(csv.encode()),
            "file_name": "bkash-karnaphuli.csv"})
        statement.action_import()
        return collections
