"""The sync API's resources: what each one serves (pull) and accepts (push).

One ``Resource`` per name in the URL ``/dms/api/v1/<name>``. Adding a resource (beats, visits,
collections, goods receipts...) is one entry in ``RESOURCES``: the model, the fields served, the
domain that scopes it (record rules of the API user apply on top, always), and for push the
pydantic model of a pushed record (``engine.payload``) and the fields answered. A declaration
only: what a pushed record becomes is the model's business, in its ``_dms_api_push`` or, for a
model that creates a batch at once, its ``_dms_api_push_batch`` (``models/<model>.py``).
The OpenAPI document (static/api/openapi.json) is checked against this registry by the tests.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from odoo import fields as ofields
from odoo.osv import expression

from .engine.payload import Base64, Choice, Date, DateTime, List, Number, PushRecord, Ref, Str, Uuid

MAX_BATCH = 100  # records per push
MAX_BODY = 1024 * 1024  # bytes per request
MAX_BODY_PHOTOS = 8 * 1024 * 1024  # bytes per request of a resource carrying photos (visits)
MAX_PHOTO = 2 * 1024 * 1024  # bytes of one photo, decoded
MAX_LIMIT = 500  # records per pulled page
DEFAULT_LIMIT = 100


@dataclass
class Resource:
    name: str
    model: str
    summary: str
    fields: list  # stored fields served, read with load=None (many2one as plain ids)
    domain: Callable  # env -> domain scoping the resource (on top of the user's record rules)
    open_domain: Callable = None  # env -> domain of "current" records: a first pull serves only
    # those; later pulls also serve records that left it, with "active": false
    extra: Callable = None  # (records, rows) -> None: adds nested or computed values to rows
    push_model: type = None  # pydantic model of one pushed record (engine.payload.PushRecord), "uuid"
    # included; the Odoo model inherits dms.api.pushed.mixin and creates the records in
    # _dms_api_push_batch(clean records), by default _dms_api_push(clean record) for each
    push_fields: list = field(default_factory=list)  # fields answered after a push
    max_body: int = MAX_BODY  # bytes per pushed request
    filters: dict = field(default_factory=dict)  # extra query parameter -> (env, value) -> domain,
    # raising ValueError on a bad value (answered 400 invalid_parameter)
    beyond_rules: Callable = None  # env -> domain of records served besides those the user's record
    # rules let through (which the rules hide, e.g. another company's), or None; built with the user's
    # rights, so that it names only what the user may see: those records are searched and read as
    # superuser
    deletions_beyond_rules: Callable = None  # env -> ids of the companies whose deletions of the model
    # the user hears of besides those the tombstone rule lets through (the companies of beyond_rules),
    # or None: a record served beyond the rules and deleted since is reported deleted too


# Scopes --------------------------------------------------------------------------------------

def _visible_distributors(env):
    """Distributors whose data the API user works with: those serving the outlets the user can
    see (a rep's territories, a distributor's own), and the user's own company if a distributor."""
    Partner = env["res.partner"]
    ids = {partner.id for [partner] in Partner._read_group(
        [("dms_role", "=", "outlet"), ("dms_distributor_id", "!=", False)], ["dms_distributor_id"])}
    commercial = env.user.commercial_partner_id
    if commercial.dms_role in ("distributor", "wholesaler"):
        ids.add(commercial.id)
    return Partner.browse(sorted(ids))


def _prices_domain(env):
    return [("pricelist_id", "in", _visible_distributors(env).dms_secondary_pricelist_id.ids)]


def _stock_domain(env):
    return [("location_id.dms_distributor_id", "in", _visible_distributors(env).ids),
            ("location_id.usage", "=", "internal")]


def _scheme_open_domain(env):
    today = ofields.Date.context_today(env["dms.scheme"])
    return [("active", "=", True), "|", ("date_to", "=", False), ("date_to", ">=", today)]


