"""Create the database cache's table with the schema, so no deployment can forget it.

The dashboard caches its figures (see CACHES in tracker/settings.py). With the default
database cache its table must exist; ``createcachetable`` is idempotent and does nothing for
other cache backends.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_fill_made_on_and_reaffirmed_counter")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
