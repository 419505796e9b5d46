"""Prepare a benchmark run against the database in DATABASE_URL (called by ``bench/run.py``).

Creates the bench users (``bench-viewer``, ``bench-editor``) with the password in
``BENCH_PASSWORD``, picks what the load will ask for (commitment and meeting ids, filters, a CSV
export of about 5,000 rows, and for each client its own commitments to post updates to, so
clients never conflict with each other), and captures the dashboard's queries with
``EXPLAIN (ANALYZE, BUFFERS)``. Writes ``fixtures.json`` and ``plans.md`` into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings import selectors, services  # noqa: E402
from meetings.filters import CommitmentFilter  # noqa: E402
from meetings.models import Commitment, Meeting, Party, Update  # noqa: E402
from meetings.status import OPEN_STATUSES, Status  # noqa: E402

USERS = {"bench-viewer": "viewer", "bench-editor": "editor"}
TEXT_TERMS = ("dialogue", "cooperation", "visit", "exchanges", "security", "water")
CSV_ROWS = 5_000
LOAD_RUNS = 3  # warm-up, paced, saturation (bench/run.py sets BENCH_RUN to 0, 1, 2)


def users(password: str) -> None:
    User = get_user_model()
    for username, role in USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save(update_fields=["password"])
        services.set_role(user=user, role=role)


def csv_filter() -> dict:
    """An expected-by window holding about CSV_ROWS confirmed commitments."""
    dated = Commitment.objects.confirmed().exclude(expected_by=None).order_by("expected_by")
    total = dated.count()
    if not total:
        return {"query": "", "rows": Commitment.objects.confirmed().count()}
    start = max(0, total // 2 - CSV_ROWS // 2)
    end = min(total - 1, start + CSV_ROWS - 1)
    first = dated.values_list("expected_by", flat=True)[start]
    last = dated.values_list("expected_by", flat=True)[end]
    query = f"due_after={first.isoformat()}&due_before={last.isoformat()}"
    filterset = CommitmentFilter(
        {"due_after": first.isoformat(), "due_before": last.isoformat()},
        queryset=Commitment.objects.all(),
    )
    assert filterset.is_valid(), filterset.errors
    return {"query": query, "rows": filterset.qs.count()}


def fixtures(*, clients: int, seed: int) -> dict:
    rng = random.Random(seed)
    confirmed = Commitment.objects.confirmed()
    ids = list(confirmed.values_list("pk", flat=True))
    meeting_ids = list(Meeting.objects.confirmed().values_list("pk", flat=True))
    if not ids or not meeting_ids:
        raise SystemExit("No confirmed commitments or meetings: generate data first.")
    counterparts = list(
        Party.objects.counterparts()
        .filter(meetings__commitments__isnull=False)
        .distinct()
        .values_list("code", flat=True)
    )
    major = list(
        Party.objects.counterparts()
        .annotate(n=Count("meetings__commitments"))
        .order_by("-n", "code")
        .values_list("code", flat=True)[:8]
    )
    filtered = [
        f"counterpart={code}&status={status}&q={term}"
        for code in major
        for status in (Status.OPEN, Status.IN_PROGRESS, Status.STALLED)
        for term in TEXT_TERMS
    ]
    # Each client posts to commitments no other client touches: versions stay its own. Each
    # load run (warm-up, paced, saturation) is a new locust process that knows only the
    # versions read here, so each run gets commitments of its own too.
    pool_count = clients * LOAD_RUNS
    writable = rng.sample(ids, min(len(ids), pool_count * 50))
    versions = dict(confirmed.filter(pk__in=writable).values_list("pk", "version"))
    pools = [{str(pk): versions[pk] for pk in writable[i::pool_count]} for i in range(pool_count)]
    return {
        "commitments": rng.sample(ids, min(len(ids), 5_000)),
        "meetings": rng.sample(meeting_ids, min(len(meeting_ids), 2_000)),
        "counterparts": counterparts,
        "filtered": filtered,
        "csv": csv_filter(),
        # List pages that exist (the API answers 404 past the last one): the first twenty.
        "pages": max(1, min(20, -(-len(ids) // 50))),
        "pools": pools,
        "pools_per_run": clients,
        "users": list(USERS),
        "sizes": {
            "meetings": Meeting.objects.count(),
            "commitments": Commitment.objects.count(),
            "updates": Update.objects.count(),
            "open": confirmed.filter(status__in=OPEN_STATUSES).count(),
        },
    }


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def plans() -> str:
    """Markdown: each dashboard query, its time, and its plan."""
    today = timezone.localdate()
    selectors.dashboard_figures(today=today)  # warm the cache, as a running server would be
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        selectors.dashboard_figures(today=today)
    total_ms = (time.perf_counter() - started) * 1000
    out = [
        f"`dashboard_figures()` ran {len(captured)} queries in {total_ms:.0f} ms "
        f"(one warm call, in this process, on {today.isoformat()}).",
        "",
    ]
    for number, query in enumerate(captured, 1):
        sql = query["sql"]
        out += [
            f"#### Query {number} ({float(query['time']) * 1000:.0f} ms)",
            "",
            "```sql",
            sql,
            "```",
            "",
            "```",
            explain(sql) if connection.vendor == "postgresql" else "(EXPLAIN needs PostgreSQL)",
            "```",
            "",
        ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-plans", action="store_true")
    args = parser.parse_args()
    password = os.environ.get("BENCH_PASSWORD")
    if not password:
        raise SystemExit("BENCH_PASSWORD is not set.")
    args.out.mkdir(parents=True, exist_ok=True)
    users(password)
    data = fixtures(clients=args.clients, seed=args.seed)
    (args.out / "fixtures.json").write_text(json.dumps(data))
    if not args.no_plans:
        (args.out / "plans.md").write_text(plans())
    print(
        "prepared: {commitments} commitments, {meetings} meetings, {updates} updates; "
        "CSV export of {rows} rows".format(**data["sizes"], rows=data["csv"]["rows"])
    )


if __name__ == "__main__":
    main()
