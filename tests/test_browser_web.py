"""The staff web app in a real browser: Debian's Chromium driven by Playwright (sync API).

A Japanese readout goes from upload to confirmed commitments in a Japanese browser too. One
browser for the whole run (``chromium`` in tests/conftest.py); each test gets a fresh
context (cookies) and the demo data as it stood on 24 December 2024, the day before the
People-to-People Dialogue met again.
"""

import base64
import csv
import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.models import Commitment, Meeting
from meetings.status import Review

# serialized_rollback: the flush after each test would otherwise drop the role groups that a
# data migration made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a browser test passphrase"
AS_OF = datetime.date(2024, 12, 24)
P2P_TITLE = "Use the High-Level People-to-People and Cultural Exchange Dialogue"
TIMEOUT_MS = 10_000


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, as_of=AS_OF, stdout=io.StringIO())
    for user in get_user_model().objects.filter(username__startswith="demo-"):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture
def browser_page(chromium, live_server, demo):
    context = chromium.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def open_count(page) -> int:
    page.goto("/")
    return int(page.locator('[data-figure="open_total"] .number').inner_text())


def test_editor_marks_p2p_dialogue_fulfilled_at_a_new_meeting_and_the_open_count_drops(
    browser_page,
):
    page = browser_page
    log_in(page, "demo-editor")
    before = open_count(page)

    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Japan-China Foreign Ministers' Meeting").filter(
        has_text="Foreign Ministers"
    ).first.click()
    page.get_by_role("heading", name="Commitments made here").wait_for()
    assert "Busan" in page.content()
    page.get_by_role("link", name=P2P_TITLE).click()

    page.get_by_label("New status").select_option("fulfilled")
    page.get_by_label("What the meeting did").select_option("fulfilled")
    page.get_by_text("Create the later meeting here").click()
    page.get_by_label("Title of the new meeting").fill(
        "Second Japan-China High-Level People-to-People and Cultural Exchange Dialogue"
    )
    page.get_by_label("Kind of meeting").select_option("dialogue_session")
    page.get_by_label("Date of the meeting").fill("2024-12-25")
    page.get_by_label("Note").fill("The Second Dialogue was held in Beijing.")
    page.get_by_role("button", name="Record update").click()

    status = page.locator("#current-status")
    status.filter(has_text="fulfilled").wait_for()
    assert "Update recorded." in page.content()
    assert "The Second Dialogue was held in Beijing." in page.locator(".timeline").inner_text()

    assert open_count(page) == before - 1


def test_editor_finds_the_replacing_commitment_by_its_words(browser_page):
    page = browser_page
    log_in(page, "demo-editor")
    page.goto("/commitments/?q=reciprocal+visits")
    page.get_by_role("link", name="Consider reciprocal visits by the foreign ministers").click()

    page.get_by_label("New status").select_option("superseded")
    replaced_by = page.get_by_label("Replaced by")
    assert replaced_by.locator("option").count() == 1  # folded: nothing fetched yet
    page.get_by_text("Date, source, replacement").click()
    replaced_by.locator("option").nth(1).wait_for(state="attached")  # the likeliest, fetched
    assert "diplomatic authorities" not in replaced_by.inner_text()  # another counterpart's
    page.get_by_label("Find the replacing commitment").fill("diplomatic authorities")
    option = replaced_by.locator("option", has_text="diplomatic authorities")
    option.wait_for(state="attached")
    replaced_by.select_option(label=option.inner_text())
    page.get_by_label("Note").fill("Replaced by the talks with Korea.")
    page.get_by_role("button", name="Record update").click()

    page.locator("#current-status").filter(has_text="superseded").wait_for()
    assert "Continue close communication between the diplomatic authorities" in (
        page.locator("#replaced-by").inner_text()
    )


