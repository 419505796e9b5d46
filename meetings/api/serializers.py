"""What the API shows and accepts. Writes are validated here, then handed to ``services``.

Responses and requests use separate serializers where the shapes differ: a commitment shows
its meeting as ``{id, title}`` but is created with the meeting's id.
"""

from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings import services
from meetings.audit.context import Door
from meetings.models import (
    ApiToken,
    Attendance,
    Commitment,
    Division,
    Mechanism,
    Meeting,
    Party,
    Person,
    Readout,
    ReadoutExcerpt,
    Reported,
    Topic,
    Update,
)
from meetings.selectors import reported_side
from meetings.status import Effect, Status, initial_status

User = get_user_model()
NOTE_MAX_LENGTH = 10_000


def party_codes(**kwargs) -> serializers.SlugRelatedField:
    if not kwargs.get("read_only"):
        kwargs.setdefault("queryset", Party.objects.all())
    return serializers.SlugRelatedField(slug_field="code", **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "example": "17:30:00",
        "description": "Local time of day at the place of the meeting.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day without an offset (OpenAPI's ``format: time`` would demand one)."""


def shown_url() -> serializers.CharField:
    """A stored URL that may be blank: ``""`` is no URL, which ``format: uri`` would refuse."""
    return serializers.CharField(read_only=True, help_text=_("A URL, or empty."))


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A stored ``""`` (no value) shown as ``null``."""

    def to_representation(self, value):
        return value or None


# References --------------------------------------------------------------------------------


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "held_on"]


class MechanismRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mechanism
        fields = ["id", "name", "name_ja"]


class DivisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["id", "code", "name", "name_ja"]


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username"]


# Reference data ----------------------------------------------------------------------------


class PartySerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        max_length=10,
        validators=[
            RegexValidator(r"^[A-Z0-9]+$", _("Upper-case letters and digits (JP, CN, ASEAN).")),
        ],
    )
    is_home = serializers.BooleanField(read_only=True)

    class Meta:
        model = Party
        fields = ["code", "name", "name_ja", "kind", "is_home"]

    def validate_code(self, value: str) -> str:
        taken = Party.objects.filter(code=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(_("A party with this code already exists."))
        return value


class PersonSerializer(serializers.ModelSerializer):
    party = party_codes()

    class Meta:
        model = Person
        fields = ["id", "name", "name_ja", "party"]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name", "name_ja", "slug"]


class DivisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["id", "name", "name_ja", "code"]


class MechanismSerializer(serializers.ModelSerializer):
    parties = party_codes(many=True, required=False)
    last_met = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Date of its latest confirmed meeting.")
    )
    open_commitments = serializers.IntegerField(
        read_only=True, help_text=_("Confirmed open commitments that run through it.")
    )

    class Meta:
        model = Mechanism
        fields = ["id", "name", "name_ja", "parties", "last_met", "open_commitments"]


# Meetings ----------------------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    name_ja = serializers.CharField(source="person.name_ja", read_only=True)
    party = party_codes(read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "name", "name_ja", "party", "title", "order"]


class ReadoutSerializer(serializers.ModelSerializer):
    """One published account of a meeting (ours or the counterpart's)."""

    publisher = party_codes(read_only=True, allow_null=True)
    source_url = shown_url()

    class Meta:
        model = Readout
        fields = ["id", "publisher", "language", "source_url", "text", "text_hash", "order"]
        read_only_fields = fields


class ExcerptSerializer(serializers.ModelSerializer):
    """A readout paragraph that reports a commitment, in its words."""

    publisher = party_codes(source="readout.publisher", read_only=True, allow_null=True)
    language = serializers.CharField(source="readout.language", read_only=True)

    class Meta:
        model = ReadoutExcerpt
        fields = ["readout", "publisher", "language", "paragraph", "text"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    parties = party_codes(many=True, read_only=True)
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)
    mechanism = MechanismRefSerializer(read_only=True, allow_null=True)
    start_time = LocalTimeField(read_only=True, allow_null=True)
    readouts = ReadoutSerializer(many=True, read_only=True)
    source_url = serializers.SerializerMethodField(
        help_text=_("The address of its first readout (the one it was recorded from), or empty.")
    )
    readout = serializers.SerializerMethodField(
        help_text=_("The text of its first readout, or empty; all of them are in readouts.")
    )
    created = serializers.DateTimeField(source="created_at", read_only=True)
    updated = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "url",
            "title",
            "kind",
            "held_on",
            "start_time",
            "duration_minutes",
            "place",
            "occasion",
            "parties",
            "attendance",
            "mechanism",
            "follows_up",
            "source_url",
            "readout",
            "readouts",
            "review",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @staticmethod
    def _first(meeting: Meeting):
        readouts = meeting.readouts.all()
        return readouts[0] if readouts else None

    def get_source_url(self, meeting: Meeting) -> str:
        first = self._first(meeting)
        return first.source_url if first else ""

    def get_readout(self, meeting: Meeting) -> str:
        first = self._first(meeting)
        return first.text if first else ""


class AttendanceWriteSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.select_related("party"))
    party = party_codes(
        required=False,
        allow_null=True,
        help_text=_("The party they spoke for; default: the person's party."),
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class MeetingWriteSerializer(serializers.ModelSerializer):
    """Create or change a meeting; ``attendance``, when sent, replaces the whole list."""

    parties = party_codes(many=True, allow_empty=False)
    attendance = AttendanceWriteSerializer(many=True, required=False)
    start_time = LocalTimeField(required=False, allow_null=True)
    follows_up = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(), many=True, required=False
    )
    source_url = serializers.URLField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text=_("Where its readout (ours) was published."),
    )
    readout = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_("The text of its readout (ours); a counterpart's is attached by an import."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "held_on",
            "start_time",
            "duration_minutes",
            "place",
            "occasion",
            "parties",
            "attendance",
            "mechanism",
            "follows_up",
            "source_url",
            "readout",
            "review",
        ]
        extra_kwargs = {"duration_minutes": {"min_value": 1, "max_value": 24 * 60 * 14}}

    def save_meeting(self) -> Meeting:
        data = dict(self.validated_data)
        related = {name: data.pop(name, None) for name in ("parties", "attendance", "follows_up")}
        source = {name: data.pop(name) for name in ("readout", "source_url") if name in data}
        meeting = services.save_meeting(meeting=self.instance, fields=data, **related)
        if source:
            first = meeting.readouts.order_by("order", "pk").first()
            services.set_first_readout(
                meeting=meeting,
                text=source.get("readout", first.text if first else ""),
                source_url=source.get("source_url", first.source_url if first else ""),
            )
        return meeting


