"""Where each benchmarked page spends its time: queries, their milliseconds, and the worst plan.

Run after ``bench/run.py`` (it reuses ``bench/out/full/fixtures.json``), against the same
database, one request at a time, in this process (no server, no load):

    DATABASE_URL=postgres://root@127.0.0.1:5432/tracker_bench \\
        .venv/bin/python bench/profile_pages.py [--repeat 3] [--explain] [--only dashboard] \\
        [--cprofile 40]

For every endpoint it prints the wall time of the whole request, the number of queries, the
time spent in them, and the slowest ones; with ``--explain`` also their EXPLAIN ANALYZE.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-profile-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def endpoints(fixtures: dict) -> dict[str, tuple[str, str, dict | None]]:
    pk = fixtures["commitments"][0]
    pool = fixtures["pools"][0]
    post_pk = next(iter(pool))
    return {
        "dashboard": ("get", "/", None),
        "commitment list": ("get", "/commitments/?page=3", None),
        "commitment list (filtered)": ("get", "/commitments/?" + fixtures["filtered"][0], None),
        "commitment page": ("get", f"/commitments/{pk}/", None),
        "meeting page": ("get", f"/meetings/{fixtures['meetings'][0]}/", None),
        "briefing": ("get", f"/counterparts/{fixtures['counterparts'][0]}/briefing/", None),
        "CSV export": ("get", "/commitments/export.csv?" + fixtures["csv"]["query"], None),
        "API list": ("get", "/api/v1/commitments/?page=3", None),
        "API update post": (
            "post",
            f"/api/v1/commitments/{post_pk}/updates/",
            {"note": "Profiled (bench).", "commitment": int(post_pk)},
        ),
        "healthz": ("get", "/healthz", None),
    }


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "bench/out/full/fixtures.json")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", action="append", help="endpoint name (repeatable)")
    parser.add_argument("--slowest", type=int, default=3)
    parser.add_argument(
        "--cprofile",
        type=int,
        default=0,
        metavar="N",
        help="profile the repeats after the first and print the N costliest functions",
    )
    args = parser.parse_args()
    fixtures = json.loads(args.fixtures.read_text())
    user = get_user_model().objects.get(username="bench-editor")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    from meetings import services

    _token, key = services.create_api_token(user=user, name="profile_pages")
    api = {"HTTP_AUTHORIZATION": f"Token {key}"}
    from meetings.models import Commitment

    for name, (method, path, body) in endpoints(fixtures).items():
        if args.only and name not in args.only:
            continue
        walls: list[float] = []
        profiler = cProfile.Profile() if args.cprofile else None
        for repeat in range(args.repeat):
            extra = api if path.startswith("/api/") else {}
            if body is not None:
                version = Commitment.objects.get(pk=body["commitment"]).version
                payload = {"version": version, "note": body["note"]}
            started = time.perf_counter()
            if profiler and repeat:
                profiler.enable()
            with CaptureQueriesContext(connection) as captured:
                if method == "get":
                    response = client.get(path, **extra)
                    if getattr(response, "streaming", False):
                        for _chunk in response.streaming_content:
                            pass
                else:
                    response = client.post(path, payload, content_type="application/json", **extra)
            if profiler and repeat:
                profiler.disable()
            walls.append((time.perf_counter() - started) * 1000)
            if response.status_code >= 400:
                print(f"{name}: HTTP {response.status_code}")
        times = sorted(((float(q["time"]) * 1000, q["sql"]) for q in captured), reverse=True)
        print(
            f"\n== {name}: {statistics.median(walls):.0f} ms median of {args.repeat} "
            f"({', '.join(f'{w:.0f}' for w in walls)}); {len(captured)} queries, "
            f"{sum(t for t, _ in times):.0f} ms in the database (last run)"
        )
        for ms, sql in times[: args.slowest]:
            print(f"  {ms:7.1f} ms  {sql[:300]}")
            if args.explain and ms > 5 and connection.vendor == "postgresql":
                print("    " + explain(sql).replace("\n", "\n    "))
        if profiler and args.repeat > 1:
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats(os.environ.get("SORT", "cumulative")).print_stats(args.cprofile)
            if os.environ.get("CALLERS"):
                stats.print_callers(os.environ["CALLERS"])


if __name__ == "__main__":
    main()
