"""The managers' webhook pages: the list with the form to register one, a webhook's page with
its recent deliveries and failures, and its actions (pause, resume, a new secret, delete)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from meetings.web.views import INVALID, requires
from webhooks import services
from webhooks.forms import WebhookForm
from webhooks.models import Delivery, Webhook
from webhooks.roles import (
    CAN_ADD_WEBHOOKS,
    CAN_CHANGE_WEBHOOKS,
    CAN_DELETE_WEBHOOKS,
    CAN_VIEW_WEBHOOKS,
)

RECENT_DELIVERIES = 50


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@requires(CAN_VIEW_WEBHOOKS)
def webhook_list(request: HttpRequest) -> HttpResponse:
    """Every webhook; a post registers one and shows its secret, this once."""
    if request.method == "POST" and not request.user.has_perm(CAN_ADD_WEBHOOKS):
        raise PermissionDenied(_("Your role does not allow this."))
    form = WebhookForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        webhook, secret = services.create_webhook(
            name=form.cleaned_data["name"],
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            created_by=request.user,
        )
        return _detail(request, webhook.pk, secret=secret, status=201)
    context = {"form": form, "webhooks": Webhook.objects.with_counts()}
    return render(
        request, "webhooks/webhook_list.html", context, status=INVALID if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@requires(CAN_VIEW_WEBHOOKS)
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _detail(request: HttpRequest, pk: int, *, secret: str = "", status: int = 200):
    webhook = get_object_or_404(Webhook.objects.with_counts().select_related("created_by"), pk=pk)
    deliveries = list(Delivery.objects.filter(webhook=webhook).defer("body")[:RECENT_DELIVERIES])
    context = {"webhook": webhook, "deliveries": deliveries, "secret": secret}
    return render(request, "webhooks/webhook_detail.html", context, status=status)


@require_POST
@requires(CAN_CHANGE_WEBHOOKS)
def webhook_pause(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = services.set_webhook_active(webhook=get_object_or_404(Webhook, pk=pk), active=False)
    messages.success(
        request, _("%(name)s is paused: nothing new is sent to it.") % {"name": webhook}
    )
    return redirect(webhook)


@require_POST
@requires(CAN_CHANGE_WEBHOOKS)
def webhook_resume(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = services.set_webhook_active(webhook=get_object_or_404(Webhook, pk=pk), active=True)
    messages.success(request, _("%(name)s is active again.") % {"name": webhook})
    return redirect(webhook)


@never_cache
@require_POST
@requires(CAN_CHANGE_WEBHOOKS)
def webhook_new_secret(request: HttpRequest, pk: int) -> HttpResponse:
    secret = services.new_webhook_secret(webhook=get_object_or_404(Webhook, pk=pk))
    return _detail(request, pk, secret=secret)


@require_POST
@requires(CAN_DELETE_WEBHOOKS)
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk)
    services.delete_webhook(webhook=webhook)
    messages.success(request, _("%(name)s was deleted.") % {"name": webhook})
    return redirect("webhooks:list")
