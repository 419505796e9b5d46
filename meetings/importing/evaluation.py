"""Precision and recall of proposed commitments against what an analyst recorded.

A proposal matches an expected commitment when it is in the same paragraph, has the same kind,
and shares enough of its wording: at least half of the expected phrase's content words appear
in the proposal's title or text. Each proposal matches at most one expected commitment.
"""

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from meetings.importing.parser import ProposedCommitment

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


class Expected(NamedTuple):
    paragraph: str
    kind: str
    wording: str


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {word[:5] for word in words if word not in _STOPWORDS}


def overlap(expected_wording: str, proposal: ProposedCommitment) -> float:
    """Share of the expected phrase's content words found in the proposal's title or text."""
    wanted = _stems(expected_wording)
    if not wanted:
        return 0.0
    return len(wanted & _stems(f"{proposal.title} {proposal.text}")) / len(wanted)


def match(
    proposals: Sequence[ProposedCommitment], expected: Sequence[Expected], threshold: float = 0.5
) -> list[tuple[Expected, ProposedCommitment | None]]:
    """Pair each expected commitment with its best unused proposal, or None."""
    used: set[int] = set()
    pairs: list[tuple[Expected, ProposedCommitment | None]] = []
    for item in expected:
        best, best_score = None, (threshold, 0.0)
        for index, proposal in enumerate(proposals):
            if index in used or proposal.paragraph != item.paragraph or proposal.kind != item.kind:
                continue
            # Ties on the whole excerpt (one sentence, two commitments) go to the better title.
            title_only = dataclasses.replace(proposal, text="")
            score = (overlap(item.wording, proposal), overlap(item.wording, title_only))
            if score >= best_score:
                best, best_score = index, score
        if best is not None:
            used.add(best)
        pairs.append((item, proposals[best] if best is not None else None))
    return pairs


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
