"""Meeting lists on PostgreSQL: an index in their order, and trigram indexes for their search.

Meetings are listed newest first, undated drafts last (``Meeting.Meta.ordering``: ``held_on``
descending with nulls last, then the start time and the id). An index in exactly that order
lets a page be read by walking it and stopping at fifty, and the admin's date drill-down read
its first and last dates from its two ends; without it each was a read and sort of all 20,000
meetings (18 ms each, three times on an admin search). SQLite's indexes cannot say "nulls
last"; it reads every row, which is fast at its sizes.

The admin's meeting search and the web meeting list's ``q`` are Django's ``icontains`` on the
three columns, ``UPPER(column) LIKE UPPER('%word%')``, joined by OR. A trigram index on each
``UPPER(column)`` answers a search for a rare word from the index entries rather than every
meeting (migration 0010 did the same for commitments, and made the extension); a common word
is read along the order's index instead. SQLite has no such index and reads every row.
"""

from django.db import migrations

EXPRESSIONS = {
    "title": "meeting_title_trgm",
    "place": "meeting_place_trgm",
    "occasion": "meeting_occasion_trgm",
}
ORDER = "meeting_list_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column, index in EXPRESSIONS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON meetings_meeting "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {ORDER} ON meetings_meeting "
        "(held_on DESC NULLS LAST, start_time DESC, id DESC)"
    )
    schema_editor.execute("ANALYZE meetings_meeting")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in (*EXPRESSIONS.values(), ORDER):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0025_people_version")]

    operations = [migrations.RunPython(create, drop)]
