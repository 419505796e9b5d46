"""Writes about reference data: parties, people, mechanisms, topics and divisions.

One function saves any of them (the admin, the API and the import call it), so each save is
validated the same way whatever the door; rows that the record refers to are never deleted
(``deletion_refusals`` says why, and the admin shows it).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meetings import caching
from meetings.importing.vocabulary import ORGANISATIONS, PARTIES
from meetings.models import Division, Mechanism, Party, Person, Topic
from meetings.status import PartyKind

ReferenceRecord = Party | Person | Mechanism | Topic | Division
REFERENCE_MODELS = (Party, Person, Mechanism, Topic, Division)


@transaction.atomic
def save_reference(
    *,
    record: ReferenceRecord,
    fields: dict[str, Any],
    many: dict[str, Any] | None = None,
) -> ReferenceRecord:
    """Create (``record`` unsaved) or change a reference row: ``fields`` are its columns,
    ``many`` its many-to-many relations (a mechanism's parties)."""
    if not isinstance(record, REFERENCE_MODELS):
        raise TypeError(f"{type(record).__name__} is not reference data")
    if record.pk is not None:
        record = type(record).objects.select_for_update().get(pk=record.pk)
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    for name, value in (many or {}).items():
        getattr(record, name).set(value)
    # Figures and filters show their names; rows show them too.
    caching.changed(caching.FIGURES, caching.REFERENCE)
    return record


def deletion_refusals(record: ReferenceRecord) -> list[str]:
    """What in the record still refers to ``record`` (nothing: it may be deleted)."""
    reasons = []
    for relation in record._meta.related_objects:
        if relation.related_model.objects.filter(**{relation.field.name: record}).exists():
            reasons.append(
                _("%(records)s still refer to %(record)s.")
                % {
                    "records": capfirst(relation.related_model._meta.verbose_name_plural),
                    "record": record,
                }
            )
    return reasons


@transaction.atomic
def delete_reference(*, record: ReferenceRecord) -> None:
    reasons = deletion_refusals(record)
    if reasons:
        raise ValidationError(reasons)
    record.delete()
    caching.changed(caching.FIGURES, caching.REFERENCE)


def party_for_code(code: str) -> Party:
    """The party with ``code``, made from the vocabulary's name for it if it is new."""
    code = code.upper()
    existing = Party.objects.filter(code=code).first()
    if existing is not None:
        return existing
    kind = PartyKind.ORGANISATION if code in ORGANISATIONS else PartyKind.STATE
    name = PARTIES.get(code, (code,))[0]
    return save_reference(record=Party(), fields={"code": code, "name": name, "kind": kind})


def person_named(name: str, party: Party) -> Person:
    """The person of ``party`` named ``name`` as published, made if new."""
    existing = Person.objects.filter(name=name, party=party).first()
    return existing or save_reference(record=Person(), fields={"name": name, "party": party})


def mechanism_named(name: str) -> Mechanism | None:
    """The mechanism named ``name`` (in any case), made if new; None for no name."""
    if not name:
        return None
    existing = Mechanism.objects.filter(name__iexact=name).first()
    return existing or save_reference(record=Mechanism(), fields={"name": name})
