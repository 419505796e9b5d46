"""The readout parser: what a careful analyst would record from each readout.

The tables at the top are the specification. They were written by reading each readout as an
analyst, not by copying the parser's output. The two readouts in meetings/devdata/readouts are real
MOFA texts; the ones in tests/readouts are synthetic, written in other shapes (headings, bullets,
sub-items, unnumbered paragraphs, other time and duration phrasings, a page cut off).

Runs without Django: ``pytest tests/test_readout_parser.py -p no:django``.
"""

import datetime
import json
import re
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from meetings.importing.evaluation import Expected, evaluate, match
from meetings.importing.parser import (
    COMMITMENT_KINDS,
    MEETING_KINDS,
    ParsedReadout,
    ReadoutError,
    decode_readout,
    parse_readout,
)

# The real readouts, as shipped with the demo data.
SHARED = Path(__file__).resolve().parents[1] / "meetings" / "devdata" / "readouts"
LOCAL = Path(__file__).resolve().parent / "readouts"

BUSAN = "2023-11-25-japan-china-foreign-ministers.txt"
ROK = "2024-01-05-japan-rok-foreign-ministers-telephone-talk.txt"
AUSTRALIA = "2024-03-02-japan-australia-summit.txt"
GERMANY = "2024-02-08-japan-germany-summit-telephone-talk.txt"
DIALOGUE = "2024-12-25-japan-china-people-to-people-dialogue.txt"
ASEAN = "2024-07-26-asean-japan-foreign-ministers.txt"
US = "2024-01-12-japan-us-vice-ministerial.txt"
INDIA_CUT = "2024-05-15-japan-india-foreign-ministers-cut-off.txt"
PHILIPPINES = "2024-04-08-japan-philippines-foreign-ministers-video-conference.txt"


class Commitment(NamedTuple):
    readout: str
    paragraph: str
    kind: str
    wording: str  # the action in the analyst's words, matched by overlapping wording
    requested_by: str
    responsible: str
    continuing: bool
    target: str
    mechanism: str


C = Commitment
JC_ECON = "Japan-China High-Level Economic Dialogue"
JC_P2P = "Japan-China High-Level People-to-People and Cultural Exchange Dialogue"

