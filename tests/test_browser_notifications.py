"""Watching and the inbox in a real browser (Debian's Chromium through Playwright), under the
content security policy: the Watch button swaps in place through HTMX, and an assignment made
by one person shows in the other's top bar and inbox."""

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Commitment
from tests.test_browser_web import P2P_TITLE, browser_page, demo, log_in  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_watch_swaps_to_unwatch_in_place_and_lists_the_watcher(browser_page):  # noqa: F811
    page = browser_page
    problems = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and problems.append(message.text),
    )
    commitment = Commitment.objects.get(title__startswith=P2P_TITLE)
    log_in(page, "demo-viewer")
    page.goto(f"/commitments/{commitment.pk}/")
    panel = page.locator(f"#watch-commitment-{commitment.pk}")

    panel.get_by_role("button", name="Watch", exact=True).click()

    panel.get_by_role("button", name="Unwatch").wait_for()
    assert "demo-viewer" in panel.inner_text()
    assert page.url.endswith(f"/commitments/{commitment.pk}/")
    panel.get_by_role("button", name="Unwatch").click()
    panel.get_by_role("button", name="Watch", exact=True).wait_for()
    assert problems == []  # nothing refused by the content security policy


def test_an_assignment_shows_in_the_assignees_top_bar_and_inbox(browser_page):  # noqa: F811
    page = browser_page
    commitment = Commitment.objects.get(title__startswith=P2P_TITLE)
    log_in(page, "demo-manager")
    page.goto(f"/commitments/{commitment.pk}/")
    editor = get_user_model().objects.get(username="demo-editor")
    page.locator("#assign-panel").get_by_label("Assigned to").select_option(str(editor.pk))
    page.locator("#assign-panel").get_by_role("button", name="Save assignment").click()
    page.get_by_text("Assignment saved.").wait_for()
    page.context.clear_cookies()

    log_in(page, "demo-editor")
    page.get_by_role("link", name="Inbox").click()

    entry = page.get_by_role("link", name=f"demo-manager assigned “{commitment.title}” to you.")
    entry.wait_for()
    page.get_by_role("button", name="Mark all read").click()
    page.get_by_text("marked read").wait_for()
    assert page.locator(".unread-count").count() == 0
    entry.click()
    page.wait_for_url(f"**/commitments/{commitment.pk}/")
