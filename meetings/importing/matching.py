"""Importing a readout: store what the parser proposes as drafts, then a person confirms.

Reading the text is ``meetings.importing.parser``'s job (pure text rules, no database). This
module is the database side: finding the same readout imported before, matching the meetings
the text refers to and the open commitments it appears to follow up, storing a draft meeting
with draft commitments, and confirming or discarding that draft. Nothing links until a person
accepts it in ``confirm_import``.
"""

import datetime
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from meetings import selectors
from meetings.importing.japanese import is_japanese
from meetings.importing.parser import ParsedReadout, ProposedCommitment, ReadoutError, parse_readout
from meetings.models import (
    Commitment,
    Mechanism,
    Meeting,
    Party,
    Person,
    Readout,
    Topic,
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
# Pairs of Japanese characters too common in readouts to say what a commitment is about.
JA_STOP_PAIRS = frozenset(
    """両国 日中 中国 日本 日韓 日米 韓国 米国 外相 大臣 会談 一致 確認 両者 双方 関係 協力 連携
    強化 今後 引き続 き続 続き 我が が国 国間 首脳 相互 推進 述べ 表明 求め 要請 同意 合意
    共に 考え 重要 必要 ため 発展 一層 更に さら 進め 向け 向上 期待 示し こと とし""".split()  # noqa: SIM905
)
MIN_SHARED_WORDS = 2
MIN_SHARED_PAIRS = 4
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


def _kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or ch == "ー"


def _cjk(ch: str) -> bool:
    return _kana(ch) or "\u4e00" <= ch <= "\u9fff" or ch in "々〆"


def has_japanese_script(text: str) -> bool:
    """Whether ``text`` holds kana or kanji (a name like 上川陽子 has no kana)."""
    return any(_cjk(ch) for ch in text)


def character_pairs(text: str) -> set[str]:
    """The Japanese text's pairs of neighbouring characters, as terms to compare: no
    analyser needed (``docs/importing.md``). Pairs of two kana (particles, endings) and the
    pairs every readout holds are left out."""
    text = unicodedata.normalize("NFKC", text)
    pairs = set()
    for first, second in itertools.pairwise(text):
        if _cjk(first) and _cjk(second) and not (_kana(first) and _kana(second)):
            pairs.add(first + second)
    return pairs - JA_STOP_PAIRS


def words(text: str) -> set[str]:
    """The meaningful terms of ``text``: English words, and pairs of Japanese characters
    (marked apart, so a word never meets a pair)."""
    english = {
        word
        for word in re.findall(r"[a-z][a-z\-]+", text.lower())
        if word not in STOPWORDS and len(word) > 2
    }
    return english | {f"~{pair}" for pair in character_pairs(text)}


def overlap(a: str, b: str) -> tuple[int, float]:
    """How many meaningful terms two texts share, and that as a share of the shorter.

    Japanese terms are pairs of characters, several to a word: their count is divided by
    ``MIN_SHARED_PAIRS / MIN_SHARED_WORDS`` so both languages meet the same thresholds."""
    left, right = words(a), words(b)
    if not left or not right:
        return 0, 0.0
    common = left & right
    pairs = sum(1 for term in common if term.startswith("~"))
    shared = (len(common) - pairs) + pairs * MIN_SHARED_WORDS // MIN_SHARED_PAIRS
    return shared, len(common) / min(len(left), len(right))


def find_duplicate(*, text_hash: str, source_url: str = "") -> Meeting | None:
    """A meeting already holding the same readout (same text, or same source address)."""
    condition = Q(text_hash=text_hash)
    if source_url:
        condition |= Q(source_url=source_url)
    readout = Readout.objects.filter(condition).select_related("meeting").order_by("pk").first()
    return readout.meeting if readout is not None else None


def find_recorded_meeting(
    *, held_on: datetime.date | None, parties: Iterable[str], title: str
) -> Meeting | None:
    """A meeting already recorded (confirmed or a draft) that this readout appears to report:
    the same date, and a counterpart in common or a title in common (in either language).
    None without a date: nothing says which day to look at."""
    if held_on is None:
        return None
    home = home_party_code()
    counterparts = set(parties) - {home}
    best, best_score = None, 0.0
    for meeting in Meeting.objects.filter(held_on=held_on).prefetch_related("parties")[:50]:
        theirs = {party.code for party in meeting.parties.all()} - {home}
        shared, score = overlap(title, meeting.title)
        if counterparts & theirs:
            score += 1.0
        elif not (shared and score >= 0.5):
            continue
        if score > best_score:
            best, best_score = meeting, score
    return best


def _name_key(name: str) -> str:
    """A name compared in any order, case and spacing: "KAMIKAWA Yoko" is "Yoko Kamikawa",
    「上川 陽子」 is 「上川陽子」."""
    name = unicodedata.normalize("NFKC", name).casefold()
    if has_japanese_script(name):
        return "".join(name.split())
    return " ".join(sorted(re.findall(r"[^\W_]+", name)))


def find_person(name: str, party: Party) -> Person | None:
    """The person of ``party`` a readout names ``name``, in English or Japanese, in either
    order of family and given name."""
    name = name.strip()
    if not name:
        return None
    people = Person.objects.filter(party=party)
    exact = people.filter(Q(name=name) | Q(name_ja=name)).order_by("pk").first()
    if exact is not None:
        return exact
    key = _name_key(name)
    longest = max(re.findall(r"[^\W_]+", name) or [name], key=len)
    for person in people.filter(Q(name__icontains=longest) | Q(name_ja__icontains=longest)):
        if key in {_name_key(known) for known in person.names}:
            return person
    return None


def _party_words() -> set[str]:
    from meetings.importing.vocabulary import PARTIES

    return {
        word.casefold()
        for _name, names in PARTIES.values()
        for name in names
        for word in re.findall(r"[A-Za-z.]+", name)
    }


JA_PARTY_CHARACTERS = "日中韓米豪印英仏独伊加露朝越比泰尼"


def _mechanism_core(name: str) -> str:
    """What names a mechanism once the article and the parties are left out: "the Security
    Dialogue" and "Japan-China Security Dialogue" both give "security dialogue",
    「安全保障対話」 and 「日中安全保障対話」 both 「安全保障対話」."""
    name = unicodedata.normalize("NFKC", name).strip()
    if any(_cjk(ch) for ch in name):
        core = name
        while len(core) > 3 and core[0] in JA_PARTY_CHARACTERS:
            core = core[1:]
        return core.removeprefix("・")
    party_words = _party_words()
    kept = []
    for word in re.split(r"\s+", name.casefold()):
        parts = [part for part in re.split(r"[-–]", word.strip("\"“”'’,")) if part]
        if word == "the" or (parts and all(part in party_words for part in parts)):
            continue
        kept.append(word)
    return " ".join(kept)


def find_mechanism(name: str, *, parties: Iterable[str] = ()) -> Mechanism | None:
    """The recorded mechanism a readout names ``name``: by either of its names, in any case,
    or loosely ("the Security Dialogue" for the Japan-China Security Dialogue), preferring
    one of the meeting's counterparts; None when none or several fit equally."""
    name = (name or "").strip()
    if not name:
        return None
    exact = Mechanism.objects.filter(Q(name__iexact=name) | Q(name_ja=name)).first()
    if exact is not None:
        return exact
    core = _mechanism_core(name)
    if not core or core.isspace():
        return None
    counterparts = set(parties) - {home_party_code()}
    fits: list[tuple[int, Mechanism]] = []
    for mechanism in Mechanism.objects.prefetch_related("parties"):
        if not any(_mechanism_core(known) == core for known in mechanism.names):
            continue
        codes = {party.code for party in mechanism.parties.all()}
        fits.append((2 if counterparts & codes else 1 if not codes else 0, mechanism))
    if not fits:
        return None
    fits.sort(key=lambda fit: -fit[0])
    if len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None
    return fits[0][1]


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


def open_candidates(
    *,
    parties: Iterable[str],
    mechanism: Mechanism | None,
    held_on: datetime.date | None,
    exclude_meeting: Meeting | None = None,
) -> list[Commitment]:
    """Open confirmed commitments a meeting with ``parties`` (and ``mechanism``) may take up:
    those running through the mechanism, then the counterparts', newest first, made before
    ``held_on`` (every open one when the date is not known)."""
    counterparts = list(Party.objects.filter(code__in=parties).exclude(code=home_party_code()))
    earlier = Commitment.objects.confirmed().open().select_related("meeting", "mechanism")
    if held_on is not None:
        earlier = earlier.filter(made_on__lt=held_on)
    if exclude_meeting is not None:
        earlier = earlier.exclude(meeting=exclude_meeting)
    # With a major partner thousands are open, and a meeting takes up recent ones far more
    # than old ones.
    earlier = earlier.order_by("-made_on", "-id")
    with_counterparts = earlier.filter(made_with(*counterparts, using=Commitment.objects.db))
    if mechanism is None:
        return list(with_counterparts[:FOLLOW_UP_CANDIDATES])
    return selectors.in_two_parts(
        earlier.filter(mechanism=mechanism),
        FOLLOW_UP_CANDIDATES,
        then=with_counterparts.exclude(mechanism=mechanism),
    )


def propose_follow_ups(
    *,
    parties: Iterable[str],
    mechanism: Mechanism | None,
    commitments: Iterable[ProposedCommitment],
    paragraphs_text: str,
    held_on: datetime.date | None,
    exclude_meeting: Meeting | None = None,
    candidates: list[Commitment] | None = None,
) -> list[FollowUpLink]:
    """Open commitments with the same counterpart or mechanism whose wording this meeting echoes.

    A session of a mechanism suggests *fulfilled* for commitments to hold or use that mechanism;
    echoed wording suggests *reaffirmed* when this meeting commits to it again, else *discussed*.
    Without the meeting's date (a readout that prints none) every open one is a candidate.
    """
    if candidates is None:
        candidates = open_candidates(
            parties=parties, mechanism=mechanism, held_on=held_on, exclude_meeting=exclude_meeting
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


@dataclass(frozen=True)
class Repeat:
    """A draft that repeats an open commitment of the same counterpart or mechanism: proposed
    as "reaffirms #N" (a follow-up with effect *reaffirmed* on #N), or as a new commitment
    whose ``reaffirms`` is #N if the reviewer says so."""

    draft: Commitment
    commitment: Commitment
    score: float

    @property
    def reason(self) -> str:
        return _("Its words repeat #%(pk)s, “%(title)s”, still %(status)s.") % {
            "pk": self.commitment.pk,
            "title": self.commitment.title,
            "status": self.commitment.get_status_display(),
        }


def _as_proposal(commitment: Commitment) -> ProposedCommitment:
    return ProposedCommitment(
        paragraph=commitment.paragraph,
        kind=commitment.kind,
        title=commitment.title,
        text=commitment.text,
        requested_by="",
        responsible=[],
        continuing=commitment.continuing,
        target=commitment.target,
        mechanism="",
    )


def draft_candidates(meeting: Meeting) -> list[Commitment]:
    return open_candidates(
        parties=[party.code for party in meeting.parties.all()],
        mechanism=meeting.mechanism,
        held_on=meeting.held_on,
        exclude_meeting=meeting,
    )


def repeats_among(
    drafts: Iterable[Commitment], candidates: Iterable[Commitment]
) -> dict[int, Repeat]:
    """Each draft's best repeat among ``candidates`` (by draft id), if its words echo one.

    A candidate is the repeat of one draft at most, the closest."""
    best: dict[int, Repeat] = {}
    taken: dict[int, Repeat] = {}
    candidates = list(candidates)
    for draft in drafts:
        for commitment in candidates:
            shared, score = overlap(commitment.title + " " + commitment.text, draft.text)
            if shared < MIN_SHARED_WORDS or score < MIN_OVERLAP:
                continue
            current = best.get(draft.pk)
            if current is None or score > current.score:
                best[draft.pk] = Repeat(draft=draft, commitment=commitment, score=score)
    for repeat in sorted(best.values(), key=lambda r: -r.score):
        if repeat.commitment.pk not in taken:
            taken[repeat.commitment.pk] = repeat
    return {repeat.draft.pk: repeat for repeat in taken.values()}


def repeats_for(
    meeting: Meeting,
    drafts: Iterable[Commitment] | None = None,
    candidates: list[Commitment] | None = None,
) -> dict[int, Repeat]:
    """The drafts of ``meeting`` that repeat an open commitment (of ``candidates``, default
    those ``open_candidates`` gives), by draft id."""
    if drafts is None:
        drafts = meeting.commitments.filter(review=Review.DRAFT)
    if candidates is None:
        candidates = draft_candidates(meeting)
    # A session of a mechanism fulfils what was to run through it (``propose_follow_ups``):
    # those are no repeats.
    candidates = [
        c
        for c in candidates
        if meeting.mechanism_id is None or c.mechanism_id != meeting.mechanism_id
    ]
    return repeats_among(list(drafts), candidates)


def follow_ups_for(
    meeting: Meeting,
    repeated: Iterable[int] = (),
    candidates: list[Commitment] | None = None,
) -> list[FollowUpLink]:
    """The follow-up proposals for a stored draft meeting, computed afresh, but for the
    commitments ``repeated`` by one of its drafts (proposed on the draft's row instead)."""
    readout = first_readout(meeting)
    repeated = set(repeated)
    if candidates is None:
        candidates = draft_candidates(meeting)
    candidates = [c for c in candidates if c.pk not in repeated]
    return propose_follow_ups(
        parties=[party.code for party in meeting.parties.all()],
        mechanism=meeting.mechanism,
        commitments=[_as_proposal(c) for c in meeting.commitments.all()],
        paragraphs_text=readout.text if readout else "",
        held_on=meeting.held_on,
        exclude_meeting=meeting,
        candidates=candidates,
    )


def first_readout(meeting: Meeting) -> Readout | None:
    return meeting.readouts.order_by("order", "pk").first()


def read_again(readout: Readout | None) -> ParsedReadout | None:
    """The parser's reading of a stored readout (for its paragraphs and warnings)."""
    if readout is None or not readout.text:
        return None
    try:
        return parse_readout(
            readout.text, home_party=home_party_code(), source_url=readout.source_url
        )
    except ReadoutError:
        return None


def reparse(meeting: Meeting) -> ParsedReadout | None:
    """The parser's reading of a stored draft's first readout."""
    return read_again(first_readout(meeting))


# Which paragraphs of another readout report the meeting's commitments -------------------------

SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
MIN_REPORT_OVERLAP = 0.25
# Japanese sentences run long: a report shares more pairs as a smaller part of each.
MIN_REPORT_SHARED_JA, MIN_REPORT_OVERLAP_JA = 4, 0.15


def _reports(shared: int, score: float) -> bool:
    return (shared >= MIN_SHARED_WORDS and score >= MIN_REPORT_OVERLAP) or (
        shared >= MIN_REPORT_SHARED_JA and score >= MIN_REPORT_OVERLAP_JA
    )


@dataclass(frozen=True)
class ReportProposal:
    """A paragraph of a readout that appears to report a recorded commitment."""

    commitment: Commitment
    paragraph: str
    text: str
    reason: str
    score: float

    @property
    def key(self) -> str:
        return f"report-{self.commitment.pk}"


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def _named(text: str, names: dict[tuple[str, int], list[str]]) -> set[tuple[str, int]]:
    """The mechanisms and topics whose name, in either language, ``text`` prints."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return {
        key
        for key, known in names.items()
        if any(len(name) > 1 and name in folded for name in known)
    }


def _reference_names() -> dict[tuple[str, int], list[str]]:
    names: dict[tuple[str, int], list[str]] = {}
    for kind, model in (("mechanism", Mechanism), ("topic", Topic)):
        for pk, name, name_ja in model.objects.values_list("pk", "name", "name_ja"):
            folded = [unicodedata.normalize("NFKC", n).casefold() for n in (name, name_ja) if n]
            if kind == "mechanism":
                folded += [_mechanism_core(n).casefold() for n in (name, name_ja) if n]
            names[(kind, pk)] = sorted({n for n in folded if len(n) > 3 or is_japanese(n)})
    return names


def propose_reports(
    parsed: ParsedReadout, language: str, commitments: Iterable[Commitment]
) -> tuple[list[ReportProposal], list[ProposedCommitment]]:
    """Which paragraphs of a readout (``parsed``) report which of ``commitments`` (of its
    meeting), and what the readout proposes that no commitment matches (what only its
    publisher reports).

    In the commitments' language, by the words they share (pairs of characters in
    Japanese); across languages, by the mechanisms and topics both name, in either language
    (no translation model is used: ``docs/importing.md``)."""
    commitments = list(commitments)
    proposals = list(parsed.commitments)
    used: set[int] = set()
    found: list[ReportProposal] = []
    names = None
    for commitment in commitments:
        wording = f"{commitment.title} {commitment.text}"
        same_language = is_japanese(commitment.text) == (language == "ja")
        best: ReportProposal | None = None
        best_index = -1
        if same_language:
            for index, proposal in enumerate(proposals):
                shared, score = overlap(wording, proposal.text)
                if _reports(shared, score) and (best is None or score + 1.0 > best.score):
                    best = ReportProposal(
                        commitment,
                        proposal.paragraph,
                        proposal.text,
                        _("Their words match."),
                        score + 1.0,
                    )
                    best_index = index
            if best is None:
                for paragraph in parsed.paragraphs:
                    for sentence in _sentences(paragraph.text):
                        shared, score = overlap(wording, sentence)
                        if _reports(shared, score) and (best is None or score > best.score):
                            best = ReportProposal(
                                commitment,
                                paragraph.number,
                                sentence,
                                _("The paragraph uses its words."),
                                score,
                            )
                            best_index = -1
        else:
            if names is None:
                names = _reference_names()
            signature = _named(wording, names)
            if commitment.mechanism_id:
                signature.add(("mechanism", commitment.mechanism_id))
            signature |= {("topic", topic.pk) for topic in commitment.topics.all()}
            for paragraph in parsed.paragraphs:
                for sentence in _sentences(paragraph.text):
                    shared = signature & _named(sentence, names)
                    if shared and (best is None or len(shared) > best.score):
                        best = ReportProposal(
                            commitment,
                            paragraph.number,
                            sentence,
                            _("Both name the same mechanism or topic."),
                            float(len(shared)),
                        )
                        best_index = -1
        if best is not None:
            found.append(best)
            if best_index >= 0:
                used.add(best_index)
    alone = [proposal for index, proposal in enumerate(proposals) if index not in used]
    return found, alone


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
