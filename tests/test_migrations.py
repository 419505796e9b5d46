"""Data migrations do to existing rows what the code does to new ones."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from rest_framework.test import APIClient

from meetings.models import digest_of

D = datetime.date


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


# Serialized rollback: the flush after it must not leave other transactional tests without
# what migrations wrote (roles, content types), see the cache_on fixture in conftest.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_filling_the_stored_columns_copies_the_meeting_date_and_counts_reaffirmations():
    apps = migrate_to(("meetings", "0003_commitment_made_on_and_reaffirmed_counter"))
    Meeting = apps.get_model("meetings", "Meeting")
    Commitment = apps.get_model("meetings", "Commitment")
    Update = apps.get_model("meetings", "Update")
    User = apps.get_model("auth", "User")
    author = User.objects.create(username="historian")
    made_at = Meeting.objects.create(
        title="Busan", kind="foreign_ministers", held_on=D(2023, 11, 25)
    )
    later = Meeting.objects.create(
        title="Beijing", kind="foreign_ministers", held_on=D(2024, 12, 25)
    )
    stuck = Commitment.objects.create(meeting=made_at, title="Release", text="t", status="open")
    moved = Commitment.objects.create(meeting=made_at, title="Hold", text="t", status="in_progress")

    def entry(commitment, day, **fields):
        Update.objects.create(
            commitment=commitment, happened_on=day, author=author, previous_status="open", **fields
        )

    entry(stuck, D(2024, 6, 1), effect="reaffirmed", meeting=later)
    entry(stuck, D(2024, 12, 25), effect="reaffirmed", meeting=later)
    entry(moved, D(2024, 6, 1), effect="reaffirmed", meeting=later)
    entry(moved, D(2024, 7, 1), status="in_progress")

    apps = migrate_to(("meetings", "0004_fill_made_on_and_reaffirmed_counter"))
    Commitment = apps.get_model("meetings", "Commitment")
    assert Commitment.objects.get(pk=stuck.pk).made_on == D(2023, 11, 25)
    assert Commitment.objects.get(pk=stuck.pk).reaffirmed_since_move == 2
    assert Commitment.objects.get(pk=moved.pk).reaffirmed_since_move == 0

    migrate_to_latest()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plain_text_tokens_are_hashed_and_their_table_dropped():
    apps = migrate_to(("meetings", "0014_accounts_tokens_recovery_codes"))
    User = apps.get_model("auth", "User")
    scripter = User.objects.create(username="scripter", is_active=True)
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, timezone.now(), scripter.pk],
        )

    apps = migrate_to(("meetings", "0015_hash_plain_api_tokens"))

    assert "authtoken_token" not in connection.introspection.table_names()
    migrated = apps.get_model("meetings", "ApiToken").objects.get(user_id=scripter.pk)
    assert migrated.digest == digest_of(old_key)
    assert migrated.expires_at > timezone.now()
    migrate_to_latest()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    assert client.get("/api/v1/auth/tokens/").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_names_are_normalised_unless_that_would_make_a_twin():
    apps = migrate_to(("meetings", "0015_hash_plain_api_tokens"))
    Old = apps.get_model("auth", "User")
    Old.objects.create(username="Alice")
    Old.objects.create(username="bob")
    Old.objects.create(username="Bob")

    migrate_to(("meetings", "0016_normalise_usernames"))

    assert sorted(get_user_model().objects.values_list("username", flat=True)) == [
        "Bob",
        "alice",
        "bob",
    ]
    migrate_to_latest()


def migrate_to_latest():
    """Every app to its latest migration: going back in meetings took the apps that depend on
    it (notifications) back too, and the tests after these need their tables."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_commitments_made_before_the_copy_get_their_meetings_parties_and_words():
    apps = migrate_to(("meetings", "0011_reference_version"))
    Party = apps.get_model("meetings", "Party")
    Meeting = apps.get_model("meetings", "Meeting")
    Commitment = apps.get_model("meetings", "Commitment")
    japan = Party.objects.create(code="JP", name="Japan")
    china = Party.objects.create(code="CN", name="China")
    korea = Party.objects.create(code="KR", name="Republic of Korea")
    trilateral = Meeting.objects.create(title="Summit", kind="summit", held_on=D(2024, 5, 27))
    trilateral.parties.set([korea, japan, china])
    alone = Meeting.objects.create(title="Notes", kind="summit", held_on=D(2024, 5, 28))
    made = Commitment.objects.create(meeting=trilateral, title="Hold", text="the summit")
    unattended = Commitment.objects.create(meeting=alone, title="File", text="the notes")

    apps = migrate_to(("meetings", "0012_commitment_search_copies"))
    Commitment = apps.get_model("meetings", "Commitment")
    assert Commitment.objects.get(pk=made.pk).meeting_party_ids == sorted(
        [japan.pk, china.pk, korea.pk]
    )
    assert Commitment.objects.get(pk=unattended.pk).meeting_party_ids == []
    assert Commitment.objects.get(pk=made.pk).search_text == "HOLD THE SUMMIT"

    migrate_to_latest()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_meetings_readout_becomes_its_first_readout_reporting_its_commitments():
    apps = migrate_to(("meetings", "0018_names_in_two_languages_and_readouts"))
    Meeting = apps.get_model("meetings", "Meeting")
    Commitment = apps.get_model("meetings", "Commitment")
    Party = apps.get_model("meetings", "Party")
    japan, _created = Party.objects.get_or_create(code="JP", defaults={"name": "Japan"})
    english = Meeting.objects.create(
        title="Busan",
        kind="foreign_ministers",
        held_on=D(2023, 11, 25),
        readout="On 25 November, Minister Kamikawa met Foreign Minister Wang Yi.",
        source_url="https://www.mofa.go.jp/a_o/c_m1/cn/pageite_000001_00019.html",
        text_hash="abc",
    )
    japanese = Meeting.objects.create(
        title="日中外相会談",
        kind="foreign_ministers",
        held_on=D(2023, 11, 25),
        readout="11月25日、上川陽子外務大臣は、王毅中国外交部長と日中外相会談を行いました。"
        "両外相は、日中安全保障対話を早期に開催することで一致しました。",
    )
    bare = Meeting.objects.create(title="No readout", kind="telephone", held_on=D(2024, 1, 5))
    made = Commitment.objects.create(
        meeting=english, paragraph="3", title="Hold it", text="hold the dialogue", status="open"
    )
    Commitment.objects.create(meeting=bare, title="Call again", text="call", status="open")

    apps = migrate_to(("meetings", "0020_meeting_readout_fields_moved"))
    Readout = apps.get_model("meetings", "Readout")
    ReadoutExcerpt = apps.get_model("meetings", "ReadoutExcerpt")
    first = Readout.objects.get(meeting_id=english.pk)
    assert (first.order, first.publisher_id, first.language) == (0, japan.pk, "en")
    assert first.source_url.endswith("pageite_000001_00019.html")
    assert (first.text_hash, first.text.startswith("On 25 November")) == ("abc", True)
    assert Readout.objects.get(meeting_id=japanese.pk).language == "ja"
    assert not Readout.objects.filter(meeting_id=bare.pk).exists()
    excerpt = ReadoutExcerpt.objects.get(commitment_id=made.pk)
    assert (excerpt.readout_id, excerpt.paragraph, excerpt.text) == (
        first.pk,
        "3",
        "hold the dialogue",
    )
    assert ReadoutExcerpt.objects.count() == 1

    migrate_to_latest()
