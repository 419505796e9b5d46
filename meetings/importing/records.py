"""What reading a readout produces: a proposed meeting, its paragraphs and commitments.

Shared by the English reader (:mod:`meetings.importing.parser`) and the Japanese one
(:mod:`meetings.importing.japanese`); nothing here reads text.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import unicodedata
from dataclasses import dataclass

MEETING_KINDS = (
    "summit",
    "foreign_ministers",
    "vice_ministerial",
    "working_level",
    "dialogue_session",
    "telephone",
    "video_conference",
    "multilateral",
)
COMMITMENT_KINDS = ("joint", "request", "pledge")
LEAD_PARAGRAPH = "0"


class ReadoutError(ValueError):
    """The text cannot be read as a readout; the message says what is missing."""


@dataclass
class Attendee:
    name: str
    title: str
    party: str


@dataclass
class Paragraph:
    number: str
    text: str


@dataclass
class MeetingReference:
    title: str
    held_on: datetime.date | None
    text: str


@dataclass
class ProposedMeeting:
    title: str
    kind: str
    held_on: datetime.date | None  # None when the readout prints no date (a warning says so)
    start_time: datetime.time | None
    duration_minutes: int | None
    place: str
    occasion: str
    parties: list[str]
    attendance: list[Attendee]
    mechanism: str


@dataclass
class ProposedCommitment:
    paragraph: str
    kind: str
    title: str
    text: str
    requested_by: str
    responsible: list[str]
    continuing: bool
    target: str
    mechanism: str


@dataclass
class ParsedReadout:
    meeting: ProposedMeeting
    paragraphs: list[Paragraph]
    commitments: list[ProposedCommitment]
    references: list[MeetingReference]
    warnings: list[str]
    text_hash: str
    lead: str = ""  # the paragraph that says who met whom, when and where ("" if none)
    publisher: str = ""  # whose account it is: the code of the party whose side speaks
    language: str = "en"  # "en" or "ja"

    def as_dict(self) -> dict:
        """JSON-ready: dates as ISO strings, times as "HH:MM"."""
        return _jsonable(dataclasses.asdict(self))


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def text_hash(text: str) -> str:
    """sha256 of the text with whitespace collapsed, so a re-import of the same page matches."""
    normal = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return hashlib.sha256(" ".join(normal.split()).encode("utf-8")).hexdigest()
