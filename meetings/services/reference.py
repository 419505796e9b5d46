"""Writes about reference data: parties, people, mechanisms, topics and divisions.

One function saves any of them (the admin, the API and the import call it), so each save is
validated the same way whatever the door; rows that the record refers to are never deleted
(``deletion_refusals`` says why, and the admin shows it).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from meetings import caching
from meetings.importing.matching import find_mechanism, find_person, has_japanese_script
from meetings.importing.vocabulary import JA_PARTIES, ORGANISATIONS, PARTIES
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
        if relation.related_model._meta.app_label == "notifications":
            continue  # people's watches of it go with it; they are not part of the record
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
    """The party with ``code``, made from the vocabulary's names for it (English and
    Japanese) if it is new."""
    code = code.upper()
    existing = Party.objects.filter(code=code).first()
    if existing is not None:
        return existing
    kind = PartyKind.ORGANISATION if code in ORGANISATIONS else PartyKind.STATE
    name = PARTIES.get(code, (code,))[0]
    name_ja = min(JA_PARTIES.get(code, ("",)), key=len)
    return save_reference(
        record=Party(), fields={"code": code, "name": name, "name_ja": name_ja, "kind": kind}
    )


def person_named(name: str, party: Party) -> Person:
    """The person of ``party`` a readout names ``name`` (in English or Japanese, in either
    order: ``matching.find_person``), made if new, the name kept as printed."""
    existing = find_person(name, party)
    if existing is not None:
        return existing
    fields = {"name": name, "party": party}
    if has_japanese_script(name):
        fields["name_ja"] = name
    return save_reference(record=Person(), fields=fields)


def mechanism_named(name: str, *, parties: Iterable[str] = ()) -> Mechanism | None:
    """The recorded mechanism a readout names ``name`` (exactly or loosely:
    ``matching.find_mechanism``), or None: a new mechanism is made only when a person says
    so (``create_mechanism``)."""
    return find_mechanism(name, parties=parties)


@transaction.atomic
def create_mechanism(*, name: str, parties: Iterable[Party] = ()) -> Mechanism:
    """Record a new mechanism a reviewer named, by the name in its language (a Japanese name
    is kept as both names until someone gives the English one)."""
    name = name.strip()
    existing = find_mechanism(name, parties=[party.code for party in parties])
    if existing is not None:
        return existing
    fields = {"name": name[:300]}
    if has_japanese_script(name):
        fields["name_ja"] = name[:300]
    return save_reference(record=Mechanism(), fields=fields, many={"parties": list(parties)})
