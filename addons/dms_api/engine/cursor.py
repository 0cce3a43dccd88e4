"""Opaque paging cursors: (write_date, id, last tombstone id), base64url of a small JSON list.

Clients treat the string as opaque; the server orders records by (write_date, id), so a cursor
names a position that stays valid whatever is inserted before or after it.
"""
import base64
import binascii
import datetime
import json


class CursorError(ValueError):
    pass


def encode(write_date, record_id, tombstone_id):
    raw = json.dumps([write_date.isoformat(timespec="microseconds") if write_date else None,
                      int(record_id), int(tombstone_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor):
    """(write_date or None, id, tombstone id) from a cursor string; CursorError if it is not ours."""
    if not isinstance(cursor, str) or len(cursor) > 200:
        raise CursorError("cursor too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        write_date, record_id, tombstone_id = json.loads(raw)
        if write_date is not None:
            write_date = datetime.datetime.fromisoformat(write_date)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as e:
        raise CursorError("invalid cursor") from e
    # ours are naive UTC (how Odoo stores write_date) with integer ids: not 1e400, 1.5 or true
    if write_date is not None and write_date.tzinfo is not None:
        raise CursorError("invalid cursor")
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (record_id, tombstone_id)):
        raise CursorError("invalid cursor")
    if record_id < 0 or tombstone_id < 0 or record_id > 2**63 or tombstone_id > 2**63:
        raise CursorError("invalid cursor")
    return write_date, record_id, tombstone_id
