"""Fill the two stored columns added in 0003 for commitments that already exist."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

BATCH = 5000


def fill(apps, schema_editor):
    Commitment = apps.get_model("meetings", "Commitment")
    Meeting = apps.get_model("meetings", "Meeting")
    Update = apps.get_model("meetings", "Update")
    Commitment.objects.update(
        made_on=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("held_on")[:1])
    )
    # Walk every timeline that holds a reaffirmation once, in order, in one streamed query.
    reaffirmed = Update.objects.filter(effect="reaffirmed").values("commitment_id")
    timelines = (
        Update.objects.filter(commitment_id__in=reaffirmed)
        .order_by("commitment_id", "happened_on", "recorded_at", "id")
        .values_list("commitment_id", "status", "previous_status", "effect")
    )
    counts: dict[int, int] = {}
    for commitment_id, status, previous, effect in timelines.iterator(chunk_size=BATCH):
        if status and status != previous:
            counts[commitment_id] = 0
        elif effect == "reaffirmed":
            counts[commitment_id] = counts.get(commitment_id, 0) + 1
    changed = [Commitment(pk=pk, reaffirmed_since_move=n) for pk, n in counts.items() if n]
    Commitment.objects.bulk_update(changed, ["reaffirmed_since_move"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_commitment_made_on_and_reaffirmed_counter")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