def _scheme_extra(records, rows):
    slabs = records.slab_ids.read(
        ["scheme_id", "threshold", "discount_type", "discount_value", "get_product_id", "get_qty"], load=None)
    by_scheme = {}
    for slab in slabs:
        by_scheme.setdefault(slab.pop("scheme_id"), []).append(slab)
    combos = records.combo_line_ids.read(["scheme_id", "product_id", "min_qty"], load=None)
    by_combo = {}
    for combo in combos:
        by_combo.setdefault(combo.pop("scheme_id"), []).append(combo)
    for row in rows:
        row["slabs"] = by_scheme.get(row["id"], [])
        row["combo"] = by_combo.get(row["id"], [])


def _outlet_extra(records, rows):
    """The outlet's territory with its ancestors (schemes scoped to a territory cover its subtree)
    and the geofence radius of its company (check-ins farther away are flagged)."""
    default_radius = records.env.company.dms_visit_fence_radius
    by_id = {outlet.id: outlet for outlet in records}
    for row in rows:
        outlet = by_id[row["id"]]
        path = outlet.dms_territory_id.parent_path or ""
        row["territory_path"] = [int(t) for t in path.split("/") if t]
        row["fence_radius"] = outlet.company_id.dms_visit_fence_radius if outlet.company_id else default_radius


def _product_extra(records, rows):
    """The product's category with its ancestors (scheme categories cover their subtree) and the
    units in a case (its first sales packaging; 0 when it has none)."""
    by_id = {product.id: product for product in records}
    for row in rows:
        product = by_id[row["id"]]
        row["categ_path"] = [int(c) for c in (product.categ_id.parent_path or "").split("/") if c]
        row["units_per_case"] = product.packaging_ids.filtered("sales")[:1].qty or 0.0


def _orders_date_filter(env, value):
    if len(value) != 10:
        raise ValueError(value)
    return [("date_order", ">=", ofields.Date.to_date(value))]


def _order_extra(records, rows):
    lines = records.line_ids.read(
        ["order_id", "product_id", "product_uom_qty", "price_unit", "discount", "price_subtotal", "is_reward",
         "scheme_id"], load=None)
    by_order = {}
    for line in lines:
        by_order.setdefault(line.pop("order_id"), []).append(line)
    for row in rows:
        row["lines"] = by_order.get(row["id"], [])


def _rep_outlets_by_books(env):
    """{company id: ids of the rep's outlets billed there} for the companies of the rep's outlets'
    distributors that bill their outlets here (*Bills outlets here*); empty for other users:
    distributor staff and the principal's users read those books by their own rules when granted."""
    if not env.user.has_group("dms_sales.group_dms_rep"):
        return {}
    # the rep's outlets, with the rep's rights and as the rep's invoice rule reads them
    outlets = env["res.partner"].search([
        ("dms_role", "=", "outlet"), ("dms_distributor_id", "!=", False),
        ("dms_territory_id.member_user_ids", "in", env.uid)])
    # sudo: where each of those outlets' distributors keeps its books (mode and company), read only
    distributors = outlets.dms_distributor_id.sudo().filtered(
        lambda d: d.dms_books == "own" and d.dms_books_company_id)
    by_books = {}
    for outlet in outlets:
        books = outlet.dms_distributor_id & distributors
        if books:
            by_books.setdefault(books.dms_books_company_id.id, []).append(outlet.id)
    return by_books


def _invoices_in_distributor_books(env):
    """A rep's outlets' bills in the company of their distributor when it bills its outlets here:
    the rep has no access to that company, and reads its outlets' dues there and nothing else of it
    (the same bills a pushed collection may name). None for other users."""
    by_books = _rep_outlets_by_books(env)
    if not by_books:
        return None
    return expression.OR([[("company_id", "=", company_id), ("commercial_partner_id", "in", outlet_ids)]
                          for company_id, outlet_ids in sorted(by_books.items())])


def _invoice_deletions_in_distributor_books(env):
    """The companies of those bills: a bill deleted there (cancelled, then deleted) is reported to
    the rep like one of the principal's. A tombstone keeps no partner, so the rep hears of every
    bill deleted in those books: ids only, which the phone ignores when it never had them."""
    return sorted(_rep_outlets_by_books(env)) or None


def _invoice_extra(records, rows):
    """Who billed (the distributor whose books hold the bill, else the company) and the currency's
    ISO code: a distributor's company and currency are not among what the phone pulls."""
    # sudo: names of the company and distributor of bills already served (searched above)
    by_id = {move.id: move for move in records.sudo()}
    for row in rows:
        move = by_id[row["id"]]
        company = move.company_id
        row["biller"] = company.dms_distributor_id.name or company.name
        row["currency"] = move.currency_id.name


