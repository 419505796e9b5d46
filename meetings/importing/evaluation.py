"""How well the parser reads real readouts: the development set scored against its labels.

``python -m meetings.importing.evaluation [FOLDER] [--details]`` parses every readout in FOLDER
(default ``tests/readouts/dev``; the format is in its ``LABELS.md``) and prints, per publisher,
per language and overall, the share of meeting fields read right and the precision and recall
of the proposed commitments. No database and no settings are needed.

What counts as right:

- **Meeting fields**: ``held_on``, ``start_time``, ``duration_minutes``, the people in attendance
  (the set of names as printed) and the mechanism's name (compared without case, width or
  quote-style differences). An empty label is right only when the parser leaves the field
  empty too. "All fields" is the share of readouts with all five right.
- **A proposal matches a labelled commitment** when their top-level paragraph numbers agree
  ("3(1)" matches "3" and "3(2)"; how often the sub-item agrees too is reported as "paragraph")
  and the proposal's text or title holds at least half of the labelled phrase: half of its
  content words in English, half of its character pairs in Japanese (words are not separated
  there; pairs of two kana are left out, being grammar rather than content). Each proposal
  matches at most one commitment, and the pairing is chosen to match as many as possible.
- **Kind, asked by, must act** are scored among matched commitments: the kind, the party that
  asked (empty for joint commitments and pledges) and the set of parties that must act.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from meetings.importing.parser import ParsedReadout, ProposedCommitment, ReadoutError, parse_readout

DEV_SET = Path(__file__).resolve().parents[2] / "tests" / "readouts" / "dev"
THRESHOLD = 0.5
MEETING_FIELDS = ("held_on", "start_time", "duration_minutes", "people", "mechanism")

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "and",
        "or",
        "with",
        "by",
        "from",
        "as",
        "such",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "be",
        "will",
        "would",
        "is",
        "are",
        "was",
        "were",
    ]
)
# Kana, kanji (with the iteration mark and the rarer planes) and the long-vowel mark.
_CJK_RUN = r"[\u3005\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"  # noqa: E501
_UNIT_RUN = re.compile(rf"{_CJK_RUN}|[a-z0-9]+")
_HIRAGANA = re.compile(r"[\u3041-\u3096]+")


def normalise(text: str) -> str:
    """Width, case, quote style and spacing made uniform, for comparing names."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return " ".join(text.split())


def units(text: str) -> set[str]:
    """What a phrase is made of: English content words (their first five letters) and
    Japanese character pairs (pairs of two hiragana left out)."""
    found: set[str] = set()
    for run in _UNIT_RUN.findall(normalise(text)):
        if run[0].isascii():
            if run not in _STOPWORDS:
                found.add(run[:5])
            continue
        pairs = {run[i : i + 2] for i in range(len(run) - 1)} or {run}
        found |= {pair for pair in pairs if not _HIRAGANA.fullmatch(pair)}
    return found


def coverage(phrase: str, proposal: ProposedCommitment) -> float:
    """Share of the phrase's units found in the proposal's text or title."""
    wanted = units(phrase)
    if not wanted:
        return 0.0
    return len(wanted & units(f"{proposal.text} {proposal.title}")) / len(wanted)


def top_paragraph(number: str) -> str:
    """ "3(1)" -> "3", "2-1" -> "2", "12" -> "12"."""
    match = re.match(r"\d+", number.strip())
    return match[0] if match else number.strip()


class Expected(NamedTuple):
    """A labelled commitment, as far as matching needs it."""

    paragraph: str
    kind: str
    wording: str


def match(
    proposals: Sequence[ProposedCommitment], expected: Sequence[Expected]
) -> list[tuple[Expected, ProposedCommitment | None]]:
    """Pair each expected commitment with a proposal (or None), matching as many as possible.

    Candidates share the top-level paragraph and cover at least THRESHOLD of the wording; among
    pairings with the most matches, each commitment tries its best-covering proposal first.
    """
    candidates: list[list[int]] = []
    for item in expected:
        scored = []
        for index, proposal in enumerate(proposals):
            if top_paragraph(proposal.paragraph) != top_paragraph(item.paragraph):
                continue
            score = coverage(item.wording, proposal)
            if score >= THRESHOLD:
                # Ties on the whole excerpt (one sentence, two commitments) go to the better title.
                title = coverage(item.wording, dataclasses.replace(proposal, text=""))
                exact = proposal.paragraph == item.paragraph
                scored.append((-score, -title, not exact, index))
        candidates.append([index for *_, index in sorted(scored)])

    owner: dict[int, int] = {}  # proposal index -> expected index

    def augment(item: int, seen: set[int]) -> bool:
        for index in candidates[item]:
            if index in seen:
                continue
            seen.add(index)
            if index not in owner or augment(owner[index], seen):
                owner[index] = item
                return True
        return False

    for item in range(len(expected)):
        augment(item, set())
    chosen = {item: index for index, item in owner.items()}
    return [
        (item, proposals[chosen[i]] if i in chosen else None) for i, item in enumerate(expected)
    ]


