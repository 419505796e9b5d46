"""A rule-based reader for published meeting readouts.

``parse_readout(text)`` turns the plain text of a readout ("On November 25, commencing at
5:30 p.m. ... held a meeting with ...") into a proposed meeting record and proposed
commitments, for a person to review before anything is saved. It uses no network and no
model: the phrase tables in :mod:`meetings.importing.vocabulary`, sentence and clause
splitting, and a few rules about who is speaking.

Every commitment's ``text`` is an exact substring of its paragraph's ``text``, and a
paragraph's text is the source with line breaks inside the paragraph joined by one space, so
the excerpt can always be found in the readout.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from dataclasses import dataclass, field

from meetings.importing import japanese
from meetings.importing import vocabulary as vocab
from meetings.importing.records import (
    COMMITMENT_KINDS,
    LEAD_PARAGRAPH,
    MEETING_KINDS,
    Attendee,
    MeetingReference,
    Paragraph,
    ParsedReadout,
    ProposedCommitment,
    ProposedMeeting,
    ReadoutError,
    text_hash,
)

__all__ = [
    "COMMITMENT_KINDS",
    "LEAD_PARAGRAPH",
    "MEETING_KINDS",
    "Attendee",
    "MeetingReference",
    "Paragraph",
    "ParsedReadout",
    "ProposedCommitment",
    "ProposedMeeting",
    "ReadoutError",
    "decode_readout",
    "parse_readout",
    "text_hash",
]


# --- Input --------------------------------------------------------------------------------


def decode_readout(data: bytes) -> str:
    """Decode an uploaded readout file: UTF-8, with or without a byte-order mark."""
    if b"\x00" in data:
        raise ReadoutError("The file contains NUL bytes, so it is a binary file, not readout text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadoutError(
            f"The file is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start} cannot be decoded); save it as UTF-8 and try again."
        ) from None


def _plain(text: str) -> str:
    """Typographic quotes to ASCII and whitespace collapsed, for names and titles."""
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return " ".join(text.split())


# --- Dates, times, durations --------------------------------------------------------------

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"  # noqa: E501
_DATE_RE = re.compile(
    rf"\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?\b"
)


@dataclass
class _Date:
    month: int
    day: int
    year: int | None
    start: int
    end: int

    def on(self, year: int) -> datetime.date | None:
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:
            return None


_NUMERIC_DATE = re.compile(
    r"(?<![\d/-])(?:(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})|(?P<m2>\d{1,2})/(?P<d2>\d{1,2})/(?P<y2>\d{4}))"
    r"(?![\d/-])"
)


def _dates(text: str) -> list[_Date]:
    """Dates printed in words ("November 25, 2023", "25 November") or in figures on a page's
    date line ("2020-02-15", "08/05/2021", month first as the State Department prints it)."""
    found = []
    for match in _NUMERIC_DATE.finditer(text):
        year, month, day = (
            (match["y"], match["m"], match["d"])
            if match["y"]
            else (match["y2"], match["m2"], match["d2"])
        )
        date = _Date(int(month), int(day), int(year), match.start(), match.end())
        if 1 <= date.month <= 12 and date.on(date.year) is not None:
            found.append(date)
    for match in _DATE_RE.finditer(text):
        month = vocab.MONTHS[(match["m1"] or match["m2"]).rstrip(".").lower()]
        day = int(match["d1"] or match["d2"])
        year = match["y1"] or match["y2"]
        date = _Date(month, day, int(year) if year else None, match.start(), match.end())
        if date.on(date.year or 2000) is not None:
            found.append(date)
    return sorted(found, key=lambda d: d.start)


def _latest_not_after(date: _Date, limit: datetime.date) -> datetime.date | None:
    """The year-less date read as the latest such day not after ``limit``."""
    for year in (limit.year, limit.year - 1):
        day = date.on(year)
        if day is not None and day <= limit:
            return day
    return date.on(limit.year - 1)


_TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    r"|(?<![\d:])(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])(?!\s*[ap]\.?\s?m\b)"
    r"|\b(?P<noon>noon|midday)\b",
    re.I,
)
_LOCAL_AFTER = re.compile(r"^[\s,(]*local\s+time", re.I)
_HOME_AFTER = re.compile(r"^[\s,(]*(?:japan|tokyo|home)\s+time", re.I)


def _start_time(text: str) -> datetime.time | None:
    """The meeting's local start time: a time marked local wins over one marked Japan time."""
    candidates = []
    for match in _TIME_RE.finditer(text):
        if match["noon"]:
            value = datetime.time(12, 0)
        elif match["h24"]:
            value = datetime.time(int(match["h24"]), int(match["m24"]))
        else:
            hour, minute = int(match["h"]), int(match["m"] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                continue
            hour = hour % 12 + (12 if match["ap"].lower() == "p" else 0)
            value = datetime.time(hour, minute)
        after = text[match.end() : match.end() + 30]
        rank = 0 if _LOCAL_AFTER.match(after) else 2 if _HOME_AFTER.match(after) else 1
        candidates.append((rank, match.start(), value))
    return min(candidates)[2] if candidates else None


_NUM = r"\d+(?:\.\d+)?|{}".format("|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True)))
_DURATION_RE = re.compile(
    rf"\b(?:(?P<h>{_NUM})\s+and\s+a\s+half\s+hours?"
    rf"|(?P<h2>{_NUM})\s+hours?(?:\s+and\s+(?:(?P<half>a\s+half)|(?P<m>{_NUM})\s+minutes?))?"
    rf"|(?P<m2>{_NUM})\s+minutes?)\b",
    re.I,
)


def _number(word: str) -> float:
    word = word.lower()
    return float(vocab.NUMBER_WORDS[word]) if word in vocab.NUMBER_WORDS else float(word)


_TIME_RANGE = re.compile(
    r"(?<![\d:])(?P<h1>[01]?\d|2[0-3]):(?P<m1>[0-5]\d)\s*[-–~]\s*(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)"
)
_MEAL_BEFORE = re.compile(
    r"\b(?:lunch|luncheon|dinner|breakfast|banquet|reception)\s*\(?\s*(?:for\s+)?"
    r"(?:approximately|about|around|some|nearly)?\s*$",
    re.I,
)


def _duration(text: str) -> int | None:
    """The meeting's own duration: "for approximately 1 hour and 10 minutes", "11:00-12:50";
    not a meal's ("a working lunch (approximately 1 hour)")."""
    span = _TIME_RANGE.search(text)
    if span:
        start = int(span["h1"]) * 60 + int(span["m1"])
        end = int(span["h2"]) * 60 + int(span["m2"])
        if end > start:
            return end - start
    match = next(
        (
            m
            for m in _DURATION_RE.finditer(text)
            if not _MEAL_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        ),
        None,
    )
    if not match:
        return None
    if match["h"]:
        return round(_number(match["h"]) * 60 + 30)
    if match["h2"]:
        minutes = _number(match["h2"]) * 60
        if match["half"]:
            minutes += 30
        elif match["m"]:
            minutes += _number(match["m"])
        return round(minutes)
    return round(_number(match["m2"]))


# --- Lines and paragraphs -----------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"(?:{})".format("|".join(vocab.BOILERPLATE_LINES)) + r"|(?:[\w.’'-]+-[\w.’'-]+\s+)+relations",
    re.I,
)
_PHOTO_PREFIX = re.compile(r"^\s*(?:\(\s*photos?\s*\)|\[\s*photos?\s*\]|photos?\s*:)\s*", re.I)
_TERMINAL = re.compile(r"[.!?。][\"”’')\]]*\s*$")
_NUM_ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<label>\d{1,2})(?:[.)]\s*|\s+(?=[A-Z(\"“]))(?P<rest>\S.*)$"
)
_SUB_ITEM = re.compile(
    r"^(?P<indent>\s*)(?:\((?P<l1>\d{1,2}|[a-z]|[ivx]{1,4})\)|(?P<l2>[a-z]|[ivx]{1,4})[.)])"
    r"\s*(?P<rest>\S.*)$"
)
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-•・*–—○●◦▪‣°]|[oO](?=\s))\s+(?P<rest>\S.*)$")
_MEETING_SIGNAL = re.compile(
    r"\b(?:held\s+(?:a|an|the|talks)\b|met\s+(?:\w+\s+)?with|"
    r"spoke\s+(?:\w+\s+)?(?:with|over|on|by)\b|(?:telephone|video|phone)\s+(?:talk|call|conference|meeting)|"
    r"paid\s+a\s+(?:courtesy\s+)?call|"
    r"had\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:meeting|talk|call|conversation|exchange|dialogue)|"
    r"attended\s+the|co-chaired|took\s+part\s+in|participated\s+in|received\s+a\s+courtesy|"
    r"talks?\s+with|videoconference\s+with|meeting\s+with|hosted\s+(?=[A-Z])|"
    r"(?:have|has)\s+(?:today\s+)?signed)\b",
    re.I,
)
# Without such a sentence a text is still read when it is a joint statement or declaration
# between parties ("We, the Prime Ministers of Australia and Japan, hereby reaffirm ...").
_STATEMENT_SIGNAL = re.compile(
    r"\b(?:Joint\s+(?:Statement|Declaration|Press\s+Statement|Communiqu[eé])|Declaration|"
    r"Statement|We\b|Ministers?\b|Secretar(?:y|ies)\b|Prime\s+Minister|President)",
)
_TITLE_WORDS = re.compile(
    r"\b(?:Meeting|Meetings|Talk|Talks|Summit|Dialogue|Conference|Consultations?|Call|Visit|"
    r"Session|Forum|Videoconference|Telephone|Declaration|Statement|Communiqu[eé]|Phone)\b"
)


@dataclass
class _Block:
    kind: str  # "num", "sub", "bullet", "text"
    label: str
    indent: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)


def _is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.fullmatch(line.strip()))


def _is_heading_text(text: str, max_words: int = 10) -> bool:
    text = text.strip().rstrip(":").strip()
    words = text.split()
    return (
        0 < len(words) <= max_words
        and text[0].isupper()
        and not _TERMINAL.search(text)
        and not re.search(r"[,;(\-–]$|\b(?:the|of|and|or|to|in|on|a|an|with|for|by|at)$", text)
        and not re.search(r"\b(?:held|met|agreed|stated|called|said|will|would)\b", text)
    )


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    blank = True
    for raw in lines:
        if not raw.strip():
            blank = True
            continue
        for kind, pattern in (("num", _NUM_ITEM), ("sub", _SUB_ITEM), ("bullet", _BULLET)):
            match = pattern.match(raw)
            if match:
                label = match.groupdict().get("label") or match.groupdict().get("l1")
                label = label or match.groupdict().get("l2") or ""
                indent = len(match["indent"].expandtabs(4))
                rest = match["rest"]
                inner = _SUB_ITEM.match(rest) if kind == "bullet" else None
                if inner and inner["l1"] and inner["l1"].isdigit():
                    # "- (1) The two ministers ...": a sub-item printed after a bullet mark.
                    kind, label, rest = "sub", inner["l1"], inner["rest"]
                blocks.append(_Block(kind, label, indent, [rest]))
                break
        else:
            last = blocks[-1] if blocks else None
            after_heading = (
                last is not None
                and len(last.lines) == 1
                and len(last.lines[0]) < 60
                and _is_heading_text(last.lines[0])
            )
            if last and not blank and not after_heading and not _TERMINAL.search(last.lines[-1]):
                last.lines.append(raw)
            else:
                indent = len(raw) - len(raw.lstrip())
                blocks.append(_Block("text", "", indent, [raw]))
        blank = False
    return blocks


