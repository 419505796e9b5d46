"""Roles are Django groups; this module names them and what each may do.

The groups are created by the data migration ``0002_roles`` from a frozen copy of this table;
change both together (with a new migration) when a role's rights change.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

VIEWER = "viewer"
EDITOR = "editor"
MANAGER = "manager"
ROLES = (VIEWER, EDITOR, MANAGER)
# How a role is named to people (``role_of`` also answers "superuser").
ROLE_LABELS = {
    VIEWER: _("viewer"),
    EDITOR: _("editor"),
    MANAGER: _("manager"),
    "superuser": _("superuser"),
}

_READ = [
    f"view_{model}"
    for model in (
        "party",
        "person",
        "mechanism",
        "topic",
        "division",
        "meeting",
        "attendance",
        "commitment",
        "update",
    )
]
_EDIT = ["add_update", "assign_commitment", "add_followup_meeting"]
_MANAGE = [
    f"{action}_{model}"
    for model in (
        "party",
        "person",
        "mechanism",
        "topic",
        "division",
        "meeting",
        "attendance",
        "commitment",
    )
    for action in ("add", "change", "delete")
] + ["review_commitment"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VIEWER: _READ,
    EDITOR: _READ + _EDIT,
    MANAGER: _READ + _EDIT + _MANAGE,
}

# Rights in other apps, as "app_label.codename": managers manage webhooks (granted by
# webhooks/migrations/0002_managers_manage_webhooks.py, a frozen copy of this entry) and read
# the whole audit trail (meetings/audit/migrations/0002_managers_read_the_audit.py).
OTHER_APP_PERMISSIONS: dict[str, list[str]] = {
    VIEWER: [],
    EDITOR: [],
    MANAGER: [
        "audit.view_entry",
        "webhooks.view_webhook",
        "webhooks.add_webhook",
        "webhooks.change_webhook",
        "webhooks.delete_webhook",
    ],
}

# The permission each user action needs, so views, API and admin ask the same question.
CAN_RECORD_UPDATE = "meetings.add_update"
CAN_ASSIGN = "meetings.assign_commitment"
CAN_ADD_FOLLOWUP_MEETING = "meetings.add_followup_meeting"
CAN_EDIT_MEETINGS = "meetings.change_meeting"
CAN_ADD_MEETINGS = "meetings.add_meeting"
CAN_EDIT_COMMITMENTS = "meetings.change_commitment"
CAN_ADD_COMMITMENTS = "meetings.add_commitment"
CAN_REVIEW_IMPORTS = "meetings.review_commitment"
# The whole audit trail (a record's own history is read by whoever reads the record).
CAN_READ_AUDIT = "audit.view_entry"


def group_for(role: str):
    """The group of ``role``, made with its permissions if it is missing.

    The data migration makes the groups; this covers a database flushed since (tests that
    truncate tables) without a second source of truth.
    """
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=role)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="meetings", codename__in=ROLE_PERMISSIONS[role]
            )
        )
        for name in OTHER_APP_PERMISSIONS[role]:
            app_label, codename = name.split(".")
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
    return group


def role_of(user: AbstractBaseUser) -> str | None:
    """The highest role a user holds, for display ("manager"), or None."""
    if user.is_superuser:
        return "superuser"
    names = {group.name for group in user.groups.all()}
    for role in reversed(ROLES):
        if role in names:
            return role
    return None
