from odoo import api, models

from odoo.addons.dms_sales.guard import dms_system_write

from ..engine.payload import PayloadError


class DmsCollection(models.Model):
    _name = "dms.collection"
    _inherit = ["dms.collection", "dms.api.pushed.mixin"]

    @api.model
    def _dms_api_push_batch(self, vals_list):
        """Money received in the field (``vals_list``: records the sync API validated), as the API
        user, one collection after the other (each sees those before it, e.g. a mobile transaction
        id given twice), each confirmed at once by the collection's own confirmation (which locks
        the row: a payment is never recorded twice). One refused by its checks is answered its
        PayloadError in its place, nothing of it written (see dms.api.pushed.mixin), rather than
        replaying the batch one by one."""
        results = []
        for vals in vals_list:
            try:
                collection_vals = self._dms_api_collection_vals(vals)
            except PayloadError as e:
                results.append(e)
                continue
            with dms_system_write():
                collection = self.create(collection_vals)
            collection.action_confirm()
            results.append(collection)
        return results

    @api.model
    def _dms_api_collection_vals(self, vals):
        """The values of the collection a push makes, once its checks passed (PayloadError
        otherwise); reads only."""
        picking = self.env["stock.picking"]
        if vals.get("picking_id"):
            # a collection at the door: a stop of the user's own trips, whose customer paid
            picking = picking.search([("id", "=", vals["picking_id"])] + picking._dms_api_driver_domain())
            if not picking:
                raise PayloadError("unknown_id", "picking_id: no such stop on your trips", "picking_id")
            # sudo: the customer of a stop of the user's own trip (found above with their rights),
            # read only to compare it with partner_id; a driver may not read outlets otherwise
            payer = picking.sudo().partner_id.commercial_partner_id
            partner = self.env["res.partner"].sudo().browse(vals["partner_id"]).exists()
            if not partner or partner.commercial_partner_id != payer:
                raise PayloadError("invalid_value", "picking_id: %s does not deliver to partner_id" % picking.name,
                                   "picking_id")
        else:
            partner = self.env["res.partner"].search([
                ("id", "=", vals["partner_id"]), ("dms_role", "in", ("outlet", "distributor", "wholesaler"))])
            if not partner:
                raise PayloadError("unknown_id", "partner_id: no such outlet or distributor", "partner_id")
        if vals["method"] == "cheque" and not vals.get("cheque_number"):
            raise PayloadError("missing_field", "cheque_number is required for a cheque", "cheque_number")
        provider = self.env["dms.mobile.provider"]
        if vals["method"] == "mobile":
            for key in ("mobile_provider_id", "mobile_transaction_id"):
                if not vals.get(key):
                    raise PayloadError("missing_field", "%s is required for mobile money" % key, key)
            provider = provider.search([("id", "=", vals["mobile_provider_id"])])
            if not provider:
                raise PayloadError("unknown_id", "mobile_provider_id: no such provider", "mobile_provider_id")
            # sudo: whether the transaction id is taken, whoever recorded it (only that is answered)
            if self.sudo().search_count([
                    ("mobile_provider_id", "=", provider.id), ("company_id", "=", provider.company_id.id),
                    ("mobile_transaction_id", "=", vals["mobile_transaction_id"].strip())], limit=1):
                raise PayloadError("invalid_value", "mobile_transaction_id: already recorded for this provider",
                                   "mobile_transaction_id")
        company = provider.company_id or partner.company_id or self.env.company
        wanted = vals.get("invoice_ids") or []
        invoices = self._dms_api_invoices(partner, company, wanted) if wanted else self.env["account.move"]
        for i, invoice_id in enumerate(wanted):
            if invoice_id not in invoices.ids:
                raise PayloadError("unknown_id", "invoice_ids[%d]: no such invoice of this partner" % i,
                                   "invoice_ids[%d]" % i)
        collection_vals = {
            "client_uuid": vals["uuid"],
            "partner_id": partner.id,
            "company_id": company.id,
            "user_id": self.env.uid,
            "amount": vals["amount"],
            "method": vals["method"],
            "invoice_ids": [(6, 0, invoices.ids)],
            **{k: vals[k] for k in ("date", "cheque_number", "cheque_bank", "cheque_date", "note",
                                    "mobile_transaction_id", "mobile_sender") if vals.get(k)},
        }
        if provider:
            collection_vals["mobile_provider_id"] = provider.id
        if picking:
            collection_vals["picking_id"] = picking.id
        return collection_vals

    @api.model
    def _dms_api_invoices(self, partner, company, ids):
        """The invoices of `ids` this payer's money may pay: its posted customer invoices the user
        reads, and, for an outlet of a distributor keeping its books here, the outlet's open bills
        in that distributor's company, which a rep has no access to (they are paid in its books)."""
        payer = partner.commercial_partner_id
        domain = [("id", "in", ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                  ("commercial_partner_id", "=", payer.id)]
        Move = self.env["account.move"]
        invoices = Move.search(domain)
        missing = [i for i in ids if i not in invoices.ids]
        books = payer.dms_distributor_id._dms_books_company(company) \
            if missing and payer.dms_role == "outlet" and payer.dms_distributor_id else self.env["res.company"]
        if books:
            # sudo: only the given ids that are this outlet's own open bills in the books its money is
            # booked in (Booked In); the collection is still checked with the user's rights (payer in
            # the rep's territories) when it is created and confirmed
            invoices |= Move.sudo().search([
                *domain, ("id", "in", missing), ("company_id", "=", books.id),
                ("payment_state", "in", ("not_paid", "partial"))]).with_env(self.env)
        return invoices
