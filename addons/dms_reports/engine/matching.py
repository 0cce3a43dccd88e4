"""Proposed matches of open inbound payments to open invoices of the same commercial partner:
by reference (the payment's memo names the invoice), then exact amount, then oldest first."""
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

RULES = ("reference", "amount", "oldest")


@dataclass(frozen=True)
class OpenItem:
    """An open receivable line: an invoice (debit) or a payment (credit), amount positive."""
    id: int
    partner_id: int
    amount: float
    date: date
    date_maturity: date | None = None
    reference: str = ""


@dataclass(frozen=True)
class Match:
    payment_id: int
    invoice_id: int
    partner_id: int
    amount: float
    rule: str


def mentions(text, reference):
    """True when `reference` (an invoice number) appears in `text` as a whole word:
    INV/2026/0001 is not found in INV/2026/00012."""
    if not text or not reference:
        return False
    pattern = r"(?<![0-9A-Za-z])" + re.escape(reference) + r"(?![0-9A-Za-z])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def propose_matches(payments, invoices, digits=2):
    """Matches in the order they should be reconciled. Every amount allocated is at most what
    is left open on both sides, so no line is ever matched beyond its residual."""
    def pay_key(item):
        return (item.partner_id, item.date, item.id)

    def inv_key(item):
        return (item.partner_id, item.date_maturity or item.date, item.date, item.id)

    invoices_by_partner = defaultdict(list)
    for invoice in sorted(invoices, key=inv_key):
        invoices_by_partner[invoice.partner_id].append(invoice)
    left = {("p", p.id): round(p.amount, digits) for p in payments}
    left.update({("i", i.id): round(i.amount, digits) for i in invoices})
    matches = []

    def allocate(payment, invoice, rule, amount=None):
        amount = round(min(left["p", payment.id], left["i", invoice.id]) if amount is None else amount, digits)
        if amount <= 0:
            return
        left["p", payment.id] = round(left["p", payment.id] - amount, digits)
        left["i", invoice.id] = round(left["i", invoice.id] - amount, digits)
        matches.append(Match(payment.id, invoice.id, payment.partner_id, amount, rule))

    payments = sorted(payments, key=pay_key)
    for payment in payments:
        for invoice in invoices_by_partner.get(payment.partner_id, ()):
            if left["p", payment.id] <= 0:
                break
            if left["i", invoice.id] > 0 and mentions(payment.reference, invoice.reference):
                allocate(payment, invoice, "reference")
    for payment in payments:
        for invoice in invoices_by_partner.get(payment.partner_id, ()):
            if left["p", payment.id] > 0 and left["i", invoice.id] == left["p", payment.id]:
                allocate(payment, invoice, "amount")
                break
    for payment in payments:
        for invoice in invoices_by_partner.get(payment.partner_id, ()):
            if left["p", payment.id] <= 0:
                break
            if left["i", invoice.id] > 0:
                allocate(payment, invoice, "oldest")
    return matches
