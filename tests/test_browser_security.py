"""The pages in Chromium under the Content-Security-Policy: nothing refused, everything works.

Chromium reports every script, style or request the policy refuses in the console (and as a
``securitypolicyviolation`` event); these tests collect both on every page a person uses, the
admin and the API docs included, and check that HTMX still swaps, the language switch and the
forms still work, with DEBUG off and on (django-htmx adds its debug script then).
"""

import pytest

from meetings.models import Commitment, Meeting
from tests.test_browser_web import demo, log_in  # noqa: F401 (a fixture)
from webhooks import services as webhook_services
from webhooks.models import Webhook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT_MS = 10_000
# Recorded before any of the page's own scripts run (a Playwright init script is not a page
# script, so the policy does not apply to it).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


class Watched:
    """A page whose console errors, script errors and policy violations are kept."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message) -> None:
        # The browser asks for /favicon.ico by itself; the tracker has none.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.problems.append(f"console: {message.text} ({message.location['url']})")

    def visit(self, path: str):
        response = self.page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        return response

    def assert_clean(self) -> None:
        violations = self.page.evaluate("window.__violations")
        assert violations == [], violations
        assert self.problems == [], self.problems


@pytest.fixture
def watched(chromium, live_server, demo):  # noqa: F811 (the fixture imported above)
    context = chromium.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_VIOLATIONS)
    yield Watched(context.new_page())
    context.close()


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def every_page(watched: Watched) -> None:
    page = watched.page
    commitment = Commitment.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    webhook = (
        Webhook.objects.order_by("pk").first()
        or webhook_services.create_webhook(
            name="Registry",
            url="https://registry.example.org/hooks",
            events=["commitment.created"],
            created_by=None,
        )[0]
    )
    for path in (
        "/",
        "/commitments/",
        "/commitments/?open=true&status=fulfilled",
        f"/commitments/{commitment.pk}/",
        "/mine/",
        "/mine/division/",
        "/filters/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        "/counterparts/CN/briefing/",
        "/meetings/import/",
        "/accounts/password_change/",
        "/admin/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        f"/admin/meetings/commitment/{commitment.pk}/change/",
        "/admin/meetings/commitment/",
        "/admin/meetings/commitment/add/",
        f"/admin/meetings/commitment/{commitment.pk}/add-update/",
        "/admin/meetings/update/",
        "/webhooks/",
        f"/webhooks/{webhook.pk}/",
    ):
        watched.visit(path)
        page.wait_for_load_state("load")
        watched.assert_clean()


def test_every_page_and_the_admin_run_under_the_policy_with_nothing_refused(watched, debug):
    log_in(watched.page, "demo-manager")
    watched.assert_clean()

    every_page(watched)

    watched.visit("/")
    # With DEBUG on, django-htmx's debug script comes too: a file, with its setting in a data-
    # attribute, so it runs under the policy like htmx itself.
    assert watched.page.locator("script[data-debug='True']").count() == (1 if debug else 0)
    watched.assert_clean()


def test_the_api_docs_run_under_the_policy(watched, debug):
    page = watched.page
    log_in(page, "demo-viewer")

    watched.visit("/api/docs/")
    page.get_by_text("Commitment tracker API").first.wait_for()

    # Try an endpoint from the page: Swagger UI's own request, with the session.
    page.locator("#operations-dashboard-dashboard_retrieve").click()
    page.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/dashboard/")) as answer:
        page.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    page.locator(".live-responses-table .response-col_status").first.wait_for()

    watched.assert_clean()


def test_htmx_swaps_the_list_and_the_update_panel_under_the_policy(watched, debug):
    page = watched.page
    log_in(page, "demo-editor")
    watched.visit("/commitments/")
    all_count = int(page.locator("#result-count").get_attribute("data-count"))

    with page.expect_response(lambda r: "kind=request" in r.url) as swap:
        page.get_by_label("Kind").select_option("request")
    assert swap.value.request.headers.get("hx-request") == "true"
    page.wait_for_url("**kind=request**")
    assert 0 < int(page.locator("#result-count").get_attribute("data-count")) < all_count

    page.locator("table.list tbody tr td a").first.click()  # the title (editors tick first)
    page.get_by_label("Note").fill("Raised again under the policy.")
    with page.expect_response(lambda r: r.url.endswith("/updates/")) as posted:
        page.get_by_role("button", name="Record update").click()
    assert posted.value.status == 200
    assert posted.value.request.headers.get("hx-request") == "true"
    page.locator(".timeline").filter(has_text="Raised again under the policy.").wait_for()

    watched.assert_clean()


def test_the_language_switch_and_the_print_button_work_under_the_policy(watched, debug):
    page = watched.page
    log_in(page, "demo-viewer")
    watched.visit("/counterparts/CN/briefing/")
    assert page.get_by_role("button", name="Print").is_visible()  # shown by its script

    page.get_by_label("Language").select_option("ja")
    page.get_by_role("button", name="Switch").click()
    page.get_by_role("button", name="印刷").wait_for()
    assert page.locator("html").get_attribute("lang") == "ja"

    page.get_by_label("言語").select_option("en")
    page.get_by_role("button", name="切り替え").click()
    page.get_by_role("button", name="Print").wait_for()

    watched.assert_clean()


def test_a_signed_in_page_is_not_kept_by_the_browser(watched):
    log_in(watched.page, "demo-viewer")

    response = watched.visit("/commitments/")

    assert {"no-store", "private"} <= {
        part.strip() for part in response.headers["cache-control"].split(",")
    }
