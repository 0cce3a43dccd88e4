"""Locust user for bench_api_load: one field rep pushing a day's secondary orders and visits.

Reads the plan written by bench_api_load (DMS_LOAD_PLAN): per rep an API key and batches of
records, each flagged valid or not, plus retries (batches sent again, as a phone does when it
lost the answer). Checks every answer record by record: a valid record must come back "ok" (a
retry "ok" and duplicate), a malformed one "error".

Like the phone app, a request that fails on the way (connection refused or reset, timeout, HTTP
429/5xx, an answer that is not JSON) is sent again, the same batch with the same uuids, at most
MAX_ATTEMPTS times with a growing pause: resends are reported under their own names ("push
resend", "pull resend"). A batch that is never acknowledged is given up and its records counted
as such in the outcome. Runs with locust's own Python (see bench/requirements-locust.txt), never
imports Odoo."""
import itertools
import json
import os
import random
import time

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["DMS_LOAD_PLAN"]) as f:
    PLAN = json.load(f)
NEXT_REP = itertools.count()
NEXT_HOST = itertools.count()
DONE = itertools.count(1)
MAX_ATTEMPTS = 5
BACKOFF_S = (2, 4, 8, 16)  # pause before the 2nd..5th attempt, each +-25%
TIMEOUT_S = (10, 60)  # connect, read: what a phone waits before it gives the request up
RETRY_STATUSES = {429, 500, 502, 503, 504}
MISMATCHES = []
ANSWERED_OK = set()  # uuids the server answered "ok": these must exist, once
SENT = set()  # uuids sent at least once
UNACKNOWLEDGED = set()  # uuids of batches given up after MAX_ATTEMPTS failed attempts
COUNTERS = {"resends": 0, "push_resends": 0, "pull_resends": 0, "pushes_acknowledged_after_resend": 0,
            "pushes_given_up": 0, "pulls_given_up": 0, "reps_finished": 0}
FAILURES = {}  # reason -> count, every failed attempt


@events.quitting.add_listener
def _write_outcome(environment, **_kw):
    with open(os.environ["DMS_LOAD_PLAN"] + ".outcome", "w") as f:
        json.dump({"mismatches": MISMATCHES, "answered_ok": sorted(ANSWERED_OK), "sent": sorted(SENT),
                   "unacknowledged": sorted(UNACKNOWLEDGED), "counters": COUNTERS,
                   "failed_attempts": FAILURES}, f)


def _reason(error):
    """'ConnectionError (ConnectionResetError)': the exception and the one at its root."""
    root = error
    for _depth in range(5):  # requests wraps urllib3, which wraps the socket's error
        inner = getattr(root, "reason", None)
        if not isinstance(inner, BaseException):
            inner = next((a for a in getattr(root, "args", ()) if isinstance(a, BaseException)), None)
        if inner is None:
            break
        root = inner
    return type(error).__name__ if root is error else "%s (%s)" % (type(error).__name__, type(root).__name__)


def _failure(response):
    """(why this attempt failed, whether a phone sends it again), or None if it did not fail."""
    if response.status_code == 0:
        return _reason(response.error) if response.error is not None else "no answer", True
    if response.status_code in RETRY_STATUSES:
        return "HTTP %s" % response.status_code, True
    if response.status_code != 200:
        return "HTTP %s" % response.status_code, False
    try:
        response.json()
    except ValueError:
        return "answer not JSON", True
    return None


# Reps starting per second (the evening profile): see FieldRep.on_start.
ARRIVAL_RATE = float(os.environ.get("DMS_LOAD_ARRIVAL_RATE") or 0)
CLOCK = {}  # "start": when the first rep started

# Several Odoo nodes behind no balancer (bench_replica): each rep talks to one, in turn.
HOSTS = [h for h in os.environ.get("DMS_LOAD_HOSTS", "").split(",") if h]


