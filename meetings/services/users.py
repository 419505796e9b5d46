"""Every write that users make, one function per action, each atomic.

Views, the admin, the API and management commands call these; none writes around them.
"""

from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.roles import ROLES, group_for


@transaction.atomic
def set_role(*, user: AbstractBaseUser, role: str) -> None:
    """Give ``user`` exactly one role; managers (and superusers) get the admin."""
    if role not in ROLES:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    user.groups.add(group_for(role))
    user.is_staff = user.is_superuser or role == "manager"
    user.save(update_fields=["is_staff"])
