"""Every URL pattern, every method, every role: each answers what this table says.

The patterns are read from the URL configuration (``get_resolver()``), so a new URL without a
row here fails ``test_every_url_pattern_has_an_expected_answer`` with the row to add. Each row
gives the path to ask (``{commitment}`` and the like are filled with real objects) and, per
role, the status for GET HEAD POST PUT PATCH DELETE OPTIONS. Bodies are empty: a write answers
its 400 (or its form again), so the table is about who gets in, not what they may save.
``MATRIX_DUMP=1 pytest tests/test_security_matrix.py -s`` prints every row as observed.
"""

import os

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver

from meetings import services
from meetings.audit.models import Entry
from meetings.models import Meeting
from meetings.status import Review
from notifications.models import Delivery
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PersonFactory,
    ReadoutFactory,
    TopicFactory,
    UpdateFactory,
)
from webhooks import services as webhook_services

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "viewer", "editor", "manager", "superuser")
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

# Shorthands for one role's seven answers.
ALL_200 = "200 200 200 200 200 200 200"  # Django's admin answers most methods as it does GET
ALL_302 = "302 302 302 302 302 302 302"  # sent to a sign-in page
ALL_401 = "401 401 401 401 401 401 401"
ALL_403 = "403 403 403 403 403 403 403"
READ = "200 200 405 405 405 405 405"  # a page that only shows
READ_403 = "403 403 405 405 405 405 405"
POST_ONLY_403 = "405 405 403 405 405 405 405"
READ_ONLY_ADMIN = "200 200 403 200 200 200 200"  # an admin page that shows, and refuses a save


def roles(anonymous, outsider, viewer, editor, manager, superuser) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, outsider, viewer, editor, manager, superuser), strict=True))


