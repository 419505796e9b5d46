"""Realistic, reproducible bulk data for load and scale tests (``manage.py generate_data``).

A ministry's ten years: meetings with counterparts in plausible proportions, their commitments
and each commitment's follow-up timeline. Everything follows the workflow in ``meetings.status``
(an update's move is one ``check_move`` allows, a linked meeting always comes with its effect,
``previous_status`` chains), and the stored derived columns match what ``record_update`` and
``Commitment.save()`` would have written: ``version`` is one plus the number of updates,
``last_activity_on`` the latest of the meeting and its updates, ``expected_by`` from
``meetings.targets``.

Every generated meeting's ``source_url`` starts with ``GENERATED_URL_PREFIX`` (a reserved
``.invalid`` host), which is how the command tells generated rows from real ones. Rows are
written in batches: PostgreSQL ``COPY`` through psycopg 3, or batched ``INSERT`` elsewhere.
The same seed and ``as_of`` date give the same data.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from meetings import caching, targets
from meetings.models import (
    Attendance,
    Commitment,
    Division,
    Mechanism,
    Meeting,
    Party,
    Person,
    Readout,
    ReadoutExcerpt,
    Topic,
    Update,
)
from meetings.status import (
    ALLOWED_MOVES,
    CLOSED_STATUSES,
    EFFECT_STATUSES,
    Effect,
    Kind,
    MeetingKind,
    PartyKind,
    Priority,
    Review,
    Status,
    UpdateKind,
    initial_status,
)
from notifications.models import Notification, Watch

GENERATED_URL_PREFIX = "https://generated.invalid/"
GENERATED_USER_PREFIX = "generated-officer-"
YEARS = 10
BATCH_SIZE = 20_000


@dataclass(frozen=True)
class Sizes:
    meetings: int
    commitments: int
    updates: int


def seed_prefix(seed: int) -> str:
    return f"{GENERATED_URL_PREFIX}seed-{seed}/"


def _generated_readouts(prefix: str = GENERATED_URL_PREFIX) -> models.QuerySet:
    return Readout.objects.filter(source_url__startswith=prefix).values("meeting_id")


def generated_meetings() -> models.QuerySet:
    return Meeting.objects.filter(pk__in=_generated_readouts())


def real_meetings() -> models.QuerySet:
    return Meeting.objects.exclude(pk__in=_generated_readouts())


def holds_real_data() -> bool:
    """True when any meeting (so any commitment or update) was not made by the generator."""
    return real_meetings().exists()


def existing_sizes(seed: int) -> Sizes | None:
    """The sizes of generated data already present for ``seed``, or None if none or mixed."""
    meetings = generated_meetings()
    total = meetings.count()
    if not total or meetings.filter(pk__in=_generated_readouts(seed_prefix(seed))).count() != total:
        return None
    commitments = Commitment.objects.filter(meeting__in=meetings)
    return Sizes(
        meetings=total,
        commitments=commitments.count(),
        updates=Update.objects.filter(commitment__in=commitments).count(),
    )


# Vocabulary of the generated world ---------------------------------------------------------

# code, name, kind, weight (how often we meet them)
COUNTERPARTS: tuple[tuple[str, str, str, float], ...] = (
    ("CN", "China", PartyKind.STATE, 20),
    ("US", "United States", PartyKind.STATE, 18),
    ("KR", "Republic of Korea", PartyKind.STATE, 16),
    ("AU", "Australia", PartyKind.STATE, 6),
    ("IN", "India", PartyKind.STATE, 6),
    ("GB", "United Kingdom", PartyKind.STATE, 5),
    ("FR", "France", PartyKind.STATE, 4),
    ("DE", "Germany", PartyKind.STATE, 4),
    ("ID", "Indonesia", PartyKind.STATE, 4),
    ("VN", "Viet Nam", PartyKind.STATE, 4),
    ("PH", "Philippines", PartyKind.STATE, 4),
    ("ASEAN", "ASEAN", PartyKind.ORGANISATION, 3),
    ("EU", "European Union", PartyKind.ORGANISATION, 3),
    ("CA", "Canada", PartyKind.STATE, 3),
    ("RU", "Russia", PartyKind.STATE, 3),
    ("TH", "Thailand", PartyKind.STATE, 3),
    ("SG", "Singapore", PartyKind.STATE, 3),
    ("IT", "Italy", PartyKind.STATE, 2),
    ("MY", "Malaysia", PartyKind.STATE, 2),
    ("MN", "Mongolia", PartyKind.STATE, 2),
    ("NZ", "New Zealand", PartyKind.STATE, 2),
    ("BR", "Brazil", PartyKind.STATE, 2),
    ("SA", "Saudi Arabia", PartyKind.STATE, 2),
    ("AE", "United Arab Emirates", PartyKind.STATE, 2),
    ("UA", "Ukraine", PartyKind.STATE, 2),
    ("MX", "Mexico", PartyKind.STATE, 1),
    ("TR", "Türkiye", PartyKind.STATE, 1),
    ("EG", "Egypt", PartyKind.STATE, 1),
    ("ZA", "South Africa", PartyKind.STATE, 1),
    ("KE", "Kenya", PartyKind.STATE, 1),
    ("PL", "Poland", PartyKind.STATE, 1),
    ("KH", "Cambodia", PartyKind.STATE, 1),
    ("LA", "Lao PDR", PartyKind.STATE, 1),
    ("BD", "Bangladesh", PartyKind.STATE, 1),
    ("PK", "Pakistan", PartyKind.STATE, 1),
    ("NATO", "NATO", PartyKind.ORGANISATION, 1),
    ("UN", "United Nations", PartyKind.ORGANISATION, 1),
)
HOME_NAMES = {"JP": "Japan"}

TOPICS: tuple[tuple[str, str], ...] = (
    ("security", "Security"),
    ("economy", "Economy"),
    ("people-to-people", "People-to-people exchange"),
    ("visits", "Visits"),
    ("north-korea", "North Korea"),
    ("east-china-sea", "East China Sea"),
    ("alps-treated-water", "ALPS treated water"),
    ("global-health", "Global health"),
    ("consular-cases", "Consular cases"),
    ("climate-change", "Climate change"),
    ("energy", "Energy"),
    ("trade-investment", "Trade and investment"),
    ("maritime-security", "Maritime security"),
    ("cyber", "Cyber"),
    ("disaster-risk-reduction", "Disaster risk reduction"),
    ("science-technology", "Science and technology"),
    ("food-safety", "Food safety"),
    ("development-cooperation", "Development cooperation"),
    ("women-peace-security", "Women, Peace and Security"),
)
TOPIC_WEIGHTS = (12, 12, 8, 8, 5, 3, 2, 5, 3, 6, 5, 8, 6, 3, 3, 4, 2, 5, 2)

# What commitments say, by topic: "{pair}" is e.g. "Japan-China", "{other}" the counterpart.
PHRASES: dict[str, tuple[str, ...]] = {
    "security": (
        "hold the {pair} Security Dialogue",
        "strengthen defence exchanges",
        "operate the maritime and air communication mechanism smoothly",
        "hold the {pair} \u201c2+2\u201d Foreign and Defence Ministerial Meeting",
        "cooperate on non-proliferation and disarmament",
    ),
    "economy": (
        "use the {pair} High-Level Economic Dialogue",
        "promote cooperation in green economy, health and care",
        "ensure a fair business environment for companies",
        "strengthen supply chain resilience",
    ),
    "people-to-people": (
        "use the {pair} High-Level People-to-People and Cultural Exchange Dialogue",
        "expand youth exchanges",
        "promote tourism and sister-city exchanges",
    ),
    "visits": (
        "consider reciprocal visits by the foreign ministers",
        "realise a visit by the leader of {other}",
        "arrange a visit by the vice-minister",
    ),
    "north-korea": (
        "keep close communication on North Korea, including the abductions issue",
        "fully implement the relevant UN Security Council resolutions",
    ),
    "east-china-sea": (
        "remove the buoy installed in Japan's exclusive economic zone",
        "make the East China Sea a sea of peace, cooperation and friendship",
    ),
    "alps-treated-water": (
        "resolve the ALPS treated water issue through consultation and dialogue",
        "lift import restrictions on Japanese food products",
    ),
    "global-health": (
        "strengthen communication on global health",
        "cooperate on universal health coverage",
    ),
    "consular-cases": (
        "release the detained Japanese nationals",
        "ensure consular access to detained nationals",
    ),
    "climate-change": (
        "strengthen communication on climate change",
        "cooperate towards a successful climate conference",
    ),
    "energy": (
        "cooperate on energy security and clean energy transition",
        "hold the {pair} Energy Policy Dialogue",
    ),
    "trade-investment": (
        "advance negotiations on the economic partnership agreement",
        "hold consultations on export controls",
        "promote mutual investment",
    ),
    "maritime-security": (
        "hold the {pair} Consultations on Maritime Affairs",
        "strengthen maritime law enforcement cooperation",
    ),
    "cyber": ("hold the {pair} Cyber Dialogue", "cooperate against ransomware"),
    "disaster-risk-reduction": (
        "cooperate on disaster risk reduction",
        "share early warning information",
    ),
    "science-technology": (
        "hold the Joint Committee on Science and Technology Cooperation",
        "cooperate on critical and emerging technologies",
    ),
    "food-safety": ("establish a dialogue on food safety", "share inspection data"),
    "development-cooperation": (
        "coordinate development cooperation in third countries",
        "support connectivity and quality infrastructure",
    ),
    "women-peace-security": ("cooperate on Women, Peace and Security",),
}
CONTINUING_PHRASES = (
    "maintain close communication at all levels",
    "continue close communication on regional affairs",
    "keep each other informed on the situation in the region",
)
VAGUE_TARGETS = (
    ("at an early date", 30),
    ("as early as possible", 12),
    ("at an appropriate time", 20),
    ("in the near future", 10),
    ("within the year", 8),
    ("immediately", 8),
    ("as early as possible next year", 4),
    ("without delay", 4),
)

# kind, weight, title, relative number of commitments per meeting, duration range (minutes)
MEETING_KINDS: tuple[tuple[str, float, str, float, tuple[int, int]], ...] = (
    (MeetingKind.WORKING_LEVEL, 30, "Working-Level Consultations", 0.8, (60, 180)),
    (MeetingKind.TELEPHONE, 15, "Foreign Ministers' Telephone Talk", 0.4, (20, 45)),
    (MeetingKind.VIDEO_CONFERENCE, 8, "Foreign Ministers' Video Conference", 0.7, (30, 90)),
    (MeetingKind.VICE_MINISTERIAL, 12, "Vice-Ministerial Consultations", 1.2, (60, 150)),
    (MeetingKind.FOREIGN_MINISTERS, 12, "Foreign Ministers' Meeting", 1.8, (45, 150)),
    (MeetingKind.DIALOGUE_SESSION, 10, "", 1.5, (90, 240)),
    (MeetingKind.SUMMIT, 6, "Summit Meeting", 2.5, (30, 120)),
    (MeetingKind.MULTILATERAL, 7, "Meeting", 1.2, (60, 180)),
)
MECHANISM_NAMES = (
    "Security Dialogue",
    "High-Level Economic Dialogue",
    "Strategic Dialogue",
    "High-Level People-to-People and Cultural Exchange Dialogue",
    "Consultations on Maritime Affairs",
)
MULTILATERAL_NAMES = (
    "Japan-China-ROK Trilateral Foreign Ministers' Meeting",
    "ASEAN Regional Forum",
    "G7 Foreign Ministers' Meeting",
    "G20 Foreign Ministers' Meeting",
    "East Asia Summit Foreign Ministers' Meeting",
    "UN General Assembly High-Level Week",
)
PLACES = (
    "Tokyo",
    "Beijing",
    "Seoul",
    "Washington, D.C.",
    "New York",
    "Jakarta",
    "Busan",
    "Bangkok",
    "Brussels",
    "Paris",
    "London",
    "Singapore",
    "Hanoi",
    "Manila",
    "Delhi",
)
TITLES = {
    MeetingKind.SUMMIT: ("Prime Minister", "President"),
    MeetingKind.FOREIGN_MINISTERS: ("Minister for Foreign Affairs", "Foreign Minister"),
    MeetingKind.TELEPHONE: ("Minister for Foreign Affairs", "Foreign Minister"),
    MeetingKind.VIDEO_CONFERENCE: ("Minister for Foreign Affairs", "Foreign Minister"),
    MeetingKind.MULTILATERAL: ("Minister for Foreign Affairs", "Foreign Minister"),
    MeetingKind.VICE_MINISTERIAL: ("Vice-Minister for Foreign Affairs", "Vice Foreign Minister"),
    MeetingKind.DIALOGUE_SESSION: ("Deputy Minister", "Assistant Minister"),
    MeetingKind.WORKING_LEVEL: ("Director-General", "Director-General"),
}
FAMILY_NAMES = (
    "TANAKA",
    "SUZUKI",
    "SATO",
    "TAKAHASHI",
    "ITO",
    "WATANABE",
    "YAMAMOTO",
    "NAKAMURA",
    "KOBAYASHI",
    "KATO",
    "WANG",
    "LI",
    "ZHANG",
    "LIU",
    "CHEN",
    "KIM",
    "LEE",
    "PARK",
    "CHOI",
    "SMITH",
    "JOHNSON",
    "BROWN",
    "MARTIN",
    "BERNARD",
    "SCHMIDT",
    "MULLER",
    "ROSSI",
    "NGUYEN",
    "TRAN",
    "SANTOS",
    "REYES",
    "SINGH",
    "SHARMA",
    "WIDODO",
    "TAN",
    "LIM",
    "KHAN",
    "IVANOV",
    "KOWALSKI",
    "HASSAN",
)
GIVEN_NAMES = (
    "Yoko",
    "Taro",
    "Hiroshi",
    "Yi",
    "Wei",
    "Min-jun",
    "Ji-woo",
    "Anthony",
    "Mary",
    "Jean",
    "Claire",
    "Anna",
    "Marco",
    "Minh",
    "Maria",
    "Arjun",
    "Retno",
    "Wei Ling",
    "Ahmed",
    "Sergei",
    "Piotr",
    "Grace",
    "David",
    "Sofia",
    "Kenji",
    "Akiko",
)
DIVISIONS = (
    ("China and Mongolia Division", "CMD"),
    ("Northeast Asia Division", "NEAD"),
    ("Japan-U.S. Security Treaty Division", "USSTD"),
    ("North American Affairs Division", "NAAD"),
    ("Southeast Asia Division", "SEAD"),
    ("South Asia Division", "SAD"),
    ("Oceania Division", "OD"),
    ("Western Europe Division", "WED"),
    ("Central and South Eastern Europe Division", "CSEED"),
    ("Russian Division", "RD"),
    ("Middle East Division", "MED"),
    ("Africa Division", "AFD"),
    ("Latin America and Caribbean Division", "LACD"),
    ("United Nations Policy Division", "UNPD"),
    ("Economic Security Division", "ESD"),
    ("Consular Policy Division", "CPD"),
)
DIVISION_OF = {
    "CN": "CMD",
    "MN": "CMD",
    "KR": "NEAD",
    "US": "NAAD",
    "CA": "NAAD",
    "AU": "OD",
    "NZ": "OD",
    "IN": "SAD",
    "BD": "SAD",
    "PK": "SAD",
    "GB": "WED",
    "FR": "WED",
    "DE": "WED",
    "IT": "WED",
    "EU": "WED",
    "PL": "CSEED",
    "UA": "CSEED",
    "RU": "RD",
    "SA": "MED",
    "AE": "MED",
    "TR": "MED",
    "EG": "MED",
    "ZA": "AFD",
    "KE": "AFD",
    "BR": "LACD",
    "MX": "LACD",
    "UN": "UNPD",
    "NATO": "WED",
}
NOTES = {
    Status.OPEN: ("Reopened: the matter came back after the last report.",),
    Status.IN_PROGRESS: ("Working-level talks have started.", "Dates are being coordinated."),
    Status.STALLED: ("No reply from the other side.", "Talks suspended by the other side."),
    Status.ONGOING: ("Communication maintained as agreed.",),
    Status.FULFILLED: ("Done: held as agreed; see the readout.", "Confirmed by the other side."),
    Status.SUPERSEDED: ("Replaced by a later commitment.",),
    Status.DROPPED: ("Withdrawn after consultation.", "No longer pursued."),
}
PLAIN_NOTES = (
    "Raised again at working level.",
    "Embassy followed up.",
    "Briefed the desk.",
    "Awaiting the other side's reply.",
    "Discussed at the director level.",
)


# Writing rows ------------------------------------------------------------------------------


class _Writer:
    """Writes rows (tuples in ``fields`` order) of one model: COPY on PostgreSQL, else INSERT."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.rows = 0

    def write(self, rows: Iterable[tuple]) -> None:
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._insert(rows)

    def _copy(self, rows: Iterable[tuple]) -> None:
        # COPY takes JSON as its text; INSERT's parameters go through the field instead.
        json_at = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)
                    self.rows += 1

    def _insert(self, rows: Iterable[tuple]) -> None:
        placeholders = ", ".join(["%s"] * len(self.fields))
        sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders})"
        # get_db_prep_save skips pre_save, so auto_now fields keep the generated timestamps.
        preps = [functools.partial(f.get_db_prep_save, connection=connection) for f in self.fields]
        with connection.cursor() as cursor:
            for batch in itertools.batched(rows, BATCH_SIZE):
                cursor.executemany(
                    sql, [tuple(p(v) for p, v in zip(preps, row, strict=True)) for row in batch]
                )
                self.rows += len(batch)


