"""One action on many commitments at once (the list's selected rows): all or nothing.

Each row goes through the same service a single change uses (``assign_commitment``,
``edit_commitment``, ``record_update``), with the version the person saw on the list. Every
row is tried, each in a savepoint, so that the person learns every refusal at once; if any
row is refused, ``BulkRefused`` names each with its reasons and the whole transaction rolls
back: nothing is written.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import Commitment, Division, Update
from meetings.services.commitments import (
    StaleVersion,
    assign_commitment,
    edit_commitment,
    lock_commitment,
    record_update,
)
from meetings.status import Priority

# A page of the list holds 50 rows; a few pages' worth is the most one action takes.
BULK_LIMIT = 200


@dataclass(frozen=True)
class Seen:
    """A selected row: the commitment and the version the person saw when they ticked it."""

    commitment_id: int
    version: int


@dataclass(frozen=True)
class Refusal:
    commitment_id: int
    title: str
    reasons: list[str]


class BulkRefused(Exception):
    """At least one selected row was refused; nothing was written. ``refusals`` names each."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__(
            _("Nothing was changed: %(n)d of the selected commitments were refused.")
            % {"n": len(refusals)}
        )


def _reasons(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


@transaction.atomic
def _each(seen: Sequence[Seen], act: Callable[[Commitment, int], Any]) -> list[Any]:
    if not seen:
        raise ValidationError(_("Select at least one commitment."))
    if len(seen) > BULK_LIMIT:
        raise ValidationError(_("Select at most %(n)d commitments at once.") % {"n": BULK_LIMIT})
    # Locked in id order, as every bulk action does, so two of them never wait on each other.
    ordered = sorted(
        {row.commitment_id: row for row in seen}.values(), key=lambda r: r.commitment_id
    )
    found = Commitment.objects.select_related("meeting").in_bulk([r.commitment_id for r in ordered])
    refusals, results = [], []
    for row in ordered:
        commitment = found.get(row.commitment_id)
        if commitment is None:
            refusals.append(
                Refusal(row.commitment_id, f"#{row.commitment_id}", [_("It no longer exists.")])
            )
            continue
        try:
            with transaction.atomic():
                results.append(act(commitment, row.version))
        except (StaleVersion, ValidationError) as error:
            refusals.append(Refusal(commitment.pk, commitment.title, _reasons(error)))
    if refusals:
        raise BulkRefused(refusals)
    return results


def bulk_assign(
    *,
    seen: Sequence[Seen],
    assignee: AbstractBaseUser | None,
    owner: Division | None = None,
    actor: AbstractBaseUser | None = None,
) -> list[Commitment]:
    """Give every selected commitment ``assignee``, and ``owner`` where one is given (None:
    each keeps its owning division). ``actor`` (who assigns) is not told of it."""

    def act(commitment: Commitment, version: int) -> Commitment:
        locked = lock_commitment(commitment, version)
        return assign_commitment(
            commitment=locked,
            expected_version=version,
            owner=owner if owner is not None else locked.owner,
            assignee=assignee,
            actor=actor,
        )

    return _each(seen, act)


def bulk_set_priority(*, seen: Sequence[Seen], priority: str) -> list[Commitment]:
    """Set every selected commitment's priority."""
    if priority not in Priority.values:
        raise ValidationError({"priority": _("%(p)s is not a priority.") % {"p": priority}})

    def act(commitment: Commitment, version: int) -> Commitment:
        return edit_commitment(
            commitment=commitment, expected_version=version, changes={"priority": priority}
        )

    return _each(seen, act)


def bulk_record_update(
    *,
    seen: Sequence[Seen],
    author: AbstractBaseUser,
    note: str,
    status: str | None = None,
) -> list[Update]:
    """Record the same update (a note, and a new status if given) on every selected
    commitment; the workflow checks each move as it would one at a time."""

    def act(commitment: Commitment, version: int) -> Update:
        return record_update(
            commitment=commitment,
            author=author,
            expected_version=version,
            status=status,
            note=note,
        )

    return _each(seen, act)


@transaction.atomic
def assign_to_me(
    *, commitment: Commitment, expected_version: int, person: AbstractBaseUser
) -> Commitment:
    """Make ``person`` the commitment's assignee, keeping its owning division (they watch it
    from now on; nobody is told, as it is their own doing)."""
    locked = lock_commitment(commitment, expected_version)
    return assign_commitment(
        commitment=locked,
        expected_version=expected_version,
        owner=locked.owner,
        assignee=person,
        actor=person,
    )
