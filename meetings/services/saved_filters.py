"""Saved filters of the commitment list: save one, rename or reshare it, delete it.

A saved filter holds the list's query string, checked by the list's one FilterSet
(``CommitmentFilter``) and kept in a standard order, less what is not a filter (the page).
Only its owner changes or deletes it; it is shared with a division its owner belongs to.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from meetings import caching
from meetings.filters import CommitmentFilter
from meetings.models import Commitment, Division, SavedFilter
from meetings.selectors.lists import division_ids_of


def normal_query(query: str) -> str:
    """``query`` as the list understands it: only its filters, each with a value, in the
    FilterSet's order; ``ValidationError`` (on ``query``) if the FilterSet refuses it."""
    data = QueryDict(query.lstrip("?"))
    names = list(CommitmentFilter.base_filters)
    kept = QueryDict(mutable=True)
    for name in names:
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    filterset = CommitmentFilter(kept, queryset=Commitment.objects.none())
    if not filterset.is_valid():
        reasons = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise ValidationError({"query": reasons})
    return kept.urlencode()


def _check(*, owner: AbstractBaseUser, name: str, division: Division | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")})
    if division is not None and not division_ids_of(owner).filter(pk=division.pk).exists():
        raise ValidationError(
            {"division": _("You can share a filter only with a division you belong to.")}
        )
    return name


def _saved(saved: SavedFilter) -> SavedFilter:
    try:
        with transaction.atomic():
            saved.full_clean(exclude=["owner", "division"], validate_unique=False)
            saved.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("You already have a saved filter with this name.")}
        ) from None
    caching.changed(caching.PEOPLE)  # the top bars that list it
    return saved


@transaction.atomic
def save_filter(
    *, owner: AbstractBaseUser, name: str, query: str, division: Division | None = None
) -> SavedFilter:
    """Save the list's ``query`` under ``name``: private, or shared with ``division``."""
    name = _check(owner=owner, name=name, division=division)
    return _saved(SavedFilter(owner=owner, name=name, query=normal_query(query), division=division))


def _owned(saved: SavedFilter, person: AbstractBaseUser) -> SavedFilter:
    locked = SavedFilter.objects.select_for_update().get(pk=saved.pk)
    if locked.owner_id != person.pk:
        raise PermissionDenied(_("Only the person who saved this filter may change it."))
    return locked


@transaction.atomic
def change_saved_filter(
    *,
    saved: SavedFilter,
    person: AbstractBaseUser,
    name: str,
    division: Division | None,
) -> SavedFilter:
    """Rename a saved filter, or share it with another division (None: make it private)."""
    locked = _owned(saved, person)
    locked.name = _check(owner=person, name=name, division=division)
    locked.division = division
    return _saved(locked)


@transaction.atomic
def delete_saved_filter(*, saved: SavedFilter, person: AbstractBaseUser) -> None:
    _owned(saved, person).delete()
    caching.changed(caching.PEOPLE)  # the top bars that listed it