# fmt: off
EXPECTED_COMMITMENTS: list[Commitment] = [
    # Busan: the twelve of docs/design.md.
    C(BUSAN, "1", "joint", "continue close communication at all levels", "", "JP CN", True, "", ""),
    C(BUSAN, "1", "joint", "consider reciprocal bilateral visits", "", "JP CN", False, "", ""),
    C(BUSAN, "2", "request", "lift import restrictions on Japanese food products",
      "JP", "CN", False, "immediately", ""),
    C(BUSAN, "2", "joint", "resolve issues through consultations and dialogue",
      "", "JP CN", False, "", ""),
    C(BUSAN, "3", "request", "remove the buoy installed in Japan's EEZ",
      "JP", "CN", False, "immediately", ""),
    C(BUSAN, "3", "joint", "hold the Japan-China Security Dialogue",
      "", "JP CN", False, "at an early date", "Japan-China Security Dialogue"),
    C(BUSAN, "3", "request", "release Japanese nationals detained in China",
      "JP", "CN", False, "early", ""),
    C(BUSAN, "4", "joint", "utilize the High-Level Economic Dialogue",
      "", "JP CN", False, "at an appropriate time", JC_ECON),
    C(BUSAN, "4", "joint", "utilize the People-to-People and Cultural Exchange Dialogue",
      "", "JP CN", False, "at an appropriate time", JC_P2P),
    C(BUSAN, "5", "joint", "strengthen communications on climate change and global health",
      "", "JP CN", False, "", ""),
    C(BUSAN, "5", "joint", "cooperate on Women, Peace and Security", "", "JP CN", False, "", ""),
    C(BUSAN, "6", "joint", "maintain close communication on North Korea",
      "", "JP CN", True, "", ""),
    # Japan-ROK telephone talk: praise and condolences are not commitments.
    C(ROK, "2", "joint", "continue close communication between the diplomatic authorities",
      "", "JP KR", True, "", ""),
    # Summit with headings, bullets, a nested bullet and (1)-(3) sub-items.
    C(AUSTRALIA, "2-1", "joint", "strengthen security and defence cooperation",
      "", "JP AU", False, "", ""),
    C(AUSTRALIA, "2-1-1", "joint", "hold the next Japan-Australia 2+2 in Australia",
      "", "JP AU", False, "within the year",
      "Japan-Australia Foreign and Defence Ministerial Consultations"),
    C(AUSTRALIA, "2-2", "pledge", "provide additional support for hydrogen supply chain projects",
      "", "JP", False, "", ""),
    C(AUSTRALIA, "2-3", "joint",
      "continue close coordination on a stable supply of critical minerals",
      "", "JP AU", True, "", ""),
    C(AUSTRALIA, "3(1)", "joint", "work together toward a free and open Indo-Pacific",
      "", "JP AU", False, "", ""),
    C(AUSTRALIA, "3(3)", "request", "continue to support the resolution of the abductions issue",
      "JP", "AU", True, "", ""),
    C(AUSTRALIA, "4", "joint", "maintain close communication at the leaders' level",
      "", "JP AU", True, "", ""),
    # Telephone talk in bullets only.
    C(GERMANY, "3", "joint", "continue to cooperate closely in support of Ukraine",
      "", "JP DE", True, "", ""),
    C(GERMANY, "3", "pledge",
      "host the Japan-Ukraine Conference for Economic Growth and Reconstruction",
      "", "JP", False, "on February 19", ""),
    C(GERMANY, "4", "request", "participate actively in the Ukraine Recovery Conference",
      "DE", "JP", False, "in June", ""),
    C(GERMANY, "5", "joint", "hold the next Japan-Germany Intergovernmental Consultations",
      "", "JP DE", False, "at an early date", "Japan-Germany Intergovernmental Consultations"),
    C(GERMANY, "7", "joint", "maintain close coordination as G7 partners",
      "", "JP DE", True, "", ""),
    # A session of a standing dialogue.
    C(DIALOGUE, "1", "joint", "promote exchanges among young people", "", "JP CN", False, "", ""),
    C(DIALOGUE, "2", "pledge", "relax visa requirements for Chinese nationals",
      "", "JP", False, "", ""),
    C(DIALOGUE, "3", "request", "ensure the safety of Japanese nationals in China",
      "JP", "CN", False, "", ""),
    C(DIALOGUE, "4", "joint", "expand exchanges between universities and research institutions",
      "", "JP CN", False, "", ""),
    C(DIALOGUE, "5", "joint", "hold the Third Dialogue in Japan",
      "", "JP CN", False, "next year", JC_P2P),
    # Multilateral, local time first, pledges "Japan will ...".
    C(ASEAN, "1", "pledge", "continue to support ASEAN centrality and unity",
      "", "JP", True, "", ""),
    C(ASEAN, "2", "pledge", "provide 5 million US dollars through JAIF for disaster risk reduction",
      "", "JP", False, "", ""),
    C(ASEAN, "3", "joint",
      "promote cooperation on maritime security, connectivity and supply chain resilience",
      "", "JP ASEAN", False, "", ""),
    C(ASEAN, "3", "joint", "hold the ASEAN-Japan Economic Resilience Dialogue",
      "", "JP ASEAN", False, "within the year", "ASEAN-Japan Economic Resilience Dialogue"),
    C(ASEAN, "5", "request", "release all political detainees",
      "JP", "MM", False, "immediately", ""),
    C(ASEAN, "6", "joint", "hold the next ASEAN-Japan Foreign Ministers' Meeting in Malaysia",
      "", "JP ASEAN", False, "next year", ""),
    # Vice-ministerial, "called on", "urged"; a request both sides put to a third party is
    # recorded as requested by the home party (the model holds one requester).
    C(US, "1", "joint", "strengthen the deterrence and response capabilities of the Alliance",
      "", "JP US", False, "", ""),
    C(US, "1", "joint", "hold the Security Consultative Committee 2+2",
      "", "JP US", False, "at an early date", "Japan-U.S. Security Consultative Committee"),
    C(US, "2", "request", "ensure the safe operation of U.S. Forces in Japan",
      "JP", "US", False, "", ""),
    C(US, "2", "request", "take thorough measures to prevent incidents and accidents",
      "JP", "US", False, "", ""),
    C(US, "3", "request", "accelerate efforts on economic security", "US", "JP", False, "", ""),
    C(US, "4", "request", "abandon weapons of mass destruction and ballistic missiles",
      "JP", "KP", False, "", ""),
    C(US, "6", "joint", "remain in close communication", "", "JP US", True, "", ""),
    # Page cut off in paragraph 4: what is there is still proposed.
    C(INDIA_CUT, "1", "joint",
      "hold the 17th Japan-India Foreign Ministers' Strategic Dialogue in New Delhi",
      "", "JP IN", False, "within the year", "Japan-India Foreign Ministers' Strategic Dialogue"),
    C(INDIA_CUT, "2", "joint", "promote cooperation in semiconductors and critical minerals",
      "", "JP IN", False, "", ""),
    C(INDIA_CUT, "3", "request", "cooperate in developing skilled human resources in India",
      "IN", "JP", False, "", ""),
    C(INDIA_CUT, "3", "pledge", "consider the request", "", "JP", False, "", ""),
    C(INDIA_CUT, "4", "joint", "strengthen cooperation on maritime security",
      "", "JP IN", False, "", ""),
    # Video conference, unnumbered paragraphs, "8 April 2024", "14:00".
    C(PHILIPPINES, "2", "pledge", "provide coastal radar systems to the Philippine Navy",
      "", "JP", False, "", ""),
    C(PHILIPPINES, "2", "pledge", "dispatch a team of experts",
      "", "JP", False, "by the end of the year", ""),
    C(PHILIPPINES, "3", "request",
      "continue assistance in capacity building for the Philippine Coast Guard",
      "PH", "JP", True, "", ""),
    C(PHILIPPINES, "4", "joint", "launch negotiations on a Reciprocal Access Agreement",
      "", "JP PH", False, "at an early date", ""),
    C(PHILIPPINES, "6", "joint", "continue close communication", "", "JP PH", True, "", ""),
]
# fmt: on


