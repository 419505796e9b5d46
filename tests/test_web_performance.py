"""Pages stay bounded at ten years of data: no select of every meeting, cached figures, and
briefings and exports that do not load a model instance per related row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Commitment, Meeting, Party
from meetings.selectors import briefing
from meetings.status import Effect
from meetings.web.forms import MEETINGS_OFFERED, FollowUpForm
from tests.factories import CommitmentFactory, MeetingFactory, PartyFactory, home_party

FAR = datetime.date(2099, 1, 1)
FARTHER = datetime.date(2099, 6, 1)


@pytest.fixture
def commitment(db):
    return CommitmentFactory(meeting=MeetingFactory(held_on=datetime.date(2023, 11, 25)))


def later_meetings(n: int, *, parties=None, start=datetime.date(2024, 1, 1)) -> list[Meeting]:
    return [
        MeetingFactory(
            held_on=start + datetime.timedelta(days=i), title=f"Later {i}", parties=parties
        )
        for i in range(n)
    ]


def offered_meeting_ids(form) -> list[str]:
    return [str(value) for value, _ in form.fields["meeting"].widget.choices if value != ""]


# Fix 1: the list's filter form -------------------------------------------------------------


def test_commitment_list_filters_by_meeting_number_without_a_select_of_meetings(
    viewer_client, commitment
):
    later_meetings(3)
    response = viewer_client.get(reverse("commitment-list"), {"meeting": commitment.meeting_id})
    assert response.status_code == 200
    assert list(response.context["page"]) == [commitment]
    html = response.content.decode()
    assert 'type="number" name="meeting"' in html
    assert "Later 1" not in html


def test_commitment_list_answers_422_to_an_unknown_meeting_number(viewer_client, commitment):
    response = viewer_client.get(reverse("commitment-list"), {"meeting": 999_999})
    assert response.status_code == 422


# Fix 2: the update form's later meeting ----------------------------------------------------


def test_update_form_offers_the_newest_later_meetings_with_the_counterpart(commitment):
    korea = PartyFactory(code="KR")
    with_china = later_meetings(MEETINGS_OFFERED + 5)
    elsewhere = later_meetings(3, parties=[home_party(), korea], start=datetime.date(2025, 6, 1))
    form = FollowUpForm(commitment=commitment)
    offered = offered_meeting_ids(form)
    assert len(offered) == MEETINGS_OFFERED
    assert offered[0] == str(with_china[-1].pk)
    assert str(with_china[0].pk) not in offered
    assert not {str(m.pk) for m in elsewhere} & set(offered)
    assert str(commitment.meeting_id) not in offered


def test_update_form_offers_every_later_meeting_when_the_meeting_has_no_counterpart(db):
    alone = CommitmentFactory(
        meeting=MeetingFactory(held_on=datetime.date(2023, 1, 1), parties=[home_party()])
    )
    korea = PartyFactory(code="KR")
    later = later_meetings(2, parties=[home_party(), korea])
    assert set(offered_meeting_ids(FollowUpForm(commitment=alone))) == {str(m.pk) for m in later}


def test_update_form_keeps_offering_the_chosen_meeting_when_it_is_not_among_the_likeliest(
    commitment,
):
    oldest, *_ = later_meetings(MEETINGS_OFFERED + 2)
    form = FollowUpForm({"meeting": str(oldest.pk), "version": "1"}, commitment=commitment)
    assert str(oldest.pk) in offered_meeting_ids(form)
    assert f'value="{oldest.pk}" selected' in str(form["meeting"])


def test_editor_can_link_a_later_meeting_the_form_did_not_offer(editor_client, commitment):
    oldest, *_ = later_meetings(MEETINGS_OFFERED + 2)
    other = later_meetings(1, parties=[home_party(), PartyFactory(code="KR")])[0]
    for meeting in (oldest, other):
        assert str(meeting.pk) not in offered_meeting_ids(FollowUpForm(commitment=commitment))
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"effect": Effect.DISCUSSED, "meeting": other.pk, "note": "Raised.", "version": 1},
    )
    assert response.status_code == 302
    assert commitment.updates.get().meeting == other


def test_update_form_still_refuses_a_meeting_before_the_commitment(editor_client, commitment):
    earlier = MeetingFactory(held_on=datetime.date(2020, 1, 1))
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"effect": Effect.DISCUSSED, "meeting": earlier.pk, "version": 1},
    )
    assert response.status_code == 422
    assert not commitment.updates.exists()


def test_commitment_page_renders_a_bounded_meeting_select(editor_client, commitment):
    later_meetings(MEETINGS_OFFERED + 10)
    response = editor_client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    select = html[html.index('name="meeting"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option") == MEETINGS_OFFERED + 1
    assert f"{reverse('meeting-options')}?commitment={commitment.pk}" in html


def test_meeting_search_still_finds_any_later_meeting(editor_client, commitment):
    oldest, *_ = later_meetings(MEETINGS_OFFERED + 2)
    response = editor_client.get(
        reverse("meeting-options"), {"commitment": commitment.pk, "q": "Later 0"}
    )
    assert response.status_code == 200
    assert f'value="{oldest.pk}"'.encode() in response.content


def test_later_meetings_are_read_once_for_a_meetings_commitments_until_meetings_change(
    cache_on, editor_client, commitment
):
    sibling = CommitmentFactory(meeting=commitment.meeting, paragraph="2")
    first_later, _ = later_meetings(2)
    editor_client.get(commitment.get_absolute_url())  # reads them

    with CaptureQueriesContext(connection) as sibling_page:
        response = editor_client.get(sibling.get_absolute_url())
    china = Party.objects.get(code="CN")
    added = services.save_meeting(
        fields={"title": "Added later", "kind": "summit", "held_on": datetime.date(2024, 6, 1)},
        parties=[home_party(), china],
    )
    renamed = services.save_meeting(meeting=first_later, fields={"title": "Renamed later"})
    after = editor_client.get(sibling.get_absolute_url()).content.decode()

    assert str(first_later.pk) in offered_meeting_ids(response.context["form"])
    later_read = [q for q in sibling_page if 'FROM "meetings_meeting"' in q["sql"]]
    assert not [q for q in later_read if "LIMIT 20" in q["sql"]]
    assert f'<option value="{added.pk}">Added later (1 Jun 2024)</option>' in after
    assert f'<option value="{renamed.pk}">Renamed later (1 Jan 2024)</option>' in after


# Fix 8: the dashboard's figures, cached under a data version ---------------------------------


def dashboard_queries(client) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.context["figures"], len(captured)


def test_dashboard_is_served_from_the_cache_on_the_second_request(
    cache_on, viewer_client, commitment
):
    first, computed = dashboard_queries(viewer_client)
    second, cached = dashboard_queries(viewer_client)
    assert second == first
    assert cached <= computed - 5  # the six figure queries, less the version read


def test_a_recorded_update_shows_on_the_dashboard_at_once(cache_on, editor_client, commitment):
    before, _ = dashboard_queries(editor_client)
    assert before["open_total"] == 1
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"status": "fulfilled", "note": "Done at the summit.", "version": 1},
    )
    assert response.status_code == 302
    after, _ = dashboard_queries(editor_client)
    assert after["open_total"] == 0
    assert {row["status"]: row["count"] for row in after["by_status"]}["fulfilled"] == 1


def test_a_deleted_commitment_leaves_the_dashboard_at_once(cache_on, viewer_client, commitment):
    CommitmentFactory(meeting=commitment.meeting, paragraph="2")
    assert dashboard_queries(viewer_client)[0]["open_total"] == 2
    services.delete_commitment(commitment=commitment)
    assert dashboard_queries(viewer_client)[0]["open_total"] == 1


def test_api_dashboard_answers_the_cached_figures(cache_on, viewer_client, commitment):
    web, _ = dashboard_queries(viewer_client)
    with CaptureQueriesContext(connection) as captured:
        response = viewer_client.get(reverse("api:dashboard"))
    assert response.status_code == 200
    assert response.json()["open_total"] == web["open_total"] == 1
    assert not any("GROUP BY" in query["sql"] for query in captured)


# Fix 9: a bounded briefing --------------------------------------------------------------------


def test_briefing_shows_the_most_urgent_first_and_says_how_many_more(
    viewer_client, commitment, monkeypatch
):
    monkeypatch.setattr(selectors, "BRIEFING_SHOWN", 2)
    meeting = commitment.meeting
    soon = CommitmentFactory(meeting=meeting, paragraph="2", title="Due soon", due_on=FAR)
    overdue = CommitmentFactory(
        meeting=meeting, paragraph="3", title="Overdue", due_on=datetime.date(2024, 1, 1)
    )
    CommitmentFactory(meeting=meeting, paragraph="4", title="Not yet due", due_on=FARTHER)
    response = viewer_client.get(reverse("briefing", args=["CN"]))
    assert response.status_code == 200
    shown = [pk for group in response.context["groups"] for pk in group["ids"]]
    assert shown == [overdue.pk, soon.pk]
    assert response.context["total"] == 4
    assert response.context["more"] == 2
    html = response.content.decode()
    assert "and 2 more" in html
    assert f"{reverse('commitment-list')}?counterpart=CN&amp;open=true" in html
    assert "Not yet due" not in html


@pytest.mark.parametrize("major", [True, False])
@pytest.mark.parametrize("limit", [1, 3, 4, 6, 20])
def test_briefing_reads_its_page_in_the_order_of_one_sorted_query(
    commitment, limit, major, monkeypatch
):
    # A major partner's page is read in two parts, a minor one's in one: the same order.
    monkeypatch.setattr(briefing, "BRIEFING_MAJOR_PARTNER", 0 if major else 1000)
    meeting = commitment.meeting
    past, soon = datetime.date(2024, 1, 1), FAR
    CommitmentFactory(meeting=meeting, paragraph="2", due_on=past)
    CommitmentFactory(meeting=meeting, paragraph="3", due_on=past, continuing=True)
    CommitmentFactory(meeting=meeting, paragraph="4", due_on=soon)
    CommitmentFactory(meeting=meeting, paragraph="5", due_on=datetime.date(2023, 6, 1))
    CommitmentFactory(meeting=meeting, paragraph="6", due_on=soon)
    CommitmentFactory(meeting=meeting, paragraph="7", status="fulfilled", due_on=past)
    CommitmentFactory(meeting=MeetingFactory(parties=[PartyFactory(code="KR")]), due_on=past)
    china, today = Party.objects.get(code="CN"), datetime.date(2025, 1, 1)
    expected = list(selectors.briefing_commitments(china, today=today)[:limit])
    total = selectors.briefing_commitments(china, today=today).count()
    page = selectors.briefing_page(china, today=today, limit=limit, total=total)
    assert [c.pk for c in page] == [c.pk for c in expected]
    assert len(page) == min(limit, 6)  # open, with China


def test_briefing_shows_each_commitments_last_update(viewer_client, commitment, editor):
    later = MeetingFactory(held_on=datetime.date(2024, 3, 1), title="Spring dialogue")
    services.record_update(
        commitment=commitment,
        author=editor,
        expected_version=1,
        note="First raised.",
        meeting=later,
        effect=Effect.DISCUSSED,
        happened_on=later.held_on,
    )
    services.record_update(
        commitment=commitment, author=editor, expected_version=2, note="Dates agreed."
    )
    response = viewer_client.get(reverse("briefing", args=["CN"]))
    html = response.content.decode()
    assert "Dates agreed." in html
    assert "First raised." not in html
    assert response.context["more"] == 0


# Fix 10: the CSV export from plain rows -------------------------------------------------------


def test_csv_joins_every_responsible_party_and_topic_of_a_row(viewer_client, commitment):
    from tests.factories import TopicFactory

    commitment.topics.set(
        [TopicFactory(slug="visits", name="Visits"), TopicFactory(slug="trade", name="Trade")]
    )
    response = viewer_client.get(reverse("commitment-export"))
    body = b"".join(response.streaming_content).decode()
    header, row = body.splitlines()[:2]
    columns = dict(zip(header.split(","), row.split(","), strict=False))
    assert set(columns["responsible"].split()) == {"JP", "CN"}
    assert set(columns["topics"].split()) == {"visits", "trade"}


# Fix 5: the list's count ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [{}, {"counterpart": "CN", "status": ["open", "stalled"], "q": "visit"}, {"topic": "visits"}],
)
def test_commitment_list_counts_without_joins_or_distinct(
    viewer_client, commitment, query, monkeypatch
):
    from tests.factories import TopicFactory

    monkeypatch.setattr("meetings.caching.paging.FEW_MATCHES", 0)  # counted apart, however few
    commitment.topics.add(TopicFactory(slug="visits", name="Visits"))
    Commitment.objects.filter(pk=commitment.pk).update(title="Exchange visits")
    with CaptureQueriesContext(connection) as captured:
        response = viewer_client.get(reverse("commitment-list"), query)
    assert response.status_code == 200
    # The list's count (not the top bar's count of unread notifications).
    (count,) = [
        q["sql"]
        for q in captured
        if "COUNT(" in q["sql"] and "notifications_notification" not in q["sql"]
    ]
    page = 'SELECT "meetings_commitment"."id" AS "id", "meetings_commitment"."version"'
    reads = [q["sql"] for q in captured if q["sql"].startswith(page)]
    assert len(reads) == 2  # the first matches' ids (more than few), then the page's
    # Not the meeting (the list's order joined it): a topic is a row of the link table, a
    # counterpart a subquery or a copy on the commitment. Nothing to sort in a count.
    for sql in (count, *reads):
        assert "DISTINCT" not in sql
        assert 'JOIN "meetings_meeting"' not in sql
    assert "ORDER BY" not in count


# The meeting page's link candidates: the likeliest, read in date order ------------------------


def test_link_candidates_show_the_mechanism_s_first_then_the_newest_with_the_counterpart(
    editor_client, monkeypatch
):
    from meetings.web import views
    from tests.factories import MechanismFactory

    monkeypatch.setattr(views, "LINK_CANDIDATES_SHOWN", 3)
    dialogue = MechanismFactory(name="Japan-China Security Dialogue")
    made = [
        MeetingFactory(held_on=datetime.date(2023, month, 1), title=f"Made {month}")
        for month in range(1, 7)
    ]
    old_dialogue = CommitmentFactory(meeting=made[0], mechanism=dialogue, title="Dialogue, Jan")
    newer_dialogue = CommitmentFactory(meeting=made[1], mechanism=dialogue, title="Dialogue, Feb")
    CommitmentFactory(meeting=made[2], title="Counterpart, Mar")
    CommitmentFactory(meeting=made[3], title="Counterpart, Apr")
    newest = CommitmentFactory(meeting=made[4], title="Counterpart, May")
    later = MeetingFactory(held_on=datetime.date(2024, 1, 10), mechanism=dialogue)
    response = editor_client.get(reverse("meeting-detail", args=[later.pk]))
    assert response.status_code == 200
    shown = response.context["candidates"]
    assert [c.pk for c in shown] == [newer_dialogue.pk, old_dialogue.pk, newest.pk]
    html = response.content.decode()
    assert (
        html.index("Dialogue, Feb") < html.index("Dialogue, Jan") < html.index("Counterpart, May")
    )
    assert "Counterpart, Apr" not in html