# Commitments -------------------------------------------------------------------------------


class LastUpdateSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(
        choices=Status.choices, allow_null=True, help_text=_("The new status, if it moved.")
    )
    effect = serializers.ChoiceField(choices=Effect.choices, allow_null=True)


class CommitmentSerializer(serializers.ModelSerializer):
    """A commitment as the API shows it (its list rows and detail alike)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")
    meeting = MeetingRefSerializer(read_only=True)
    requested_by = party_codes(read_only=True, allow_null=True)
    responsible = party_codes(many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    mechanism = MechanismRefSerializer(read_only=True, allow_null=True)
    owner = DivisionRefSerializer(read_only=True, allow_null=True)
    assignee = UserRefSerializer(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField(
        help_text=_("Open, not continuing, and past its expected-by date.")
    )
    stale = serializers.SerializerMethodField(
        help_text=_("Open with nothing recorded for STALE_AFTER_DAYS.")
    )
    last_update = serializers.SerializerMethodField()
    reported_by = ExcerptSerializer(
        source="excerpts",
        many=True,
        read_only=True,
        help_text=_("The readout paragraphs that report it, each in its words."),
    )
    reported = serializers.SerializerMethodField(
        help_text=_(
            "Which sides' readouts report it: both, ours_only or theirs_only (one side only, "
            "while its meeting has readouts of both sides), or null."
        )
    )
    created = serializers.DateTimeField(source="created_at", read_only=True)
    updated = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "title",
            "text",
            "paragraph",
            "kind",
            "status",
            "continuing",
            "review",
            "meeting",
            "requested_by",
            "responsible",
            "topics",
            "mechanism",
            "owner",
            "assignee",
            "priority",
            "due_on",
            "target",
            "expected_by",
            "overdue",
            "stale",
            "version",
            "reaffirms",
            "superseded_by",
            "last_activity_on",
            "last_update",
            "reported_by",
            "reported",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(
            choices=[Reported.BOTH, Reported.OURS_ONLY, Reported.THEIRS_ONLY], allow_null=True
        )
    )
    def get_reported(self, obj: Commitment) -> str | None:
        return reported_side(obj, list(obj.meeting.readouts.all())) or None

    def _today(self):
        if "today" not in self.context:
            self.context["today"] = timezone.localdate()
        return self.context["today"]

    def get_overdue(self, obj: Commitment) -> bool:
        return obj.is_overdue(self._today())

    def get_stale(self, obj: Commitment) -> bool:
        return obj.is_stale(self._today())

    @extend_schema_field(LastUpdateSerializer(allow_null=True))
    def get_last_update(self, obj: Commitment) -> dict | None:
        # Annotated by the view's queryset (one subquery per column, no query per row).
        if getattr(obj, "last_update_on", None) is None:
            return None
        return {
            "date": obj.last_update_on,
            "status": obj.last_update_status or None,
            "effect": obj.last_update_effect or None,
        }


class CommitmentWriteSerializer(serializers.ModelSerializer):
    """Create or change a commitment. Status moves only through updates.

    A change (PUT or PATCH) must send the ``version`` it read; if the commitment changed since,
    the answer is 409 with its current state.
    """

    requested_by = party_codes(required=False, allow_null=True)
    responsible = party_codes(many=True, allow_empty=False)
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, allow_empty=False
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    version = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        required=False,
        help_text=_("Required to change a commitment: the version you read."),
    )

    class Meta:
        model = Commitment
        fields = [
            "meeting",
            "paragraph",
            "text",
            "title",
            "kind",
            "requested_by",
            "responsible",
            "continuing",
            "owner",
            "assignee",
            "priority",
            "due_on",
            "target",
            "mechanism",
            "topics",
            "reaffirms",
            "review",
            "version",
        ]

    def validate(self, attrs: dict) -> dict:
        sent_status = self.initial_data.get("status") if hasattr(self.initial_data, "get") else None
        current_status = (
            self.instance.status
            if self.instance is not None
            else initial_status(continuing=attrs.get("continuing", False))
        )
        if sent_status is not None and sent_status != current_status:
            raise serializers.ValidationError(
                {"status": [_("Record an update to move the status: POST to its updates/.")]}
            )
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so no one's change is lost.")]}
            )
        if self.instance is None and not attrs.get("text"):
            raise serializers.ValidationError({"text": [_("Give the readout's words.")]})
        return attrs

    def save_commitment(self) -> Commitment:
        data = dict(self.validated_data)
        responsible = data.pop("responsible", None)
        topics = data.pop("topics", None)
        version = data.pop("version", None)
        text = data.pop("text", None)
        actor = self.context["request"].user
        if self.instance is None:
            return services.create_commitment(
                fields=data, text=text, responsible=responsible, topics=topics or (), actor=actor
            )
        if text is not None and text != self.instance.text:
            data["text"] = text  # refused by the service: the words are corrected apart
        return services.edit_commitment(
            commitment=self.instance,
            expected_version=version,
            changes=data,
            responsible=responsible,
            topics=topics,
            actor=actor,
        )


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = CommitmentSerializer(help_text=_("The commitment as it is now."))


# Updates -----------------------------------------------------------------------------------


class UpdateSerializer(serializers.ModelSerializer):
    status = BlankAsNullChoiceField(choices=Status.choices, read_only=True, allow_null=True)
    effect = BlankAsNullChoiceField(choices=Effect.choices, read_only=True, allow_null=True)
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    source_url = shown_url()
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Update
        fields = [
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
            "kind",
            "previous_text",
            "author",
            "recorded_at",
        ]
        read_only_fields = fields


class CorrectTextSerializer(serializers.Serializer):
    """The readout's words, corrected, and why (managers)."""

    version = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, help_text=_("The commitment version you read.")
    )
    text = serializers.CharField(help_text=_("The readout's words, exactly as printed."))
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class RecordedUpdateSerializer(UpdateSerializer):
    """A just-recorded update, with the commitment's new version for the caller's next write."""

    commitment_version = serializers.IntegerField(source="commitment.version", read_only=True)

    class Meta(UpdateSerializer.Meta):
        fields = [*UpdateSerializer.Meta.fields, "commitment_version"]
        read_only_fields = fields