@dataclass
class _Node:
    block: _Block
    heading: bool = False
    children: list[_Node] = field(default_factory=list)


def _number_blocks(blocks: list[_Block], lead: str | None) -> list[Paragraph]:
    """Number the lead and every body block: "2", "2(1)", "2-1", or a running count.

    Numbered items keep their number; "(1)"/"(a)" sub-items become "2(1)", "2(1)(a)"; bullets
    and paragraphs under an item or heading become "2-1", "2-2" (just "2" when a heading has
    one). Without item numbers or headings the text paragraphs are counted, the lead being 1
    ("1", "2", ...); otherwise the lead is "0".
    """
    numbered = any(b.kind == "num" for b in blocks)
    roots: list[_Node] = []
    top: _Node | None = None
    stack: list[_Node] = []  # open sub-items and bullets under ``top``
    borrowed = False  # ``top`` is an unnumbered paragraph holding "(1)" sub-items
    for index, block in enumerate(blocks):
        heading = (
            block.kind in ("num", "text")
            and len(block.lines) == 1
            and index + 1 < len(blocks)
            and _is_heading_text(block.text)
        )
        if block.kind == "text" and heading and not numbered:
            continue  # an unnumbered heading is not a counted paragraph
        if (
            block.kind == "num"
            and stack
            and stack[-1].block.kind == "sub"
            and block.indent > (top.block.indent if top else 0)
        ):
            # "(1) The overview of X's remarks is as follows." and its own "  1." list
            target = stack[-1]
            target.block = dataclasses.replace(
                target.block, lines=[*target.block.lines, block.text]
            )
            continue
        node = _Node(block, heading and block.kind == "num")
        if block.kind == "num":
            roots.append(node)
            top, stack = node, []
            continue
        if block.kind == "sub" and (top is None or borrowed) and roots:
            # "(1)" under an unnumbered paragraph or bullet: that paragraph's sub-item.
            top, stack, borrowed = roots[-1], [], True
        elif borrowed and block.kind != "sub":
            top, stack, borrowed = None, [], False
        if block.kind == "text":
            if top is not None and not top.heading:
                target = stack[-1] if stack else top
                target.block = _Block(
                    target.block.kind,
                    target.block.label,
                    target.block.indent,
                    [*target.block.lines, block.text],
                )
            elif top is not None:
                top.children.append(node)
                stack = []
            else:
                roots.append(node)
            continue
        while stack and not _nests_under(block, stack[-1].block):
            stack.pop()
        parent = stack[-1] if stack else top
        (parent.children if parent else roots).append(node)
        stack.append(node)

    paragraphs: list[Paragraph] = []
    loose = 0

    def emit(node: _Node, number: str) -> None:
        if not node.heading:
            paragraphs.append(Paragraph(number, node.block.text))
        plain = [c for c in node.children if c.block.kind != "sub"]
        count = 0
        for child in node.children:
            if child.block.kind == "sub":
                emit(child, f"{number}({child.block.label})")
            elif node.heading and len(plain) == 1:
                emit(child, number)
            else:
                count += 1
                emit(child, f"{number}-{count}")

    counted = not numbered
    if lead is None:  # the lead is item 1 among the blocks
        pass
    elif counted:
        paragraphs.append(Paragraph("1", lead))
        loose = 1
    else:
        paragraphs.append(Paragraph(LEAD_PARAGRAPH, lead))
    for root in roots:
        if root.block.kind == "num" or root.block.kind == "sub":
            emit(root, root.block.label)
        else:
            loose += 1
            emit(root, str(loose))
    return paragraphs


def _nests_under(block: _Block, parent: _Block) -> bool:
    """Whether a sub-item or bullet belongs under an open sub-item or bullet."""
    if block.kind == "bullet":
        return parent.kind == "sub" or block.indent > parent.indent
    if parent.kind != "sub":
        return False
    return block.label.isdigit() != parent.label.isdigit() and block.indent >= parent.indent


# --- Sentences and clauses ----------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "mr.",
        "ms.",
        "mrs.",
        "dr.",
        "prof.",
        "st.",
        "no.",
        "nos.",
        "jr.",
        "sr.",
        "hon.",
        "rt.",
        "gen.",
        "lt.",
        "col.",
        "amb.",
        "sen.",
        "rep.",
        "gov.",
        "vs.",
        "approx.",
        "fig.",
        "co.",
        "inc.",
        "ltd.",
        "corp.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
        "a.m.",
        "p.m.",
        "e.g.",
        "i.e.",
        "h.e.",
        "u.s.",
        "u.k.",
        "u.n.",
        "d.c.",
    ]
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"[.!?][\"”’')\]]*(\s+)(?=[\"“(]?[A-Z0-9])", text):
        if text.count("(", start, match.start()) > text.count(")", start, match.start()):
            continue  # "(local time. 2:43 a.m. on July 30, Japan time.)" is inside one sentence
        word = re.search(r"(\S+)$", text[: match.start() + 1])
        token = word[1].lstrip('("“').lower() if word else ""
        token = re.split(r"[-/]", token)[-1]
        if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", token):
            continue
        spans.append((start, match.start(1)))
        start = match.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_SPLIT_VERBS = (
    r"concurred|agreed|shared|decided|confirmed|affirmed|reaffirmed|called|urged|requested|"
    r"asked|expressed|stated|said|noted|welcomed|exchanged|invited|praised|explained|"
    r"emphasized|emphasised|stressed|reiterated|conveyed|proposed|pledged|committed|condemned|"
    r"discussed|highlighted|underscored|mentioned|responded|replied|added|touched|raised|"
    r"briefed|introduced|appreciated|thanked|extended|offered|announced|sought|demanded|"
    r"pressed|appealed|resolved|vowed|spoke|held|met|recognized|recognised|accepted|"
    r"supported|indicated|reviewed|looked|received|gave|made|took|visited|signed|issued"
)
_SUBJECT_START = (
    rf"(?:the\s+two|both|the\s+\w+\s+side|(?:{vocab.PERSON_TITLES})\s+[A-Z][\w'’-]*|she|he|they|"
    r"it\s+was|the\s+(?:leaders|ministers|sides|delegations))"
)
_CLAUSE_SPLIT = re.compile(
    rf"(?:,\s*|\s+)(?:and|but|while|whereas)\s*,?\s+(?="
    rf"(?:(?:also|then|further|again|once\s+again|in\s+addition|\w+ly),?\s+)*(?:{_SPLIT_VERBS})\b"
    rf"|{_SUBJECT_START}(?:\s+[\w'’.-]+){{0,3}}?\s+(?:(?:also|then|\w+ly)\s+)?"
    rf"(?:{_SPLIT_VERBS}|will|would)\b)"
    r"|,?\s+and\s+(?=that\s)"
    r"|,\s+and\s+(?=to\s+[a-z]+\s)"
    # "he would convey X, would work with Y, and would do Z"
    r"|,\s+(?:and\s+)?(?=(?:would|will)\s+(?:\w+ly\s+)?[a-z]+\s)"
    r"|\s+and\s+(?=(?:would|will)\s+(?:\w+ly\s+|once\s+again\s+)?[a-z]+\s)"
    r"|;\s*",
    re.I,
)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _CLAUSE_SPLIT.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --- Who is speaking ----------------------------------------------------------------------

_PLURAL = re.compile(vocab.PLURAL_SUBJECTS, re.I)
_PERSON = re.compile(rf"\b(?:{vocab.PERSON_TITLES})\s+(?P<name>[A-Z][\w'’-]+)")
_PRONOUN = re.compile(r"\b(?:she|he|She|He)\b")
_SIDE = re.compile(
    rf"\bthe\s+(?:(?:Government|Governments)\s+of\s+(?:the\s+)?)?(?P<party>{vocab.PARTY_NAMES_RE})"
    r"(?:\s+(?:side|government|delegation|Government))?\b(?!['’]s)"
)
_OBJECT_BEFORE = re.compile(
    r"(?:\b(?:with|to|for|of|by|from|toward|towards|between|against|on|regarding|about|"
    r"praised|thanked|invited|and)\s+)$",
    re.I,
)


@dataclass
class _Subject:
    plural: bool
    party: str | None
    start: int


@dataclass
class _Context:
    home: str  # whose account this is: the party of the one who met ("Wang Yi met with ...")
    parties: list[str]
    people: dict[str, str]  # lower-case name token -> party
    last_single: str | None = None

    @functools.cached_property
    def names(self) -> re.Pattern | None:
        """The attendees' names as a body sentence's subject: "Wang Yi said,", "Wang noted"."""
        tokens = sorted((t for t in self.people if len(t) >= 3), key=len, reverse=True)
        if not tokens:
            return None
        alternatives = "|".join(re.escape(t) for t in tokens)
        return re.compile(
            rf"\b(?P<name>(?i:{alternatives}))(?:\s+[A-Z][\w-]*)?\b(?=,|\s*$|\s+(?:also\s+)?[a-z])"
        )


def _subjects(text: str, ctx: _Context) -> list[_Subject]:
    found: list[_Subject] = []

    def usable(start: int, end: int) -> bool:
        if _OBJECT_BEFORE.search(text[:start]):
            return False
        return not re.match(r"['’]s?\b", text[end : end + 2])

    for match in _PLURAL.finditer(text):
        if usable(match.start(), match.end()) and not re.match(
            r"\s+(?:of|in)\b", text[match.end() :]
        ):
            found.append(_Subject(True, None, match.start()))
    for match in _PERSON.finditer(text):
        if usable(match.start(), match.end()):
            party = ctx.people.get(match["name"].lower())
            if party is None and match["name"].upper() == match["name"]:
                party = ctx.people.get(match["name"].lower())
            found.append(_Subject(False, party, match.start()))
    for match in _PRONOUN.finditer(text):
        if usable(match.start(), match.end()):
            found.append(_Subject(False, ctx.last_single, match.start()))
    for match in _SIDE.finditer(text):
        if usable(match.start(), match.end()) and re.search(
            r"(?:side|government|delegation|Government)$", match[0]
        ):
            found.append(_Subject(False, vocab.party_code(match["party"]), match.start()))
    names = ctx.names
    if names is not None:
        for match in names.finditer(text):
            if match["name"][0].isupper() and usable(match.start(), match.end()):
                found.append(_Subject(False, ctx.people.get(match["name"].lower()), match.start()))
    for match in _PAIR.finditer(text):
        if usable(match.start(), match.end()):
            found.append(_Subject(True, None, match.start()))
    head = re.match(
        rf"^\s*(?:[^,]{{0,80}},\s*)?(?:the\s+)?(?:Government\s+of\s+(?:the\s+)?)?"
        rf"(?P<party>{vocab.PARTY_NAMES_RE})(?![\w'’])(?=\s+[a-z])",
        text,
    )
    if head and not _OBJECT_BEFORE.search(text[: head.start("party")]):
        found.append(_Subject(False, vocab.party_code(head["party"]), head.start("party")))
    return sorted(found, key=lambda s: s.start)


