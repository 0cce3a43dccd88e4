"""Shared by scripts/test, scripts/serve and bench/: where Odoo and our addons are."""
import os
import shutil
import socket
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# in dependency order; dms_api sits on top: its sync API and portal serve every module below
ADDONS = ["dms_sales", "dms_inventory", "dms_routing", "dms_reports", "dms_api"]


def fail(msg):
    print(f"{os.path.basename(sys.argv[0])}: {msg}", file=sys.stderr)
    sys.exit(2)


def preflight():
    """Say exactly what is missing, and how to get it."""
    try:
        import odoo.release
    except ImportError:
        fail(
            f"Odoo 18.0 is not importable by {sys.executable}.\n"
            "  Get Odoo 18.0 Community (https://github.com/odoo/odoo, branch 18.0), install its\n"
            "  requirements.txt, then `pip install --no-deps -e <odoo-tree>` so that\n"
            "  `python3 -c 'import odoo'` works. Or use Docker: see README.md."
        )
    if odoo.release.version_info[:2] != (18, 0):
        fail(f"Odoo {odoo.release.version} found at {odoo.__file__}; this suite needs 18.0.")
    try:
        import psycopg2

        psycopg2.connect(dbname="postgres").close()
    except Exception as e:
        fail(
            f"PostgreSQL is not reachable ({str(e).strip()}).\n"
            "  Start it (`pg_ctlcluster <version> main start`, or `.ci/run` does it), or point\n"
            "  PGHOST/PGPORT/PGUSER/PGPASSWORD at a server where this user may create databases."
        )
    missing = [m for m in ("pytest",) if shutil.which(m) is None and not _importable(m)]
    if missing:
        fail("missing Python packages: {}. Run `pip install -r requirements.txt`.".format(", ".join(missing)))
    return odoo


def _importable(name):
    try:
        __import__(name)
    except ImportError:
        return False
    return True


def addons_path(odoo):
    paths = [os.path.join(ROOT, "addons")]
    # A source checkout keeps most addons in <odoo>/../addons; packaged Odoo has them in odoo/addons.
    main_addons = os.path.normpath(os.path.join(os.path.dirname(odoo.__file__), "..", "addons"))
    if os.path.isdir(os.path.join(main_addons, "sale")):
        paths.append(main_addons)
    return ",".join(paths)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def db_exists(name):
    import psycopg2

    with psycopg2.connect(dbname="postgres") as cnx, cnx.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return bool(cr.fetchone())


def create_db(name, demo=True):
    """Create database ``name`` the native Bangladeshi way (scripts/createdb: country BD, so BDT and
    Odoo's l10n_bd chart on the main company once account installs). Nothing if it exists."""
    import subprocess

    odoo = preflight()
    cmd = [sys.executable, os.path.join(ROOT, "scripts", "createdb"), name, *(() if demo else ("--without-demo",)),
           "--", "-c", os.path.join(ROOT, "odoo.conf"), "--addons-path", addons_path(odoo), "--log-level", "warn"]
    subprocess.run(cmd, check=True)


def drop_db(name):
    import psycopg2
    from psycopg2 import sql

    cnx = psycopg2.connect(dbname="postgres")
    cnx.autocommit = True
    with cnx.cursor() as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    cnx.close()
    filestore = os.path.join(os.path.expanduser("~"), ".local", "share", "Odoo", "filestore", name)
    shutil.rmtree(filestore, ignore_errors=True)


def start_odoo_server(db, workers=0, log_path=None, extra=(), script=None):
    """Start Odoo serving ``db`` on a free port (no install, no crons); (process, base URL).
    ``script``: the launcher to run instead of odoo-bin (e.g. bench/odoo_prefork.py).

    Waits until it answers HTTP. Stop it with ``stop_odoo_server(process)``: Odoo traps SIGTERM in
    prefork mode, so its whole process group is killed."""
    import subprocess
    import time
    import urllib.request

    odoo = preflight()
    port = free_port()
    # In prefork mode Odoo respawns its gevent server as `python <argv[0]> gevent`: argv[0] must be
    # a script (odoo-bin, or the `odoo` entry point), not `-m odoo`'s __main__.py.
    script = script or os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    launcher = [script] if workers and os.path.exists(script) else ["-m", "odoo"]
    cmd = [sys.executable, *launcher, "-c", os.path.join(ROOT, "odoo.conf"), "-d", db,
           "--db-filter", "^%s$" % db, "--addons-path", addons_path(odoo), "--http-port", str(port),
           "--max-cron-threads", "0", "--workers", str(workers), "--log-level", "warn", *extra]
    if workers:
        cmd += ["--gevent-port", str(free_port()), "--limit-time-real", "600", "--limit-time-cpu", "600",
                "--limit-memory-soft", str(2 * 1024**3), "--limit-memory-hard", str(3 * 1024**3)]
    log = open(log_path or os.devnull, "w")  # stays open as long as the server runs
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Odoo exited with status %s (log: %s)" % (process.returncode, log_path))
        try:
            urllib.request.urlopen(url + "/web/health", timeout=2).read()
            return process, url
        except OSError:
            time.sleep(0.5)
    stop_odoo_server(process)
    raise RuntimeError("Odoo did not answer on %s within 120 s" % url)


def stop_odoo_server(process):
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
