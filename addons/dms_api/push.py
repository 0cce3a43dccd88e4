"""Pushing a batch of records: each validated, idempotent on its uuid, created entirely or not at all.

A batch is tried in one savepoint (the uuids already known looked up in one query, the new records
created together, answered with one read). A record the model refuses before writing anything of it
(an unknown id, inconsistent values: ``_dms_api_push_batch`` answers its PayloadError in its place)
is answered alone while the others go on together. When any record fails later, that savepoint is
rolled back and each record is pushed again in a savepoint of its own (``push_record``), so that a
bad record gets its own answer and never touches the others; that fallback costs a batch many
times its price (one savepoint, lookup and flush per record), so models refuse what they can up
front. Plain functions over an environment (the
API user's), so that tests can run them on their own cursors, e.g. two concurrent pushes of the
same uuid."""
import logging
import re
import threading

import psycopg2.errorcodes
import psycopg2.errors

from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from .engine.payload import PayloadError, validate

_pushing = threading.local()
CLASH_RE = re.compile(r"client_uuid\w*_uniq")


class _UuidClashLogFilter(logging.Filter):
    """Drops odoo.sql_db's "bad query" error for a client uuid clash met by a push in this
    thread (two phones pushing the same record at once): the push answers it, nothing failed.
    Thread-local, unlike mute_logger, which swaps the logger's handlers for every thread."""

    def filter(self, record):
        return not (getattr(_pushing, "active", False) and CLASH_RE.search(str(record.args)))


logging.getLogger("odoo.sql_db").addFilter(_UuidClashLogFilter())


class ConcurrentPushError(psycopg2.errors.SerializationFailure):
    """Raised to have Odoo's ``retrying`` replay the request on a fresh snapshot (it logs and
    retries errors by their SQLSTATE, which a Python-raised error must carry itself)."""

    pgcode = psycopg2.errorcodes.SERIALIZATION_FAILURE


def push_batch(env, res, records):
    """The answers to a batch of pushed records, in order (see the module's docstring)."""
    answers, todo = [None] * len(records), {}
    for i, record in enumerate(records):
        uuid = record.get("uuid") if isinstance(record, dict) else None
        answer = {"uuid": uuid if isinstance(uuid, str) and len(uuid) <= 64 else None}
        try:
            todo[i] = validate(res.push_model, record)
        except PayloadError as e:
            answers[i] = {**answer, "status": "error", **e.as_dict()}
    uuids = [clean["uuid"] for clean in todo.values()]
    if len(set(uuids)) != len(uuids):  # the same uuid twice in a batch: one by one, the second finds the first
        return [answer or push_record(env, res, records[i]) for i, answer in enumerate(answers)]
    Model = env[res.model].with_context(active_test=False)
    known = _existing_many(Model, uuids)
    duplicates = {}
    for i, clean in list(todo.items()):
        existing = known.get(clean["uuid"])
        if isinstance(existing, PayloadError):
            answers[i] = {"uuid": clean["uuid"], "status": "error", **existing.as_dict()}
            del todo[i]
        elif existing:
            duplicates[i] = existing
            del todo[i]
    created = {}
    if todo:
        try:
            _pushing.active = True  # a uuid clash falls back to the records one by one: not an error to log
            try:
                with env.cr.savepoint():
                    made = env[res.model]._dms_api_push_batch(list(todo.values()))
                    env.flush_all()
            finally:
                _pushing.active = False
            for i, result in zip(todo, made, strict=True):
                if isinstance(result, PayloadError):  # refused before anything of it was written
                    answers[i] = {"uuid": records[i]["uuid"], "status": "error", **result.as_dict()}
                else:
                    created[i] = result
        except (psycopg2.IntegrityError, PayloadError, AccessError, MissingError, UserError, ValidationError):
            env.invalidate_all()
            for i in todo:
                answers[i] = push_record(env, res, records[i])
    answered = {**{i: (r, True) for i, r in duplicates.items()}, **{i: (r, False) for i, r in created.items()}}
    if answered:
        found = env[res.model].browse([r.id for r, _d in answered.values()])
        values = {row["id"]: row for row in found.read(res.push_fields, load=None)}
        for i, (record, duplicate) in answered.items():
            answers[i] = {"uuid": records[i]["uuid"], "status": "ok", "id": record.id, "duplicate": duplicate,
                          "record": values[record.id]}
    return answers


