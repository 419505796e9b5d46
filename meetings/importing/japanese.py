"""Reading a readout written in Japanese.

MOFA's Japanese pages (and the Japanese texts that embassies of other governments publish)
follow a few shapes: a date line (令和2年11月24日), a lead (「茂木敏充外務大臣は、24日午後5時30分頃
から、王毅国務委員兼外交部長との間で日中外相会談を行ったところ、概要以下のとおり」), then items
numbered 1 / (1) / ア / 1. / 一、, or bullets, or plain paragraphs. Every sentence reports an
act with a verb at its end: 一致しました, 確認しました, 求めました, 要請しました, 申し入れました,
…旨述べました, 表明しました; or, in direct speech under "概要以下のとおり述べた。", it ends with the
speaker's own words (…していきたい, …必要がある).

The reader splits sentences at those verbs into clauses, finds who speaks in each (両外相は,
茂木大臣から, 習氏は; or the speaker of the sentence before), and reads the kind of commitment
from the verb and from how what was agreed or said ends (…していくことで一致 is joint, …重要性で一致
is a position, …したい旨述べ is a pledge, …共に…必要がある旨述べ is a request of both sides). The
phrase tables are in :mod:`meetings.importing.vocabulary` (the ``JA_`` names).

Regular expressions on characters do the work; no morphological analyser is needed, because
the readouts mark their structure with verbs, particles and punctuation that a pattern can see
(docs/importing.md says more).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from meetings.importing import vocabulary as vocab
from meetings.importing.records import (
    LEAD_PARAGRAPH,
    Attendee,
    MeetingReference,
    Paragraph,
    ParsedReadout,
    ProposedCommitment,
    ProposedMeeting,
    ReadoutError,
    text_hash,
)

_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
_CJK = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff]")


def is_japanese(text: str) -> bool:
    """Whether the text is written in Japanese: kana among many CJK characters."""
    sample = text[:4000]
    letters = sum(1 for c in sample if c.isalpha())
    cjk = len(_CJK.findall(sample))
    return bool(_KANA.search(sample)) and cjk >= 0.3 * max(letters, 1)


def _int(digits: str) -> int:
    return int(unicodedata.normalize("NFKC", digits))


_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _kanji_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20."""
    if "十" not in text:
        return _KANJI_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + _KANJI_DIGITS.get(units, 0)


# --- Party names --------------------------------------------------------------------------

_NAME_TO_PARTY = {name: code for code, names in vocab.JA_PARTIES.items() for name in names}
_PARTY_NAMES = "|".join(sorted(_NAME_TO_PARTY, key=len, reverse=True))
_COMPOUND_PART = "|".join(sorted(vocab.JA_COMPOUND_PARTIES, key=len, reverse=True))
# 日中, 日米韓, 日豪NZ韓, 日・ASEAN, 中日; two parts at least.
_COMPOUND = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=回))(?P<c>(?:{_COMPOUND_PART})(?:・?(?:{_COMPOUND_PART})){{1,5}})"
    rf"(?=(?:{vocab.JA_COMPOUND_FOLLOWERS}))"
)


def _meeting_names(opening: str) -> str:
    """The names of the meeting held, in the lead: 日韓外相会談を行った, 日豪NZ韓次官級協議を."""
    names = re.finditer(
        rf"[^、,。(（)）をがはのと]{{2,30}}?(?:{vocab.JA_MEETING_NOUNS})(?:[(（][^)）]*[)）])?"
        r"(?=を|が|及び|との|\s*[(（]約)",
        opening,
    )
    return " ".join(match[0] for match in names)


def _codes(compound: str) -> list[str]:
    """日米韓 -> [JP, US, KR]."""
    codes = [vocab.JA_COMPOUND_PARTIES[p] for p in re.findall(_COMPOUND_PART, compound)]
    return list(dict.fromkeys(codes))


def _compound_parties(text: str) -> list[str]:
    """The parties named by compounds such as 日中 or 日米韓, in order, each once."""
    found: list[str] = []
    for match in _COMPOUND.finditer(text):
        codes = _codes(match["c"])
        if len(codes) < 2:
            continue
        for code in codes:
            if code not in found:
                found.append(code)
    return found


# --- Dates, times, durations --------------------------------------------------------------

_D = r"[0-9０-９]"
_ERA_DATE = re.compile(
    rf"(?P<era>{'|'.join(vocab.JA_ERAS)})(?P<y>{_D}{{1,2}}|元)年\s*(?P<m>{_D}{{1,2}})月\s*"
    rf"(?P<d>{_D}{{1,2}})日"
)
_WESTERN_DATE = re.compile(rf"(?P<y>{_D}{{4}})年\s*(?P<m>{_D}{{1,2}})月\s*(?P<d>{_D}{{1,2}})日")
_MONTH_DAY = re.compile(rf"(?<![0-9０-９年])(?P<m>{_D}{{1,2}})月\s*(?P<d>{_D}{{1,2}})日")
_DAY_ONLY = re.compile(rf"(?:^|[、,\s本(（]|現地時間)(?P<d>{_D}{{1,2}})日(?![間本])")
_TODAY = re.compile(r"本日|今日")


def _full_dates(text: str) -> list[tuple[int, datetime.date]]:
    """(position, date) of every date printed with its year, era or western."""
    found = []
    for match in _ERA_DATE.finditer(text):
        count = 1 if match["y"] == "元" else _int(match["y"])
        year = vocab.JA_ERAS[match["era"]] + count - 1
        day = _safe_date(year, _int(match["m"]), _int(match["d"]))
        if day:
            found.append((match.start(), day))
    for match in _WESTERN_DATE.finditer(text):
        day = _safe_date(_int(match["y"]), _int(match["m"]), _int(match["d"]))
        if day:
            found.append((match.start(), day))
    return sorted(found, key=lambda item: item[0])


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _meeting_date(
    opening: str, page_day: datetime.date | None, warnings: list[str]
) -> datetime.date | None:
    """The meeting's date from the lead's first sentence, read against the page's date."""
    full = _full_dates(opening)
    if full:
        return full[0][1]
    month_day = _MONTH_DAY.search(opening)
    if month_day:
        month, day = _int(month_day["m"]), _int(month_day["d"])
        if page_day is None:
            warnings.append(
                f"The readout prints the meeting date ({month}月{day}日) without a year, and no "
                "page date or source address gives one; fill in the date."
            )
            return None
        limit = page_day + datetime.timedelta(days=7)
        for year in (limit.year, limit.year - 1):
            candidate = _safe_date(year, month, day)
            if candidate and candidate <= limit:
                return candidate
        return None
    day_only = _DAY_ONLY.search(opening)
    if day_only and page_day:
        day = _int(day_only["d"])
        candidate = _safe_date(page_day.year, page_day.month, day)
        if candidate and candidate <= page_day + datetime.timedelta(days=7):
            return candidate
        previous = page_day.replace(day=1) - datetime.timedelta(days=1)
        return _safe_date(previous.year, previous.month, day)
    if page_day is not None:
        return page_day
    if _TODAY.search(opening) or day_only:
        warnings.append(
            "The readout says when the meeting was held only as 本日 or a day of the month, and "
            "prints no date of its own; fill in the date."
        )
    return None


