"""Odoo as a real server process for the suite-level tests: a copy of the test database, a server
on it that a test can SIGKILL (its whole process group) and start again, XML-RPC as a user.

Used by test_field_app_offline.py (the field app with its server stopped) and
test_job_worker_killed.py (a queue_job worker killed mid-job).
"""
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import dmsenv


def clone_database(source, name):
    """CREATE DATABASE ... TEMPLATE: a copy in a second or two. The source must be idle: a server
    another suite test just killed can leave its connections for a moment, so this retries."""
    import psycopg2
    from psycopg2 import errorcodes, sql

    cnx = psycopg2.connect(dbname="postgres")
    cnx.autocommit = True
    try:
        for attempt in range(20):
            try:
                with cnx.cursor() as cr:
                    cr.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(source)))
                break
            except psycopg2.Error as error:
                if error.pgcode != errorcodes.OBJECT_IN_USE or attempt == 19:
                    raise
                time.sleep(1)
    finally:
        cnx.close()
    filestore = Path.home() / ".local" / "share" / "Odoo" / "filestore"
    if (filestore / source).is_dir():
        shutil.copytree(filestore / source, filestore / name)


class OdooServer:
    """Odoo serving one database on a fixed port (the app's origin must not change between a
    stop and a start: its service worker and IndexedDB belong to that origin)."""

    def __init__(self, db, log_path, options=()):
        self.db = db
        # extra command-line options, after the defaults (a later option wins)
        self.options = list(options)
        self.port = dmsenv.free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = log_path
        self.process = None

    def start(self):
        odoo = dmsenv.preflight()
        cmd = [sys.executable, "-m", "odoo", "-c", str(ROOT / "odoo.conf"), "-d", self.db,
               "--db-filter", "^%s$" % self.db, "--addons-path", dmsenv.addons_path(odoo),
               "--http-port", str(self.port), "--max-cron-threads", "0", "--workers", "0",
               "--log-level", "warn", *self.options]
        log = open(self.log_path, "a")  # the child keeps its own handle
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Odoo exited with status %s (log: %s)" % (self.process.returncode, self.log_path))
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.url + "/web/health", timeout=2).read()
                return
            time.sleep(0.3)
        self.kill()
        raise RuntimeError("Odoo did not answer on %s within 120 s (log: %s)" % (self.url, self.log_path))

    def kill(self):
        """Stop the server for real: its whole process group, with SIGKILL (Odoo traps SIGTERM)."""
        if self.process:
            # the group outlives its leader when a child (a prefork worker) is left
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def is_down(self):
        try:
            urllib.request.urlopen(self.url + "/web/health", timeout=2).read()
        except OSError:
            return True
        return False


class Rpc:
    """XML-RPC as a user of the test database."""

    def __init__(self, server, login, password):
        self.server, self.login, self.password = server, login, password
        self.uid = None

    def __call__(self, model, method, *args, **kwargs):
        if self.uid is None:
            common = xmlrpc.client.ServerProxy(self.server.url + "/xmlrpc/2/common")
            self.uid = common.authenticate(self.server.db, self.login, self.password, {})
            assert self.uid, "cannot sign in as %s" % self.login
        proxy = xmlrpc.client.ServerProxy(self.server.url + "/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.server.db, self.uid, self.password, model, method, list(args), kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        return self("ir.model.data", "check_object_reference", module, name)[1]


@contextlib.contextmanager
def database_copy(source, name):
    """A copy ``name`` of ``source`` (and its filestore) for the block, dropped after it even when
    the block fails; a copy a crashed run left behind is dropped first."""
    drop_copy(name)
    clone_database(source, name)
    try:
        yield name
    finally:
        drop_copy(name)


def drop_copy(name):
    dmsenv.drop_db(name)
    shutil.rmtree(Path.home() / ".local" / "share" / "Odoo" / "filestore" / name, ignore_errors=True)
