"""The Welsh catalogue is complete, current and compiled, and Welsh pages show no English interface text.

After adding or changing interface text, from the project folder:
    DEBUG=1 .venv/bin/python manage.py makemessages -l cy --ignore=.venv --ignore=staticfiles --ignore=docs
then translate every new or fuzzy entry in locale/cy/LC_MESSAGES/django.po (conventions at its top) and
    DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import gettext
import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PROJECT = Path(settings.BASE_DIR)
LC_MESSAGES = PROJECT / "locale" / "cy" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
# What the makemessages command in the module docstring leaves out; hidden folders are always left out.
NOT_EXTRACTED = {".venv", "staticfiles", "docs", "locale", "node_modules", "__pycache__"}
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdif%]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def po_blocks(path: Path):
    """Yield each blank-line-separated block of a .po file with its first line number."""
    block, start = [], 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            start = start if block else number
            block.append(line.strip())
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def po_entries(path: Path) -> list[Entry]:
    """Read a .po file into entries, header first; obsolete (#~) entries are left out."""
    entries = []
    for number, lines in po_blocks(path):
        entry, target = Entry(line=number), None
        for line in lines:
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            if line.startswith("#"):
                continue
            if not line.startswith('"'):
                keyword, _space, line = line.partition(" ")
                target = "msgstr" if keyword.startswith("msgstr") else keyword
                if target == "msgstr":
                    entry.msgstrs.append("")
                elif target == "msgctxt":
                    entry.msgctxt = ""
            text = re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), line[1:-1])
            if target == "msgstr":
                entry.msgstrs[-1] += text
            else:
                setattr(entry, target, getattr(entry, target) + text)
        if target is not None:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[Entry]:
    return [e for e in po_entries(path) if e.msgid]


def test_the_catalogue_declares_welsh_and_its_six_plural_forms():
    header = po_entries(PO)[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Language: cy\n" in header.msgstrs[0]
    plural_forms = "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
    assert plural_forms in header.msgstrs[0]


def test_every_message_has_a_welsh_translation_that_is_not_fuzzy():
    untranslated = [e for e in messages(PO) if not all(e.msgstrs) or "fuzzy" in e.flags]
    wrong_plurals = [e for e in messages(PO) if e.msgid_plural and len(e.msgstrs) != 6]
    assert not untranslated, "Empty or fuzzy Welsh translations:\n" + "\n".join(map(str, untranslated))
    assert not wrong_plurals, "Plural messages need six Welsh forms:\n" + "\n".join(map(str, wrong_plurals))


def test_every_translation_keeps_its_placeholders_and_markup():
    broken = []
    for e in messages(PO):
        source = e.msgid_plural or e.msgid
        for msgstr in filter(None, e.msgstrs):
            placeholders_differ = "python-format" in e.flags and (
                sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(msgstr))
            )
            if placeholders_differ or sorted(TAG.findall(source)) != sorted(TAG.findall(msgstr)):
                broken.append(f"{e}\n    -> {msgstr!r}")
    assert not broken, "Translations that lose or add a placeholder or tag:\n" + "\n".join(broken)