_TIME = re.compile(
    rf"(?P<ampm>午前|午後)?\s*(?P<h>{_D}{{1,2}})時(?!間)\s*(?:(?P<m>{_D}{{1,2}})分|(?P<half>半))?"
)
_LOCAL = "現地時間"
_HOME_TIME = "日本時間"


def _start_time(opening: str) -> datetime.time | None:
    """The first time printed; a time marked 日本時間 gives way to one marked 現地時間."""
    candidates = []
    for match in _TIME.finditer(opening):
        hour, minute = _int(match["h"]), _int(match["m"]) if match["m"] else 0
        if match["half"]:
            minute = 30
        if match["ampm"] == "午後" and hour < 12:
            hour += 12
        elif match["ampm"] == "午前" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        before = opening[max(0, match.start() - 16) : match.start()]
        after = opening[match.end() : match.end() + 10]
        marks = [(before.rfind(_LOCAL), 0), (before.rfind(_HOME_TIME), 2)]
        nearest = max(marks)
        if re.match(rf"\s*(?:頃|過ぎ|ごろ)?\s*[(（]\s*{_LOCAL}\s*[)）]", after):
            rank = 0
        elif re.match(rf"\s*(?:頃|過ぎ|ごろ)?\s*[(（]\s*{_HOME_TIME}\s*[)）]", after):
            rank = 2
        else:
            rank = nearest[1] if nearest[0] >= 0 else 1
        candidates.append((rank, match.start(), datetime.time(hour, minute)))
    return min(candidates)[2] if candidates else None


_DURATION = re.compile(
    rf"(?:約|およそ)?(?:(?P<h>{_D}{{1,2}}(?:\.{_D})?)時間(?:(?P<m>{_D}{{1,2}})分|(?P<half>半))?"
    rf"|(?<![時0-9０-９])(?P<m2>{_D}{{1,3}})分)(?P<kan>間)?"
)


def _duration(opening: str) -> int | None:
    """The meeting's own duration: 約1時間30分, 約45分間, 15分間; not a meal's."""
    for match in _DURATION.finditer(opening):
        if match["m2"] and not (match[0].startswith(("約", "およそ")) or match["kan"]):
            continue
        if re.search(
            rf"(?:{vocab.JA_MEALS})[(（]?$", opening[max(0, match.start() - 10) : match.start()]
        ):
            continue
        if match["h"]:
            minutes = float(unicodedata.normalize("NFKC", match["h"])) * 60
            minutes += 30 if match["half"] else _int(match["m"]) if match["m"] else 0
            return round(minutes)
        return _int(match["m2"])
    return None


# --- People -------------------------------------------------------------------------------

_KATAKANA_NAME = r"[ァ-ヺ][ァ-ヺー]*(?:[・=＝](?:[ァ-ヺ][ァ-ヺー]*|[A-ZＡ-Ｚ]\.?))*"
_KANJI_NAME = r"[\u3005\u4e00-\u9fff\U00020000-\U0002ffff]{1,5}"
_READING = r"(?:[(（][ぁ-んァ-ヺー・\s]+[)）])"
_ENGLISH_ASIDE = r"(?:[(（][A-Za-z][^)）]*[)）])"
_TITLE_START = re.compile(rf"(?:{vocab.JA_TITLE_STARTS})")
_TITLE = re.compile(
    rf"(?:(?:{vocab.JA_TITLE_STARTS})[\u4e00-\u9fffァ-ヺー・]*?)?(?:{vocab.JA_TITLE_ENDS})"
)
# After a katakana name the script changes, so any run ending in a title is the title.
_FOREIGN_TITLE = re.compile(rf"[\u4e00-\u9fffァ-ヺー・]*?(?:{vocab.JA_TITLE_ENDS})")


@dataclass
class _Person:
    name: str
    title: str
    party: str
    start: int
    particle: str  # what follows: は (the one who met), と (whom), ほか, 、...


# One-character names of a country, as printed between a name and a title: "豪外務・貿易省次官".
_SHORT = {k: v for k, v in vocab.JA_COMPOUND_PARTIES.items() if len(k) == 1 and k != "日"}
_COUNTRY = re.compile(rf"(?:{_PARTY_NAMES}|[{''.join(_SHORT)}])")


def _country(text: str) -> tuple[str, str]:
    """A country printed at the start of ``text`` ("韓国外交部長官"): (code, the rest)."""
    match = _COUNTRY.match(text)
    if not match:
        return "", text
    return _NAME_TO_PARTY.get(match[0]) or _SHORT[match[0]], text[match.end() :]


def _split_name_title(run: str) -> tuple[str, str, str] | None:
    """茂木敏充外務大臣 -> (茂木敏充, '', 外務大臣); 朴振韓国外交部長官 -> (朴振, KR, 外交部長官).

    The name is the shortest start after which a country or a title begins.
    """
    for cut in range(1, min(len(run), 6)):
        name, rest = run[:cut], run[cut:]
        code, title = _country(rest)
        if code and _TITLE.fullmatch(title):
            return name, code, title
        if _TITLE_START.match(rest) and _TITLE.fullmatch(rest):
            return name, "", rest
    return None


_PERSON_RE = re.compile(
    rf"(?:(?P<before>{_PARTY_NAMES})の)?"
    rf"(?:(?P<kata>{_KATAKANA_NAME})|(?P<kanji>{_KANJI_NAME}))"
    rf"(?P<reading>{_READING})?・?"
    rf"(?P<rest>[\u4e00-\u9fffァ-ヺー・]{{0,24}}?(?:{vocab.JA_TITLE_ENDS}))"
    rf"(?={_ENGLISH_ASIDE}?\s*(?P<particle>は|と|及び|、|,|との|ほか|も|が|から|より|$))"
)


