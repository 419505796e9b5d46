"""``import_readout``: proposals as JSON on a dry run, drafts otherwise, bad files refused.

Runs on the two real readouts shipped with the demo data.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from meetings import selectors
from meetings.devdata.demo import READOUTS
from meetings.models import Attendance, Commitment, Mechanism, Meeting, Party, Person, Update
from meetings.status import Review

BUSAN = READOUTS / "2023-11-25-japan-china-foreign-ministers.txt"
ROK = READOUTS / "2024-01-05-japan-rok-foreign-ministers-telephone-talk.txt"
LOCAL = Path(__file__).resolve().parent / "readouts"
P2P = LOCAL / "2024-12-25-japan-china-people-to-people-dialogue.txt"

MEETING_KEYS = {
    "title",
    "kind",
    "held_on",
    "start_time",
    "duration_minutes",
    "place",
    "occasion",
    "parties",
    "attendance",
    "mechanism",
}
COMMITMENT_KEYS = {
    "paragraph",
    "kind",
    "title",
    "text",
    "requested_by",
    "responsible",
    "continuing",
    "target",
    "mechanism",
}
MODELS = (Meeting, Commitment, Party, Person, Mechanism, Attendance, Update)

# The Busan readout's twelve commitments as docs/design.md lists them: paragraph and kind.
BUSAN_KINDS = [
    ("1", "joint"),
    ("1", "joint"),
    ("2", "request"),
    ("2", "joint"),
    ("3", "request"),
    ("3", "joint"),
    ("3", "request"),
    ("4", "joint"),
    ("4", "joint"),
    ("5", "joint"),
    ("5", "joint"),
    ("6", "joint"),
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run(*args: str | Path) -> str:
    out = io.StringIO()
    call_command("import_readout", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    """The demo data as it stood on 1 January 2024: the Busan meeting and its commitments."""
    call_command("seed_demo", force=True, as_of=datetime.date(2024, 1, 1), stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("path", [BUSAN, ROK], ids=["busan", "rok"])
def test_dry_run_json_prints_the_proposals_and_writes_nothing(path):
    before = counts()

    result = json.loads(run(path, "--dry-run", "--json"))

    assert counts() == before
    assert {"meeting", "commitments", "links"} <= set(result)
    assert set(result["meeting"]) == MEETING_KEYS
    assert result["commitments"], "each real readout holds at least one commitment"
    for commitment in result["commitments"]:
        assert set(commitment) == COMMITMENT_KEYS
        assert commitment["kind"] in {"joint", "request", "pledge"}
    assert isinstance(result["links"], list)


DEV = LOCAL / "dev"


@pytest.mark.django_db
def test_dry_run_json_of_a_japanese_readout_has_the_same_shape():
    result = json.loads(
        run(DEV / "jp-ja-2021-11-18-japan-china-fm-telephone.txt", "--dry-run", "--json")
    )

    assert set(result["meeting"]) == MEETING_KEYS
    assert all(set(c) == COMMITMENT_KEYS for c in result["commitments"])
    assert result["meeting"]["held_on"] == "2021-11-18"
    assert result["meeting"]["start_time"] == "17:35"
    assert [a["name"] for a in result["meeting"]["attendance"]] == ["林芳正", "王毅"]
    assert ("3", "request") in {(c["paragraph"], c["kind"]) for c in result["commitments"]}


@pytest.mark.django_db
def test_a_readout_without_a_date_is_read_on_a_dry_run_and_stored_as_a_draft_without_one():
    path = DEV / "us-ja-2021-01-27-biden-suga-telephone.txt"
    before = counts()

    result = json.loads(run(path, "--dry-run", "--json"))
    assert counts() == before
    run(path)

    assert result["meeting"]["held_on"] is None
    assert any("本日" in warning for warning in result["warnings"])
    assert result["commitments"]
    meeting = Meeting.objects.get()
    assert meeting.held_on is None
    assert meeting.review == Review.DRAFT
    assert meeting.commitments.count() == len(result["commitments"])
    assert set(meeting.commitments.values_list("made_on", flat=True)) == {None}


@pytest.mark.django_db
def test_a_year_the_readout_does_not_print_is_taken_from_the_source_url():
    path = DEV / "cn-ja-2021-10-08-xi-kishida-telephone.txt"
    url = "http://nagoya.china-consulate.gov.cn/jpn/zgxw/202111/t20211115_10448630.htm"

    result = json.loads(run(path, "--dry-run", "--json", "--source-url", url))

    assert result["meeting"]["held_on"] == "2021-10-08"


@pytest.mark.django_db
def test_dry_run_reads_the_busan_meeting_and_its_twelve_commitments():
    result = json.loads(run(BUSAN, "--dry-run", "--json"))

    meeting = result["meeting"]
    assert meeting["held_on"] == "2023-11-25"
    assert meeting["start_time"] == "17:30"
    assert meeting["duration_minutes"] == 100
    assert meeting["place"] == "Busan"
    assert meeting["parties"] == ["JP", "CN"]
    assert [a["name"] for a in meeting["attendance"]] == ["KAMIKAWA Yoko", "Wang Yi"]
    assert [(c["paragraph"], c["kind"]) for c in result["commitments"]] == BUSAN_KINDS
    assert not any("East China Sea" in c["text"] for c in result["commitments"])


def test_dry_run_links_a_later_session_to_the_commitment_to_hold_it(seeded):
    before = counts()

    result = json.loads(run(P2P, "--dry-run", "--json"))

    assert counts() == before
    fulfilled = [link for link in result["links"] if link.get("effect") == "fulfilled"]
    assert [link["title"] for link in fulfilled] == [
        "Use the High-Level People-to-People and Cultural Exchange Dialogue"
    ]
    assert fulfilled[0]["type"] == "follow_up"


def test_a_readout_is_compared_with_the_counterparts_newest_open_commitments(seeded, monkeypatch):
    """With thousands open, only the newest are read; and only the counterparts' (or the
    mechanism's), never another partner's."""
    from meetings.importing import matching
    from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory, home_party

    monkeypatch.setattr(matching, "FOLLOW_UP_CANDIDATES", 3)
    for year in (2010, 2011, 2012, 2013):  # older than the demo's, with China
        CommitmentFactory(
            meeting=MeetingFactory(held_on=datetime.date(year, 1, 1)),
            title=f"Promote exchanges among young people ({year})",
        )
    korea = MeetingFactory(
        held_on=datetime.date(2024, 6, 1), parties=[home_party(), PartyFactory(code="KR")]
    )
    CommitmentFactory(meeting=korea, title="Promote exchanges among young people in Korea")

    result = json.loads(run(P2P, "--dry-run", "--json"))

    titles = {link["title"] for link in result["links"] if link["type"] == "follow_up"}
    assert "Use the High-Level People-to-People and Cultural Exchange Dialogue" in titles
    assert not any("2010" in title or "Korea" in title for title in titles)


def test_dry_run_matches_the_summit_the_busan_readout_refers_to(db):
    call_command("seed_demo", force=True, as_of=datetime.date(2023, 11, 20), stdout=io.StringIO())

    result = json.loads(run(BUSAN, "--dry-run", "--json"))

    references = [link for link in result["links"] if link["type"] == "follows_up"]
    summit = Meeting.objects.get(title="Japan-China Summit Meeting")
    assert summit.pk in {link["meeting"] for link in references}


@pytest.mark.django_db
def test_import_stores_a_draft_meeting_with_draft_commitments():
    output = run(BUSAN)

    meeting = Meeting.objects.get()
    assert meeting.review == Review.DRAFT
    assert meeting.readouts.get().text_hash
    assert meeting.commitments.count() == 12
    assert set(meeting.commitments.values_list("review", flat=True)) == {Review.DRAFT}
    assert f"/meetings/import/{meeting.pk}/" in output


def test_imported_drafts_stay_out_of_the_commitment_list_and_the_dashboard(seeded, viewer_client):
    today = timezone.localdate()
    figures_before = selectors.dashboard_figures(today=today)

    run(P2P)

    draft = Commitment.objects.get(title="Relax visa requirements for Chinese nationals")
    assert draft.review == Review.DRAFT
    response = viewer_client.get("/commitments/")
    assert response.status_code == 200
    assert draft.title not in response.content.decode()
    assert draft.title not in viewer_client.get("/commitments/?q=visa").content.decode()
    assert selectors.dashboard_figures(today=today) == figures_before


@pytest.mark.django_db
def test_a_second_import_of_the_same_readout_is_refused_naming_the_meeting():
    run(BUSAN)
    meeting = Meeting.objects.get()
    before = counts()

    with pytest.raises(CommandError) as refused:
        run(BUSAN)

    assert "already imported" in str(refused.value)
    assert f"#{meeting.pk}" in str(refused.value)
    assert meeting.title in str(refused.value)
    assert counts() == before


@pytest.mark.django_db
def test_a_readout_from_the_same_source_url_is_refused_as_a_duplicate():
    url = "https://www.mofa.go.jp/a_o/c_m1/cn/pageite_000001_00019.html"
    run(BUSAN, "--source-url", url)
    before = counts()

    with pytest.raises(CommandError, match="already imported"):
        run(ROK, "--source-url", url)

    assert counts() == before


def test_the_seeded_busan_readout_is_a_duplicate_of_the_demo_meeting(seeded):
    before = counts()

    with pytest.raises(CommandError, match="Japan-China Foreign Ministers' Meeting"):
        run(BUSAN)

    assert counts() == before


BAD_FILES = {
    "empty": (b"", "empty"),
    "blank": (b"  \n\n \n", "empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin-1": ("On November 25, Minister Kamikawa met Señor Wang.".encode("latin-1"), "UTF-8"),
    "not a readout": (b"Shopping list, 3 March 2024\n\nEggs\nMilk\nBread\n", "not look like"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_with_what_is_missing_and_nothing_is_stored(name, tmp_path):
    content, message = BAD_FILES[name]
    path = tmp_path / "readout.txt"
    path.write_bytes(content)
    before = counts()

    with pytest.raises(CommandError, match=message):
        run(path)

    assert counts() == before


@pytest.mark.django_db
def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nowhere.txt")


@pytest.mark.django_db
def test_several_files_on_a_dry_run_print_a_list():
    result = json.loads(run(BUSAN, ROK, "--dry-run", "--json"))

    assert [r["meeting"]["held_on"] for r in result] == ["2023-11-25", "2024-01-05"]
    assert Meeting.objects.count() == 0


@pytest.mark.django_db
def test_several_files_are_each_stored_as_a_draft():
    run(BUSAN, ROK)

    assert sorted(Meeting.objects.values_list("held_on", "review")) == [
        (datetime.date(2023, 11, 25), Review.DRAFT),
        (datetime.date(2024, 1, 5), Review.DRAFT),
    ]


@pytest.mark.django_db
def test_a_bad_file_among_several_is_named_and_the_good_ones_are_stored(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")

    with pytest.raises(CommandError) as refused:
        run(BUSAN, bad)

    assert str(bad) in str(refused.value)
    assert str(BUSAN) not in str(refused.value)
    assert Meeting.objects.get().held_on == datetime.date(2023, 11, 25)


@pytest.mark.django_db
def test_source_url_with_several_files_is_refused():
    with pytest.raises(CommandError, match="one FILE"):
        run(BUSAN, ROK, "--source-url", "https://example.org/readout")


@pytest.mark.django_db
def test_the_summary_lists_each_proposal_and_says_a_dry_run_stored_nothing():
    output = run(ROK, "--dry-run")

    assert "Japan-ROK" in output
    assert "dry run: nothing stored" in output
    assert Meeting.objects.count() == 0
