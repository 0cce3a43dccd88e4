"""Static checks over the addons' source: manifests, layering, access rights, unsafe patterns."""
import ast
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import ADDONS, ADDONS_DIR, access_lines, defined_models, read_manifest

LAYERS = {addon: i for i, addon in enumerate(ADDONS)}
# folders of a manifest's data files, in load order (the menus file comes last)
DATA_ORDER = ["security", "data", "report", "wizard", "views"]


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest(addon):
    manifest = read_manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"]), manifest["version"]
    for key in ("name", "summary", "license", "author", "category", "depends"):
        assert manifest.get(key), "%s: manifest key %r missing" % (addon, key)
    for kind in ("data", "demo"):
        for rel in manifest.get(kind, []):
            assert (ADDONS_DIR / addon / rel).is_file(), "%s: %s file %s missing" % (addon, kind, rel)
    data = manifest.get("data", [])
    menus = [f for f in data if f.endswith("_menus.xml")]
    assert menus == ["views/%s_menus.xml" % addon], "%s: one menus file, views/%s_menus.xml" % (addon, addon)
    assert data[-1] == menus[0], "%s: the menus file must load last" % addon
    assert {p.name for p in (ADDONS_DIR / addon).rglob("*_menus.xml")} == {addon + "_menus.xml"}, \
        "%s: menus belong in views/%s_menus.xml" % (addon, addon)
    ranks = [DATA_ORDER.index(f.split("/")[0]) for f in data[:-1]]
    assert ranks == sorted(ranks), \
        "%s: data files load in the order %s, then the menus" % (addon, ", ".join(DATA_ORDER))
    assert manifest.get("application", False) is (addon == "dms_sales"), "only dms_sales is the application"


def _menuitems():
    """(menu xmlid, parent xmlid, sequence, file) of every menuitem of the addons."""
    for addon in ADDONS:
        for path in sorted((ADDONS_DIR / addon).rglob("*.xml")):
            for item in ET.parse(path).getroot().iter("menuitem"):
                xmlid, parent = item.get("id"), item.get("parent")
                yield (xmlid if "." in xmlid else "%s.%s" % (addon, xmlid),
                       parent if not parent or "." in parent else "%s.%s" % (addon, parent),
                       item.get("sequence"), path.relative_to(ADDONS_DIR))


def test_menus_only_in_menus_files():
    for xmlid, _parent, _sequence, path in _menuitems():
        assert path.name.endswith("_menus.xml"), "%s: menu %s outside the menus file" % (path, xmlid)


def test_sibling_menus_have_distinct_sequences():
    """Menus under one parent (across addons) each have their own sequence: the order is the one chosen,
    not the order of installation."""
    seen = {}
    clashes = []
    for xmlid, parent, sequence, _path in _menuitems():
        assert sequence is not None, "menu %s has no sequence" % xmlid
        other = seen.setdefault((parent, int(sequence)), xmlid)
        if other != xmlid:
            clashes.append("%s and %s (sequence %s under %s)" % (other, xmlid, sequence, parent))
    assert not clashes, "sibling menus share a sequence: " + "; ".join(clashes)


@pytest.mark.parametrize("addon", ADDONS)
def test_icon_and_translation_template(addon):
    """The settings page and the Apps list show static/description/icon.png; i18n/<addon>.pot is what
    translators start from."""
    icon = (ADDONS_DIR / addon / "static" / "description" / "icon.png").read_bytes()
    assert icon.startswith(b"\x89PNG"), "%s: static/description/icon.png is not a PNG" % addon
    pot = (ADDONS_DIR / addon / "i18n" / ("%s.pot" % addon)).read_text()
    assert "#. module: %s" % addon in pot, "%s: i18n/%s.pot holds no term of the module" % (addon, addon)


@pytest.mark.parametrize("addon", ADDONS)
def test_depends_downwards_only(addon):
    """reports -> routing -> inventory -> sales -> Odoo: never upwards."""
    depends = read_manifest(addon)["depends"]
    for dep in depends:
        if dep in LAYERS:
            assert LAYERS[dep] < LAYERS[addon], "%s must not depend on %s" % (addon, dep)
    if addon != "dms_sales":
        assert ADDONS[LAYERS[addon] - 1] in depends


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_access_rights(addon):
    lines = access_lines(addon)
    covered = {line["model_id:id"].split(".")[-1] for line in lines}
    for model in defined_models(addon):
        xmlid = "model_" + model.replace(".", "_")
        assert xmlid in covered, "%s: model %s has no line in security/ir.model.access.csv" % (addon, model)
    for line in lines:
        assert line["id"].startswith("access_"), line["id"]
        assert line["group_id:id"], "%s: %s grants access to everyone" % (addon, line["id"])


