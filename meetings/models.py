"""The tracker's records: who met, what they committed to, and what happened since.

Vocabulary and workflow live in ``meetings.status``; writes that touch several rows live in
``meetings.services``. Models hold fields, constraints and the reads the product repeats.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Upper
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from meetings import status as workflow
from meetings import targets
from meetings.status import (
    OPEN_STATUSES,
    Effect,
    Kind,
    MeetingKind,
    PartyKind,
    Priority,
    Review,
    Status,
    UpdateKind,
    choice_label,
)


def home_party_code() -> str:
    return settings.HOME_PARTY


def japanese_page() -> bool:
    """Whether the page being drawn is in Japanese (names are shown in its language)."""
    return (get_language() or "").startswith("ja")


def shown_name(prefix: str = "") -> models.Expression:
    """The name of the record at ``prefix`` (``"mechanism__"``) in the page's language, for
    reads of plain values: the Japanese name on a Japanese page when one is recorded, else
    the English one. Cached reads are keyed per language (``meetings.caching``)."""
    if japanese_page():
        return Coalesce(NullIf(F(f"{prefix}name_ja"), Value("")), F(f"{prefix}name"))
    return F(f"{prefix}name")


class NamedInTwoLanguages:
    """A reference record with an English ``name`` and a Japanese ``name_ja``: pages show the
    one of their language (the English one where no Japanese name is recorded)."""

    name: str
    name_ja: str

    @property
    def shown_name(self) -> str:
        return self.name_ja if japanese_page() and self.name_ja else self.name

    @property
    def names(self) -> list[str]:
        """Both names, for matching what a readout prints in either language."""
        return [name for name in (self.name, self.name_ja) if name]

    def __str__(self) -> str:
        return self.shown_name


def name_ja_field(max_length: int, **kwargs) -> models.CharField:
    return models.CharField(
        _("name in Japanese"),
        max_length=max_length,
        blank=True,
        help_text=_("As Japanese pages and readouts print it (中国, 上川陽子)."),
        **kwargs,
    )


class PartyQuerySet(models.QuerySet):
    def counterparts(self) -> "PartyQuerySet":
        return self.exclude(code=home_party_code())


class Party(NamedInTwoLanguages, models.Model):
    """A state or international organisation taking part in meetings.

    States use their ISO 3166 alpha-2 code; organisations a short code (ASEAN, EU). ``name``
    is the English name, ``name_ja`` the Japanese one.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ja = name_ja_field(200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind, default=PartyKind.STATE)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9]+$"), name="party_code_upper_case"
            ),
            models.CheckConstraint(condition=Q(kind__in=PartyKind.values), name="party_kind_known"),
        ]

    @property
    def is_home(self) -> bool:
        return self.code == home_party_code()


class Person(NamedInTwoLanguages, models.Model):
    """Someone who speaks for a party, named as published (family name in capitals), in
    English (``name``: KAMIKAWA Yoko) and in Japanese (``name_ja``: 上川陽子): a readout in
    either language names the same person.

    Titles change, so the title lives on each attendance, not here.
    """

    name = models.CharField(_("name"), max_length=200)
    name_ja = name_ja_field(200)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="people", verbose_name=_("party")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["name", "party"], name="person_unique_per_party")
        ]

    def __str__(self) -> str:
        name = self.shown_name
        return f"{name} ({self.party.code})" if self.party_id else name