# Push ----------------------------------------------------------------------------------------

class SecondaryOrderLineRecord(PushRecord):
    product_id: Ref("product.product")
    qty: Number(0, 100000, exclusive_minimum=True, description="Quantity in the product's unit.")
    suggested_qty: Number(0, 100000, description="Quantity the suggested order proposed for this line "
                                                 "(suggested_order), to measure how much of it reps keep.") = None


class SecondaryOrderRecord(PushRecord):
    uuid: Uuid(description="Generated by the client; pushing it again answers the same order.")
    outlet_id: Ref("res.partner", description="Outlet ordering (from the outlets resource).")
    date_order: DateTime(description="When the order was taken (ISO 8601, UTC if no offset), now or before: more "
                                     "than an hour ahead of the server's clock is refused. Default: now.") = None
    note: Str(1000, description="Free text from the rep.") = None
    lines: List(SecondaryOrderLineRecord, max_items=200, min_items=1)
    suggested_line_count: Number(0, 200, description="Lines the suggested order proposed, kept or not "
                                                     "(0 or absent: not taken from a suggestion).") = None


def _visits_date_filter(env, value):
    if len(value) != 10:
        raise ValueError(value)
    return [("planned_date", "=", ofields.Date.to_date(value))]


def _visit_open_domain(env):
    today = ofields.Date.context_today(env["dms.visit"])
    return [("planned_date", ">=", today), ("state", "!=", "cancelled")]


def _beat_extra(records, rows):
    lines = records.line_ids.sorted(lambda ln: (ln.beat_id.id, ln.sequence, ln.id))
    by_beat = {}
    for line in lines:
        by_beat.setdefault(line.beat_id.id, []).append(line.partner_id.id)
    for row in rows:
        row["outlet_ids"] = by_beat.get(row["id"], [])


class VisitRecord(PushRecord):
    uuid: Uuid(description="Generated by the client; pushing it again answers the same visit.")
    visit_id: Ref("dms.visit",
                  description="Planned visit made (from the visits resource). Give it or outlet_id.") = None
    outlet_id: Ref("res.partner", description="Outlet of an unplanned visit. Give it or visit_id.") = None
    check_in_time: DateTime(description="Check-in (ISO 8601, UTC if no offset). Required unless the visit is "
                                        "skipped.") = None
    check_in_latitude: Number(-90, 90, description="Required with check_in_time.") = None
    check_in_longitude: Number(-180, 180, description="Required with check_in_time.") = None
    check_in_accuracy: Number(0, 100000, description="Accuracy the device reported, in metres.") = None
    check_out_time: DateTime(description="Check-out; without it the visit stays in progress.") = None
    check_out_latitude: Number(-90, 90) = None
    check_out_longitude: Number(-180, 180) = None
    check_out_accuracy: Number(0, 100000) = None
    order_uuid: Uuid(description="Outcome: the secondary order taken (its uuid, pushed before).") = None
    order_id: Ref("dms.secondary.order", description="Outcome: the secondary order taken (its id).") = None
    no_order_reason_id: Ref("dms.no.order.reason", description="Outcome: why nothing was ordered.") = None
    notes: Str(2000) = None
    photo: Base64(MAX_PHOTO, description="Shelf or shop front photo (JPEG/PNG), base64, at most 2 MB decoded.") = None
    skip_reason_id: Ref("dms.visit.skip.reason",
                        description="Skip the planned visit (visit_id) for this reason, instead of checking in: "
                                    "no check-in, check-out nor outcome with it. Under a beat's sequence lock, a "
                                    "skip frees the next outlet; push a day's records in the order they were "
                                    "made.") = None
    skip_time: DateTime(description="When the rep skipped the visit. Default: now.") = None