class Meeting(NamedTuple):
    readout: str
    title: str
    kind: str
    held_on: datetime.date
    start_time: datetime.time | None
    duration_minutes: int | None
    place: str
    occasion: str
    parties: list[str]
    attendance: list[tuple[str, str, str]]
    mechanism: str


KAMIKAWA = ("KAMIKAWA Yoko", "Minister for Foreign Affairs", "JP")
KISHIDA = ("KISHIDA Fumio", "Prime Minister", "JP")
MANALO = ("Enrique A. Manalo", "Secretary of Foreign Affairs", "PH")

EXPECTED_MEETINGS: list[Meeting] = [
    Meeting(
        BUSAN,
        "Japan-China Foreign Ministers' Meeting",
        "foreign_ministers",
        datetime.date(2023, 11, 25),
        datetime.time(17, 30),
        100,
        "Busan",
        "who was visiting Busan in the Republic of Korea to attend the Japan-China-ROK "
        "Trilateral Foreign Ministers' Meeting",
        ["JP", "CN"],
        [KAMIKAWA, ("Wang Yi", "Foreign Minister", "CN")],
        "",
    ),
    Meeting(
        ROK,
        "Japan-ROK Foreign Ministers' Telephone Talk",
        "telephone",
        datetime.date(2024, 1, 5),
        datetime.time(10, 0),
        35,
        "",
        "",
        ["JP", "KR"],
        [
            ("Kamikawa Yoko", "Minister for Foreign Affairs", "JP"),
            ("Park Jin", "Minister for Foreign Affairs", "KR"),
        ],
        "",
    ),
    Meeting(
        AUSTRALIA,
        "Japan-Australia Summit Meeting",
        "summit",
        datetime.date(2024, 3, 2),
        datetime.time(18, 0),
        70,
        "Tokyo",
        "who is visiting Japan",
        ["JP", "AU"],
        [KISHIDA, ("Anthony Albanese MP", "Prime Minister", "AU")],  # as printed (issue 14)
        "",
    ),
    Meeting(
        GERMANY,
        "Japan-Germany Summit Telephone Talk",
        "telephone",
        datetime.date(2024, 2, 8),
        datetime.time(18, 15),
        60,
        "",
        "",
        ["JP", "DE"],
        [KISHIDA, ("Olaf Scholz", "Federal Chancellor", "DE")],
        "",
    ),
    Meeting(
        DIALOGUE,
        "The Second Japan-China High-Level People-to-People and Cultural Exchange Dialogue",
        "dialogue_session",
        datetime.date(2024, 12, 25),
        datetime.time(10, 30),
        120,
        "Beijing",
        "",
        ["JP", "CN"],
        [
            ("IWAYA Takeshi", "Minister for Foreign Affairs", "JP"),
            (
                "Wang Yi",
                "Member of the Political Bureau of the CPC Central Committee and "
                "Minister of Foreign Affairs",
                "CN",
            ),
        ],
        JC_P2P,
    ),
    Meeting(
        ASEAN,
        "ASEAN-Japan Foreign Ministers' Meeting",
        "multilateral",
        datetime.date(2024, 7, 26),
        datetime.time(11, 5),
        90,
        "Vientiane",
        "while attending the ASEAN-related Foreign Ministers' Meetings",
        ["JP", "ASEAN"],
        [KAMIKAWA, MANALO],
        "",
    ),
    Meeting(
        US,
        "Japan-U.S. Vice-Ministerial Meeting",
        "vice_ministerial",
        datetime.date(2024, 1, 12),
        datetime.time(13, 30),
        80,
        "Washington, D.C.",
        "who is visiting Washington, D.C.",
        ["JP", "US"],
        [
            ("OKANO Masataka", "Vice-Minister for Foreign Affairs", "JP"),
            ("Kurt M. Campbell", "Deputy Secretary of State", "US"),
        ],
        "",
    ),
    Meeting(
        INDIA_CUT,
        "Japan-India Foreign Ministers' Meeting",
        "foreign_ministers",
        datetime.date(2024, 5, 15),
        datetime.time(16, 40),
        45,
        "Japan",
        "who was visiting Japan",
        ["JP", "IN"],
        [KAMIKAWA, ("S. Jaishankar", "Minister of External Affairs", "IN")],
        "",
    ),
    Meeting(
        PHILIPPINES,
        "Japan-Philippines Foreign Ministers' Video Conference",
        "video_conference",
        datetime.date(2024, 4, 8),
        datetime.time(14, 0),
        90,
        "",
        "",
        ["JP", "PH"],
        [KAMIKAWA, MANALO],
        "",
    ),
]

