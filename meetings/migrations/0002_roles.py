"""Create the viewer, editor and manager groups with their permissions.

A frozen copy of ``meetings.roles.ROLE_PERMISSIONS`` as it stood when this migration was
written; a later change of rights gets a migration of its own.
"""

from django.db import migrations

READ = [
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
EDIT = ["add_update", "assign_commitment", "add_followup_meeting"]
MANAGE = [
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

ROLE_PERMISSIONS = {
    "viewer": READ,
    "editor": READ + EDIT,
    "manager": READ + EDIT + MANAGE,
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(
            content_type__app_label="meetings", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for role {role}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