class AssignSerializer(serializers.Serializer):
    """Who follows a commitment up: its owning division and a person (editors may)."""

    version = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, help_text=_("The commitment version you read.")
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Division.objects.all(), allow_null=True, help_text=_("Division id, or null.")
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        help_text=_("User id, or null."),
    )


class RecordUpdateSerializer(serializers.Serializer):
    """A follow-up entry; the workflow decides whether the move is allowed."""

    version = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, help_text=_("The commitment version you read.")
    )
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, allow_blank=True, help_text=_("New status.")
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A later meeting where this was discussed (send its effect too)."),
    )
    effect = serializers.ChoiceField(
        choices=Effect.choices, required=False, allow_blank=True, default=""
    )
    happened_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Default: today.")
    )
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    superseded_by = serializers.PrimaryKeyRelatedField(
        queryset=Commitment.objects.all(), required=False, allow_null=True
    )
    corrects = serializers.PrimaryKeyRelatedField(
        queryset=Update.objects.all(), required=False, allow_null=True
    )


# Auth and dashboard ------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "The six digits of your authenticator app (or a recovery code): needed where your "
            "role asks for a second factor, or you have set one up."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("The key: shown this once, never stored."))
    username = serializers.CharField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_on"]
        read_only_fields = fields


class FigureQueriesSerializer(serializers.Serializer):
    open_total = serializers.CharField()
    overdue = serializers.CharField()
    stale = serializers.CharField()
    reaffirmed_without_moving = serializers.CharField()
    changed_recently = serializers.CharField()
    due_soon = serializers.CharField()


class StatusFigureSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField()
    open = serializers.BooleanField()
    count = serializers.IntegerField()
    query = serializers.CharField()


class CounterpartFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    query = serializers.CharField()


class TopicFigureSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    query = serializers.CharField()


class MechanismFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    last_met = serializers.DateField(allow_null=True)
    query = serializers.CharField()


class AgeFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    query = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    """The dashboard's figures. Each ``query`` is a query string for ``commitments/``."""

    today = serializers.DateField()
    open_total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    stale = serializers.IntegerField()
    reaffirmed_without_moving = serializers.IntegerField()
    changed_recently = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    queries = FigureQueriesSerializer()
    by_status = StatusFigureSerializer(many=True)
    by_counterpart = CounterpartFigureSerializer(many=True)
    by_topic = TopicFigureSerializer(many=True)
    by_mechanism = MechanismFigureSerializer(many=True)
    age = AgeFigureSerializer(many=True)


class HistoryChangeSerializer(serializers.Serializer):
    """One field's change, readable: values as people read them (names, labels), in the
    request's language; ``added``/``removed`` for the rows of a many-to-many field."""

    field = serializers.CharField(source="name", help_text="The field's name in the API.")
    label = serializers.CharField(source="field", help_text="The field's name for people.")
    before = serializers.CharField()
    after = serializers.CharField()
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())


class HistoryEntrySerializer(serializers.Serializer):
    """One audit entry (``meetings/audit``): who changed which record, when, through which
    door, and each field before and after."""

    id = serializers.IntegerField(source="entry.pk")
    timestamp = serializers.DateTimeField(source="entry.timestamp")
    action = serializers.ChoiceField(
        choices=["create", "update", "delete"], source="entry.get_action_code"
    )
    record_type = serializers.CharField(source="entry.content_type.model")
    record_id = serializers.CharField(source="entry.object_pk")
    record = serializers.CharField()
    person = serializers.CharField(source="entry.actor_name", allow_blank=True)
    door = serializers.ChoiceField(choices=Door.choices, source="entry.door", allow_blank=True)
    door_label = serializers.CharField(source="door")
    changes = HistoryChangeSerializer(many=True)
