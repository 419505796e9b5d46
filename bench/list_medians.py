"""Warm medians (and 95th percentiles) of the lists named in issue 13 against a commitment's
page, in one process.

    DATABASE_URL=sqlite:////tmp/bench20k.sqlite3 .venv/bin/python bench/list_medians.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/tracker_bench .venv/bin/python \
        bench/list_medians.py --runs 40       # full size, after bench/run.py

Needs a generated database (``manage.py generate_data --meetings 2000 --commitments 20000
--updates 60000 --seed 1`` for the 20,000-commitment size the issue names). Signs in a
superuser made for the run (with no second factor asked), asks each page ``--runs`` times
after two warm-up requests, and prints the median and the number of SQL queries of each.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("MFA_REQUIRED_ROLES", "")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from meetings.models import Commitment  # noqa: E402


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times, queries = [], 0
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
        queries = len(connection.queries)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return statistics.median(times), p95, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-medians", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    commitment = Commitment.objects.confirmed().order_by("-made_on").first()
    pages = {
        "commitment page": f"/commitments/{commitment.pk}/",
        "admin commitment list": "/admin/meetings/commitment/",
        "admin commitment list, searched": "/admin/meetings/commitment/?q=dialogue",
        "admin meeting list": "/admin/meetings/meeting/",
        "admin meeting list, searched": "/admin/meetings/meeting/?q=ministers",
        "web meeting list": "/meetings/",
        "web commitment list": "/commitments/",
    }
    with override_settings(DEBUG=True):
        for name, url in pages.items():
            median, p95, queries = measure(client, url, args.runs)
            print(f"{name:36} {median:7.1f} ms (p95 {p95:6.1f} ms)  {queries:3d} queries")


if __name__ == "__main__":
    main()