READOUTS = [meeting.readout for meeting in EXPECTED_MEETINGS]


def source(name: str) -> str:
    folder = SHARED if (SHARED / name).exists() and not (LOCAL / name).exists() else LOCAL
    return (folder / name).read_text(encoding="utf-8")


_parsed: dict[str, ParsedReadout] = {}


def parsed(name: str) -> ParsedReadout:
    if name not in _parsed:
        _parsed[name] = parse_readout(source(name))
    return _parsed[name]


def expected_for(name: str) -> list[Commitment]:
    return [c for c in EXPECTED_COMMITMENTS if c.readout == name]


def as_expected(items: list[Commitment]) -> list[Expected]:
    return [Expected(c.paragraph, c.kind, c.wording) for c in items]


# --- The worked example ---------------------------------------------------------------------


def test_busan_readout_yields_the_twelve_commitments_of_the_design():
    proposals = parsed(BUSAN).commitments

    assert [(c.paragraph, c.kind, c.responsible) for c in proposals] == [
        ("1", "joint", ["JP", "CN"]),
        ("1", "joint", ["JP", "CN"]),
        ("2", "request", ["CN"]),
        ("2", "joint", ["JP", "CN"]),
        ("3", "request", ["CN"]),
        ("3", "joint", ["JP", "CN"]),
        ("3", "request", ["CN"]),
        ("4", "joint", ["JP", "CN"]),
        ("4", "joint", ["JP", "CN"]),
        ("5", "joint", ["JP", "CN"]),
        ("5", "joint", ["JP", "CN"]),
        ("6", "joint", ["JP", "CN"]),
    ]
    assert all(p is not None for _, p in match(proposals, as_expected(expected_for(BUSAN))))


def test_busan_readout_records_no_concern_taiwan_statement_or_similar_views():
    texts = [c.text for c in parsed(BUSAN).commitments]

    assert not any(t.startswith("Minister Kamikawa reiterated her serious concerns") for t in texts)
    assert "Minister Wang expressed similar views." not in texts
    assert not any(t.startswith("At the outset") for t in texts)
    taiwan = [c for c in parsed(BUSAN).commitments if "Taiwan" in c.text]
    assert [c.kind for c in taiwan] == ["request"]  # only the release of the nationals
    assert "release" in taiwan[0].title.lower()


def test_busan_titles_are_short_plain_and_imperative():
    titles = [c.title for c in parsed(BUSAN).commitments]

    assert "Continue close communication at all levels" in titles
    assert "Lift import restrictions on Japanese food products immediately" in titles
    assert "Remove the buoy installed in Japan's EEZ immediately" in titles
    assert "Hold the Japan-China Security Dialogue at an early date" in titles
    assert "Release Japanese nationals detained in China early" in titles
    assert all(len(t) <= 100 and t[0].isupper() and not t.endswith(".") for t in titles)


def test_busan_requests_are_made_by_japan():
    requests = [c for c in parsed(BUSAN).commitments if c.kind == "request"]

    assert {c.requested_by for c in requests} == {"JP"}
    assert all(c.requested_by == "" for c in parsed(BUSAN).commitments if c.kind != "request")


def test_busan_coordinating_toward_two_dialogues_splits_into_two_commitments():
    paragraph_4 = [c for c in parsed(BUSAN).commitments if c.paragraph == "4"]

    assert [c.mechanism for c in paragraph_4] == [JC_ECON, JC_P2P]
    assert {c.target for c in paragraph_4} == {"at an appropriate time"}


def test_busan_invitations_and_decision_to_consider_visits_are_one_commitment():
    paragraph_1 = [c for c in parsed(BUSAN).commitments if c.paragraph == "1"]

    assert len(paragraph_1) == 2
    assert "visits" in paragraph_1[1].title
    assert "invited each other" in paragraph_1[1].text


def test_busan_readout_reaffirms_the_summit_of_16_november_2023():
    references = parsed(BUSAN).references

    assert [(r.title, r.held_on) for r in references] == [
        ("Japan-China Summit Meeting", datetime.date(2023, 11, 16))
    ]
    assert references[0].text == "as agreed upon at the Japan-China Summit Meeting on November 16"


def test_rok_telephone_talk_yields_one_continuing_joint_commitment():
    result = parsed(ROK)

    assert [(c.paragraph, c.kind, c.continuing, c.responsible) for c in result.commitments] == [
        ("2", "joint", True, ["JP", "KR"])
    ]
    assert result.references == []