class CollectionRecord(PushRecord):
    uuid: Uuid(description="Generated by the client; pushing it again answers the same collection, and never "
                           "records a second payment.")
    partner_id: Ref("res.partner", description="Outlet or distributor who paid.")
    amount: Number(0, 1e9, exclusive_minimum=True, description="Amount received.")
    method: Choice("cash", "cheque", "mobile")
    date: Date(description="Day the money was received. Default: today.") = None
    cheque_number: Str(64, min_len=1, description="Required for a cheque.") = None
    cheque_bank: Str(128) = None
    cheque_date: Date() = None
    mobile_provider_id: Ref("dms.mobile.provider", description="Mobile money: the provider (required).") = None
    mobile_transaction_id: Str(64, min_len=1, description="Mobile money: the provider's transaction id "
                                                          "(required, unique per provider).") = None
    mobile_sender: Str(32, description="Mobile money: the wallet number it came from.") = None
    picking_id: Ref("stock.picking", description="A driver's collection at the door: the stop (from the stops "
                                                 "resource) whose customer paid.") = None
    invoice_ids: List(Ref("account.move"), max_items=50,
                      description="Open invoices this pays (from the invoices resource). Empty: the oldest.") = None
    note: Str(1000) = None


class RepDayRecord(PushRecord):
    uuid: Uuid(description="Generated by the client for this start or end; pushing it again answers the same day.")
    date: Date(description="The rep's own date (the phone's local day) the working day belongs to.")
    event: Choice("start", "end", description="start: Start day (once per date); end: End day, after its start.")
    time: DateTime(description="When the button was pressed (ISO 8601, UTC if no offset).")
    latitude: Number(-90, 90, description="The phone's position; leave out both without a GPS fix.") = None
    longitude: Number(-180, 180) = None
    accuracy: Number(0, 100000, description="Accuracy the device reported, in metres.") = None
    missed_reason_id: Ref("dms.visit.skip.reason",
                          description="End day: the reason given to the day's planned visits not made, which "
                                      "become missed. Default: Not visited.") = None


class OutletProposalRecord(PushRecord):
    uuid: Uuid(description="Generated by the client when the outlet is proposed; pushing it again answers the "
                           "same outlet.")
    name: Str(128, min_len=1, description="Name of the shop.")
    owner: Str(128, description="Owner's name: a contact of the outlet, with the phone.") = None
    phone: Str(32, description="The shop's phone number (duplicates are looked for by its digits).") = None
    territory_id: Ref("dms.territory", description="One of the rep's territories (territories resource). "
                                                   "Default: the rep's own territory, if only one.") = None
    channel_id: Ref("dms.channel", description="Trade channel (channels resource).") = None
    outlet_class_id: Ref("dms.outlet.class", description="Outlet class (outlet_classes resource).") = None
    street: Str(256) = None
    city: Str(128) = None
    latitude: Number(-90, 90, description="The phone's position at the shop; leave out both without a "
                                          "GPS fix.") = None
    longitude: Number(-180, 180) = None
    accuracy: Number(0, 100000, description="Accuracy the device reported, in metres.") = None
    photo: Base64(MAX_PHOTO, description="Shop front photo (JPEG/PNG), base64, at most 2 MB decoded.") = None


class ReturnLineRecord(PushRecord):
    product_id: Ref("product.product")
    qty: Number(0, 100000, exclusive_minimum=True, description="Quantity returned, in the product's unit.")
    reason_id: Ref("dms.return.reason", description="Why the outlet returns it (return_reasons resource).")


class StockReturnRecord(PushRecord):
    uuid: Uuid(description="Generated by the client when the return is recorded; pushing it again answers the "
                           "same return.")
    outlet_id: Ref("res.partner", description="Outlet returning the goods (one of the rep's outlets).")
    date: DateTime(description="When the goods were taken back (ISO 8601). Default: when it arrives.") = None
    note: Str(1000) = None
    lines: List(ReturnLineRecord, max_items=200, min_items=1)


def _return_extra(records, rows):
    lines = records.line_ids.read(["return_id", "product_id", "qty", "reason_id"], load=None)
    by_return = {}
    for line in lines:
        by_return.setdefault(line.pop("return_id"), []).append(line)
    for row in rows:
        row["lines"] = by_return.get(row["id"], [])


def _assortment_open_domain(env):
    today = ofields.Date.context_today(env["dms.assortment"])
    return [("active", "=", True), "|", ("date_to", "=", False), ("date_to", ">=", today)]


