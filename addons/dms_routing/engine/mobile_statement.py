"""A mobile money provider's statement (CSV) read into rows and matched with collections, without a
database: the model gathers the collections, calls `match_rows` and writes the result once."""
import csv
import datetime
import io
from dataclasses import dataclass

HEADERS = {
    "date": ("date", "transaction date", "time"),
    "transaction_id": ("transaction id", "transaction_id", "trxid", "trx id", "txn id", "reference"),
    "amount": ("amount",),
    "sender": ("sender", "from", "sender number", "account"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M")


class StatementError(ValueError):
    """A statement that cannot be read, with the line (1-based, header = 1) and the reason."""

    def __init__(self, line, message):
        super().__init__("line %d: %s" % (line, message))
        self.line = line


@dataclass
class Row:
    line: int
    date: datetime.date
    transaction_id: str
    amount: float
    sender: str


def _parse_date(value, line):
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise StatementError(line, "date %r is not a date (YYYY-MM-DD or DD/MM/YYYY)" % value)


def parse_csv(data):
    """Rows of a CSV statement (bytes or text) with columns date, transaction id, amount, sender
    (header names as in HEADERS, any order). Raises StatementError on a missing column or bad value."""
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    data = data.lstrip("\ufeff")  # a byte order mark (Excel's CSV export) is not part of the header
    reader = csv.reader(io.StringIO(data))
    header = next(reader, None)
    if not header:
        raise StatementError(1, "the file is empty")
    names = [h.strip().lower() for h in header]
    index = {}
    for key, aliases in HEADERS.items():
        found = [i for i, name in enumerate(names) if name in aliases]
        if not found and key != "sender":
            raise StatementError(1, "no %s column (header: %s)" % (key.replace("_", " "), ", ".join(header)))
        if found:
            index[key] = found[0]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) <= max(index.values()):
            raise StatementError(number, "too few columns")
        trx = cells[index["transaction_id"]].strip()
        if not trx:
            raise StatementError(number, "no transaction id")
        raw = cells[index["amount"]].strip().replace(",", "")
        try:
            amount = float(raw)
        except ValueError:
            raise StatementError(number, "amount %r is not a number" % raw) from None
        rows.append(Row(number, _parse_date(cells[index["date"]], number), trx, amount,
                        cells[index["sender"]].strip() if "sender" in index else ""))
    return rows


def match_rows(rows, collections, rounding=0.01):
    """Match statement rows with collections by transaction id, then amount.

    `collections`: {transaction_id: (collection_id, amount, already_matched)}. Returns one
    (status, collection_id or None) per row: 'matched', 'no_collection', 'amount', 'already' or
    'duplicate' (the same transaction id earlier in this statement)."""
    seen = set()
    result = []
    for row in rows:
        found = collections.get(row.transaction_id)
        if row.transaction_id in seen:
            result.append(("duplicate", found[0] if found else None))
        elif not found:
            result.append(("no_collection", None))
        elif found[2]:
            result.append(("already", found[0]))
        elif abs(found[1] - row.amount) >= rounding / 2:
            result.append(("amount", found[0]))
        else:
            result.append(("matched", found[0]))
        seen.add(row.transaction_id)
    return result