class MechanismQuerySet(models.QuerySet):
    def with_last_met(self) -> "MechanismQuerySet":
        """Each with ``last_met``: the date of its latest confirmed meeting, or None."""
        latest = (
            Meeting.objects.filter(mechanism=models.OuterRef("pk"), review=Review.CONFIRMED)
            .order_by("-held_on")
            .values("held_on")[:1]
        )
        return self.annotate(last_met=models.Subquery(latest))

    def with_open_commitments(self) -> "MechanismQuerySet":
        """Each with ``open_commitments``: its confirmed open commitments, counted."""
        counted = (
            Commitment.objects.confirmed()
            .open()
            .filter(mechanism=models.OuterRef("pk"))
            .order_by()
            .values("mechanism")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return self.annotate(
            open_commitments=Coalesce(
                models.Subquery(counted, output_field=models.IntegerField()), 0
            )
        )


class Mechanism(NamedInTwoLanguages, models.Model):
    """A standing dialogue that meets again and again (the Japan-China Security Dialogue,
    日中安全保障対話)."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    name_ja = name_ja_field(300)
    parties = models.ManyToManyField(
        Party, related_name="mechanisms", blank=True, verbose_name=_("parties")
    )

    objects = MechanismQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")

    def get_absolute_url(self) -> str:
        return reverse("commitment-list") + f"?mechanism={self.pk}"


class Topic(NamedInTwoLanguages, models.Model):
    """A subject commitments are filed under. Flat: no hierarchy."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ja = name_ja_field(200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Division(NamedInTwoLanguages, models.Model):
    """An internal division of the ministry that owns commitments (China and Mongolia Division).

    Owners are divisions rather than people because desk officers rotate; a division keeps
    its commitments through a reshuffle.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ja = name_ja_field(200)
    code = models.CharField(_("short code"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")


class MeetingQuerySet(models.QuerySet):
    def confirmed(self) -> "MeetingQuerySet":
        return self.filter(review=Review.CONFIRMED)

    def matching(self, words: str) -> "MeetingQuerySet":
        """Meetings whose title, place or occasion holds every word of ``words``, in any case."""
        queryset = self
        for word in words.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(place__icontains=word) | Q(occasion__icontains=word)
            )
        return queryset


class Meeting(models.Model):
    """One occasion where parties met or talked.

    ``review`` is *draft* while an imported readout awaits a person's confirmation; drafts stay
    out of lists and dashboards, and may lack a date (a readout that prints none), which
    confirming needs. ``follows_up`` records earlier meetings this one refers back to (the
    summit it reaffirms). Its published accounts are its ``readouts`` (ours, the
    counterpart's, in either language).
    """

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind)
    held_on = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    occasion = models.CharField(_("occasion"), max_length=500, blank=True)
    parties = models.ManyToManyField(Party, related_name="meetings", verbose_name=_("parties"))
    mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("mechanism"),
        help_text=_("The standing dialogue this meeting was a session of, if any."),
    )
    follows_up = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="followed_up_by",
        blank=True,
        verbose_name=_("follows up"),
        help_text=_("Earlier meetings this one refers back to or reaffirms."),
    )
    review = models.CharField(_("review"), max_length=20, choices=Review, default=Review.CONFIRMED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        # A draft without a date comes after the dated ones, on every database.
        ordering = [F("held_on").desc(nulls_last=True), "-start_time", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["review", "held_on"], name="meeting_review_date"),
            models.Index(fields=["updated_at"], name="meeting_updated"),
        ]
        permissions = [
            (
                "add_followup_meeting",
                _("Can add a later meeting while recording a follow-up"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="meeting_duration_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="meeting_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(review__in=Review.values), name="meeting_review_known"
            ),
            models.CheckConstraint(
                condition=Q(review=Review.DRAFT) | Q(held_on__isnull=False),
                name="meeting_confirmed_has_date",
                violation_error_message=_("Give the meeting's date."),
            ),
        ]

    def __str__(self) -> str:
        if self.held_on is None:
            return f"{self.title} ({_('no date')})"
        return f"{self.title} ({date_format(self.held_on, 'SHORT_DATE_FORMAT')})"

    def get_absolute_url(self) -> str:
        return reverse("meeting-detail", args=[self.pk])

    def counterparts(self) -> list[Party]:
        """Parties other than ours, from prefetched parties when available."""
        return [party for party in self.parties.all() if not party.is_home]

    # One label looked up, not every label of the field translated (see ``choice_label``).
    def get_kind_display(self):
        return choice_label(MeetingKind, self.kind)

    def get_review_display(self):
        return choice_label(Review, self.review)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")


class Readout(models.Model):
    """One published account of a meeting: ours or the counterpart's, in English or Japanese.

    ``publisher`` is the party whose ministry published it (whose account it is); ``text_hash``
    (of the text with its spacing collapsed) lets an import notice the same readout twice.
    A meeting's readouts are in the order they were added, its first being the one it was
    recorded from.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="readouts", verbose_name=_("meeting")
    )
    publisher = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="readouts",
        verbose_name=_("publisher"),
        help_text=_("The party whose ministry published it."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    text_hash = models.CharField(_("text hash"), max_length=64, blank=True, db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("readout")
        verbose_name_plural = _("readouts")
        indexes = [models.Index(fields=["source_url"], name="readout_source_url")]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="readout_language_known"
            ),
        ]

    def __str__(self) -> str:
        publisher = self.publisher.code if self.publisher_id else "?"
        return f"{publisher} ({self.language}): {self.meeting.title}"

    @property
    def is_ours(self) -> bool:
        return self.publisher_id is not None and self.publisher.is_home

    def get_language_display(self):
        return choice_label(Language, self.language)


class ReadoutExcerptQuerySet(models.QuerySet):
    def by_publisher(self) -> "ReadoutExcerptQuerySet":
        return self.select_related("readout", "readout__publisher").order_by(
            "readout__order", "readout_id", "id"
        )


class ReadoutExcerpt(models.Model):
    """Where a readout reports a commitment: its paragraph and its words, verbatim.

    A commitment is reported by one or more paragraphs of one or more of its meeting's
    readouts; one reported by one side's readouts only, while the meeting has readouts from
    both sides, is *reported by one side only* (``CommitmentQuerySet.reported``).
    """

    commitment = models.ForeignKey(
        "Commitment",
        on_delete=models.CASCADE,
        related_name="excerpts",
        verbose_name=_("commitment"),
    )
    readout = models.ForeignKey(
        Readout, on_delete=models.CASCADE, related_name="excerpts", verbose_name=_("readout")
    )
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    text = models.TextField(_("text"), help_text=_("The readout's words, verbatim."))

    objects = ReadoutExcerptQuerySet.as_manager()

    class Meta:
        ordering = ["readout", "id"]
        verbose_name = _("readout excerpt")
        verbose_name_plural = _("readout excerpts")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "readout", "paragraph"], name="excerpt_once_per_paragraph"
            )
        ]

    def __str__(self) -> str:
        return f"¶{self.paragraph}: {self.text[:60]}"


