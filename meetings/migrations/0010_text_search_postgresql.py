"""Text search on PostgreSQL: trigram indexes and statistics for the list's ``q`` filter.

The filter is Django's ``icontains`` on the title and the readout's words:
``UPPER(column) LIKE UPPER('%term%')``. A trigram index on ``UPPER(column)`` answers it without
reading every commitment (a search alone: 7 ms instead of 320 ms at ten years of data). The
statistics on the same expressions tell the planner how common a term is; without them it
assumes every term is rare and, with a counterpart and a status, picks a plan five times
slower. SQLite has neither; it reads every row, which is fast at its sizes.
"""

from django.db import migrations

EXPRESSIONS = {"title": "commitment_title_trgm", "text": "commitment_text_trgm"}
STATISTICS = "commitment_text_stats"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column, index in EXPRESSIONS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON meetings_commitment "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} "
        "ON (UPPER(title)), (UPPER(text)) FROM meetings_commitment"
    )
    schema_editor.execute("ANALYZE meetings_commitment")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    for index in EXPRESSIONS.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_expected_by_index")]

    operations = [migrations.RunPython(create, drop)]
