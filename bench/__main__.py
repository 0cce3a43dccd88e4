"""bench/run [--list] [NAME ...]: run benchmarks (all when no name is given)."""
import argparse
import importlib
import os
import pkgutil
import subprocess
import sys
import time

import bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def available():
    return sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))


def main():
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args, rest = parser.parse_known_args()
    names = available()
    if args.list:
        for name in names:
            module = importlib.import_module("bench.bench_%s" % name)
            print("%-20s %s" % (name, (module.__doc__ or "").strip().splitlines()[0]))
        return 0
    unknown = set(args.names) - set(names)
    if unknown:
        parser.error("unknown benchmark(s): %s (have: %s)" % (", ".join(sorted(unknown)), ", ".join(names)))
    wanted = args.names or names
    if len(wanted) == 1:
        module = importlib.import_module("bench.bench_%s" % wanted[0])
        return 1 if module.main(rest) else 0  # a benchmark whose own checks failed returns non-zero
    # Each benchmark in a process of its own: Odoo's configuration and registries are process-wide
    # (a second parse_config in one process fails), and one benchmark's memory never skews the next.
    failed = []
    for name in wanted:
        start = time.perf_counter()
        print("== %s" % name, flush=True)
        if subprocess.call([sys.executable, "-m", "bench", name, *rest], cwd=ROOT):
            failed.append(name)
        print("== %s done in %.1fs" % (name, time.perf_counter() - start), flush=True)
    if failed:
        print("bench/run: checks failed in %s" % ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