# --- Every readout, from the tables ---------------------------------------------------------


@pytest.mark.parametrize(
    "expected", EXPECTED_COMMITMENTS, ids=lambda c: f"{c.readout[:24]}-{c.paragraph}-{c.kind}"
)
def test_expected_commitment_is_proposed_with_its_parties_target_and_mechanism(expected):
    proposals = parsed(expected.readout).commitments
    pairs = match(proposals, as_expected(expected_for(expected.readout)))
    proposal = next(p for e, p in pairs if e == Expected(*expected[1:4]))

    assert proposal is not None, f"not proposed: {expected.wording!r}"
    assert proposal.requested_by == expected.requested_by
    assert proposal.responsible == expected.responsible.split()
    assert proposal.continuing is expected.continuing
    assert proposal.target == expected.target
    assert proposal.mechanism == expected.mechanism


@pytest.mark.parametrize("expected", EXPECTED_MEETINGS, ids=lambda m: m.readout[:40])
def test_meeting_fields_are_read_from_the_readout(expected):
    meeting = parsed(expected.readout).meeting

    assert meeting.title == expected.title
    assert meeting.kind == expected.kind
    assert meeting.held_on == expected.held_on
    assert meeting.start_time == expected.start_time
    assert meeting.duration_minutes == expected.duration_minutes
    assert meeting.place == expected.place
    assert meeting.occasion == expected.occasion
    assert meeting.parties == expected.parties
    assert [(a.name, a.title, a.party) for a in meeting.attendance] == expected.attendance
    assert meeting.mechanism == expected.mechanism


@pytest.mark.parametrize("name", READOUTS)
def test_commitment_text_is_an_exact_excerpt_of_its_paragraph(name):
    result = parsed(name)
    paragraphs = {p.number: p.text for p in result.paragraphs}

    for commitment in result.commitments:
        assert commitment.text in paragraphs[commitment.paragraph]
        assert commitment.text in source(name)  # these readouts are not hard-wrapped
        assert commitment.kind in COMMITMENT_KINDS
    assert result.meeting.kind in MEETING_KINDS


def test_precision_and_recall_over_the_test_set_are_at_least_ninety_percent():
    runs = [(parsed(name).commitments, as_expected(expected_for(name))) for name in READOUTS]

    precision, recall = evaluate(runs)

    print(
        f"\nreadout parser: precision {precision:.3f}, recall {recall:.3f} "
        f"over {len(READOUTS)} readouts, {len(EXPECTED_COMMITMENTS)} expected commitments"
    )
    assert precision >= 0.9
    assert recall >= 0.9


def test_evaluate_counts_unmatched_proposals_and_misses():
    proposals = parsed(ROK).commitments
    expected = [
        Expected("2", "joint", "continue close communication"),
        Expected("3", "request", "something never said"),
    ]

    assert evaluate([(proposals, expected)]) == (1.0, 0.5)
    assert evaluate([(proposals, [])]) == (0.0, 1.0)


# --- Structure --------------------------------------------------------------------------------


def test_headings_bullets_and_sub_items_get_paragraph_numbers():
    numbers = [p.number for p in parsed(AUSTRALIA).paragraphs]

    assert numbers == ["0", "1", "2-1", "2-1-1", "2-2", "2-3", "3(1)", "3(2)", "3(3)", "4"]


def test_unnumbered_bullets_and_paragraphs_are_counted_in_order_the_lead_being_1():
    assert [p.number for p in parsed(GERMANY).paragraphs] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [p.number for p in parsed(PHILIPPINES).paragraphs] == ["1", "2", "3", "4", "5", "6"]


def test_numbered_readout_keeps_its_numbers_and_its_lead_is_0():
    assert [p.number for p in parsed(BUSAN).paragraphs][:3] == ["0", "1", "2"]


def test_page_furniture_is_not_part_of_any_paragraph():
    for name in READOUTS:
        for paragraph in parsed(name).paragraphs:
            assert "Back to" not in paragraph.text
            assert "(Photo)" not in paragraph.text
            assert not paragraph.text.endswith("Relations")


def test_hard_wrapped_readout_gives_the_same_commitments():
    wrapped = "\n".join(
        textwrap.fill(line, width=72, break_on_hyphens=False) if len(line) > 72 else line
        for line in source(BUSAN).split("\n")
    )

    result = parse_readout(wrapped)

    assert [(c.paragraph, c.kind, c.title) for c in result.commitments] == [
        (c.paragraph, c.kind, c.title) for c in parsed(BUSAN).commitments
    ]
    assert result.text_hash == parsed(BUSAN).text_hash


def test_cut_off_page_is_parsed_with_a_warning():
    result = parsed(INDIA_CUT)

    assert any("cut off" in w for w in result.warnings)
    assert result.paragraphs[-1].number == "4"
    assert result.commitments[-1].paragraph == "4"