def _first_free_id(model: type[models.Model]) -> int:
    last = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
    return last + 1


def _lock(models_: Iterable[type[models.Model]]) -> None:
    """Keep other writers out of the tables whose ids we hand out ourselves."""
    if connection.vendor != "postgresql":
        return  # SQLite's IMMEDIATE transaction already excludes other writers
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def delete_generated() -> None:
    """Remove every generated meeting with its commitments, updates and links, in raw SQL.

    The ORM's cascade collector would load hundreds of thousands of rows; these statements do
    not. Parties, people, topics, mechanisms, divisions and users are shared and kept.
    """
    q = connection.ops.quote_name
    meeting = q(Meeting._meta.db_table)
    commitment = q(Commitment._meta.db_table)
    readout = q(Readout._meta.db_table)
    generated = f"SELECT meeting_id FROM {readout} WHERE source_url LIKE %s"
    gen_commitments = f"SELECT id FROM {commitment} WHERE meeting_id IN ({generated})"
    like = GENERATED_URL_PREFIX + "%"
    statements = [
        # People's watches and inbox entries about generated records go with them.
        (Watch, f"commitment_id IN ({gen_commitments})"),
        (Watch, f"meeting_id IN ({generated})"),
        (Notification, f"commitment_id IN ({gen_commitments})"),
        (Notification, f"meeting_id IN ({generated})"),
        (Update, f"commitment_id IN ({gen_commitments})"),
        (Commitment.topics.through, f"commitment_id IN ({gen_commitments})"),
        (Commitment.responsible.through, f"commitment_id IN ({gen_commitments})"),
        (ReadoutExcerpt, f"commitment_id IN ({gen_commitments})"),
        (Attendance, f"meeting_id IN ({generated})"),
        (Meeting.parties.through, f"meeting_id IN ({generated})"),
        (Meeting.follows_up.through, f"from_meeting_id IN ({generated})"),
        (Meeting.follows_up.through, f"to_meeting_id IN ({generated})"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for model, where in statements:
            cursor.execute(f"DELETE FROM {q(model._meta.db_table)} WHERE {where}", [like])
        # One statement: references between generated commitments go with them.
        cursor.execute(f"DELETE FROM {commitment} WHERE meeting_id IN ({generated})", [like])
        # The readouts mark the generated meetings: they go last (foreign keys are checked at
        # commit).
        cursor.execute(f"DELETE FROM {meeting} WHERE id IN ({generated})", [like])
        cursor.execute(f"DELETE FROM {readout} WHERE source_url LIKE %s", [like])


def truncate_all_meeting_data() -> None:
    """PostgreSQL only, and only when no real meeting exists: the fast way to start again.
    Every watch and inbox entry goes too (PostgreSQL truncates a table only with the tables
    that refer to it), those of mechanisms and counterparts included."""
    tables = [
        Watch,
        Notification,
        Update,
        ReadoutExcerpt,
        Readout,
        Commitment.topics.through,
        Commitment.responsible.through,
        Commitment,
        Attendance,
        Meeting.parties.through,
        Meeting.follows_up.through,
        Meeting,
    ]
    names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction still have their foreign keys to check.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # CASCADE: what refers to these rows (inbox entries, watches, reminders sent) goes too;
        # none of it can refer to anything but generated data here.
        cursor.execute(f"TRUNCATE {names} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze() -> None:
    """Fresh planner statistics, so the first queries after a bulk load are planned well."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# The generator -----------------------------------------------------------------------------


@dataclass
class _MeetingRow:
    id: int
    held_on: datetime.date
    kind: str
    counterparts: list[int]  # indexes into the counterpart list
    confirmed: bool
    source_url: str


def _aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone()
    )


class Generator:
    """One run of the generator. ``run()`` writes everything inside the caller's transaction."""

    def __init__(
        self,
        *,
        sizes: Sizes,
        seed: int,
        as_of: datetime.date,
        log: Callable[[str], None] = lambda message: None,
    ):
        self.sizes = sizes
        self.seed = seed
        self.today = as_of
        self.rng = random.Random(seed)
        self.log = log
        self.started = time.monotonic()
        self.prefix = seed_prefix(seed)
        self.first_day = as_of - datetime.timedelta(days=round(365.25 * YEARS))
        self.span_days = (as_of - self.first_day).days
        self.now = _aware(as_of, 18, 0)
        self.counts: dict[str, int] = {}
        self._allowed: dict[tuple[str, bool], list[str]] = {}
        for status in Status.values:
            for continuing in (False, True):
                self._allowed[(status, continuing)] = [
                    s
                    for s in Status.values
                    if s in ALLOWED_MOVES[status]
                    and (s != Status.FULFILLED if continuing else s != Status.ONGOING)
                ]

    def _say(self, message: str) -> None:
        self.log(f"[{time.monotonic() - self.started:6.1f}s] {message}")

    # Reference data: parties, people, topics, mechanisms, divisions, desk officers.

    def _reference_data(self) -> None:
        home_code = settings.HOME_PARTY
        wanted = [(home_code, HOME_NAMES.get(home_code, home_code), PartyKind.STATE)]
        wanted += [(c, n, k) for c, n, k, _ in COUNTERPARTS if c != home_code]
        Party.objects.bulk_create(
            [Party(code=c, name=n, kind=k) for c, n, k in wanted], ignore_conflicts=True
        )
        parties = {p.code: p for p in Party.objects.filter(code__in=[c for c, _, _ in wanted])}
        self.home = parties[home_code]
        self.counterparts = [parties[c] for c, _, _, _ in COUNTERPARTS if c != home_code]
        self.cp_weights = [w for c, _, _, w in COUNTERPARTS if c != home_code]
        self.cp_cum = list(itertools.accumulate(self.cp_weights))

        Topic.objects.bulk_create([Topic(slug=s, name=n) for s, n in TOPICS], ignore_conflicts=True)
        by_slug = {t.slug: t for t in Topic.objects.filter(slug__in=[s for s, _ in TOPICS])}
        self.topics = [by_slug[s] for s, _ in TOPICS if s in by_slug]
        self.topic_slugs = [t.slug for t in self.topics]
        self.topic_cum = list(
            itertools.accumulate(
                w for (s, _), w in zip(TOPICS, TOPIC_WEIGHTS, strict=True) if s in by_slug
            )
        )

        Division.objects.bulk_create(
            [Division(name=n, code=c) for n, c in DIVISIONS], ignore_conflicts=True
        )
        divisions = {
            d.code: d.pk for d in Division.objects.filter(code__in=[c for _, c in DIVISIONS])
        }
        self.division_ids = list(divisions.values())
        self.division_of = {
            i: divisions.get(DIVISION_OF.get(p.code, "SEAD"), self.division_ids[0])
            for i, p in enumerate(self.counterparts)
        }

        # Mechanisms: the standing dialogues with the counterparts we meet most.
        names: list[tuple[str, int]] = []
        for i, party in enumerate(self.counterparts[:12]):
            for name in MECHANISM_NAMES[: 5 if i < 3 else 2]:
                names.append((f"{self.home.name}-{party.name} {name}", i))
        Mechanism.objects.bulk_create([Mechanism(name=n) for n, _ in names], ignore_conflicts=True)
        mechanisms = {
            m.name: m.pk for m in Mechanism.objects.filter(name__in=[n for n, _ in names])
        }
        self.mechanisms_of: dict[int, list[int]] = {}
        through = Mechanism.parties.through
        links = []
        for name, i in names:
            self.mechanisms_of.setdefault(i, []).append(mechanisms[name])
            links.append(through(mechanism_id=mechanisms[name], party_id=self.home.pk))
            links.append(through(mechanism_id=mechanisms[name], party_id=self.counterparts[i].pk))
        through.objects.bulk_create(links, ignore_conflicts=True)

        # People: about thirty speakers per party, who come and go over the years.
        rng = random.Random(self.seed + 1)
        people = []
        for party in [self.home, *self.counterparts]:
            seen: set[str] = set()
            while len(seen) < 30:
                seen.add(f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)}")
            people += [Person(name=n, party=party) for n in sorted(seen)]
        Person.objects.bulk_create(people, ignore_conflicts=True)
        wanted_people = {(p.name, p.party_id) for p in people}
        self.people: dict[int, list[int]] = {}
        for pk, name, party_id in Person.objects.order_by("party_id", "name").values_list(
            "pk", "name", "party_id"
        ):
            if (name, party_id) in wanted_people:
                self.people.setdefault(party_id, []).append(pk)

        User = get_user_model()
        usernames = [f"{GENERATED_USER_PREFIX}{n:02d}" for n in range(1, 31)]
        existing = set(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        for username in usernames:
            if username not in existing:
                user = User(username=username)
                user.set_unusable_password()
                user.save()
        self.user_ids = list(
            User.objects.filter(username__in=usernames)
            .order_by("username")
            .values_list("pk", flat=True)
        )

    # Meetings.

    def _meetings(self) -> list[_MeetingRow]:
        rng = self.rng
        n = self.sizes.meetings
        kinds = [k for k, *_ in MEETING_KINDS]
        kind_cum = list(itertools.accumulate(w for _, w, *_ in MEETING_KINDS))
        kind_info = {k: (title, per, dur) for k, _, title, per, dur in MEETING_KINDS}
        # Slightly more meetings in later years: diplomacy grows.
        days = sorted(int(self.span_days * rng.random() ** 0.85) for _ in range(n))
        self.first_meeting_id = _first_free_id(Meeting)
        first_readout_id = _first_free_id(Readout)
        rows: list[_MeetingRow] = []
        meeting_out: list[tuple] = []
        readout_out: list[tuple] = []
        parties_out: list[tuple] = []
        attendance_out: list[tuple] = []
        for i, day in enumerate(days):
            mid = self.first_meeting_id + i
            held_on = self.first_day + datetime.timedelta(days=day)
            kind = rng.choices(kinds, cum_weights=kind_cum)[0]
            title_tail, _, (dmin, dmax) = kind_info[kind]
            if kind == MeetingKind.MULTILATERAL:
                cps = sorted(
                    set(
                        rng.choices(
                            range(len(self.counterparts)),
                            cum_weights=self.cp_cum,
                            k=rng.randint(2, 5),
                        )
                    )
                )
                title = rng.choice(MULTILATERAL_NAMES)
            else:
                cps = rng.choices(range(len(self.counterparts)), cum_weights=self.cp_cum)
                pair = f"{self.home.name}-{self.counterparts[cps[0]].name}"
                title = f"{pair} {title_tail}".strip()
            mechanism_id = None
            mechs = self.mechanisms_of.get(cps[0])
            if mechs and (kind == MeetingKind.DIALOGUE_SESSION or rng.random() < 0.05):
                mechanism_id = rng.choice(mechs)
            if kind == MeetingKind.DIALOGUE_SESSION:
                if mechanism_id is None:
                    kind = MeetingKind.WORKING_LEVEL
                    pair = f"{self.home.name}-{self.counterparts[cps[0]].name}"
                    title = f"{pair} Working-Level Consultations"
                else:
                    title = self.mechanism_names[mechanism_id]
            # A few very recent meetings were imported and still await review.
            confirmed = not (day > self.span_days - 60 and rng.random() < 0.1)
            source_url = f"{self.prefix}meetings/{i + 1}"
            counterpart_names = ", ".join(self.counterparts[c].name for c in cps)
            meeting_out.append(
                (
                    mid,
                    title,
                    kind,
                    held_on,
                    datetime.time(rng.randint(8, 19), rng.choice((0, 15, 30, 45))),
                    rng.randint(dmin, dmax) // 5 * 5,
                    rng.choice(PLACES)
                    if kind not in (MeetingKind.TELEPHONE, MeetingKind.VIDEO_CONFERENCE)
                    else "",
                    "",
                    mechanism_id,
                    Review.CONFIRMED if confirmed else Review.DRAFT,
                    _aware(held_on, 20, 0),
                    _aware(held_on, 20, 0),
                )
            )
            # Its readout (ours), whose address marks it as generated.
            readout_out.append(
                (
                    first_readout_id + i,
                    mid,
                    self.home.pk,
                    "en",
                    source_url,
                    f"On {held_on:%d %B %Y}, {self.home.name} and {counterpart_names} held "
                    f"a {kind.replace('_', ' ')} meeting. The two sides exchanged views on "
                    "bilateral relations and regional affairs.",
                    "",
                    0,
                    _aware(held_on, 20, 0),
                )
            )
            parties_out.append((mid, self.home.pk))
            parties_out += [(mid, self.counterparts[c].pk) for c in cps]
            # Attendance: the heads of each delegation, titles by kind of meeting.
            era = day // 400
            home_title, other_title = TITLES[kind]
            for order, (party_id, title_at) in enumerate(
                [(self.home.pk, home_title)]
                + [(self.counterparts[c].pk, other_title) for c in cps[:3]]
            ):
                pool = self.people[party_id]
                person = pool[(era * 3 + rng.randrange(3)) % len(pool)]
                attendance_out.append((mid, person, title_at, party_id, order))
            rows.append(_MeetingRow(mid, held_on, kind, cps, confirmed, source_url))

        # Follow-ups between meetings: about one meeting in ten refers back to an earlier one.
        follows: set[tuple[int, int]] = set()
        by_cp: dict[int, list[int]] = {}
        for row in rows:
            earlier = by_cp.get(row.counterparts[0])
            if earlier and rng.random() < 0.1:
                follows.add((row.id, rng.choice(earlier[-10:])))
            by_cp.setdefault(row.counterparts[0], []).append(row.id)

        _Writer(
            Meeting,
            [
                "id",
                "title",
                "kind",
                "held_on",
                "start_time",
                "duration_minutes",
                "place",
                "occasion",
                "mechanism",
                "review",
                "created_at",
                "updated_at",
            ],
        ).write(meeting_out)
        _Writer(
            Readout,
            [
                "id",
                "meeting",
                "publisher",
                "language",
                "source_url",
                "text",
                "text_hash",
                "order",
                "created_at",
            ],
        ).write(readout_out)
        _Writer(Meeting.parties.through, ["meeting", "party"]).write(parties_out)
        _Writer(Meeting.follows_up.through, ["from_meeting", "to_meeting"]).write(sorted(follows))
        _Writer(Attendance, ["meeting", "person", "title", "party", "order"]).write(attendance_out)
        self.counts["meetings"] = len(meeting_out)
        self.counts["attendances"] = len(attendance_out)
        self._say(f"{len(meeting_out)} meetings, {len(attendance_out)} attendances")
        return rows

    # Commitments and their timelines.

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 - one generator per run
    def _expected_by(self, made_on: datetime.date, target: str) -> datetime.date | None:
        return targets.expected_by(made_on=made_on, due_on=None, target=target)

    def _commitments(self, meetings: list[_MeetingRow]) -> None:
        rng = self.rng
        n = self.sizes.commitments
        if n and not meetings:
            raise ValueError("Commitments need at least one meeting.")
        per = {k: p for k, _, _, p, _ in MEETING_KINDS}
        meeting_cum = list(itertools.accumulate(per[m.kind] for m in meetings))
        picks = sorted(rng.choices(range(len(meetings)), cum_weights=meeting_cum, k=n)) if n else []
        first_id = _first_free_id(Commitment)

        # Follow-up meetings by counterpart: (dates, rows) of confirmed meetings, date order.
        later: dict[int, tuple[list[datetime.date], list[_MeetingRow]]] = {}
        for m in meetings:
            if m.confirmed:
                for c in m.counterparts:
                    dates, rows = later.setdefault(c, ([], []))
                    dates.append(m.held_on)
                    rows.append(m)

        # Static attributes of every commitment (reaffirmations need the earlier ones).
        statics: list[dict] = []
        recent_by_cp: dict[int, list[int]] = {}
        paragraph_counter: dict[int, int] = {}
        for index, mi in enumerate(picks):
            m = meetings[mi]
            cp = m.counterparts[0]
            other = self.counterparts[cp]
            pair = f"{self.home.name}-{other.name}"
            k = paragraph_counter.get(m.id, 0)
            paragraph_counter[m.id] = k + 1
            continuing = rng.random() < 0.12
            kind = rng.choices((Kind.JOINT, Kind.REQUEST, Kind.PLEDGE), (55, 30, 15))[0]
            if continuing:
                kind = Kind.JOINT
            reaffirms = None
            earlier = recent_by_cp.get(cp)
            if earlier and rng.random() < 0.08:
                reaffirms = rng.choice(earlier[-300:])
            if reaffirms is not None:
                base = statics[reaffirms]
                topic_idx = base["topics"]
                phrase = base["phrase"]
                continuing = base["continuing"]
                kind = base["kind"]
            else:
                topic_idx = sorted(
                    set(
                        rng.choices(
                            range(len(self.topics)),
                            cum_weights=self.topic_cum,
                            k=rng.choice((1, 1, 1, 2, 2, 3)),
                        )
                    )
                )
                if continuing:
                    phrase = rng.choice(CONTINUING_PHRASES)
                else:
                    phrase = rng.choice(
                        PHRASES.get(self.topic_slugs[topic_idx[0]], PLAIN_NOTES[:1])
                    )
                phrase = phrase.format(pair=pair, other=other.name)
            due_on = None
            target = ""
            if not continuing:
                r = rng.random()
                if r < 0.2:
                    due_on = m.held_on + datetime.timedelta(days=rng.randint(30, 720))
                elif r < 0.75:
                    target = rng.choices(*zip(*VAGUE_TARGETS, strict=True))[0]
            requested_by = None
            if kind == Kind.REQUEST:
                if rng.random() < 0.65:
                    requested_by, responsible = (
                        self.home.pk,
                        [self.counterparts[c].pk for c in m.counterparts[:1]],
                    )
                else:
                    requested_by, responsible = other.pk, [self.home.pk]
            elif kind == Kind.PLEDGE:
                responsible = [rng.choice((self.home.pk, other.pk))]
            else:
                responsible = [self.home.pk] + [self.counterparts[c].pk for c in m.counterparts]
            statics.append(
                {
                    "id": first_id + index,
                    "meeting": m,
                    "cp": cp,
                    "paragraph": str(1 + k // 2),
                    "phrase": phrase,
                    "topics": topic_idx,
                    "continuing": continuing,
                    "kind": kind,
                    "requested_by": requested_by,
                    "responsible": responsible,
                    "due_on": due_on,
                    "target": target,
                    "reaffirms": reaffirms,
                    "reaffirmed_by": [],
                }
            )
            if reaffirms is not None:
                statics[reaffirms]["reaffirmed_by"].append(index)
            if m.confirmed:
                recent_by_cp.setdefault(cp, []).append(index)
        self._say(f"{n} commitments planned")

        # How many updates each commitment gets: older ones have longer timelines.
        weights = [
            0.0
            if not s["meeting"].confirmed
            else ((self.today - s["meeting"].held_on).days + 20) ** 0.8
            * (1.5 if s["continuing"] else 1)
            for s in statics
        ]
        counts = [0] * n
        if self.sizes.updates:
            if not any(weights):
                raise ValueError("Updates need at least one confirmed commitment.")
            for i in rng.choices(
                range(n), cum_weights=list(itertools.accumulate(weights)), k=self.sizes.updates
            ):
                counts[i] += 1

        update_id = _first_free_id(Update)
        commitment_writer = _Writer(
            Commitment,
            [
                "id",
                "meeting",
                "paragraph",
                "text",
                "title",
                "kind",
                "requested_by",
                "continuing",
                "owner",
                "assignee",
                "priority",
                "due_on",
                "target",
                "expected_by",
                "mechanism",
                "reaffirms",
                "superseded_by",
                "status",
                "review",
                "made_on",
                "last_activity_on",
                "reaffirmed_since_move",
                "version",
                "meeting_party_ids",
                "created_at",
                "updated_at",
            ],
        )
        update_writer = _Writer(
            Update,
            [
                "id",
                "commitment",
                "happened_on",
                "previous_status",
                "status",
                "effect",
                "note",
                "meeting",
                "source_url",
                "corrects",
                "author",
                "recorded_at",
                "kind",
                "previous_text",
            ],
        )
        topics_writer = _Writer(Commitment.topics.through, ["commitment", "topic"])
        responsible_writer = _Writer(Commitment.responsible.through, ["commitment", "party"])
        status_tally: dict[str, int] = {}
        names = {p.pk: p.name for p in [self.home, *self.counterparts]}
        # Each meeting's parties, as its commitments copy them (``meeting_party_ids``).
        party_ids = {
            m.id: sorted({self.home.pk, *(self.counterparts[c].pk for c in m.counterparts)})
            for m in meetings
        }

        for start in range(0, n, BATCH_SIZE):
            commitment_rows: list[tuple] = []
            update_rows: list[tuple] = []
            topic_rows: list[tuple] = []
            responsible_rows: list[tuple] = []
            for index in range(start, min(n, start + BATCH_SIZE)):
                s = statics[index]
                m: _MeetingRow = s["meeting"]
                cid = s["id"]
                made_on = m.held_on
                created_at = min(
                    self.now,
                    _aware(
                        made_on + datetime.timedelta(days=rng.randint(0, 5)),
                        rng.randint(9, 18),
                        rng.randint(0, 59),
                    ),
                )
                # The replacement a superseding move may name: a later commitment repeating it.
                replacement = None
                if s["reaffirmed_by"]:
                    r = statics[rng.choice(s["reaffirmed_by"])]
                    replacement = (r["meeting"].held_on, r["id"])
                status, last_on, last_at, superseded_by, made, reaffirmed = self._timeline(
                    rng,
                    s,
                    cid,
                    made_on,
                    counts[index],
                    later.get(s["cp"]),
                    replacement,
                    update_id,
                    update_rows,
                )
                update_id += made
                status_tally[status] = status_tally.get(status, 0) + 1
                title = s["phrase"][0].upper() + s["phrase"][1:]
                if s["target"]:
                    title = f"{title} {s['target']}"
                lead = {
                    Kind.JOINT: "The two sides concurred to",
                    Kind.REQUEST: "{req} called on {resp} to",
                    Kind.PLEDGE: "{resp} expressed its intention to",
                }[s["kind"]]
                lead = lead.format(
                    req=names.get(s["requested_by"], ""), resp=names[s["responsible"][0]]
                )
                text = f"{lead} {s['phrase']}{' ' + s['target'] if s['target'] else ''}."
                expected_by = s["due_on"] or (
                    self._expected_by(made_on, s["target"]) if s["target"] else None
                )
                mechs = self.mechanisms_of.get(s["cp"])
                mechanism = rng.choice(mechs) if mechs and rng.random() < 0.15 else None
                commitment_rows.append(
                    (
                        cid,
                        m.id,
                        s["paragraph"],
                        text,
                        title[:300],
                        s["kind"],
                        s["requested_by"],
                        s["continuing"],
                        self.division_of[s["cp"]],
                        rng.choice(self.user_ids) if rng.random() < 0.6 else None,
                        rng.choices((Priority.HIGH, Priority.NORMAL, Priority.LOW), (15, 70, 15))[
                            0
                        ],
                        s["due_on"],
                        s["target"],
                        expected_by,
                        mechanism,
                        statics[s["reaffirms"]]["id"] if s["reaffirms"] is not None else None,
                        superseded_by,
                        status,
                        Review.CONFIRMED if m.confirmed else Review.DRAFT,
                        made_on,
                        max(made_on, last_on),
                        reaffirmed,
                        1 + made,
                        party_ids[m.id],
                        created_at,
                        max(created_at, last_at),
                    )
                )
                topic_rows += [(cid, self.topics[t].pk) for t in s["topics"]]
                responsible_rows += [(cid, p) for p in dict.fromkeys(s["responsible"])]
            commitment_writer.write(commitment_rows)
            update_writer.write(update_rows)
            topics_writer.write(topic_rows)
            responsible_writer.write(responsible_rows)
            self._say(f"{start + len(commitment_rows)} commitments, {update_writer.rows} updates")

        self.counts.update(
            commitments=commitment_writer.rows,
            updates=update_writer.rows,
            commitment_topics=topics_writer.rows,
            commitment_responsible=responsible_writer.rows,
        )
        self.counts.update({f"status_{k}": v for k, v in sorted(status_tally.items())})

    def _timeline(
        self,
        rng: random.Random,
        s: dict,
        cid: int,
        made_on: datetime.date,
        count: int,
        later: tuple[list[datetime.date], list[_MeetingRow]] | None,
        replacement: tuple[datetime.date, int] | None,
        first_update_id: int,
        out: list[tuple],
    ) -> tuple[str, datetime.date, datetime.datetime, int | None, int, int]:
        """Walk ``count`` updates through the workflow; append their rows to ``out``."""
        continuing = s["continuing"]
        status = initial_status(continuing=continuing)
        superseded_by = None
        last_on = made_on
        last_at = _aware(made_on, 9, 0)
        reaffirmed = 0
        if not count:
            return status, last_on, last_at, superseded_by, 0, reaffirmed
        span = max(0, (self.today - made_on).days)
        events: list[tuple[datetime.date, _MeetingRow | None]] = []
        lo = bisect.bisect_right(later[0], made_on) if later else 0
        for _ in range(count):
            if later and lo < len(later[0]) and rng.random() < 0.35:
                # A later meeting discussed it; nearer meetings are likelier.
                j = lo + int((len(later[0]) - lo) * rng.random() ** 2)
                events.append((later[0][j], later[1][j]))
            else:
                events.append(
                    (made_on + datetime.timedelta(days=int(span * rng.random() ** 0.7)), None)
                )
        events.sort(key=lambda e: e[0])
        previous_id = None
        for offset, (happened_on, meeting) in enumerate(events):
            uid = first_update_id + offset
            allowed = self._allowed[(status, continuing)]
            new = None
            effect = ""
            corrects = None
            if meeting is not None:
                effect = rng.choices(
                    (
                        Effect.DISCUSSED,
                        Effect.REAFFIRMED,
                        Effect.ADVANCED,
                        Effect.FULFILLED,
                        Effect.SET_BACK,
                    ),
                    (30, 35, 18, 9, 8),
                )[0]
                options = [s_ for s_ in EFFECT_STATUSES[effect] if s_ is None or s_ in allowed]
                if effect == Effect.FULFILLED and Status.FULFILLED not in options:
                    effect, options = Effect.DISCUSSED, [None]
                options = [o for o in options if o != Status.SUPERSEDED]
                changes = [o for o in options if o is not None]
                keep = {
                    Effect.DISCUSSED: 0.75,
                    Effect.REAFFIRMED: 0.8,
                    Effect.ADVANCED: 0.3,
                    Effect.SET_BACK: 0.3,
                    Effect.FULFILLED: 0.0,
                }[effect]
                if status in CLOSED_STATUSES:
                    keep = 0.95
                if changes and (None not in options or rng.random() >= keep):
                    new = rng.choice(changes)
                source_url = meeting.source_url
            else:
                source_url = ""
                if previous_id is not None and rng.random() < 0.01:
                    corrects = previous_id
                elif rng.random() < (0.6 if status not in CLOSED_STATUSES else 0.08):
                    # Closed commitments rarely move again (a reimposed ban reopens one).
                    weights = {
                        Status.IN_PROGRESS: 5,
                        Status.STALLED: 2,
                        Status.ONGOING: 6,
                        Status.FULFILLED: 6,
                        Status.OPEN: 1,
                        Status.DROPPED: 2,
                    }
                    choices = [a for a in allowed if a in weights]
                    if (
                        replacement is not None
                        and Status.SUPERSEDED in allowed
                        and happened_on >= replacement[0]
                    ):
                        weights[Status.SUPERSEDED] = 4
                        choices.append(Status.SUPERSEDED)
                    if choices:
                        new = rng.choices(choices, [weights[c] for c in choices])[0]
            if new is not None:
                note = rng.choice(NOTES[new])
            elif corrects is not None:
                note = "Correction: the previous entry had the wrong date."
            else:
                note = rng.choice(PLAIN_NOTES)
            recorded_at = min(
                self.now,
                _aware(
                    happened_on + datetime.timedelta(days=rng.choice((0, 0, 1, 2, 7))),
                    rng.randint(9, 18),
                    rng.randint(0, 59),
                ),
            )
            recorded_at = max(recorded_at, last_at)
            out.append(
                (
                    uid,
                    cid,
                    happened_on,
                    status,
                    new or "",
                    effect,
                    note,
                    meeting.id if meeting else None,
                    source_url,
                    corrects,
                    rng.choice(self.user_ids),
                    recorded_at,
                    UpdateKind.PROGRESS,
                    "",
                )
            )
            # As record_update keeps it: reset by a move, raised by a reaffirmation without one.
            if new is not None:
                reaffirmed = 0
            elif effect == Effect.REAFFIRMED:
                reaffirmed += 1
            if new is not None:
                if new == Status.SUPERSEDED:
                    superseded_by = replacement[1]
                elif superseded_by is not None:
                    superseded_by = None
                status = new
            last_on = max(last_on, happened_on)
            last_at = recorded_at
            previous_id = uid
        return status, last_on, last_at, superseded_by, count, reaffirmed

    def run(self) -> dict[str, int]:
        self._reference_data()
        self.mechanism_names = dict(Mechanism.objects.values_list("pk", "name"))
        self._say("reference data ready")
        _lock([Meeting, Commitment, Update])
        meetings = self._meetings()
        self._commitments(meetings)
        if connection.vendor == "postgresql":
            _reset_sequences(
                [
                    Meeting,
                    Readout,
                    Commitment,
                    Update,
                    Attendance,
                    Meeting.parties.through,
                    Meeting.follows_up.through,
                    Commitment.topics.through,
                    Commitment.responsible.through,
                ]
            )
        # Written in bulk, around the services: say what changed, for every cached read.
        caching.changed(*caching.SCOPES)
        self._say("written")
        return self.counts


def closed_share(counts: dict[str, int]) -> float:
    closed = sum(v for k, v in counts.items() if k.removeprefix("status_") in CLOSED_STATUSES)
    return closed / max(1, counts.get("commitments", 0))