# --- Triggers -----------------------------------------------------------------------------

_JOINT = re.compile(r"\b(?P<t>{})\b".format("|".join(vocab.JOINT_TRIGGERS)), re.I)
_REQUEST = re.compile(r"\b(?P<t>{})\b".format("|".join(vocab.REQUEST_TRIGGERS)), re.I)
_DESIRE = re.compile("|".join(f"(?:{p})" for p in vocab.DESIRE_TRIGGERS), re.I)
_ACCEPT = re.compile("|".join(f"(?:{p})" for p in vocab.ACCEPTANCE), re.I)
_MODAL_SUBJECT = (
    rf"(?P<subj>(?:[Tt]he\s+)?(?:Government\s+of\s+(?:the\s+)?)?(?:{vocab.PARTY_NAMES_RE})"
    r"(?:\s+(?:side|government|Government))?|\bshe|\bhe|\bthey|\b[Tt]he\s+two\s+\w+|"
    r"\b[Bb]oth\s+(?:sides|countries)|\bI|\bWe|\bIt)"
)
_ADVERBS = r"(?:(?:also|further|steadily|actively|soon|continue\s+to|always|once\s+again|\w+ly)\s+)"
_PLEDGE = re.compile(
    rf"{_MODAL_SUBJECT}\s+{_ADVERBS}?(?P<modal>(?:will|would|shall)|intends?\s+to|plans?\s+to|"
    r"(?:is|are)\s+(?:ready|prepared|going|willing|committed|determined)\s+to|stands?\s+ready\s+to|"
    r"has\s+decided\s+to|commits?\s+to|continues\s+to)\s+"
    rf"{_ADVERBS}*(?P<verb>[a-z]+)"
)
# "China and Japan should ...", "It is hoped that the two sides will ...", "the need for Japan to
# take ...", "Japan's export-restrictive measures should be promptly withdrawn".
_SHOULD_SUBJECT = (
    r"(?P<subj>(?:[Tt]he\s+)?(?:two|both)\s+(?:sides|countries|governments|nations|peoples)|"
    r"[Bb]oth\s+sides|their\s+(?:[A-Z][\w-]*\s+){1,4}(?:of\s+(?:[A-Z][\w-]*\s+){1,3})?|"
    rf"(?:[Tt]he\s+)?(?:{vocab.PARTY_NAMES_RE})(?:\s+side)?(?:\s+and\s+(?:the\s+)?"
    rf"(?:{vocab.PARTY_NAMES_RE})(?:\s+side)?)?)"
)
_SHOULD_PATTERNS = (
    re.compile(
        rf"(?:{'|'.join(vocab.SHOULD_OPENERS)})\s+{_SHOULD_SUBJECT}\s*(?:will|would|can|to)\s+"
    ),
    re.compile(
        rf"(?<![\w'’]){_SHOULD_SUBJECT}\s+{_ADVERBS}?(?:{vocab.SHOULD_MODALS})\s+(?!be\b|have\b)"
    ),
    re.compile(
        rf"(?P<subj>{vocab.PARTY_NAMES_RE})['’]s\s+(?:[\w-]+\s+){{0,4}}?should\s+be\s+"
        r"(?:\w+ly\s+)?(?=[a-z]+(?:ed|en|wn)\b)"
    ),
    re.compile(r"\b(?P<subj>Let\s+us)\s+"),
    # "the high importance we attach to China's facilitation of ...": what is wanted of China
    re.compile(
        r"\bimportance\s+(?:that\s+)?(?:we|[A-Z][\w.]*)\s+attach(?:es)?\s+to\s+(?:the\s+)?"
        rf"(?P<subj>{vocab.PARTY_NAMES_RE})['’]s\s+"
    ),
)
# "The Secretary stressed the need for full transparency": one side's request of the other.
_NEED = re.compile(
    r"\b(?:stressed|underscored|emphasi[sz]ed|highlighted)\s+the\s+need\s+for\s+(?!\w+\s+to\b)"
)
_PAIR = re.compile(vocab.PAIR_SUBJECT)
# "the Secretary reaffirmed the United States commitment to strengthening ...": a pledge of the
# party named.
_OWN_COMMITMENT = re.compile(
    r"\b(?:stressed|reaffirmed|reiterated|underscored|emphasi[sz]ed|confirmed)\s+(?:the\s+)?"
    rf"(?P<subj>{vocab.PARTY_NAMES_RE})(?:['’]s?)?\s+(?:\w+\s+)?commitment\s+to\s+"
)
# "as agreed at the Summit", "the agreed outcome", "had been decided": references, not acts.
_AS_AGREED = re.compile(
    r"(?:\b(?:as|had|have|has|been|being)\s+(?:(?:previously|already|jointly|mutually)\s+)?"
    r"|\bthe\s+|\bpreviously\s+)$",
    re.I,
)
_ACTIONABLE = re.compile(
    r"^\s*(?:to\s+[a-z]|on\s+|upon\s+|that\s+|the\s+need\s+to|toward|towards|"
    r"(?:(?:their|the|a|its|our)\s+)?(?:shared\s+)?(?:commitment|intention|determination|resolve)"
    r"\s+to\s+|(?:their|the)\s+consensus\s+on\s+\w+ing\b|"
    r"(?:close\s+|further\s+)?(?:coordination|cooperation|communication)\s+"
    r"(?:through|among|between|with)\b|in\s+principle\s+to)",
    re.I,
)
_MODAL = re.compile(r"\b(?:will|would|shall|should|continue\s+to|to\s+continue)\b", re.I)


@dataclass
class _Trigger:
    kind: str  # joint, request, desire, pledge
    start: int
    end: int
    word: str
    want: str = ""


def _complement(text: str) -> str:
    return re.sub(r"^[\s,]*(?:(?:also|further|once\s+again|again|then)\s+)*", "", text)


def _joint_ok(word: str, complement: str) -> bool:
    comp = complement.strip()
    if not _ACTIONABLE.match(comp) or vocab.POSITION_COMPLEMENTS.match(comp):
        return False
    if re.match(r"that\b", comp, re.I) and not _MODAL.search(comp):
        return False
    base = word.lower().split()[0]
    if base in vocab.STRICT_JOINT_TRIGGERS:
        if re.match(r"on\b|upon\b|toward", comp, re.I):
            return False
        if re.match(
            r"(?:(?:their|the|its)\s+(?:commitment|intention|determination|resolve)\s+)?to\s+"
            r"(?:the|a|an|their|its|our|peace|this)\b",
            comp,
            re.I,
        ):
            return False
    return True


