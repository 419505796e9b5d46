"""Importing a readout: store what the parser proposes as drafts, then a person confirms.

Reading the text is ``meetings.importing.parser``'s job (pure text rules, no database). This
module is the database side: finding the same readout imported before, matching the meetings
the text refers to and the open commitments it appears to follow up, storing a draft meeting
with draft commitments, and confirming or discarding that draft. Nothing links until a person
accepts it in ``confirm_import``.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from meetings import selectors
from meetings.importing.parser import ParsedReadout, ProposedCommitment, ReadoutError, parse_readout
from meetings.models import (
    Commitment,
    Mechanism,
    Meeting,
    Party,
    home_party_code,
    made_with,
)
from meetings.status import Effect, Review, status_after_meeting

# Words too common in readouts to say two commitments are about the same thing.
STOPWORDS = frozenset(
    """a an and are as at be both by for from has have in including into is it its of on or
    such that the their them they this to two was were will with would minister ministers
    sides side shared view concurred agreed called strongly close japan china japanese
    chinese korea republic foreign between also other each well issues issue matters
    regarding toward towards""".split()  # noqa: SIM905 - a word list reads best as prose
)
MIN_SHARED_WORDS = 2
MIN_OVERLAP = 0.3
# How many open commitments a readout is compared with, its mechanism's first, then the newest.
FOLLOW_UP_CANDIDATES = 500


@dataclass(frozen=True)
class ReferenceLink:
    """An earlier meeting the readout points to, matched against stored meetings."""

    text: str
    title: str
    held_on: datetime.date | None
    meeting: Meeting | None


@dataclass(frozen=True)
class FollowUpLink:
    """An open commitment the imported meeting appears to follow up, with the effect it suggests."""

    commitment: Commitment
    effect: str
    reason: str
    score: float

    @property
    def key(self) -> str:
        return f"followup-{self.commitment.pk}"

    @property
    def effect_label(self) -> str:
        return Effect(self.effect).label


def words(text: str) -> set[str]:
    return {
        word
        for word in re.findall(r"[a-z][a-z\-]+", text.lower())
        if word not in STOPWORDS and len(word) > 2
    }


def overlap(a: str, b: str) -> tuple[int, float]:
    """How many meaningful words two texts share, and that as a share of the shorter."""
    left, right = words(a), words(b)
    if not left or not right:
        return 0, 0.0
    shared = len(left & right)
    return shared, shared / min(len(left), len(right))


def find_duplicate(*, text_hash: str, source_url: str = "") -> Meeting | None:
    """A meeting already stored from the same readout (same text, or same source address)."""
    condition = Q(text_hash=text_hash)
    if source_url:
        condition |= Q(source_url=source_url)
    return Meeting.objects.filter(condition).order_by("pk").first()


def match_references(parsed: ParsedReadout) -> list[ReferenceLink]:
    links = []
    for reference in parsed.references:
        candidates = Meeting.objects.confirmed()
        if reference.held_on:
            candidates = candidates.filter(held_on=reference.held_on)
        best = None
        best_score = 0.0
        for meeting in candidates[:50]:
            shared, score = overlap(reference.title, meeting.title)
            if shared and score > best_score:
                best, best_score = meeting, score
        links.append(
            ReferenceLink(
                text=reference.text,
                title=reference.title,
                held_on=reference.held_on,
                meeting=best if best_score >= 0.5 else None,
            )
        )
    return links


def propose_follow_ups(
    *,
    parties: Iterable[str],
    mechanism: Mechanism | None,
    commitments: Iterable[ProposedCommitment],
    paragraphs_text: str,
    held_on: datetime.date | None,
    exclude_meeting: Meeting | None = None,
) -> list[FollowUpLink]:
    """Open commitments with the same counterpart or mechanism whose wording this meeting echoes.

    A session of a mechanism suggests *fulfilled* for commitments to hold or use that mechanism;
    echoed wording suggests *reaffirmed* when this meeting commits to it again, else *discussed*.
    Without the meeting's date (a readout that prints none) every open one is a candidate.
    """
    counterparts = list(Party.objects.filter(code__in=parties).exclude(code=home_party_code()))
    earlier = Commitment.objects.confirmed().open().select_related("meeting", "mechanism")
    if held_on is not None:
        earlier = earlier.filter(made_on__lt=held_on)
    if exclude_meeting is not None:
        earlier = earlier.exclude(meeting=exclude_meeting)
    # Those running through the mechanism, then the counterparts', newest first: with a major
    # partner thousands are open, and a meeting takes up recent ones far more than old ones.
    earlier = earlier.order_by("-made_on", "-id")
    with_counterparts = earlier.filter(made_with(*counterparts, using=Commitment.objects.db))
    if mechanism is None:
        candidates = list(with_counterparts[:FOLLOW_UP_CANDIDATES])
    else:
        candidates = selectors.in_two_parts(
            earlier.filter(mechanism=mechanism),
            FOLLOW_UP_CANDIDATES,
            then=with_counterparts.exclude(mechanism=mechanism),
        )
    proposals = list(commitments)
    links: list[FollowUpLink] = []
    for commitment in candidates:
        if mechanism is not None and commitment.mechanism_id == mechanism.pk:
            links.append(
                FollowUpLink(
                    commitment=commitment,
                    effect=Effect.FULFILLED if not commitment.continuing else Effect.ADVANCED,
                    reason=_("This meeting was a session of %(mechanism)s.")
                    % {"mechanism": mechanism.name},
                    score=1.0,
                )
            )
            continue
        best_score, best_shared, echoed_by = 0.0, 0, None
        for proposal in proposals:
            shared, score = overlap(commitment.title + " " + commitment.text, proposal.text)
            if score > best_score:
                best_score, best_shared, echoed_by = score, shared, proposal
        if echoed_by is not None and best_shared >= MIN_SHARED_WORDS and best_score >= MIN_OVERLAP:
            links.append(
                FollowUpLink(
                    commitment=commitment,
                    effect=Effect.REAFFIRMED,
                    reason=_("Paragraph %(p)s commits to it again: “%(text)s”")
                    % {"p": echoed_by.paragraph, "text": echoed_by.text[:160]},
                    score=best_score,
                )
            )
            continue
        shared, score = overlap(commitment.title, paragraphs_text)
        if shared >= MIN_SHARED_WORDS and score >= 0.6:
            links.append(
                FollowUpLink(
                    commitment=commitment,
                    effect=Effect.DISCUSSED,
                    reason=_("The readout mentions it."),
                    score=score / 2,
                )
            )
    links.sort(key=lambda link: (-link.score, link.commitment.pk))
    return links


def follow_ups_for(meeting: Meeting) -> list[FollowUpLink]:
    """The follow-up proposals for a stored draft meeting, computed afresh."""
    drafts = [
        ProposedCommitment(
            paragraph=c.paragraph,
            kind=c.kind,
            title=c.title,
            text=c.text,
            requested_by="",
            responsible=[],
            continuing=c.continuing,
            target=c.target,
            mechanism="",
        )
        for c in meeting.commitments.all()
    ]
    return propose_follow_ups(
        parties=[party.code for party in meeting.parties.all()],
        mechanism=meeting.mechanism,
        commitments=drafts,
        paragraphs_text=meeting.readout,
        held_on=meeting.held_on,
        exclude_meeting=meeting,
    )


def reparse(meeting: Meeting) -> ParsedReadout | None:
    """The parser's reading of a stored draft's readout (for its paragraphs and warnings)."""
    if not meeting.readout:
        return None
    try:
        return parse_readout(
            meeting.readout, home_party=home_party_code(), source_url=meeting.source_url
        )
    except ReadoutError:
        return None


def draft_commitments(meeting: Meeting, paragraphs: dict[str, str] | None = None):
    """The meeting's draft commitments in reading order: by paragraph, then where in it.

    ``paragraphs`` (number -> text) places each excerpt in its paragraph; without it the order
    is paragraph, then creation.
    """
    drafts = list(
        meeting.commitments.filter(review=Review.DRAFT)
        .select_related("requested_by", "owner", "mechanism")
        .prefetch_related("responsible", "topics")
        .order_by("id")
    )
    paragraphs = paragraphs or {}

    def position(commitment: Commitment) -> tuple[int, int, int]:
        first = commitment.paragraph.split(",")[0].strip()
        number = int(first) if first.isdigit() else 10_000
        found = paragraphs.get(first, "").find(commitment.text[:60])
        return number, found if found >= 0 else 10_000, commitment.pk

    return sorted(drafts, key=position)


def follow_up_status(commitment: Commitment, effect: str) -> str | None:
    """The status an accepted follow-up link moves ``commitment`` to (None: unchanged)."""
    return status_after_meeting(effect, status=commitment.status, continuing=commitment.continuing)


def follow_up_note(meeting: Meeting) -> str:
    return _("Followed up at %(meeting)s (accepted from the readout import).") % {
        "meeting": meeting
    }
