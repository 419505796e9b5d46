"""Backup and restore, exactly as docs/operations.md says: a database with the demo data goes
through the documented commands and comes back with every table equal, row for row.

SQLite always (a database file made for the test); PostgreSQL when the suite runs there
(the test database, dumped with pg_dump and restored with pg_restore into a new database).
"""

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
# The commands of docs/operations.md, "Backups", with the paths filled in.
SQLITE_BACKUP = (
    "import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))"
)


def manage(*args: str, database_url: str) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "CACHE_URL": "dummy://",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sqlite_sequence included), in a fixed order."""
    with sqlite3.connect(path) as db:
        names = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: sorted(db.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }


def test_a_sqlite_database_comes_back_from_its_backup_table_for_table(tmp_path):
    live = tmp_path / "db.sqlite3"
    manage("migrate", "--no-input", database_url=f"sqlite:///{live}")
    manage("seed_demo", database_url=f"sqlite:///{live}")
    backup = tmp_path / "tracker-backup.sqlite3"

    # Backup, while the application may be running: SQLite's online backup.
    subprocess.run(
        [sys.executable, "-c", SQLITE_BACKUP, str(live), str(backup)], check=True, timeout=60
    )
    # Restore: with the application stopped, the backup file becomes the database file.
    restored = tmp_path / "restored" / "db.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)

    before, after = sqlite_tables(live), sqlite_tables(restored)
    assert after.keys() == before.keys()
    assert before["meetings_commitment"], "the demo data was there to back up"
    for table in before:
        assert after[table] == before[table], table
    # And the application runs on it.
    manage("migrate", "--check", database_url=f"sqlite:///{restored}")


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 program is not installed")
def test_the_sqlite3_programs_backup_command_gives_the_same_tables(tmp_path):
    live = tmp_path / "db.sqlite3"
    manage("migrate", "--no-input", database_url=f"sqlite:///{live}")
    backup = tmp_path / "tracker-backup.sqlite3"

    subprocess.run(["sqlite3", str(live), f".backup '{backup}'"], check=True, timeout=60)

    assert sqlite_tables(backup) == sqlite_tables(live)


# PostgreSQL -----------------------------------------------------------------------------------


def postgres_url(settings_dict: dict, name: str) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgresql://{user}{password}@{host}{port}/{name}"


def postgres_tables(url: str) -> dict[str, list[tuple]]:
    """Every table's rows and every sequence's position, in a fixed order."""
    with psycopg.connect(url) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        contents = {
            name: sorted(db.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in tables
        }
        contents["(sequences)"] = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        return contents


@pytest.fixture
def seeded_postgres(transactional_db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install postgresql-client)")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_postgresql_database_comes_back_from_its_dump_table_for_table(seeded_postgres, tmp_path):
    source = connection.settings_dict
    live_url = postgres_url(source, source["NAME"])
    restored_name = f"{source['NAME']}_restored"
    restored_url = postgres_url(source, restored_name)
    dump = tmp_path / "tracker.dump"
    admin_url = postgres_url(source, "postgres")

    # Backup, while the application may be running: a consistent snapshot.
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", live_url], check=True, timeout=300
    )
    # Restore into a new, empty database (then point DATABASE_URL at it).
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        admin.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", str(dump)],
            check=True,
            timeout=300,
        )

        before, after = postgres_tables(live_url), postgres_tables(restored_url)
        assert after.keys() == before.keys()
        assert before["meetings_commitment"], "the demo data was there to back up"
        for table in before:
            assert after[table] == before[table], table
        manage("migrate", "--check", database_url=restored_url)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
