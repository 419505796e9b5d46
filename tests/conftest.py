"""Shared fixtures: one user per role and a logged-in client for each.

Imports of Django code stay inside fixtures so that pure-Python tests (the readout parser)
also run without Django.
"""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"

CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return next((path for path in CHROMIUM_PATHS if os.path.exists(path)), None)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright (sync API), one for every browser test of the run:
    Playwright's sync API allows one instance at a time."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _user(username: str, **kwargs):
    from tests.factories import UserFactory, home_party

    home_party()
    return UserFactory(username=username, **kwargs)


@pytest.fixture
def viewer(db):
    return _user("vera", role="viewer")


@pytest.fixture
def editor(db):
    return _user("eddie", role="editor")


@pytest.fixture
def manager(db):
    return _user("mona", role="manager")


@pytest.fixture
def outsider(db):
    """Logged in, but with no role at all."""
    return _user("oscar")


@pytest.fixture
def superuser(db):
    return _user("root", is_superuser=True, is_staff=True)


def _logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(viewer):
    return _logged_in(viewer)


@pytest.fixture
def editor_client(editor):
    return _logged_in(editor)


@pytest.fixture
def manager_client(manager):
    return _logged_in(manager)


@pytest.fixture
def outsider_client(outsider):
    return _logged_in(outsider)


@pytest.fixture
def mfa(settings):
    """The production rule: managers and superusers need a second factor (the test settings
    require it of nobody, so that tests may sign people in directly)."""
    settings.MFA_REQUIRED_ROLES = ["manager", "superuser"]
    # A wrong code slows the next try by a second (django-otp); tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


ROWS_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-rows"}
# Production's cache where a server has Redis: figures, counts, rows and fields all there,
# shared by the server's processes. A database of its own, emptied by each test that uses it.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip() -> None:
    """CI has Redis (REQUIRE_REDIS=1 there makes its absence a failure); elsewhere these
    tests are skipped without it."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but Redis does not answer at {TEST_REDIS_URL}: {error}")
        pytest.skip(f"Redis does not answer at {TEST_REDIS_URL}")


# Real transactions: the scopes' tokens move when a write commits, as in production. The
# serialized rollback puts back what migrations wrote (roles, content types) after the flush,
# as the concurrency tests expect.
@pytest.fixture(params=["locmem", "db", "redis"])
def cache_on(request, settings, django_db_serialized_rollback, transactional_db):
    """A real cache (tests otherwise run with none, unless CACHE_URL says): per-process memory,
    or the database's, with rendered rows in per-process memory; or Redis for both, as in
    production."""
    from django.core.cache import caches
    from django.core.management import call_command

    if request.param == "redis":
        _redis_or_skip()
        redis_cache = {"BACKEND": "meetings.caching.redis.RedisCache"}
        settings.CACHES = {
            "default": redis_cache | {"LOCATION": TEST_REDIS_URL},
            "rows": redis_cache | {"LOCATION": TEST_REDIS_URL, "KEY_PREFIX": "rows"},
        }
    elif request.param == "db":
        default = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_dashboard_cache",
        }
        settings.CACHES = {"default": default, "rows": ROWS_CACHE}
        call_command("createcachetable", verbosity=0)
    else:
        default = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-dashboard",
        }
        settings.CACHES = {"default": default, "rows": ROWS_CACHE}
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


def forget_cached_reads() -> None:
    """For tests that write rows around the services (factories, in bulk): the services say
    what they changed, these rows do not, so what was cached before them is dropped."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _a_fresh_cache_for_each_test():
    """With a real cache (``CACHE_URL=locmem://`` in CI's third run), each test starts with
    none of another test's entries: the scopes' tokens come back with each test's rollback,
    so keys made in one test could otherwise be read in the next."""
    from django.conf import settings

    if settings.CACHES["default"]["BACKEND"].endswith("DummyCache"):
        yield
        return
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield


@pytest.fixture(autouse=True)
def _live_servers_start_from_what_migrations_wrote(request):
    """A test on a live server (the browser's) finds the content types and permissions the
    migrations made, whichever test ran before it. A test with ``serialized_rollback``
    (tests/test_migrations.py) leaves those tables empty behind it for the next such test to
    restore, and that restore does not reach Playwright's context: a browser test after it
    found its roles without permissions (403)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    if not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    yield
