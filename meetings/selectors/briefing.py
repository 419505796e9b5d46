"""The briefing before a meeting with a counterpart: everything open with it, the most urgent
first, in a bounded number of queries whatever the partner's size."""

import datetime
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse

from meetings.models import (
    Commitment,
    Party,
    Update,
    shown_name,
)
from meetings.selectors.commitments import _values_by_id, reported_sides
from meetings.status import (
    Kind,
    Status,
    choice_label,
    is_overdue,
    overdue_q,
)

BRIEFING_SHOWN = 100


def briefing_commitments(party: Party, *, today: datetime.date) -> QuerySet:
    """Everything open with ``party``, the most urgent first: overdue, then by the date it is
    expected by (none last), then oldest made."""
    overdue = overdue_q(today)
    return (
        Commitment.objects.confirmed()
        .open()
        .for_counterpart(party)
        .annotate(overdue_first=Case(When(overdue, then=Value(0)), default=Value(1)))
        .order_by(
            "overdue_first", F("expected_by").asc(nulls_last=True), "made_on", "paragraph", "id"
        )
    )


# A partner with more open commitments than this is read in two parts (see briefing_page).
BRIEFING_MAJOR_PARTNER = 4000


def briefing_page(party: Party, *, today: datetime.date, limit: int, total: int) -> list:
    """The ids and versions of the first ``limit`` of ``briefing_commitments`` (``total`` of
    them), in its order; ``briefing_rows`` fetches the rows a page still needs.

    Sorting the full rows of every open commitment with a partner, to show a hundred, joins
    them all. With a major partner (twenty thousand open commitments) even sorting the ids
    costs most of a hundred milliseconds, so they are read in two parts, the overdue and
    then the rest, each in its own order, which the database follows along the due dates
    and stops at ``limit``; with a minor partner that walk passes thousands of other
    partners' rows, while sorting its few hundred ids is quick.
    """
    ordered = briefing_commitments(party, today=today)
    if total <= BRIEFING_MAJOR_PARTNER:
        return list(ordered.values_list("pk", "version", named=True)[:limit])
    open_with_party = ordered.order_by()
    overdue = overdue_q(today)
    page = list(
        open_with_party.filter(overdue)
        .order_by("expected_by", "made_on", "paragraph", "id")
        .values_list("pk", "version", named=True)[:limit]
    )
    if len(page) < limit:
        page += (
            open_with_party.exclude(overdue)
            .order_by(F("expected_by").asc(nulls_last=True), "made_on", "paragraph", "id")
            .values_list("pk", "version", named=True)[: limit - len(page)]
        )
    return page


def briefing_rows(ids: Sequence[int], *, today: datetime.date) -> dict[int, dict]:
    """What a briefing row shows of each commitment in ``ids``, as plain values by id: its
    topics (by name; it is listed under the first), who must act, its expected-by date and
    whether it is overdue on ``today``, its owner and assignee, and its latest update.

    Four queries and no model instances, and two for the sides reporting them. The latest
    update is looked up for these commitments only, after the page is cut: as an annotation of
    the briefing's own query it would run for every open commitment with the party before the
    sort (thousands for a major partner)."""
    latest = Update.objects.filter(commitment=OuterRef("pk")).order_by(
        "-happened_on", "-recorded_at", "-id"
    )
    rows = _values_by_id(
        ids,
        "title",
        "kind",
        "status",
        "continuing",
        "expected_by",
        "meeting_id",
        held_on=F("meeting__held_on"),
        owner_name=shown_name("owner__"),
        assignee_name=F(f"assignee__{get_user_model().USERNAME_FIELD}"),
        requested_by_code=F("requested_by__code"),
        mechanism_name=shown_name("mechanism__"),
        last_update_id=Subquery(latest.values("id")[:1]),
    )
    updates = Update.objects.filter(pk__in=[row["last_update_id"] for row in rows.values()])
    last_updates = {
        update["pk"]: update
        for update in updates.values("pk", "happened_on", "note", meeting_title=F("meeting__title"))
    }
    for row in rows.values():
        row |= {
            "url": reverse("commitment-detail", args=[row["pk"]]),
            "kind_label": choice_label(Kind, row["kind"]),
            "status_label": choice_label(Status, row["status"]),
            "last_update": last_updates.get(row["last_update_id"]),
            "overdue": is_overdue(
                status=row["status"],
                continuing=row["continuing"],
                expected_by=row["expected_by"],
                today=today,
            ),
            "topics": [],
            "responsible": [],
        }
    topics = Commitment.topics.through.objects.filter(commitment_id__in=rows)
    for pk, name, slug in topics.order_by("topic__name").values_list(
        "commitment_id", shown_name("topic__"), "topic__slug"
    ):
        rows[pk]["topics"].append({"name": name, "slug": slug})
    parties = Commitment.responsible.through.objects.filter(commitment_id__in=rows)
    for pk, code, name in parties.order_by("party__code").values_list(
        "commitment_id", "party__code", shown_name("party__")
    ):
        rows[pk]["responsible"].append({"code": code, "name": name})
    meeting_ids = [row["meeting_id"] for row in rows.values()]
    for pk, reported in reported_sides(list(rows), meeting_ids=meeting_ids).items():
        rows[pk]["reported"] = reported
    return rows