def _python_files():
    for addon in ADDONS:
        yield from (ADDONS_DIR / addon).rglob("*.py")


def test_no_demo_code_in_models():
    """Demo generators live under each addon's demo/ (the dms.demo.loader model), not in the
    production models: no method of a models/ file has "demo" in its name."""
    offenders = [
        "%s:%d %s" % (path.relative_to(ADDONS_DIR), node.lineno, node.name)
        for addon in ADDONS
        for path in (ADDONS_DIR / addon / "models").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "demo" in node.name.lower()
    ]
    assert not offenders, "demo code in models/: %s" % ", ".join(offenders)


def test_sudo_is_explained():
    """Every sudo() carries a comment saying why it is safe, on its line or just above."""
    offenders = []
    for path in _python_files():
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if ".sudo(" in line and "tests" not in path.parts:
                context = lines[max(0, i - 4):i + 1]
                if not any("#" in c and "sudo" in c.lower() for c in context):
                    offenders.append("%s:%d" % (path.relative_to(ADDONS_DIR), i + 1))
    assert not offenders, "sudo() without a comment saying why: %s" % ", ".join(offenders)


def test_sequences_use_the_record_company():
    """Every ir.sequence next_by_code (or _dms_next_by_code_many, a batch's names) goes through
    with_company(<the record's company>) on the same expression: a sequence per company numbers each
    company's documents, whatever the user's company."""
    offenders = []
    for path in _python_files():
        text = path.read_text()
        for match in re.finditer(r"\.(next_by_code|_dms_next_by_code_many)\(", text):
            before = text[max(0, match.start() - 300):match.start()]
            start = max(before.rfind('env["ir.sequence"]'), before.rfind("env['ir.sequence']"))
            if start < 0 or ".with_company(" not in before[start:]:
                offenders.append("%s:%d" % (path.relative_to(ADDONS_DIR), text.count("\n", 0, match.start()) + 1))
    assert not offenders, "next_by_code without with_company(): %s" % ", ".join(offenders)


def test_no_sql_string_formatting():
    """Queries go through odoo.tools.SQL or parameters, never % or f-strings."""
    pattern = re.compile(r"""\.execute\(\s*(f["']|["'][^"']*["']\s*%|.*\.format\()""")
    offenders = [
        "%s:%d" % (path.relative_to(ADDONS_DIR), n)
        for path in _python_files()
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, offenders


def test_views_use_odoo18_syntax():
    offenders = []
    for path in ADDONS_DIR.rglob("*.xml"):
        text = path.read_text()
        for bad in ("<tree", "attrs=", "states=", "t-name=\"kanban-box\""):
            if bad in text:
                offenders.append("%s: %s" % (path.relative_to(ADDONS_DIR), bad))
    assert not offenders, offenders


def test_wizards_are_their_makers():
    """Every wizard (TransientModel) has a record rule on its maker: Odoo 18 gives none by itself,
    so without one, anyone with the access right reads and changes another user's wizard."""
    wizards = set()
    for addon in ADDONS:
        for path in (ADDONS_DIR / addon).rglob("*.py"):
            text = path.read_text()
            if "models.TransientModel" in text:
                wizards.update(re.findall(r'^\s+_name = "([\w.]+)"', text, flags=re.M))
    owned = set()
    for addon in ADDONS:
        for path in (ADDONS_DIR / addon / "security").glob("*.xml"):
            for record in ET.parse(path).getroot().iter("record"):
                if record.get("model") != "ir.rule":
                    continue
                fields = {f.get("name"): f for f in record.iter("field")}
                domain = (fields.get("domain_force").text or "") if "domain_force" in fields else ""
                if "create_uid" in domain and "user.id" in domain:
                    owned.add(fields["model_id"].get("ref").split(".")[-1].removeprefix("model_").replace("_", "."))
    missing = sorted(w for w in wizards if w not in owned)
    assert not missing, "wizards without a rule on their maker (create_uid): %s" % ", ".join(missing)
