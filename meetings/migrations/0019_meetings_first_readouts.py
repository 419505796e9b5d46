"""Each meeting's readout text, source address and hash become its first readout (0018 made
the model), published by our party (the tracker recorded its own ministry's readouts), and
each commitment made there is reported by that readout's paragraph, in its own words."""

from django.conf import settings
from django.db import migrations

BATCH = 2000


def _language(text: str) -> str:
    kana = sum(1 for ch in text[:2000] if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
    return "ja" if kana > 20 else "en"


def forwards(apps, schema_editor):
    db = schema_editor.connection.alias
    Meeting = apps.get_model("meetings", "Meeting")
    Readout = apps.get_model("meetings", "Readout")
    ReadoutExcerpt = apps.get_model("meetings", "ReadoutExcerpt")
    Commitment = apps.get_model("meetings", "Commitment")
    Party = apps.get_model("meetings", "Party")
    home = Party.objects.using(db).filter(code=settings.HOME_PARTY).first()
    sources = (
        Meeting.objects.using(db)
        .exclude(readout="", source_url="")
        .values_list("pk", "readout", "source_url", "text_hash")
        .order_by("pk")
    )
    readouts = []
    for pk, text, source_url, text_hash in sources.iterator(chunk_size=BATCH):
        readouts.append(
            Readout(
                meeting_id=pk,
                publisher=home,
                language=_language(text),
                source_url=source_url,
                text=text,
                text_hash=text_hash,
                order=0,
            )
        )
        if len(readouts) >= BATCH:
            Readout.objects.using(db).bulk_create(readouts)
            readouts = []
    Readout.objects.using(db).bulk_create(readouts)
    first = dict(Readout.objects.using(db).exclude(text="").values_list("meeting_id", "pk"))
    excerpts = []
    commitments = (
        Commitment.objects.using(db)
        .filter(meeting_id__in=list(first))
        .values_list("pk", "meeting_id", "paragraph", "text")
        .order_by("pk")
    )
    for pk, meeting_id, paragraph, text in commitments.iterator(chunk_size=BATCH):
        excerpts.append(
            ReadoutExcerpt(
                commitment_id=pk, readout_id=first[meeting_id], paragraph=paragraph, text=text
            )
        )
        if len(excerpts) >= BATCH:
            ReadoutExcerpt.objects.using(db).bulk_create(excerpts, ignore_conflicts=True)
            excerpts = []
    ReadoutExcerpt.objects.using(db).bulk_create(excerpts, ignore_conflicts=True)


def backwards(apps, schema_editor):
    db = schema_editor.connection.alias
    Meeting = apps.get_model("meetings", "Meeting")
    Readout = apps.get_model("meetings", "Readout")
    for readout in Readout.objects.using(db).order_by("-order", "-pk").iterator():
        Meeting.objects.using(db).filter(pk=readout.meeting_id).update(
            readout=readout.text, source_url=readout.source_url, text_hash=readout.text_hash
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0018_names_in_two_languages_and_readouts"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
