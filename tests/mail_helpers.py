"""Real parts for the tests of mail and the worker: an SMTP server (aiosmtpd) that keeps what
it accepts, and the worker run as its own process on a database file.

An in-memory SQLite database is invisible to another process, so the worker's tests migrate a
database file once (``migrated_database``), copy it per test, prepare their data with
``manage.py shell`` in that file, and run ``manage.py run_worker --until-empty`` on it.
"""

import email
import email.policy
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Receiver:
    """The SMTP server's handler: accepts every message, or refuses the first ``refuse`` with
    a temporary error (451) as a mail server under strain does."""

    refuse: int = 0
    accepted: list[EmailMessage] = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.accepted.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, refuse: int = 0):
        self.receiver = Receiver(refuse=refuse)
        self.port = free_port()
        self.controller = Controller(self.receiver, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        return self.receiver.accepted


def free_port() -> int:
    """A port nothing listens on (an SMTP outage)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(database: Path | str) -> str:
    """A database file's URL (a URL is kept: PostgreSQL's test database)."""
    return database if isinstance(database, str) else f"sqlite:///{database}"


def environment(database: Path | str, **env: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url(database),
        "CACHE_URL": "dummy://",
        "LOG_FORMAT": "text",
        "PYTHONDONTWRITEBYTECODE": "1",
        **env,
    }


def manage(*args: str, database: Path | str, timeout: int = 300, **env: str) -> str:
    """Run ``manage.py`` as its own process on the database; its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment(database, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def shell(code: str, *, database: Path | str, **env: str) -> str:
    """Run Python in ``manage.py shell`` on the database file; what it prints."""
    return manage("shell", "--no-imports", "-c", code, database=database, **env)


def worker_env(smtp_port: int, **env: str) -> dict[str, str]:
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_TIMEOUT": "5", **env}


def run_worker(*, database: Path | str, smtp_port: int, **env: str) -> str:
    """``manage.py run_worker --until-empty`` as its own process, mailing through
    127.0.0.1:``smtp_port``."""
    return manage("run_worker", "--until-empty", database=database, **worker_env(smtp_port, **env))


def run_workers_at_once(count: int, *, database: Path | str, smtp_port: int) -> None:
    """``count`` workers started together on the same queue, each until it is empty."""
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--until-empty"],
            cwd=BASE_DIR,
            env=environment(database, **worker_env(smtp_port)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for worker in workers:
        _out, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors


def migrated_copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target
