"""The audit entries as people read them: each field by its name in the reader's language,
a choice by its label, a related record by its name, a password only as changed; who, when
and the door. A page of entries is named in a fixed number of queries: one per kind of
related record, whatever the number of entries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meetings.audit.context import Door
from meetings.audit.models import Entry

LONG_TEXT = 300  # a value longer than this is cut on the page (never in the record or the API)
MASKED = {"password"}


@dataclass
class Change:
    field: str  # the field's name in the reader's language
    name: str  # the field's name in the code (the API's key)
    before: str = ""
    after: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def many(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class Row:
    entry: Entry
    record: str  # "Commitment #12", "Attendance: KAMIKAWA Yoko"
    action: str
    door: str
    person: str
    changes: list[Change]

    @property
    def when(self) -> datetime.datetime:
        return self.entry.timestamp


def for_commitment(pk: int) -> QuerySet[Entry]:
    """A commitment's history: the commitment, its timeline's entries and its reports."""
    return _listed(Entry.objects.filter(commitment_ref=pk))


def for_meeting(pk: int) -> QuerySet[Entry]:
    """A meeting's history: the meeting, its attendance and its readouts."""
    return _listed(Entry.objects.filter(meeting_ref=pk))


def everything() -> QuerySet[Entry]:
    return _listed(Entry.objects.all())


def _listed(queryset: QuerySet[Entry]) -> QuerySet[Entry]:
    return queryset.select_related("content_type").order_by("-timestamp", "-pk")


def door_label(entry: Entry) -> str:
    label = Door(entry.door).label if entry.door in Door.values else _("unknown")
    return f"{label} ({entry.detail})" if entry.detail else str(label)


def rows(entries: list[Entry], *, cut: bool = True) -> list[Row]:
    """``entries`` made readable; ``cut`` shortens long texts (pages; the API has them whole)."""
    names = _related_names(entries)
    result = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, value in (entry.changes or {}).items():
            changes.append(_change(model, name, value, names, cut=cut))
        result.append(
            Row(
                entry=entry,
                record=_record(entry, model),
                action=str(dict(Entry.Action.choices).get(entry.action, entry.action)),
                door=door_label(entry),
                person=entry.actor_name or "—",
                changes=changes,
            )
        )
    return result


def _record(entry: Entry, model) -> str:
    kind = capfirst(model._meta.verbose_name) if model else entry.content_type.model
    return f"{kind} #{entry.object_pk}: {entry.object_repr}"


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except Exception:
        return None


def _related_names(entries: list[Entry]) -> dict[type, dict]:
    """For every record a page of entries refers to, its name now (in the reader's language),
    one query per kind of record."""
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, value in (entry.changes or {}).items():
            model_field = _field(model, name)
            if model_field is None or not model_field.is_relation:
                continue
            related = model_field.related_model
            if isinstance(value, dict):
                wanted[related].update(value.get("pks", []))
            else:
                wanted[related].update(pk for pk in value if pk not in (None, ""))
    names: dict[type, dict] = {}
    for related, pks in wanted.items():
        keys = set()
        for pk in pks:
            try:
                keys.add(related._meta.pk.to_python(pk))
            except Exception:
                continue
        names[related] = {
            str(row.pk): _name(row) for row in related._default_manager.filter(pk__in=keys)
        }
    return names


def _name(row: models.Model) -> str:
    if isinstance(row, get_user_model()):
        return row.get_full_name() or row.get_username()
    shown = getattr(row, "shown_name", None)
    return shown or str(row)


def _change(model, name: str, value, names: dict, *, cut: bool) -> Change:
    model_field = _field(model, name)
    label = capfirst(str(model_field.verbose_name)) if model_field is not None else name
    if isinstance(value, dict):  # a many-to-many change: rows added or removed
        related = model_field.related_model if model_field is not None else None
        known = names.get(related, {})
        shown = [
            known.get(str(pk), stored)
            for pk, stored in zip(value.get("pks", []), value.get("objects", []), strict=False)
        ] or list(value.get("objects", []))
        if value.get("operation") == "add":
            return Change(label, name, added=shown)
        return Change(label, name, removed=shown)
    before, after = [*list(value), None, None][:2]
    if name in MASKED:
        return Change(label, name, before="", after=_("changed"))
    return Change(
        label,
        name,
        before=_value(model_field, before, names, cut=cut),
        after=_value(model_field, after, names, cut=cut),
    )


def _value(model_field, value, names: dict, *, cut: bool) -> str:
    if value is None or value == "None":
        return "—"
    if model_field is not None and model_field.is_relation:
        known = names.get(model_field.related_model, {})
        return known.get(str(value), _("#%(pk)s (deleted)") % {"pk": value})
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool) or (
        isinstance(model_field, models.BooleanField) and value in ("True", "False")
    ):
        return _("yes") if value in (True, "True") else _("no")
    text = str(value)
    if cut and len(text) > LONG_TEXT:
        return text[:LONG_TEXT] + "\u2026"
    return text
