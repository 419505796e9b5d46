"""Writes about a meeting's readouts: adding one (the first, or the counterpart's account of
a meeting already recorded) and saying which of its paragraphs report which commitments.

Which sides report a commitment is what "reported by one side only" reads (a filter of the
list, a mark on its rows and the briefing), so every write here moves FIGURES and REFERENCE.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from meetings import caching
from meetings.importing.matching import find_duplicate
from meetings.importing.parser import ParsedReadout
from meetings.models import Commitment, Language, Meeting, Party, Readout, ReadoutExcerpt
from meetings.services import reference
from meetings.services.commitments import create_commitment
from meetings.status import Kind


def _refuse_duplicate(text_hash: str, source_url: str) -> None:
    duplicate = find_duplicate(text_hash=text_hash, source_url=source_url)
    if duplicate is not None:
        raise ValidationError(
            _("This readout was imported before as “%(meeting)s” (#%(pk)s).")
            % {"meeting": duplicate, "pk": duplicate.pk},
            code="duplicate",
            params={"pk": duplicate.pk},
        )


@transaction.atomic
def add_readout(
    *,
    meeting: Meeting,
    text: str,
    text_hash: str,
    source_url: str = "",
    publisher: Party | None,
    language: str,
) -> Readout:
    """Keep one more published account of ``meeting`` (after those it has), refusing one
    already held by any meeting (the same text, or the same address)."""
    _refuse_duplicate(text_hash, source_url)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = meeting.readouts.aggregate(last=Max("order"))["last"]
    readout = Readout(
        meeting=meeting,
        publisher=publisher,
        language=language if language in Language.values else Language.ENGLISH,
        source_url=source_url,
        text=text,
        text_hash=text_hash,
        order=0 if last is None else last + 1,
    )
    readout.full_clean()
    readout.save()
    # Which commitments only one side reports changes with the sides that published.
    caching.changed(caching.FIGURES, caching.REFERENCE)
    return readout


@transaction.atomic
def attach_readout(
    *,
    meeting: Meeting,
    parsed: ParsedReadout,
    text: str,
    source_url: str = "",
    publisher: Party | None = None,
) -> Readout:
    """Add a readout of a meeting already recorded as another source of it (the
    counterpart's account, or ours in the other language) instead of a new meeting.

    ``publisher`` defaults to the side whose voice the parser read. Nothing is said yet
    about which commitments it reports: ``report_commitments`` records what the reviewer
    confirms of ``matching.propose_reports``."""
    if publisher is None and parsed.publisher:
        publisher = reference.party_for_code(parsed.publisher)
    return add_readout(
        meeting=meeting,
        text=text,
        text_hash=parsed.text_hash,
        source_url=source_url,
        publisher=publisher,
        language=parsed.language,
    )


@dataclass
class Report:
    """A paragraph of a readout that reports a commitment, with its words."""

    commitment: Commitment
    paragraph: str
    text: str


@dataclass
class ReportedAlone:
    """A commitment that only this readout reports (a pledge they claim that ours does not
    mention), as the reviewer accepts it: made at the readout's meeting."""

    paragraph: str
    text: str
    title: str
    kind: str
    requested_by: Party | None
    responsible: list[Party]
    continuing: bool = False
    target: str = ""


def _excerpt(readout: Readout, commitment: Commitment, paragraph: str, text: str) -> None:
    if commitment.meeting_id != readout.meeting_id:
        raise ValidationError(
            _("#%(pk)s was made at another meeting; this readout cannot report it.")
            % {"pk": commitment.pk}
        )
    text = text.strip()
    if not text:
        raise ValidationError(
            _("Give the readout's words that report #%(pk)s.") % {"pk": commitment.pk}
        )
    ReadoutExcerpt.objects.update_or_create(
        commitment=commitment,
        readout=readout,
        paragraph=paragraph.strip()[:20],
        defaults={"text": text},
    )


@transaction.atomic
def report_commitments(
    *,
    readout: Readout,
    reports: Iterable[Report] = (),
    reported_alone: Iterable[ReportedAlone] = (),
) -> list[Commitment]:
    """Record which paragraphs of ``readout`` report which commitments of its meeting, and
    record as new commitments of the meeting what only this readout reports. Returns the
    commitments made. The commitments made take the meeting's review state (a draft's are
    drafts)."""
    readout = Readout.objects.select_related("meeting").get(pk=readout.pk)
    for report in reports:
        _excerpt(readout, report.commitment, report.paragraph, report.text)
    made = []
    for alone in reported_alone:
        commitment = create_commitment(
            fields={
                "meeting": readout.meeting,
                "paragraph": alone.paragraph[:20],
                "title": alone.title[:300],
                "kind": alone.kind,
                "requested_by": alone.requested_by if alone.kind == Kind.REQUEST else None,
                "continuing": alone.continuing,
                "target": alone.target[:200],
                "review": readout.meeting.review,
            },
            text=alone.text,
            responsible=alone.responsible,
        )
        _excerpt(readout, commitment, alone.paragraph, alone.text)
        made.append(commitment)
    caching.changed(caching.FIGURES, caching.REFERENCE)
    return made


@transaction.atomic
def remove_report(*, excerpt: ReadoutExcerpt) -> None:
    """Say that a paragraph does not report the commitment after all."""
    # The row itself (the audit trail records it), if it is still there.
    for row in ReadoutExcerpt.objects.filter(pk=excerpt.pk):
        row.delete()
    caching.changed(caching.FIGURES, caching.REFERENCE)