def _triggers(clause: str) -> list[_Trigger]:
    found: list[_Trigger] = []
    for match in _JOINT.finditer(clause):
        if _AS_AGREED.search(clause[: match.start()]):
            continue
        if _joint_ok(match["t"], _complement(clause[match.end() :])):
            found.append(_Trigger("joint", match.start(), match.end(), match["t"]))
    for match in _REQUEST.finditer(clause):
        if re.search(r"\bas\s+$", clause[: match.start()]):
            continue
        if re.search(r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?$", clause[: match.start()]):
            continue  # "both countries are strongly called upon to": by others, not in this meeting
        if re.search(
            r"\b(?:will|would)\s+(?:\w+ly\s+|once\s+again\s+|also\s+)*$", clause[: match.start()]
        ):
            continue  # "Japan will once again urge North Korea to ...": Japan's own undertaking
        if _complement(clause[match.end() :]).strip(" .,"):
            found.append(_Trigger("request", match.start(), match.end(), match["t"]))
    for match in _DESIRE.finditer(clause):
        want = next((g for g in match.groups() if g), "")
        found.append(_Trigger("desire", match.start(), match.end(), match[0], want.lower()))
    for pattern in _SHOULD_PATTERNS:
        for match in pattern.finditer(clause):
            word = "both" if match["subj"].startswith("Let") else match["subj"]
            found.append(_Trigger("should", match.start(), match.end(), word))
    for match in _OWN_COMMITMENT.finditer(clause):
        found.append(_Trigger("pledge", match.start(), match.end(), match["subj"]))
    for match in _NEED.finditer(clause):
        found.append(_Trigger("need", match.start(), match.end(), match[0]))
    for match in _PLEDGE.finditer(clause):
        if match["verb"] in vocab.NON_ACTIONS:
            continue
        before = clause[: match.start()].split()
        if before and before[-1].lower().strip(",") in vocab.SUBORDINATORS:
            continue
        if vocab.BELIEF_BEFORE.search(clause[: match.start()]):
            continue
        if vocab.OWN_AFFAIRS.search(clause[match.end() :]):
            continue
        subject = match["subj"].lower()
        if subject in ("she", "he") and not re.search(
            rf"\b(?:{vocab.REPORTING_VERBS})\s+that\s+$", clause[: match.start()], re.I
        ):
            continue
        found.append(_Trigger("pledge", match.start(), match.end("modal"), match["subj"]))
    return sorted(found, key=lambda t: t.start)


# --- Titles, targets, mechanisms ----------------------------------------------------------

_TARGET = re.compile(r"\b(?:{})\b".format("|".join(vocab.TARGETS)))
_NOMINAL = "|".join(vocab.NOMINALISATIONS)
_ADJ_TARGET = re.compile(
    r"\b(?P<adj>{})\s+(?:\w+\s+)?(?:{})\b".format("|".join(vocab.ADJECTIVE_TARGETS), _NOMINAL),
    re.I,
)
_SCOPE_END = re.compile(
    r",?\s+in\s+order\s+to\b|,\s*including\b|,?\s+as\s+(?:agreed|confirmed)\b|,\s*which\b", re.I
)
_STOPS = re.compile("|".join(vocab.TITLE_STOPS), re.I)
_HEDGE = re.compile(r"^(?:{})\s+".format("|".join(vocab.HEDGES)), re.I)
_PREFIX_TOKEN = r"[A-Z][\w.]*(?:-[A-Z][\w.]*)+"
_MECH_WORD = r"(?:[A-Z][\w'’]*(?:-[\w'’]+)*|and|of|on|for|\+|\d\+\d)"
_MECHANISM = re.compile(
    rf"(?:(?<=\bthe\s)|(?<=\bThe\s)|(?<![\w-])(?={_PREFIX_TOKEN}\s))"
    rf"(?:(?i:{vocab.ORDINALS}|next|first|new)\s+)?(?P<name>[A-Z][\w'’.]*(?:-[\w'’.]+)*"
    rf"(?:\s+{_MECH_WORD}){{0,10}}?\s+(?:{vocab.MECHANISM_NOUNS}))(?![\w-])"
    # its short name, kept without a year: "(AUSMIN)", "(AUSMIN 2020)"
    r"(?:\s+\((?P<abbr>[A-Z][A-Z0-9+]{1,10})(?:\s+\d{4})?\))?"
)
_ORDINAL_PREFIX = re.compile(
    rf"^(?:the\s+)?(?:(?:{vocab.ORDINALS})\s+)?(?:(?:round|session|meeting)\s+of\s+(?:the\s+)?)?",
    re.I,
)


def _mechanisms(text: str, prefix: str) -> list[str]:
    names: list[str] = []
    for match in _MECHANISM.finditer(text):
        name = _plain(_ORDINAL_PREFIX.sub("", match["name"]))
        if not name[:1].isupper() or re.match(
            rf"(?:{vocab.ORDINALS}|Regarding|On|The)\b", name, re.I
        ):
            name = re.sub(rf"^(?:(?:{vocab.ORDINALS}|Regarding|On|The)\s+)+", "", name, flags=re.I)
        if re.fullmatch(r"(?:Dialogue|Consultations?|Talks|Mechanism)", name, re.I):
            continue
        if not re.match(_PREFIX_TOKEN, name) and prefix and re.match(r"High-Level|Strategic", name):
            name = f"{prefix} {name}"
        if match["abbr"]:
            name = f"{name} ({match['abbr']})"
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names


def _target(scope: str) -> str:
    candidates = []
    match = _TARGET.search(scope)
    if match:
        candidates.append((match.start(), " ".join(match[0].split())))
    # "the immediate lifting of X": only when the adjective qualifies the action itself, not
    # "continued support for the immediate resolution of X".
    adjective = _ADJ_TARGET.match(re.sub(r"^[\s,]*(?:the|an?)\s+", "", scope))
    if adjective:
        candidates.append((adjective.start(), vocab.ADJECTIVE_TARGETS[adjective["adj"].lower()]))
    return min(candidates)[1] if candidates else ""


_SOFT_CUT = re.compile(
    r",|\s+(?:toward|towards|through|under|in\s+accordance\s+with|by\s+means\s+of|so\s+that|"
    r"aimed\s+at|with\s+the\s+aim)\b"
)
_SUPPORT_NOUN = re.compile(
    r"^(?:[A-Z][\w.]*['’]s\s+|(?:the|its|their|his|her)\s+)?(?P<cont>continued\s+|further\s+)?"
    r"(?P<noun>{})\s+(?P<prep>for|in|on|to|with|toward|towards)\s+(?P<rest>.+)$".format(
        "|".join(vocab.SUPPORT_NOUNS)
    ),
    re.I,
)


def _base_verb(word: str) -> str:
    lower = word.lower()
    if lower in vocab.GERUNDS:
        return vocab.GERUNDS[lower]
    if not lower.endswith("ing") or len(lower) < 6:
        return lower
    stem = lower[:-3]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]
    if re.search(r"(?:at|iz|is|iv|uc|ot|ov|ag|ur|rc|rg|dg|ud|u|ac|ut)$", stem):
        return stem + "e"
    return stem


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cut(title: str, limit: int = 100) -> str:
    title = title.strip(" ,;:.")
    if len(title) <= limit:
        return title
    # The target has its own field: drop it before cutting into the action.
    target = _TARGET.search(title)
    if target and target.end() == len(title) and target.start() > 40:
        return _cut(title[: target.start()], limit)
    # Prefer to drop a trailing "toward ..." or "through ..." over cutting mid-phrase.
    for match in reversed(list(_SOFT_CUT.finditer(title, 0, limit))):
        if match.start() >= 40:
            return title[: match.start()].rstrip(" ,;:")
    title = title[:limit].rsplit(" ", 1)[0]
    return re.sub(
        r"(?:\s+(?:and|or|of|the|to|in|on|at|for|with|a|an|such|as|by|between|including))+$",
        "",
        title.rstrip(" ,;:("),
    )


def _clean_action(text: str) -> str:
    """Strip what only introduces the action: "that they will seek to ", "on ", "to "."""
    text = _plain(text)
    for _ in range(4):
        before = text
        text = re.sub(
            r"^(?:,\s*)?(?:(?:also|further|once\s+again|again|strongly|then|jointly)\s+)*",
            "",
            text,
            flags=re.I,
        )
        text = re.sub(r"^(?:to|on|upon|that|for|in\s+principle\s+to)\s+", "", text, flags=re.I)
        text = re.sub(
            r"^(?:the\s+(?:two|three|four|five|all)\s+\w+|both\s+(?:sides|countries|leaders|ministers)"
            r"|they|we|"
            r"the\s+\w+\s+side|the\s+Government\s+of\s+[\w.]+|[A-Z][\w.-]*(?:\s+and\s+[A-Z][\w.-]*)?"
            r"|she|he|it)\s+"
            r"(?:will|would|shall|should|can|could)\s+(?:also\s+|further\s+)?",
            "",
            text,
        )
        text = re.sub(r"^(?:the\s+need\s+to|the\s+importance\s+of)\s+", "", text, flags=re.I)
        text = _HEDGE.sub("", text)
        if text == before:
            break
    return text


def _title(action: str, sentence: str, topic: str = "") -> str:
    text = _clean_action(action)
    target_match = _TARGET.search(text)
    nominal = re.match(
        r"^(?:the\s+|an?\s+)?(?:(?P<adj>{})\s+)?(?P<noun>{})\s+(?:of|for|on)\s+(?P<rest>.+)$".format(
            "|".join(vocab.ADJECTIVE_ADVERBS), _NOMINAL
        ),
        text,
        re.I,
    )
    if nominal:
        rest = _STOPS.split(nominal["rest"], maxsplit=1)[0]
        adverb = vocab.ADJECTIVE_ADVERBS.get((nominal["adj"] or "").lower(), "")
        verb = vocab.NOMINALISATIONS[nominal["noun"].lower()]
        if verb == "comply":
            verb = "comply with"
        text = " ".join(part for part in (verb, rest.strip(" ,;:."), adverb) if part)
    elif support := _SUPPORT_NOUN.match(text):
        verb = vocab.SUPPORT_NOUNS[support["noun"].lower()]
        rest = _STOPS.split(support["rest"], maxsplit=1)[0]
        prep = "" if verb == "support" else f" {support['prep']}"
        text = f"{verb}{prep} {rest}"
        if support["cont"]:
            text = f"continue to {text}"
    else:
        first = text.split(" ", 1)
        if first and first[0].lower().endswith("ing"):
            text = " ".join([_base_verb(first[0]), *first[1:]])
        text = _STOPS.split(text, maxsplit=1)[0]
        if target_match and target_match.end() < len(text):
            cut_at = text.find(target_match[0])
            if cut_at > 0:
                text = text[: cut_at + len(target_match[0])]
    text = re.sub(rf"\s+with\s+(?:{vocab.PERSON_TITLES})\s+[A-Z][\w'’-]+", "", text)
    adverb = re.match(r"^(\w+ly)\s+(\w+)\s+(.+)$", text)
    if adverb and adverb[1].lower() not in ("closely", "jointly", "actively"):
        text = f"{adverb[2]} {adverb[3].rstrip(' .,')} {adverb[1].lower()}"
    such = re.search(r"\b(?:such|these|those)\s+(\w+)", text)
    if such:
        antecedent = re.search(rf"\b([\w-]+)\s+{re.escape(such[1])}\b", _plain(sentence))
        if antecedent and antecedent[1].lower() not in ("such", "these", "those", "the"):
            text = text.replace(such[0], f"{antecedent[1]} {such[1]}", 1)
    text = _cut(text)
    if topic and not re.search(r"\s[A-Z]", text) and len(text) < 70:
        key = topic.split()[-1].lower()
        if key not in text.lower() and len(text) + len(topic) + 3 <= 100:
            text = f"{text} ({topic})"
    return _capitalise(text)


_TOPIC_INTRO = re.compile(
    r"^(?:Regarding|With\s+regard\s+to|With\s+respect\s+to|Concerning|As\s+for|On)\s+"
    r"(?P<topic>[^,]{3,90}),",
)
_TOPIC_VIEWS = re.compile(
    r"\bexchanged\s+(?:their\s+)?views\s+(?:on|regarding|concerning)\s+(?P<topic>[^.;]{3,120})"
)


def _simplify_topic(topic: str) -> str:
    topic = re.split(r",\s*|\s+including\b|\s+and\s+agreed\b", _plain(topic))[0]
    topic = re.sub(
        r"^(?:the\s+)?(?:recent\s+)?(?:situations?|issues?|matters?)\s+(?:in|of|on|regarding|"
        r"concerning|surrounding)\s+",
        "",
        topic,
    )
    return re.sub(r"^the\s+", "", topic)


# --- Meeting fields -----------------------------------------------------------------------

