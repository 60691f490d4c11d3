"""locale/vi is complete and up to date with the code; English has no stale guesses."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
CATALOG = "LC_MESSAGES/django.po"


def catalog(language: str, base: Path = ROOT / "locale") -> polib.POFile:
    return polib.pofile(str(base / language / CATALOG))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalog_has_no_fuzzy_or_empty_entries(language):
    po = catalog(language)
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.untranslated_entries()] == []


def test_vietnamese_catalog_lists_every_string_in_the_code(tmp_path, settings):
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("CI needs GNU gettext to check locale/vi")
        pytest.skip("checking locale/vi against the code needs GNU gettext")
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        call_command(
            "makemessages",
            locale=["vi"],
            ignore_patterns=["node_modules", "var", "tests", "benchmarks", "scripts"],
            no_obsolete=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    fresh = {e.msgid for e in catalog("vi", tmp_path / "locale")}
    committed = {e.msgid for e in catalog("vi")}
    assert sorted(fresh - committed) == [], "run `make makemessages` and translate"
    assert sorted(committed - fresh) == [], "run `make makemessages` (stale strings)"
