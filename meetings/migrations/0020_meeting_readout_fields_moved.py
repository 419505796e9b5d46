from django.db import migrations


class Migration(migrations.Migration):
    """The meeting's readout text, address and hash live on its first readout now (0019)."""

    dependencies = [
        ("meetings", "0019_meetings_first_readouts"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="meeting",
            name="readout",
        ),
        migrations.RemoveField(
            model_name="meeting",
            name="source_url",
        ),
        migrations.RemoveField(
            model_name="meeting",
            name="text_hash",
        ),
    ]