_NAME_WORD = r"[A-ZÀ-Þ][\w'’\-]*\.?"
_NAME = (
    rf"{_NAME_WORD}(?:\s+(?:(?:bin|binti|van|von|de|da|del|der|la|le|al|el|dos|du)\s+)?"
    rf"{_NAME_WORD}){{0,5}}"
)
_TITLE_TEXT = r"(?:(?!\b(?:had|has|have|held|met|spoke|with|who|during)\b)[^,;()])"
_ATTENDEE = re.compile(
    rf"(?:(?:{vocab.HONORIFICS})\s+)*(?P<name>{_NAME}),\s+(?P<title>(?:the\s+)?[A-Z]{_TITLE_TEXT}*?)"
    rf"\s+of\s+(?:the\s+)?(?P<party>{vocab.PARTY_NAMES_RE})(?![\w])"
)
# "Mr. Kong Xuanyou, Vice Minister of Foreign Affairs," in a list of those who attended.
_ATTENDEE_HONOURED = re.compile(
    rf"(?<![\w.])(?:(?:{vocab.HONORIFICS})\s+)+(?P<name>{_NAME}),\s+"
    rf"(?P<title>(?:the\s+)?[A-Z]{_TITLE_TEXT}*?)(?=\s*(?:,|\.(?:\s|$)|\)|;|$))"
)
_ATTENDEE_TITLE_FIRST = re.compile(
    rf"\b(?P<title>{vocab.PERSON_TITLES}|Minister\s+for\s+Foreign\s+Affairs)\s+"
    r"(?P<name>[A-Z]{2,}(?:\s+[A-Z][a-z]+)+)\b"
)
_HONORIFIC_PREFIX = re.compile(rf"^(?:(?:{vocab.HONORIFICS})\s+)+")
_GROUP = re.compile(rf"\b(?:From|from)\s+(?:the\s+)?(?P<party>{vocab.PARTY_NAMES_RE}),")
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][\w'’.-]*|\([A-Z]{2,5}\)|[,;:()]")
_MONTH_WORDS = frozenset(vocab.MONTHS) | {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


_NOT_NAMES = frozenset(
    [
        "The",
        "His",
        "Her",
        "Mr",
        "Ms",
        "On",
        "In",
        "At",
        "During",
        "And",
        "Meeting",
        "Meetings",
        "Call",
        "Readout",
        "Talk",
        "Talks",
        "Conference",
        "Statement",
        "Visit",
        "Summit",
        "Dialogue",
        "Spokesperson",
        "Press",
        "Release",
        "Ministerial",
        "Consultations",
        "Joint",
        "Telephone",
        "Phone",
        "Video",
        "Outcome",
        "Office",
        "Had",
        "Held",
        "Met",
        "Spoke",
        "With",
        "Meets",
        "Speaks",
        "Holds",
        "We",
        "They",
        "It",
        "Our",
    ]
)


def _is_name_token(token: str) -> bool:
    bare = token.rstrip(".,")
    return (
        bool(re.fullmatch(r"[A-ZÀ-Þ][\w'’-]*\.?|[A-Z]\.", token))
        and not re.search(r"['’]s?$", bare)
        and bare not in vocab.TITLE_WORDS
        and bare not in _NOT_NAMES
        and vocab.party_code(bare) is None
        and bare.lower() not in _MONTH_WORDS
    )


def _is_name(name: str) -> bool:
    """Whether words found where a name is printed look like one (not "United States")."""
    words = name.replace(",", " ").split()
    return (
        bool(words)
        and vocab.party_code(name) is None
        and not any(w in vocab.TITLE_WORDS or w in _NOT_NAMES for w in words)
        and not any(re.search(r"['’]s$", w) for w in words)
    )


def _titled_names(lead: str) -> list[tuple[int, str, str, str]]:
    """ "State Councilor and Foreign Minister Wang Yi met with Foreign Minister Toshimitsu Motegi
    of Japan": (position, name, title, party) for each name printed after its title."""
    tokens = [(m.start(), m.end(), m[0]) for m in _TOKEN.finditer(lead)]
    found = []
    index = 0
    while index < len(tokens):
        start, _, word = tokens[index]
        before = tokens[index - 1][2] if index else ""
        after_of = index >= 2 and tokens[index - 2][2] == "of" and vocab.party_code(before)
        head = before in vocab.TITLE_HEADS or after_of or re.fullmatch(r"\([A-Z]{2,5}\)", before)
        if not (head and _is_name_token(word)):
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and _is_name_token(tokens[end + 1][2]) and end - index < 3:
            end += 1
        # "Kang, Kyung-wha": a family name, a comma, a hyphenated given name.
        if (
            end == index
            and end + 2 < len(tokens)
            and tokens[end + 1][2] == ","
            and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", tokens[end + 2][2])
        ):
            end += 2
        if end == index and not re.fullmatch(r"[A-Z][a-z]+-[a-z]+|[A-Z][a-z]+", word):
            index += 1
            continue
        name = lead[start : tokens[end][1]].rstrip(".,")
        if end == index:  # one word is a name only when it is all there is ("Wang")
            index += 1
            continue
        # The title: the words before the name, as far as they are title words.
        first = index - 1
        while first - 1 >= 0:
            word_before = tokens[first - 1][2]
            if (
                word_before in vocab.TITLE_WORDS
                or word_before in ("of", "for", "the", "and")
                or vocab.party_code(word_before)
                or re.fullmatch(r"\([A-Z]{2,5}\)|Republic|Korea|U\.S\.", word_before)
            ):
                first -= 1
            else:
                break
        while first < index and tokens[first][2] in ("of", "for", "the", "and"):
            first += 1
        title = lead[tokens[first][0] : tokens[index - 1][1]]
        party = ""
        rest = lead[tokens[end][1] :]
        of = re.match(rf"\s+of\s+(?:the\s+)?(?P<p>{vocab.PARTY_NAMES_RE})(?![\w])", rest)
        if of:
            party = vocab.party_code(of["p"]) or ""
        if not party:
            named = vocab.PARTY_RE.search(title)
            party = vocab.party_code(named["party"]) if named else ""
            if not party and "(ROK)" in title:
                party = "KR"
        title = re.sub(rf"^(?:the\s+)?(?:{vocab.PARTY_NAMES_RE})\s+(?:\(\w+\)\s+)?", "", title)
        found.append((start, name, title, party or ""))
        index = end + 1
    return found


def _attendance(lead: str, home: str, parties: list[str] | None = None) -> list[Attendee]:
    """The people the lead names: "Ms. KAMIKAWA Yoko, Minister for Foreign Affairs of Japan",
    "Mr. Kong Xuanyou, Vice Minister of Foreign Affairs" (among those who attended), "Foreign
    Minister Toshimitsu Motegi of Japan". Names are kept as printed, without honorifics."""
    found: list[tuple[int, str, str, str]] = []
    for match in _ATTENDEE.finditer(lead):
        name = _HONORIFIC_PREFIX.sub("", _plain(match["name"]))
        title = re.sub(r"^the\s+", "", _plain(match["title"]))
        party = vocab.party_code(match["party"]) or ""
        if len(title.split()) <= 20:
            found.append((match.start("name"), name, title, party))
    for match in _ATTENDEE_HONOURED.finditer(lead):
        name = _HONORIFIC_PREFIX.sub("", _plain(match["name"]))
        title = re.sub(r"^the\s+", "", _plain(match["title"]))
        named = vocab.PARTY_RE.search(title)
        party = vocab.party_code(named["party"]) if named else ""
        if not party:
            groups = [g for g in _GROUP.finditer(lead) if g.start() < match.start()]
            party = vocab.party_code(groups[-1]["party"]) if groups else ""
        found.append((match.start("name"), name, title, party or ""))
    for start, name, title, party in _titled_names(lead):
        found.append((start, _HONORIFIC_PREFIX.sub("", _plain(name)), _plain(title), party))
    if home == "JP":
        for match in _ATTENDEE_TITLE_FIRST.finditer(lead):
            found.append((match.start("name"), _plain(match["name"]), _plain(match["title"]), home))
    people: list[Attendee] = []
    for _, name, title, party in sorted(found, key=lambda f: f[0]):
        # "Ambassador Wendy R. Sherman, Deputy Secretary of State": the rank is not the name.
        words = name.split()
        while len(words) > 2 and words[0] in vocab.TITLE_WORDS:
            words.pop(0)
        name = " ".join(words)
        if not _is_name(name) or any(name in p.name or p.name in name for p in people):
            continue
        if not party:
            party = next((c for pattern, c in vocab.TITLE_PARTIES if re.search(pattern, title)), "")
        people.append(Attendee(name, title, party))
    # Whoever is not marked as one party, in a meeting of two, is the other.
    if parties:
        marked = {p.party for p in people if p.party}
        unmarked = [p for p in parties if p not in marked]
        for person in people:
            if not person.party and len(unmarked) == 1:
                person.party = unmarked[0]
    return people


def _people_index(people: list[Attendee]) -> dict[str, str]:
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for person in people:
        for token in re.split(r"[\s-]+", person.name):
            token = token.strip(".,").lower()
            if len(token) < 2 or not person.party:
                continue
            if index.get(token, person.party) != person.party:
                clashes.add(token)
            index[token] = person.party
    return {token: party for token, party in index.items() if token not in clashes}


def _title_parties(title: str) -> list[str]:
    """ "Japan-China ...", "Outcome of ROK-U.S. ...", "Australia and Japan strengthen ..."."""
    for token in re.findall(r"[A-Z][\w.’']*(?:[-–][A-Z][\w.’']*)+", title):
        codes = [vocab.party_code(piece) for piece in re.split(r"[-–]", token)]
        if all(codes):
            return list(dict.fromkeys(c for c in codes if c))
    pair = re.search(
        rf"(?P<a>{vocab.PARTY_NAMES_RE})\s+and\s+(?:the\s+)?(?P<b>{vocab.PARTY_NAMES_RE})(?![\w])",
        title,
    )
    if pair:
        return list(dict.fromkeys(vocab.party_code(pair[k]) or "" for k in ("a", "b")))
    return []


_CAP_WORDS = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|da|do|dos|la|el|al))*"
_PLACE_PATTERNS = (
    re.compile(
        rf"\bvisiting\s+(?:the\s+)?(?P<p>{_CAP_WORDS})(?:,\s*D\.C\.)?\s+in\s+(?:the\s+)?[A-Z]"
    ),
    re.compile(
        rf"\b(?:held|met|took\s+place|convened|hosted|meeting|talks?|Dialogue)\b[^.]*?\s+in\s+"
        rf"(?P<p>{_CAP_WORDS}(?:,\s*D\.C\.)?)"
    ),
    re.compile(rf"\bvisiting\s+(?:the\s+)?(?P<p>{_CAP_WORDS}(?:,\s*D\.C\.)?)"),
    re.compile(rf"\bin\s+(?P<p>{_CAP_WORDS}(?:,\s*D\.C\.)?)"),
    re.compile(
        r"\bat\s+(?:the\s+)?(?P<p>(?:[A-Z][\w'’.-]*\s+){1,5}(?:House|Hall|Office|Palace|Hotel))"
    ),
)
_CLAUSE_TEXT = r"(?:[^,;]|,\s*D\.C\.)*"
_OCCASION = re.compile(
    r"(?P<o>who\s+(?:was|is|were|are)\s+(?:visiting|in|on\s+(?:a|an|her|his)\s+visit)\s"
    rf"{_CLAUSE_TEXT}"
    r"|while\s+(?:attending|visiting|in|on\s+(?:a|an|her|his|their)\s+(?:visit|trip))\s"
    rf"{_CLAUSE_TEXT}"
    rf"|on\s+the\s+(?:margins|sidelines)\s+of\s{_CLAUSE_TEXT}"
    rf"|during\s+(?:his|her|their|the)\s+(?:visit|trip|stay)\s+(?:to|in)\s{_CLAUSE_TEXT}"
    rf"|on\s+the\s+occasion\s+of\s{_CLAUSE_TEXT})"
)


def _place(lead: str, remote: bool) -> str:
    if remote:
        return ""
    for pattern in _PLACE_PATTERNS:
        for match in pattern.finditer(lead):
            place = _plain(match["p"]).rstrip(".")
            if place.endswith("D.C"):
                place += "."
            words = place.split()
            if not words or re.fullmatch(_MONTH, words[0]) or words[0] in ("The", "Japan-"):
                continue
            if re.search(r"\b(?:time|Meeting|Summit|Dialogue)\b", place):
                continue
            return place
    return ""


