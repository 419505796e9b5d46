"""The ``reference`` data version (see ``meetings.versions``): what rendered rows show of
other rows. Made here so the first request after the upgrade does not make it."""

import uuid

from django.db import migrations


def create_reference_version(apps, schema_editor):
    DataVersion = apps.get_model("meetings", "DataVersion")
    DataVersion.objects.get_or_create(scope="reference", defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_text_search_postgresql"),
    ]

    operations = [
        migrations.RunPython(create_reference_version, migrations.RunPython.noop),
    ]