@pytest.mark.parametrize("cut", range(700, len(source(BUSAN)), 97))
def test_a_page_cut_anywhere_never_crashes(cut):
    result = parse_readout(source(BUSAN)[:cut])

    assert result.meeting.held_on == datetime.date(2023, 11, 25)
    if not source(BUSAN)[:cut].rstrip().endswith("."):
        assert any("cut off" in w for w in result.warnings)


def test_complete_readouts_carry_no_cut_off_warning():
    for name in READOUTS:
        if name != INDIA_CUT:
            assert not any("cut off" in w for w in parsed(name).warnings), name


# --- Times, durations, dates ------------------------------------------------------------------

TEMPLATE = (
    "Japan-France Foreign Ministers' Meeting\n\nMarch 4, 2024\n\n"
    "On March 4, {when}, Ms. KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, held a "
    "meeting with H.E. Mr. Stéphane Séjourné, Minister for Europe and Foreign Affairs of the "
    "French Republic.\n\n"
    "1. The two ministers agreed to hold the Japan-France Comprehensive Maritime Dialogue at an "
    "early date.\n"
)


@pytest.mark.parametrize(
    ("when", "start", "minutes"),
    [
        ("commencing at 10:00 a.m. for approximately 35 minutes", (10, 0), 35),
        ("from 6:15pm for about an hour", (18, 15), 60),
        (
            "commencing at 11:05 a.m. local time (12:05 p.m. Japan time) for approximately 1 hour "
            "and 10 minutes",
            (11, 5),
            70,
        ),
        (
            "commencing at 1:30 p.m. (local time, 3:30 a.m. on March 5th, Japan time) "
            "for two hours",
            (13, 30),
            120,
        ),
        (
            "from 12:05 p.m. Japan time (11:05 a.m. local time) for approximately 100 minutes",
            (11, 5),
            100,
        ),
        ("from 18:30 for an hour and a half", (18, 30), 90),
        ("at noon for about 45 minutes", (12, 0), 45),
        ("for approximately 1.5 hours from 9 a.m.", (9, 0), 90),
        ("at 5:30 P.M. for approximately ninety minutes", (17, 30), 90),
    ],
)
def test_start_time_is_local_and_duration_is_in_minutes(when, start, minutes):
    meeting = parse_readout(TEMPLATE.format(when=when)).meeting

    assert meeting.start_time == datetime.time(*start)
    assert meeting.duration_minutes == minutes
    assert meeting.held_on == datetime.date(2024, 3, 4)


def test_missing_time_and_duration_are_warnings_not_errors():
    result = parse_readout(TEMPLATE.format(when="in Paris"))

    assert result.meeting.start_time is None
    assert result.meeting.duration_minutes is None
    assert result.meeting.place == "Paris"
    assert any("start time" in w for w in result.warnings)
    assert any("duration" in w for w in result.warnings)


def test_attendee_names_keep_accents_and_lose_honorifics():
    attendance = parse_readout(TEMPLATE.format(when="at 3 p.m.")).meeting.attendance

    assert [(a.name, a.title, a.party) for a in attendance] == [
        KAMIKAWA,
        ("Stéphane Séjourné", "Minister for Europe and Foreign Affairs", "FR"),
    ]


def test_year_comes_from_the_page_date_even_across_new_year():
    text = TEMPLATE.replace("March 4, 2024", "January 2, 2024").replace(
        "On March 4", "On December 30"
    )

    assert parse_readout(text.format(when="at 3 p.m.")).meeting.held_on == datetime.date(
        2023, 12, 30
    )


def test_a_date_without_a_year_is_left_empty_with_a_warning():
    text = TEMPLATE.replace("March 4, 2024\n\n", "").format(when="at 3 p.m.")

    result = parse_readout(text)

    assert result.meeting.held_on is None
    assert any("without a year" in w for w in result.warnings)
    assert result.commitments  # the rest is read as usual


def test_year_hint_is_used_when_the_readout_gives_no_year():
    text = TEMPLATE.replace("March 4, 2024\n\n", "").format(when="at 3 p.m.")

    result = parse_readout(text, year_hint=2024)

    assert result.meeting.held_on == datetime.date(2024, 3, 4)
    assert any("year_hint" in w for w in result.warnings)


def test_year_is_taken_from_a_date_in_the_source_address():
    text = TEMPLATE.replace("March 4, 2024\n\n", "").format(when="at 3 p.m.")
    url = "https://www.fmprc.gov.cn/mfa_eng/wjdt_665385/wshd_665389/202403/t20240305_11.html"

    result = parse_readout(text, source_url=url)

    assert result.meeting.held_on == datetime.date(2024, 3, 4)
    assert any("source address" in w for w in result.warnings)


def test_title_is_built_when_the_page_has_no_heading():
    text = TEMPLATE.replace("Japan-France Foreign Ministers' Meeting\n\n", "")

    result = parse_readout(text.format(when="at 3 p.m."))

    assert result.meeting.title == "Japan-France Foreign Ministers' Meeting"
    assert any("title" in w for w in result.warnings)