def _level(title: str, main: str, attendance: list[Attendee], home: str) -> str:
    text = f"{title} {main}"
    home_titles = " ".join(a.title for a in attendance if a.party == home)
    if re.search(r"\bSummit\b|\bLeaders['’]", title) or (
        re.search(r"\b(?:Prime\s+Minister|President|Chancellor|Premier)\b", home_titles)
        and not re.search(r"\b(?:Deputy|Vice)\b", home_titles)
    ):
        return "summit"
    if re.search(
        r"\b(?:Vice[- ]Minist|State\s+Minister|Deputy\s+Minister|Deputy\s+Secretary|"
        r"Under\s+Secretary|Vice[- ]Foreign)",
        text,
    ):
        return "vice_ministerial"
    if re.search(
        r"\bForeign\s+Minister|Minister\s+(?:for|of)\s+Foreign\s+Affairs|Secretary\s+of\s+State|"
        r"Foreign\s+Secretary|Minister\s+of\s+External\s+Affairs",
        text,
    ):
        return "foreign_ministers"
    return "working_level"


_MULTILATERAL = re.compile(
    r"\b(?:ASEAN|G7|G20|Trilateral|Quad|East\s+Asia\s+Summit|APEC|Plus\s+Three|Multilateral|"
    r"(?<![-\w])Ministerial\s+Meeting|Plenary|Quadrilateral)\b"
)
_KIND_SUFFIX = {
    "summit": "Summit Meeting",
    "foreign_ministers": "Foreign Ministers' Meeting",
    "vice_ministerial": "Vice-Ministerial Meeting",
    "working_level": "Working-Level Meeting",
    "multilateral": "Meeting",
}


def _is_title_line(line: str) -> bool:
    """A heading or caption: short, mostly capitalised words, no full stop at the end."""
    words = line.split()
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return (
        0 < len(words) <= 20
        and "," not in line
        and not _TERMINAL.search(line)
        and capitalised >= 0.6 * len(words)
    )


def _header_title(header: list[str]) -> str:
    for line in header:
        line = _PHOTO_PREFIX.sub("", line).strip()
        words = line.split()
        if not line or _DATE_RE.fullmatch(line) or not _TITLE_WORDS.search(line):
            continue
        capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if len(words) <= 16 and not _TERMINAL.search(line) and capitalised >= 0.6 * len(words):
            return _plain(line)
    return ""


_REFERENCE = re.compile(
    r"(?:\bas\s+(?:agreed|confirmed|affirmed|decided|announced)(?:\s+upon)?"
    r"(?:\s+by\s+the\s+two\s+\w+)?\s+)?\b(?:at|during|in)\s+the\s+"
    rf"(?P<title>(?:(?:{vocab.ORDINALS})\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|and|on|for))*?"
    r"\s+(?:Meeting|Summit|Talks?|Dialogue|Conference|Consultations))"
    r"\s+(?:held\s+)?(?:on|in)\s+"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}"
    r"(?:,?\s+\d{4})?)"
)


def _references(paragraphs: list[Paragraph], held_on: datetime.date) -> list[MeetingReference]:
    found: list[MeetingReference] = []
    for paragraph in paragraphs:
        for match in _REFERENCE.finditer(paragraph.text):
            dates = _dates(match["date"])
            day = None
            if dates:
                day = dates[0].on(dates[0].year) if dates[0].year else None
                day = day or _latest_not_after(dates[0], held_on)
            title = _plain(match["title"])
            if not any(r.title == title and r.held_on == day for r in found):
                found.append(MeetingReference(title, day, match[0]))
    return found


# --- The parser ---------------------------------------------------------------------------


_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>20\d\d)[/_-]?(?P<m>0[1-9]|1[0-2])(?:[/_-]?(?P<d>0[1-9]|[12]\d|3[01]))?(?!\d)"
)


_YESTERDAY = re.compile(
    r"\b(?:met|spoke|held|had|talked|called)\s+(?:\w+\s+){0,2}?yesterday\b|\byesterday\s*,", re.I
)


def _hinted_day(source_url: str, year_hint: int | None) -> tuple[datetime.date | None, str]:
    """The latest day the meeting can have been held on, from the page's address or a hint.

    An address holding a date (…/202111/t20211115_10448630.htm, …/2021/01/27/…) dates the page;
    a meeting printed without its year is the latest such day up to a week after it.
    """
    for match in _URL_DATE.finditer(source_url or ""):
        year, month = int(match["y"]), int(match["m"])
        if match["d"]:
            day = datetime.date(year, month, min(int(match["d"]), 28 if month == 2 else 30))
        else:
            day = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
        return day + datetime.timedelta(days=7), "the date in the source address"
    if year_hint:
        return datetime.date(year_hint, 12, 31), "year_hint"
    return None, ""


def parse_readout(
    text: str, *, home_party: str = "JP", year_hint: int | None = None, source_url: str = ""
) -> ParsedReadout:
    """Read a readout's plain text into a proposed meeting and proposed commitments.

    Readouts in English and in Japanese are read (the language is told from the text). Raises
    ReadoutError only for what is plainly not a readout: empty, binary, or no sentence saying
    who met whom. Everything else that is missing or odd, a date included, becomes a warning
    and an empty field for a person to fill in. A year the readout does not print is taken
    from a date in ``source_url`` (…/202111/t20211115_….html) or from ``year_hint``.
    """
    if not isinstance(text, str):
        raise TypeError("parse_readout() takes str; decode files with decode_readout().")
    if "\x00" in text:
        raise ReadoutError("The text contains NUL characters, so it is binary, not a readout.")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadoutError("The text is empty.")
    hinted_day, hint_source = _hinted_day(source_url, year_hint)
    if japanese.is_japanese(text):
        return japanese.parse(
            text, home_party=home_party, page_day=hinted_day, page_day_source=hint_source
        )
    warnings: list[str] = []
    lines = ["" if _is_boilerplate(line) else line for line in text.split("\n")]

    first_item = next((i for i, line in enumerate(lines) if _NUM_ITEM.match(line)), None)
    lead_index = next(
        (
            i
            for i, line in enumerate(lines)
            if _MEETING_SIGNAL.search(line)
            and len(line.split()) >= 8
            # "1. Minister Kang had a meeting with ..." (MOFA Korea) leads as item 1.
            and (not _NUM_ITEM.match(line) or i == first_item)
            and not _BULLET.match(line)
            and not _is_title_line(line)
        ),
        None,
    )
    if lead_index is None and vocab.PARTY_RE.search(text) and _STATEMENT_SIGNAL.search(text):
        # A joint statement or declaration: its first sentence-long paragraph leads.
        lead_index = next(
            (
                i
                for i, line in enumerate(lines)
                if len(line.split()) >= 8 and _TERMINAL.search(line) and not _BULLET.match(line)
            ),
            None,
        )
    # A hard-wrapped lead starts where its paragraph does, not on the line that says "held".
    while (
        lead_index
        and lines[lead_index - 1].strip()
        and not _TERMINAL.search(lines[lead_index - 1])
        and not _DATE_RE.fullmatch(lines[lead_index - 1].strip())
        and not _PHOTO_PREFIX.match(lines[lead_index - 1])
        and not _BULLET.match(lines[lead_index - 1])
        and not _is_title_line(lines[lead_index - 1])
    ):
        lead_index -= 1
    header = lines[:lead_index] if lead_index is not None else lines
    all_dates = _dates(text)
    header_dates = [d for d in _dates("\n".join(header)) if d.year]
    dated = header_dates[0] if header_dates else next((d for d in all_dates if d.year), None)
    if lead_index is None:
        raise ReadoutError(
            "The text does not look like a meeting readout: no sentence says who met or spoke "
            "with whom (looked for e.g. 'held a meeting with' or 'spoke over the phone with')."
        )

    body = _blocks(lines[lead_index:])
    lead_block, rest = body[0], body[1:]
    lead = lead_block.text
    lead_sentences = _sentences(lead)
    opening = lead[: lead_sentences[0][1]] if lead_sentences else lead

    # Date: the lead's "On November 25" read against the page date, else the page date.
    lead_dates = _dates(opening)
    page_day = dated.on(dated.year) if dated and dated.year else None
    held_on: datetime.date | None = None
    if lead_dates and lead_dates[0].year:
        held_on = lead_dates[0].on(lead_dates[0].year)
    elif lead_dates and page_day:
        held_on = _latest_not_after(lead_dates[0], page_day + datetime.timedelta(days=7))
    elif page_day:
        held_on = page_day
    elif (lead_dates or all_dates) and hinted_day:
        held_on = _latest_not_after((lead_dates or all_dates)[0], hinted_day)
        warnings.append(f"The readout gives no year; {held_on.year} was taken from {hint_source}.")
    elif all_dates:
        warnings.append(
            "The readout prints the meeting date without a year, and no page date or source "
            "address gives one; fill in the date."
        )
    else:
        warnings.append(
            "No meeting date could be found in the readout (looked for e.g. 'November 25, "
            "2023' or '25 November 2023'); fill in the date."
        )
    # "Secretary Blinken spoke yesterday with ..." under a page dated the day after.
    said_on = lead_dates[0] if lead_dates else None
    if (
        held_on is not None
        and _YESTERDAY.search(opening)
        and not (
            said_on and re.search(r"\b[Oo]n\s+(?:the\s+\w+\s+of\s+)?$", opening[: said_on.start])
        )
    ):
        held_on -= datetime.timedelta(days=1)

    start_time = _start_time(opening)
    duration = _duration(opening)
    if start_time is None:
        warnings.append("No start time was found in the opening paragraph.")
    if duration is None:
        warnings.append("No duration was found in the opening paragraph.")

    attendance = _attendance(lead, home_party)
    if not attendance and rest:
        # "1. The Ministry held a dialogue ... ° The head delegates were Mr. ..., and Mr. ...".
        attendance = _attendance(rest[0].text, home_party)
    if not attendance:
        warnings.append(
            "No attendees were found (looked for e.g. 'Ms. KAMIKAWA Yoko, Minister for "
            "Foreign Affairs of Japan')."
        )
    title = _header_title(header)
    occasion_match = _OCCASION.search(opening)
    occasion = _plain(occasion_match["o"]) if occasion_match else ""
    if not re.search(r"\b[A-Z]\.[A-Z]\.$", occasion):
        occasion = occasion.rstrip(".")
    main = opening.replace(occasion_match["o"], " ") if occasion_match else opening

    # The parties: those the title names ("Outcome of ROK-Japan ..."), else those the people
    # speak for; the home party too when the readout shows no two others.
    parties = [c for c in _title_parties(title) or [a.party for a in attendance] if c]
    parties = list(dict.fromkeys(parties))
    if home_party not in parties and len(parties) < 2:
        parties.insert(0, home_party)
    if home_party in parties:
        parties.insert(0, parties.pop(parties.index(home_party)))
    marked = {p.party for p in attendance if p.party}
    unmarked = [p for p in parties if p not in marked]
    for person in attendance:
        if not person.party and len(unmarked) == 1:
            person.party = unmarked[0]
    if len(parties) == 1:
        warnings.append(
            f"Only the home party ({home_party}) could be identified; add the counterpart by hand."
        )
    prefix = "-".join(vocab.party_title_name(p) for p in parties)

    remote = ""
    medium_text = f"{title} {main}"
    if re.search(r"telephone|phone\s+call|over\s+the\s+phone|by\s+phone", medium_text, re.I):
        remote = "telephone"
    elif re.search(
        r"video\s*conference|video\s+call|video\s+meeting|online\s+meeting|virtual|"
        r"teleconference|via\s+video|by\s+video",
        medium_text,
        re.I,
    ):
        remote = "video_conference"
    session = re.search(
        rf"\bheld\s+the\s+(?:(?:{vocab.ORDINALS})\s+)?(?:[\w'’.-]+\s+){{0,10}}?"
        rf"(?:{vocab.MECHANISM_NOUNS})\b",
        main,
        re.I,
    ) or re.search(rf"^(?:The\s+)?(?:{vocab.ORDINALS})\s", title, re.I)
    # "... hosted ... for the 29th Australia-United States Ministerial Consultations (AUSMIN)".
    attended = re.search(
        rf"\b(?:for|at|in)\s+the\s+(?:{vocab.ORDINALS})\s+[A-Z][^.]*?(?:{vocab.MECHANISM_NOUNS})\b",
        main,
    )
    remote_title = re.search(r"\b(?:Telephone|Phone|Video|Teleconference)\b", title)
    mechanism = ""
    if (
        session
        or attended
        or (re.search(rf"(?:{vocab.MECHANISM_NOUNS})$", title) and not remote_title)
    ):
        # The name as the sentence that says a session was held prints it, else the title's.
        names = (
            _mechanisms(main, prefix) + _mechanisms(title, prefix)
            if attended and not session
            else _mechanisms(title, prefix) or _mechanisms(main, prefix)
        )
        mechanism = names[0] if names else ""
    level = _level(title, main, attendance, home_party)
    if remote:
        kind = remote
    elif mechanism:
        kind = "dialogue_session"
    elif len(parties) >= 3 or _MULTILATERAL.search(title):
        kind = "multilateral"
    else:
        kind = level
    if not title:
        if kind == "dialogue_session":
            title = mechanism
        elif remote:
            lead_in = {"summit": "Summit ", "foreign_ministers": "Foreign Ministers' "}
            medium = "Telephone Talk" if remote == "telephone" else "Video Conference"
            title = f"{prefix} {lead_in.get(level, '')}{medium}"
        else:
            title = f"{prefix} {_KIND_SUFFIX.get(kind, 'Meeting')}"
        warnings.append("No title line was found; the title was built from the parties and kind.")

    meeting = ProposedMeeting(
        title=title,
        kind=kind,
        held_on=held_on,
        start_time=start_time,
        duration_minutes=duration,
        place=_place(opening, bool(remote)),
        occasion=occasion,
        parties=parties,
        attendance=attendance,
        mechanism=mechanism,
    )

    if lead_block.kind == "num":
        paragraphs = _number_blocks(body, None)
    else:
        paragraphs = _number_blocks(rest, lead)
    if not _TERMINAL.search(paragraphs[-1].text) or (
        len(body) > 1 and _is_heading_text(body[-1].text) and body[-1].kind == "num"
    ):
        tail = paragraphs[-1].text[-60:]
        warnings.append(
            f"The readout seems to be cut off: paragraph {paragraphs[-1].number} ends "
            f'mid-sentence ("...{tail}"). Check the source page; commitments in it may be '
            "incomplete."
        )

    # Whose account this is: the party of the one who met, spoke or hosted ("Wang Yi met with
    # Foreign Minister Toshimitsu Motegi of Japan ..." is China's).
    voice = next((a.party for a in attendance if a.party), home_party)
    ctx = _Context(voice, parties, _people_index(attendance))
    commitments: list[ProposedCommitment] = []
    for paragraph in paragraphs:
        commitments.extend(_paragraph_commitments(paragraph, ctx, meeting, prefix))
    if not commitments:
        warnings.append("No commitments were found; check the readout by hand.")

    return ParsedReadout(
        meeting=meeting,
        paragraphs=paragraphs,
        commitments=commitments,
        references=_references(paragraphs, held_on),
        warnings=warnings,
        text_hash=text_hash(text),
        lead=lead,
        publisher=voice,
        language="en",
    )


