"""The Hebrew and Arabic catalogues are complete, and the compiled files match them.

The compiled .mo files are committed so that `make run` works on a machine without gettext;
this test fails when a .po file was changed without compiling it (run
`python manage.py compilemessages`), or when an entry is empty or fuzzy.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["he", "ar"])
def test_catalogue_is_complete_and_compiled(language):
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    catalogue = polib.pofile(str(po_path))
    active = [e for e in catalogue if not e.obsolete]
    assert active, "empty catalogue"
    fuzzy = [e.msgid for e in active if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy[:5]}"
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    assert not untranslated, f"untranslated entries: {untranslated[:5]}"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for entry in active:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            got = compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            want = entry.msgstr_plural[compiled.plural(1)]
        else:
            got = compiled._catalog.get(key)
            want = entry.msgstr
        if got != want:
            stale.append(entry.msgid)
    assert not stale, f"the .mo file is older than the .po file: {stale[:5]}"
