"""The writes people ask for about their notifications, one function per action, and the
automatic watch the domain's services start (``watch``).

Pages and the admin call these; the domain's services call ``watch`` and
``notifications.events.occurred``.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import outbox
from notifications.kinds import Kind, Mode, Reason
from notifications.models import Delivery, Notification, Preference, Watch, target_field


@transaction.atomic
def watch(*, person, target, reason: str = Reason.ASKED) -> Watch:
    """``person`` watches ``target`` (a commitment, meeting, mechanism or party) from now on;
    watching it already changes nothing."""
    field = target_field(target)
    existing = Watch.objects.filter(person=person, **{field: target}).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Watch.objects.create(person=person, reason=reason, **{field: target})
    except IntegrityError:  # started by a request at the same moment
        return Watch.objects.get(person=person, **{field: target})


@transaction.atomic
def unwatch(*, person, target) -> bool:
    """``person`` stops watching ``target``; False if they were not watching it."""
    deleted, _rows = Watch.objects.filter(person=person, **{target_field(target): target}).delete()
    return bool(deleted)


@transaction.atomic
def mark_read(*, person, notification_ids: Iterable[int]) -> int:
    """Mark ``person``'s entries read (others' are left alone); how many changed."""
    return (
        Notification.objects.filter(recipient=person, pk__in=list(notification_ids))
        .unread()
        .update(read_at=timezone.now())
    )


@transaction.atomic
def mark_all_read(*, person) -> int:
    return Notification.objects.filter(recipient=person).unread().update(read_at=timezone.now())


@transaction.atomic
def set_preferences(*, person, modes: dict[str, str]) -> None:
    """Store how ``person`` wants to hear of each kind named in ``modes``."""
    errors = {}
    for kind, mode in modes.items():
        if kind not in Kind.values:
            errors[kind] = [_("Unknown kind of notification.")]
        elif mode not in Mode.values:
            errors[kind] = [_("Choose at once, the daily digest or the inbox only.")]
    if errors:
        raise ValidationError(errors)
    for kind, mode in modes.items():
        Preference.objects.update_or_create(person=person, kind=kind, defaults={"mode": mode})


@transaction.atomic
def mark_digested(*, notifications: Iterable[Notification]) -> int:
    """Record that a digest (queued in this transaction) carried these entries."""
    ids = [entry.pk for entry in notifications]
    return Notification.objects.filter(pk__in=ids, digested_at__isnull=True).update(
        digested_at=timezone.now()
    )


@transaction.atomic
def retry_delivery(*, delivery: Delivery) -> bool:
    """An administrator sends a failed mail again; a sent one never is (False)."""
    return outbox.requeue(delivery)