# --- Commitments from one paragraph -------------------------------------------------------


@dataclass
class _Clause:
    sentence: int
    start: int
    end: int
    subject: _Subject | None
    trigger: _Trigger | None = None
    used: bool = False
    voice: str | None = None  # who was speaking when the clause was read ("Wang Yi said, ...")


@dataclass
class _Found:
    kind: str
    start: int  # span in the paragraph
    end: int
    action: str  # the words after the trigger
    speaker: str | None
    plural: bool
    obj: str | None
    sentences: tuple[int, ...]
    action_at: int = -1  # where the action starts in the paragraph, for splitting a list


def _resolve(subject: _Subject | None, ctx: _Context) -> tuple[bool, str | None]:
    if subject is None:
        return True, None
    if subject.plural:
        return True, None
    return False, subject.party


def _request_object(action: str, ctx: _Context) -> tuple[str | None, str]:
    """ "China to lift X" -> ("CN", "lift X"); "that China lift X" -> ("CN", "lift X")."""
    that = re.match(
        rf"^\s*that\s+(?P<obj>(?:the\s+)?(?:Government\s+of\s+(?:the\s+)?)?"
        rf"(?:{vocab.PARTY_NAMES_RE})(?:\s+(?:side|government|Government))?)\s+"
        r"(?:(?:should|would|will|must)\s+)?(?P<rest>[a-z].+)$",
        action,
        re.S,
    )
    if that:
        party = vocab.PARTY_RE.search(that["obj"])
        return (vocab.party_code(party["party"]) if party else None), that["rest"]
    match = re.match(
        r"^\s*(?:that\s+)?(?P<obj>(?:the\s+)?[^,;]{1,70}?)\s+(?:to|should|would|will)\s+(?P<rest>.+)$",
        action,
        re.S,
    )
    if not match:
        return None, action
    obj = match["obj"]
    if re.search(r"\b(?:importance|need)\b", obj):
        return None, action
    side = _SIDE.search(obj) or vocab.PARTY_RE.search(obj)
    if side:
        return vocab.party_code(side["party"]), match["rest"]
    person = _PERSON.search(obj)
    if person and person["name"].lower() in ctx.people:
        return ctx.people[person["name"].lower()], match["rest"]
    if re.fullmatch(r"(?:his|her|their|its)\s+counterparts?|(?:him|her|them)", obj.strip()):
        return "", match["rest"]
    return None, action


def _paragraph_commitments(
    paragraph: Paragraph, ctx: _Context, meeting: ProposedMeeting, prefix: str
) -> list[ProposedCommitment]:
    text = paragraph.text
    sentences = _sentences(text)
    clauses: list[_Clause] = []
    # "(1) The overview of State Councilor Wang's opening remarks is as follows. ... I intend to"
    overview = re.search(
        r"\boverview\s+of\s+(?P<who>[^.]{0,80}?)['’]s\s+(?:opening\s+)?(?:remarks|response|reply)",
        text,
    )
    if overview:
        speaker = next(
            (
                ctx.people[w.lower()]
                for w in re.findall(r"[\w-]+", overview["who"])
                if w.lower() in ctx.people
            ),
            None,
        )
        ctx.last_single = speaker or ctx.last_single
    for index, (s_start, s_end) in enumerate(sentences):
        previous: _Subject | None = None
        for c_start, c_end in _clauses(text, s_start, s_end):
            clause_text = text[c_start:c_end]
            triggers = _triggers(clause_text)
            trigger = triggers[0] if triggers else None
            shared = clauses[-1] if clauses and clauses[-1].sentence == index else None
            if (
                trigger is None
                and shared
                and shared.trigger
                and (
                    re.match(r"to\s+[a-z]", clause_text)
                    or (
                        shared.trigger.kind == "pledge"
                        and re.match(r"(?:would|will)\s+[a-z]", clause_text)
                    )
                )
            ):
                # ", and to hold X", ", and would do X": another action under the same verb.
                trigger = dataclasses.replace(shared.trigger, start=0, end=0)
                clauses.append(
                    _Clause(index, c_start, c_end, shared.subject, trigger, voice=shared.voice)
                )
                continue
            scope = clause_text[: trigger.start] if trigger else clause_text
            subjects = _subjects(scope, ctx)
            if trigger and trigger.kind == "pledge":
                own = _subjects(trigger.word, ctx)
                subjects = own or _subjects(clause_text[trigger.start : trigger.end] + " x", ctx)
                if re.match(r"(?:she|he|I|It)$", trigger.word):
                    subjects = [_Subject(False, ctx.last_single, 0)]
            subject = (subjects[-1] if trigger else subjects[0]) if subjects else previous
            if subject is not None and not subject.plural and subject.party:
                ctx.last_single = subject.party
            previous = subject
            clauses.append(_Clause(index, c_start, c_end, subject, trigger, voice=ctx.last_single))

    # What a paragraph is about, for titles too generic to stand alone: "Regarding X, ..."
    # or an earlier sentence's "exchanged views on X".
    intro = _TOPIC_INTRO.match(text)
    topics = [_simplify_topic(intro["topic"]) if intro else ""] * len(sentences)
    for index, (s_start, s_end) in enumerate(sentences):
        views = _TOPIC_VIEWS.search(text, s_start, s_end)
        if views:
            for later in range(index + 1, len(sentences)):
                topics[later] = topics[later] or _simplify_topic(views["topic"])

    found: list[_Found] = []
    for position, clause in enumerate(clauses):
        trigger = clause.trigger
        if trigger is None or clause.used:
            continue
        clause_text = text[clause.start : clause.end]
        action = clause_text[trigger.end :]
        plural, speaker = _resolve(clause.subject, ctx)
        if trigger.kind in ("should", "need"):
            found_item = _should(trigger, clause, action, plural, speaker, ctx)
            if found_item is not None:
                found.append(found_item)
            continue
        if trigger.kind == "pledge":
            plural = bool(re.match(r"(?:they|the\s+two|both|we)\b", trigger.word, re.I))
            speaker = None if plural else (clause.subject.party if clause.subject else None)
            if not plural and speaker is None:
                speaker = vocab.party_code(
                    re.sub(r"\s+(?:side|government)$", "", trigger.word, flags=re.I)
                )
            action = text[clause.start + trigger.end : clause.end]
        kind, obj, end, sentence_ids = trigger.kind, None, clause.end, (clause.sentence,)
        if kind == "desire":
            partner = _acceptance(clauses, position, text, speaker, ctx)
            if partner is not None:
                partner.used = True
                kind, plural, end = "joint", True, partner.end
                sentence_ids = tuple(range(clause.sentence, partner.sentence + 1))
            elif trigger.want in vocab.INTENT_WORDS:
                kind = "pledge"
            elif trigger.want == "proposed":
                kind = "request"
            elif trigger.want in vocab.HOPE_WORDS:
                obj, _ = _request_object(action, ctx)
                if not obj or obj == speaker:
                    continue
                kind = "request"
            else:
                continue
        if kind == "request":
            obj, action = _request_object(action, ctx)
            if re.match(r"\s*that\b", clause_text[trigger.end :]) and obj is None:
                action = re.sub(r"^\s*that\s+", "", action)
        if kind == "joint" and not plural:
            kind = "pledge"
        if kind == "pledge" and plural:
            kind = "joint"
        at = clause.start + trigger.end if trigger.end else clause.start
        found.append(
            _Found(kind, clause.start, end, action, speaker, plural, obj, sentence_ids, at)
        )

    found = [part for item in found for part in _list_parts(item, text)]
    # "The two countries also need to ensure" and the page ends: nothing to propose yet.
    cut_off = not _TERMINAL.search(text)
    found = [
        item
        for item in found
        if not (cut_off and item.end >= len(text.rstrip()) - 1 and len(item.action.split()) < 2)
    ]
    for item in found:
        if item.kind == "request" and re.match(r"\s*(?:to\s+)?jointly\b", item.action):
            item.obj = "*"  # "... and to jointly bring bilateral relations back": both act
    results: list[ProposedCommitment] = []
    for item in found:
        same_sentence = [f for f in found if f.sentences[0] == item.sentences[0]]
        s_start = sentences[item.sentences[0]][0]
        s_end = sentences[item.sentences[-1]][1]
        if len(same_sentence) == 1:
            start, end = s_start, s_end
        else:
            start, end = item.start, item.end
            earlier = [
                c for c in clauses if c.end <= item.start and c.sentence == item.sentences[0]
            ]
            # "both sides decided to consider such visits": keep the clause "such" points to.
            anaphor = re.search(r"\b(?:such|these|this|the\s+same)\b", text[start:end], re.I)
            if anaphor and earlier and earlier[-1].trigger is None:
                start = earlier[-1].start
        excerpt_start = start + len(text[start:end]) - len(text[start:end].lstrip(" ,;"))
        excerpt = text[excerpt_start:end].rstrip()
        excerpt = re.sub(r"^(?:and|but|while)\s*,?\s+", "", excerpt)
        results.extend(
            _commitments_for(
                item,
                excerpt,
                text[s_start:s_end],
                paragraph,
                ctx,
                meeting,
                prefix,
                topics[item.sentences[0]] if topics else "",
            )
        )
    return results


