"""Roles are groups made by a data migration; ``set_role`` gives a user exactly one of them."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from meetings import services
from meetings.roles import (
    CAN_EDIT_COMMITMENTS,
    CAN_RECORD_UPDATE,
    MANAGER,
    OTHER_APP_PERMISSIONS,
    ROLE_PERMISSIONS,
    ROLES,
    role_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def codenames(group: Group) -> set[str]:
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }


def test_the_migration_makes_exactly_the_three_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_group_has_exactly_the_permissions_of_its_role(role):
    group = Group.objects.get(name=role)

    assert codenames(group) == {
        f"meetings.{codename}" for codename in ROLE_PERMISSIONS[role]
    } | set(OTHER_APP_PERMISSIONS[role])


def test_the_migrations_frozen_table_matches_the_roles_module():
    migration = importlib.import_module("meetings.migrations.0002_roles")

    assert migration.ROLE_PERMISSIONS == ROLE_PERMISSIONS


def test_the_webhooks_migrations_frozen_list_matches_the_roles_module():
    migration = importlib.import_module("webhooks.migrations.0002_managers_manage_webhooks")

    assert [f"webhooks.{name}" for name in migration.MANAGER_PERMISSIONS] == [
        name for name in OTHER_APP_PERMISSIONS[MANAGER] if name.startswith("webhooks.")
    ]


def test_the_audit_migrations_frozen_list_matches_the_roles_module():
    migration = importlib.import_module("meetings.audit.migrations.0002_managers_read_the_audit")

    assert [f"audit.{name}" for name in migration.MANAGER_PERMISSIONS] == [
        name for name in OTHER_APP_PERMISSIONS[MANAGER] if name.startswith("audit.")
    ]


def test_a_viewer_may_read_but_not_record_updates(viewer):
    assert viewer.has_perm("meetings.view_commitment")
    assert not viewer.has_perm(CAN_RECORD_UPDATE)


def test_an_editor_may_record_updates_but_not_edit_commitments(editor):
    assert editor.has_perm(CAN_RECORD_UPDATE)
    assert not editor.has_perm(CAN_EDIT_COMMITMENTS)


def test_a_manager_may_edit_commitments(manager):
    assert manager.has_perm(CAN_EDIT_COMMITMENTS)
    assert manager.has_perm(CAN_RECORD_UPDATE)


def test_nobody_but_a_superuser_may_edit_the_timeline(manager):
    assert not manager.has_perm("meetings.change_update")
    assert not manager.has_perm("meetings.delete_update")


def test_set_role_makes_a_manager_staff():
    user = UserFactory()

    services.set_role(user=user, role=MANAGER)

    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [MANAGER]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_set_role_keeps_other_roles_out_of_the_admin(role):
    user = UserFactory(is_staff=True)

    services.set_role(user=user, role=role)

    user.refresh_from_db()
    assert not user.is_staff


def test_set_role_replaces_the_previous_role(manager):
    services.set_role(user=manager, role="viewer")

    manager.refresh_from_db()
    assert list(manager.groups.values_list("name", flat=True)) == ["viewer"]
    assert not manager.is_staff


def test_set_role_keeps_other_groups():
    user = UserFactory()
    user.groups.add(Group.objects.create(name="translators"))

    services.set_role(user=user, role="editor")

    assert set(user.groups.values_list("name", flat=True)) == {"translators", "editor"}


def test_a_superuser_stays_staff_whatever_the_role(superuser):
    services.set_role(user=superuser, role="viewer")

    superuser.refresh_from_db()
    assert superuser.is_staff


def test_an_unknown_role_is_refused():
    user = UserFactory()

    with pytest.raises(ValidationError):
        services.set_role(user=user, role="admin")

    assert not user.groups.exists()


@pytest.mark.parametrize(
    ("fixture", "shown"),
    [
        ("viewer", "viewer"),
        ("editor", "editor"),
        ("manager", "manager"),
        ("superuser", "superuser"),
        ("outsider", None),
    ],
)
def test_role_of_names_the_highest_role(request, fixture, shown):
    assert role_of(request.getfixturevalue(fixture)) == shown
