"""Distributor statement of account over posted receivable move lines.

Every amount is in company currency, signed like ``account.move.line.balance`` (what the
distributor owes us is positive). The caller fetches the rows; this module only adds them up.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

KINDS = ("invoice", "credit_note", "payment", "other")
# (key, label, first day overdue, last day overdue); lines not yet due count as 0-30
AGEING_BUCKETS = (
    ("0_30", "0-30", None, 30),
    ("31_60", "31-60", 31, 60),
    ("61_90", "61-90", 61, 90),
    ("90_plus", "90+", 91, None),
)


@dataclass(frozen=True)
class ReceivableLine:
    """One posted receivable journal item of the distributor."""
    id: int
    move_id: int
    move_name: str
    date: date
    balance: float
    kind: str = "other"
    date_maturity: date | None = None
    ref: str = ""
    is_claim: bool = False


@dataclass(frozen=True)
class Partial:
    """One partial reconciliation between a debit and a credit line (account.partial.reconcile)."""
    debit_line_id: int
    credit_line_id: int
    amount: float
    max_date: date


@dataclass
class StatementEntry:
    """One document (journal entry) of the period, with the balance after it."""
    date: date
    move_id: int
    move_name: str
    kind: str
    ref: str
    is_claim: bool
    date_maturity: date | None
    debit: float
    credit: float
    balance: float


@dataclass
class Statement:
    date_from: date
    date_to: date
    opening: float = 0.0
    entries: list = field(default_factory=list)
    totals: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))
    claim_credits: float = 0.0
    closing: float = 0.0
    ageing: dict = field(default_factory=lambda: {key: 0.0 for key, *__ in AGEING_BUCKETS})

    @property
    def ageing_total(self):
        return sum(self.ageing.values())


def ageing_bucket(date_to, due):
    """Bucket key of an item due on `due`, looked at on `date_to` (days past due)."""
    days = (date_to - due).days
    for key, __, low, high in AGEING_BUCKETS:
        if (low is None or days >= low) and (high is None or days <= high):
            return key
    raise AssertionError(days)  # pragma: no cover - the buckets cover every integer


def open_amounts(lines, partials, date_to):
    """Amount of each line still open on `date_to`: its balance less what was reconciled with it
    by partials whose both lines are dated on or before `date_to`."""
    residual = {line.id: line.balance for line in lines if line.date <= date_to}
    for partial in partials:
        if partial.max_date > date_to:
            continue
        if partial.debit_line_id in residual:
            residual[partial.debit_line_id] -= partial.amount
        if partial.credit_line_id in residual:
            residual[partial.credit_line_id] += partial.amount
    return residual


def build_statement(lines, partials, date_from, date_to, digits=2):
    """Opening balance (before `date_from`), one entry per journal entry of the period with a
    running balance, totals per kind, closing balance and ageing on `date_to` by due date."""
    stmt = Statement(date_from, date_to)
    by_move = defaultdict(list)
    for line in lines:
        if line.date < date_from:
            stmt.opening += line.balance
        elif line.date <= date_to:
            by_move[line.move_id].append(line)
    running = stmt.opening
    for move_lines in sorted(by_move.values(), key=lambda ls: (ls[0].date, ls[0].move_name, ls[0].move_id)):
        first = move_lines[0]
        debit = sum(line.balance for line in move_lines if line.balance > 0)
        credit = -sum(line.balance for line in move_lines if line.balance < 0)
        running += debit - credit
        stmt.totals[first.kind] = stmt.totals.get(first.kind, 0.0) + debit - credit
        if first.is_claim:
            stmt.claim_credits += debit - credit
        dues = [line.date_maturity for line in move_lines if line.date_maturity]
        stmt.entries.append(StatementEntry(
            first.date, first.move_id, first.move_name, first.kind, first.ref, first.is_claim,
            min(dues) if dues else None, round(debit, digits), round(credit, digits), round(running, digits)))
    stmt.closing = stmt.opening + sum(stmt.totals.values())
    by_id = {line.id: line for line in lines}
    for line_id, amount in open_amounts(lines, partials, date_to).items():
        line = by_id[line_id]
        stmt.ageing[ageing_bucket(date_to, line.date_maturity or line.date)] += amount
    stmt.opening = round(stmt.opening, digits)
    stmt.closing = round(stmt.closing, digits)
    stmt.claim_credits = round(stmt.claim_credits, digits)
    stmt.totals = {kind: round(amount, digits) for kind, amount in stmt.totals.items()}
    stmt.ageing = {key: round(amount, digits) for key, amount in stmt.ageing.items()}
    return stmt
