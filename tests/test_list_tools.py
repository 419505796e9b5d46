"""The list, for people with twenty things to do: one action on many rows (all or nothing),
"Assign to me", "Mine" and its division tab, "Needs attention" on the dashboard, saved
filters, and filters that contradict each other."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Commitment, SavedFilter, Update
from meetings.status import Status
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MeetingFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BULK = "/commitments/bulk/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def ticked(*commitments) -> list[str]:
    return [f"{c.pk}:{c.version}" for c in commitments]


def reloaded(commitment) -> Commitment:
    return Commitment.objects.get(pk=commitment.pk)


# One action on the selected rows ------------------------------------------------------------


def test_an_editor_assigns_the_ticked_rows_to_a_person_without_javascript(editor_client):
    first, second, untouched = CommitmentFactory(), CommitmentFactory(), CommitmentFactory()
    officer = UserFactory(username="dora")

    response = editor_client.post(
        BULK,
        {
            "selected": ticked(first, second),
            "action": "assign",
            "assignee": officer.pk,
            "query": "open=true",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/commitments/?open=true"
    assert reloaded(first).assignee == officer
    assert reloaded(second).assignee == officer
    assert reloaded(first).version == first.version + 1
    assert reloaded(untouched).assignee is None
    page = editor_client.get(response["Location"]).content.decode()
    assert "2 commitments changed." in page


def test_assigning_in_bulk_keeps_each_owner_unless_one_is_chosen(editor_client):
    china, korea = DivisionFactory(code="CHN"), DivisionFactory(code="KOR")
    first, second = CommitmentFactory(owner=china), CommitmentFactory(owner=korea)
    officer = UserFactory(username="dora")

    editor_client.post(
        BULK, {"selected": ticked(first, second), "action": "assign", "assignee": officer.pk}
    )
    assert (reloaded(first).owner, reloaded(second).owner) == (china, korea)

    editor_client.post(
        BULK,
        {
            "selected": ticked(reloaded(first), reloaded(second)),
            "action": "assign",
            "assignee": officer.pk,
            "owner": china.pk,
        },
    )
    assert (reloaded(first).owner, reloaded(second).owner) == (china, china)


def test_one_update_with_one_note_is_recorded_on_every_ticked_row(editor_client, editor):
    rows = [CommitmentFactory() for _ in range(3)]

    response = editor_client.post(
        BULK,
        {
            "selected": ticked(*rows),
            "action": "update",
            "status": Status.IN_PROGRESS,
            "note": "Raised with the embassy in one démarche.",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert "3 commitments changed." in response.content.decode()
    for row in rows:
        (update,) = Update.objects.filter(commitment=row)
        assert (update.note, update.status, update.author) == (
            "Raised with the embassy in one démarche.",
            Status.IN_PROGRESS,
            editor,
        )
        assert reloaded(row).status == Status.IN_PROGRESS


def test_a_refused_row_is_named_with_its_reason_and_nothing_is_written(editor_client):
    fine = CommitmentFactory(title="Hold the Security Dialogue")
    continuing = CommitmentFactory(
        title="Keep close communication", continuing=True, status=Status.ONGOING
    )

    response = editor_client.post(
        BULK,
        {
            "selected": ticked(fine, continuing),
            "action": "update",
            "status": Status.FULFILLED,
            "note": "Held in Tokyo.",
            "query": "",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Nothing was changed: 1 of the selected commitments were refused." in page
    assert (
        f"#{continuing.pk} Keep close communication</a>: "
        "A commitment cannot move from ongoing to fulfilled." in page
    )
    assert not Update.objects.exists()
    assert reloaded(fine).status == Status.OPEN
    # What was ticked and typed is kept.
    assert f'value="{fine.pk}:{fine.version}" form="bulk-form" class="row-select"' in page
    assert "Held in Tokyo." in page


def test_a_row_changed_by_someone_else_since_it_was_ticked_refuses_the_whole_action(
    editor_client, editor
):
    first, second = CommitmentFactory(), CommitmentFactory()
    seen = ticked(first, second)
    services.record_update(commitment=second, author=editor, note="Someone got there first.")

    response = editor_client.post(
        BULK, {"selected": seen, "action": "priority", "priority": "high"}, **HTMX
    )

    # Editors may not set priorities (a manager's edit); the action is not even offered.
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()

    manager = UserFactory(username="mia", role="manager")
    editor_client.force_login(manager)
    response = editor_client.post(
        BULK, {"selected": seen, "action": "priority", "priority": "high"}, **HTMX
    )

    assert response.status_code == 422
    assert "changed by someone else" in response.content.decode()
    assert reloaded(first).priority == reloaded(second).priority == "normal"


def test_a_manager_sets_the_priority_of_the_ticked_rows(manager_client):
    rows = [CommitmentFactory(), CommitmentFactory()]

    response = manager_client.post(
        BULK, {"selected": ticked(*rows), "action": "priority", "priority": "high"}
    )

    assert response.status_code == 302
    assert {reloaded(row).priority for row in rows} == {"high"}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "assign"}, "Select at least one commitment."),
        ({"selected": ["x:1"], "action": "assign"}, "A selected row could not be understood."),
        ({"selected": ["{pk}:1"], "action": "update"}, "Write the note to record"),
        ({"selected": ["{pk}:1"], "action": "dance"}, "Select a valid choice"),
    ],
)
def test_bad_bulk_input_answers_422_with_the_reason(editor_client, data, error):
    commitment = CommitmentFactory()
    data = {
        key: [v.format(pk=commitment.pk) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }

    response = editor_client.post(BULK, data)

    assert response.status_code == 422
    assert error in response.content.decode()
    assert reloaded(commitment).version == commitment.version


def test_only_editors_see_the_row_tools(editor_client, viewer_client):
    CommitmentFactory()

    assert 'id="bulk-form"' in editor_client.get("/commitments/").content.decode()
    viewer_page = viewer_client.get("/commitments/").content.decode()
    assert 'id="bulk-form"' not in viewer_page
    assert "Assign to me" not in viewer_page


# Assign to me -------------------------------------------------------------------------------


def test_assign_to_me_from_the_commitment_page(editor_client, editor):
    division = DivisionFactory(code="CHN")
    commitment = CommitmentFactory(owner=division)
    page = editor_client.get(commitment.get_absolute_url()).content.decode()
    assert "Assign to me" in page

    response = editor_client.post(
        reverse("commitment-assign-to-me", args=[commitment.pk]),
        {"version": commitment.version},
    )

    assert response.status_code == 302
    assert response["Location"] == commitment.get_absolute_url()
    saved = reloaded(commitment)
    assert (saved.assignee, saved.owner, saved.version) == (editor, division, 2)
    assert "Assigned to you." in editor_client.get(commitment.get_absolute_url()).content.decode()


def test_assign_to_me_from_a_list_row_with_htmx_swaps_the_row(editor_client, editor):
    commitment = CommitmentFactory(title="Release the detained nationals")

    response = editor_client.post(
        reverse("commitment-assign-to-me", args=[commitment.pk]),
        {"version": commitment.version, "query": "open=true"},
        **HTMX,
    )

    assert response.status_code == 200
    row = response.content.decode()
    assert row.startswith("<tr>") and "Release the detained nationals" in row
    assert f'value="{commitment.pk}:2"' in row  # the row carries the new version
    assert reloaded(commitment).assignee == editor


def test_assign_to_me_from_a_list_row_without_javascript_returns_to_the_list(editor_client):
    commitment = CommitmentFactory()

    response = editor_client.post(
        reverse("commitment-assign-to-me", args=[commitment.pk]),
        {"version": commitment.version, "query": "open=true&ordering=title"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/commitments/?open=true&ordering=title"


def test_assign_to_me_on_an_old_version_is_refused(editor_client, manager):
    commitment = CommitmentFactory()
    seen = commitment.version
    services.assign_commitment(
        commitment=commitment, expected_version=seen, owner=None, assignee=manager
    )

    page = editor_client.post(
        reverse("commitment-assign-to-me", args=[commitment.pk]), {"version": seen}
    )
    row = editor_client.post(
        reverse("commitment-assign-to-me", args=[commitment.pk]), {"version": seen}, **HTMX
    )

    assert page.status_code == row.status_code == 409
    assert "changed by someone else" in page.content.decode()
    assert "changed by someone else" in row.content.decode()
    assert reloaded(commitment).assignee == manager


def test_assign_to_me_without_a_version_answers_422(editor_client):
    commitment = CommitmentFactory()

    response = editor_client.post(reverse("commitment-assign-to-me", args=[commitment.pk]))

    assert response.status_code == 422
    assert reloaded(commitment).assignee is None


# Mine -------------------------------------------------------------------------------------------


def test_mine_lists_what_is_assigned_to_me_and_my_division_tab_what_it_owns(editor_client, editor):
    china, korea = DivisionFactory(code="CHN"), DivisionFactory(code="KOR")
    services.set_divisions(user=editor, divisions=[china])
    mine = CommitmentFactory(assignee=editor, title="Assigned to eddie")
    ours = CommitmentFactory(owner=china, title="Owned by China desk")
    CommitmentFactory(owner=korea, title="Owned by Korea desk")
    CommitmentFactory(assignee=editor, status=Status.FULFILLED, title="Done already")

    assigned = editor_client.get("/mine/")
    division = editor_client.get("/mine/division/")

    assert [r.pk for r in assigned.context["page"]] == [mine.pk]
    assert [r.pk for r in division.context["page"]] == [ours.pk]
    assert "Owned by Korea desk" not in division.content.decode()
    # The list's filters still apply: closed ones when asked.
    closed = editor_client.get("/mine/", {"open": "false"})
    assert [r.title for r in closed.context["page"]] == ["Done already"]


def test_acting_on_rows_of_mine_goes_back_to_mine(editor_client, editor):
    china = DivisionFactory(code="CHN")
    services.set_divisions(user=editor, divisions=[china])
    ours = CommitmentFactory(owner=china, title="Owned by China desk")
    CommitmentFactory(title="Nobody's yet")
    data = {
        "selected": ticked(ours),
        "action": "update",
        "note": "Checked with the embassy.",
        "query": "open=true",
        "list": "division",
    }

    plain = editor_client.post(BULK, data)
    data["selected"] = ticked(reloaded(ours))
    fragment = editor_client.post(BULK, data, **HTMX)

    assert plain.status_code == 302
    assert plain["Location"] == "/mine/division/?open=true"
    assert fragment.status_code == 200
    assert [r.pk for r in fragment.context["page"]] == [ours.pk]  # still the division's
    assert Update.objects.filter(commitment=ours).count() == 2


def test_an_empty_mine_says_what_to_do(editor_client):
    assigned = editor_client.get("/mine/").content.decode()
    division = editor_client.get("/mine/division/").content.decode()

    assert "press “Assign to me”" in assigned
    assert "You belong to no division yet" in division


# Needs attention ------------------------------------------------------------------------------


def test_the_dashboard_lists_what_needs_attention_first(viewer_client, settings):
    today = timezone.localdate()
    meeting = MeetingFactory(held_on=today - datetime.timedelta(days=400))
    oldest = CommitmentFactory(
        meeting=meeting, title="Overdue longest", due_on=today - datetime.timedelta(days=200)
    )
    CommitmentFactory(
        meeting=meeting, title="Overdue lately", due_on=today - datetime.timedelta(days=2)
    )
    soon = CommitmentFactory(
        meeting=meeting, title="Due tomorrow", due_on=today + datetime.timedelta(days=1)
    )
    CommitmentFactory(
        meeting=meeting, title="Due next year", due_on=today + datetime.timedelta(days=300)
    )
    CommitmentFactory(
        meeting=meeting,
        title="Closed and overdue",
        status=Status.FULFILLED,
        due_on=today - datetime.timedelta(days=300),
    )
    Commitment.objects.filter(pk=soon.pk).update(last_activity_on=today)

    response = viewer_client.get("/")

    attention = response.context["attention"]
    assert [c["title"] for c in attention["overdue"]] == ["Overdue longest", "Overdue lately"]
    assert [c["title"] for c in attention["due_soon"]] == ["Due tomorrow"]
    stale_titles = [c["title"] for c in attention["stale"]]
    assert "Due next year" in stale_titles  # nothing recorded since the meeting, 400 days
    assert "Overdue longest" not in stale_titles  # listed once, as overdue
    page = response.content.decode()
    assert "Needs attention" in page
    assert f'href="/commitments/{oldest.pk}/">Overdue longest</a>' in page


# Contradicting filters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ({"open": "true", "status": "fulfilled"}, "“Open only” leaves out the closed status"),
        ({"open": "false", "status": "stalled"}, "leaves out the open status chosen"),
        (
            {"due_after": "2025-06-01", "due_before": "2025-01-01"},
            "is later than “Expected on or before”",
        ),
        ({"overdue": "true", "continuing": "true"}, "A continuing commitment is never overdue."),
    ],
)
def test_the_list_says_when_its_filters_contradict_each_other(viewer_client, query, sentence):
    response = viewer_client.get("/commitments/", query)

    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="filter-notes"')
    notes = page[start : page.index("</form>", start)]
    assert sentence in notes  # beside the filters, in their form


def test_the_contradiction_follows_htmx_swaps(viewer_client):
    fragment = viewer_client.get(
        "/commitments/", {"open": "true", "status": "dropped"}, **HTMX
    ).content.decode()
    calm = viewer_client.get("/commitments/", {"open": "true"}, **HTMX).content.decode()

    assert 'id="filter-notes" class="filter-notes" hx-swap-oob="true"' in fragment
    assert "leaves out the closed status chosen: dropped" in fragment
    assert "contradict" not in calm


# Saved filters ----------------------------------------------------------------------------------


def test_a_person_saves_the_lists_filters_and_finds_them_in_the_top_bar(viewer_client, viewer):
    PartyFactory(code="CN")
    response = viewer_client.post(
        "/filters/",
        {"name": "China, overdue", "query": "page=3&overdue=true&counterpart=CN&q="},
    )

    saved = SavedFilter.objects.get()
    assert (saved.owner, saved.name, saved.division) == (viewer, "China, overdue", None)
    assert saved.query == "counterpart=CN&overdue=true"  # the FilterSet's order, no page
    assert response.status_code == 302
    assert response["Location"] == "/commitments/?counterpart=CN&overdue=true"
    top_bar = viewer_client.get("/meetings/").content.decode()
    assert '<a href="/commitments/?counterpart=CN&amp;overdue=true">China, overdue</a>' in top_bar


def test_a_saved_filter_the_filterset_refuses_is_not_saved(viewer_client):
    response = viewer_client.post("/filters/", {"name": "Odd", "query": "overdue=maybe"})

    assert response.status_code == 422
    assert "overdue: Choose true or false." in response.content.decode()
    assert not SavedFilter.objects.exists()


def test_a_saved_filter_needs_a_name_of_its_own(viewer_client, viewer):
    services.save_filter(owner=viewer, name="Mine", query="open=true")

    blank = viewer_client.post("/filters/", {"name": "", "query": "open=true"})
    twice = viewer_client.post("/filters/", {"name": "Mine", "query": "stale=true"})

    assert blank.status_code == twice.status_code == 422
    assert "You already have a saved filter with this name." in twice.content.decode()
    assert SavedFilter.objects.count() == 1


def test_a_filter_shared_with_a_division_is_seen_by_its_members_only(client, viewer):
    china = DivisionFactory(code="CHN")
    colleague = UserFactory(username="carl", role="viewer")
    stranger = UserFactory(username="stan", role="viewer")
    services.set_divisions(user=viewer, divisions=[china])
    services.set_divisions(user=colleague, divisions=[china])
    services.save_filter(owner=viewer, name="China desk", query="open=true", division=china)

    client.force_login(colleague)
    assert "China desk" in client.get("/").content.decode()
    assert "China desk" in client.get("/filters/").content.decode()
    client.force_login(stranger)
    assert "China desk" not in client.get("/").content.decode()


def test_sharing_with_a_division_one_is_not_in_is_refused(viewer_client):
    other = DivisionFactory(code="KOR")

    response = viewer_client.post(
        "/filters/", {"name": "Theirs", "query": "open=true", "division": other.pk}
    )

    assert response.status_code == 422
    assert not SavedFilter.objects.exists()


def test_the_owner_renames_shares_and_deletes_a_saved_filter(viewer_client, viewer):
    china = DivisionFactory(code="CHN")
    services.set_divisions(user=viewer, divisions=[china])
    saved = services.save_filter(owner=viewer, name="Old name", query="open=true")
    prefix = f"filter-{saved.pk}"

    renamed = viewer_client.post(
        f"/filters/{saved.pk}/", {f"{prefix}-name": "New name", f"{prefix}-division": china.pk}
    )

    assert renamed.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.division, saved.query) == ("New name", china, "open=true")

    deleted = viewer_client.post(f"/filters/{saved.pk}/delete/")

    assert deleted.status_code == 302
    assert not SavedFilter.objects.exists()


def test_only_the_owner_changes_a_saved_filter(client, viewer):
    china = DivisionFactory(code="CHN")
    colleague = UserFactory(username="carl", role="viewer")
    services.set_divisions(user=viewer, divisions=[china])
    services.set_divisions(user=colleague, divisions=[china])
    shared = services.save_filter(owner=viewer, name="China", query="", division=china)
    private = services.save_filter(owner=viewer, name="Private", query="")
    client.force_login(colleague)

    assert client.post(f"/filters/{shared.pk}/delete/").status_code == 403
    assert client.post(f"/filters/{private.pk}/delete/").status_code == 404
    assert (
        client.post(f"/filters/{shared.pk}/", {f"filter-{shared.pk}-name": "Ours"}).status_code
        == 403
    )
    assert SavedFilter.objects.count() == 2
    assert SavedFilter.objects.get(pk=shared.pk).name == "China"


def test_renaming_to_a_blank_name_answers_422_and_keeps_the_old_one(viewer_client, viewer):
    saved = services.save_filter(owner=viewer, name="Keep", query="open=true")

    response = viewer_client.post(f"/filters/{saved.pk}/", {f"filter-{saved.pk}-name": ""})

    assert response.status_code == 422
    saved.refresh_from_db()
    assert saved.name == "Keep"


@pytest.mark.parametrize("n", [1, 30])
def test_needs_attention_is_three_short_reads_whatever_the_rows(n, django_assert_num_queries):
    from meetings import selectors

    today = timezone.localdate()
    meeting = MeetingFactory(held_on=today - datetime.timedelta(days=400))
    for i in range(n):
        CommitmentFactory(meeting=meeting, due_on=today - datetime.timedelta(days=i + 1))

    with django_assert_num_queries(4):  # the data versions its cache is keyed by, then three
        attention = selectors.needs_attention(today=today)

    assert len(attention["overdue"]) == min(n, selectors.NEEDS_ATTENTION_SHOWN)
