"""Every page of the staff web app, for every role: who sees what, and what is refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from meetings import services
from meetings.models import Commitment, Meeting
from meetings.status import Effect, Kind, Status
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    RequestFactory,
    TopicFactory,
    home_party,
)


@pytest.fixture
def busan(db):
    """The Busan meeting with a few of its commitments, a mechanism and a topic."""
    china = PartyFactory(code="CN")
    mechanism = MechanismFactory(name="Japan-China Security Dialogue")
    meeting = MeetingFactory(
        held_on=datetime.date(2023, 11, 25),
        parties=[home_party(), china],
        readout="Foreign Minister Kamikawa held a meeting with Mr. Wang Yi.",
    )
    AttendanceFactory(
        meeting=meeting, person=PersonFactory(name="KAMIKAWA Yoko", party=home_party())
    )
    security = TopicFactory(slug="security", name="Security")
    CommitmentFactory(
        meeting=meeting,
        title="Hold the Japan-China Security Dialogue at an early date",
        mechanism=mechanism,
        topics=[security],
        target="at an early date",
    )
    RequestFactory(meeting=meeting, title="Release the detained Japanese nationals early")
    CommitmentFactory(meeting=meeting, title="Continue close communication", continuing=True)
    return meeting


@pytest.fixture
def commitment(busan):
    return Commitment.objects.get(title__startswith="Hold the Japan-China Security")


def pages(busan) -> dict[str, str]:
    commitment = busan.commitments.order_by("id").first()
    return {
        "dashboard": reverse("dashboard"),
        "commitment list": reverse("commitment-list"),
        "commitment export": reverse("commitment-export"),
        "commitment page": reverse("commitment-detail", args=[commitment.pk]),
        "meeting list": reverse("meeting-list"),
        "meeting page": reverse("meeting-detail", args=[busan.pk]),
        "briefing": reverse("briefing", args=["CN"]),
    }


PAGE_NAMES = [
    "dashboard",
    "commitment list",
    "commitment export",
    "commitment page",
    "meeting list",
    "meeting page",
    "briefing",
]


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_anonymous_visitor_is_sent_to_login_for_every_page(client, busan, page):
    url = pages(busan)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGE_NAMES)
@pytest.mark.parametrize("role", ["viewer", "editor", "manager"])
def test_every_role_can_read_every_page(request, busan, page, role):
    client = request.getfixturevalue(f"{role}_client")
    response = client.get(pages(busan)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_user_without_a_role_is_refused_every_page_with_a_readable_403(
    outsider_client, busan, page
):
    response = outsider_client.get(pages(busan)[page])
    assert response.status_code == 403
    assert b"You are not allowed to do this" in response.content


@pytest.mark.parametrize("page", ["dashboard", "commitment list", "meeting page", "briefing"])
def test_pages_refuse_post_with_405(viewer_client, busan, page):
    assert viewer_client.post(pages(busan)[page]).status_code == 405


def test_login_page_is_shown_to_anonymous_visitors(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_user_can_sign_in_and_lands_on_the_dashboard(client, viewer):
    response = client.post(
        reverse("login"),
        {"username": "vera", "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert b"Open commitments" in response.content


def test_wrong_password_shows_an_error(client, viewer):
    response = client.post(reverse("login"), {"username": "vera", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_user_can_sign_out(viewer_client):
    response = viewer_client.post(reverse("logout"))
    assert response.status_code == 302
    assert viewer_client.get(reverse("dashboard")).status_code == 302


def test_signed_in_user_can_change_password(viewer_client, viewer):
    assert viewer_client.get(reverse("password_change")).status_code == 200
    response = viewer_client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a much longer new passphrase 42",
            "new_password2": "a much longer new passphrase 42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    viewer.refresh_from_db()
    assert viewer.check_password("a much longer new passphrase 42")
    # Every session ends with the old password, this one too: sign in with the new one.
    assert viewer_client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize(
    "name,args",
    [
        ("commitment-detail", [999_999]),
        ("meeting-detail", [999_999]),
        ("briefing", ["ZZ"]),
        ("briefing", ["JP"]),
    ],
)
def test_missing_records_answer_404_with_a_readable_page(viewer_client, db, name, args):
    home_party()
    response = viewer_client.get(reverse(name, args=args))
    assert response.status_code == 404
    assert b"Not found" in response.content


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "due_after=not-a-date",
        "counterpart=ZZ",
        "overdue=perhaps",
        "reaffirmed_without_moving=0",
        "age=ancient",
        "ordering=secret",
    ],
)
def test_commitment_list_answers_422_with_the_error_on_bad_filter_input(
    viewer_client, busan, query
):
    response = viewer_client.get(f"{reverse('commitment-list')}?{query}")
    assert response.status_code == 422
    assert b"could not be understood" in response.content


def test_csv_export_answers_422_on_bad_filter_input(viewer_client, busan):
    response = viewer_client.get(f"{reverse('commitment-export')}?due_before=yesterday")
    assert response.status_code == 422


@pytest.mark.parametrize("query", ["year=abc", "kind=picnic", "counterpart=ZZ"])
def test_meeting_list_answers_422_on_bad_filter_input(viewer_client, busan, query):
    response = viewer_client.get(f"{reverse('meeting-list')}?{query}")
    assert response.status_code == 422
    assert b"could not be understood" in response.content


# Dashboard ------------------------------------------------------------------------------------


def test_dashboard_shows_each_figure_linked_to_its_list(viewer_client, busan):
    response = viewer_client.get(reverse("dashboard"))
    html = response.content.decode()
    assert 'data-figure="open_total"' in html
    assert f'href="{reverse("commitment-list")}?overdue=true"' in html
    assert "?counterpart=CN&amp;open=true" in html
    assert "Japan-China Security Dialogue" in html
    assert html.count("<svg") >= 2


def test_dashboard_leaves_drafts_out(viewer_client, busan):
    before = viewer_client.get(reverse("dashboard")).context["figures"]["open_total"]
    CommitmentFactory(meeting=busan, review="draft")
    after = viewer_client.get(reverse("dashboard")).context["figures"]["open_total"]
    assert before == after == 3


# Commitment list ------------------------------------------------------------------------------


def test_commitment_list_shows_the_count_and_the_rows(viewer_client, busan):
    response = viewer_client.get(reverse("commitment-list"), {"counterpart": "CN"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    assert b"Release the detained Japanese nationals early" in response.content


def list_row(html: str, commitment: Commitment) -> str:
    start = html.rindex("<tr>", 0, html.index(f'href="/commitments/{commitment.pk}/"'))
    return html[start : html.index("</tr>", start) + len("</tr>")]


def test_a_list_row_shows_the_commitment_its_parties_dates_and_who_owns_it(viewer_client, editor):
    meeting = MeetingFactory(
        held_on=datetime.date(2025, 3, 2),
        parties=[home_party(), PartyFactory(code="CN"), PartyFactory(code="KR")],
    )
    commitment = CommitmentFactory(
        meeting=meeting,
        paragraph="4 (2)",
        title="Hold the <Security> Dialogue",
        due_on=datetime.date(2025, 6, 30),
        priority="high",
        owner=DivisionFactory(code="CHN", name="China and Mongolia Division"),
        assignee=editor,
        topics=[
            TopicFactory(slug="security", name="Security"),
            TopicFactory(slug="exchanges", name="Exchanges"),
        ],
    )
    quiet = CommitmentFactory(meeting=meeting, status=Status.FULFILLED, paragraph="5")

    html = viewer_client.get(reverse("commitment-list")).content.decode()

    assert list_row(html, commitment) == (
        f'<tr>\n  <td class="cell-main"><a href="/commitments/{commitment.pk}/">'
        "Hold the &lt;Security&gt; Dialogue</a>\n"
        '    <div class="tags"><span class="tag">Exchanges</span><span class="tag">Security'
        "</span></div></td>\n"
        '  <td data-label="Status"><span class="badge status-open">open</span></td>\n'
        '  <td data-label="Who must act"><abbr title="China">CN</abbr>, '
        '<abbr title="Japan">JP</abbr>, <abbr title="Republic of Korea">KR</abbr></td>\n'
        f'  <td data-label="Made at"><a href="/meetings/{meeting.pk}/">2 Mar 2025</a> '
        '<span class="muted">¶4 (2)</span></td>\n'
        '  <td data-label="Expected by">30 Jun 2025 <span class="badge overdue">overdue</span>'
        "</td>\n"
        '  <td data-label="Last activity">2 Mar 2025 <span class="badge stale">stale</span></td>\n'
        '  <td data-label="Priority">high</td>\n'
        '  <td data-label="Owner">CHN <span class="muted">eddie</span></td>\n'
        "</tr>"
    )
    assert list_row(html, quiet) == (
        f'<tr>\n  <td class="cell-main"><a href="/commitments/{quiet.pk}/">{quiet.title}</a>\n'
        '    <div class="tags"></div></td>\n'
        '  <td data-label="Status"><span class="badge status-fulfilled">fulfilled</span></td>\n'
        '  <td data-label="Who must act"><abbr title="China">CN</abbr>, '
        '<abbr title="Japan">JP</abbr>, <abbr title="Republic of Korea">KR</abbr></td>\n'
        f'  <td data-label="Made at"><a href="/meetings/{meeting.pk}/">2 Mar 2025</a> '
        '<span class="muted">¶5</span></td>\n'
        '  <td data-label="Expected by"><span class="muted">—</span></td>\n'
        '  <td data-label="Last activity">2 Mar 2025</td>\n'
        '  <td data-label="Priority">normal</td>\n'
        '  <td data-label="Owner">—</td>\n'
        "</tr>"
    )


def test_commitment_list_hides_drafts_unless_asked(viewer_client, busan):
    CommitmentFactory(meeting=busan, review="draft", title="A proposed draft")
    assert b"A proposed draft" not in viewer_client.get(reverse("commitment-list")).content
    response = viewer_client.get(reverse("commitment-list"), {"review": "draft"})
    assert b"A proposed draft" in response.content


def test_commitment_list_filters_by_free_text_over_title_and_text(viewer_client, busan):
    response = viewer_client.get(reverse("commitment-list"), {"q": "detained"})
    assert response.context["page"].paginator.count == 1


def test_a_desk_officer_picks_whose_commitments_to_list_by_name(
    viewer_client, busan, commitment, editor
):
    Commitment.objects.filter(pk=commitment.pk).update(assignee=editor)
    page = viewer_client.get(reverse("commitment-list"))
    select = page.content.decode().split('name="assignee"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{editor.pk}">eddie</option>' in select
    assert "vera" in select  # every user, not only those with work assigned
    mine = viewer_client.get(reverse("commitment-list"), {"assignee": editor.pk})
    assert [c.pk for c in mine.context["page"]] == [commitment.pk]
    unknown = viewer_client.get(reverse("commitment-list"), {"assignee": 999999999})
    assert unknown.status_code == 422


def test_commitment_list_sorts_by_a_column(viewer_client, busan):
    response = viewer_client.get(reverse("commitment-list"), {"ordering": "-title"})
    titles = [c.title for c in response.context["page"].object_list]
    assert titles == sorted(titles, reverse=True)
    assert b'aria-sort="descending"' in response.content


def test_sorting_by_a_column_pages_through_ties_in_one_order(viewer_client, busan, monkeypatch):
    monkeypatch.setattr("meetings.web.views.PAGE_SIZE", 2)
    tied = CommitmentFactory.create_batch(5, meeting=busan, title="Exchange letters on fisheries")
    shown = []
    for number in (1, 2, 3):
        page = viewer_client.get(
            reverse("commitment-list"),
            {"ordering": "title", "q": "letters on fisheries", "page": number},
        ).context["page"]
        shown += [c.pk for c in page.object_list]
    assert shown == sorted(c.pk for c in tied)


def test_commitment_list_paginates(viewer_client, busan):
    CommitmentFactory.create_batch(55, meeting=busan)
    first = viewer_client.get(reverse("commitment-list"))
    assert len(first.context["page"].object_list) == 50
    second = viewer_client.get(reverse("commitment-list"), {"page": 2})
    assert len(second.context["page"].object_list) == 8


def test_htmx_filtering_returns_only_the_results_fragment(viewer_client, busan):
    response = viewer_client.get(
        reverse("commitment-list"), {"kind": Kind.REQUEST}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="result-count"' in response.content
    assert response.context["page"].paginator.count == 1


# Commitment page and recording updates --------------------------------------------------------


def test_commitment_page_shows_text_meeting_and_timeline(viewer_client, commitment):
    response = viewer_client.get(commitment.get_absolute_url())
    html = response.content.decode()
    assert commitment.text in html
    assert commitment.meeting.get_absolute_url() in html
    assert "Timeline" in html


def test_commitment_page_shows_what_it_reaffirms_and_replaces_and_what_followed_it(
    viewer_client, commitment
):
    earlier = CommitmentFactory(title="Earlier pledge", meeting=commitment.meeting)
    replaced = CommitmentFactory(title="Replaced pledge", meeting=commitment.meeting)
    Commitment.objects.filter(pk=commitment.pk).update(reaffirms=earlier)
    Commitment.objects.filter(pk=replaced.pk).update(superseded_by=commitment)
    later = CommitmentFactory(title="Later pledge", reaffirms=commitment)
    successor = CommitmentFactory(title="Successor pledge")
    Commitment.objects.filter(pk=commitment.pk).update(superseded_by=successor)
    html = viewer_client.get(commitment.get_absolute_url()).content.decode()

    def fact(term: str) -> str:
        return html.split(f"<dt>{term}</dt><dd>", 1)[1].split("</dd>", 1)[0]

    assert earlier.get_absolute_url() in fact("Reaffirms")
    assert "Earlier pledge" in fact("Reaffirms")
    assert later.get_absolute_url() in fact("Reaffirmed by")
    assert "Later pledge" in fact("Reaffirmed by")
    assert "Successor pledge" in fact("Superseded by")
    assert "Replaced pledge" in fact("Replaces")
    assert "Earlier pledge" not in fact("Reaffirmed by")


def test_commitment_page_without_lineage_says_so(viewer_client, commitment):
    html = viewer_client.get(commitment.get_absolute_url()).content.decode()
    assert "<dt>Reaffirms</dt><dd>—</dd>" in html
    assert "<dt>Reaffirmed by</dt><dd>—</dd>" in html
    assert "Superseded by" not in html
    assert "<dt>Replaces</dt>" not in html


def test_viewer_sees_no_update_form(viewer_client, commitment):
    response = viewer_client.get(commitment.get_absolute_url())
    assert b'id="update-form"' not in response.content


def test_editor_sees_the_update_form_offering_only_allowed_moves(editor_client, commitment):
    response = editor_client.get(commitment.get_absolute_url())
    form = response.context["form"]
    offered = {value for value, _ in form.fields["status"].choices if value}
    assert offered == {"in_progress", "stalled", "fulfilled", "superseded", "dropped"}
    assert b'id="update-form"' in response.content
    assert b"new_meeting_title" in response.content


def update_url(commitment) -> str:
    return reverse("commitment-record-update", args=[commitment.pk])


def test_viewer_cannot_record_an_update(viewer_client, commitment):
    response = viewer_client.post(
        update_url(commitment), {"status": "in_progress", "version": commitment.version}
    )
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == Status.OPEN
    assert not commitment.updates.exists()


def test_anonymous_post_of_an_update_is_sent_to_login(client, commitment):
    response = client.post(update_url(commitment), {"status": "in_progress", "version": 1})
    assert response.status_code == 302
    assert not commitment.updates.exists()


def test_recording_an_update_answers_405_to_get(editor_client, commitment):
    assert editor_client.get(update_url(commitment)).status_code == 405


def test_recording_an_update_on_a_missing_commitment_is_404(editor_client, db):
    response = editor_client.post(reverse("commitment-record-update", args=[999_999]), {})
    assert response.status_code == 404


def test_editor_can_mark_commitment_in_progress(editor_client, commitment):
    response = editor_client.post(
        update_url(commitment),
        {"status": "in_progress", "note": "Dates under discussion.", "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == commitment.get_absolute_url()
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS
    assert commitment.updates.get().note == "Dates under discussion."


def test_editor_can_mark_commitment_fulfilled_linking_an_existing_later_meeting(
    editor_client, commitment
):
    later = MeetingFactory(held_on=datetime.date(2024, 12, 25), title="Later dialogue")
    response = editor_client.post(
        update_url(commitment),
        {
            "status": "fulfilled",
            "effect": Effect.FULFILLED,
            "meeting": later.pk,
            "note": "The dialogue was held.",
            "version": 1,
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Status.FULFILLED
    update = commitment.updates.get()
    assert update.meeting == later
    assert update.happened_on == later.held_on


def test_closing_without_a_note_is_refused_with_the_error_and_nothing_saved(
    editor_client, commitment
):
    response = editor_client.post(update_url(commitment), {"status": "dropped", "version": 1})
    assert response.status_code == 422
    assert b"closing needs a note" in response.content
    commitment.refresh_from_db()
    assert commitment.status == Status.OPEN
    assert not commitment.updates.exists()


def test_a_move_the_workflow_forbids_is_refused(editor_client, busan):
    continuing = Commitment.objects.get(continuing=True)
    response = editor_client.post(
        update_url(continuing), {"status": "fulfilled", "note": "done", "version": 1}
    )
    assert response.status_code == 422
    continuing.refresh_from_db()
    assert continuing.status == Status.OPEN


def test_a_concurrent_change_is_shown_and_what_was_typed_is_kept(editor_client, editor, commitment):
    from meetings.services import record_update

    record_update(commitment=commitment, author=editor, status="stalled", note="Beijing declined.")
    response = editor_client.post(
        update_url(commitment),
        {"status": "in_progress", "note": "My careful note.", "version": 1},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by someone else" in html
    assert "Beijing declined." in html
    assert "My careful note." in html
    assert response.context["form"]["version"].value() == "2"
    commitment.refresh_from_db()
    assert commitment.status == Status.STALLED
    assert commitment.updates.count() == 1


def test_saving_again_after_a_conflict_records_the_update(editor_client, editor, commitment):
    from meetings.services import record_update

    record_update(commitment=commitment, author=editor, status="stalled", note="Declined.")
    response = editor_client.post(
        update_url(commitment), {"status": "in_progress", "note": "Talks resumed.", "version": 2}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Status.IN_PROGRESS


def test_htmx_update_swaps_the_panel_with_the_new_timeline(editor_client, commitment):
    response = editor_client.post(
        update_url(commitment),
        {"status": "in_progress", "note": "Preparations started.", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Preparations started." in html
    assert "Update recorded." in html
    assert response.context["form"]["version"].value() == 2


def test_editor_can_create_the_later_meeting_on_the_spot(editor_client, editor, commitment):
    china = PartyFactory(code="CN")
    response = editor_client.post(
        update_url(commitment),
        {
            "status": "fulfilled",
            "effect": Effect.FULFILLED,
            "note": "The dialogue was held in Beijing.",
            "new_meeting_title": "Japan-China Security Dialogue",
            "new_meeting_kind": "dialogue_session",
            "new_meeting_held_on": "2024-12-25",
            "new_meeting_parties": [home_party().pk, china.pk],
            "version": 1,
        },
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Status.FULFILLED
    update = commitment.updates.get()
    assert update.meeting.title == "Japan-China Security Dialogue"
    assert update.meeting.held_on == datetime.date(2024, 12, 25)
    assert update.happened_on == datetime.date(2024, 12, 25)
    assert {p.code for p in update.meeting.parties.all()} == {"JP", "CN"}


def test_a_refused_update_leaves_no_new_meeting_behind(editor_client, commitment):
    meetings_before = Meeting.objects.count()
    response = editor_client.post(
        update_url(commitment),
        {
            "status": "fulfilled",
            "effect": Effect.FULFILLED,
            "note": "",  # closing needs a note: the whole action is refused
            "new_meeting_title": "Japan-China Security Dialogue",
            "new_meeting_kind": "dialogue_session",
            "new_meeting_held_on": "2024-12-25",
            "new_meeting_parties": [home_party().pk, PartyFactory(code="CN").pk],
            "version": 1,
        },
    )
    assert response.status_code == 422
    assert Meeting.objects.count() == meetings_before
    assert not commitment.updates.exists()


def test_a_new_meeting_before_the_commitment_was_made_is_refused(editor_client, commitment):
    response = editor_client.post(
        update_url(commitment),
        {
            "effect": Effect.DISCUSSED,
            "new_meeting_title": "An earlier chat",
            "new_meeting_kind": "telephone",
            "new_meeting_held_on": "2020-01-01",
            "new_meeting_parties": [home_party().pk, PartyFactory(code="CN").pk],
            "version": 1,
        },
    )
    assert response.status_code == 422
    assert not Meeting.objects.filter(title="An earlier chat").exists()


def test_the_meeting_search_offers_later_meetings_matching_the_words(editor_client, commitment):
    MeetingFactory(held_on=datetime.date(2024, 12, 25), title="People-to-People Dialogue")
    MeetingFactory(held_on=datetime.date(2020, 1, 1), title="People-to-People old")
    response = editor_client.get(
        reverse("meeting-options"), {"commitment": commitment.pk, "q": "people"}
    )
    assert response.status_code == 200
    assert b"People-to-People Dialogue" in response.content
    assert b"People-to-People old" not in response.content


def test_viewer_cannot_use_the_meeting_search(viewer_client, commitment):
    assert viewer_client.get(reverse("meeting-options")).status_code == 403


# Meetings -------------------------------------------------------------------------------------


def test_meeting_list_filters_by_counterpart_kind_and_year(viewer_client, busan):
    MeetingFactory(
        held_on=datetime.date(2024, 5, 1),
        parties=[home_party(), PartyFactory(code="KR")],
        kind="telephone",
    )
    response = viewer_client.get(reverse("meeting-list"), {"counterpart": "CN", "year": 2023})
    assert list(response.context["page"].object_list) == [busan]
    response = viewer_client.get(reverse("meeting-list"), {"kind": "telephone"})
    assert response.context["page"].paginator.count == 1


def test_meeting_page_shows_attendance_readout_and_commitments(viewer_client, busan):
    html = viewer_client.get(busan.get_absolute_url()).content.decode()
    assert "KAMIKAWA Yoko" in html
    assert "held a meeting with Mr. Wang Yi" in html
    assert "Release the detained Japanese nationals early" in html


def test_meeting_page_lists_follow_ups_recorded_there(viewer_client, editor, commitment):
    from meetings.services import record_update

    later = MeetingFactory(held_on=datetime.date(2024, 12, 1), title="Later meeting")
    record_update(
        commitment=commitment,
        author=editor,
        meeting=later,
        effect=Effect.REAFFIRMED,
        happened_on=later.held_on,
    )
    html = viewer_client.get(later.get_absolute_url()).content.decode()
    assert commitment.title in html
    assert "reaffirmed" in html


def test_editor_is_offered_open_commitments_of_the_same_mechanism_first(editor_client, busan):
    mechanism = Meeting.objects.get(pk=busan.pk).commitments.get(mechanism__isnull=False).mechanism
    later = MeetingFactory(
        held_on=datetime.date(2024, 12, 1), mechanism=mechanism, title="Security Dialogue"
    )
    MeetingFactory(
        held_on=datetime.date(2023, 1, 1), parties=[home_party(), PartyFactory(code="KR")]
    )
    response = editor_client.get(later.get_absolute_url())
    candidates = response.context["candidates"]
    assert Commitment.objects.get(pk=candidates[0].pk).mechanism == mechanism
    assert [c.suggested for c in candidates] == [0, 1, 1]


def test_a_link_candidate_shows_its_title_meeting_date_status_and_whether_it_shares_the_mechanism(
    editor_client,
):
    dialogue = MechanismFactory(name="Japan-China Security Dialogue")
    made = MeetingFactory(held_on=datetime.date(2023, 11, 25))
    same = CommitmentFactory(
        meeting=made, mechanism=dialogue, title="Hold the <Security> Dialogue", paragraph="3"
    )
    other = CommitmentFactory(meeting=made, status=Status.STALLED, paragraph="4")
    later = MeetingFactory(held_on=datetime.date(2024, 12, 1), mechanism=dialogue)

    html = editor_client.get(later.get_absolute_url()).content.decode()

    assert (
        f'<li><input type="checkbox" name="commitments" value="{same.pk}" id="link-{same.pk}">\n'
        f'  <label for="link-{same.pk}">Hold the &lt;Security&gt; Dialogue <span class="muted">'
        "(25 Nov 2023, open, same mechanism)</span></label></li>"
    ) in html
    assert (
        f'<li><input type="checkbox" name="commitments" value="{other.pk}" id="link-{other.pk}">'
        f'\n  <label for="link-{other.pk}">{other.title} <span class="muted">'
        "(25 Nov 2023, stalled)</span></label></li>"
    ) in html
    assert html.index(f'id="link-{same.pk}"') < html.index(f'id="link-{other.pk}"')


def test_viewer_sees_no_link_form_on_a_meeting_page(viewer_client, busan):
    response = viewer_client.get(busan.get_absolute_url())
    assert response.context["can_link"] is False
    assert b"Link the chosen commitments" not in response.content


def test_editor_can_link_a_meeting_to_several_commitments(editor_client, busan):
    later = MeetingFactory(held_on=datetime.date(2024, 12, 1), title="Later talks")
    chosen = list(busan.commitments.filter(continuing=False))
    response = editor_client.post(
        reverse("meeting-link", args=[later.pk]),
        {"commitments": [c.pk for c in chosen], "effect": Effect.REAFFIRMED, "note": ""},
    )
    assert response.status_code == 302
    for c in chosen:
        assert c.updates.get().meeting == later


def test_linking_a_meeting_that_advanced_them_puts_them_in_progress(editor_client, busan):
    later = MeetingFactory(held_on=datetime.date(2024, 12, 1), title="Later talks")
    ordinary = busan.commitments.filter(continuing=False, status=Status.OPEN).first()
    continuing = busan.commitments.filter(continuing=True).first()

    response = editor_client.post(
        reverse("meeting-link", args=[later.pk]),
        {"commitments": [ordinary.pk, continuing.pk], "effect": Effect.ADVANCED, "note": ""},
    )

    assert response.status_code == 302
    ordinary.refresh_from_db()
    continuing.refresh_from_db()
    assert (ordinary.status, continuing.status) == (Status.IN_PROGRESS, Status.ONGOING)
    assert ordinary.updates.get().previous_status == Status.OPEN


def test_linking_fails_whole_when_one_commitment_refuses(editor_client, busan):
    later = MeetingFactory(held_on=datetime.date(2024, 12, 1), title="Later talks")
    response = editor_client.post(
        reverse("meeting-link", args=[later.pk]),
        {
            "commitments": [c.pk for c in busan.commitments.all()],
            "effect": Effect.FULFILLED,
            "note": "All done.",
        },
    )
    assert response.status_code == 422
    assert b"Continue close communication" in response.content
    assert not later.follow_ups.exists()


def test_viewer_cannot_link_a_meeting(viewer_client, busan):
    later = MeetingFactory(held_on=datetime.date(2024, 12, 1))
    response = viewer_client.post(
        reverse("meeting-link", args=[later.pk]),
        {"commitments": [c.pk for c in busan.commitments.all()], "effect": "discussed"},
    )
    assert response.status_code == 403
    assert not later.follow_ups.exists()


# Briefing -------------------------------------------------------------------------------------


def test_briefing_groups_open_commitments_by_topic_with_age(viewer_client, busan):
    response = viewer_client.get(reverse("briefing", args=["cn"]))
    html = response.content.decode()
    assert response.context["total"] == 3
    assert "Security" in html
    assert "No topic" in html
    assert "years ago" in html or "year ago" in html
    assert "print.css" in html


def briefing_row(html: str, commitment: Commitment) -> str:
    start = html.rindex("<tr>", 0, html.index(f'href="/commitments/{commitment.pk}/"'))
    return html[start : html.index("</tr>", start) + len("</tr>")]


def test_a_briefing_row_shows_what_was_agreed_who_acts_by_when_and_the_last_thing_that_happened(
    viewer_client, editor
):
    meeting = MeetingFactory(held_on=datetime.date(2024, 5, 26))
    request = RequestFactory(
        meeting=meeting,
        title="Lift the <import> restrictions",
        due_on=datetime.date(2025, 1, 31),
        owner=DivisionFactory(code="CHN", name="China and Mongolia Division"),
        assignee=editor,
        mechanism=MechanismFactory(name="Japan-China High-Level Economic Dialogue"),
        topics=[
            TopicFactory(slug="trade", name="Trade"),
            TopicFactory(slug="food-safety", name="Food safety"),
            TopicFactory(slug="fisheries", name="Fisheries"),
        ],
    )
    later = MeetingFactory(held_on=datetime.date(2025, 3, 22), title="Economic Dialogue")
    services.record_update(
        commitment=request,
        author=editor,
        expected_version=1,
        note="Raised & pressed again.",
        meeting=later,
        effect=Effect.DISCUSSED,
        happened_on=later.held_on,
    )
    quiet = CommitmentFactory(meeting=meeting, paragraph="5", title="Hold the dialogue")
    today = timezone.localdate()
    age = timesince(meeting.held_on, today)

    html = viewer_client.get(reverse("briefing", args=["CN"])).content.decode()

    assert briefing_row(html, request) == (
        f'<tr>\n  <td class="cell-main"><a href="/commitments/{request.pk}/">Lift the '
        '&lt;import&gt; restrictions</a><br><span class="muted">request, asked by JP · '
        "Japan-China High-Level Economic Dialogue · also: Food safety, Trade</span>\n"
        '    <br><span class="who-acts">Who must act: <abbr title="China">CN</abbr></span></td>\n'
        '  <td data-label="Status"><span class="badge status-open">open</span></td>\n'
        '  <td data-label="Expected by">31 Jan 2025 <span class="badge overdue">overdue</span>'
        "</td>\n"
        '  <td data-label="Owner">China and Mongolia Division<br><span class="muted">eddie</span>'
        "</td>\n"
        f'  <td data-label="Made">26 May 2024<br><span class="muted">{age} ago</span></td>\n'
        '  <td data-label="Last update">22 Mar 2025: Economic Dialogue — Raised &amp; pressed '
        "again.</td>\n"
        "</tr>"
    )
    assert briefing_row(html, quiet) == (
        f'<tr>\n  <td class="cell-main"><a href="/commitments/{quiet.pk}/">Hold the dialogue</a>'
        '<br><span class="muted">joint</span>\n'
        '    <br><span class="who-acts">Who must act: <abbr title="China">CN</abbr>, '
        '<abbr title="Japan">JP</abbr></span></td>\n'
        '  <td data-label="Status"><span class="badge status-open">open</span></td>\n'
        '  <td data-label="Expected by"><span class="muted">—</span></td>\n'
        '  <td data-label="Owner">—</td>\n'
        f'  <td data-label="Made">26 May 2024<br><span class="muted">{age} ago</span></td>\n'
        '  <td data-label="Last update"><span class="muted">nothing recorded since it was made'
        "</span></td>\n"
        "</tr>"
    )
    assert html.index("Fisheries</h2>") < html.index(f"/commitments/{request.pk}/")


def test_briefing_lists_a_commitment_with_two_topics_once(viewer_client, busan, commitment):
    commitment.topics.add(TopicFactory(slug="visits", name="Visits"))
    response = viewer_client.get(reverse("briefing", args=["CN"]))
    assert response.content.decode().count(commitment.title) == 1
    assert "also: Visits" in response.content.decode()


def test_each_filter_select_has_one_blank_choice_named_any(viewer_client):
    response = viewer_client.get(reverse("commitment-list"))

    form = response.context["filter"].form
    for name in ("kind", "age", "review", "overdue", "counterpart"):
        blanks = [label for value, label in form.fields[name].widget.choices if value == ""]
        assert blanks == ["any"], name
    assert "---------" not in response.content.decode()
