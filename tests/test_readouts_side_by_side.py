"""Their readout beside ours: a readout of a meeting already recorded is flagged on upload and
attached as another source, its paragraphs aligned with the meeting's commitments, and the
meeting page shows the readouts side by side. Tested on real pairs of readouts of the same
meeting from the development set (tests/readouts/dev, each JSON's "pair")."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings import services
from meetings.importing.parser import parse_readout
from meetings.models import Commitment, Mechanism, Meeting, Readout, ReadoutExcerpt, Reported
from meetings.status import Review
from tests.factories import CommitmentFactory, ExcerptFactory, PartyFactory, ReadoutFactory

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

DEV = Path(__file__).resolve().parent / "readouts" / "dev"
START = reverse("import-start")
MUNICH_JP = DEV / "jp-en-2020-02-15-japan-china-foreign-ministers.txt"
MUNICH_CN = DEV / "cn-en-2020-02-15-wang-yi-meets-motegi-munich.txt"
SEOUL_KR = DEV / "kr-en-2021-09-15-korea-china-fm-seoul.txt"
SEOUL_CN = DEV / "cn-en-2021-09-15-wang-yi-chung-eui-yong-talks.txt"
WASHINGTON_JP = DEV / "jp-en-2021-11-18-japan-us-vice-ministers.txt"
WASHINGTON_US = DEV / "us-en-2021-11-18-sherman-mori-washington.txt"
SUMMIT_JP = DEV / "jp-ja-2021-10-08-japan-china-summit-telephone.txt"
SUMMIT_CN = DEV / "cn-ja-2021-10-08-xi-kishida-telephone.txt"

CN_PLEDGE = "The Chinese side is willing to continue to strengthen mutually beneficial"
STATE_VISIT = "Let us make President Xi Jinping’s state visit to Japan an opportunity"


def recorded(path: Path, manager) -> Meeting:
    """The meeting of ``path`` imported and confirmed with every proposal."""
    text = path.read_text(encoding="utf-8")
    draft = services.store_draft(parsed=parse_readout(text), readout=text)
    return services.confirm_import(
        meeting=draft, accepted=list(draft.commitments.all()), author=manager
    )


def align_url(meeting: Meeting, readout: Readout) -> str:
    return reverse("readout-align", args=[meeting.pk, readout.pk])


def align_data(response, **changes) -> dict:
    form = response.context["form"]
    data = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = str(value)
    for key, value in changes.items():
        if value is None:
            data.pop(f"align-{key}", None)
        else:
            data[f"align-{key}"] = value
    return data


def alone_index(response, start: str) -> int:
    return next(
        index
        for index, proposal in enumerate(response.context["form"].alone)
        if proposal.text.startswith(start)
    )


# Upload: a readout of a meeting already recorded is flagged and attached --------------------


def test_a_counterparts_readout_of_a_recorded_meeting_is_flagged_with_a_link_and_stores_nothing(
    manager, manager_client
):
    meeting = recorded(MUNICH_JP, manager)

    response = manager_client.post(START, {"text": MUNICH_CN.read_text(encoding="utf-8")})

    assert response.status_code == 409
    assert response.context["recorded"] == meeting
    html = response.content.decode()
    assert meeting.get_absolute_url() in html
    assert f'value="attach:{meeting.pk}"' in html
    assert Meeting.objects.count() == 1
    assert meeting.readouts.count() == 1


def test_the_reviewer_attaches_their_readout_confirms_the_alignment_and_sees_them_side_by_side(
    manager, manager_client
):
    meeting = recorded(MUNICH_JP, manager)
    text = MUNICH_CN.read_text(encoding="utf-8")

    attached = manager_client.post(START, {"text": text, "intent": f"attach:{meeting.pk}"})

    assert attached.status_code == 302
    theirs = meeting.readouts.get(order=1)
    assert (theirs.publisher.code, theirs.language) == ("CN", "en")
    assert attached["Location"] == align_url(meeting, theirs)
    assert Meeting.objects.count() == 1
    page = manager_client.get(align_url(meeting, theirs))
    assert page.status_code == 200
    proposed = {p.commitment.text: p for p in page.context["form"].proposals}
    asks = next(t for t in proposed if t.startswith("Japan asks China to continue"))
    assert proposed[asks].paragraph == "4"
    assert "control the spread" in proposed[asks].text
    pledge = alone_index(page, CN_PLEDGE)

    saved = manager_client.post(
        align_url(meeting, theirs),
        align_data(page, **{f"alone_{pledge}": "on"}),
    )

    assert saved.status_code == 302
    reported_by_both = Commitment.objects.get(meeting=meeting, text=asks)
    assert reported_by_both.excerpts.filter(readout=theirs, paragraph="4").exists()
    pledge_made = Commitment.objects.get(meeting=meeting, text__startswith=CN_PLEDGE)
    assert pledge_made.review == Review.CONFIRMED
    assert [e.readout for e in pledge_made.excerpts.all()] == [theirs]
    one_side = Commitment.objects.reported(Reported.ONE_SIDE)
    assert pledge_made in Commitment.objects.reported(Reported.THEIRS_ONLY)
    assert reported_by_both in Commitment.objects.reported(Reported.BOTH)
    state_visit = Commitment.objects.get(meeting=meeting, text__startswith=STATE_VISIT)
    assert state_visit in Commitment.objects.reported(Reported.OURS_ONLY)
    assert set(one_side) == {
        *Commitment.objects.reported(Reported.OURS_ONLY),
        *Commitment.objects.reported(Reported.THEIRS_ONLY),
    }

    page = manager_client.get(meeting.get_absolute_url())
    aligned = page.context["aligned"]
    assert aligned.compared
    assert [r.publisher.code for r in aligned.readouts] == ["JP", "CN"]
    assert [row.commitment for row in aligned.both] == [reported_by_both]
    assert state_visit in [row.commitment for row in aligned.ours_only]
    assert [row.commitment for row in aligned.theirs_only] == [pledge_made]
    row = aligned.theirs_only[0]
    assert row.cells[0] == []
    assert row.cells[1][0].text.startswith(CN_PLEDGE)
    html = page.content.decode()
    assert 'id="reported-both"' in html
    assert 'id="reported-ours-only"' in html
    assert 'id="reported-theirs-only"' in html
    assert "in their readout only" in html


def test_the_seoul_pair_aligns_strategic_communication_reported_by_both(manager):
    meeting = recorded(SEOUL_KR, manager)
    text = SEOUL_CN.read_text(encoding="utf-8")
    theirs = services.attach_readout(meeting=meeting, parsed=parse_readout(text), text=text)

    response_proposals = _proposals(meeting, theirs)

    communication = next(c for c in response_proposals if "strategic communication" in c.text)
    assert response_proposals[communication].paragraph == "3"
    assert "high-level exchanges and strategic communication" in (
        response_proposals[communication].text
    )
    services.report_commitments(
        readout=theirs,
        reports=[services.Report(c, p.paragraph, p.text) for c, p in response_proposals.items()],
    )
    both = Commitment.objects.reported(Reported.BOTH)
    assert communication in both
    parliaments = Commitment.objects.get(meeting=meeting, text__contains="inter-parliamentary")
    assert parliaments in Commitment.objects.reported(Reported.ONE_SIDE)
    # Neither readout is ours (KR's and CN's): what one of them alone reports is theirs.
    assert not Commitment.objects.reported(Reported.OURS_ONLY).exists()


def _proposals(meeting: Meeting, readout: Readout) -> dict:
    from meetings.importing import matching

    parsed = matching.read_again(readout)
    proposals, _alone = matching.propose_reports(
        parsed, readout.language, meeting.commitments.all()
    )
    return {proposal.commitment: proposal for proposal in proposals}


def test_the_washington_pair_attaches_an_undated_readout_by_the_command(manager):
    meeting = recorded(WASHINGTON_JP, manager)
    out = io.StringIO()

    call_command(
        "import_readout", str(WASHINGTON_US), "--attach", str(meeting.pk), "--json", stdout=out
    )

    result = json.loads(out.getvalue())
    assert result["attached_to"] == meeting.pk
    theirs = Readout.objects.get(pk=result["stored_readout"])
    assert (theirs.meeting, theirs.publisher.code) == (meeting, "US")
    reports = {report["commitment"]: report for report in result["reports"]}
    denuclearisation = Commitment.objects.get(meeting=meeting, text__contains="denuclearization")
    assert (
        "shared commitment to the complete denuclearization"
        in (reports[denuclearisation.pk]["text"])
    )
    assert not theirs.excerpts.exists()  # proposed, for the reviewer to confirm


def test_the_japanese_summit_pair_aligns_by_shared_characters(manager):
    meeting = recorded(SUMMIT_JP, manager)
    text = SUMMIT_CN.read_text(encoding="utf-8")
    theirs = services.attach_readout(meeting=meeting, parsed=parse_readout(text), text=text)

    proposals = _proposals(meeting, theirs)

    anniversary = Commitment.objects.get(meeting=meeting, text__contains="50周年")
    assert theirs.language == "ja"
    assert "国交正常化50周年" in proposals[anniversary].text
    assert proposals[anniversary].paragraph == "2"


def test_a_japanese_readout_aligns_with_english_commitments_through_bilingual_names(manager):
    china = PartyFactory(code="CN")
    mechanism = services.save_reference(
        record=Mechanism(),
        fields={"name": "Japan-China Security Dialogue", "name_ja": "日中安全保障対話"},
    )
    ours = ReadoutFactory(meeting__parties=[PartyFactory(code="JP"), china])
    commitment = CommitmentFactory(
        meeting=ours.meeting,
        title="Hold the Japan-China Security Dialogue at an early date",
        mechanism=mechanism,
    )
    ExcerptFactory(readout=ours, commitment=commitment)
    japanese = (
        "日中外相会談\n\n令和5年11月25日\n\n"
        "11月25日、上川陽子外務大臣は、王毅中国外交部長と会談を行ったところ、概要以下のとおり。\n\n"
        "1 両外相は、日中安全保障対話を早期に開催することで一致した。\n"
    )
    theirs = services.attach_readout(
        meeting=ours.meeting, parsed=parse_readout(japanese), text=japanese
    )

    proposals = _proposals(ours.meeting, theirs)

    assert "日中安全保障対話" in proposals[commitment].text
    assert proposals[commitment].paragraph == "1"


# The mark, the filter, the API and the briefing ------------------------------------------------


@pytest.fixture
def compared(db):
    """A meeting with our readout and China's: one commitment reported by both, one by ours
    only, one by theirs only."""
    japan, china = PartyFactory(code="JP"), PartyFactory(code="CN")
    ours = ReadoutFactory(meeting__parties=[japan, china], publisher=japan)
    theirs = ReadoutFactory(meeting=ours.meeting, publisher=china, text="China's account.")
    both = CommitmentFactory(meeting=ours.meeting, title="Both report this")
    ours_only = CommitmentFactory(meeting=ours.meeting, title="Only we report this")
    theirs_only = CommitmentFactory(meeting=ours.meeting, title="Only they report this")
    ExcerptFactory(readout=ours, commitment=both, paragraph="1")
    ExcerptFactory(readout=theirs, commitment=both, paragraph="2")
    ExcerptFactory(readout=ours, commitment=ours_only)
    ExcerptFactory(readout=theirs, commitment=theirs_only)
    return {"both": both, "ours_only": ours_only, "theirs_only": theirs_only}


def test_the_list_filters_commitments_reported_by_one_side_only(viewer_client, compared):
    response = viewer_client.get(reverse("commitment-list"), {"reported": "one_side"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Only we report this" in html
    assert "Only they report this" in html
    assert "Both report this" not in html
    assert "in our readout only" in html
    assert "in their readout only" in html


def test_the_list_refuses_an_unknown_side(viewer_client, compared):
    response = viewer_client.get(reverse("commitment-list"), {"reported": "everyone"})

    assert response.status_code == 422


def test_the_api_filters_and_shows_which_sides_report_a_commitment(viewer_api, compared):
    response = viewer_api.get("/api/v1/commitments/", {"reported": "theirs_only"})

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["title"] for row in rows] == ["Only they report this"]
    assert rows[0]["reported"] == "theirs_only"
    assert [(e["publisher"], e["paragraph"]) for e in rows[0]["reported_by"]] == [("CN", "3")]
    both = viewer_api.get(f"/api/v1/commitments/{compared['both'].pk}/").json()
    assert both["reported"] == "both"
    assert [e["publisher"] for e in both["reported_by"]] == ["JP", "CN"]


def test_the_api_answers_400_to_an_unknown_side(viewer_api, compared):
    response = viewer_api.get("/api/v1/commitments/", {"reported": "everyone"})

    assert response.status_code == 400
    assert "reported" in response.json()


def test_the_counterparts_briefing_marks_what_one_side_reported(viewer_client, compared):
    response = viewer_client.get(reverse("briefing", args=["CN"]))

    assert response.status_code == 200
    assert response.context["one_side"] == 2
    html = response.content.decode()
    assert "in our readout only" in html
    assert "in their readout only" in html
    assert "reported=one_side" in html


def test_a_meeting_with_one_sides_readout_marks_nothing(viewer_client, db):
    readout = ReadoutFactory()
    ExcerptFactory(readout=readout)

    assert not Commitment.objects.reported(Reported.ONE_SIDE).exists()
    page = viewer_client.get(readout.meeting.get_absolute_url())
    assert page.status_code == 200
    assert not page.context["aligned"].compared


# The alignment page's doors ------------------------------------------------------------------


@pytest.fixture
def attached(compared):
    meeting = compared["both"].meeting
    return meeting, meeting.readouts.get(order=1)


@pytest.mark.parametrize("client_name", ["viewer_client", "editor_client"])
def test_only_a_manager_aligns_a_readout(request, client_name, attached):
    meeting, readout = attached
    client = request.getfixturevalue(client_name)

    assert client.get(align_url(meeting, readout)).status_code == 403
    assert client.post(align_url(meeting, readout), {}).status_code == 403


def test_aligning_asks_an_anonymous_visitor_to_sign_in(client, attached):
    meeting, readout = attached

    response = client.get(align_url(meeting, readout))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_readout_of_another_meeting_is_not_found(manager_client, attached):
    meeting, _readout = attached
    other = ReadoutFactory()

    assert manager_client.get(align_url(meeting, other)).status_code == 404


def test_aligning_answers_405_to_put(manager_client, attached):
    meeting, readout = attached

    assert manager_client.put(align_url(meeting, readout)).status_code == 405


def test_a_commitment_recorded_from_their_readout_needs_a_title(manager, manager_client):
    meeting = recorded(MUNICH_JP, manager)
    text = MUNICH_CN.read_text(encoding="utf-8")
    theirs = services.attach_readout(meeting=meeting, parsed=parse_readout(text), text=text)
    page = manager_client.get(align_url(meeting, theirs))
    pledge = alone_index(page, CN_PLEDGE)
    before = ReadoutExcerpt.objects.count()

    response = manager_client.post(
        align_url(meeting, theirs),
        align_data(page, **{f"alone_{pledge}": "on", f"alone_title_{pledge}": " "}),
    )

    assert response.status_code == 422
    assert response.context["form"].errors[f"alone_title_{pledge}"]
    assert ReadoutExcerpt.objects.count() == before


# The command ----------------------------------------------------------------------------------


def test_the_command_names_the_recorded_meeting_and_stores_nothing_without_attach(manager):
    meeting = recorded(MUNICH_JP, manager)

    with pytest.raises(CommandError, match=f"reports meeting #{meeting.pk}"):
        call_command("import_readout", str(MUNICH_CN), stdout=io.StringIO())

    assert Meeting.objects.count() == 1
    assert meeting.readouts.count() == 1


def test_the_command_attaches_to_the_recorded_meeting_it_finds(manager):
    meeting = recorded(MUNICH_JP, manager)
    out = io.StringIO()

    call_command("import_readout", str(MUNICH_CN), "--attach", stdout=out)

    assert meeting.readouts.count() == 2
    assert f"/meetings/import/{meeting.pk}/readouts/" in out.getvalue()


def test_the_command_stores_a_new_meeting_when_told(manager):
    recorded(MUNICH_JP, manager)

    call_command("import_readout", str(MUNICH_CN), "--new", stdout=io.StringIO())

    assert Meeting.objects.count() == 2


def test_the_command_refuses_a_meeting_that_does_not_exist(db):
    with pytest.raises(CommandError, match="there is no meeting #99999"):
        call_command("import_readout", str(MUNICH_CN), "--attach", "99999", stdout=io.StringIO())

    assert Readout.objects.count() == 0


def test_a_readout_attached_twice_is_refused(manager):
    meeting = recorded(MUNICH_JP, manager)
    text = MUNICH_CN.read_text(encoding="utf-8")
    services.attach_readout(meeting=meeting, parsed=parse_readout(text), text=text)

    with pytest.raises(CommandError, match="already imported"):
        call_command("import_readout", str(MUNICH_CN), "--attach", stdout=io.StringIO())

    assert meeting.readouts.count() == 2


def test_the_first_readout_keeps_the_meetings_date_order(db):
    first = ReadoutFactory(meeting__held_on=datetime.date(2020, 2, 15))

    assert first.order == 0
    assert ReadoutFactory(meeting=first.meeting).order == 1


def test_a_readout_attached_after_the_list_was_drawn_marks_its_rows(
    cache_on, manager, viewer_client
):
    """With a real cache: rows drawn before the counterpart's readout came are keyed by the
    scopes ``attach_readout`` and ``report_commitments`` move."""
    meeting = recorded(MUNICH_JP, manager)
    before = viewer_client.get(reverse("commitment-list")).content.decode()
    text = MUNICH_CN.read_text(encoding="utf-8")
    theirs = services.attach_readout(meeting=meeting, parsed=parse_readout(text), text=text)
    services.report_commitments(
        readout=theirs,
        reports=[
            services.Report(c, p.paragraph, p.text) for c, p in _proposals(meeting, theirs).items()
        ],
    )

    after = viewer_client.get(reverse("commitment-list")).content.decode()

    assert "in our readout only" not in before
    assert "in our readout only" in after
