"""The headers every answer carries: Content-Security-Policy, Permissions-Policy,
Referrer-Policy, ``Cache-Control: no-store, private``, a request id; with DEBUG on too.

That the pages really run under the policy is checked in Chromium
(tests/test_browser_security.py); here, that no template holds what the policy refuses.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import CommitmentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def signed_in_paths(db):
    commitment = CommitmentFactory(meeting=MeetingFactory())
    return [
        "/",
        "/commitments/",
        "/commitments/export.csv",
        f"/commitments/{commitment.pk}/",
        "/mine/",
        "/mine/division/",
        "/filters/",
        "/meetings/",
        f"/meetings/{commitment.meeting.pk}/",
        "/api/v1/commitments/",
        f"/api/v1/commitments/{commitment.pk}/",
        "/api/v1/dashboard/",
        "/api/docs/",
        "/admin/",
        "/admin/meetings/commitment/",
    ]


def test_every_signed_in_answer_has_the_policy_and_is_not_stored(
    manager_client, signed_in_paths, debug
):
    for path in signed_in_paths:
        response = manager_client.get(path)

        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["script-src"] == "'self'", path
        assert policy["style-src"] == "'self'", path
        assert policy["object-src"] == "'none'", path
        assert policy["frame-ancestors"] == "'none'", path
        assert "unsafe" not in response["Content-Security-Policy"], path
        assert {"no-store", "private"} <= cache_control(response), path
        assert "camera=()" in response["Permissions-Policy"], path
        assert "geolocation=()" in response["Permissions-Policy"], path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Content-Type-Options"] == "nosniff", path


def test_the_sign_in_page_and_errors_are_not_stored_either():
    client = Client()

    for path, status in (("/accounts/login/", 200), ("/api/v1/nothing-here/", 401)):
        response = client.get(path)

        assert response.status_code == status
        assert {"no-store", "private"} <= cache_control(response)
        assert "Content-Security-Policy" in response


def body(response) -> bytes:
    # Reading a streamed answer to its end closes it (the test client's wrapper does).
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_static_files_may_be_cached():
    response = Client().get("/static/css/tracker.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    body(response)


def test_the_csv_export_is_private_and_not_stored(viewer_client):
    response = viewer_client.get("/commitments/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert {"no-store", "private"} <= cache_control(response)
    assert body(response).startswith(b"id,title,")


def test_the_api_docs_load_their_script_from_the_site_not_inline(viewer_client):
    page = viewer_client.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1)
    script = viewer_client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert {"no-store", "private"} <= cache_control(script)  # it carries a CSRF token


def test_a_browser_not_signed_in_is_sent_from_the_api_docs_to_the_sign_in_page():
    response = Client().get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_head_answers_wherever_get_does_with_no_body(viewer_client, signed_in_paths):
    for path in [p for p in signed_in_paths if not p.startswith("/admin/")]:
        got = viewer_client.get(path)
        got_body = body(got)  # read before the next request, as a browser would
        head = viewer_client.head(path)

        assert head.status_code == got.status_code == 200, path
        assert body(head) == b"", path
        assert got_body != b"", path
        assert head["Content-Type"] == got["Content-Type"], path


def test_every_answer_names_its_request():
    response = Client().get("/accounts/login/")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


# What the policy refuses, as it would appear in a template: an inline <script> (one without
# src), a <style> element, a style="" attribute, an on...="" handler, a javascript: address.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
    (re.compile(r"\bhx-on\b|\bhx-vars\b|js:", re.I), "script in an htmx attribute"),
]


def test_no_template_holds_inline_script_or_style():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []


def test_htmx_is_configured_to_need_no_inline_style_or_eval(viewer_client):
    html = viewer_client.get("/").content.decode()

    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html).group(1)
    assert '"includeIndicatorStyles":false' in config
    assert '"allowEval":false' in config
    assert '"allowScriptTags":false' in config


def test_the_policy_is_the_same_with_debug_on(settings):
    assert django_settings.SECURE_CSP["script-src"] == ["'self'"]
    settings.DEBUG = True

    response = Client().get("/accounts/login/")

    assert directives(response)["script-src"] == "'self'"
