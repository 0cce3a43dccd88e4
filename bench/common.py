"""What every benchmark shares: machine facts, the table, the JSON file, an Odoo database."""
import contextlib
import datetime
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import dmsenv  # noqa: E402


def machine():
    """A description of where the figures were taken, stored with them."""
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    with contextlib.suppress(OSError):
        # the machine may be shared: the load when the figures were written says how noisy they are
        info["load_avg_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo") as f:
            info["cpu_model"] = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
        with open("/proc/meminfo") as f:
            info["memory_gb"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(Exception):
        import odoo.release

        info["odoo"] = odoo.release.version
    with contextlib.suppress(Exception):
        import psycopg2

        with psycopg2.connect(dbname="postgres") as cnx, cnx.cursor() as cr:
            cr.execute("SHOW server_version")
            info["postgresql"] = cr.fetchone()[0]
    with contextlib.suppress(Exception):
        info["commit"] = subprocess.check_output(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, stderr=subprocess.DEVNULL).strip()
    return info


def print_table(title, columns, rows):
    """rows: list of dicts keyed by column name."""
    cells = [[_fmt(row.get(c)) for c in columns] for row in rows]
    text = [isinstance(rows[0].get(c), str) if rows else False for c in columns]
    widths = [max(len(c), *(len(r[i]) for r in cells)) if cells else len(c) for i, c in enumerate(columns)]
    print("\n" + title)
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print("  ".join(v.ljust(w) if t else v.rjust(w) for v, w, t in zip(r, widths, text, strict=True)))


def _fmt(value):
    if isinstance(value, float):
        return "%.3f" % value if value < 100 else "%.1f" % value
    return "" if value is None else str(value)


def write_result(name, results, **extra):
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, "%s.json" % name)
    data = {
        "name": name,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        **extra,
        "results": results,
    }
    with open(path, "w") as f:
        json.dump(data, f, indent=2, sort_keys=False)
        f.write("\n")
    print("\nwrote %s" % os.path.relpath(path, ROOT))
    return path


def odoo_cmd(db, *args):
    """An Odoo command line on this checkout's config and addons."""
    odoo = dmsenv.preflight()
    return [sys.executable, "-m", "odoo", "-c", os.path.join(ROOT, "odoo.conf"), "-d", db,
            "--addons-path", dmsenv.addons_path(odoo), "--max-cron-threads", "0", "--workers", "0",
            "--log-level", "warn", "--http-port", str(dmsenv.free_port()), *args]


def timed_odoo(db, *args):
    """Run Odoo to completion; seconds taken (creating the database too). Raises if it fails.
    A database that does not exist yet is created for Bangladesh first, as every DMS database
    (scripts/createdb: BDT, the l10n_bd chart once account installs)."""
    start = time.perf_counter()
    if not dmsenv.db_exists(db):
        dmsenv.create_db(db, demo="--without-demo=all" not in args)
    subprocess.run(odoo_cmd(db, *args, "--stop-after-init"), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


@contextlib.contextmanager
def odoo_env(db):
    """An Odoo environment (superuser) on an existing database; rolled back at the end."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", os.path.join(ROOT, "odoo.conf"),
                                    "--addons-path", dmsenv.addons_path(odoo), "--log-level", "warn"])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        try:
            yield env
        finally:
            cr.rollback()


def temp_db_name(prefix):
    return "%s_%s_%d" % (prefix, datetime.datetime.now().strftime("%Y%m%d%H%M%S"), os.getpid())
