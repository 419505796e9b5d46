"""Rows already stored that break the record's rules (``docs/design.md``), for
``manage.py check_record``.

The services refuse every such write (``meetings/services/rules.py``); rows written before
those rules, or around the services (a database shell, a bulk load), are found here.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, F, Q

from meetings.models import Commitment, Meeting, Update
from meetings.status import Review

# A chain of reaffirmations or follow-ups longer than this is taken for a cycle: no real
# record has one.
LONGEST_CHAIN = 1000


@dataclass(frozen=True)
class BrokenRule:
    rule: str
    rows: list[str]


def _commitments(queryset) -> list[str]:
    return [f"commitment #{pk} “{title}”" for pk, title in queryset.values_list("pk", "title")]


def _meetings(queryset) -> list[str]:
    return [f"meeting #{pk} “{title}”" for pk, title in queryset.values_list("pk", "title")]


def broken_rules() -> Iterator[BrokenRule]:
    confirmed = Commitment.objects.confirmed()
    checks = [
        (
            "a confirmed commitment belongs to a draft meeting",
            _commitments(confirmed.filter(meeting__review=Review.DRAFT)),
        ),
        (
            "a confirmed commitment reaffirms a draft",
            _commitments(confirmed.filter(reaffirms__review=Review.DRAFT)),
        ),
        (
            "a confirmed commitment was replaced by a draft",
            _commitments(confirmed.filter(superseded_by__review=Review.DRAFT)),
        ),
        (
            "a draft commitment has timeline entries",
            _commitments(
                Commitment.objects.filter(review=Review.DRAFT, updates__isnull=False).distinct()
            ),
        ),
        (
            "a timeline entry names a draft meeting as its later meeting",
            [
                f"update #{pk} on commitment #{commitment_id}"
                for pk, commitment_id in Update.objects.filter(
                    meeting__review=Review.DRAFT
                ).values_list("pk", "commitment_id")
            ],
        ),
        (
            "a confirmed meeting follows up a draft",
            _meetings(
                Meeting.objects.confirmed().filter(follows_up__review=Review.DRAFT).distinct()
            ),
        ),
        (
            "a confirmed meeting has fewer than two parties",
            _meetings(Meeting.objects.confirmed().annotate(n=Count("parties")).filter(n__lt=2)),
        ),
        ("commitments reaffirm each other in a circle", _commitments(_reaffirms_cycles())),
        ("meetings follow each other up in a circle", _meetings(_follows_up_cycles())),
    ]
    for rule, rows in checks:
        if rows:
            yield BrokenRule(rule, rows)


def _in_cycles(edges: dict[int, list[int]]) -> set[int]:
    """The nodes of a directed graph that can reach themselves."""
    found = set()
    for start in edges:
        frontier, seen = list(edges[start]), set()
        while frontier and len(seen) <= LONGEST_CHAIN:
            node = frontier.pop()
            if node == start:
                found.add(start)
                break
            if node not in seen:
                seen.add(node)
                frontier.extend(edges.get(node, ()))
    return found


def _reaffirms_cycles():
    edges: dict[int, list[int]] = {}
    for pk, target in Commitment.objects.filter(reaffirms__isnull=False).values_list(
        "pk", "reaffirms_id"
    ):
        edges.setdefault(pk, []).append(target)
    return Commitment.objects.filter(pk__in=_in_cycles(edges))


def _follows_up_cycles():
    edges: dict[int, list[int]] = {}
    links = Meeting.follows_up.through.objects.exclude(from_meeting_id=F("to_meeting_id"))
    for source, target in links.values_list("from_meeting_id", "to_meeting_id"):
        edges.setdefault(source, []).append(target)
    selfish = Meeting.follows_up.through.objects.filter(Q(from_meeting_id=F("to_meeting_id")))
    return Meeting.objects.filter(
        Q(pk__in=_in_cycles(edges)) | Q(pk__in=selfish.values("from_meeting_id"))
    )