def _assortment_extra(records, rows):
    """Each list's products (the lines' rules are the list's own: a rep who reads it reads them)."""
    lines = records.line_ids.read(["assortment_id", "product_id", "min_qty"], load=None)
    by_list = {}
    for line in lines:
        by_list.setdefault(line.pop("assortment_id"), []).append(line)
    for row in rows:
        row["lines"] = by_list.get(row["id"], [])


def _stops_domain(env):
    return env["stock.picking"]._dms_api_driver_domain()


def _outlets_domain(env):
    """Outlets the user sells to or serves; a driver without sales rights (the Driver group), who
    reads contacts as every internal user does, gets only the outlets of their own stops."""
    if env.user.has_group("dms_sales.group_dms_rep") or env.user.has_group("dms_sales.group_dms_distributor"):
        return [("dms_role", "=", "outlet")]
    stops = env["stock.picking"].search(_stops_domain(env) + _stop_open_domain(env))
    return [("dms_role", "=", "outlet"), ("id", "in", stops.partner_id.commercial_partner_id.ids)]


def _stop_open_domain(env):
    """Stops of open trips, and those recorded today (the day's work stays on the phone)."""
    start = ofields.Datetime.to_datetime(ofields.Date.context_today(env["stock.picking"]))
    tz_offset = ofields.Datetime.context_timestamp(env["stock.picking"], start).utcoffset()
    return ["|", ("batch_id.state", "in", ("draft", "in_progress")), ("dms_delivered_at", ">=", start - tz_offset)]


def _stop_extra(records, rows):
    """Each stop's outlet (address, coordinates), trip and depot, and its goods per lot."""
    # sudo: the addresses and goods of the stops the user's rules let through (above), which a
    # driver needs and may not otherwise read (an outlet outside their territories, lots)
    stops = records.sudo()
    by_id = {}
    for picking in stops:
        partner, trip, depot = picking.partner_id, picking.batch_id, picking._dms_depot_partner()
        by_id[picking.id] = {
            "outlet": {"name": partner.display_name, "street": partner.street or "", "city": partner.city or "",
                       "phone": partner.phone or partner.mobile or "", "latitude": partner.partner_latitude,
                       "longitude": partner.partner_longitude},
            "trip": {"name": trip.name, "state": trip.state, "vehicle": trip.vehicle_id.display_name or "",
                     "scheduled_date": ofields.Datetime.to_string(trip.scheduled_date) or None},
            "depot": {"name": depot.display_name, "latitude": depot.partner_latitude,
                      "longitude": depot.partner_longitude},
            "amount_to_collect": picking.dms_amount_to_collect,
            "currency": picking.dms_currency_id.name or "",
            "lines": [{"id": ml.id, "product_id": ml.product_id.id, "product": ml.product_id.display_name,
                       "lot": ml.lot_id.name or "", "quantity": ml.quantity, "uom": ml.product_uom_id.name,
                       "rounding": ml.product_uom_id.rounding}
                      for ml in picking.move_line_ids.sorted(lambda ml: (ml.product_id.display_name, ml.id))],
        }
    for row in rows:
        row.update(by_id[row["id"]])


class DeliveryLineRecord(PushRecord):
    move_line_id: Ref("stock.move.line", description="The stop's goods (lines[].id of the stops resource).")
    delivered_qty: Number(0, 1e9, description="Quantity the customer accepted; 0 to the loaded quantity.")
    reason_id: Ref("dms.delivery.failure.reason",
                   description="Why less than loaded was delivered (required then).") = None


class StopRecord(PushRecord):
    uuid: Uuid(description="Generated by the client; pushing it again answers the same delivery, recorded once.")
    picking_id: Ref("stock.picking", description="The stop delivered (from the stops resource).")
    lines: List(DeliveryLineRecord, max_items=500, min_items=1,
                description="Every line of the stop's goods, once, with what was delivered.")
    delivered_at: DateTime(description="When the driver recorded it (ISO 8601). Default: when it arrives.") = None
    signature: Base64(MAX_PHOTO, description="Customer's signature (PNG), base64.") = None
    photo: Base64(MAX_PHOTO, description="Photo of the delivered goods (JPEG/PNG), base64, at most 2 MB.") = None
    note: Str(2000) = None