def test_viewer_sees_no_update_form_and_a_forged_post_is_refused(browser_page):
    page = browser_page
    log_in(page, "demo-viewer")
    page.goto("/commitments/?q=People-to-People")
    page.get_by_role("link", name=P2P_TITLE).click()
    page.get_by_role("heading", name="Timeline").wait_for()
    assert page.locator("#update-form").count() == 0

    url = page.url.rstrip("/") + "/updates/"
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        url,
        form={"status": "fulfilled", "note": "forged", "version": "1"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 403
    assert "You are not allowed to do this" in response.text()
    page.reload()
    assert page.locator("#current-status").inner_text() == "open"


def test_list_filter_and_csv_export_agree(browser_page, tmp_path: Path):
    page = browser_page
    log_in(page, "demo-viewer")
    page.goto("/commitments/")
    all_count = int(page.locator("#result-count").get_attribute("data-count"))

    # Filtering swaps the results in place (HTMX) and puts the filter in the address.
    with page.expect_response(lambda r: "kind=request" in r.url):
        page.get_by_label("Kind").select_option("request")
    page.wait_for_url("**kind=request**")
    count = int(page.locator("#result-count").get_attribute("data-count"))
    assert 0 < count < all_count
    titles = set(page.locator("table.list tbody tr td:first-child a").all_inner_texts())

    with page.expect_download() as download_info:
        page.locator("#export-csv").click()
    path = tmp_path / "export.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == count
    assert {row["title"] for row in rows} == titles
    assert {row["kind"] for row in rows} == {"request"}


def test_under_debug_a_refused_update_shows_its_errors_beside_the_fields(browser_page, settings):
    # As under ``make run``: django-htmx adds its debug script, which takes over 400 answers.
    settings.DEBUG = True
    page = browser_page
    log_in(page, "demo-editor")
    page.goto("/commitments/?q=People-to-People")
    page.get_by_role("link", name=P2P_TITLE).click()
    assert page.locator("script[data-debug='True']").count() == 1

    page.get_by_label("New status").select_option("dropped")
    page.get_by_role("button", name="Record update").click()

    error = page.locator("#update-form .error, #update-form [role=alert]").filter(
        has_text="closing needs a note"
    )
    error.first.wait_for()
    assert page.locator("header.site-header").count() == 1
    assert page.locator("h1").inner_text() == P2P_TITLE
    assert page.locator("#current-status").inner_text() == "open"


# The second factor ---------------------------------------------------------------------------


def authenticator_code(secret: str) -> str:
    """What an authenticator app shows for the key it was given (RFC 6238, django-otp's own)."""
    from django_otp.oath import totp

    return f"{totp(base64.b32decode(secret.replace(' ', ''))):06d}"


def enter_password(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_manager_signs_in_with_a_password_then_the_authenticator_code(browser_page, mfa):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = browser_page
    manager = get_user_model().objects.get(username="demo-manager")
    device = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)

    enter_password(page, "demo-manager")
    page.wait_for_url("**/accounts/second-factor/")
    page.get_by_label("Code").fill(authenticator_code(base64.b32encode(device.bin_key).decode()))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/")
    assert page.locator('[data-figure="open_total"]').is_visible()


def test_manager_without_an_authenticator_sets_one_up_before_anything_else(browser_page, mfa):
    page = browser_page
    enter_password(page, "demo-manager")
    page.wait_for_url("**/accounts/second-factor/setup/")
    assert page.locator(".qr svg").is_visible()
    page.goto("/commitments/")  # nothing else until it is set up
    page.wait_for_url("**/accounts/login/**")

    enter_password(page, "demo-manager")
    page.wait_for_url("**/accounts/second-factor/setup/")
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code from the app").fill(authenticator_code(secret))
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("heading", name="Recovery codes").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/")
    assert page.locator('[data-figure="open_total"]').is_visible()


# A Japanese readout from upload through review to confirmed commitments, in a browser whose
# language is Japanese.

JAPANESE_READOUT = (
    Path(__file__).resolve().parent
    / "readouts"
    / "dev"
    / "jp-ja-2020-07-29-japan-china-fm-telephone.txt"
)


@pytest.fixture
def japanese_page(browser_page):
    """The browser's page, asking for Japanese."""
    browser_page.context.set_extra_http_headers({"Accept-Language": "ja"})
    return browser_page


def log_in_in_japanese(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_manager_imports_reviews_and_confirms_a_japanese_readout(japanese_page):
    page = japanese_page
    log_in_in_japanese(page, "demo-manager")

    page.goto("/meetings/import/")
    page.get_by_label("または会談概要を貼り付け").fill(JAPANESE_READOUT.read_text(encoding="utf-8"))
    page.get_by_role("button", name="会談概要を読み取る").click()

    page.locator("#proposals-heading").wait_for()
    assert page.get_by_label("日付").input_value() == "2020-07-29"
    draft = Meeting.objects.get(review=Review.DRAFT)
    proposals = page.locator("article.proposal")
    assert proposals.count() == draft.commitments.count() >= 3
    assert "往来の再開に向けた調整" in page.locator("#review-form").inner_text()
    page.get_by_role("button", name="確定して公開").click()

    page.get_by_role("heading", name="本会談での合意事項").wait_for()
    meeting = Meeting.objects.get(pk=draft.pk)
    assert meeting.review == Review.CONFIRMED
    confirmed = Commitment.objects.filter(meeting=meeting, review=Review.CONFIRMED)
    assert confirmed.count() == draft.commitments.count()
    made_here = page.locator("ol.commitments").inner_text()
    assert all(c.title in made_here for c in confirmed)
    assert "中国" in page.locator("dl.facts").inner_text()

    page.goto("/counterparts/CN/briefing/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "中国" in heading
    assert "China" not in heading
    assert confirmed.first().title in page.locator("article.briefing").inner_text()
