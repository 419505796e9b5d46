"""The list's row tools in a real browser (Debian's Chromium through Playwright): an editor
ticks rows and assigns them all at once, with scripts and without; a refused row is named
and nothing moves."""

import pytest
from django.contrib.auth import get_user_model

from meetings import services
from meetings.models import Commitment, Update
from meetings.status import Status
from tests.factories import CommitmentFactory, UserFactory, home_party

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a browser test passphrase"
TIMEOUT_MS = 10_000


@pytest.fixture
def desk(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    home_party()
    editor = UserFactory(username="eddie", role="editor", password=PASSWORD)
    officer = UserFactory(username="dora", role="editor", first_name="Dora", last_name="Desk")
    rows = [
        CommitmentFactory(title="Hold the Security Dialogue at an early date"),
        CommitmentFactory(title="Release the detained nationals early"),
        CommitmentFactory(title="Resolve the treated water issue through dialogue"),
    ]
    return {"editor": editor, "officer": officer, "rows": rows}


def _page(chromium, live_server, **options):
    context = chromium.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill("eddie")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return context, page


@pytest.fixture
def browser_page(chromium, live_server, desk):
    context, page = _page(chromium, live_server)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page, errors
    context.close()


def test_an_editor_ticks_two_rows_and_assigns_them_in_one_action(browser_page, desk):
    page, errors = browser_page
    first, second, third = desk["rows"]
    page.goto("/commitments/?open=true&ordering=title")

    page.get_by_label(f"Select “{first.title}”").check()
    page.get_by_label(f"Select “{third.title}”").check()
    page.get_by_label("With the selected rows").select_option("assign")
    assert page.get_by_label("Note").is_hidden()  # only the chosen action's fields show
    page.get_by_label("Assign to").select_option(label="Dora Desk")
    page.get_by_role("button", name="Apply to the selected rows").click()

    page.locator("#bulk-done").wait_for()
    assert page.locator("#bulk-done").inner_text() == "2 commitments changed."
    assignees = dict(Commitment.objects.values_list("pk", "assignee__username"))
    assert assignees == {first.pk: "dora", second.pk: None, third.pk: "dora"}
    assert page.url.endswith("/commitments/?open=true&ordering=title")  # still the same list
    assert not errors  # nothing refused by the content security policy


def test_select_all_then_a_refused_row_is_named_and_nothing_moves(browser_page, desk):
    page, errors = browser_page
    second = desk["rows"][1]
    page.goto("/commitments/?open=true")
    # Someone records an update on one row after the list was drawn.
    services.record_update(commitment=second, author=desk["officer"], note="Raised again.")

    page.get_by_label("Select every row on this page").check()
    page.get_by_label("With the selected rows").select_option("update")
    page.get_by_label("New status").select_option(Status.IN_PROGRESS)
    page.get_by_label("Note").fill("Taken up at the working-level talks.")
    page.get_by_role("button", name="Apply to the selected rows").click()

    refusals = page.locator(".refusals li")
    refusals.first.wait_for()
    assert refusals.count() == 1
    assert second.title in refusals.inner_text()
    assert "changed by someone else" in refusals.inner_text()
    assert page.get_by_label("Note").input_value() == "Taken up at the working-level talks."
    assert page.locator(".row-select:checked").count() == 3  # still ticked
    assert Update.objects.filter(note__startswith="Taken up").count() == 0
    # The refusal's 422, and nothing refused by the content security policy.
    assert [e for e in errors if "422" not in e] == []


def test_without_scripts_the_rows_are_assigned_through_a_plain_post(chromium, live_server, desk):
    context, page = _page(chromium, live_server, java_script_enabled=False)
    first, second, _third = desk["rows"]
    page.goto("/commitments/?open=true")

    page.get_by_label(f"Select “{second.title}”").check()
    page.get_by_label("With the selected rows").select_option("assign")
    page.get_by_label("Assign to").select_option(label="Dora Desk")
    page.get_by_role("button", name="Apply to the selected rows").click()

    page.wait_for_url("**/commitments/?open=true")
    assert "1 commitment changed." in page.content()
    assert Commitment.objects.get(pk=second.pk).assignee == desk["officer"]
    assert Commitment.objects.get(pk=first.pk).assignee is None
    context.close()


def test_assign_to_me_from_a_row_swaps_that_row(browser_page, desk):
    page, errors = browser_page
    first = desk["rows"][0]
    page.goto("/commitments/?open=true")

    row = page.locator("tr", has_text=first.title)
    row.get_by_role("button", name="Assign to me").click()

    row.locator(".row-notice").wait_for()
    assert row.locator(".row-notice").inner_text() == "Assigned to you."
    assert "eddie" in row.inner_text()
    assert Commitment.objects.get(pk=first.pk).assignee == get_user_model().objects.get(
        username="eddie"
    )
    assert not errors
