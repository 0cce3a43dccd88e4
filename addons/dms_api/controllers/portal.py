"""Distributor portal: secondary orders, stock and claims of the portal user's distributor.

Lists search as the user (record rules keep other distributors out) and only render with sudo;
detail pages go through ``_document_check_access``, so guessing another distributor's id in the
URL answers like a missing page."""
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

NEAR_EXPIRY_DAYS = 30
PAGE_SIZE = 20


class DmsDistributorPortal(CustomerPortal):

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        checks = {
            "dms_secondary_order_count": ("dms.secondary.order", []),
            "dms_stock_count": ("stock.quant", self._dms_stock_domain()),
            "dms_claim_count": ("dms.claim", []),
        }
        for counter, (model, domain) in checks.items():
            if counter in counters:
                values[counter] = env[model].search_count(domain) if env[model].has_access("read") else 0
        return values

    def _dms_stock_domain(self):
        return [("location_id.dms_distributor_id", "=", request.env.user.commercial_partner_id.id),
                ("location_id.usage", "=", "internal")]

    def _dms_list(self, model, domain, url, page, order):
        Model = request.env[model]
        if not Model.has_access("read"):
            return None, None
        total = Model.search_count(domain)
        pager = portal_pager(url=url, total=total, page=page, step=PAGE_SIZE)
        records = Model.search(domain, order=order, limit=PAGE_SIZE, offset=pager["offset"])
        return records, pager

    @http.route(["/my/secondary_orders", "/my/secondary_orders/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_dms_secondary_orders(self, page=1, **kw):
        orders, pager = self._dms_list("dms.secondary.order", [], "/my/secondary_orders", page,
                                       "date_order desc, id desc")
        if orders is None:
            return request.redirect("/my")
        request.session["my_dms_secondary_orders_history"] = orders.ids[:100]
        values = self._prepare_portal_layout_values()
        # sudo: rendering only; the list was searched as the user, under their record rules
        values.update({"orders": orders.sudo(), "pager": pager, "page_name": "dms_secondary_order",
                       "default_url": "/my/secondary_orders"})
        return request.render("dms_api.portal_my_dms_secondary_orders", values)

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
        quants, pager = self._dms_list("stock.quant", self._dms_stock_domain(), "/my/distributor_stock", page,
                                       "expiration_date, product_id, id")
        if quants is None:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        # sudo: rendering only; the quants were searched as the user, under their record rules
        values.update({"quants": quants.sudo(), "pager": pager, "page_name": "dms_stock",
                       "near_expiry": fields.Datetime.now() + timedelta(days=NEAR_EXPIRY_DAYS),
                       "near_expiry_days": NEAR_EXPIRY_DAYS})
        return request.render("dms_api.portal_my_dms_stock", values)

    @http.route(["/my/claims", "/my/claims/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_dms_claims(self, page=1, **kw):
        claims, pager = self._dms_list("dms.claim", [], "/my/claims", page, "date_to desc, id desc")
        if claims is None:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        # sudo: rendering only; the claims were searched as the user, under their record rules
        values.update({"claims": claims.sudo(), "pager": pager, "page_name": "dms_claim"})
        return request.render("dms_api.portal_my_dms_claims", values)
