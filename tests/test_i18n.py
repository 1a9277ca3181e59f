"""English is a real choice: every catalogue is complete and compiled into the .mo
the portal reads, and choosing English on the navbar switcher changes the pages."""

import ast
import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
# Folders that are not the project's own code (a real .venv in CI, not a symlink).
NOT_OURS = {"node_modules", "var", "bench", "static", "__pycache__"}


def _catalogues() -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [
            d for d in dirnames if not d.startswith(".") and d not in NOT_OURS
        ]
        found += [Path(dirpath, f) for f in filenames if f.endswith(".po")]
    return sorted(found)


CATALOGUES = _catalogues()


def _po_string(line: str) -> str:
    """The text of one quoted .po line; .po escapes are a subset of Python's."""
    return ast.literal_eval(line[line.index('"') :])


def _po_entries(path: Path) -> list[dict]:
    """Entries as {"flags", "msgctxt", "msgid", "msgid_plural", "msgstr": {i: s}};
    the header (msgid "") included, obsolete (#~) entries left out."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        starts = line.startswith(("#", "msgctxt", "msgid "))
        if entry is not None and (not line or (starts and entry["msgstr"])):
            entries.append(entry)
            entry = None
        if not line or line.startswith("#~"):
            continue
        if entry is None:
            entry = {
                "flags": set(),
                "msgctxt": None,
                "msgid": None,
                "msgid_plural": None,
                "msgstr": {},
            }
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(key, int):
                entry["msgstr"][key] += _po_string(line)
            else:
                entry[key] += _po_string(line)
        else:
            keyword = line.split(" ", 1)[0]
            if keyword.startswith("msgstr"):
                key = int(keyword[7:-1]) if "[" in keyword else 0
                entry["msgstr"][key] = _po_string(line)
            else:
                key = keyword
                entry[key] = _po_string(line)
    if entry is not None:
        entries.append(entry)
    return entries


def _label(entry: dict) -> str:
    return repr(entry["msgid"]) + (f" ({entry['msgctxt']})" if entry["msgctxt"] else "")


def test_the_catalogues_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in CATALOGUES}
    assert "locale/en/LC_MESSAGES/django.po" in names
    assert "people/locale/en/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_message_is_translated_and_none_is_fuzzy(po):
    entries = _po_entries(po)
    fuzzy = [_label(e) for e in entries if "fuzzy" in e["flags"]]
    empty = [
        _label(e)
        for e in entries
        if e["msgid"] and (not e["msgstr"] or not all(e["msgstr"].values()))
    ]
    assert not fuzzy, f"fuzzy entries in {po}: {fuzzy}"
    assert not empty, f"untranslated entries in {po}: {empty}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_committed_mo_holds_exactly_the_po(po):
    """Django reads only the .mo, and it is committed because servers may lack
    gettext: it must be compiled from the .po as it is now, not an older one."""
    if shutil.which("msgfmt"):
        check = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages and commit it"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in _po_entries(po):
        if not entry["msgid"]:
            continue
        msgid = entry["msgid"]
        if entry["msgctxt"] is not None:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if entry["msgid_plural"] is None:
            expected[msgid] = entry["msgstr"][0]
        else:
            expected |= {(msgid, i): s for i, s in entry["msgstr"].items()}
    compiled.pop("", None)
    assert compiled == expected, f"{mo} is stale: run compilemessages and commit it"


def test_choosing_english_translates_the_home_page(org, login):
    client = login(org["member"])
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en">' in page
    for english in ("Home", "My profile", "Log out", "Notifications"):
        assert english in page
    for indonesian in ("Beranda", "Profil saya", "Keluar", "Notifikasi"):
        assert indonesian not in page


def test_indonesian_is_the_default(org, login):
    page = login(org["member"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="id")
    page = page.content.decode()
    assert '<html lang="id">' in page
    for indonesian in ("Beranda", "Profil saya", "Keluar"):
        assert indonesian in page
    for english in ("My profile", "Log out"):
        assert english not in page