class Attendance(models.Model):
    """A person at a meeting, with the title they held then and the party they spoke for."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    title = models.CharField(_("title at the time"), max_length=300, blank=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("party")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_person_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name}, {self.title}" if self.title else self.person.name


def as_number(text: str | None) -> int | None:
    """``123`` or ``#123`` as a number; None for anything else (words, or digits of another
    script, which ``int`` would take and the database would not)."""
    text = (text or "").strip().removeprefix("#")
    return int(text) if text.isascii() and text.isdigit() else None


def party_ids_of(meeting_ids, *, using: str) -> dict[int, list[int]]:
    """Each meeting's parties' ids, in order: what its commitments copy (``meeting_party_ids``)."""
    parties: dict[int, list[int]] = {meeting_id: [] for meeting_id in meeting_ids}
    links = Meeting.parties.through.objects.using(using).filter(meeting_id__in=parties)
    for meeting_id, party_id in links.order_by("party_id").values_list("meeting", "party"):
        parties[meeting_id].append(party_id)
    return parties


def made_with(*parties: Party, using: str) -> Q:
    """Commitments made at meetings with any of ``parties``, as a condition."""
    if connections[using].vendor == "postgresql":
        # The meeting's parties copied on each commitment: a GIN index hands over a major
        # partner's tens of thousands of commitments as one bitmap, which PostgreSQL
        # intersects with the status's and the words' (migration 0012).
        condition = Q(pk__in=[])
        for party in parties:
            condition |= Q(meeting_party_ids__contains=[party.pk])
        return condition
    # A subquery, not a join: no duplicate rows, so no DISTINCT over every column.
    links = Meeting.parties.through.objects.filter(party_id__in=[party.pk for party in parties])
    return Q(meeting__in=links.values("meeting_id"))


class Reported(models.TextChoices):
    BOTH = "both", _("by both sides")
    ONE_SIDE = "one_side", _("by one side only")
    OURS_ONLY = "ours_only", _("by our readout only")
    THEIRS_ONLY = "theirs_only", _("by their readout only")


def _publishers(queryset: models.QuerySet, group_by: str, publisher: str) -> models.Subquery:
    counted = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=models.Count(publisher, distinct=True))
        .values("n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def reported_q(which: str) -> Q:
    """The condition of ``CommitmentQuerySet.reported`` (``which``: a ``Reported`` value).

    A side is a publisher: a commitment is reported by one side only when the paragraphs
    that report it are all of one publisher's readouts while its meeting has readouts of
    two publishers or more; by ours only when that side is ours. Subqueries on the
    commitment's excerpts (a few rows each) and, once, the meetings with readouts of two
    publishers: asked of each commitment, whether its meeting is one cost a subquery per row
    (48 ms over a major partner's 20,000 open commitments, the briefing's first visit)."""
    excerpts = ReadoutExcerpt.objects.filter(commitment=models.OuterRef("pk"))
    sides_reporting = _publishers(excerpts, "commitment", "readout__publisher")
    published_by_two = (
        Readout.objects.order_by()
        .values("meeting_id")
        .annotate(sides=models.Count("publisher", distinct=True))
        .filter(sides__gte=2)
        .values("meeting_id")
    )
    one_side = Q(meeting_id__in=published_by_two) & Q(Exact(sides_reporting, 1))
    in_ours = Q(models.Exists(excerpts.filter(readout__publisher__code=home_party_code())))
    return {
        Reported.BOTH: Q(GreaterThanOrEqual(sides_reporting, 2)),
        Reported.ONE_SIDE: one_side,
        Reported.OURS_ONLY: one_side & in_ours,
        Reported.THEIRS_ONLY: one_side & ~in_ours,
    }[Reported(which)]


class CommitmentQuerySet(models.QuerySet):
    def confirmed(self) -> "CommitmentQuerySet":
        return self.filter(review=Review.CONFIRMED)

    def open(self) -> "CommitmentQuerySet":
        return self.filter(workflow.open_q())

    def closed(self) -> "CommitmentQuerySet":
        return self.exclude(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> "CommitmentQuerySet":
        return self.filter(workflow.overdue_q(today))

    def due_soon(self, today: datetime.date) -> "CommitmentQuerySet":
        return self.filter(workflow.due_soon_q(today))

    def stale(self, today: datetime.date) -> "CommitmentQuerySet":
        return self.filter(workflow.stale_q(today))

    def for_counterpart(self, party: "Party") -> "CommitmentQuerySet":
        """Commitments made at meetings with ``party``."""
        return self.filter(made_with(party, using=self.db))

    def matching(self, words: str) -> "CommitmentQuerySet":
        """Commitments whose title or text holds every word of ``words``, in any case."""
        queryset = self
        for word in words.split():
            # Capitalised by the database, as ``search_text`` is, so both agree on every
            # letter; a word holds no space, so it never matches across title and text.
            queryset = queryset.filter(search_text__contains=Upper(Value(word)))
        return queryset

    def found_by(self, term: str) -> "CommitmentQuerySet":
        """What a search for ``term`` finds: the commitment it numbers (``123``, ``#123``),
        else those holding every word of it (all, for no words)."""
        number = as_number(term)
        return self.filter(pk=number) if number is not None else self.matching(term)

    def copy_meeting_parties(self) -> None:
        """Bring ``meeting_party_ids`` in line with the meetings' parties."""
        meeting_ids = set(self.order_by().values_list("meeting_id", flat=True).distinct())
        for meeting_id, party_ids in party_ids_of(meeting_ids, using=self.db).items():
            self.filter(meeting_id=meeting_id).update(meeting_party_ids=party_ids)

    def reported(self, which: str) -> "CommitmentQuerySet":
        """Commitments by which sides' readouts report them (``Reported``): by both, or by
        one side only (ours or theirs) while the meeting has readouts from both sides."""
        return self.filter(reported_q(which))

    def for_lists(self) -> "CommitmentQuerySet":
        """What a list row shows, fetched in a fixed number of queries."""
        return self.select_related(
            "meeting", "requested_by", "owner", "assignee", "mechanism"
        ).prefetch_related("responsible", "topics")


class Commitment(models.Model):
    """One action that came out of a meeting and that someone must follow up.

    ``text`` is the readout's own words and is never edited; ``title`` is the plain summary.
    ``expected_by`` is derived (``due_on``, else the meeting date plus the horizon of the vague
    ``target``) and stored so the overdue reads are one indexed comparison.
    ``made_on`` copies the meeting's date so lists sort on one indexed column without a join.
    ``last_activity_on`` is when anything last happened to it (the meeting, then each update),
    stored so the stale read needs no aggregate. ``reaffirmed_since_move`` counts later
    meetings that reaffirmed it since its status last moved, kept by ``record_update``, so a
    commitment stuck at "reaffirmed three times" is one indexed read, not a subquery per row.
    ``version`` rises with each change, so two people editing at once cannot overwrite each
    other unseen. ``meeting_party_ids`` copies the meeting's parties (kept by ``save`` and,
    when the meeting's parties change, by ``meetings.signals``) and ``search_text`` is the
    title and text in capitals (kept by the database), so a counterpart's commitments
    searched for a word are found by indexes rather than read one by one.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("meeting")
    )
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    text = models.TextField(_("text"), help_text=_("The readout's words, verbatim."))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.JOINT)
    requested_by = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_made",
        verbose_name=_("requested by"),
        help_text=_("For a request: the side that asked."),
    )
    responsible = models.ManyToManyField(
        Party,
        related_name="commitments",
        verbose_name=_("responsible"),
        help_text=_("Who must act."),
    )
    continuing = models.BooleanField(
        _("continuing"),
        default=False,
        help_text=_("Never finishes (“maintain close communication”): reviewed, not fulfilled."),
    )
    owner = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("owner"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_commitments",
        verbose_name=_("assignee"),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, default=Priority.NORMAL
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    target = models.CharField(
        _("target"),
        max_length=200,
        blank=True,
        help_text=_("As said: “at an early date”, “at an appropriate time”."),
    )
    expected_by = models.DateField(_("expected by"), null=True, blank=True, editable=False)
    mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("mechanism"),
        help_text=_("The standing dialogue it is to run through, if any."),
    )
    topics = models.ManyToManyField(Topic, related_name="commitments", verbose_name=_("topics"))
    reaffirms = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reaffirmed_by",
        verbose_name=_("reaffirms"),
        help_text=_("An earlier commitment this one repeats."),
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    review = models.CharField(_("review"), max_length=20, choices=Review, default=Review.CONFIRMED)
    made_on = models.DateField(_("made on"), null=True, editable=False)
    last_activity_on = models.DateField(_("last activity"), null=True, editable=False)
    reaffirmed_since_move = models.PositiveIntegerField(
        _("reaffirmed since its status last moved"), default=0, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    meeting_party_ids = models.JSONField(_("parties at its meeting"), default=list, editable=False)
    search_text = models.GeneratedField(
        expression=Upper(Concat("title", Value(" "), "text", output_field=models.TextField())),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("searched text"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["made_on", "meeting_id", "paragraph", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        permissions = [
            ("assign_commitment", _("Can assign a commitment to a person or division")),
            ("review_commitment", _("Can review and confirm imported drafts")),
        ]
        indexes = [
            models.Index(fields=["review", "status", "expected_by"], name="commitment_due"),
            models.Index(
                fields=["review", "status", "last_activity_on"], name="commitment_activity"
            ),
            models.Index(fields=["review", "status", "updated_at"], name="commitment_changed"),
            models.Index(
                fields=["review", "made_on", "meeting", "paragraph", "id"],
                name="commitment_list_order",
            ),
            # Changed recently: an index-only count of the few rows changed this week.
            models.Index(
                fields=["updated_at"],
                condition=Q(review=Review.CONFIRMED),
                name="commitment_updated",
            ),
            # Due between two dates, whatever the status (the list's due filters, exports).
            models.Index(
                fields=["expected_by"],
                condition=Q(review=Review.CONFIRMED),
                name="commitment_expected_by",
            ),
            # Stale: open commitments counted by their last activity (index only).
            models.Index(
                fields=["last_activity_on"],
                condition=Q(review=Review.CONFIRMED, status__in=sorted(OPEN_STATUSES)),
                name="commitment_open_activity",
            ),
            # A counterpart's commitments in a status: one probe per meeting with the party,
            # reaching only the rows in that status.
            models.Index(
                fields=["meeting", "status"],
                condition=Q(review=Review.CONFIRMED),
                name="commitment_meeting_status",
            ),
            # A meeting's confirmed commitments counted (the meeting list's column): SQLite
            # otherwise walks the list-order index's every confirmed row for each meeting.
            models.Index(fields=["meeting", "review"], name="commitment_meeting_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="commitment_status_known"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="commitment_kind_known"),
            models.CheckConstraint(
                condition=Q(review__in=Review.values), name="commitment_review_known"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="commitment_priority_known"
            ),
            models.CheckConstraint(
                condition=(Q(kind=Kind.REQUEST) & Q(requested_by__isnull=False))
                | (~Q(kind=Kind.REQUEST) & Q(requested_by__isnull=True)),
                name="commitment_request_has_requester",
                violation_error_message=_(
                    "A request names the side that asked; only a request does."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="commitment_superseded_names_replacement",
                violation_error_message=_("A superseded commitment names its replacement."),
            ),
            models.CheckConstraint(
                condition=~Q(continuing=True, status=Status.FULFILLED),
                name="commitment_continuing_never_fulfilled",
                violation_error_message=_("A continuing commitment is reviewed, not fulfilled."),
            ),
            models.CheckConstraint(
                condition=~Q(continuing=False, status=Status.ONGOING),
                name="commitment_only_continuing_ongoing",
                violation_error_message=_("Only a continuing commitment can be ongoing."),
            ),
            models.CheckConstraint(
                condition=~Q(reaffirms=F("id")), name="commitment_not_reaffirming_itself"
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=F("id")), name="commitment_not_superseding_itself"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="commitment_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Derived columns only; workflow rules live in services and the status module.
        self.refresh_derived_dates()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "made_on",
                "expected_by",
                "last_activity_on",
            }
        if update_fields is not None and "meeting" not in update_fields:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            # The meeting's row held until this commitment is saved: a change to its parties
            # committing meanwhile waits for it, and its signal then finds this commitment.
            Meeting.objects.using(using).select_for_update().filter(pk=self.meeting_id).exists()
            self.meeting_party_ids = party_ids_of([self.meeting_id], using=using)[self.meeting_id]
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "meeting_party_ids"}
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("commitment-detail", args=[self.pk])

    def clean(self) -> None:
        # Forms never carry the status (it moves only through record_update), so Django skips
        # the constraints that pair it with ``continuing``; check them here, where a form can
        # still say so, rather than fail at the database.
        super().clean()
        wrong_requester = workflow.requester_error(
            kind=self.kind, has_requester=self.requested_by_id is not None
        )
        if wrong_requester:
            raise ValidationError({"requested_by": wrong_requester})
        if self.continuing and self.status == Status.FULFILLED:
            raise ValidationError(
                {
                    "continuing": _(
                        "A fulfilled commitment cannot become continuing; reopen it first."
                    )
                }
            )
        if not self.continuing and self.status == Status.ONGOING:
            raise ValidationError(
                {
                    "continuing": _(
                        "An ongoing commitment is continuing; move it to another status first."
                    )
                }
            )

    def refresh_derived_dates(self) -> None:
        # A draft's meeting may have no date yet: nothing is then derived from it but an
        # explicit due date (confirming the meeting gives it one, and these follow).
        made_on = self.meeting.held_on
        self.made_on = made_on
        if made_on is None:
            self.expected_by = self.due_on
        else:
            self.expected_by = targets.expected_by(
                made_on=made_on, due_on=self.due_on, target=self.target
            )
        if self.last_activity_on is None:
            self.last_activity_on = made_on

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return workflow.is_overdue(
            status=self.status,
            continuing=self.continuing,
            expected_by=self.expected_by,
            today=today,
        )

    def is_stale(self, today: datetime.date) -> bool:
        return workflow.is_stale(
            status=self.status, last_activity_on=self.last_activity_on, today=today
        )

    # One label looked up, not every label of the field translated (see ``choice_label``).
    def get_status_display(self):
        return choice_label(Status, self.status)

    def get_kind_display(self):
        return choice_label(Kind, self.kind)

    def get_priority_display(self):
        return choice_label(Priority, self.priority)

    def get_review_display(self):
        return choice_label(Review, self.review)


class Update(models.Model):
    """One entry on a commitment's timeline. Append-only: a mistake is corrected by a new entry.

    ``previous_status`` keeps the status before this entry, so the timeline shows each move
    even after later ones. ``meeting`` with ``effect`` records what a later meeting did.
    An entry of kind *text corrected* records a correction of the readout's words (a manager's,
    with the reason in ``note``) and keeps the words it replaced in ``previous_text``: the
    verbatim text is never edited in passing (``docs/design.md``).
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="updates", verbose_name=_("commitment")
    )
    kind = models.CharField(
        _("kind of entry"), max_length=20, choices=UpdateKind, default=UpdateKind.PROGRESS
    )
    previous_text = models.TextField(_("words before the correction"), blank=True)
    happened_on = models.DateField(_("happened on"))
    previous_status = models.CharField(
        _("previous status"), max_length=20, choices=Status, editable=False
    )
    status = models.CharField(
        _("new status"), max_length=20, choices=Status, blank=True, help_text=_("Blank: unchanged.")
    )
    effect = models.CharField(_("effect"), max_length=20, choices=Effect, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=10_000)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("later meeting"),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("An earlier entry this one corrects."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commitment_updates",
        verbose_name=_("author"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at", "id"]
        get_latest_by = ["happened_on", "recorded_at", "id"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        indexes = [
            models.Index(fields=["commitment", "happened_on"], name="update_timeline"),
            models.Index(fields=["recorded_at"], name="update_recorded"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=Status.values), name="update_status_known"
            ),
            models.CheckConstraint(
                condition=Q(effect="") | Q(effect__in=Effect.values), name="update_effect_known"
            ),
            models.CheckConstraint(
                condition=(Q(effect="") & Q(meeting__isnull=True))
                | (~Q(effect="") & Q(meeting__isnull=False)),
                name="update_meeting_has_effect",
                violation_error_message=_("A linked meeting comes with its effect, and only then."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UpdateKind.values), name="update_kind_known"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=UpdateKind.PROGRESS, previous_text="")
                    | (
                        Q(kind=UpdateKind.TEXT_CORRECTED, status="", meeting__isnull=True)
                        & ~Q(previous_text="")
                    )
                ),
                name="update_text_correction_keeps_old_words",
                violation_error_message=_(
                    "A correction of the readout's words keeps the words it replaced and "
                    "moves nothing else."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} — {date_format(self.happened_on, 'SHORT_DATE_FORMAT')}"

    @property
    def changes_status(self) -> bool:
        return bool(self.status) and self.status != self.previous_status

    # One label looked up, not every label of the field translated (see ``choice_label``).
    def get_status_display(self):
        return choice_label(Status, self.status)

    def get_previous_status_display(self):
        return choice_label(Status, self.previous_status)

    def get_effect_display(self):
        return choice_label(Effect, self.effect)

    @property
    def corrects_text(self) -> bool:
        return self.kind == UpdateKind.TEXT_CORRECTED


class DataVersion(models.Model):
    """A fresh random token per scope after every committed write that scope covers.

    Cached reads (the dashboard's figures, list counts) are keyed by these tokens, so a write
    shows on the very next read, in every process, whatever the cache backend. ``figures``
    moves with anything a figure or a list filter reads except activity; ``activity`` moves
    with every write, a note-only update included (stale, changed recently); ``reference``
    with everything rendered rows show of other rows (meetings, parties, topics, divisions,
    users) and with any save of a commitment that does not raise its version. The tokens are
    random rather than counters, so a cache that outlives a recreated database can never
    serve a stale entry under a reused number. ``meetings.versions`` reads and moves them.
    """

    scope = models.CharField(_("scope"), max_length=20, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.token}"


# Sign-in: sessions, API tokens, recovery codes ------------------------------------------------


def digest_of(secret: str) -> str:
    """What is stored of a secret the tracker made (an API token, a recovery code): its
    SHA-256. The secrets are random and long, so a slow password hash would add nothing; a
    copy of the database (a backup) holds no usable token or code."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Account(models.Model):
    """What the tracker keeps about a person's sign-ins beyond Django's user: when all their
    sessions were last ended (deactivated, password changed, second factor reset). A session
    signed in before that moment never works again, reactivated or not (tracker/middleware.py).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account",
        verbose_name=_("user"),
    )
    sessions_ended_at = models.DateTimeField(_("sessions ended at"), null=True, blank=True)
    divisions = models.ManyToManyField(
        Division,
        blank=True,
        related_name="members",
        verbose_name=_("divisions"),
        help_text=_("The divisions this person works in; they share its commitments."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For mail and reminders. Blank: the language last chosen on the pages."),
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def preferred_language(self) -> str:
        """The language to write to this person in: theirs if set, else the site's."""
        return self.language or settings.LANGUAGE_CODE


class SavedFilterQuerySet(models.QuerySet):
    def visible_to(self, user, division_ids) -> "SavedFilterQuerySet":
        """The person's own saved filters and those shared with ``division_ids`` (theirs)."""
        return self.filter(Q(owner=user) | Q(division__in=division_ids))


class SavedFilter(models.Model):
    """A named query string of the commitment list, kept for one click from the top bar.

    ``query`` is stored as the list's own query string, checked and put in a standard order
    by ``services.save_filter`` through the list's one FilterSet, so a saved filter lists
    exactly what the list showed. Private to its owner, or shared with one ``division``
    (its members see it; only its owner renames or deletes it).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("query"), max_length=2000, blank=True)
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="saved_filters",
        verbose_name=_("shared with"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SavedFilterQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="saved_filter_name_unique_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commitment-list") + (f"?{self.query}" if self.query else "")


class ApiTokenQuerySet(models.QuerySet):
    def live(self, now: datetime.datetime | None = None):
        return self.filter(expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A key a script sends as ``Authorization: Token <key>``. Only its digest is stored (the
    key is shown once, when made) with its first characters, so its owner can tell their
    tokens apart. A person has as many as they name; each expires ``API_TOKEN_DAYS`` after it
    was made, and all end with a password change or a deactivation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    # Written at most once a day, so using a token costs no write per request.
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name or self.prefix} ({self.user})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()


class RecoveryCodes(ThrottlingMixin, Device):
    """A person's recovery codes, a second factor for when their phone is not at hand: each
    works once, only their digests are stored, and new ones replace all the old. (django-otp's
    own static device keeps its codes in plain text.)"""

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        code = RecoveryCode.normalise(str(token))
        used = self.codes.filter(digest=digest_of(code)).delete()[0] if code else 0
        if used:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return bool(used)

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")


class RecoveryCode(models.Model):
    device = models.ForeignKey(
        RecoveryCodes, on_delete=models.CASCADE, related_name="codes", verbose_name=_("device")
    )
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_once"),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}: {self.digest[:8]}"

    @staticmethod
    def normalise(code: str) -> str:
        """As typed: spaces and hyphens dropped, any case."""
        return "".join(ch for ch in code.lower() if ch not in " -")


class IdempotentRequest(models.Model):
    """An API write sent with an ``Idempotency-Key``, and the answer it got.

    Written in the same transaction as the write itself, so a key is used up exactly when its
    write is stored; the unique key makes a concurrent retry wait for the first and then find
    its answer. Kept a day (``meetings.api.idempotency``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    # The method and path, e.g. "POST /api/v1/commitments/7/updates/".
    endpoint = models.CharField(_("endpoint"), max_length=300)
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of the request's data, so a different request under the same key is refused.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # Set before the transaction commits; no other transaction ever sees them empty.
    status = models.PositiveSmallIntegerField(_("status"), null=True)
    answer = models.JSONField(_("answer"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "endpoint", "key"],
                name="idempotency_key_once_per_person_and_endpoint",
            )
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"


class CalendarFeed(models.Model):
    """A private address a calendar app reads a person's calendar from without signing in
    (``/calendar/feed/<key>.ics``). As with API tokens, only the key's digest is stored (the
    address is shown once, when made) with its first characters, so its owner can tell their
    feeds apart and revoke one. Feeds end with a password change or a deactivation, as API
    tokens do: the address is a password to that person's calendar."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Written at most once a day, so a calendar app polling every few minutes costs no write.
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.name or self.prefix} ({self.user})"