def test_the_compiled_catalogue_matches_the_po_file():
    compiled = gettext.GNUTranslations(MO.open("rb"))

    def lookup(e: Entry, n: int) -> str:
        if e.msgid_plural and e.msgctxt is not None:
            return compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
        if e.msgid_plural:
            return compiled.ngettext(e.msgid, e.msgid_plural, n)
        return compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt is not None else compiled.gettext(e.msgid)

    stale = []
    for e in messages(PO):
        for form, msgstr in enumerate(e.msgstrs):
            # A number that takes this plural form, e.g. 2 for the third of Welsh's six.
            n = next(n for n in range(1000) if compiled.plural(n) == form) if e.msgid_plural else 1
            if lookup(e, n) != msgstr:
                stale.append(f"{e} (form {form})" if e.msgid_plural else str(e))
    assert not stale, "django.mo is out of date; run compilemessages. It differs for:\n" + "\n".join(stale)


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="xgettext (GNU gettext) is not installed, so makemessages cannot run"
)
def test_the_catalogue_holds_exactly_the_messages_in_the_code(tmp_path, monkeypatch, settings):
    """Run makemessages on a copy of the sources, so the committed catalogue is never touched."""

    def left_out(folder: str, names: list[str]) -> list[str]:
        return [
            n for n in names
            if n.startswith(".") or n in NOT_EXTRACTED
            or (Path(folder, n).is_file() and Path(n).suffix not in {".py", ".html", ".txt"})
        ]

    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=left_out, symlinks=True)
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    ignore = sorted(NOT_EXTRACTED - {"locale"})
    call_command("makemessages", locale=["cy"], verbosity=0, ignore_patterns=ignore)

    in_code = {e.key: e for e in messages(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po")}
    in_catalogue = {e.key: e for e in messages(PO)}
    missing = [f"{e.msgid!r}" for key, e in in_code.items() if key not in in_catalogue]
    stale = [str(e) for key, e in in_catalogue.items() if key not in in_code]
    assert not missing and not stale, (
        "locale/cy/LC_MESSAGES/django.po is out of date (see this module's docstring).\n"
        + "Not in the catalogue:\n  " + "\n  ".join(missing or ["-"])
        + "\nNo longer in the code:\n  " + "\n  ".join(stale or ["-"])
    )


WELSH_PAGES = [
    "/cy/",
    "/cy/gap/",
    "/cy/gap/print/",
    "/cy/gap/unknowns/",
    "/cy/gap/columns/",
    "/cy/regions/cwm-taf-morgannwg/",
    "/cy/regions/north-wales/",
    "/cy/services/find/",
    "/cy/services/find/W06000022/30-months/",
    "/cy/services/find/W06000023/expecting/",
    "/cy/services/find/?postcode=not-a-postcode&stage=born",
    "/cy/services/",
    "/cy/services/?region=nowhere&age=soon",
    "/cy/regions/gwent/",
    "/cy/services/g-pimhs/",
    "/cy/no-such-page/",
]
ENGLISH_INTERFACE = [
    "Skip to main content", "Coverage map", "Find a referral route", "Service directory", "Provision level",
    "Data sources", "Contains OS data", "Crown copyright", "Babies who would benefit", "Unmet need",
    "Local authorit", "Not stated in the source", "Last reviewed", "How to refer", "Who can refer",
    "Specialist team", "not known", "There is a problem", "Error:", "Choose a local authority",
]


def visible_interface_text(page: str) -> str:
    """Page text without scripts, tags, or the stored English that the page marks lang="en"."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<(?!html\b)(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.django_db
@pytest.mark.parametrize("url", WELSH_PAGES)
def test_welsh_pages_show_no_english_interface_text(client, url):
    page = client.get(url)
    assert page.status_code == (404 if "no-such-page" in url else 200)
    text = visible_interface_text(page.content.decode())
    catalogue = [
        e.msgid for e in messages(PO)
        if len(e.msgid.split()) >= 3 and not PLACEHOLDER.search(e.msgid) and "<" not in e.msgid
        and e.msgstrs[0] != e.msgid
    ]
    flat = " ".join(text.split())
    english = [phrase for phrase in ENGLISH_INTERFACE + catalogue if phrase in text]
    english += [phrase for phrase in seed_english() if phrase in flat]
    assert not english, f"English on {url}: {english}"


def seed_english() -> list[str]:
    """Every English sentence or name of three words or more in the seed that has a different Welsh text.

    An English name that its Welsh text quotes, as a programme's brand name in brackets, is left out."""
    phrases = []
    for fixture in sorted((PROJECT / "fixtures").glob("*.json")):
        for record in json.loads(fixture.read_text(encoding="utf-8")):
            fields = record.get("fields", {})
            for name, value in fields.items():
                welsh = fields.get(name[:-3] + "_cy") if name.endswith("_en") else None
                if isinstance(value, str) and welsh and value not in welsh and len(value.split()) >= 3:
                    phrases.append(" ".join(value.split()))
    return phrases


def test_the_seed_gives_every_service_and_its_summary_in_welsh():
    services = [r["fields"] for r in json.loads((PROJECT / "fixtures" / "services.json").read_text()) if r["model"] == "services.service"]
    assert services and all(s["name_cy"].strip() and s["summary_cy"].strip() for s in services)
