"""The demo data set: the Busan readout of 25 November 2023 and what happened after it.

The readouts in ``readouts/`` are public records of Japan's Ministry of Foreign Affairs, shipped
with their source addresses. The follow-up history is taken from public reporting since then
(see docs/design.md): untidy on purpose, because real life is.

Everything here is keyed by natural keys and created with ``get_or_create``, so loading twice
gives the same data.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from meetings import services
from meetings.models import (
    Commitment,
    Division,
    Mechanism,
    Meeting,
    Party,
    Topic,
    Update,
)
from meetings.status import Effect, Kind, MeetingKind, PartyKind, Status

READOUTS = Path(__file__).parent / "readouts"
D = datetime.date

# Each name in English and in Japanese: pages show the one of their language.
PARTIES = [
    ("JP", "Japan", "日本", PartyKind.STATE),
    ("CN", "China", "中国", PartyKind.STATE),
    ("KR", "Republic of Korea", "韓国", PartyKind.STATE),
    ("US", "United States", "米国", PartyKind.STATE),
    (
        "ASEAN",
        "Association of Southeast Asian Nations",
        "東南アジア諸国連合",
        PartyKind.ORGANISATION,
    ),
]

TOPICS = [
    ("alps-treated-water", "ALPS treated water", "ALPS処理水"),
    ("east-china-sea", "East China Sea", "東シナ海"),
    ("security", "Security", "安全保障"),
    ("economy", "Economy", "経済"),
    ("people-to-people-exchange", "People-to-people exchange", "人的交流"),
    ("global-health", "Global health", "国際保健"),
    ("climate-change", "Climate change", "気候変動"),
    ("women-peace-security", "Women, Peace and Security", "女性・平和・安全保障"),
    ("north-korea", "North Korea", "北朝鮮"),
    ("consular-cases", "Consular cases", "領事案件"),
    ("visits", "Visits", "要人往来"),
    ("communication", "Communication channels", "意思疎通"),
]

DIVISIONS = [
    ("CMD", "China and Mongolia Division", "中国・モンゴル第一課"),
    ("NEAD", "Northeast Asia Division", "北東アジア第一課"),
    ("OCPD", "Overseas Japanese Safety Division", "海外邦人安全課"),
    ("ESD", "Economic Security Division", "経済安全保障課"),
]

SECURITY_DIALOGUE = "Japan-China Security Dialogue"
ECONOMIC_DIALOGUE = "Japan-China High-Level Economic Dialogue"
P2P_DIALOGUE = "Japan-China High-Level People-to-People and Cultural Exchange Dialogue"
MECHANISMS = {
    SECURITY_DIALOGUE: "日中安全保障対話",
    ECONOMIC_DIALOGUE: "日中ハイレベル経済対話",
    P2P_DIALOGUE: "日中ハイレベル人的・文化交流対話",
}

# People as Japanese pages print them.
PEOPLE_JA = {
    "KISHIDA Fumio": "岸田文雄",
    "Xi Jinping": "習近平",
    "KAMIKAWA Yoko": "上川陽子",
    "Wang Yi": "王毅",
    "Park Jin": "朴振",
    "IWAYA Takeshi": "岩屋毅",
}


@dataclass
class DemoMeeting:
    key: str
    title: str
    kind: str
    held_on: datetime.date
    parties: list[str]
    place: str = ""
    start_time: datetime.time | None = None
    duration_minutes: int | None = None
    occasion: str = ""
    mechanism: str = ""
    source_url: str = ""
    readout_file: str = ""
    attendance: list[tuple[str, str, str]] = field(default_factory=list)
    follows_up: list[str] = field(default_factory=list)


MEETINGS = [
    DemoMeeting(
        key="summit-2023",
        title="Japan-China Summit Meeting",
        kind=MeetingKind.SUMMIT,
        held_on=D(2023, 11, 16),
        place="San Francisco",
        occasion="on the margins of the APEC Economic Leaders' Meeting",
        parties=["JP", "CN"],
        source_url="https://www.mofa.go.jp/a_o/c_m1/cn/page1e_000850.html",
        attendance=[
            ("KISHIDA Fumio", "JP", "Prime Minister of Japan"),
            ("Xi Jinping", "CN", "President of the People's Republic of China"),
        ],
    ),
    DemoMeeting(
        key="busan-2023",
        title="Japan-China Foreign Ministers' Meeting",
        kind=MeetingKind.FOREIGN_MINISTERS,
        held_on=D(2023, 11, 25),
        start_time=datetime.time(17, 30),
        duration_minutes=100,
        place="Busan",
        occasion=(
            "while attending the Japan-China-ROK Trilateral Foreign Ministers' Meeting in Busan"
        ),
        parties=["JP", "CN"],
        source_url="https://www.mofa.go.jp/a_o/c_m1/cn/pageite_000001_00019.html",
        readout_file="2023-11-25-japan-china-foreign-ministers.txt",
        attendance=[
            ("KAMIKAWA Yoko", "JP", "Minister for Foreign Affairs of Japan"),
            ("Wang Yi", "CN", "Foreign Minister of the People's Republic of China"),
        ],
        follows_up=["summit-2023"],
    ),
    DemoMeeting(
        key="rok-call-2024",
        title="Japan-ROK Foreign Ministers' Telephone Talk",
        kind=MeetingKind.TELEPHONE,
        held_on=D(2024, 1, 5),
        start_time=datetime.time(10, 0),
        duration_minutes=35,
        parties=["JP", "KR"],
        source_url="https://www.mofa.go.jp/press/release/pressite_000001_00082.html",
        readout_file="2024-01-05-japan-rok-foreign-ministers-telephone-talk.txt",
        attendance=[
            ("KAMIKAWA Yoko", "JP", "Minister for Foreign Affairs of Japan"),
            ("Park Jin", "KR", "Minister for Foreign Affairs of the Republic of Korea"),
        ],
    ),
    DemoMeeting(
        key="beijing-fm-2024",
        title="Japan-China Foreign Ministers' Meeting",
        kind=MeetingKind.FOREIGN_MINISTERS,
        held_on=D(2024, 12, 25),
        place="Beijing",
        parties=["JP", "CN"],
        attendance=[
            ("IWAYA Takeshi", "JP", "Minister for Foreign Affairs of Japan"),
            ("Wang Yi", "CN", "Foreign Minister of the People's Republic of China"),
        ],
        follows_up=["busan-2023"],
    ),
    DemoMeeting(
        key="p2p-2024",
        title="Second Japan-China High-Level People-to-People and Cultural Exchange Dialogue",
        kind=MeetingKind.DIALOGUE_SESSION,
        held_on=D(2024, 12, 25),
        place="Beijing",
        parties=["JP", "CN"],
        mechanism=P2P_DIALOGUE,
        attendance=[
            ("IWAYA Takeshi", "JP", "Minister for Foreign Affairs of Japan"),
            ("Wang Yi", "CN", "Foreign Minister of the People's Republic of China"),
        ],
    ),
    DemoMeeting(
        key="tokyo-fm-2025",
        title="Japan-China Foreign Ministers' Meeting",
        kind=MeetingKind.FOREIGN_MINISTERS,
        held_on=D(2025, 3, 22),
        place="Tokyo",
        parties=["JP", "CN"],
        attendance=[
            ("IWAYA Takeshi", "JP", "Minister for Foreign Affairs of Japan"),
            ("Wang Yi", "CN", "Foreign Minister of the People's Republic of China"),
        ],
        follows_up=["beijing-fm-2024"],
    ),
    DemoMeeting(
        key="economic-2025",
        title="Sixth Japan-China High-Level Economic Dialogue",
        kind=MeetingKind.DIALOGUE_SESSION,
        held_on=D(2025, 3, 22),
        place="Tokyo",
        parties=["JP", "CN"],
        mechanism=ECONOMIC_DIALOGUE,
        attendance=[
            ("IWAYA Takeshi", "JP", "Minister for Foreign Affairs of Japan"),
            ("Wang Yi", "CN", "Foreign Minister of the People's Republic of China"),
        ],
    ),
]


@dataclass
class DemoCommitment:
    key: str
    paragraph: str
    kind: str
    title: str
    text: str
    responsible: list[str]
    topics: list[str]
    owner: str
    requested_by: str = ""
    continuing: bool = False
    target: str = ""
    mechanism: str = ""
    meeting: str = "busan-2023"


BUSAN_COMMITMENTS = [
    DemoCommitment(
        key="communication",
        paragraph="1",
        kind=Kind.JOINT,
        continuing=True,
        title="Continue close communication at all levels",
        text="The two Ministers concurred on continuing close communication at all levels",
        responsible=["JP", "CN"],
        topics=["communication"],
        owner="CMD",
    ),
    DemoCommitment(
        key="visits",
        paragraph="1",
        kind=Kind.JOINT,
        title="Consider reciprocal visits by the foreign ministers",
        text=(
            "invited each other for bilateral visits, and both sides decided to consider such "
            "visits accordingly"
        ),
        responsible=["JP", "CN"],
        topics=["visits"],
        owner="CMD",
    ),
    DemoCommitment(
        key="import-restrictions",
        paragraph="2",
        kind=Kind.REQUEST,
        requested_by="JP",
        title="Lift import restrictions on Japanese food products immediately",
        text=(
            "Minister Kamikawa strongly called for the immediate lifting of import restrictions "
            "on Japanese food products."
        ),
        responsible=["CN"],
        topics=["alps-treated-water", "economy"],
        owner="CMD",
        target="immediately",
    ),
    DemoCommitment(
        key="alps-dialogue",
        paragraph="2",
        kind=Kind.JOINT,
        title="Resolve the ALPS treated water issue through consultation and dialogue",
        text=(
            "the two ministers shared the view that they will seek to find ways to resolve "
            "issues through consultations and dialogue in a constructive manner."
        ),
        responsible=["JP", "CN"],
        topics=["alps-treated-water"],
        owner="CMD",
    ),
    DemoCommitment(
        key="buoy",
        paragraph="3",
        kind=Kind.REQUEST,
        requested_by="JP",
        title="Remove the buoy installed in Japan's EEZ immediately",
        text="She called for the immediate removal of the buoy installed in Japan\u2019s EEZ.",
        responsible=["CN"],
        topics=["east-china-sea", "security"],
        owner="CMD",
        target="immediately",
    ),
    DemoCommitment(
        key="security-dialogue",
        paragraph="3",
        kind=Kind.JOINT,
        title="Hold the Japan-China Security Dialogue at an early date",
        text=(
            "The two Ministers then shared the view to hold the Japan-China Security Dialogue at "
            "an early date to strengthen communication on security matters."
        ),
        responsible=["JP", "CN"],
        topics=["security"],
        owner="CMD",
        target="at an early date",
        mechanism=SECURITY_DIALOGUE,
    ),
    DemoCommitment(
        key="detained-nationals",
        paragraph="3",
        kind=Kind.REQUEST,
        requested_by="JP",
        title="Release the detained Japanese nationals early",
        text="strongly called for the early release of Japanese nationals detained in China.",
        responsible=["CN"],
        topics=["consular-cases"],
        owner="OCPD",
        target="early",
    ),
    DemoCommitment(
        key="economic-dialogue",
        paragraph="4",
        kind=Kind.JOINT,
        title="Use the High-Level Economic Dialogue (green economy, health and care)",
        text=(
            "The two Ministers concurred on coordinating toward utilizing the Japan-China "
            "High-Level Economic Dialogue ... to be held at an appropriate time, in order to "
            "promote bilateral cooperation in areas such as green economy (including environment "
            "and energy conservation), as well as medical care, nursing care, and healthcare"
        ),
        responsible=["JP", "CN"],
        topics=["economy"],
        owner="ESD",
        target="at an appropriate time",
        mechanism=ECONOMIC_DIALOGUE,
    ),
    DemoCommitment(
        key="p2p-dialogue",
        paragraph="4",
        kind=Kind.JOINT,
        title="Use the High-Level People-to-People and Cultural Exchange Dialogue",
        text=(
            "The two Ministers concurred on coordinating toward utilizing ... the Japan-China "
            "High-Level People-to-People and Cultural Exchange Dialogue to be held at an "
            "appropriate time, in order to ... expand people-to-people exchanges in various areas"
        ),
        responsible=["JP", "CN"],
        topics=["people-to-people-exchange"],
        owner="CMD",
        target="at an appropriate time",
        mechanism=P2P_DIALOGUE,
    ),
    DemoCommitment(
        key="climate-health",
        paragraph="5",
        kind=Kind.JOINT,
        title="Strengthen communication on climate change and global health",
        text=(
            "agreed to strengthen communications between the diplomatic authorities on issues "
            "such as climate change and global health, including measures against infectious "
            "diseases."
        ),
        responsible=["JP", "CN"],
        topics=["climate-change", "global-health"],
        owner="CMD",
    ),
    DemoCommitment(
        key="wps",
        paragraph="5",
        kind=Kind.JOINT,
        title="Cooperate on Women, Peace and Security",
        text=(
            "Minister Kamikawa also expressed her desire to work closely with Minister Wang in "
            "the field of Women, Peace and Security (WPS) and Minister Wang expressed his support "
            "for such cooperation."
        ),
        responsible=["JP", "CN"],
        topics=["women-peace-security"],
        owner="CMD",
    ),
    DemoCommitment(
        key="north-korea",
        paragraph="6",
        kind=Kind.JOINT,
        continuing=True,
        title="Keep close communication on North Korea, including the abductions issue",
        text="They shared the view to maintain close communication in the international arena.",
        responsible=["JP", "CN"],
        topics=["north-korea"],
        owner="NEAD",
    ),
]

OTHER_COMMITMENTS = [
    DemoCommitment(
        key="rok-communication",
        meeting="rok-call-2024",
        paragraph="2",
        kind=Kind.JOINT,
        continuing=True,
        title="Continue close communication between the diplomatic authorities",
        text="concurred on continuing close communication between the diplomatic authorities.",
        responsible=["JP", "KR"],
        topics=["communication"],
        owner="NEAD",
    ),
]


@dataclass
class DemoUpdate:
    commitment: str
    happened_on: datetime.date
    note: str
    status: str = ""
    meeting: str = ""
    effect: str = ""
    source_url: str = ""


# In date order: each is recorded through services.record_update, as a person would.
HISTORY = [
    DemoUpdate(
        "alps-dialogue",
        D(2024, 9, 20),
        "Japan and China announced a shared understanding on the discharge of ALPS treated water "
        "and on China's import measures; expert-level dialogue continues.",
        status=Status.IN_PROGRESS,
    ),
    DemoUpdate(
        "visits",
        D(2024, 12, 25),
        "Foreign Minister Iwaya visited Beijing; Wang Yi's visit to Japan still to come.",
        status=Status.IN_PROGRESS,
        meeting="beijing-fm-2024",
        effect=Effect.ADVANCED,
    ),
    DemoUpdate(
        "security-dialogue",
        D(2024, 12, 25),
        "The ministers agreed again to hold the Security Dialogue \u201cas early as possible "
        "next year\u201d. Not yet held.",
        meeting="beijing-fm-2024",
        effect=Effect.REAFFIRMED,
    ),
    DemoUpdate(
        "detained-nationals",
        D(2024, 12, 25),
        "Minister Iwaya again called for the early release of the detained Japanese nationals.",
        meeting="beijing-fm-2024",
        effect=Effect.REAFFIRMED,
    ),
    DemoUpdate(
        "p2p-dialogue",
        D(2024, 12, 25),
        "The Second High-Level People-to-People and Cultural Exchange Dialogue was held in "
        "Beijing.",
        status=Status.FULFILLED,
        meeting="p2p-2024",
        effect=Effect.FULFILLED,
    ),
    DemoUpdate(
        "buoy",
        D(2025, 2, 12),
        "Japan confirmed that the buoy installed in Japan's EEZ had been removed.",
        status=Status.FULFILLED,
    ),
    DemoUpdate(
        "visits",
        D(2025, 3, 22),
        "Foreign Minister Wang Yi visited Tokyo: both reciprocal visits have now taken place.",
        status=Status.FULFILLED,
        meeting="tokyo-fm-2025",
        effect=Effect.FULFILLED,
    ),
    DemoUpdate(
        "economic-dialogue",
        D(2025, 3, 22),
        "The Sixth High-Level Economic Dialogue was held in Tokyo.",
        status=Status.FULFILLED,
        meeting="economic-2025",
        effect=Effect.FULFILLED,
    ),
    DemoUpdate(
        "detained-nationals",
        D(2025, 3, 22),
        "Raised again in Tokyo; no release yet.",
        meeting="tokyo-fm-2025",
        effect=Effect.REAFFIRMED,
    ),
    DemoUpdate(
        "import-restrictions",
        D(2025, 6, 30),
        "China resumed imports of seafood from part of Japan.",
        status=Status.FULFILLED,
    ),
    DemoUpdate(
        "import-restrictions",
        D(2025, 11, 19),
        "China suspended the resumed seafood imports again.",
        status=Status.STALLED,
    ),
]


def _reference(model, **fields):
    """The demo's row of ``model`` with the first of ``fields`` (its natural key), made if new."""
    key, value = next(iter(fields.items()))
    existing = model.objects.filter(**{key: value}).first()
    return existing or services.save_reference(record=model(), fields=fields)