def _people(text: str) -> list[_Person]:
    """People printed as name and title: 茂木敏充外務大臣, ナレンドラ・モディ・インド首相."""
    found: list[_Person] = []
    for match in _PERSON_RE.finditer(text):
        if match["kata"]:
            pieces = re.split(r"([・=＝])", match["kata"])  # name parts and the marks between
            parts = pieces[::2]
            cut = next((i for i, part in enumerate(parts) if part in _NAME_TO_PARTY), len(parts))
            if cut == 0:
                continue
            name = "".join(pieces[: 2 * cut - 1])  # as printed, up to the country
            remaining = "".join(pieces[2 * cut :]) + match["rest"]
            country, title = _country(remaining)
            if not _FOREIGN_TITLE.fullmatch(title):
                continue
        else:
            run = match["kanji"]
            if match["reading"]:
                name = run
                country, title = _country(match["rest"])
                if not _TITLE.fullmatch(title):
                    continue
            else:
                split = _split_name_title(run + match["rest"])
                if split is None:
                    continue
                name, country, title = split
        party = country or (_NAME_TO_PARTY.get(match["before"], "") if match["before"] else "")
        if not party:
            party = next((code for word, code in vocab.JA_TITLE_PARTIES if word in title), "")
        if not party:
            inside = re.search(_PARTY_NAMES, title)
            party = _NAME_TO_PARTY[inside[0]] if inside else ""
        if re.fullmatch(r"[一二三四五六七八九十両各全双0-9０-９]+", name):
            continue  # 四大臣, 両外相: several people, not a name
        found.append(_Person(name, title, party, match.start(), match["particle"]))
    return found


def _is_katakana(name: str) -> bool:
    return bool(re.fullmatch(r"[ァ-ヺー・=＝A-ZＡ-Ｚ.]+", name))


def _attendance(lead: str, first: str, parties: list[str], home: str) -> list[Attendee]:
    """People in the lead (those who met, and those 同席), or if none, in the first paragraph."""
    people = _people(lead) or _people(first)
    kept: list[_Person] = []
    for person in people:
        duplicate = next(
            (
                p
                for p in kept
                if p.name.startswith(person.name)
                or person.name.startswith(p.name)
                or person.name in p.name.split("・")
            ),
            None,
        )
        if duplicate is None:
            kept.append(person)
    # A katakana name is a foreign one; in a meeting of two parties, whoever is not marked as one
    # party is the other.
    for person in kept:
        if not person.party and _is_katakana(person.name):
            others = [p for p in parties if p != home]
            if len(others) == 1:
                person.party = others[0]
    for person in kept:
        if person.party:
            continue
        marked = {p.party for p in kept if p.party}
        unmarked = [p for p in parties if p not in marked]
        if (
            person.title.endswith(("外務大臣", "大臣", "総理", "審議官", "局長"))
            and home in parties
        ):
            person.party = home if home not in marked or len(unmarked) == 0 else unmarked[0]
        elif len(unmarked) == 1:
            person.party = unmarked[0]
        elif home not in marked:
            person.party = home
    return [Attendee(p.name, p.title, p.party) for p in kept]


# --- Lines, items and paragraphs ----------------------------------------------------------

_BULLET = re.compile(r"^[-•*○●◯◦▪■□◆◇‣–—・]\s*(?=\S)")
_TOP = re.compile(r"^(?P<n>[0-9０-９]{1,2})(?:[.．、)）]\s*|[ \t\u3000]+)(?P<t>\S.*)$")
_KANJI_TOP = re.compile(r"^(?P<k>[一二三四五六七八九十]{1,3})[、.．]\s*(?P<t>\S.*)$")
_SUB = re.compile(r"^[(（](?P<n>[0-9０-９]{1,2})[)）]\s*(?P<t>\S.*)$")
_IROHA = re.compile(
    r"^(?:[(（][ア-ン][)）]|[アイウエオカキクケコサシスセソタチツテト][ \t\u3000]+)\s*(?P<t>\S.*)$"
)
_REFERENCE = re.compile(vocab.JA_REFERENCE_BLOCK)
_FURNITURE = re.compile(
    r"^(?:このページのトップに戻る|ページの先頭へ|.{0,30}へ戻る|記事|印刷|シェア|関連リンク|"
    r"(?:\(|（)?写真(?:提供)?.*)$"
)
_SENTENCE_END = re.compile(r"[。！？」』）)]$")


@dataclass
class _Line:
    kind: str  # top, sub, iroha, bullet, text
    label: str
    text: str


def _line(raw: str) -> _Line | None:
    text = raw.strip(" \t\u3000")
    if not text or _FURNITURE.match(text):
        return None
    bullet = _BULLET.match(text)
    if bullet and not _TOP.match(text):
        text = text[bullet.end() :]
    for kind, pattern in (("top", _TOP), ("sub", _SUB), ("iroha", _IROHA)):
        match = pattern.match(text)
        if match:
            label = str(_int(match["n"])) if "n" in match.groupdict() else ""
            return _Line(kind, label, match["t"].strip())
    match = _KANJI_TOP.match(text)
    if match:
        return _Line("top", str(_kanji_number(match["k"])), match["t"].strip())
    return _Line("bullet" if bullet else "text", "", text)


def _is_heading(text: str) -> bool:
    return len(text) <= 30 and not re.search(r"[。、,]", text)


def _join(parts: list[str]) -> tuple[str, list[int]]:
    """Lines of one paragraph joined; returns the text and where each joined line starts."""
    text, starts = "", []
    for part in parts:
        if text and not _SENTENCE_END.search(text) and not re.match(r"[、,。]", part):
            text += " "
        starts.append(len(text))
        text += part
    return text, starts


@dataclass
class _Para:
    number: str
    parts: list[str] = field(default_factory=list)
    heading: str = ""

    @property
    def text(self) -> str:
        return _join(self.parts)[0]


def _paragraphs(lines: list[_Line], lead: str, numbered: bool) -> list[_Para]:
    paras: list[_Para] = []
    if not numbered:
        if lead:
            paras.append(_Para("1", [lead]))
        for line in lines:
            last = paras[-1] if paras else None
            if (
                last is not None
                and line.kind in ("text", "iroha")
                and not _SENTENCE_END.search(last.parts[-1])
            ):
                last.parts.append(line.text)
            else:
                paras.append(_Para(str(len(paras) + 1), [line.text]))
        return paras

    lead_para = _Para(LEAD_PARAGRAPH, [lead] if lead else [])
    paras.append(lead_para)
    top: _Para | None = None
    current: _Para | None = None
    has_top = any(line.kind == "top" for line in lines)
    for line in lines:
        kind = line.kind if has_top or line.kind != "sub" else "top"
        if kind == "top":
            top = _Para(line.label)
            if _is_heading(line.text):
                top.heading = line.text
            else:
                top.parts.append(line.text)
            paras.append(top)
            current = top
        elif kind == "sub" and top is not None:
            current = _Para(f"{top.number}({line.label})")
            if _is_heading(line.text):
                current.heading = line.text
            else:
                current.parts.append(line.text)
            paras.append(current)
        elif current is not None:
            current.parts.append(line.text)
        else:
            lead_para.parts.append(line.text)
    return [p for p in paras if p.parts]