def test_home_party_can_be_another_state():
    result = parse_readout(TEMPLATE.format(when="at 3 p.m."), home_party="FR")

    assert result.meeting.parties == ["FR", "JP"]
    assert result.commitments[0].responsible == ["FR", "JP"]


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  \n"])
def test_empty_text_is_refused(text):
    with pytest.raises(ReadoutError, match=r"^The text is empty\.$"):
        parse_readout(text)


def test_readout_without_a_date_is_read_with_an_empty_date_and_a_warning():
    text = TEMPLATE.replace("March 4, 2024\n\n", "").replace("On March 4, {when}, ", "")

    result = parse_readout(text)

    assert result.meeting.held_on is None
    assert any(
        re.match(r"No meeting date could be found .*November 25, 2023", w) for w in result.warnings
    )
    assert result.meeting.attendance and result.commitments


@pytest.mark.parametrize(
    "text",
    [
        "Pancakes\n\nMix 200 g of flour with two eggs and 300 ml of milk.\n"
        "Rest the batter for 30 minutes, then fry over a medium heat.\n",
        "import datetime\n\n\ndef held_on():\n"
        '    """November 25, 2023."""\n    return datetime.date(2023, 11, 25)\n',
        "Shopping list, November 25, 2023: bread, milk, eggs.",
    ],
    ids=["recipe", "python", "list-with-date"],
)
def test_text_that_is_not_a_readout_is_refused(text):
    with pytest.raises(ReadoutError) as error:
        parse_readout(text)

    assert str(error.value).endswith(".")


def test_text_with_nul_characters_is_refused():
    with pytest.raises(ReadoutError, match="NUL"):
        parse_readout(source(ROK) + "\x00")


