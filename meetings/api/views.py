"""The REST API: thin viewsets over the shared querysets, FilterSets and services."""

import json

from django.contrib.auth import authenticate
from django.contrib.auth.views import redirect_to_login
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from rest_framework.filters import OrderingFilter
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from meetings import caching, roles, services
from meetings.api import serializers as s
from meetings.api.filters import UpdateFilter
from meetings.api.idempotency import write
from meetings.api.pagination import HistoryPagination, VersionedPageNumberWithSize
from meetings.api.permissions import RolePermission
from meetings.api.schema import DETAIL, FIELD_ERRORS
from meetings.audit import history
from meetings.filters import CommitmentFilter, MeetingFilter
from meetings.identity import second_factor
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
    Topic,
    Update,
)
from meetings.selectors import cached_dashboard_figures
from meetings.status import Review

HISTORY_DESCRIPTION = (
    "The audit trail of the record, newest first, 50 a page (`page`, `page_size` up to 200): "
    "who changed it, when, through which door (`page`, `admin`, `api`, `import`, `command`), "
    "and each field before and after, as people read it (names, labels) in the request's "
    "language. Append-only: nothing edits or deletes it."
)

CONFLICT = OpenApiResponse(
    s.ConflictSerializer, description="Stale version: changed since you read it. Nothing saved."
)


class ApiViewMixin:
    permission_classes = [RolePermission]

    def filter_queryset(self, queryset):
        # Filters (drafts hidden by default) shape lists; a detail finds any object by its id.
        if getattr(self, "action", None) != "list":
            return queryset
        return super().filter_queryset(queryset)


class HistoryMixin:
    """``GET <record>/<id>/history/``: the record's audit entries, newest first, paged, for
    whoever may read the record. Nothing writes there: other methods answer 405."""

    history_model: type
    history_entries = staticmethod(lambda pk: None)

    def _history(self, request, pk):
        # DRF's lookup: an id that is no number answers 404, as the record's own address does.
        record = get_object_or_404(self.history_model.objects.only("pk"), pk=pk)
        paginator = HistoryPagination()
        page = paginator.paginate_queryset(self.history_entries(record.pk), request, view=self)
        data = s.HistoryEntrySerializer(history.rows(page, cut=False), many=True).data
        return paginator.get_paginated_response(data)


def commitment_queryset():
    """Commitments with what a row shows, the last update included, in fixed queries."""
    latest = Update.objects.filter(commitment=OuterRef("pk")).order_by(
        "-happened_on", "-recorded_at", "-id"
    )
    excerpts = ReadoutExcerpt.objects.select_related("readout__publisher").order_by(
        "readout__order", "readout_id", "id"
    )
    readouts = Readout.objects.select_related("publisher").only(
        "id", "meeting_id", "publisher", "order", "language"
    )
    return (
        Commitment.objects.for_lists()
        .prefetch_related(
            Prefetch("excerpts", queryset=excerpts),
            Prefetch("meeting__readouts", queryset=readouts),
        )
        .annotate(
            last_update_on=Subquery(latest.values("happened_on")[:1]),
            last_update_status=Subquery(latest.values("status")[:1]),
            last_update_effect=Subquery(latest.values("effect")[:1]),
        )
    )


def meeting_queryset():
    attendance = Attendance.objects.select_related("person", "party")
    readouts = Readout.objects.select_related("publisher").order_by("order", "id")
    return Meeting.objects.select_related("mechanism").prefetch_related(
        "parties",
        "follows_up",
        Prefetch("attendances", queryset=attendance),
        Prefetch("readouts", queryset=readouts),
    )