def _person(name: str, party: Party):
    """The demo's person named ``name``, with their Japanese name."""
    person = services.person_named(name, party)
    name_ja = PEOPLE_JA.get(name, "")
    if name_ja and person.name_ja != name_ja:
        person = services.save_reference(record=person, fields={"name_ja": name_ja})
    return person


@transaction.atomic
def load(*, author: AbstractBaseUser, as_of: datetime.date | None = None) -> dict[str, int]:
    """Load the demo data, with the follow-up history up to ``as_of`` (all of it if None).

    Returns how many records of each kind were created this time (0 everywhere on a rerun).
    """
    created = {"meetings": 0, "commitments": 0, "updates": 0}
    parties = {
        code: _reference(Party, code=code, name=name, name_ja=name_ja, kind=kind)
        for code, name, name_ja, kind in PARTIES
    }
    topics = {
        slug: _reference(Topic, slug=slug, name=name, name_ja=name_ja)
        for slug, name, name_ja in TOPICS
    }
    divisions = {
        code: _reference(Division, code=code, name=name, name_ja=name_ja)
        for code, name, name_ja in DIVISIONS
    }
    mechanisms = {
        name: services.save_reference(
            record=Mechanism.objects.filter(name=name).first() or Mechanism(),
            fields={"name": name, "name_ja": name_ja},
            many={"parties": [parties["JP"], parties["CN"]]},
        )
        for name, name_ja in MECHANISMS.items()
    }

    meetings: dict[str, Meeting] = {}
    for demo in MEETINGS:
        if as_of and demo.held_on > as_of:
            continue
        meeting = Meeting.objects.filter(title=demo.title, held_on=demo.held_on).first()
        if meeting is None:
            readout = (READOUTS / demo.readout_file).read_text() if demo.readout_file else ""
            meeting = services.save_meeting(
                fields={
                    "title": demo.title,
                    "held_on": demo.held_on,
                    "kind": demo.kind,
                    "start_time": demo.start_time,
                    "duration_minutes": demo.duration_minutes,
                    "place": demo.place,
                    "occasion": demo.occasion,
                    "mechanism": mechanisms.get(demo.mechanism),
                },
                parties=[parties[code] for code in demo.parties],
                follows_up=[meetings[key] for key in demo.follows_up if key in meetings],
                attendance=[
                    {
                        "person": _person(name, parties[code]),
                        "party": parties[code],
                        "title": title,
                        "order": order,
                    }
                    for order, (name, code, title) in enumerate(demo.attendance)
                ],
            )
            services.set_first_readout(
                meeting=meeting,
                text=readout,
                source_url=demo.source_url,
                publisher=parties["JP"],
            )
            created["meetings"] += 1
        meetings[demo.key] = meeting

    commitments: dict[str, Commitment] = {}
    for demo in BUSAN_COMMITMENTS + OTHER_COMMITMENTS:
        if demo.meeting not in meetings:
            continue
        meeting = meetings[demo.meeting]
        commitment = Commitment.objects.filter(
            meeting=meeting, paragraph=demo.paragraph, title=demo.title
        ).first()
        if commitment is None:
            commitment = services.create_commitment(
                fields={
                    "meeting": meeting,
                    "paragraph": demo.paragraph,
                    "title": demo.title,
                    "kind": demo.kind,
                    "requested_by": parties.get(demo.requested_by),
                    "continuing": demo.continuing,
                    "target": demo.target,
                    "mechanism": mechanisms.get(demo.mechanism),
                    "owner": divisions[demo.owner],
                },
                text=demo.text,
                responsible=[parties[code] for code in demo.responsible],
                topics=[topics[slug] for slug in demo.topics],
            )
            first = meeting.readouts.order_by("order", "pk").first()
            if first is not None and first.text:
                services.report_commitments(
                    readout=first,
                    reports=[services.Report(commitment, demo.paragraph, demo.text)],
                )
            created["commitments"] += 1
        commitments[demo.key] = commitment

    for demo in HISTORY:
        if as_of and demo.happened_on > as_of:
            continue
        commitment = commitments[demo.commitment]
        meeting = meetings.get(demo.meeting)
        if Update.objects.filter(
            commitment=commitment, happened_on=demo.happened_on, note=demo.note
        ).exists():
            continue
        services.record_update(
            commitment=commitment,
            author=author,
            status=demo.status or None,
            note=demo.note,
            meeting=meeting,
            effect=demo.effect,
            happened_on=demo.happened_on,
            source_url=demo.source_url,
        )
        created["updates"] += 1
    return created
