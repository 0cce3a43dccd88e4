"""Distributor portal: secondary orders, stock, goods receipts, claims and the statement of
account of the portal user's distributor.

Lists search as the user (record rules keep other distributors out) and only render with sudo;
detail pages go through ``_document_check_access``, so guessing another distributor's id in the
URL answers like a missing page. Writes (confirming a goods receipt) and statements run as the
user, under the same rules as in the back office."""
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.dms_reports.engine.statement import AGEING_BUCKETS
from odoo.addons.dms_reports.report.dms_statement_report import kind_labels
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class DmsDistributorPortal(CustomerPortal):

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        checks = {
            "dms_secondary_order_count": ("dms.secondary.order", []),
            "dms_stock_count": ("stock.quant", self._dms_stock_domain()),
            "dms_claim_count": ("dms.claim", []),
            "dms_goods_receipt_count": ("dms.goods.receipt", [("state", "=", "pending")]),
        }
        for counter, (model, domain) in checks.items():
            if counter in counters:
                values[counter] = env[model].search_count(domain) if env[model].has_access("read") else 0
        return values

    def _dms_stock_domain(self):
        return [("location_id.dms_distributor_id", "=", request.env.user.commercial_partner_id.id),
                ("location_id.usage", "=", "internal")]

    def _dms_render_list(self, model, url, page, order, template, key, page_name, domain=(), history=None,
                         **values):
        """Render one page of the user's `model` records as `key` in `template`; /my when the
        user may not read them. Searched as the user: their record rules keep other distributors
        out; `history` names the session key that detail pages step through."""
        Model = request.env[model]
        if not Model.has_access("read"):
            return request.redirect("/my")
        domain = list(domain)
        pager = portal_pager(url=url, total=Model.search_count(domain), page=page, step=PAGE_SIZE)
        records = Model.search(domain, order=order, limit=PAGE_SIZE, offset=pager["offset"])
        if history:
            request.session[history] = records.ids[:100]
        values.update(self._prepare_portal_layout_values())
        # sudo: rendering only; the records were searched as the user, under their record rules
        values.update({key: records.sudo(), "pager": pager, "page_name": page_name, "default_url": url})
        return request.render(template, values)

    @http.route(["/my/secondary_orders", "/my/secondary_orders/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_dms_secondary_orders(self, page=1, **kw):
        return self._dms_render_list(
            "dms.secondary.order", "/my/secondary_orders", page, "date_order desc, id desc",
            "dms_api.portal_my_dms_secondary_orders", "orders", "dms_secondary_order",
            history="my_dms_secondary_orders_history")

    @http.route(["/my/secondary_orders/<int:order_id>"], type="http", auth="user", website=True)
    def portal_my_dms_secondary_order(self, order_id, **kw):
        try:
            order_sudo = self._document_check_access("dms.secondary.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            order_sudo, None, {"order": order_sudo, "page_name": "dms_secondary_order"},
            "my_dms_secondary_orders_history", False)
        return request.render("dms_api.portal_my_dms_secondary_order", values)

    @http.route(["/my/distributor_stock", "/my/distributor_stock/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_dms_stock(self, page=1, **kw):
        # sudo: reads one display setting (near expiry days) of the user's own company
        days = request.env.company.sudo().dms_near_expiry_days
        return self._dms_render_list(
            "stock.quant", "/my/distributor_stock", page, "expiration_date, product_id, id",
            "dms_api.portal_my_dms_stock", "quants", "dms_stock", domain=self._dms_stock_domain(),
            near_expiry=fields.Datetime.now() + timedelta(days=days), near_expiry_days=days)

    @http.route(["/my/claims", "/my/claims/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_dms_claims(self, page=1, **kw):
        return self._dms_render_list("dms.claim", "/my/claims", page, "date_to desc, id desc",
                                     "dms_api.portal_my_dms_claims", "claims", "dms_claim")

    # Goods receipts: the distributor confirms what arrived of a primary delivery

    @http.route(["/my/goods_receipts", "/my/goods_receipts/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_dms_goods_receipts(self, page=1, **kw):
        # 'pending' sorts after 'confirmed': the receipts to confirm come first
        return self._dms_render_list(
            "dms.goods.receipt", "/my/goods_receipts", page, "state desc, date desc, id desc",
            "dms_api.portal_my_dms_goods_receipts", "receipts", "dms_goods_receipt",
            history="my_dms_goods_receipts_history")

    @http.route(["/my/goods_receipts/<int:receipt_id>"], type="http", auth="user", website=True)
    def portal_my_dms_goods_receipt(self, receipt_id, confirmed=None, **kw):
        try:
            receipt_sudo = self._document_check_access("dms.goods.receipt", receipt_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._dms_render_goods_receipt(receipt_sudo, confirmed=bool(confirmed))

    @http.route(["/my/goods_receipts/<int:receipt_id>/confirm"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_my_dms_goods_receipt_confirm(self, receipt_id, **post):
        """Received and damaged quantities per line (``received_<line id>``, ``damaged_<line id>``),
        then confirmation: all of it or nothing. A refusal shows the page again with the message
        and the quantities as typed."""
        try:
            receipt_sudo = self._document_check_access("dms.goods.receipt", receipt_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # Portal users write nothing over RPC; this controller is their way to confirm a receipt
        # their record rules show them (checked above), writing only the received and damaged
        # quantities of its own lines (checked by _dms_receipt_quantities), then the model's
        # confirmation, which checks the rest. sudo() as the user (not the superuser that
        # _document_check_access answers with), so that the receipt says who confirmed it.
        receipt = request.env["dms.goods.receipt"].sudo().browse(receipt_sudo.id)
        try:
            with request.env.cr.savepoint():
                for line, vals in self._dms_receipt_quantities(receipt, post).items():
                    line.write(vals)
                receipt.action_confirm()
        except UserError as error:  # ValidationError and AccessError included
            return self._dms_render_goods_receipt(receipt_sudo, error=error.args[0], posted=post)
        return request.redirect("/my/goods_receipts/%d?confirmed=1" % receipt.id)

    @http.route(["/my/goods_receipts/<int:receipt_id>/claim"], type="http", auth="user", methods=["POST"],
                website=True)
    def portal_my_dms_goods_receipt_claim(self, receipt_id, **post):
        """A draft claim for the shortage and damage of a confirmed receipt, for the principal to
        review (the back office's *Create Claim*)."""
        try:
            receipt_sudo = self._document_check_access("dms.goods.receipt", receipt_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                # sudo: the user's record rules show them this receipt (checked above); portal
                # users create nothing over RPC, the claim is made here for them, as them
                request.env["dms.goods.receipt"].sudo().browse(receipt_sudo.id).action_create_claim()
        except UserError as error:
            return self._dms_render_goods_receipt(receipt_sudo, error=error.args[0])
        return request.redirect("/my/goods_receipts/%d" % receipt_sudo.id)

    @staticmethod
    def _dms_receipt_quantities(receipt, post):
        """{line: {qty_received, qty_damaged}} from the posted form, numbers as written in the
        user's language; a field that is not a number, or that names a line of another receipt, is
        refused with the receipt, product and field."""
        env = request.env
        lang = env["res.lang"]._get_data(code=env.lang or "en_US")
        lines = {line.id: line for line in receipt.line_ids}
        values = {}
        for key, raw in post.items():
            match = re.fullmatch(r"(received|damaged)_(\d+)", key)
            if not match:
                continue
            line = lines.get(int(match[2]))
            field_label = env._("Received") if match[1] == "received" else env._("Damaged")
            if line is None:
                raise UserError(env._("Goods receipt %(receipt)s has no line %(line)s (%(field)s).",
                                      receipt=receipt.name, line=match[2], field=field_label))
            try:
                # as the user writes numbers in their language: 1,234.5 or 1.234,5
                text = raw.strip().replace(lang.thousands_sep or "\x00", "").replace(lang.decimal_point or ".", ".")
                qty = float(text) if text else 0.0
            except ValueError:
                raise UserError(env._(
                    "Goods receipt %(receipt)s: %(product)s, %(value)r is not a quantity (%(field)s).",
                    receipt=receipt.name, product=line.product_id.display_name, value=raw[:30],
                    field=field_label)) from None
            values.setdefault(line, {})["qty_%s" % match[1]] = qty
        return values

    def _dms_render_goods_receipt(self, receipt_sudo, error=None, posted=None, confirmed=False):
        values = self._get_page_view_values(
            receipt_sudo, None, {"receipt": receipt_sudo, "page_name": "dms_goods_receipt", "error": error,
                                 "posted": posted or {}, "confirmed": confirmed},
            "my_dms_goods_receipts_history", False)
        return request.render("dms_api.portal_my_dms_goods_receipt", values)

    # Statement of account: on screen, and as PDF or XLSX

    STATEMENT_REPORTS = {"pdf": "dms_reports.dms_statement_report", "xlsx": "dms_reports.dms_statement_xlsx"}

    def _dms_statement_period(self, date_from, date_to):
        """(date_from, date_to, error) from the query string; by default the last three months
        to today. Bad dates give the default period and a message."""
        today = fields.Date.context_today(request.env.user)
        default = (today.replace(day=1) - relativedelta(months=2), today)
        try:
            period = (fields.Date.to_date(date_from) or default[0], fields.Date.to_date(date_to) or default[1])
        except ValueError:
            return *default, request.env._("Statement of account: dates are written YYYY-MM-DD (From, To).")
        if period[0] > period[1]:
            return *default, request.env._(
                "Statement of account: From (%(date_from)s) is after To (%(date_to)s).",
                date_from=period[0], date_to=period[1])
        return *period, None

    def _dms_statement_partner(self):
        """The user's distributor, if the user may see its statement (distributor staff)."""
        if not request.env.user.has_group("dms_sales.group_dms_distributor"):
            return None
        partner = request.env.user.commercial_partner_id
        try:
            partner._dms_check_statement_access()
        except AccessError:
            return None
        return partner

    @http.route(["/my/statement"], type="http", auth="user", website=True)
    def portal_my_dms_statement(self, date_from=None, date_to=None, **kw):
        partner = self._dms_statement_partner()
        if partner is None:
            return request.redirect("/my")
        date_from, date_to, error = self._dms_statement_period(date_from, date_to)
        statement = partner._dms_statements(date_from, date_to)[partner]  # as the user: rules apply
        values = self._prepare_portal_layout_values()
        values.update({
            "partner": partner, "statement": statement, "date_from": date_from, "date_to": date_to,
            "error": error, "page_name": "dms_statement", "currency": request.env.company.currency_id,
            "ageing_buckets": [(key, label) for key, label, *__ in AGEING_BUCKETS],
            "kind_labels": kind_labels(request.env),
        })
        return request.render("dms_api.portal_my_dms_statement", values)

    @http.route(["/my/statement/<string:report_type>"], type="http", auth="user", website=True)
    def portal_my_dms_statement_download(self, report_type, date_from=None, date_to=None, **kw):
        partner = self._dms_statement_partner()
        if partner is None or report_type not in self.STATEMENT_REPORTS:
            return request.redirect("/my")
        date_from, date_to, error = self._dms_statement_period(date_from, date_to)
        if error:
            return request.redirect("/my/statement")
        data = {"date_from": fields.Date.to_string(date_from), "date_to": fields.Date.to_string(date_to)}
        # rendered as the user: the report reads the receivable items under the user's rules
        content, __ = request.env["ir.actions.report"]._render(self.STATEMENT_REPORTS[report_type], partner.ids, data)
        filename = "statement_of_account_%s_%s.%s" % (re.sub(r"\W+", "_", partner.name), date_to, report_type)
        mimetype = "application/pdf" if report_type == "pdf" else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return request.make_response(content, headers=[
            ("Content-Type", mimetype), ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename))])