def test_decode_accepts_utf8_with_or_without_bom():
    text = source(BUSAN)

    assert decode_readout(text.encode("utf-8")) == text
    assert decode_readout(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_decode_refuses_text_that_is_not_utf8():
    with pytest.raises(ReadoutError, match=r"^The file is not UTF-8 text"):
        decode_readout("Réunion du 25 novembre".encode("latin-1"))


def test_decode_refuses_binary_files():
    with pytest.raises(ReadoutError, match="NUL"):
        decode_readout(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


# --- Output -----------------------------------------------------------------------------------


def test_as_dict_is_json_ready_with_iso_dates_and_hh_mm_times():
    data = json.loads(json.dumps(parsed(BUSAN).as_dict()))

    assert data["meeting"]["held_on"] == "2023-11-25"
    assert data["meeting"]["start_time"] == "17:30"
    assert data["references"][0]["held_on"] == "2023-11-16"
    assert data["commitments"][0]["responsible"] == ["JP", "CN"]
    assert re.fullmatch(r"[0-9a-f]{64}", data["text_hash"])


def test_text_hash_ignores_whitespace_and_byte_order_mark_but_not_words():
    text = source(ROK)
    respaced = "\ufeff" + text.replace(" ", "  ").replace("\n", "\r\n")

    assert parse_readout(respaced).text_hash == parsed(ROK).text_hash
    assert (
        parse_readout(text.replace("35 minutes", "40 minutes")).text_hash != parsed(ROK).text_hash
    )


# --- Other publishers' shapes and the counterpart's voice (issue 14) ---------------------------
# Short synthetic texts in the shapes of Chinese MFA, MOFA Korea and State Department readouts
# and of joint statements; the real ones are scored by tests/test_importer_evaluation.py.

CHINA_VOICE = (
    "Wang Yi Meets with Foreign Minister Toshimitsu Motegi of Japan\n\n"
    "On September 26, 2019 local time, State Councilor and Foreign Minister Wang Yi met with "
    "Foreign Minister Toshimitsu Motegi of Japan in New York.\n\n"
    "Wang Yi said, relations have improved. The Chinese side is willing to work together with the "
    "Japanese side to push the implementation of the consensus, plan and coordinate high-level "
    "exchanges, and overcome difficulties. It is hoped that the two sides will abide by the four "
    "political documents. China and Japan should work together to conclude the RCEP negotiations "
    "within this year and step up efforts to forge a trilateral free trade agreement. We urge the "
    "Japanese side to lift its restrictions on Chinese investment. China will do its utmost to win "
    "the battle against the epidemic.\n"
)


def proposals_of(text: str, **kwargs) -> list[tuple[str, str, str, list[str], str]]:
    return [
        (c.paragraph, c.kind, c.requested_by, sorted(c.responsible), c.text)
        for c in parse_readout(text, **kwargs).commitments
    ]


def test_the_counterparts_own_readout_is_read_in_its_voice():
    result = parse_readout(CHINA_VOICE)

    assert [(a.name, a.title, a.party) for a in result.meeting.attendance] == [
        ("Wang Yi", "State Councilor and Foreign Minister", "CN"),
        ("Toshimitsu Motegi", "Foreign Minister", "JP"),
    ]
    assert [c[:4] for c in proposals_of(CHINA_VOICE)] == [
        ("2", "pledge", "", ["CN"]),  # is willing to push the implementation of the consensus,
        ("2", "pledge", "", ["CN"]),  # plan and coordinate ... ("overcome difficulties" is vague)
        ("2", "request", "CN", ["CN", "JP"]),  # It is hoped that the two sides will
        ("2", "request", "CN", ["CN", "JP"]),  # China and Japan should work together to conclude
        ("2", "request", "CN", ["CN", "JP"]),  # ... and step up efforts
        ("2", "request", "CN", ["JP"]),  # We urge the Japanese side to
    ]  # "China will do its utmost to win the battle" concerns only China: not proposed


def test_a_numbered_lead_is_item_1_and_a_page_date_in_figures_dates_it():
    text = (
        "Outcome of ROK-Japan Foreign Ministers' Meeting\n\nDate\n2020-02-15\n\n"
        "1. Minister of Foreign Affairs Kang, Kyung-wha had a meeting with Minister for Foreign "
        "Affairs of Japan Toshimitsu Motegi on the morning of February 15, local time.\n\n"
        "2. Minister Kang underscored the need for Japan to take sincere measures as soon as "
        "possible.\n\n"
        "3. The two Ministers agreed to promote exchanges, to hold a strategic dialogue within "
        "this year, and to hold consultations on consular affairs.\n"
    )

    result = parse_readout(text)

    assert result.meeting.held_on == datetime.date(2020, 2, 15)
    assert [a.name for a in result.meeting.attendance] == ["Kang, Kyung-wha", "Toshimitsu Motegi"]
    assert result.meeting.parties == ["JP", "KR"]
    assert [c[:4] for c in proposals_of(text)] == [
        ("2", "request", "KR", ["JP"]),
        ("3", "joint", "", ["JP", "KR"]),
        ("3", "joint", "", ["JP", "KR"]),
        ("3", "joint", "", ["JP", "KR"]),
    ]


def test_a_joint_declaration_without_a_meeting_sentence_is_read_not_refused():
    text = (
        "Australia-Japan Joint Declaration on Security Cooperation\n\n"
        "1. We, the Prime Ministers of Australia and Japan, hereby reaffirm our partnership.\n\n"
        "2. We commit to a positive and ambitious agenda to deepen our engagement.\n"
    )

    result = parse_readout(text)

    assert result.meeting.held_on is None
    assert result.meeting.parties == ["JP", "AU"]
    assert [c[:2] for c in proposals_of(text)] == [("2", "joint")]


def test_yesterday_under_a_dated_page_is_the_day_before():
    text = (
        "Secretary Blinken's Call with Australian Foreign Minister Wong Readout June 7, 2022 "
        "Secretary of State Antony J. Blinken spoke yesterday with Australian Foreign Minister "
        "Penny Wong about regional issues. The Secretary reaffirmed the United States commitment "
        "to strengthening economic opportunity across the Indo-Pacific."
    )

    result = parse_readout(text)

    assert result.meeting.held_on == datetime.date(2022, 6, 6)
    assert [a.name for a in result.meeting.attendance] == ["Antony J. Blinken", "Penny Wong"]
    assert [c[:4] for c in proposals_of(text)] == [("1", "pledge", "", ["US"])]


@pytest.mark.parametrize(
    ("when", "start", "minutes"),
    [
        ("in the form of video conference at 11:00-12:50", (11, 0), 110),
        (
            "commencing at 12:25 p.m., held a working lunch (approximately 1 hour and 5 minutes) "
            "and a meeting (approximately 1 hour)",
            (12, 25),
            60,
        ),
    ],
    ids=["range", "meal"],
)
def test_a_time_range_gives_the_duration_and_a_meals_duration_is_not_the_meetings(
    when, start, minutes
):
    meeting = parse_readout(TEMPLATE.format(when=when)).meeting

    assert (meeting.start_time, meeting.duration_minutes) == (datetime.time(*start), minutes)


def test_sub_items_after_bullets_belong_to_the_bullet_before_them():
    text = (
        "On July 29, 2022, commencing at 1:43 p.m., Mr. HAYASHI Yoshimasa, Minister for Foreign "
        "Affairs of Japan, held a meeting with the Honorable Antony Blinken, Secretary of State of "
        "the United States of America.\n"
        "- The two ministers exchanged their views on regional issues.\n"
        "- (1) The two ministers confirmed their commitment to implement sanctions.\n"
        "- (2) The two ministers concurred to further strengthen coordination among allies.\n"
    )

    assert [p.number for p in parse_readout(text).paragraphs] == ["1", "2", "2(1)", "2(2)"]
