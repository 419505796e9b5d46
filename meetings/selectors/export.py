"""The CSV export's rows: exactly the list's, streamed in chunks with flat memory."""

from collections.abc import Iterator, Sequence

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import (
    OuterRef,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Concat

from meetings.models import Commitment, shown_name

EXPORT_COLUMNS = (
    "id",
    "title",
    "status",
    "kind",
    "continuing",
    "review",
    "meeting",
    "meeting_date",
    "paragraph",
    "requested_by",
    "responsible",
    "topics",
    "mechanism",
    "owner",
    "assignee",
    "priority",
    "due_on",
    "target",
    "expected_by",
    "last_activity_on",
    "text",
)


EXPORT_CHUNK = 2000


# Separators of the (name, code) pairs aggregated where the database cannot order an
# aggregate itself (SQLite before 3.44): control characters no name or code holds.
_PAIR, _NEXT = "\x1f", "\x1e"


def _codes(through, target: str, code: str, *, ordered: bool) -> Subquery:
    """Each commitment's related parties' codes (or topics' slugs), ordered by name and
    space-separated, aggregated by the database in the export's own query. Where it cannot
    order an aggregate, it returns the (name, code) pairs and ``_by_name`` orders them."""
    name, code = f"{target}__name", f"{target}__{code}"
    if ordered:
        codes = StringAgg(code, Value(" "), order_by=(name, code))
    else:
        codes = StringAgg(Concat(name, Value(_PAIR), code), Value(_NEXT))
    return Subquery(
        through.objects.filter(commitment_id=OuterRef("pk"))
        .values("commitment_id")
        .annotate(codes=codes)
        .values("codes")
    )


def _by_name(pairs: str | None) -> str:
    if not pairs:
        return ""
    return " ".join(code for _, code in sorted(pair.split(_PAIR) for pair in pairs.split(_NEXT)))


# OWASP's rule for CSV injection: a cell a spreadsheet would read as a formula (it starts with
# one of these) is written with a leading apostrophe, which spreadsheets show as text and hide.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` as a spreadsheet reads it as text: text that would start a formula gets a
    leading ``'``. Numbers, dates and booleans are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(queryset: QuerySet) -> Iterator[Sequence]:
    """The CSV export's rows (its header first), read in chunks of plain tuples from one
    query in which the database joins each row's parties and topics: no model instance per
    row or relation, flat memory. Dates and blanks are left to the CSV writer (ISO dates,
    empty for none); text that a spreadsheet would run as a formula is made text
    (``spreadsheet_safe``)."""
    yield EXPORT_COLUMNS
    ordered = connections[queryset.db].features.supports_aggregate_order_by_clause
    rows = queryset.annotate(
        responsible_codes=_codes(Commitment.responsible.through, "party", "code", ordered=ordered),
        topic_slugs=_codes(Commitment.topics.through, "topic", "slug", ordered=ordered),
    ).values_list(
        "pk",
        "title",
        "status",
        "kind",
        "continuing",
        "review",
        "meeting__title",
        "meeting__held_on",
        "paragraph",
        "requested_by__code",
        "responsible_codes",
        "topic_slugs",
        shown_name("mechanism__"),
        "owner__code",
        f"assignee__{get_user_model().USERNAME_FIELD}",
        "priority",
        "due_on",
        "target",
        "expected_by",
        "last_activity_on",
        "text",
    )
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        if ordered:
            responsible, topics = row[10] or "", row[11] or ""
        else:
            responsible, topics = _by_name(row[10]), _by_name(row[11])
        yield tuple(
            map(
                spreadsheet_safe,
                (*row[:4], "yes" if row[4] else "no", *row[5:10], responsible, topics, *row[12:]),
            )
        )