def _existing_many(Model, uuids):
    """{uuid: the record pushed before with it, or the PayloadError to answer} for the uuids
    already used. Searched without record rules only to tell a clash apart: another user's record
    is never answered (no existence leak)."""
    if not uuids:
        return {}
    # sudo: finds which uuids are taken at all; a record is returned only if the user can read
    # it, otherwise the record is answered a generic conflict
    found = Model.sudo()._dms_api_find_uuids(uuids)
    if not found:
        return {}
    readable = set(Model.browse({r.id for r in found.values()})._filtered_access("read").ids)
    conflict = PayloadError("uuid_conflict", "This uuid was already used; generate a new one.", "uuid")
    return {uuid: Model.browse(r.id) if r.id in readable else conflict for uuid, r in found.items()}


def push_record(env, res, record):
    """One pushed record, in its own savepoint: it is created entirely or not at all, and its
    failure never touches the other records of the batch."""
    uuid = record.get("uuid") if isinstance(record, dict) else None
    answer = {"uuid": uuid if isinstance(uuid, str) and len(uuid) <= 64 else None}
    try:
        clean = validate(res.push_model, record)
    except PayloadError as e:
        return {**answer, "status": "error", **e.as_dict()}
    answer["uuid"] = clean["uuid"]
    try:
        existing = _existing(env, res, clean["uuid"])
    except PayloadError as e:
        return {**answer, "status": "error", **e.as_dict()}
    if existing:
        return {**answer, **_ok(res, existing, duplicate=True)}
    try:
        _pushing.active = True  # a uuid clash is answered below: not a server error to log
        try:
            with env.cr.savepoint():
                [created] = env[res.model]._dms_api_push_batch([clean])
                if isinstance(created, PayloadError):  # refused in its place: answered as raised
                    raise created
                env.flush_all()
        finally:
            _pushing.active = False
    except psycopg2.errors.UniqueViolation as e:
        env.invalidate_all()
        # dms.api.pushed.mixin's unique(client_uuid), named after the model's table
        if e.diag.constraint_name != "%s_client_uuid_uniq" % env[res.model]._table:
            return {**answer, "status": "error", "code": "conflict",
                    "message": "The record clashes with an existing one (%s)." % e.diag.constraint_name}
        try:
            existing = _existing(env, res, clean["uuid"])
        except PayloadError as pe:
            return {**answer, "status": "error", **pe.as_dict()}
        if existing:  # a concurrent push of the same uuid committed first
            return {**answer, **_ok(res, existing, duplicate=True)}
        # Committed by a transaction younger than our snapshot: invisible here. Make Odoo
        # retry the whole request (``retrying``): the retry sees the record and answers it.
        raise ConcurrentPushError("client uuid %s pushed concurrently" % clean["uuid"]) from e
    except psycopg2.IntegrityError as e:
        env.invalidate_all()
        return {**answer, "status": "error", "code": "validation_error",
                "message": "The record breaks a database constraint (%s)." % (e.diag.constraint_name or e.pgcode),
                "field": e.diag.column_name}
    except PayloadError as e:
        env.invalidate_all()
        return {**answer, "status": "error", **e.as_dict()}
    except (AccessError, MissingError):
        env.invalidate_all()
        return {**answer, "status": "error", "code": "forbidden",
                "message": "You may not create this record.", "field": None}
    except (UserError, ValidationError) as e:
        env.invalidate_all()
        return {**answer, "status": "error", "code": "validation_error", "message": str(e), "field": None}
    return {**answer, **_ok(res, created, duplicate=False)}


def _existing(env, res, uuid):
    """The record pushed before with this uuid. Searched without record rules only to tell a
    clash apart: another user's record is never answered (no existence leak)."""
    Model = env[res.model].with_context(active_test=False)
    # sudo: finds whether the uuid is taken at all; the record is returned only if the
    # user can read it, otherwise the caller answers a generic conflict
    found = Model.sudo().search(Model._dms_api_uuid_domain(uuid), limit=1)
    if not found:
        return None
    mine = Model.browse(found.id)
    if not mine.has_access("read"):
        raise PayloadError("uuid_conflict", "This uuid was already used; generate a new one.", "uuid")
    return mine


def _ok(res, record, duplicate):
    values = record.read(res.push_fields, load=None)[0]
    return {"status": "ok", "id": record.id, "duplicate": duplicate, "record": values}
