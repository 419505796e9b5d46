"""Managers manage webhooks: the manager group gets the webhook permissions.

A frozen list, as ``meetings/migrations/0002_roles.py`` keeps its own; ``webhooks.roles``
names the same permissions for the doors.
"""

from django.db import migrations

MANAGER_PERMISSIONS = ["view_webhook", "add_webhook", "change_webhook", "delete_webhook"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the group needs them now.
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="manager")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="webhooks", codename__in=MANAGER_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="manager"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="webhooks", codename__in=MANAGER_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("meetings", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
