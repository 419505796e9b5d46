"""Every page a signed-in person reaches, on a phone 390 px wide (Debian's Chromium).

The page never scrolls sideways (a wide table may, inside its own box); the commitment list
shows each row's status and expected-by date with its overdue mark inside the screen; the
filters fold away behind a button that works without JavaScript; the top bar wraps. The demo
data as it stood on 24 December 2025, with a Japanese readout waiting for review and the
Chinese readout of a recorded meeting attached to it.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from meetings import services
from meetings.importing.parser import parse_readout
from meetings.models import Commitment, Meeting
from meetings.status import Review
from webhooks import services as webhook_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a browser test passphrase"
AS_OF = datetime.date(2025, 12, 24)
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
DEV = Path(__file__).resolve().parent / "readouts" / "dev"
TO_REVIEW = DEV / "jp-ja-2020-07-29-japan-china-fm-telephone.txt"
MUNICH_JP = DEV / "jp-en-2020-02-15-japan-china-foreign-ministers.txt"
MUNICH_CN = DEV / "cn-en-2020-02-15-wang-yi-meets-motegi-munich.txt"


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, as_of=AS_OF, stdout=io.StringIO())
    users = get_user_model().objects.filter(username__startswith="demo-")
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    manager = users.get(username="demo-manager")
    services.create_api_token(user=manager, name="Reporting spreadsheet on the shared drive")
    call_command("import_readout", str(TO_REVIEW), "--new", stdout=io.StringIO())
    text = MUNICH_JP.read_text(encoding="utf-8")
    draft = services.store_draft(parsed=parse_readout(text), readout=text)
    munich = services.confirm_import(
        meeting=draft, accepted=list(draft.commitments.all()), author=manager
    )
    text = MUNICH_CN.read_text(encoding="utf-8")
    theirs = services.attach_readout(meeting=munich, parsed=parse_readout(text), text=text)
    return {"munich": munich, "theirs": theirs}


def phone_context(chromium, live_server, **options):
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE, device_scale_factor=2, is_mobile=True, **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def phone(chromium, live_server, demo):
    context = phone_context(chromium, live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_without_scripts(chromium, live_server, demo):
    context = phone_context(chromium, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def beyond_the_right_edge(page) -> list[str]:
    """The first elements that reach past the screen's right edge, to say what to fix."""
    return page.evaluate(
        """[...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}: ${(e.textContent || "").trim().slice(0, 40)}`)"""
    )


def on_screen(locator) -> bool:
    """Shown, and wholly between the screen's left and right edges."""
    box = locator.bounding_box()
    return (
        locator.is_visible()
        and box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= PHONE["width"]
    )


def pages_a_manager_reaches(demo) -> list[str]:
    meeting = Meeting.objects.filter(review=Review.CONFIRMED).order_by("held_on").first()
    commitment = Commitment.objects.filter(review=Review.CONFIRMED).order_by("pk").first()
    draft = Meeting.objects.filter(review=Review.DRAFT).get()
    webhook, _secret = webhook_services.create_webhook(
        name="The registry of commitments across the ministries",
        url="https://registry.example.org/hooks/commitment-tracker/events?source=foreign-ministry",
        events=["commitment.status_changed", "commitment.assigned"],
        created_by=None,
    )
    return [
        reverse("dashboard"),
        reverse("commitment-list") + "?open=true",
        reverse("commitment-list"),
        commitment.get_absolute_url(),
        reverse("meeting-list"),
        meeting.get_absolute_url(),
        demo["munich"].get_absolute_url(),
        reverse("briefing", args=["CN"]),
        reverse("import-start"),
        reverse("import-review", args=[draft.pk]),
        reverse("readout-align", args=[demo["munich"].pk, demo["theirs"].pk]),
        reverse("account"),
        reverse("api-tokens"),
        reverse("password_change"),
        reverse("second-factor-setup"),
        reverse("admin:index"),
        reverse("webhooks:list"),
        webhook.get_absolute_url(),
        # Watching and notifications: a mechanism's list with its Watch button, the inbox.
        commitment.mechanism.get_absolute_url() if commitment.mechanism else "/commitments/",
        reverse("notification-inbox"),
        reverse("notification-preferences"),
    ]