_LIST_ADVERBS = (
    r"(?:(?:also|further|jointly|actively|earnestly|constantly|steadily|speedily|\w+ly)\s+)*"
)
_VERB_LIST = re.compile(
    rf",\s+(?:and\s+|but\s+(?:also\s+)?)?(?={_LIST_ADVERBS}(?:{'|'.join(vocab.LIST_VERBS)})\b)"
    rf"|(?<!ly)\s+and\s+(?={_LIST_ADVERBS}(?:{'|'.join(vocab.LIST_VERBS)})\s+(?:the|a|an|up|"
    r"[a-z]+['’]s|[A-Z]\w*)\b)"
)
# "... coordination to further enhance X, prevent Y and safeguard Z": a list after a purpose
# "to" belongs to the purpose, not to the verb; "work together with X to", "continue to" are not
# purposes.
_PURPOSE_TO = re.compile(
    r"(?<!together)(?<!continue)(?<!willing)(?<!ready)(?<!ways)\s+(?:so\s+as\s+|in\s+order\s+)?to\s+"
    r"(?:further\s+|jointly\s+|actively\s+)?(?!the\b|a\b|an\b|its\b|their\b|still\b)[a-z]+\b"
)
_TO_LIST = re.compile(
    r",\s+(?:and\s+)?(?=to\s+(?!the\b|a\b|an\b|its\b|their\b|this\b|that\b|be\b)[a-z]+\s)"
)


def _list_parts(item: _Found, text: str) -> list[_Found]:
    """One commitment per action when a verb lists several: "agreed to promote X, to hold Y,
    and to hold Z"; "is willing to push X, plan Y, overcome difficulties ..." (what asks
    nothing in particular, vocabulary.VAGUE_ACTIONS, is dropped)."""
    if item.action_at < 0 or len(item.sentences) > 1:
        return [item]
    action = text[item.action_at : item.end]
    if item.kind == "joint":
        if not re.match(r"\s*to\s+[a-z]", action):
            return [item]
        separators = list(_TO_LIST.finditer(action))
    else:
        # "urge the U.S. to abide by X, honor Y, and maintain Z": the infinitive after whom is
        # asked is the list itself, not a purpose.
        asked = (
            re.match(r"\s*(?:the\s+)?[^,]{1,40}?\s+to\s+", action)
            if item.kind == "request"
            else None
        )
        purpose = next(
            (
                m.start()
                for m in _PURPOSE_TO.finditer(action, asked.end() if asked else 0)
                if m.start() > 0
                and not re.search(
                    r"\bwork(?:ing)?\s+together(?:\s+with\s+[^,]{0,40})?$", action[: m.start()]
                )
            ),
            len(action),
        )
        separators, last = [], 0
        for match in _VERB_LIST.finditer(action, 0, purpose):
            balanced = action.count("(", 0, match.start()) == action.count(")", 0, match.start())
            if balanced and len(action[last : match.start()].split()) >= 2:
                separators.append(match)
                last = match.end()
    if not separators:
        return [item]
    bounds = [0, *(m.end() for m in separators)]
    stops = [*(m.start() for m in separators), len(action)]
    parts = []
    for index, (start, stop) in enumerate(zip(bounds, stops, strict=True)):
        piece = action[start:stop]
        if index and vocab.VAGUE_ACTIONS.match(piece.strip()):
            continue
        if index == 0:
            first = dataclasses.replace(item, end=item.action_at + stop, action=piece)
            parts.append(first)
        else:
            at = item.action_at + start
            parts.append(
                dataclasses.replace(
                    item, start=at, end=item.action_at + stop, action=piece, action_at=at
                )
            )
    if parts and vocab.VAGUE_ACTIONS.match(re.sub(r"^\s*to\s+", "", parts[0].action.strip())):
        parts = parts[1:] or parts
    return parts


def _should(
    trigger: _Trigger,
    clause: _Clause,
    action: str,
    plural: bool,
    speaker: str | None,
    ctx: _Context,
) -> _Found | None:
    """ "China and Japan should ...", "the need for Japan to ...", said by one side: its request
    of both sides or of the side named (issue 14); said by both, a joint commitment."""
    sentences = (clause.sentence,)
    plural = clause.subject is not None and clause.subject.plural  # said by both sides
    if plural:
        if trigger.kind == "need":
            return None
        return _Found("joint", clause.start, clause.end, action, None, True, None, sentences)
    speaker = speaker or clause.voice or ctx.home
    named = vocab.party_code(re.sub(r"\s+side$", "", trigger.word.strip()))
    # "the need for full transparency" asks the other side; "should" asks whom it names, or all.
    obj = None if trigger.kind == "need" else named or "*"
    at = clause.start + trigger.end
    if obj == speaker:  # "China should ...", said by China: its own undertaking
        return _Found(
            "pledge", clause.start, clause.end, action, speaker, False, None, sentences, at
        )
    return _Found("request", clause.start, clause.end, action, speaker, False, obj, sentences, at)


def _acceptance(
    clauses: list[_Clause], position: int, text: str, speaker: str | None, ctx: _Context
) -> _Clause | None:
    """The other side's "expressed his support for such cooperation" answering a wish."""
    first = clauses[position]
    for clause in clauses[position + 1 :]:
        if clause.sentence > first.sentence + 1:
            break
        match = _ACCEPT.search(text[clause.start : clause.end])
        if not match:
            continue
        plural, party = _resolve(clause.subject, ctx)
        if not plural and party and party != speaker:
            return clause
    return None


def _commitments_for(
    item: _Found,
    excerpt: str,
    sentence: str,
    paragraph: Paragraph,
    ctx: _Context,
    meeting: ProposedMeeting,
    prefix: str,
    topic: str,
) -> list[ProposedCommitment]:
    action = item.action
    scope = _SCOPE_END.split(action, maxsplit=1)[0]
    target = _target(scope)
    continuing = bool(vocab.CONTINUING.search(scope))
    if item.kind == "joint":
        responsible, requested_by = list(ctx.parties), ""
    elif item.kind == "pledge":
        responsible, requested_by = [item.speaker or ctx.home], ""
    else:
        requested_by = item.speaker or ctx.home
        others = [p for p in ctx.parties if p != requested_by]
        named = [item.obj] if item.obj else others
        responsible = list(ctx.parties) if item.obj == "*" else named
    mechanisms = _mechanisms(scope, prefix)
    common = {
        "paragraph": paragraph.number,
        "kind": item.kind,
        "text": excerpt,
        "requested_by": requested_by,
        "responsible": responsible,
        "continuing": continuing,
        "target": target,
    }
    if len(mechanisms) >= 2 and re.search(r"\band\b", scope):
        verb_word = _clean_action(scope).split(" ", 1)[0]
        verb = _base_verb(verb_word) if verb_word.lower().endswith("ing") else verb_word
        if verb[:1].isupper():
            verb = "use"
        titles = [f"{verb} the {name} {target}".strip() for name in mechanisms]
        titles = [
            t if len(t) <= 100 else f"{verb} the {n}"
            for t, n in zip(titles, mechanisms, strict=True)
        ]
        return [
            ProposedCommitment(**common, title=_cut(_capitalise(title)), mechanism=name)
            for title, name in zip(titles, mechanisms, strict=True)
        ]
    mechanism = mechanisms[0] if mechanisms else ""
    if mechanism and meeting.mechanism and mechanism.lower() == meeting.mechanism.lower():
        mechanism = meeting.mechanism
    if (
        not mechanism
        and meeting.mechanism
        and re.search(
            rf"\b(?:the\s+)?(?:(?:{vocab.ORDINALS}|next)\s+)?(?:Dialogue|session|round)\b",
            scope,
            re.I,
        )
        and re.search(r"\bhold\b|\bholding\b|\bconven", scope, re.I)
    ):
        mechanism = meeting.mechanism
    return [
        ProposedCommitment(
            **common,
            title=_title(action, sentence, topic),
            mechanism=mechanism,
        )
    ]
