"""The webhooks in the REST API, for managers: list, register (the answer carries the secret,
this once), pause or resume (``PATCH {"active": false}``), delete, a new secret, and each
webhook's recent deliveries with their failures."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from meetings.api.idempotency import write
from meetings.api.permissions import RolePermission
from meetings.api.schema import FIELD_ERRORS
from webhooks import services
from webhooks.events import Event
from webhooks.forms import checked_url
from webhooks.models import Delivery, DeliveryState, Webhook
from webhooks.roles import CAN_CHANGE_WEBHOOKS, CAN_VIEW_WEBHOOKS


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), allow_empty=False
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    failed = serializers.IntegerField(read_only=True)

    class Meta:
        model = Webhook
        fields = [
            "id",
            "name",
            "url",
            "events",
            "active",
            "secret_hint",
            "created_by",
            "created_at",
            "waiting",
            "failed",
        ]
        read_only_fields = ["id", "secret_hint", "created_by", "created_at"]

    def validate_url(self, url: str) -> str:
        if self.instance is not None and url != self.instance.url:
            raise serializers.ValidationError(
                "The address cannot change: register a new webhook (it gets its own secret)."
            )
        if self.instance is not None:
            return url
        try:
            return checked_url(url)
        except Exception as exc:  # forms.ValidationError
            raise serializers.ValidationError(list(getattr(exc, "messages", [str(exc)]))) from None


class NewWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret: shown in this answer only, and stored encrypted.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(read_only=True)
    secret_hint = serializers.CharField(read_only=True)


class DeliverySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "state",
            "attempts",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "finished_at",
            "response_status",
            "failure",
            "error",
        ]
        read_only_fields = fields


class DeliveryPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema_view(
    list=extend_schema(summary="Webhooks (managers)"),
    retrieve=extend_schema(summary="One webhook"),
    create=extend_schema(
        summary="Register a webhook; the answer holds its secret, this once",
        responses={201: NewWebhookSerializer},
    ),
    partial_update=extend_schema(summary="Pause or resume a webhook, rename it, change events"),
    destroy=extend_schema(summary="Delete a webhook and its deliveries"),
)
class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = WebhookSerializer
    permission_classes = [RolePermission]
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = Webhook.objects.none()  # for the schema; each request reads its own
    required_permissions = {
        "deliveries": [CAN_VIEW_WEBHOOKS],
        "new_secret": [CAN_CHANGE_WEBHOOKS],
    }

    def get_queryset(self):
        return Webhook.objects.with_counts().select_related("created_by")

    @write
    def create(self, request, *args, **kwargs):
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        webhook, secret = services.create_webhook(
            name=data["name"], url=data["url"], events=data["events"], created_by=request.user
        )
        shown = self.get_queryset().get(pk=webhook.pk)
        shown.secret = secret
        return Response(NewWebhookSerializer(shown).data, status=status.HTTP_201_CREATED)

    @write
    def update(self, request, *args, **kwargs):
        webhook = self.get_object()
        serializer = WebhookSerializer(webhook, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            if "active" in data:
                services.set_webhook_active(webhook=webhook, active=data["active"])
            if "name" in data or "events" in data:
                services.change_webhook(
                    webhook=webhook, name=data.get("name"), events=data.get("events")
                )
        return Response(WebhookSerializer(self.get_queryset().get(pk=webhook.pk)).data)

    def perform_destroy(self, instance):
        services.delete_webhook(webhook=instance)

    @extend_schema(
        summary="Recent deliveries of a webhook, newest first (?state=failed for failures)",
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=[*DeliveryState.values, "failing"],
                description="`failing`: failed, or waiting after a failed try.",
            )
        ],
        responses={200: DeliverySerializer(many=True), 400: FIELD_ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=DeliveryPages)
    def deliveries(self, request, pk=None):
        webhook = self.get_object()
        deliveries = Delivery.objects.filter(webhook=webhook).defer("body")
        wanted = request.query_params.get("state")
        if wanted == "failing":
            deliveries = deliveries.failures()
        elif wanted:
            if wanted not in DeliveryState.values:
                choices = ", ".join([*DeliveryState.values, "failing"])
                raise serializers.ValidationError({"state": [f"Choose one of {choices}."]})
            deliveries = deliveries.filter(state=wanted)
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(
        summary="Replace the webhook's secret; the answer holds the new one, this once",
        request=None,
        responses=SecretSerializer,
    )
    @action(detail=True, methods=["post"], url_path="secret")
    @write
    def new_secret(self, request, pk=None):
        webhook = self.get_object()
        secret = services.new_webhook_secret(webhook=webhook)
        return Response({"secret": secret, "secret_hint": webhook.secret_hint})