def test_no_page_scrolls_sideways_on_a_phone(phone, demo):
    page = phone
    log_in(page, "demo-manager")
    too_wide = {}
    for path in pages_a_manager_reaches(demo):
        response = page.goto(path)
        assert response.status == 200, path
        if page_width(page) > PHONE["width"]:
            too_wide[path] = (page_width(page), beyond_the_right_edge(page))
    assert too_wide == {}


def test_the_list_shows_status_and_expected_by_with_its_overdue_mark_on_screen(phone):
    page = phone
    log_in(page, "demo-editor")
    page.goto("/commitments/?open=true&overdue=true")
    rows = page.locator("#results tbody tr")
    assert rows.count() >= 2
    for i in range(rows.count()):
        row = rows.nth(i)
        assert on_screen(row.locator(".badge[class*='status-']"))
        overdue = row.locator(".badge.overdue")
        assert on_screen(overdue)
        expected_by = row.locator("td:has(.badge.overdue)")
        assert on_screen(expected_by)
        assert "Expected by" in expected_by.evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
    assert page_width(page) <= PHONE["width"]


def test_the_briefing_shows_who_must_act_and_overdue_marks_on_screen(phone):
    page = phone
    log_in(page, "demo-viewer")
    page.goto("/counterparts/CN/briefing/")
    overdue = page.locator("article.briefing .badge.overdue")
    assert overdue.count() >= 1
    assert on_screen(overdue.first)
    assert on_screen(page.locator(".who-acts").first)
    assert on_screen(page.get_by_role("link", name="Download PDF"))


def test_filters_fold_away_and_open_without_javascript(phone_without_scripts):
    page = phone_without_scripts
    log_in(page, "demo-viewer")
    page.goto("/commitments/?open=true")
    filters = page.get_by_role("search", name="Filter commitments")
    assert not filters.is_visible()
    assert on_screen(page.locator("#results tbody tr").first.locator(".badge").first)

    page.get_by_text("Filters", exact=True).click()
    assert filters.is_visible()
    assert page_width(page) <= PHONE["width"]
    page.get_by_label("Text").fill("detained")
    page.get_by_role("button", name="Apply").click()
    assert "Release the detained Japanese nationals" in page.locator("#results").inner_text()
    assert page.locator("#results tbody tr").count() == 1

    page.goto("/meetings/")
    filters = page.get_by_role("search", name="Filter meetings")
    assert not filters.is_visible()
    page.get_by_text("Filters", exact=True).click()
    assert filters.is_visible()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_table(chromium, live_server, demo):
    wide = {"width": 1280, "height": 900}
    context = chromium.new_context(base_url=live_server.url, viewport=wide)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, "demo-viewer")
        page.goto("/commitments/?open=true")
        assert page.get_by_role("search", name="Filter commitments").is_visible()
        assert not page.get_by_text("Filters", exact=True).is_visible()
        assert page.locator("table.list thead").is_visible()
    finally:
        context.close()


def test_a_table_too_wide_for_the_phone_scrolls_in_its_own_box_with_a_hint(phone):
    page = phone
    log_in(page, "demo-manager")
    page.goto("/accounts/tokens/")
    box = page.locator(".table-scroll")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    assert page.get_by_text("The table scrolls sideways.").is_visible()
    assert page_width(page) <= PHONE["width"]


def test_the_top_bar_wraps_inside_the_screen(phone):
    page = phone
    log_in(page, "demo-manager")
    page.locator(".saved-filters-menu summary").click()  # its links too, once open
    links = page.locator(".site-header a, .site-header button")
    assert links.count() >= 8
    for i in range(links.count()):
        assert on_screen(links.nth(i)), links.nth(i).inner_text()
