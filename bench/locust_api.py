"""Locust user for bench_api_load: one field rep pushing a day's secondary orders.

Reads the plan written by bench_api_load (DMS_LOAD_PLAN): per rep an API key and batches of
records, each flagged valid or not, plus retries (batches sent again, as a phone does when it
lost the answer). Checks every answer record by record: a valid record must come back "ok" (a
retry "ok" and duplicate), a malformed one "error". Runs with locust's own Python (see
bench/requirements-locust.txt), never imports Odoo."""
import itertools
import json
import os

from locust import HttpUser, between, events, task

with open(os.environ["DMS_LOAD_PLAN"]) as f:
    PLAN = json.load(f)
NEXT_REP = itertools.count()
DONE = itertools.count(1)
MISMATCHES = []
ANSWERED_OK = set()  # uuids the server answered "ok": these must exist, once


@events.quitting.add_listener
def _write_outcome(environment, **_kw):
    with open(os.environ["DMS_LOAD_PLAN"] + ".outcome", "w") as f:
        json.dump({"mismatches": MISMATCHES, "answered_ok": sorted(ANSWERED_OK)}, f)


class FieldRep(HttpUser):
    wait_time = between(2, 6)  # a day compressed: seconds between visits, not minutes

    def on_start(self):
        self.rep = PLAN["reps"][next(NEXT_REP) % len(PLAN["reps"])]
        self.headers = {"Authorization": "Bearer %s" % self.rep["key"], "Content-Type": "application/json"}
        self.steps = iter(self.rep["steps"])
        # the morning sync: outlets and products
        for resource in ("outlets", "products"):
            self.client.get("/dms/api/v1/%s?limit=500" % resource, headers=self.headers, name="pull " + resource)

    @task
    def next_step(self):
        step = next(self.steps, None)
        if step is None:
            if next(DONE) == len(PLAN["reps"]):
                self.environment.runner.quit()
            self.stop()
            return
        name = "push retry" if step["retry"] else "push batch"
        with self.client.post("/dms/api/v1/secondary_orders", data=json.dumps({"records": step["records"]}),
                              headers=self.headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure("HTTP %s" % response.status_code)
                return
            results = response.json()["results"]
            for record, expect, result in zip(step["records"], step["expect"], results, strict=True):
                ok = result["status"] == "ok"
                # a retry whose first send never got an answer may be the one creating the order
                answered_before = record.get("uuid") in ANSWERED_OK
                if ok != (expect != "error") or (expect == "duplicate" and answered_before
                                                  and not result.get("duplicate")):
                    MISMATCHES.append({"uuid": record.get("uuid"), "expected": expect, "got": result})
                if ok:
                    ANSWERED_OK.add(record["uuid"])
            if MISMATCHES:
                response.failure("%d records answered unexpectedly" % len(MISMATCHES))
