"""One audit entry per change: django-auditlog's entry, with the door, the person's name as it
was, and the commitment or meeting it belongs to (so a meeting's history holds its attendance
and readouts, a commitment's its timeline and reports, deleted ones too)."""

from auditlog.cid import get_cid
from auditlog.models import AbstractLogEntry, LogEntryManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

from meetings.audit.context import Door, current


class AppendOnly(Exception):
    """An attempt to change or delete an audit entry."""


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries are never changed.")

    def delete(self):
        raise AppendOnly("Audit entries are never deleted.")


class EntryManager(LogEntryManager.from_queryset(EntryQuerySet)):
    """django-auditlog's manager, stamping each new entry with the door's context."""

    def log_create(self, instance, force_log: bool = False, **kwargs):
        return super().log_create(instance, force_log, **_stamped(instance, kwargs))

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        # As django-auditlog's own, keeping the related rows' keys beside their names, so
        # the history names them in the reader's language (``history.py``).
        related = list(changed_queryset)
        if not related:
            return None
        try:
            object_repr = smart_str(instance)
        except ObjectDoesNotExist:
            object_repr = "?"
        kwargs = _stamped(instance, kwargs)
        kwargs.setdefault("content_type", ContentType.objects.get_for_model(instance))
        kwargs.setdefault("object_pk", str(instance.pk))
        kwargs.setdefault("object_id", instance.pk if isinstance(instance.pk, int) else None)
        kwargs.setdefault("object_repr", object_repr)
        kwargs.setdefault("action", Entry.Action.UPDATE)
        kwargs.setdefault("cid", get_cid())
        kwargs["changes"] = {
            field_name: {
                "type": "m2m",
                "operation": operation,
                "objects": [smart_str(row) for row in related],
                "pks": [row.pk for row in related],
            }
        }
        return self.create(**kwargs)


def _stamped(instance, kwargs: dict) -> dict:
    from meetings.audit.registration import parent_refs

    context = current()
    if context is not None:
        actor = context.person()
        kwargs.setdefault("door", context.door)
        kwargs.setdefault("detail", context.detail)
        kwargs.setdefault("remote_addr", context.remote_addr)
        if context.request_id:
            kwargs.setdefault("cid", context.request_id)
        if actor is not None:
            kwargs.setdefault("actor", actor)
            kwargs.setdefault("actor_name", actor.get_username())
            kwargs.setdefault("actor_email", getattr(actor, "email", "") or None)
    commitment_ref, meeting_ref = parent_refs(instance)
    kwargs.setdefault("commitment_ref", commitment_ref)
    kwargs.setdefault("meeting_ref", meeting_ref)
    return kwargs


class Entry(AbstractLogEntry):
    """What changed in one record, once: never changed, never deleted (``save`` and ``delete``
    refuse, and so do the querysets; the admin and the API offer no way to)."""

    door = models.CharField(_("door"), max_length=20, choices=Door, blank=True)
    # The command and the operating system's user, for a command; empty for a request.
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    # The person's username when they made the change (they may be renamed or deleted since).
    actor_name = models.CharField(_("person"), max_length=150, blank=True)
    # The commitment or meeting the changed record belongs to, kept as numbers: the entry
    # outlives the record.
    commitment_ref = models.BigIntegerField(_("commitment"), null=True, blank=True)
    meeting_ref = models.BigIntegerField(_("meeting"), null=True, blank=True)

    objects = EntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["commitment_ref", "-timestamp"], name="audit_commitment"),
            models.Index(fields=["meeting_ref", "-timestamp"], name="audit_meeting"),
            models.Index(fields=["actor", "-timestamp"], name="audit_actor"),
        ]

    def get_action_code(self) -> str:
        return {0: "create", 1: "update", 2: "delete", 3: "access"}.get(self.action, "")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries are never deleted.")
