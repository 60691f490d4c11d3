"""Gettext catalogues in pure Python (no GNU gettext needed to run the site).

    python scripts/messages.py compile   # locale/*/LC_MESSAGES/*.po -> .mo (if newer)
    python scripts/messages.py fill-vi   # source strings are Vietnamese: msgstr = msgid

`make run` compiles; `make makemessages` extracts with Django, then fills locale/vi.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogues() -> None:
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(LOCALE_DIR.parent)}")


def fill_vietnamese() -> None:
    path = LOCALE_DIR / "vi/LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgctxt = None  # polib writes it alone, which msgmerge rejects
        entry.previous_msgid = entry.previous_msgid_plural = None
    catalogue.save()


if __name__ == "__main__":
    {"compile": compile_catalogues, "fill-vi": fill_vietnamese}[sys.argv[1]]()