# --- Sentences and clauses ----------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences: up to each 。 outside 「」, and at each joined line without one."""
    spans, start, depth = [], 0, 0
    for index, char in enumerate(text):
        if char in "「『":
            depth += 1
        elif char in "」』":
            depth = max(0, depth - 1)
        elif char in "。！？" and depth == 0:
            spans.append((start, index + 1))
            start = index + 1
    if start < len(text):
        spans.append((start, len(text)))
    result = []
    for a, b in spans:
        while a < b and text[a] in " \u3000":
            a += 1
        if a < b:
            result.append((a, b))
    return result


def _alternatives(patterns: tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


_PREDICATE_KINDS = ("agree", "confirm", "request", "state", "other")
_PREDICATES = {
    kind: re.compile(
        rf"(?P<v>{_alternatives(vocab.JA_PREDICATES[kind])})(?P<conj>{vocab.JA_CONJUGATIONS})"
        rf"(?=(?:{vocab.JA_CLAUSE_ENDS}))"
    )
    for kind in _PREDICATE_KINDS
}
_CONNECTIVE_AFTER = re.compile(
    r"^(?:とともに|と共に|上で|のに対し(?:て)?|一方(?:で)?|ところ)?[、,，]?\s*"
)


@dataclass
class _Predicate:
    kind: str
    start: int  # of the verb phrase, in the sentence
    end: int  # after the conjugation
    boundary: int  # where the next clause starts


def _predicates(sentence: str) -> list[_Predicate]:
    found = []
    for priority, kind in enumerate(_PREDICATE_KINDS):
        for match in _PREDICATES[kind].finditer(sentence):
            found.append((match.start(), -(match.end() - match.start()), priority, kind, match))
    chosen: list[_Predicate] = []
    for start, _, _, kind, match in sorted(found, key=lambda f: (f[0], f[1], f[2])):
        if any(start < c.end and match.end() > c.start for c in chosen):
            # Overlap: a commitment verb wins over one that only reports ("述べ" in "旨述べ").
            overlapping = [c for c in chosen if start < c.end and match.end() > c.start]
            if kind != "other" and all(c.kind == "other" for c in overlapping):
                for c in overlapping:
                    chosen.remove(c)
            else:
                continue
        after = _CONNECTIVE_AFTER.match(sentence[match.end() :])
        boundary = match.end() + (after.end() if after else 0)
        chosen.append(_Predicate(kind, start, match.end(), boundary))
    return sorted(chosen, key=lambda c: c.start)


# --- Who speaks ---------------------------------------------------------------------------

_PARTICLE = rf"(?:{vocab.JA_SUBJECT_PARTICLES})[、,，]?"
_PLURAL = re.compile(rf"(?:{vocab.JA_PLURAL_SUBJECTS}){_PARTICLE}")


@dataclass
class _Speaker:
    plural: bool
    party: str | None
    start: int
    end: int


class _Voices:
    """Who a subject phrase names: people of the attendance by name or family name, sides."""

    def __init__(self, attendance: list[Attendee], parties: list[str], home: str):
        tokens: dict[str, str] = {}
        clashes: set[str] = set()

        def add(token: str, party: str) -> None:
            if len(token) < 1 or not party:
                return
            if tokens.get(token, party) != party:
                clashes.add(token)
            tokens[token] = party

        for person in attendance:
            add(person.name, person.party)
            if _is_katakana(person.name):
                for part in re.split(r"[・=＝]", person.name):
                    if len(part) >= 2:
                        add(part, person.party)
            else:
                for cut in range(1, len(person.name)):
                    add(person.name[:cut], person.party)
        self.tokens = {t: p for t, p in tokens.items() if t not in clashes}
        self.parties = parties
        self.home = home
        names = "|".join(sorted((re.escape(t) for t in self.tokens), key=len, reverse=True))
        particles = vocab.JA_SUBJECT_PARTICLES
        self.person = (
            re.compile(
                rf"(?<![\u4e00-\u9fffァ-ヺー])(?P<tok>{names}){_READING}?・?"
                rf"(?:{_COUNTRY.pattern}?(?:{vocab.JA_TITLE_STARTS})[\u4e00-\u9fffァ-ヺー・]{{0,14}}?"
                rf"|氏|さん)?(?:{particles})[、,，]?"
            )
            if names
            else None
        )
        self.side = re.compile(
            rf"(?P<party>{_PARTY_NAMES})(?:側|政府)?(?:としても|としては|として|は|から)[、,，]?"
        )
        self.ours = re.compile(r"(?:我が方|当方|先方)(?:から|は)[、,，]?")

    def speakers(self, text: str) -> list[_Speaker]:
        found: list[_Speaker] = []
        for match in _PLURAL.finditer(text):
            found.append(_Speaker(True, None, match.start(), match.end()))
        if self.person is not None:
            for match in self.person.finditer(text):
                found.append(_Speaker(False, self.tokens[match["tok"]], match.start(), match.end()))
        for match in self.side.finditer(text):
            if match.start() == 0 or re.match(r"[、,\s]", text[match.start() - 1]):
                party = _NAME_TO_PARTY[match["party"]]
                found.append(_Speaker(False, party, match.start(), match.end()))
        for match in self.ours.finditer(text):
            party = self.home if not match[0].startswith("先方") else self._counterpart()
            found.append(_Speaker(False, party, match.start(), match.end()))
        return sorted(found, key=lambda s: s.start)

    def _counterpart(self) -> str | None:
        others = [p for p in self.parties if p != self.home]
        return others[0] if len(others) == 1 else None


# --- Reading what was agreed or said ------------------------------------------------------

_U_ROW = "うくぐすつぬぶむる"
_NOT_ACTION = re.compile(rf"(?:{vocab.JA_NOT_ACTIONS})$")
_POSITION = re.compile(rf"(?:{_alternatives(vocab.JA_POSITIONS)})$")
_ACTION_IMPORTANCE = re.compile(rf"{vocab.JA_ACTION_IMPORTANCE}$")
_SHOULD_VIEW = re.compile(rf"{vocab.JA_SHOULD_VIEW}$")
_COOPERATION = re.compile(rf"(?:{vocab.JA_COOPERATION_NOUNS})$")
_ANNOUNCE = re.compile(r"(?:次の|以下の)[^、,。]{0,6}(?:点|とおり)?$|以下$")
_GENERIC = re.compile(_alternatives(vocab.JA_GENERIC_WISHES))
_PLEDGE_END = re.compile(rf"(?:{vocab.JA_PLEDGE_ENDINGS})$")
_SHOULD_END = re.compile(rf"(?:{vocab.JA_SHOULD_ENDINGS})$")
_EARLIER = re.compile(vocab.JA_EARLIER_MEETING)
_TALK = re.compile(rf"(?:{vocab.JA_TALK_VERBS})(?:る|する|し|を行う|を行い)?$")
_STANCE_OBJECT = re.compile(
    r"(?:懸念|期待|賛意|謝意|祝意|哀悼|敬意|遺憾|関心|お悔やみ|お見舞い|歓迎|立場|意見|考え|感謝|"
    r"支持|同意|賛同|理解)(?:の意)?$"
)
_ACCEPTANCE = re.compile(r"同様の(?:考え|認識|見解)|同意|賛同|同感")
_VAGUE = re.compile("|".join(vocab.JA_VAGUE_ACTIONS))
_MUST_LIST = re.compile(r"(?:なければならない|ねばならない|べきである|べきだ)$")
_DIRECT = {kind: re.compile(pattern) for kind, pattern in vocab.JA_DIRECT_ENDINGS.items()}
_OPENERS = re.compile(
    r"^(?:(?:また|さらに|更に|その上で|加えて|特に|続いて|一方|冒頭|まず|最後に|これに対し(?:て)?|"
    r"そのほか|その中で|同時に|なお|第[一二三四五六七八九十]+に)[、,，]?\s*)+"
)


def _core(content: str) -> str:
    """What was agreed or said, without trailing particles and こと: "…していく"."""
    text = content.rstrip("、,， ")
    text = re.sub(r"(?:ことで|ことを|ことに|ことの|こと)$", "", text)
    return text


def is_action(content: str) -> bool:
    """Whether the words end in a verb that does something: …していく, …を推進する, …目指す."""
    text = _core(content)
    if not text or _NOT_ACTION.search(text):
        return False
    if _POSITION.search(text):
        return False
    return text[-1] in _U_ROW or text.endswith(("ていき", "せる", "める"))


def _agreement(content: str) -> str | None:
    """joint, announce (次の三点について一致) or None (a position) for what was agreed."""
    text = content.rstrip("、,， ")
    if _ACTION_IMPORTANCE.search(text) or _SHOULD_VIEW.search(text):
        return "joint"
    if _ANNOUNCE.search(text):
        return "announce"
    bare = re.sub(r"(?:こと)$", "", text)
    if _POSITION.search(bare) and not _ACTION_IMPORTANCE.search(bare):
        return None
    if is_action(text) or _COOPERATION.search(bare):
        return "joint"
    if re.search(r"(?:決意|意思|用意|コミットメント)$", bare):
        return "resolve"
    return None


def _statement(content: str) -> str | None:
    """pledge, ask (a request of the other side), should (a request of every side) or None,
    for what one side said."""
    text = content.rstrip("、,， ")
    if _GENERIC.search(text[-40:]):
        return None
    if _DIRECT["ask"].search(text):
        return "ask"
    if re.search(r"べきではない$|てはならない$", text):
        return None
    if re.search(r"(?:なければならない|ねばならない|べき(?:である|だ)?)$", text):
        return "should"
    if _SHOULD_END.search(text):
        before = _SHOULD_END.sub("", text)
        return "should" if is_action(before) else None
    if _PLEDGE_END.search(text):
        core = re.sub(rf"(?:{vocab.JA_PLEDGE_ENDINGS})$", "", text)
        if re.search(r"(?:支持|期待|歓迎|評価|確信|同意)し?$", core):
            return None
        return "pledge"
    return None


def _declared(content: str) -> str | None:
    """…を表明: a pledge when what is declared is support, cooperation or a contribution."""
    text = content.rstrip("、,， ")
    if re.search(r"(?:協力|支援|貢献|拠出|コミットメント|決意)$", text):
        return "pledge"
    if _STANCE_OBJECT.search(text):
        return None
    return _statement(text)


# --- The reader ---------------------------------------------------------------------------


@dataclass
class _Context:
    voices: _Voices
    parties: list[str]
    voice: str  # the party whose account this is


@dataclass
class _Clause:
    start: int  # in the sentence
    end: int
    content_start: int
    kind: str  # the predicate's kind, or a direct ending
    speaker: _Speaker | None


def _addressees(content: str, parties: list[str]) -> list[str]:
    """Parties a request names: 中国側の, 韓国側による, 中韓に対して, 中国及び韓国からの."""
    found: list[str] = []
    pattern = (
        rf"(?P<a>{_PARTY_NAMES})(?:(?:及び|と|、)(?P<b>{_PARTY_NAMES}))?"
        r"(?:側)?(?:による|の(?!\w{0,2}(?:企業|国民|人|産|製))|に対し(?:て)?|からの|に)"
    )
    for match in re.finditer(pattern, content):
        if not re.search(r"側|に対し|からの|による", match[0]):
            continue
        for name in (match["a"], match["b"]):
            if name and _NAME_TO_PARTY[name] not in found:
                found.append(_NAME_TO_PARTY[name])
    for match in re.finditer(rf"(?P<c>(?:{_COMPOUND_PART}){{2,4}})に対し", content):
        for code in _codes(match["c"]):
            if code not in found:
                found.append(code)
    return [p for p in found if p in parties] or found


def _target(text: str) -> str:
    for pattern in vocab.JA_TARGETS:
        match = re.search(pattern, text)
        if match:
            return match[0]
    return ""


def _title(content: str) -> str:
    text = _OPENERS.sub("", content.strip("、,， "))
    text = re.sub(r"^[(（][0-9０-９][)）]", "", text)
    text = _core(text).strip("、,， ")
    text = re.sub(r"(?:旨|と)$", "", text)
    return text if len(text) <= 100 else text[:99] + "…"


def _split_list(content: str, offset: int) -> list[tuple[int, int, str]]:
    """One agreement on several things: "(1)…、(2)…こと", "…こと、また、…こと", "…するとともに、…".

    Returns (start, end, sub-number) spans in the sentence; sub-number is "" unless the parts
    are numbered inline.
    """
    numbered = list(re.finditer(r"[(（](?P<n>[0-9０-９]{1,2})[)）]", content))
    if len(numbered) >= 2 and numbered[0]["n"] in "1１":
        spans = []
        for index, match in enumerate(numbered):
            end = numbered[index + 1].start() if index + 1 < len(numbered) else len(content)
            spans.append((offset + match.start(), offset + end, str(_int(match["n"]))))
        return spans
    spans: list[tuple[int, int, str]] = []
    start = 0
    for match in re.finditer(
        r"(?P<k>こと)[、,，]\s*(?:また|及び|並びに|さらに)?[、,，]?\s*"
        r"|(?<=[うくぐすつぬぶむる])(?:とともに|と共に)[、,，]\s*",
        content,
    ):
        left_end = match.end("k") if match["k"] else match.start()
        left = content[start:left_end]
        if _inside_quotes(content, match.start()):
            continue
        if is_action(left) and not _TALK.search(_core(left)):
            spans.append((offset + start, offset + left_end, ""))
            start = match.end()
    spans.append((offset + start, offset + len(content), ""))
    return spans


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("「") > before.count("」") or before.count("『") > before.count("』")


def _chain(content: str, offset: int) -> list[tuple[int, int, str]]:
    """What both sides must do, listed in direct speech: "…を順守し、…を実践し、…しなければ
    ならない" (each part with its own object)."""
    spans: list[tuple[int, int, str]] = []
    start = 0
    for match in re.finditer(r"(?<=[しりみきぎびちいえけせてめれ])[、,]", content):
        if _inside_quotes(content, match.start()):
            continue
        if "を" in content[start : match.start()] and "を" in content[match.end() :]:
            spans.append((offset + start, offset + match.start(), ""))
            start = match.end()
    spans.append((offset + start, offset + len(content), ""))
    # Formulas that ask nothing in particular are not proposed (vocabulary.JA_VAGUE_ACTIONS).
    kept = [
        span for span in spans if not _VAGUE.search(content[span[0] - offset : span[1] - offset])
    ]
    return kept or spans


class _Reader:
    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self.commitments: list[ProposedCommitment] = []
        # The item whose sentence announced a list: "次の三点について一致しました" in item 2.
        self.announced: str | None = None

    def paragraph(self, para: Paragraph) -> None:
        text = para.text
        speaker: _Speaker | None = None
        direct = False  # sentences after "概要以下のとおり述べた。" are the speaker's words
        previous_must = False
        for s_start, s_end in _sentences(text):
            sentence = text[s_start:s_end]
            body = sentence.rstrip("。！？ ")
            predicates = _predicates(sentence)
            cursor = 0
            clauses: list[_Clause] = []
            for pred in predicates:
                clause_text = sentence[cursor : pred.start]
                speakers = self.ctx.voices.speakers(clause_text)
                own = speakers[-1] if speakers else None
                if own is not None:
                    speaker = own
                    content_start = cursor + own.end
                else:
                    content_start = cursor
                clauses.append(_Clause(cursor, pred.end, content_start, pred.kind, speaker))
                cursor = pred.boundary
            rest = sentence[cursor:].rstrip("。！？ ")
            if re.search(r"(?:概要)?(?:以下の(?:とおり|通り)|次のように|次の通り)", sentence):
                direct = True
            if rest:
                speakers = self.ctx.voices.speakers(rest)
                own = speakers[0] if speakers and speakers[0].start < 12 else None
                kind = next((k for k, p in _DIRECT.items() if p.search(body)), "")
                cut_off = not sentence.endswith(("。", "！", "？"))
                if not kind and cut_off and previous_must and direct:
                    kind = "cut"  # a list of what both must do, cut off by the page's end
                if kind:
                    content_start = cursor + (own.end if own and not own.plural else 0)
                    clauses.append(
                        _Clause(cursor, len(body), content_start, f"direct-{kind}", speaker)
                    )
                    previous_must = kind in ("must", "cut")
                    if own is not None and not own.plural:
                        speaker = own
                else:
                    previous_must = False
                    if own is not None:
                        speaker = own
            for clause in clauses:
                self.clause(para, sentence, clause, direct)

    def clause(self, para: Paragraph, sentence: str, clause: _Clause, direct: bool) -> None:
        """Propose the commitments one clause makes, if any."""
        verb = _PREDICATES.get(clause.kind)
        matches = list(verb.finditer(sentence, clause.content_start, clause.end)) if verb else []
        content_end = matches[-1].start() if matches else clause.end
        content = sentence[clause.content_start : content_end]
        said = sentence[content_end : clause.end]  # the verb: 一致しました, 旨述べ, を表明し
        plural = clause.speaker is not None and clause.speaker.plural
        party = clause.speaker.party if clause.speaker and not plural else None
        if _EARLIER.search(sentence[clause.start : clause.end]):
            return
        kind: str | None = None
        responsible: list[str] = []
        split = _split_list

        if clause.kind in ("agree", "confirm"):
            reading = _agreement(content)
            if reading == "announce":
                self.announced = para.number
                return
            if reading == "resolve":  # 決意を再確認: one side's own undertaking, unless both
                kind = "joint" if plural or party is None else "pledge"
            elif reading == "joint":
                kind = "joint"
        elif clause.kind == "request":
            kind = "request"
            if re.search(vocab.JA_REQUESTS_OF_ALL, said):
                responsible = list(self.ctx.parties)
        elif clause.kind == "direct-ask":
            kind = "request"
        elif clause.kind == "state" or clause.kind.startswith("direct-"):
            reading = _declared(content) if "を表明" in said else _statement(content)
            if clause.kind == "direct-cut":
                reading = "should"
            if reading == "ask":  # "…努力をお願いしたい旨述べた"
                kind = "request"
            elif reading == "pledge":
                kind = "joint" if plural else "pledge"
            elif reading == "should":
                # "…共に…していく必要がある旨述べ": a request of both sides, unless both said it
                # or the other side answered with "同様の考え" in the same sentence.
                accepted = _ACCEPTANCE.search(sentence[clause.end :])
                kind = "joint" if plural or accepted else "request"
                responsible = list(self.ctx.parties)
                if direct and clause.kind == "direct-must" and _MUST_LIST.search(content):
                    split = _chain
        if kind is None:
            return

        requested_by = ""
        if kind == "request":
            requested_by = party or self.ctx.voice
            if not responsible:
                others = [p for p in self.ctx.parties if p != requested_by]
                responsible = _addressees(content, self.ctx.parties) or others
        elif kind == "pledge":
            responsible = [party or self.ctx.voice]
        else:
            responsible = list(self.ctx.parties)

        offset = clause.content_start
        content_stop = offset + len(content)
        for index, (start, end, sub) in enumerate(split(content, offset)):
            # The first part keeps its subject (両外相は、…), the last its verb (…で一致しました).
            begin = clause.start if index == 0 and not sub else start
            excerpt = sentence[begin : clause.end if end >= content_stop else end]
            excerpt = _OPENERS.sub("", excerpt.strip("、,， "))
            part = sentence[start : min(end, content_stop)]
            number = f"{re.match(r'[0-9]+', para.number)[0]}({sub})" if sub else para.number
            if excerpt and _title(part):
                self.propose(number, kind, part, excerpt, requested_by, responsible)

    def propose(
        self,
        number: str,
        kind: str,
        content: str,
        excerpt: str,
        requested_by: str,
        responsible: list[str],
    ) -> None:
        self.commitments.append(
            ProposedCommitment(
                paragraph=number,
                kind=kind,
                title=_title(content),
                text=excerpt,
                requested_by=requested_by,
                responsible=responsible,
                continuing=bool(re.search(vocab.JA_CONTINUING, content)),
                target=_target(content),
                mechanism="",
            )
        )

    def announced_items(self, para: Paragraph) -> None:
        """Sub-items under "次の三点について一致しました": each "…していくこと。" is agreed."""
        for s_start, s_end in _sentences(para.text):
            sentence = para.text[s_start:s_end]
            if _predicates(sentence):
                continue
            body = re.sub(r"^第[一二三四五六七八九十]+に[、,]?", "", sentence.rstrip("。 "))
            for start, end, _ in _split_list(body, 0):
                part = body[start:end].rstrip("、,， ")
                if part.endswith("こと") and is_action(part):
                    excerpt = _OPENERS.sub("", part)
                    self.propose(para.number, "joint", part, excerpt, "", list(self.ctx.parties))


# --- Title, kind, mechanism ---------------------------------------------------------------

_CAPTION = re.compile(vocab.JA_CAPTIONS)
_TITLE_LINE = re.compile(rf"(?:{vocab.JA_MEETING_NOUNS})(?:[(（](?:「?2\+2」?|結果|概要)[)）])*$")
_SESSION = re.compile(r"^第(?P<n>[0-9０-９]+|[一二三四五六七八九十]+)回")


def _header_title(header: list[str]) -> str:
    for line in header:
        line = line.strip(" \t\u3000")
        if not line or _CAPTION.search(line) or _full_dates(line) or len(line) > 60:
            continue
        if _TITLE_LINE.search(line):
            return re.sub(r"[(（](?:結果|概要)[)）]$", "", line)
    return ""


def _mechanism(title: str, opening: str) -> str:
    name = ""
    session = _SESSION.match(title)
    if session or re.search(rf"(?:{vocab.JA_MECHANISM_NOUNS})$", title):
        name = _SESSION.sub("", title)
    else:
        in_lead = re.search(
            rf"第(?:[0-9０-９]+|[一二三四五六七八九十]+)回(?P<m>[^、,。がをは]{{2,40}}?"
            rf"(?:{vocab.JA_MEETING_NOUNS}))(?:[(（][^)）]*[)）])?(?:が|を)",
            opening,
        )
        if in_lead:
            name = in_lead["m"]
    return re.sub(r"(?:の開催)?[0-9０-９]*$", "", name)


def _kind(title: str, opening: str, mechanism: str, parties: list[str]) -> str:
    text = f"{title} {opening}"
    if re.search(r"電話会談|電話会議|電話で", text):
        return "telephone"
    if re.search(r"テレビ会談|テレビ会議|ビデオ会議|オンライン|ウェブ会議", text):
        return "video_conference"
    if mechanism:
        return "dialogue_session"
    if len(parties) >= 3:
        return "multilateral"
    if re.search(r"首脳|総理|首相|大統領|国家主席", text):
        return "summit"
    if re.search(r"次官", text):
        return "vice_ministerial"
    if re.search(r"外相|外務大臣|外交部長|国務長官", text):
        return "foreign_ministers"
    return "working_level"


_PLACE = re.compile(
    r"(?P<p>[\u4e00-\u9fffァ-ヺー・]{2,20}?)(?:において|で開催|にて)"
    r"|(?:・)?(?P<v>[\u4e00-\u9fffァ-ヺー]{2,12})を訪問中"
)


def _place(opening: str, kind: str) -> str:
    if kind in ("telephone", "video_conference"):
        return ""
    match = _PLACE.search(opening)
    if not match:
        return ""
    return match["p"] or match["v"] or ""


_REFERENCE_MEETING = re.compile(
    rf"(?:(?P<m>{_D}{{1,2}})月(?:(?P<d>{_D}{{1,2}})日)?(?:に行われた|の|に開催された))"
    rf"(?P<t>[\u4e00-\u9fffァ-ヺー・]{{2,30}}?(?:首脳会談|外相会談|電話会談|会談|会議|会合|対話))"
)


def _references(
    paragraphs: list[Paragraph], held_on: datetime.date | None
) -> list[MeetingReference]:
    found: list[MeetingReference] = []
    for paragraph in paragraphs:
        for match in _REFERENCE_MEETING.finditer(paragraph.text):
            day = None
            if held_on and match["d"]:
                for year in (held_on.year, held_on.year - 1):
                    day = _safe_date(year, _int(match["m"]), _int(match["d"]))
                    if day and day < held_on:
                        break
                    day = None
            if not any(r.title == match["t"] and r.held_on == day for r in found):
                found.append(MeetingReference(match["t"], day, match[0]))
    return found


# --- The parser ---------------------------------------------------------------------------

_LEAD_SIGNAL = re.compile(vocab.JA_MEETING_SIGNALS)
_LEAD_IN_ITEM = re.compile(r"ところ[、,]?\s*概要(?:は)?以下の(?:とおり|通り)")


def parse(
    text: str,
    *,
    home_party: str,
    page_day: datetime.date | None,
    page_day_source: str,
) -> ParsedReadout:
    """Read a Japanese readout (already checked to be text, not empty)."""
    warnings: list[str] = []
    raw_lines = text.split("\n")
    lines = [_line(raw) for raw in raw_lines]

    lead_index = None
    for index, line in enumerate(lines):
        if line is None:
            continue
        if line.kind == "top" and not _LEAD_IN_ITEM.search(line.text):
            break
        if (
            _LEAD_SIGNAL.search(line.text)
            and re.search(r"[、,。]", line.text)
            and len(line.text) >= 20
            and not _CAPTION.search(line.text.split("、")[0] if line.kind == "text" else "")
        ):
            lead_index = index
            break
    first_item = next(
        (i for i, line in enumerate(lines) if line is not None and line.kind in ("top", "sub")),
        None,
    )
    header_end = lead_index if lead_index is not None else (first_item or 0)
    header = raw_lines[:header_end]
    lead = lines[lead_index].text if lead_index is not None else ""
    body_lines: list[_Line] = []
    skipping = False
    for line in lines[(lead_index + 1) if lead_index is not None else header_end :]:
        if line is None:
            continue
        if _REFERENCE.match(line.text):
            skipping = True
            continue
        if skipping and line.kind != "top":
            continue
        skipping = False
        body_lines.append(line)
    said = any(_predicates(line.text) for line in body_lines)
    if not lead and not (said and any("。" in line.text for line in body_lines)):
        raise ReadoutError(
            "The text does not look like a meeting readout: no sentence says who met whom "
            "(looked for e.g. 「会談を行った」 or 「…で一致しました」)."
        )

    # Dates: the page's own date (in the header), then the lead's.
    header_dates = _full_dates("\n".join(header))
    if header_dates:
        page_day, page_day_source = header_dates[0][1], ""
    opening_end = lead.find("。")
    opening = lead[: opening_end + 1] if opening_end >= 0 else lead
    held_on = _meeting_date(opening, page_day, warnings) if lead or page_day else None
    if held_on is not None and page_day_source:
        warnings.append(
            f"The readout prints no year; {held_on.year} was taken from {page_day_source}."
        )
    if held_on is None and not any("date" in w for w in warnings):
        warnings.append("No meeting date was found in the readout; fill in the date.")

    start_time = _start_time(opening)
    duration = _duration(opening)
    if start_time is None:
        warnings.append("No start time was found in the opening paragraph.")
    if duration is None:
        warnings.append("No duration was found in the opening paragraph.")

    numbered = any(line.kind in ("top", "sub") for line in body_lines)
    paras = _paragraphs(body_lines, lead, numbered)
    paragraphs = [Paragraph(p.number, p.text) for p in paras]

    title = _header_title(header)
    title_source = title or opening
    parties = [home_party]
    for code in _compound_parties(title) or _compound_parties(_meeting_names(opening)):
        if code not in parties:
            parties.append(code)
    first_text = (
        paragraphs[1].text
        if len(paragraphs) > 1 and lead
        else (paragraphs[0].text if paragraphs else "")
    )
    people = _people(lead) or _people(first_text)
    for person in people:
        if person.party and person.party not in parties:
            parties.append(person.party)
    if len(parties) == 1:
        # 中日関係, 日中両国: a pair with the home party named in the body.
        body_text = " ".join(p.text for p in paragraphs)
        pairs = [
            codes
            for codes in (_codes(m["c"]) for m in _COMPOUND.finditer(body_text))
            if len(codes) == 2 and home_party in codes
        ]
        for code in pairs[0] if pairs else []:
            if code not in parties:
                parties.append(code)
    attendance = _attendance(lead, first_text, parties, home_party)
    for person in attendance:
        if person.party and person.party not in parties:
            parties.append(person.party)
    if not attendance:
        warnings.append("No attendees were found (looked for e.g. 「茂木敏充外務大臣は」).")
    if len(parties) == 1:
        warnings.append(
            f"Only the home party ({home_party}) could be identified; add the counterpart by hand."
        )

    # Whose account this is: the party of the one who "met" (習近平国家主席は、…と電話会談を行った).
    voice = home_party
    subject = next((p for p in _people(opening) if p.particle == "は"), None)
    if subject is not None:
        voice = next((a.party for a in attendance if a.name == subject.name and a.party), voice)

    mechanism = _mechanism(title, opening)
    kind = _kind(title_source, opening, mechanism, parties)
    if not title:
        title = _built_title(parties, kind, mechanism, opening)
        warnings.append("No title line was found; the title was built from the parties and kind.")

    meeting = ProposedMeeting(
        title=title,
        kind=kind,
        held_on=held_on,
        start_time=start_time,
        duration_minutes=duration,
        place=_place(opening, kind),
        occasion="",
        parties=parties,
        attendance=attendance,
        mechanism=mechanism,
    )

    if paragraphs and not _SENTENCE_END.search(paragraphs[-1].text.rstrip()):
        tail = paragraphs[-1].text[-40:]
        warnings.append(
            f"The readout seems to be cut off: paragraph {paragraphs[-1].number} ends "
            f"mid-sentence (「…{tail}」). Check the source page; commitments in it may be "
            "incomplete."
        )

    ctx = _Context(_Voices(attendance, parties, home_party), parties, voice)
    reader = _Reader(ctx)
    for paragraph in paragraphs:
        if reader.announced and paragraph.number.startswith(f"{reader.announced}("):
            reader.announced_items(paragraph)
        else:
            reader.announced = None
        reader.paragraph(paragraph)
    if not reader.commitments:
        warnings.append("No commitments were found; check the readout by hand.")

    return ParsedReadout(
        meeting=meeting,
        paragraphs=paragraphs,
        commitments=reader.commitments,
        references=_references(paragraphs, held_on),
        warnings=warnings,
        text_hash=text_hash(text),
        lead=lead,
        publisher=voice,
        language="ja",
    )


def _built_title(parties: list[str], kind: str, mechanism: str, opening: str) -> str:
    named = re.search(
        rf"(?P<t>(?:{_COMPOUND_PART})(?:・?(?:{_COMPOUND_PART}))+[\u4e00-\u9fffァ-ヺー・A-Z]{{0,16}}?"
        rf"(?:{vocab.JA_MEETING_NOUNS}))",
        opening,
    )
    if mechanism:
        return mechanism
    if named:
        return named["t"]
    short = {code: name for name, code in vocab.JA_COMPOUND_PARTIES.items()}
    prefix = "".join(short.get(p, p) for p in parties)
    suffix = {
        "summit": "首脳会談",
        "foreign_ministers": "外相会談",
        "vice_ministerial": "次官級協議",
        "telephone": "電話会談",
        "video_conference": "テレビ会談",
        "multilateral": "会合",
    }.get(kind, "会談")
    return prefix + suffix