# The registry --------------------------------------------------------------------------------

RESOURCES = {r.name: r for r in [
    Resource(
        "outlets", "res.partner", "Outlets the user can see, with coordinates.",
        ["name", "dms_outlet_code", "dms_territory_id", "dms_distributor_id", "dms_channel_id",
         "dms_outlet_class_id", "dms_outlet_state", "partner_latitude", "partner_longitude", "street", "city",
         "phone", "mobile", "dms_opening_time", "dms_closing_time", "dms_closed_weekday", "company_id",
         "active"],
        _outlets_domain,
        extra=_outlet_extra,
    ),
    Resource(
        "distributors", "res.partner", "Distributors serving the user's outlets, with their outlet "
        "pricelist and stock location.",
        ["name", "dms_role", "dms_secondary_pricelist_id", "dms_stock_location_id", "dms_covered_territory_ids",
         "active"],
        lambda env: [("id", "in", _visible_distributors(env).ids)],
    ),
    Resource(
        "products", "product.product", "Products that can be sold.",
        ["name", "default_code", "barcode", "uom_id", "categ_id", "product_tmpl_id", "lst_price", "sale_ok",
         "active"],
        lambda env: [("sale_ok", "=", True)],
        extra=_product_extra,
    ),
    Resource(
        "prices", "product.pricelist.item", "Rules of the outlet pricelists of the user's distributors.",
        ["pricelist_id", "applied_on", "product_id", "product_tmpl_id", "categ_id", "min_quantity",
         "compute_price", "fixed_price", "percent_price", "price_discount", "base", "date_start", "date_end"],
        _prices_domain,
    ),
    Resource(
        "schemes", "dms.scheme", "Trade schemes with their slabs (threshold, discount_type, discount_value; "
        "get_product_id and get_qty on the tiers of tiered free goods, is_tiered); expired or archived ones come "
        "with active false.",
        ["name", "code", "company_id", "sequence", "date_from", "date_to", "rule_type", "stackable", "apply_on",
         "territory_ids",
         "channel_ids", "outlet_class_ids", "distributor_ids", "product_ids", "categ_ids", "qty_uom", "buy_qty",
         "get_product_id", "get_qty", "is_tiered", "is_repeating", "combo_discount", "active"],
        lambda env: [],
        open_domain=_scheme_open_domain,
        extra=_scheme_extra,
    ),
    Resource(
        "stock", "stock.quant", "Stock in the distributors' locations, by lot with expiry.",
        ["product_id", "location_id", "lot_id", "quantity", "reserved_quantity", "expiration_date"],
        _stock_domain,
    ),
    Resource(
        "invoices", "account.move", "Posted customer invoices of the user's outlets and distributors, "
        "to collect, from the principal's books and, for a rep, the bills of the rep's outlets in the books of "
        "their distributor when it bills its outlets here; with currency (ISO code) and biller (who billed: the "
        "distributor, or the principal company). A first pull serves the open ones; later pulls also those paid "
        "(amount_residual 0) or cancelled since, with active false, and in deleted those deleted since, from "
        "either books.",
        ["name", "partner_id", "commercial_partner_id", "invoice_date", "invoice_date_due", "currency_id",
         "amount_total", "amount_residual", "payment_state", "state"],
        lambda env: [("move_type", "=", "out_invoice"), ("state", "in", ("posted", "cancel")),
                     ("commercial_partner_id.dms_role", "in", ("outlet", "distributor", "wholesaler"))],
        # a payment, its reconciliation or a bounce's reversal changes amount_residual and
        # payment_state, stored computed fields of the move: their recomputation writes the move
        # (write_date set, as every ORM write of a computed field), so the bill comes down again
        # (test_api_invoices_books: paid in the distributor's company, pulled with the cursor)
        open_domain=lambda env: [("state", "=", "posted"), ("payment_state", "in", ("not_paid", "partial"))],
        extra=_invoice_extra,
        beyond_rules=_invoices_in_distributor_books,
        deletions_beyond_rules=_invoice_deletions_in_distributor_books,
    ),
    Resource(
        "secondary_orders", "dms.secondary.order", "Secondary orders (pull: those the user can see, "
        "with lines; push: new draft orders from the field app).",
        ["name", "state", "partner_id", "distributor_id", "user_id", "date_order", "currency_id",
         "amount_untaxed", "amount_total", "client_uuid", "origin"],
        lambda env: [],
        extra=_order_extra,
        filters={"date_from": _orders_date_filter},
        push_model=SecondaryOrderRecord,
        push_fields=["name", "state", "amount_total"],
    ),
    Resource(
        "beats", "dms.beat", "The user's beats (routes), with their outlets in visiting order (outlet_ids).",
        ["name", "code", "user_id", "distributor_id", "territory_id", "frequency", "on_monday", "on_tuesday",
         "on_wednesday", "on_thursday", "on_friday", "on_saturday", "on_sunday", "fortnight_week",
         "fortnight_anchor", "month_week_1", "month_week_2", "month_week_3", "month_week_4", "month_week_5",
         "date_start", "date_end", "sequence_lock", "active"],
        lambda env: [("user_id", "=", env.uid)],
        extra=_beat_extra,
    ),
    Resource(
        "no_order_reasons", "dms.no.order.reason", "Reasons a visit ends without an order.",
        ["name", "sequence", "company_id", "active"],
        lambda env: [],
    ),
    Resource(
        "skip_reasons", "dms.visit.skip.reason", "Reasons a rep skips a planned visit.",
        ["name", "sequence", "company_id", "active"],
        lambda env: [],
    ),
    Resource(
        "visits", "dms.visit", "The user's visits (pull: a first pull serves today's and later ones, "
        "?date=YYYY-MM-DD one day's plan; push: a planned visit made, or an unplanned one).",
        ["user_id", "partner_id", "beat_id", "territory_id", "distributor_id", "planned_date", "sequence",
         "is_planned", "state", "check_in_time", "check_in_latitude", "check_in_longitude", "check_in_accuracy",
         "check_out_time", "check_out_latitude", "check_out_longitude", "check_out_accuracy", "distance_m",
         "out_of_fence", "order_id", "no_order_reason_id", "outcome", "notes", "client_uuid", "skip_reason_id",
         "skip_time"],
        lambda env: [("user_id", "=", env.uid)],
        open_domain=_visit_open_domain,
        push_model=VisitRecord,
        push_fields=["state", "planned_date", "out_of_fence", "distance_m", "outcome", "skip_reason_id"],
        max_body=MAX_BODY_PHOTOS,
        filters={"date": _visits_date_filter},
    ),
    Resource(
        "collections", "dms.collection", "The user's collections (pull: with their state and payment; "
        "push: money received, confirmed at once; a cheque is recorded as received, with no payment; mobile "
        "money is posted to its provider's journal).",
        ["name", "client_uuid", "state", "date", "partner_id", "user_id", "method", "amount", "currency_id",
         "cheque_number", "cheque_bank", "cheque_date", "mobile_provider_id", "mobile_transaction_id",
         "mobile_sender", "invoice_ids", "payment_id", "picking_id", "note"],
        lambda env: [("user_id", "=", env.uid)],
        push_model=CollectionRecord,
        push_fields=["name", "state", "amount", "payment_id"],
    ),
    Resource(
        "stops", "stock.picking", "Stops of the user's delivery trips (the trip's responsible or driver), with "
        "outlet, trip, depot and goods per lot (lines); a first pull serves the stops of open trips and those "
        "recorded today. Push: a proof of delivery of a stop, recorded as the back office records it (partial "
        "quantities with a reason per short line, signature, photo).",
        ["name", "origin", "state", "batch_id", "partner_id", "dms_stop_sequence", "dms_eta", "dms_distance_prev_km",
         "scheduled_date", "dms_delivery_state", "dms_delivered_at", "dms_failure_reason_id", "client_uuid"],
        _stops_domain,
        open_domain=_stop_open_domain,
        extra=_stop_extra,
        push_model=StopRecord,
        push_fields=["state", "dms_delivery_state", "dms_delivered_at"],
        max_body=MAX_BODY_PHOTOS,
    ),
    Resource(
        "rep_days", "dms.rep.day", "The user's working days (pull: start and end with their GPS; push: Start "
        "day or End day, one working day per date).",
        ["user_id", "date", "start_time", "start_latitude", "start_longitude", "start_accuracy", "has_start_gps",
         "end_time", "end_latitude", "end_longitude", "end_accuracy", "has_end_gps", "state", "worked_hours",
         "client_uuid", "end_client_uuid"],
        lambda env: [("user_id", "=", env.uid)],
        push_model=RepDayRecord,
        push_fields=["date", "state", "start_time", "end_time"],
    ),
    Resource(
        "territories", "dms.territory", "The territories the user works in (assigned or below), where a rep may "
        "propose outlets.",
        ["name", "code", "complete_name", "parent_id", "company_id", "active"],
        lambda env: [("member_user_ids", "in", env.uid)],
    ),
    Resource(
        "channels", "dms.channel", "Trade channels of outlets.",
        ["name", "active"],
        lambda env: [],
    ),
    Resource(
        "outlet_classes", "dms.outlet.class", "Classes of outlets.",
        ["name", "active"],
        lambda env: [],
    ),
    Resource(
        "outlet_proposals", "res.partner", "Outlets the user proposed from the field app (pull: with their "
        "approval state; push: a new outlet, proposed in one of the user's territories, with the phone's "
        "position, for a supervisor to approve).",
        ["name", "client_uuid", "dms_outlet_state", "dms_territory_id", "dms_distributor_id", "dms_channel_id",
         "dms_outlet_class_id", "phone", "street", "city", "partner_latitude", "partner_longitude",
         "dms_duplicate_ids", "active"],
        lambda env: [("dms_role", "=", "outlet"), ("client_uuid", "!=", False), ("create_uid", "=", env.uid)],
        push_model=OutletProposalRecord,
        push_fields=["name", "dms_outlet_state", "dms_territory_id", "dms_distributor_id", "dms_duplicate_ids"],
        max_body=MAX_BODY_PHOTOS,
    ),
    Resource(
        "return_reasons", "dms.return.reason", "Why an outlet returns goods.",
        ["name", "code", "sequence", "bucket", "active"],
        lambda env: [],
    ),
    Resource(
        "stock_returns", "dms.stock.return", "Goods returned by the user's outlets (pull: the returns the user "
        "recorded, with lines; push: a draft return for the outlet's distributor to validate).",
        ["name", "client_uuid", "state", "partner_id", "distributor_id", "date", "user_id", "note"],
        lambda env: [("user_id", "=", env.uid)],
        extra=_return_extra,
        push_model=StockReturnRecord,
        push_fields=["name", "state", "partner_id", "distributor_id"],
    ),
    Resource(
        "mobile_providers", "dms.mobile.provider", "Mobile money providers (bKash, Nagad...) a collection names.",
        ["name", "sequence", "company_id", "active"],
        lambda env: [],
    ),
    Resource(
        "assortments", "dms.assortment", "Must-sell and focus lists of the user's territories, with their scope "
        "and products (lines: product_id, min_qty); a first pull serves the current ones, later pulls also "
        "those that ended, with active false.",
        ["name", "list_type", "sequence", "company_id", "date_from", "date_to", "territory_ids", "channel_ids",
         "outlet_class_ids", "partner_ids", "active"],
        lambda env: [],
        open_domain=_assortment_open_domain,
        extra=_assortment_extra,
    ),
    Resource(
        "delivery_reasons", "dms.delivery.failure.reason", "Reasons a stop is not (fully) delivered.",
        ["name", "sequence", "active"],
        lambda env: [],
    ),
]}


# Endpoints that are not resources ------------------------------------------------------------

class ShelfCountRecord(PushRecord):
    product_id: Ref("product.product")
    qty: Number(0, 100000, description="Units counted on the outlet's shelf at the visit.")


class SuggestedOrderRequest(PushRecord):
    outlet_id: Ref("res.partner", description="Outlet visited (from the outlets resource).")
    date: Date(description="Day of the visit. Default: today.") = None
    shelf_stock: List(ShelfCountRecord, max_items=500, description="Shelf count taken at the visit, if any: "
                      "it reduces the suggestion of the products counted.") = None
