"""Every write that users make, one function per action, each atomic.

Views, the admin, the API and management commands call these; none writes around them.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.identity import usernames
from meetings.models import Account, Division
from meetings.roles import ROLES, group_for


@transaction.atomic
def set_role(*, user: AbstractBaseUser, role: str) -> None:
    """Give ``user`` exactly one role; managers (and superusers) get the admin."""
    if role not in ROLES:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    group = group_for(role)
    # Only the roles held (the audit trail records what ``remove`` is given, held or not).
    held = list(user.groups.filter(name__in=ROLES).exclude(pk=group.pk))
    if held:
        user.groups.remove(*held)
    user.groups.add(group)
    user.is_staff = user.is_superuser or role == "manager"
    user.save(update_fields=["is_staff"])


@transaction.atomic
def add_user(
    *,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    divisions: Iterable[Division] | None = None,
) -> tuple[AbstractBaseUser, bool]:
    """The account named ``username`` (as normalised: ``meetings.identity.usernames``) with
    ``role``, made if there is none, and ``password`` set if given: ``(user, created)``.
    A name that only looks like an existing one (a Cyrillic twin) is refused. ``divisions``,
    when given, become the person's divisions (all of them: others are left)."""
    User = get_user_model()
    normal = usernames.normalise(username)
    user = User.objects.select_for_update().filter(username=normal).first()
    created = user is None
    if created:
        normal = usernames.clean_new_username(normal)
        user = User(username=normal, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    if password is not None:
        set_password(user=user, password=password)
    set_role(user=user, role=role)
    if divisions is not None:
        set_divisions(user=user, divisions=divisions)
    return user, created


def account_of(user: AbstractBaseUser) -> Account:
    """The person's account record, made on first need."""
    return Account.objects.get_or_create(user=user)[0]


@transaction.atomic
def set_divisions(*, user: AbstractBaseUser, divisions: Iterable[Division]) -> None:
    """Make ``divisions`` exactly the divisions ``user`` works in (the membership that decides
    who hears of a division's commitments and what "my division" lists)."""
    account_of(user).divisions.set(list(divisions))


@transaction.atomic
def set_language(*, user: AbstractBaseUser, language: str) -> None:
    """Remember the language ``user`` wants mail and reminders in; an unknown code is refused."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {"language": _("Unknown language %(language)s.") % {"language": language}}
        )
    account = account_of(user)
    if account.language != language:
        account.language = language
        account.save(update_fields=["language"])


@transaction.atomic
def set_password(*, user: AbstractBaseUser, password: str) -> None:
    """A new password; every session and API token of ``user`` ends (``meetings.signals``)."""
    user.set_password(password)
    user.save(update_fields=["password"])
