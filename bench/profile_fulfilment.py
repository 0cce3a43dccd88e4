"""Profile secondary fulfilment against sale_stock's, side by side in one process: where the time
(cProfile) and the queries (counted by SQL text, numbers and lists folded) go per order and per line.

    python3 -m bench.profile_fulfilment --db DB [--orders 200] [--batch 100] [--top 40] [--out DIR]

DB is a database with the DMS addons installed (better without demo data); everything is rolled
back. Writes DIR/secondary.prof and DIR/sale.prof for pstats/snakeviz and prints both summaries.
"""
import argparse
import collections
import cProfile
import io
import os
import pstats
import re
import time
import traceback

from bench import common
from bench.bench_secondary_fulfilment import prepare

_FOLD = [(re.compile(r"\bIN \([^)]*\)", re.I), "IN (...)"), (re.compile(r"\b\d+(\.\d+)?\b"), "N"),
         (re.compile(r"'[^']*'"), "'S'"), (re.compile(r"\s+"), " ")]


def fold(query):
    text = query.decode() if isinstance(query, bytes) else str(query)
    for pattern, repl in _FOLD:
        text = pattern.sub(repl, text)
    return text.strip()[:220]


def caller():
    """The innermost frames in addons (not the ORM) that ran a query: where it comes from."""
    frames = []
    for frame in traceback.extract_stack()[-40:-2]:
        if "/addons/" in frame.filename:
            frames.append("%s:%s" % (frame.filename.split("/addons/")[-1], frame.name))
    depth = int(os.environ.get("PROFILE_DEPTH", 3))
    return " < ".join(reversed(frames[-depth:])) if depth else ""


class QueryCounter:
    """Counts every query the cursor runs by its folded text while active."""

    def __init__(self):
        self.counts = collections.Counter()
        self.seconds = collections.Counter()
        self.callers = collections.defaultdict(collections.Counter)
        self.active = False

    def install(self):
        from odoo import sql_db

        original = sql_db.Cursor.execute
        counter = self

        def execute(cr, query, params=None, log_exceptions=True):
            if not counter.active:
                return original(cr, query, params, log_exceptions)
            text = fold(getattr(query, "code", query))
            counter.counts[text] += 1
            counter.callers[text][caller()] += 1
            t0 = time.perf_counter()
            try:
                return original(cr, query, params, log_exceptions)
            finally:
                counter.seconds[text] += time.perf_counter() - t0

        sql_db.Cursor.execute = execute


def run(db, orders, per_order, batch, top, out, no_profile=False, only=None):
    counter = QueryCounter()
    counter.install()
    with common.odoo_env(db) as root_env:
        env = root_env(user=root_env.ref("base.user_admin").id)
        secondary, sales, fulfil_secondary, fulfil_sale = prepare(root_env, env, orders, per_order, batch)

        lines = orders * per_order
        for name, func in (("secondary", fulfil_secondary), ("sale", fulfil_sale)):
            if only and name != only:
                continue
            env.flush_all()
            env.invalidate_all()
            counter.counts.clear()
            counter.active = True
            profile = cProfile.Profile()
            t0 = time.perf_counter()
            if not no_profile:
                profile.enable()
            func()
            env.flush_all()
            profile.disable()
            seconds = time.perf_counter() - t0
            counter.active = False
            total = sum(counter.counts.values())
            print("\n===== %s: %d orders x %d lines, batch %d: %.2fs (%.1f orders/s), %d queries "
                  "(%.1f/order, %.2f/line)" % (name, orders, per_order, batch, seconds, orders / seconds, total,
                                              total / orders, total / lines))
            print("-- queries by text (count, per line)")
            print("   (%.2fs in execute)" % sum(counter.seconds.values()))
            for text, count in counter.counts.most_common(top):
                print("%7d %6.2f %6.2fs  %s" % (count, count / lines, counter.seconds[text], text))
                for where, n in counter.callers[text].most_common(3):
                    print("            %6d  %s" % (n, where))
            if out:
                os.makedirs(out, exist_ok=True)
                profile.dump_stats(os.path.join(out, "%s.prof" % name))
            if no_profile:
                continue
            stream = io.StringIO()
            stats = pstats.Stats(profile, stream=stream).strip_dirs()
            stats.sort_stats("cumulative").print_stats(top)
            stats.sort_stats("tottime").print_stats(top // 2)
            print(stream.getvalue())


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m bench.profile_fulfilment")
    parser.add_argument("--db", required=True)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--per-order", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", help="folder for the .prof files")
    parser.add_argument("--no-profile", action="store_true", help="queries only, no cProfile (timings undistorted)")
    parser.add_argument("--only", choices=["secondary", "sale"])
    args = parser.parse_args(argv)
    run(args.db, args.orders, args.per_order, args.batch, args.top, args.out, args.no_profile, args.only)


if __name__ == "__main__":
    main()
