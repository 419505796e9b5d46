"""Japanese and English: the pages follow the browser's language or the footer's switch, and
the Japanese catalogue translates every string the code marks."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from meetings.status import Status
from tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES"


def po_entries(path: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr of a .po file, plural entries by their singular."""
    entries: dict[tuple[str, str], str] = {}
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
            if match:
                key = match.group(1).replace("[0]", "")
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            entries[(fields.get("msgctxt", ""), fields["msgid"])] = fields.get("msgstr", "")
    return entries


def test_a_japanese_browser_gets_japanese_pages(viewer_client):
    response = viewer_client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="ja")

    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "ダッシュボード" in html
    assert "未完了" in html  # the open tile, not the status "open"


def test_the_footer_switch_keeps_the_language_chosen(viewer_client):
    CommitmentFactory(title="Hold the dialogue")
    switched = viewer_client.post(
        reverse("set_language"), {"language": "ja", "next": reverse("commitment-list")}
    )
    japanese = viewer_client.get(reverse("commitment-list")).content.decode()
    viewer_client.post(reverse("set_language"), {"language": "en"})
    english = viewer_client.get(reverse("commitment-list")).content.decode()

    assert switched.status_code == 302
    assert switched["Location"] == reverse("commitment-list")
    # The same row, rendered once in each language (rows are cached per language).
    with translation.override("ja"):
        open_in_japanese = str(Status.OPEN.label)
    assert f'<span class="badge status-open">{open_in_japanese}</span>' in japanese
    assert '<span class="badge status-open">open</span>' in english
    assert 'lang="en"' in english and 'option value="ja" lang="ja" selected' in japanese


def test_the_japanese_catalogue_translates_every_entry_and_is_compiled():
    entries = po_entries(CATALOGUE / "django.po")
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    untranslated = [msgid for (_, msgid), msgstr in entries.items() if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text(encoding="utf-8")
    stale = [
        msgid
        for (context, msgid), msgstr in entries.items()
        if "\\" not in msgid
        and "\\" not in msgstr
        and (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert stale == [], "compile the catalogue: make messages"


def test_every_string_marked_for_translation_is_in_the_catalogue(tmp_path):
    """A string added to the code without a Japanese translation fails here: run
    ``make messages`` and translate what it adds."""
    if shutil.which("xgettext") is None:
        message = "GNU gettext is not installed (apt-get install gettext)"
        if os.environ.get("REQUIRE_GETTEXT"):  # CI installs it: never skipped there
            pytest.fail(message)
        pytest.skip(message)
    for name in ("meetings", "notifications", "reminders", "templates", "tracker", "webhooks"):
        shutil.copytree(Path(settings.BASE_DIR) / name, tmp_path / name)
    shutil.copy(Path(settings.BASE_DIR) / "manage.py", tmp_path)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ja", "-v0"],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
        },
    )

    marked = set(po_entries(tmp_path / "locale" / "ja" / "LC_MESSAGES" / "django.po"))
    assert sorted(marked - set(po_entries(CATALOGUE / "django.po"))) == []


def test_the_sign_in_page_can_be_switched_to_japanese(client):
    login = reverse("login")

    switched = client.post(reverse("set_language"), {"language": "ja", "next": login})
    page = client.get(login).content.decode()

    assert switched.status_code == 302
    assert switched["Location"] == login
    assert '<html lang="ja">' in page
    assert "ログイン" in page


def test_a_page_redrawn_after_a_post_switches_back_to_a_page_that_answers_get(editor_client, rf):
    commitment = CommitmentFactory()
    refused = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"version": commitment.version, "status": "nonsense"},
    )

    assert refused.status_code == 422
    html = refused.content.decode()
    assert f'name="next" type="hidden" value="{reverse("dashboard")}"' in html
