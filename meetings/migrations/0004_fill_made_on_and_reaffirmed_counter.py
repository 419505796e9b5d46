"""Fill the two stored columns added in 0003 for commitments that already exist."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Commitment = apps.get_model("meetings", "Commitment")
    Meeting = apps.get_model("meetings", "Meeting")
    Update = apps.get_model("meetings", "Update")
    Commitment.objects.update(
        made_on=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("held_on")[:1])
    )
    # Only commitments ever reaffirmed can have a count; walk their timelines in order.
    reaffirmed = (
        Update.objects.filter(effect="reaffirmed")
        .values_list("commitment_id", flat=True)
        .distinct()
    )
    for commitment_id in reaffirmed.iterator():
        count = 0
        timeline = Update.objects.filter(commitment_id=commitment_id).order_by(
            "happened_on", "recorded_at", "id"
        )
        for status, previous, effect in timeline.values_list("status", "previous_status", "effect"):
            if status and status != previous:
                count = 0
            elif effect == "reaffirmed":
                count += 1
        Commitment.objects.filter(pk=commitment_id).update(reaffirmed_since_move=count)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_commitment_made_on_and_reaffirmed_counter")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