def evaluate(
    readouts_with_expected: Iterable[tuple[Sequence[ProposedCommitment], Sequence[Expected]]],
) -> tuple[float, float]:
    """(precision, recall) over several readouts' proposals and expected commitments."""
    proposed = expected_total = matched = 0
    for proposals, expected in readouts_with_expected:
        pairs = match(proposals, expected)
        proposed += len(proposals)
        expected_total += len(expected)
        matched += sum(1 for _, proposal in pairs if proposal is not None)
    precision = matched / proposed if proposed else 1.0
    recall = matched / expected_total if expected_total else 1.0
    return precision, recall


# --- The development set -------------------------------------------------------------------


@dataclass
class Labelled:
    """One readout of the development set and what an analyst recorded from it."""

    stem: str
    text: str
    publisher: str
    language: str
    source_url: str
    meeting: dict
    commitments: list[dict]


def load(folder: Path = DEV_SET) -> list[Labelled]:
    """Every ``<stem>.json`` in the folder with its ``<stem>.txt``, in name order."""
    readouts = []
    for path in sorted(Path(folder).glob("*.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        readouts.append(
            Labelled(
                stem=path.stem,
                text=path.with_suffix(".txt").read_text(encoding="utf-8"),
                publisher=labels["publisher"],
                language=labels["language"],
                source_url=labels.get("source_url", ""),
                meeting=labels["meeting"],
                commitments=labels["commitments"],
            )
        )
    return readouts


def meeting_values(meeting: dict) -> dict[str, object]:
    """The five scored fields of a meeting (a label's or a parse's ``as_dict()``), comparable."""
    return {
        "held_on": meeting.get("held_on") or None,
        "start_time": meeting.get("start_time") or None,
        "duration_minutes": meeting.get("duration_minutes"),
        "people": frozenset(normalise(a["name"]) for a in meeting.get("attendance", [])),
        "mechanism": normalise(meeting.get("mechanism") or ""),
    }


@dataclass
class Score:
    """Counts for one readout or a group of them."""

    readouts: int = 0
    fields_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEETING_FIELDS, 0))
    all_right: int = 0
    labelled: int = 0
    proposed: int = 0
    matched: int = 0
    kind_right: int = 0
    asked_by_right: int = 0
    must_act_right: int = 0
    paragraph_right: int = 0

    def add(self, other: Score) -> None:
        self.readouts += other.readouts
        for name in MEETING_FIELDS:
            self.fields_right[name] += other.fields_right[name]
        for name in (
            "all_right",
            "labelled",
            "proposed",
            "matched",
            "kind_right",
            "asked_by_right",
            "must_act_right",
            "paragraph_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def share(self, name: str) -> float:
        return self.fields_right[name] / self.readouts if self.readouts else 1.0

    @property
    def fields(self) -> float:
        total = self.readouts * len(MEETING_FIELDS)
        return sum(self.fields_right.values()) / total if total else 1.0

    @property
    def all_fields(self) -> float:
        return self.all_right / self.readouts if self.readouts else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    def among_matched(self, count: int) -> float:
        return count / self.matched if self.matched else 1.0


@dataclass
class ReadoutResult:
    labelled: Labelled
    parsed: ParsedReadout | None
    error: str
    score: Score
    wrong_fields: dict[str, tuple[object, object]]  # name -> (labelled, read)
    missed: list[dict]
    extra: list[ProposedCommitment]
    mismatched: list[tuple[dict, ProposedCommitment]]  # matched, but kind or parties differ


def score_readout(labelled: Labelled) -> ReadoutResult:
    """Parse one readout and compare it with its labels."""
    try:
        parsed: ParsedReadout | None = parse_readout(labelled.text, source_url=labelled.source_url)
        error = ""
    except ReadoutError as exc:
        parsed, error = None, str(exc)
    score = Score(readouts=1)
    wanted = meeting_values(labelled.meeting)
    got = meeting_values(parsed.as_dict()["meeting"]) if parsed else {}
    wrong = {}
    for name in MEETING_FIELDS:
        if parsed is not None and got[name] == wanted[name]:
            score.fields_right[name] = 1
        else:
            wrong[name] = (wanted[name], got.get(name))
    score.all_right = int(not wrong)

    proposals = parsed.commitments if parsed else []
    expected = [Expected(c["paragraph"], c["kind"], c["phrase"]) for c in labelled.commitments]
    pairs = match(proposals, expected)
    score.labelled, score.proposed = len(expected), len(proposals)
    missed, mismatched, used = [], [], set()
    for label, (_, proposal) in zip(labelled.commitments, pairs, strict=True):
        if proposal is None:
            missed.append(label)
            continue
        used.add(id(proposal))
        score.matched += 1
        checks = (
            proposal.kind == label["kind"],
            (proposal.requested_by or "") == (label.get("requested_by") or ""),
            set(proposal.responsible) == set(label.get("responsible") or []),
            proposal.paragraph == label["paragraph"],
        )
        score.kind_right += checks[0]
        score.asked_by_right += checks[1]
        score.must_act_right += checks[2]
        score.paragraph_right += checks[3]
        if not all(checks[:3]):
            mismatched.append((label, proposal))
    extra = [p for p in proposals if id(p) not in used]
    return ReadoutResult(labelled, parsed, error, score, wrong, missed, extra, mismatched)


@dataclass
class Report:
    results: list[ReadoutResult]
    groups: dict[str, Score]  # "publisher JP", "language ja", "all"


def run(folder: Path = DEV_SET) -> Report:
    results = [score_readout(labelled) for labelled in load(folder)]
    groups: dict[str, Score] = {}
    for result in sorted(results, key=lambda r: (r.labelled.publisher, r.labelled.language)):
        for key in (
            f"publisher {result.labelled.publisher}",
            f"language {result.labelled.language}",
            "all",
        ):
            groups.setdefault(key, Score()).add(result.score)
    ordered = {
        k: groups[k] for k in sorted(groups, key=lambda k: (k == "all", k.startswith("lang"), k))
    }
    return Report(results, ordered)


# --- Printing ------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{value * 100:5.1f}"


def table(report: Report) -> str:
    """The two tables (meeting fields, commitments) as Markdown, shares in per cent."""
    lines = [
        "Meeting fields right (%)",
        "",
        "| group | readouts | date | start | duration | people | mechanism | fields | all five |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, s in report.groups.items():
        lines.append(
            f"| {key} | {s.readouts} | {_pct(s.share('held_on'))} | {_pct(s.share('start_time'))} "
            f"| {_pct(s.share('duration_minutes'))} | {_pct(s.share('people'))} "
            f"| {_pct(s.share('mechanism'))} | {_pct(s.fields)} | {_pct(s.all_fields)} |"
        )
    lines += [
        "",
        "Commitments (precision and recall in %; kind, asked by, must act and paragraph in % of "
        "matched)",
        "",
        "| group | labelled | proposed | matched | precision | recall | kind | asked by "
        "| must act | paragraph |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, s in report.groups.items():
        lines.append(
            f"| {key} | {s.labelled} | {s.proposed} | {s.matched} | {_pct(s.precision)} "
            f"| {_pct(s.recall)} | {_pct(s.among_matched(s.kind_right))} "
            f"| {_pct(s.among_matched(s.asked_by_right))} "
            f"| {_pct(s.among_matched(s.must_act_right))} "
            f"| {_pct(s.among_matched(s.paragraph_right))} |"
        )
    return "\n".join(lines)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def details(report: Report) -> str:
    """Per readout: the fields read wrong, the commitments missed, the proposals not labelled,
    and matched ones whose kind or parties differ."""
    lines = []
    for result in report.results:
        s = result.score
        lines.append(
            f"## {result.labelled.stem}: fields {sum(s.fields_right.values())}/5, "
            f"matched {s.matched}/{s.labelled}, proposed {s.proposed}"
        )
        if result.error:
            lines.append(f"   refused: {result.error}")
        for name, (wanted, got) in result.wrong_fields.items():
            if isinstance(wanted, frozenset):
                wanted, got = sorted(wanted), sorted(got or [])
            lines.append(f"   {name}: labelled {wanted!r}, read {got!r}")
        for label in result.missed:
            lines.append(
                f"   missed  ¶{label['paragraph']} {label['kind']}: {_short(label['phrase'])}"
            )
        for proposal in result.extra:
            lines.append(
                f"   extra   ¶{proposal.paragraph} {proposal.kind}: {_short(proposal.text)}"
            )
        for label, proposal in result.mismatched:
            lines.append(
                f"   differs ¶{label['paragraph']} labelled {label['kind']} "
                f"{label.get('requested_by') or '-'}>{','.join(label.get('responsible') or [])}, "
                f"read {proposal.kind} {proposal.requested_by or '-'}>"
                f"{','.join(proposal.responsible)}: {_short(label['phrase'], 60)}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m meetings.importing.evaluation",
        description="Score the readout parser against a labelled development set.",
    )
    parser.add_argument("folder", nargs="?", type=Path, default=DEV_SET)
    parser.add_argument(
        "--details", action="store_true", help="Also list, per readout, what was read wrong."
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir() or not any(args.folder.glob("*.json")):
        print(f"No labelled readouts (*.json) in {args.folder}.", file=sys.stderr)
        return 2
    report = run(args.folder)
    if args.details:
        print(details(report), file=out)
        print(file=out)
    print(table(report), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
