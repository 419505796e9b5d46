"""Settings come from the environment and refuse bad values loudly.

Each case starts a fresh Python with a clean environment, as a deployment would: pytest is not
imported there, so ``TESTING`` is off and production behaviour applies unless a test says so.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.settings import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
LOAD_SETTINGS = (
    "import django; django.setup(); "
    "from django.conf import settings; print('DEBUG', settings.DEBUG)"
)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "tracker.example.org",
}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(**env: str) -> subprocess.CompletedProcess:
    return run("-c", LOAD_SETTINGS, **env)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("STALE_AFTER_DAYS", "ninety"),
        ("STALE_AFTER_DAYS", "0"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("DATABASE_URL", "nosuchdb://somewhere/tracker"),
        ("HOME_PARTY", "J P"),
        ("CONN_MAX_AGE", "-1"),
        ("SITE_URL", "tracker.example.org"),
        ("MAIL_MAX_ATTEMPTS", "0"),
        ("EMAIL_PORT", "smtp"),
    ],
)
def test_a_bad_value_refuses_to_start_naming_the_variable(variable, value):
    result = load_settings(**{**PRODUCTION, variable: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="tracker.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = load_settings(**PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG False"


def test_development_starts_without_a_secret_key():
    result = load_settings(DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG True"


def test_debug_defaults_to_off():
    result = load_settings(SECRET_KEY=PRODUCTION["SECRET_KEY"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG False"


def test_check_deploy_finds_nothing_to_warn_about_in_production():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


# The helpers themselves, in this process


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("ON", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FEATURE", raw)

    assert env_bool("FEATURE", not expected) is expected


def test_env_bool_falls_back_to_its_default(monkeypatch):
    monkeypatch.delenv("FEATURE", raising=False)

    assert env_bool("FEATURE", True) is True


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("FEATURE", "sometimes")

    with pytest.raises(ImproperlyConfigured, match="FEATURE"):
        env_bool("FEATURE", False)


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("DAYS", " 30 ")

    assert env_int("DAYS", 90, minimum=1) == 30


def test_env_int_falls_back_to_its_default_when_blank(monkeypatch):
    monkeypatch.setenv("DAYS", "")

    assert env_int("DAYS", 90) == 90


def test_env_int_refuses_a_number_below_its_minimum(monkeypatch):
    monkeypatch.setenv("DAYS", "0")

    with pytest.raises(ImproperlyConfigured, match="DAYS must be at least 1"):
        env_int("DAYS", 90, minimum=1)


def test_env_int_refuses_a_fraction(monkeypatch):
    monkeypatch.setenv("DAYS", "1.5")

    with pytest.raises(ImproperlyConfigured, match="DAYS must be a whole number"):
        env_int("DAYS", 90)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example.org, b.example.org,,")

    assert env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


def cache_backends(**env: str) -> list[str]:
    result = run(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        'print(*(f\'{alias}={cache["BACKEND"].rsplit(".", 1)[-1]}\' '
        "for alias, cache in sorted(settings.CACHES.items())))",
        **PRODUCTION,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_with_redis_figures_counts_and_rows_are_shared_by_the_processes():
    backends = cache_backends(REDIS_URL="redis://127.0.0.1:6379/0")

    assert backends == ["default=RedisCache", "rows=RedisCache"]


def test_with_redis_rows_may_stay_in_process_memory():
    backends = cache_backends(REDIS_URL="redis://127.0.0.1:6379/0", ROW_CACHE_URL="locmem://")

    assert backends == ["default=RedisCache", "rows=LocMemCache"]


def test_a_row_cache_address_the_tracker_cannot_use_is_refused_at_start():
    result = run(
        "-c", "import django; django.setup()", **PRODUCTION, ROW_CACHE_URL="memcached://host:11211"
    )

    assert result.returncode != 0
    assert "ROW_CACHE_URL must start with locmem://, dummy:// or redis://" in result.stderr


def test_with_the_database_cache_rows_stay_in_process_memory():
    backends = cache_backends(CACHE_URL="db://")

    assert backends == ["default=DatabaseCache", "rows=LocMemCache"]


MAILER = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.MAILERS['default']['BACKEND'].rsplit('.', 2)[-2], "
    "settings.MAILERS['default'].get('OPTIONS', {}).get('host'))"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "true"}, "console None"),  # make run without a mail server: the terminal
        ({"DEBUG": "true", "EMAIL_HOST": "mail.example.org"}, "smtp mail.example.org"),
        (PRODUCTION, "smtp localhost"),
        ({**PRODUCTION, "EMAIL_HOST": "mail.example.org"}, "smtp mail.example.org"),
    ],
)
def test_mail_goes_to_the_console_in_development_unless_a_mail_server_is_named(env, expected):
    result = run("-c", MAILER, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected.split()
