"""The files that make the project run: compose, config, CI and README agree with each other."""
import configparser
import re

import yaml
from conftest import ROOT


def test_compose_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    db, odoo = compose["services"]["db"], compose["services"]["odoo"]
    assert db["image"].startswith("postgres:16")
    assert "healthcheck" in db
    assert any(v.startswith("db-data:") for v in db["volumes"]) and "db-data" in compose["volumes"]
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    assert "./addons:/mnt/extra-addons:ro" in odoo["volumes"]
    assert "./odoo.conf:/etc/odoo/odoo.conf:ro" in odoo["volumes"]
    command = " ".join(odoo["command"])
    assert "--database=dms" in command and "--init" not in command
    # the database is created for Bangladesh and installed by the one-shot init service, first
    init = compose["services"]["odoo-init"]
    assert odoo["depends_on"]["odoo-init"]["condition"] == "service_completed_successfully"
    assert init["depends_on"]["db"]["condition"] == "service_healthy"
    assert set(init["volumes"]) >= {"./addons:/mnt/extra-addons:ro", "./odoo.conf:/etc/odoo/odoo.conf:ro",
                                    ".:/mnt/dms:ro"}
    script = init["entrypoint"][-1]
    assert script == "/mnt/dms/deploy/odoo-init.sh"
    init_sh = (ROOT / "deploy" / "odoo-init.sh").read_text()
    assert "/mnt/dms/scripts/createdb" in init_sh and "dmsenv.ADDONS" in init_sh and " -i " in init_sh
    assert "country_code=COUNTRY" in (ROOT / "scripts" / "createdb").read_text() and 'COUNTRY = "bd"' in \
        (ROOT / "scripts" / "createdb").read_text()
    assert (ROOT / "Dockerfile").read_text().startswith("# ") and "FROM odoo:18.0" in (ROOT / "Dockerfile").read_text()


def test_odoo_conf():
    conf = configparser.ConfigParser()
    conf.read(ROOT / "odoo.conf")
    options = conf["options"]
    # the runner and compose give these, so one file serves both
    assert "addons_path" not in options and "db_host" not in options
    assert options.get("without_demo") in ("False", "false")


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in ci and re.search(r"^\s*\S*scripts/test\b", ci, re.M)
    assert "scripts/test" in readme and "docker compose up -d" in readme
    assert "docker compose run --rm odoo" in readme


def test_test_command_runs_odoo_suites_of_the_apps_we_extend():
    """CI's single test command runs Odoo's own tests of the apps we extend, with our addons."""
    source = (ROOT / "scripts" / "test").read_text()
    ci = re.search(r'"ci": \[([^\]]*)\]', source)
    assert ci, "scripts/test names the Odoo suites CI runs"
    assert set(re.findall(r'"(\w+)"', ci[1])) >= {"sale_stock", "stock_picking_batch", "stock_fleet", "sale_management"}
    assert re.search(r'spec = args.odoo_suites or \("ci" if full_run', source), "run by default"


def test_requirements_pin_oca_addons_to_18():
    reqs = (ROOT / "requirements.txt").read_text().splitlines()
    oca = [r for r in reqs if r.startswith("odoo-addon-")]
    assert oca and all("==18.0." in r for r in oca), oca


def test_compose_scale_profile():
    """The optional "scale" profile: a streaming replica of db and a second node reading from it,
    validated by CI (`config -q` with the profile)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    replica, node2 = compose["services"]["db-replica"], compose["services"]["odoo-node2"]
    assert replica["profiles"] == ["scale"] and node2["profiles"] == ["scale"]
    assert "pg_basebackup" in " ".join(replica["entrypoint"]) and " -R " in " ".join(replica["entrypoint"])
    command = " ".join(node2["command"])
    assert "--db_replica_host=db-replica" in command and "--workers=" in command
    assert "odoo-data:/var/lib/odoo" in node2["volumes"]  # one filestore for both nodes
    assert "--profile scale config -q" in (ROOT / ".ci" / "run").read_text()
    hba = (ROOT / "deploy" / "postgres-replication.sh").read_text()
    assert "host replication" in hba
    assert any("replication.sh" in v for v in compose["services"]["db"]["volumes"])


def test_queue_job_runner_configured():
    """Background jobs need OCA queue_job installed (requirements, also in the image) and loaded
    server-wide so its job runner starts with the server (odoo.conf, shared by compose and serve)."""
    reqs = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(r.startswith("odoo-addon-queue_job==18.0.") for r in reqs)
    conf = configparser.ConfigParser()
    conf.read(ROOT / "odoo.conf")
    assert "queue_job" in conf["options"]["server_wide_modules"].split(",")
    assert int(conf["queue_job"]["max_capacity"]) > 1, "one lane per channel, not one job at a time"
