"""Managers read the whole audit trail (the audit page, and the admin's read-only list)."""

from django.db import migrations

# A frozen copy of the audit's entry in ``meetings.roles.OTHER_APP_PERMISSIONS``.
MANAGER_PERMISSIONS = ["view_entry"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the manager group needs this now.
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="audit", codename__in=MANAGER_PERMISSIONS
    )
    for group in Group.objects.filter(name="manager"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="manager"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="audit", codename__in=MANAGER_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_entries"),
        ("meetings", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