EXPECTED: dict[str, tuple[str, dict[str, str]]] = {
    # The staff pages: the anonymous are sent to sign in; a write is a POST, and an empty one
    # answers its form's 400.
    "meetings/import/": (
        "/meetings/import/",
        roles(
            ALL_302,
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
        ),
    ),
    "meetings/import/<int:pk>/": (
        "/meetings/import/{draft}/",
        roles(
            ALL_302,
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
        ),
    ),
    "meetings/import/<int:pk>/readouts/<int:readout_pk>/": (
        "/meetings/import/{meeting}/readouts/{readout}/",
        roles(
            ALL_302,
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
        ),
    ),
    "meetings/import/<int:pk>/discard/": (
        "/meetings/import/{draft}/discard/",
        roles(
            ALL_302,
            POST_ONLY_403,
            POST_ONLY_403,
            POST_ONLY_403,
            "405 405 302 405 405 405 405",
            "405 405 404 405 405 405 405",
        ),
    ),
    "": ("/", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    "commitments/": ("/commitments/", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    "commitments/export.csv": (
        "/commitments/export.csv",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "commitments/<int:pk>/": (
        "/commitments/{commitment}/",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "commitments/<int:pk>/updates/": (
        "/commitments/{commitment}/updates/",
        roles(
            ALL_302,
            POST_ONLY_403,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    "commitments/<int:pk>/assign/": (
        "/commitments/{commitment}/assign/",
        roles(
            ALL_302,
            POST_ONLY_403,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    # The list's tools: an empty post answers its form's 422; a saved filter (the
    # superuser's, private) is not found by anyone else, and its owner deletes it.
    "commitments/<int:pk>/assign-to-me/": (
        "/commitments/{commitment}/assign-to-me/",
        roles(
            ALL_302,
            POST_ONLY_403,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    "commitments/bulk/": (
        "/commitments/bulk/",
        roles(
            ALL_302,
            POST_ONLY_403,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    "mine/": ("/mine/", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    "mine/division/": ("/mine/division/", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    "filters/": (
        "/filters/",
        roles(
            ALL_302,
            "403 403 403 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
        ),
    ),
    "filters/<int:pk>/": (
        "/filters/{saved_filter}/",
        roles(
            ALL_302,
            POST_ONLY_403,
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    "filters/<int:pk>/delete/": (
        "/filters/{saved_filter}/delete/",
        roles(
            ALL_302,
            POST_ONLY_403,
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 302 405 405 405 405",
        ),
    ),
    "meetings/": ("/meetings/", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    # The audit trail: a record's history for whoever reads the record, all of it for managers.
    "commitments/<int:pk>/history/": (
        "/commitments/{commitment}/history/",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "meetings/<int:pk>/history/": (
        "/meetings/{meeting}/history/",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "audit/": ("/audit/", roles(ALL_302, READ_403, READ_403, READ_403, READ, READ)),
    "meetings/options/": (
        "/meetings/options/",
        roles(ALL_302, READ_403, READ_403, READ, READ, READ),
    ),
    "commitments/replacements/": (
        "/commitments/replacements/?commitment={commitment}",
        roles(ALL_302, READ_403, READ_403, READ, READ, READ),
    ),
    "meetings/<int:pk>/": (
        "/meetings/{meeting}/",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "meetings/<int:pk>/link/": (
        "/meetings/{meeting}/link/",
        roles(
            ALL_302,
            POST_ONLY_403,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    "counterparts/<str:code>/briefing/": (
        "/counterparts/CN/briefing/",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "counterparts/<str:code>/briefing.pdf": (
        "/counterparts/CN/briefing.pdf",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    # Calendars: signed in, or (the feed) by the private address's key alone, whoever asks; a
    # wrong or revoked key answers 404 (tests/test_calendars.py).
    "counterparts/<str:code>/calendar.ics": (
        "/counterparts/CN/calendar.ics",
        roles(ALL_302, READ_403, READ, READ, READ, READ),
    ),
    "calendar/mine.ics": ("/calendar/mine.ics", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    "calendar/feed/<str:key>.ics": (
        "/calendar/feed/{calendar_key}.ics",
        roles(READ, READ, READ, READ, READ, READ),
    ),
    "notifications/": ("/notifications/", roles(ALL_302, READ_403, READ, READ, READ, READ)),
    "notifications/read/": (
        "/notifications/read/",
        roles(
            ALL_302,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    "notifications/preferences/": (
        "/notifications/preferences/",
        roles(
            ALL_302,
            "403 403 403 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
        ),
    ),
    "notifications/watch/<str:kind>/<str:key>/": (
        "/notifications/watch/commitment/{commitment}/",
        roles(
            ALL_302,
            POST_ONLY_403,
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
            "405 405 422 405 405 405 405",
        ),
    ),
    # Signing in and out, the language switch, the health check.
    "accounts/": ("/accounts/", roles(ALL_302, READ, READ, READ, READ, READ)),
    "accounts/second-factor/": (
        "/accounts/second-factor/",
        roles(
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
        ),
    ),
    "accounts/second-factor/setup/": (
        "/accounts/second-factor/setup/",
        roles(
            "302 302 302 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
        ),
    ),
    "accounts/second-factor/recovery-codes/": (
        "/accounts/second-factor/recovery-codes/",
        roles(
            ALL_302,
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
            "302 302 302 405 405 405 405",
        ),
    ),
    "accounts/tokens/": (
        "/accounts/tokens/",
        roles(
            ALL_302,
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
        ),
    ),
    "accounts/tokens/<int:pk>/revoke/": (
        "/accounts/tokens/{token}/revoke/",
        roles(
            ALL_302,
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 302 405 405 405 405",
        ),
    ),
    # Private calendar addresses: made (an empty name is allowed) and revoked by their owner.
    "accounts/calendars/": (
        "/accounts/calendars/",
        roles(
            ALL_302,
            "405 405 200 405 405 405 405",
            "405 405 200 405 405 405 405",
            "405 405 200 405 405 405 405",
            "405 405 200 405 405 405 405",
            "405 405 200 405 405 405 405",
        ),
    ),
    "accounts/calendars/<int:pk>/revoke/": (
        "/accounts/calendars/{calendar_feed}/revoke/",
        roles(
            ALL_302,
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 404 405 405 405 405",
            "405 405 302 405 405 405 405",
        ),
    ),
    "api/v1/^auth/tokens/$": (
        "/api/v1/auth/tokens/",
        roles(
            ALL_401,
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/^auth/tokens/(?P<pk>[^/.]+)/$": (
        "/api/v1/auth/tokens/{api_token}/",
        roles(
            ALL_401,
            "404 404 405 405 405 404 200",
            "404 404 405 405 405 404 200",
            "404 404 405 405 405 404 200",
            "404 404 405 405 405 404 200",
            "200 200 405 405 405 204 200",
        ),
    ),
    "accounts/login/": (
        "/accounts/login/",
        roles(
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
        ),
    ),
    "accounts/logout/": (
        "/accounts/logout/",
        roles(
            ALL_302,
            "405 405 302 405 405 405 200",
            "405 405 302 405 405 405 200",
            "405 405 302 405 405 405 200",
            "405 405 302 405 405 405 200",
            "405 405 302 405 405 405 200",
        ),
    ),
    "accounts/password_change/": (
        "/accounts/password_change/",
        roles(
            ALL_302,
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
        ),
    ),
    "accounts/password_change/done/": (
        "/accounts/password_change/done/",
        roles(
            ALL_302,
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "accounts/password_reset/": (
        "/accounts/password_reset/",
        roles(
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
        ),
    ),
    "accounts/password_reset/done/": (
        "/accounts/password_reset/done/",
        roles(
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
        ),
    ),
    "accounts/reset/<uidb64>/<token>/": (
        "/accounts/reset/MQ/not-a-token/",
        roles(
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
        ),
    ),
    "accounts/reset/done/": (
        "/accounts/reset/done/",
        roles(
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
            "200 200 200 405 405 405 405",
        ),
    ),
    "i18n/setlang/": (
        "/i18n/setlang/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "healthz": ("/healthz", roles(READ, READ, READ, READ, READ, READ)),
    # The API: 401 without credentials; a write with an empty body answers 400.
    "api/v1/^meetings/$": (
        "/api/v1/meetings/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^meetings/(?P<pk>[^/.]+)/$": (
        "/api/v1/meetings/{meeting}/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 200 405 200",
            "200 200 405 400 200 405 200",
        ),
    ),
    "api/v1/^commitments/$": (
        "/api/v1/commitments/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^commitments/(?P<pk>[^/.]+)/$": (
        "/api/v1/commitments/{commitment}/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 400 405 200",
            "200 200 405 400 400 405 200",
        ),
    ),
    "api/v1/^commitments/(?P<pk>[^/.]+)/assign/$": (
        "/api/v1/commitments/{commitment}/assign/",
        roles(
            ALL_401,
            "405 405 403 405 405 405 403",
            "405 405 403 405 405 405 200",
            "405 405 400 405 405 405 200",
            "405 405 400 405 405 405 200",
            "405 405 400 405 405 405 200",
        ),
    ),
    "api/v1/^commitments/(?P<pk>[^/.]+)/updates/$": (
        "/api/v1/commitments/{commitment}/updates/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^commitments/(?P<pk>[^/.]+)/history/$": (
        "/api/v1/commitments/{commitment}/history/",
        roles(
            ALL_401,
            "403 403 405 405 405 405 403",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/^meetings/(?P<pk>[^/.]+)/history/$": (
        "/api/v1/meetings/{meeting}/history/",
        roles(
            ALL_401,
            "403 403 405 405 405 405 403",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/^updates/$": (
        "/api/v1/updates/",
        roles(
            ALL_401,
            "403 403 405 405 405 405 403",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/^updates/(?P<pk>[^/.]+)/$": (
        "/api/v1/updates/{update}/",
        roles(
            ALL_401,
            "403 403 405 405 405 405 403",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/^parties/$": (
        "/api/v1/parties/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^parties/(?P<code>[^/.]+)/$": (
        "/api/v1/parties/CN/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 200 405 200",
            "200 200 405 400 200 405 200",
        ),
    ),
    "api/v1/^people/$": (
        "/api/v1/people/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^people/(?P<pk>[^/.]+)/$": (
        "/api/v1/people/{person}/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 200 405 200",
            "200 200 405 400 200 405 200",
        ),
    ),
    "api/v1/^topics/$": (
        "/api/v1/topics/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^topics/(?P<slug>[^/.]+)/$": (
        "/api/v1/topics/{topic}/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 200 405 200",
            "200 200 405 400 200 405 200",
        ),
    ),
    "api/v1/^mechanisms/$": (
        "/api/v1/mechanisms/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^mechanisms/(?P<pk>[^/.]+)/$": (
        "/api/v1/mechanisms/{mechanism}/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 200 405 200",
            "200 200 405 400 200 405 200",
        ),
    ),
    "api/v1/^divisions/$": (
        "/api/v1/divisions/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "200 200 403 405 405 405 200",
            "200 200 403 405 405 405 200",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^divisions/(?P<pk>[^/.]+)/$": (
        "/api/v1/divisions/{division}/",
        roles(
            ALL_401,
            "403 403 405 403 403 405 403",
            "200 200 405 403 403 405 200",
            "200 200 405 403 403 405 200",
            "200 200 405 400 200 405 200",
            "200 200 405 400 200 405 200",
        ),
    ),
    "api/v1/dashboard/": (
        "/api/v1/dashboard/",
        roles(
            ALL_401,
            "403 403 405 405 405 405 403",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/auth/token/": (
        "/api/v1/auth/token/",
        roles(
            "401 401 400 401 401 401 401",
            "405 405 400 405 405 400 200",
            "405 405 400 405 405 400 200",
            "405 405 400 405 405 400 200",
            "405 405 400 405 405 400 200",
            "405 405 400 405 405 400 200",
        ),
    ),
    "api/schema/": (
        "/api/schema/",
        roles(
            ALL_401,
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/docs/": ("/api/docs/", roles(ALL_302, READ, READ, READ, READ, READ)),
    "api/^.*$": (
        "/api/v2/nothing/",
        roles(
            ALL_401,
            "404 404 404 404 404 404 404",
            "404 404 404 404 404 404 404",
            "404 404 404 404 404 404 404",
            "404 404 404 404 404 404 404",
            "404 404 404 404 404 404 404",
        ),
    ),
    # The admin: staff only, everyone else is sent to its sign-in page; managers have the
    # meetings app's models, superusers everything.
    "admin/": ("/admin/", roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200)),
    "admin/login/": (
        "/admin/login/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/logout/": (
        "/admin/logout/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "405 405 302 405 405 405 200",
            "405 405 302 405 405 405 200",
        ),
    ),
    "admin/password_change/": (
        "/admin/password_change/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "200 200 200 200 405 405 200",
            "200 200 200 200 405 405 200",
        ),
    ),
    "admin/password_change/done/": (
        "/admin/password_change/done/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "admin/autocomplete/": (
        "/admin/autocomplete/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "403 403 405 405 405 405 200",
            "403 403 405 405 405 405 200",
        ),
    ),
    "admin/jsi18n/": (
        "/admin/jsi18n/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        "/admin/r/{meeting_type}/{meeting}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/auth/group/": (
        "/admin/auth/group/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/group/add/": (
        "/admin/auth/group/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/group/<path:object_id>/history/": (
        "/admin/auth/group/{group}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/group/<path:object_id>/delete/": (
        "/admin/auth/group/{group}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/group/<path:object_id>/change/": (
        "/admin/auth/group/{group}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/group/<path:object_id>/": (
        "/admin/auth/group/{group}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    # The audit trail in the admin: read by managers and superusers, changed by nobody.
    "admin/audit/entry/": (
        "/admin/audit/entry/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/audit/entry/add/": (
        "/admin/audit/entry/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/audit/entry/<path:object_id>/history/": (
        "/admin/audit/entry/{entry}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/audit/entry/<path:object_id>/delete/": (
        "/admin/audit/entry/{entry}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/audit/entry/<path:object_id>/change/": (
        "/admin/audit/entry/{entry}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, READ_ONLY_ADMIN, READ_ONLY_ADMIN),
    ),
    "admin/audit/entry/<path:object_id>/": (
        "/admin/audit/entry/{entry}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/auth/user/<id>/password/": (
        "/admin/auth/user/{user}/password/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/user/": (
        "/admin/auth/user/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/user/add/": (
        "/admin/auth/user/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/user/<path:object_id>/history/": (
        "/admin/auth/user/{user}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/user/<path:object_id>/delete/": (
        "/admin/auth/user/{user}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/user/<path:object_id>/change/": (
        "/admin/auth/user/{user}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/auth/user/<path:object_id>/": (
        "/admin/auth/user/{user}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/axes/accessattempt/": (
        "/admin/axes/accessattempt/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accessattempt/add/": (
        "/admin/axes/accessattempt/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/axes/accessattempt/<path:object_id>/history/": (
        "/admin/axes/accessattempt/{attempt}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accessattempt/<path:object_id>/delete/": (
        "/admin/axes/accessattempt/{attempt}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accessattempt/<path:object_id>/change/": (
        "/admin/axes/accessattempt/{attempt}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, "200 200 302 200 200 200 200"),
    ),
    "admin/axes/accessattempt/<path:object_id>/": (
        "/admin/axes/accessattempt/{attempt}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/axes/accesslog/": (
        "/admin/axes/accesslog/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accesslog/add/": (
        "/admin/axes/accesslog/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/axes/accesslog/<path:object_id>/history/": (
        "/admin/axes/accesslog/{log}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accesslog/<path:object_id>/delete/": (
        "/admin/axes/accesslog/{log}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accesslog/<path:object_id>/change/": (
        "/admin/axes/accesslog/{log}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, "200 200 302 200 200 200 200"),
    ),
    "admin/axes/accesslog/<path:object_id>/": (
        "/admin/axes/accesslog/{log}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/axes/accessfailurelog/": (
        "/admin/axes/accessfailurelog/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accessfailurelog/add/": (
        "/admin/axes/accessfailurelog/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/axes/accessfailurelog/<path:object_id>/history/": (
        "/admin/axes/accessfailurelog/{failure}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accessfailurelog/<path:object_id>/delete/": (
        "/admin/axes/accessfailurelog/{failure}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/axes/accessfailurelog/<path:object_id>/change/": (
        "/admin/axes/accessfailurelog/{failure}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, "200 200 302 200 200 200 200"),
    ),
    "admin/axes/accessfailurelog/<path:object_id>/": (
        "/admin/axes/accessfailurelog/{failure}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/party/": (
        "/admin/meetings/party/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/party/add/": (
        "/admin/meetings/party/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/party/<path:object_id>/history/": (
        "/admin/meetings/party/{party_id}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/party/<path:object_id>/delete/": (
        "/admin/meetings/party/{party_id}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/party/<path:object_id>/change/": (
        "/admin/meetings/party/{party_id}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/party/<path:object_id>/": (
        "/admin/meetings/party/{party_id}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/person/": (
        "/admin/meetings/person/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/person/add/": (
        "/admin/meetings/person/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/person/<path:object_id>/history/": (
        "/admin/meetings/person/{person}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/person/<path:object_id>/delete/": (
        "/admin/meetings/person/{person}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/person/<path:object_id>/change/": (
        "/admin/meetings/person/{person}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/person/<path:object_id>/": (
        "/admin/meetings/person/{person}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/mechanism/": (
        "/admin/meetings/mechanism/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/mechanism/add/": (
        "/admin/meetings/mechanism/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/mechanism/<path:object_id>/history/": (
        "/admin/meetings/mechanism/{mechanism}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/mechanism/<path:object_id>/delete/": (
        "/admin/meetings/mechanism/{mechanism}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/mechanism/<path:object_id>/change/": (
        "/admin/meetings/mechanism/{mechanism}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/mechanism/<path:object_id>/": (
        "/admin/meetings/mechanism/{mechanism}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/topic/": (
        "/admin/meetings/topic/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/topic/add/": (
        "/admin/meetings/topic/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/topic/<path:object_id>/history/": (
        "/admin/meetings/topic/{topic_id}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/topic/<path:object_id>/delete/": (
        "/admin/meetings/topic/{topic_id}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/topic/<path:object_id>/change/": (
        "/admin/meetings/topic/{topic_id}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/topic/<path:object_id>/": (
        "/admin/meetings/topic/{topic_id}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/division/": (
        "/admin/meetings/division/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/division/add/": (
        "/admin/meetings/division/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/division/<path:object_id>/history/": (
        "/admin/meetings/division/{division}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/division/<path:object_id>/delete/": (
        "/admin/meetings/division/{division}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/division/<path:object_id>/change/": (
        "/admin/meetings/division/{division}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/division/<path:object_id>/": (
        "/admin/meetings/division/{division}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/meeting/": (
        "/admin/meetings/meeting/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/meeting/add/": (
        "/admin/meetings/meeting/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/meeting/<path:object_id>/history/": (
        "/admin/meetings/meeting/{meeting}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/meeting/<path:object_id>/delete/": (
        "/admin/meetings/meeting/{meeting}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/meeting/<path:object_id>/change/": (
        "/admin/meetings/meeting/{meeting}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/meeting/<path:object_id>/": (
        "/admin/meetings/meeting/{meeting}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/commitment/<int:commitment_id>/add-update/": (
        "/admin/meetings/commitment/{commitment}/add-update/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/commitment/<int:commitment_id>/correct-text/": (
        "/admin/meetings/commitment/{commitment}/correct-text/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "api/v1/^commitments/(?P<pk>[^/.]+)/correct-text/$": (
        "/api/v1/commitments/{commitment}/correct-text/",
        roles(
            ALL_401,
            "405 405 403 405 405 405 403",
            "405 405 403 405 405 405 200",
            "405 405 403 405 405 405 200",
            "405 405 400 405 405 405 200",
            "405 405 400 405 405 405 200",
        ),
    ),
    "admin/meetings/commitment/": (
        "/admin/meetings/commitment/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/commitment/add/": (
        "/admin/meetings/commitment/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/commitment/<path:object_id>/history/": (
        "/admin/meetings/commitment/{commitment}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/commitment/<path:object_id>/delete/": (
        "/admin/meetings/commitment/{commitment}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/commitment/<path:object_id>/change/": (
        "/admin/meetings/commitment/{commitment}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/commitment/<path:object_id>/": (
        "/admin/meetings/commitment/{commitment}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/meetings/update/": (
        "/admin/meetings/update/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/update/add/": (
        "/admin/meetings/update/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/meetings/update/<path:object_id>/history/": (
        "/admin/meetings/update/{update}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    "admin/meetings/update/<path:object_id>/delete/": (
        "/admin/meetings/update/{update}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/meetings/update/<path:object_id>/change/": (
        "/admin/meetings/update/{update}/change/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "200 200 403 200 200 200 200",
            "200 200 403 200 200 200 200",
        ),
    ),
    "admin/meetings/update/<path:object_id>/": (
        "/admin/meetings/update/{update}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/notifications/delivery/": (
        "/admin/notifications/delivery/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/notifications/delivery/add/": (
        "/admin/notifications/delivery/add/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/notifications/delivery/<path:object_id>/history/": (
        "/admin/notifications/delivery/{delivery}/history/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_200),
    ),
    "admin/notifications/delivery/<path:object_id>/delete/": (
        "/admin/notifications/delivery/{delivery}/delete/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, ALL_403),
    ),
    "admin/notifications/delivery/<path:object_id>/change/": (
        "/admin/notifications/delivery/{delivery}/change/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_403, "200 200 403 200 200 200 200"),
    ),
    "admin/notifications/delivery/<path:object_id>/": (
        "/admin/notifications/delivery/{delivery}/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_302, ALL_302),
    ),
    "admin/^(?P<app_label>auth|axes|audit|meetings|notifications)/$": (
        "/admin/meetings/",
        roles(ALL_302, ALL_302, ALL_302, ALL_302, ALL_200, ALL_200),
    ),
    # Webhooks, managers only (webhooks/).
    "api/v1/^webhooks/$": (
        "/api/v1/webhooks/",
        roles(
            ALL_401,
            "403 403 403 405 405 405 403",
            "403 403 403 405 405 405 403",
            "403 403 403 405 405 405 403",
            "200 200 400 405 405 405 200",
            "200 200 400 405 405 405 200",
        ),
    ),
    "api/v1/^webhooks/(?P<pk>[^/.]+)/$": (
        "/api/v1/webhooks/{api_webhook}/",
        roles(
            ALL_401,
            "403 403 405 405 403 403 403",
            "403 403 405 405 403 403 403",
            "403 403 405 405 403 403 403",
            "200 200 405 405 200 204 200",
            "404 404 405 405 404 404 200",
        ),
    ),
    "api/v1/^webhooks/(?P<pk>[^/.]+)/deliveries/$": (
        "/api/v1/webhooks/{webhook}/deliveries/",
        roles(
            ALL_401,
            "403 403 405 405 405 405 403",
            "403 403 405 405 405 405 403",
            "403 403 405 405 405 405 403",
            "200 200 405 405 405 405 200",
            "200 200 405 405 405 405 200",
        ),
    ),
    "api/v1/^webhooks/(?P<pk>[^/.]+)/secret/$": (
        "/api/v1/webhooks/{webhook}/secret/",
        roles(
            ALL_401,
            "405 405 403 405 405 405 403",
            "405 405 403 405 405 405 403",
            "405 405 403 405 405 405 403",
            "405 405 200 405 405 405 200",
            "405 405 200 405 405 405 200",
        ),
    ),
    "webhooks/": (
        "/webhooks/",
        roles(
            ALL_302,
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "403 403 403 405 405 405 405",
            "200 200 422 405 405 405 405",
            "200 200 422 405 405 405 405",
        ),
    ),
    "webhooks/<int:pk>/": (
        "/webhooks/{webhook}/",
        roles(
            ALL_302,
            "403 403 405 405 405 405 405",
            "403 403 405 405 405 405 405",
            "403 403 405 405 405 405 405",
            "200 200 405 405 405 405 405",
            "200 200 405 405 405 405 405",
        ),
    ),
    "webhooks/<int:pk>/pause/": (
        "/webhooks/{webhook}/pause/",
        roles(
            ALL_302,
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 302 405 405 405 405",
            "405 405 302 405 405 405 405",
        ),
    ),
    "webhooks/<int:pk>/resume/": (
        "/webhooks/{webhook}/resume/",
        roles(
            ALL_302,
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 302 405 405 405 405",
            "405 405 302 405 405 405 405",
        ),
    ),
    "webhooks/<int:pk>/secret/": (
        "/webhooks/{webhook}/secret/",
        roles(
            ALL_302,
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 200 405 405 405 405",
            "405 405 200 405 405 405 405",
        ),
    ),
    "webhooks/<int:pk>/delete/": (
        "/webhooks/{webhook}/delete/",
        roles(
            ALL_302,
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 403 405 405 405 405",
            "405 405 302 405 405 405 405",
            "405 405 404 405 405 405 405",
        ),
    ),
    "admin/(?P<url>.*)$": (
        "/admin/nothing/here/",
        roles(
            ALL_302,
            ALL_302,
            ALL_302,
            ALL_302,
            "404 404 404 404 404 404 404",
            "404 404 404 404 404 404 404",
        ),
    ),
}


def url_patterns(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def test_every_url_pattern_has_an_expected_answer():
    routes = list(url_patterns())
    missing = [route for route in routes if route not in EXPECTED]
    assert not missing, (
        "These URL patterns have no row in EXPECTED (tests/test_security_matrix.py). Add one "
        "per pattern: the path to ask and, for each role (anonymous, outsider, viewer, editor, "
        "manager, superuser), the status for GET HEAD POST PUT PATCH DELETE OPTIONS:\n"
        + "\n".join(f"    {route!r}: ('/path/', roles(...))," for route in missing)
    )
    gone = sorted(set(EXPECTED) - set(routes))
    assert not gone, f"Rows in EXPECTED for URL patterns that no longer exist: {gone}"


@pytest.fixture
def objects(db, superuser):
    commitment = CommitmentFactory()
    meeting = commitment.meeting
    topic = TopicFactory()
    draft = MeetingFactory(title="An imported draft", review=Review.DRAFT)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    attempt = AccessAttempt.objects.create(
        username="mallory", ip_address="192.0.2.1", failures_since_start=1
    )
    log = AccessLog.objects.create(username="mallory", ip_address="192.0.2.1")
    failure = AccessFailureLog.objects.create(username="mallory", ip_address="192.0.2.1")
    return {
        "commitment": commitment.pk,
        "meeting": meeting.pk,
        "draft": draft.pk,
        "readout": ReadoutFactory(meeting=meeting).pk,
        "update": UpdateFactory(commitment=commitment).pk,
        "person": PersonFactory().pk,
        "topic": topic.slug,
        "topic_id": topic.pk,
        "party_id": commitment.meeting.parties.get(code="CN").pk,
        "mechanism": MechanismFactory().pk,
        "division": DivisionFactory().pk,
        "group": Group.objects.get(name="viewer").pk,
        "user": superuser.pk,
        "token": services.create_api_token(user=superuser, name="matrix")[0].pk,
        "api_token": services.create_api_token(user=superuser, name="matrix-api")[0].pk,
        "calendar_feed": services.create_calendar_feed(user=superuser, name="matrix")[0].pk,
        "calendar_key": services.create_calendar_feed(user=superuser, name="matrix-key")[1],
        "attempt": attempt.pk,
        "log": log.pk,
        "failure": failure.pk,
        "meeting_type": ContentType.objects.get_for_model(Meeting).pk,
        "delivery": Delivery.objects.create(
            to_address="eddie@example.org",
            purpose="notification",
            language="en",
            subject="Assigned to me",
            text_body="A mail",
        ).pk,
        "webhook": webhook_services.create_webhook(
            name="matrix",
            url="https://receiver.example/hooks",
            events=["commitment.created"],
            created_by=superuser,
        )[0].pk,
        # The API's row deletes its webhook (DELETE as a manager); the pages' rows keep theirs.
        "api_webhook": webhook_services.create_webhook(
            name="matrix-api",
            url="https://receiver.example/hooks",
            events=["commitment.created"],
            created_by=superuser,
        )[0].pk,
        "saved_filter": services.save_filter(owner=superuser, name="matrix", query="").pk,
        "entry": Entry.objects.filter(object_pk=str(commitment.pk)).first().pk,
    }


@pytest.fixture
def users(objects, viewer, editor, manager, outsider, superuser) -> dict:
    return {
        "anonymous": None,
        "outsider": outsider,
        "viewer": viewer,
        "editor": editor,
        "manager": manager,
        "superuser": superuser,
    }


class SignedIn:
    """One client per role, signed in again only after a logout ended its session."""

    def __init__(self, users: dict):
        self.users = users
        self.clients = {role: Client(raise_request_exception=False) for role in ROLES}
        for role in ROLES:
            self.sign_in(role)

    def sign_in(self, role: str) -> None:
        if self.users[role] is not None:
            self.clients[role].force_login(self.users[role])

    def observed(self, path: str) -> dict[str, str]:
        answers = {}
        for role in ROLES:
            statuses = []
            for method in METHODS:
                response = self.clients[role].generic(method, path)
                if response.streaming:
                    b"".join(response.streaming_content)
                statuses.append(str(response.status_code))
                if "logout" in path:
                    self.sign_in(role)
            answers[role] = " ".join(statuses)
        return answers


def test_every_url_method_and_role_answers_as_the_table_says(users, objects):
    signed_in = SignedIn(users)
    wrong = []
    for route in url_patterns():
        if route not in EXPECTED:
            continue  # reported by the test above
        path_template, expected = EXPECTED[route]
        path = path_template.format(**objects)
        got = signed_in.observed(path)
        if os.environ.get("MATRIX_DUMP"):
            print(f"{route!r}: ({path_template!r}, roles(*{[got[r] for r in ROLES]!r})),")
        for role in ROLES:
            if got[role] != expected[role]:
                wrong.append(
                    f"{route!r} {path} as {role}: expected {expected[role]}, got {got[role]}"
                )
    assert not wrong, "\n".join(wrong)
