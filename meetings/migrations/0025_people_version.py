"""The ``people`` data version (``meetings/caching/versions.py``): who people are and what they
may do, which each request's kept person is keyed by. Made here so the first request after
the upgrade does not make it."""

import uuid

from django.db import migrations


def create_people_version(apps, schema_editor):
    DataVersion = apps.get_model("meetings", "DataVersion")
    DataVersion.objects.get_or_create(scope="people", defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0024_commitment_meeting_review_index"),
    ]

    operations = [
        migrations.RunPython(create_people_version, migrations.RunPython.noop),
    ]