@extend_schema_view(
    list=extend_schema(summary="List meetings (confirmed unless review=draft)"),
    retrieve=extend_schema(summary="A meeting with its parties and attendance"),
    create=extend_schema(
        summary="Record a meeting (managers)",
        request=s.MeetingWriteSerializer,
        responses={201: s.MeetingSerializer},
    ),
    update=extend_schema(
        summary="Change a meeting (managers)",
        request=s.MeetingWriteSerializer,
        responses={200: s.MeetingSerializer},
    ),
    partial_update=extend_schema(
        summary="Change some of a meeting (managers)",
        request=s.MeetingWriteSerializer,
        responses={200: s.MeetingSerializer},
    ),
)
class MeetingViewSet(
    ApiViewMixin,
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.MeetingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MeetingFilter
    required_permissions = {
        "create": [roles.CAN_ADD_MEETINGS],
        "update": [roles.CAN_EDIT_MEETINGS],
        "partial_update": [roles.CAN_EDIT_MEETINGS],
        "history": ["meetings.view_meeting"],
    }
    history_model = Meeting
    history_entries = staticmethod(history.for_meeting)

    def get_queryset(self):
        return meeting_queryset()

    @extend_schema(
        summary="The meeting's history: every change to it, its attendance and its readouts",
        description=HISTORY_DESCRIPTION,
        # A page's query string can be refused (a NUL character): 400, as on the lists.
        responses={200: s.HistoryEntrySerializer(many=True), 400: FIELD_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, pk=None):
        return self._history(request, pk)

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return s.MeetingWriteSerializer
        return s.MeetingSerializer

    @write
    def create(self, request, *args, **kwargs):
        return self._save(request, instance=None, status_code=status.HTTP_201_CREATED)

    @write
    def update(self, request, *args, **kwargs):
        return self._save(request, instance=self.get_object(), partial=kwargs.get("partial"))

    def _save(self, request, *, instance, partial=False, status_code=status.HTTP_200_OK):
        serializer = self.get_serializer(instance, data=request.data, partial=bool(partial))
        serializer.is_valid(raise_exception=True)
        meeting = serializer.save_meeting()
        shown = s.MeetingSerializer(self.get_queryset().get(pk=meeting.pk), context=self.context)
        return Response(shown.data, status=status_code)

    @property
    def context(self):
        return self.get_serializer_context()


@extend_schema_view(
    list=extend_schema(summary="List commitments (the web list's filters; drafts on request)"),
    retrieve=extend_schema(summary="A commitment"),
    create=extend_schema(
        summary="Record a commitment (managers)",
        request=s.CommitmentWriteSerializer,
        responses={201: s.CommitmentSerializer},
    ),
    update=extend_schema(
        summary="Change a commitment (managers); send the version you read",
        request=s.CommitmentWriteSerializer,
        responses={200: s.CommitmentSerializer, 409: CONFLICT},
    ),
    partial_update=extend_schema(
        summary="Change some of a commitment (managers); send the version you read",
        request=s.CommitmentWriteSerializer,
        responses={200: s.CommitmentSerializer, 409: CONFLICT},
    ),
)
class CommitmentViewSet(
    ApiViewMixin,
    HistoryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.CommitmentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CommitmentFilter
    required_permissions = {
        "create": [roles.CAN_ADD_COMMITMENTS],
        "update": [roles.CAN_EDIT_COMMITMENTS],
        "partial_update": [roles.CAN_EDIT_COMMITMENTS],
        "updates": ["meetings.view_commitment", "meetings.view_update"],
        "record_update": [roles.CAN_RECORD_UPDATE],
        "assign": [roles.CAN_ASSIGN],
        "correct_text": [roles.CAN_EDIT_COMMITMENTS],
        "history": ["meetings.view_commitment"],
    }
    history_model = Commitment
    history_entries = staticmethod(history.for_commitment)

    pagination_class = VersionedPageNumberWithSize

    def get_queryset(self):
        return commitment_queryset()

    def count_scopes(self) -> tuple[str, ...]:
        return CommitmentFilter.count_scopes(self.request.query_params)

    def list(self, request, *args, **kwargs):
        """A page of commitments, each represented once per version (``caching.rows``)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)

        def build(ids: list[int]) -> dict[int, dict]:
            full = queryset.filter(pk__in=ids)
            data = self.get_serializer(full, many=True).data
            # Plain JSON values: DRF's links keep their model instance, which the cache
            # would pickle and unpickle with every row.
            plain = json.loads(json.dumps(data, cls=JSONEncoder))
            return {row["id"]: row for row in plain}

        # Rows hold absolute links, so they vary with the address the client used.
        data = caching.rows(
            "api-commitment", page, build=build, varies_with=(request.build_absolute_uri("/"),)
        )
        return self.get_paginated_response(data)

    def get_serializer_class(self):
        return {
            "create": s.CommitmentWriteSerializer,
            "update": s.CommitmentWriteSerializer,
            "partial_update": s.CommitmentWriteSerializer,
            "updates": s.UpdateSerializer,
            "record_update": s.RecordUpdateSerializer,
            "assign": s.AssignSerializer,
            "correct_text": s.CorrectTextSerializer,
        }.get(self.action, s.CommitmentSerializer)

    @write
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self._check_review_permission(serializer.validated_data, instance=None)
        commitment = serializer.save_commitment()
        return Response(self._shown(commitment.pk), status=status.HTTP_201_CREATED)

    @write
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=bool(kwargs.get("partial"))
        )
        serializer.is_valid(raise_exception=True)
        self._check_review_permission(serializer.validated_data, instance=instance)
        try:
            commitment = serializer.save_commitment()
        except services.StaleVersion as exc:
            return self._conflict(exc)
        return Response(self._shown(commitment.pk))

    @extend_schema(
        summary="The commitment's timeline, oldest first", responses=s.UpdateSerializer(many=True)
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def updates(self, request, pk=None):
        commitment = self.get_object()
        timeline = commitment.updates.select_related("author", "meeting").order_by(
            "happened_on", "recorded_at", "id"
        )
        return Response(s.UpdateSerializer(timeline, many=True, context=self.context).data)

    @extend_schema(
        summary="The commitment's history: every change to it, its timeline and its reports",
        description=HISTORY_DESCRIPTION,
        # A page's query string can be refused (a NUL character): 400, as on the lists.
        responses={200: s.HistoryEntrySerializer(many=True), 400: FIELD_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, pk=None):
        return self._history(request, pk)

    @extend_schema(
        summary="Record a follow-up (editors): a new status, a note, a later meeting",
        request=s.RecordUpdateSerializer,
        responses={201: s.RecordedUpdateSerializer, 409: CONFLICT},
    )
    @updates.mapping.post
    @write
    def record_update(self, request, pk=None):
        commitment = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        try:
            update = services.record_update(
                commitment=commitment,
                author=request.user,
                expected_version=version,
                status=data.pop("status", None) or None,
                **data,
            )
        except services.StaleVersion as exc:
            return self._conflict(exc)
        return self._recorded(update)

    @extend_schema(
        summary="Assign the commitment to a division and a person (editors)",
        request=s.AssignSerializer,
        responses={200: s.CommitmentSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    @write
    def assign(self, request, pk=None):
        commitment = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.assign_commitment(
                commitment=commitment,
                expected_version=serializer.validated_data["version"],
                owner=serializer.validated_data["owner"],
                assignee=serializer.validated_data["assignee"],
                actor=request.user,
            )
        except services.StaleVersion as exc:
            return self._conflict(exc)
        return Response(self._shown(commitment.pk))

    @extend_schema(
        summary="Correct the readout's words (managers): recorded on the timeline with the "
        "words replaced and the reason",
        request=s.CorrectTextSerializer,
        responses={201: s.RecordedUpdateSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="correct-text")
    @write
    def correct_text(self, request, pk=None):
        commitment = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            update = services.correct_text(
                commitment=commitment,
                author=request.user,
                expected_version=data["version"],
                text=data["text"],
                reason=data["reason"],
            )
        except services.StaleVersion as exc:
            return self._conflict(exc)
        return self._recorded(update)

    @property
    def context(self):
        return self.get_serializer_context()

    def _recorded(self, update: Update) -> Response:
        update = Update.objects.select_related("author", "meeting", "commitment").get(pk=update.pk)
        return Response(
            s.RecordedUpdateSerializer(update, context=self.context).data,
            status=status.HTTP_201_CREATED,
        )

    def _shown(self, pk: int) -> dict:
        return s.CommitmentSerializer(self.get_queryset().get(pk=pk), context=self.context).data

    def _conflict(self, exc: services.StaleVersion) -> Response:
        return Response(
            {"detail": str(exc), "current": self._shown(exc.commitment.pk)},
            status=status.HTTP_409_CONFLICT,
        )

    def _check_review_permission(self, data: dict, *, instance: Commitment | None) -> None:
        if "review" not in data:
            return
        before = instance.review if instance is not None else Review.CONFIRMED
        if data["review"] != before and not self.request.user.has_perm(roles.CAN_REVIEW_IMPORTS):
            raise PermissionDenied(_("Only reviewers may confirm or return drafts."))


@extend_schema_view(
    list=extend_schema(summary="Every update, newest first"),
    retrieve=extend_schema(summary="An update"),
)
class UpdateViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.UpdateSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = UpdateFilter
    ordering_fields = ["happened_on", "recorded_at", "id"]
    ordering = ["-recorded_at", "-id"]
    queryset = Update.objects.select_related("author", "meeting")


class ReferenceViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read for everyone with a role; create and change for managers. Nothing is deleted here:
    meetings and commitments refer to these rows."""

    filter_backends = [OrderingFilter]
    create = write(mixins.CreateModelMixin.create)
    update = write(mixins.UpdateModelMixin.update)

    def perform_create(self, serializer):
        self._save(serializer, record=serializer.Meta.model())

    def perform_update(self, serializer):
        self._save(serializer, record=serializer.instance)

    def _save(self, serializer, *, record):
        many_names = {field.name for field in record._meta.many_to_many}
        data = serializer.validated_data
        saved = services.save_reference(
            record=record,
            fields={name: value for name, value in data.items() if name not in many_names},
            many={name: value for name, value in data.items() if name in many_names},
        )
        serializer.instance = self.get_queryset().get(pk=saved.pk)


@extend_schema_view(
    list=extend_schema(summary="Parties (states and organisations), by code"),
    retrieve=extend_schema(summary="A party"),
)
class PartyViewSet(ReferenceViewSet):
    queryset = Party.objects.all()
    serializer_class = s.PartySerializer
    lookup_field = "code"
    ordering_fields = ["code", "name"]


class PersonViewSet(ReferenceViewSet):
    queryset = Person.objects.select_related("party")
    serializer_class = s.PersonSerializer
    ordering_fields = ["name", "id"]


@extend_schema_view(retrieve=extend_schema(summary="A topic, by slug"))
class TopicViewSet(ReferenceViewSet):
    queryset = Topic.objects.all()
    serializer_class = s.TopicSerializer
    lookup_field = "slug"
    ordering_fields = ["name", "slug"]


class DivisionViewSet(ReferenceViewSet):
    queryset = Division.objects.all()
    serializer_class = s.DivisionSerializer
    ordering_fields = ["name", "code"]


class MechanismViewSet(ReferenceViewSet):
    serializer_class = s.MechanismSerializer
    ordering_fields = ["name", "last_met", "open_commitments"]

    def get_queryset(self):
        return Mechanism.objects.prefetch_related("parties").with_last_met().with_open_commitments()


class DashboardView(APIView):
    """The dashboard's figures as JSON: the same numbers, from the same query, as the web page."""

    permission_classes = [RolePermission]
    required_permissions = {"get": ["meetings.view_commitment"]}

    @extend_schema(summary="The dashboard's figures", responses=s.DashboardSerializer)
    def get(self, request):
        figures = cached_dashboard_figures(today=timezone.localdate())
        return Response(s.DashboardSerializer(figures).data)


class TokenView(APIView):
    """``POST`` username and password (and the second factor's code where one is asked) for a
    new named token; ``DELETE`` revokes the token the request is made with."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        summary="Exchange a username and password for an API token",
        request=s.TokenRequestSerializer,
        responses={
            200: s.TokenSerializer,
            429: OpenApiResponse(
                DETAIL,
                description=(
                    "Too many wrong passwords for this username from this address: refused, "
                    "even with the right one, until `Retry-After` seconds have passed."
                ),
            ),
        },
    )
    def post(self, request):
        serializer = s.TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(
            request=request._request, username=data["username"], password=data["password"]
        )
        if user is None:
            raise ValidationError(
                {"non_field_errors": [_("Unable to sign in with those credentials.")]}
            )
        if second_factor.asked_of(user) and not second_factor.check_code(user, data["otp"]):
            # Counted as a wrong password is; the limit reached, django-axes answers 429.
            second_factor.count_failure(request._request, user)
            if data["otp"]:
                reason = _("The code is not right, or was used already.")
            else:
                reason = _("Your role needs a second factor: send otp, your authenticator's code.")
            raise ValidationError({"otp": [reason]})
        token, key = services.create_api_token(user=user, name=data["name"])
        return Response(
            {
                "token": key,
                "username": user.get_username(),
                "name": token.name,
                "expires_at": token.expires_at,
            }
        )

    @extend_schema(
        summary="Revoke the API token this request is made with",
        responses={204: None, 400: OpenApiResponse(DETAIL, description="Not made with a token.")},
    )
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            message = _(
                "Send the token to revoke as Authorization: Token <key>; a signed-in browser "
                "session ends by signing out."
            )
            return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)
        services.revoke_api_token(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Your API tokens (the keys themselves are never shown again)"),
    retrieve=extend_schema(summary="One of your API tokens"),
    destroy=extend_schema(summary="Revoke one of your API tokens"),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Each person sees and revokes only their own tokens; new ones come from ``auth/token/``."""

    serializer_class = s.ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    queryset = ApiToken.objects.none()  # for the schema; each request reads its own

    def get_queryset(self):
        return ApiToken.objects.live().filter(user=self.request.user)

    def perform_destroy(self, instance):
        services.revoke_api_token(token=instance)


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, for any signed-in user (session or token)."""


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from static files; a browser that is not signed in goes to the login page.

    The split view serves Swagger UI's start-up script at ``?script`` instead of inline, and
    the template takes its page style from a file: the page runs under the Content-Security-
    Policy with no inline script or style (``SECURE_CSP``)."""

    template_name = "api/swagger_ui.html"
    # A page, not an endpoint: OPTIONS would ask DRF for metadata this view cannot render.
    http_method_names = ["get", "head"]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated) and "HTTP_AUTHORIZATION" not in self.request.META:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/: a JSON 404 (401 first for the anonymous), not an HTML page."""

    permission_classes = [IsAuthenticated]

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = options = http_method_not_allowed
