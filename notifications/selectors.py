"""Reads of watching and notifications that pages and the worker share."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from meetings.models import Commitment, Meeting
from notifications.kinds import Kind, default_mode
from notifications.models import Delivery, Notification, Preference, Watch, target_field


def watchers_of(target) -> QuerySet:
    """The people watching ``target`` itself (a commitment, meeting, mechanism or party), in
    the order they started, for the list on its page."""
    return (
        get_user_model()
        .objects.filter(**{f"watches__{target_field(target)}": target}, is_active=True)
        .order_by("watches__created_at", "pk")
    )


def is_watching(person, target) -> bool:
    return Watch.objects.of(target).filter(person=person).exists()


def watchers_of_commitments(commitments: Iterable[Commitment], *, meeting: Meeting | None = None):
    """Everyone who watches any of ``commitments`` directly, the meeting each was made at,
    its mechanism or a counterpart at its meeting, and (given) ``meeting``: active people,
    each once."""
    condition = Q()
    for commitment in commitments:
        condition |= Q(watches__commitment_id=commitment.pk) | Q(
            watches__meeting_id=commitment.meeting_id
        )
        if commitment.mechanism_id is not None:
            condition |= Q(watches__mechanism_id=commitment.mechanism_id)
        if commitment.meeting_party_ids:
            condition |= Q(watches__party_id__in=commitment.meeting_party_ids)
    if meeting is not None:
        condition |= Q(watches__meeting_id=meeting.pk)
    if not condition:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(condition, is_active=True).distinct()


def modes_for(people: Iterable, kind: str) -> dict[int, str]:
    """How each of ``people`` wants to hear of ``kind`` (their choice, else the default)."""
    ids = [person.pk for person in people]
    chosen = dict(
        Preference.objects.filter(person_id__in=ids, kind=kind).values_list("person_id", "mode")
    )
    return {pk: chosen.get(pk, default_mode(kind)) for pk in ids}


def preferences_of(person) -> dict[str, str]:
    """Every kind with how ``person`` hears of it."""
    chosen = dict(Preference.objects.filter(person=person).values_list("kind", "mode"))
    return {kind: chosen.get(kind, default_mode(kind)) for kind in Kind.values}


def unread_count(person) -> int:
    return Notification.objects.filter(recipient=person).unread().count()


def inbox(person) -> QuerySet:
    """A person's entries, newest first, with what each names fetched along."""
    return Notification.objects.filter(recipient=person).select_related(
        "actor", "commitment", "meeting"
    )


def awaiting_digest(person=None) -> QuerySet:
    """Entries kept for a daily digest that no digest has carried yet (for the digest sender:
    ``notifications.services.mark_digested`` once its mail is queued)."""
    entries = Notification.objects.awaiting_digest().select_related(
        "recipient", "actor", "commitment", "meeting"
    )
    if person is not None:
        entries = entries.filter(recipient=person)
    return entries.order_by("recipient_id", "created_at", "id")


def failed_deliveries() -> QuerySet:
    return Delivery.objects.failed()


__all__ = [
    "awaiting_digest",
    "failed_deliveries",
    "inbox",
    "is_watching",
    "modes_for",
    "preferences_of",
    "unread_count",
    "watchers_of",
    "watchers_of_commitments",
]