class FieldRep(HttpUser):
    # think time between requests (DMS_LOAD_THINK "min,max" seconds); the default compresses a day
    wait_time = between(*map(float, os.environ.get("DMS_LOAD_THINK", "2,6").split(",")))

    def __init__(self, environment):
        if HOSTS:
            self.host = HOSTS[next(NEXT_HOST) % len(HOSTS)]
        super().__init__(environment)

    def on_start(self):
        index = next(NEXT_REP)
        if index >= len(PLAN["reps"]):
            # locust replaces a user that finished its day to keep the user count: every rep of
            # the plan has started already, the newcomer has no day to send
            raise StopUser()
        if ARRIVAL_RATE:
            # Rep number `index` arrives at index / rate seconds, whoever starts it: locust spawns
            # its users at that rate, but replaces a user that finished its day at once, and the
            # replacement would start the next rep early (reps whose sync takes seconds would then
            # arrive far faster than the stated rate).
            start = CLOCK.setdefault("start", time.monotonic())
            gevent.sleep(max(0.0, start + index / ARRIVAL_RATE - time.monotonic()))
        self.rep = PLAN["reps"][index]
        self.finished = False
        self.headers = {"Authorization": "Bearer %s" % self.rep["key"], "Content-Type": "application/json"}
        self.steps = iter(self.rep["steps"])
        # the morning sync: outlets and products
        for resource in ("outlets", "products"):
            self._send("GET", "/dms/api/v1/%s?limit=500" % resource, "pull " + resource, "pull resend")

    def _send(self, method, path, name, resend_name, body=None):
        """The request, sent again while it fails the way a phone retries; (the JSON answer or
        None if given up, the attempt that was answered)."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if attempt > 1:
                COUNTERS["resends"] += 1
                COUNTERS["push_resends" if method == "POST" else "pull_resends"] += 1
                gevent.sleep(BACKOFF_S[attempt - 2] * random.uniform(0.75, 1.25))
            with self.client.request(method, path, data=body, headers=self.headers, timeout=TIMEOUT_S,
                                     name=name if attempt == 1 else resend_name, catch_response=True) as response:
                failed = _failure(response)
                if failed is None:
                    return response.json(), attempt
                reason, again = failed
                FAILURES[reason] = FAILURES.get(reason, 0) + 1
                response.failure(reason)
            if not again:
                break
        COUNTERS["pushes_given_up" if method == "POST" else "pulls_given_up"] += 1
        return None, attempt

    @task
    def next_step(self):
        if self.finished:
            # Idle (a task that does nothing every think time) until the run ends rather than stop:
            # locust replaces a stopped user at each spawn tick, all of them at once, and each
            # replacement (a new HTTP session, then StopUser and its logged traceback) burned CPU
            # in bursts growing with the finished reps (~5,000 by the end of a 100-rep evening), on
            # the cores Odoo shares.
            return
        step = next(self.steps, None)
        if step is None:
            self.finished = True
            COUNTERS["reps_finished"] += 1
            if next(DONE) == len(PLAN["reps"]):
                # from a greenlet of its own: the runner stops every user, this one too
                gevent.spawn(self.environment.runner.quit)
            return
        resource = step["resource"]
        pairs = list(zip(step["records"], step["expect"], strict=True))
        # the app keeps a visit whose order never reached the server until the order does
        held = [r for r, _e in pairs if r.get("order_uuid") in UNACKNOWLEDGED]
        UNACKNOWLEDGED.update(r["uuid"] for r in held)
        pairs = [(r, e) for r, e in pairs if r not in held]
        if not pairs:
            return
        records = [r for r, _e in pairs]
        uuids = [r.get("uuid") for r in records]
        SENT.update(uuids)
        kind = "orders" if resource == "secondary_orders" else resource
        answer, attempt = self._send("POST", "/dms/api/v1/%s" % resource,
                                     "push %s %s" % (kind, "retry" if step["retry"] else "batch"), "push resend",
                                     body=json.dumps({"records": records}))
        if answer is None:
            UNACKNOWLEDGED.update(uuids)
            return
        if attempt > 1:
            COUNTERS["pushes_acknowledged_after_resend"] += 1
        results = answer["results"]
        for (record, expect), result in zip(pairs, results, strict=True):
            ok = result["status"] == "ok"
            wrong = ok != (expect != "error")
            if ok and attempt == 1:
                # A first send of a new record creates it; a retry of a record answered "ok" before
                # finds it. A resend (the attempt before got no answer) may have been created by
                # that attempt or not: either answer is right.
                answered_before = record["uuid"] in ANSWERED_OK
                wrong = wrong or (expect == "ok" and result.get("duplicate")) or (
                    expect == "duplicate" and answered_before and not result.get("duplicate"))
            if wrong:
                MISMATCHES.append({"uuid": record.get("uuid"), "expected": expect, "attempt": attempt,
                                   "got": result})
            if ok:
                ANSWERED_OK.add(record["uuid"])
