"""The audit trail as people read it: a commitment's and a meeting's History tab, the API's
history endpoints and the managers' audit page, in both languages, in a fixed number of
queries whatever the number of entries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.audit.context import Door, through
from meetings.audit.models import Entry
from meetings.status import Status
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    DivisionFactory,
    PersonFactory,
    UserFactory,
)

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

JAPANESE = {"HTTP_ACCEPT_LANGUAGE": "ja"}
# Queries of a history page or answer, whatever its number of entries (the session, the data
# versions the person is kept under, the person and their rights, the record, the count, the
# page, one per kind of record named; a page also the top bar's unread count).
HISTORY_PAGE_CEILING = 14
HISTORY_API_CEILING = 12
AUDIT_PAGE_CEILING = 25  # also one per kind of record named: bounded by the kinds


def reassigned(commitment, times: int, *, by) -> None:
    """``times`` assignments, each to a division and a person of its own (so each entry names
    records no other entry names)."""
    pairs = [(DivisionFactory(), UserFactory(username=f"officer{index}")) for index in range(times)]
    with through(Door.PAGE, actor=by):
        for owner, assignee in pairs:
            commitment.refresh_from_db()
            services.assign_commitment(
                commitment=commitment,
                expected_version=commitment.version,
                owner=owner,
                assignee=assignee,
            )


def history_url(commitment) -> str:
    return reverse("commitment-history", args=[commitment.pk])


# The History tab ---------------------------------------------------------------------------


def test_the_history_tab_names_fields_choices_and_records_with_who_and_the_door(
    viewer_client, editor
):
    commitment = CommitmentFactory(title="Hold the dialogue")
    division = DivisionFactory(name="China and Mongolia Division", name_ja="中国・モンゴル第一課")
    officer = UserFactory(username="dora", first_name="Dora", last_name="Ito")
    with through(Door.PAGE, actor=editor):
        services.assign_commitment(
            commitment=commitment, expected_version=1, owner=division, assignee=officer
        )
        services.record_update(
            commitment=commitment, author=editor, status=Status.IN_PROGRESS, note="Talks began."
        )

    page = viewer_client.get(history_url(commitment)).content.decode()

    assert "Owner</strong>:" in page
    assert "China and Mongolia Division" in page
    assert "Dora Ito" in page
    assert '<span class="before">open</span> → <span class="after">in progress</span>' in page
    assert "eddie" in page
    assert ">page<" in page
    # The tab is reached from the commitment's page.
    assert (
        history_url(commitment) in viewer_client.get(commitment.get_absolute_url()).content.decode()
    )


def test_the_history_tab_reads_in_japanese(viewer_client, editor):
    commitment = CommitmentFactory()
    division = DivisionFactory(name="China and Mongolia Division", name_ja="中国・モンゴル第一課")
    with through(Door.API, actor=editor):
        services.assign_commitment(
            commitment=commitment, expected_version=1, owner=division, assignee=None
        )
        services.record_update(
            commitment=commitment, author=editor, status=Status.IN_PROGRESS, note="始まった。"
        )

    page = viewer_client.get(history_url(commitment), **JAPANESE).content.decode()

    assert "担当課</strong>:" in page
    assert "中国・モンゴル第一課" in page
    assert "進行中" in page
    assert "状況" in page


def test_the_meeting_history_holds_its_attendance(viewer_client, manager):
    attendance = AttendanceFactory(title="Minister for Foreign Affairs")
    with through(Door.ADMIN, actor=manager):
        services.replace_attendance(
            meeting=attendance.meeting,
            attendance=[{"person": attendance.person, "title": "Foreign Minister"}],
        )

    page = viewer_client.get(
        reverse("meeting-history", args=[attendance.meeting_id])
    ).content.decode()

    assert "Minister for Foreign Affairs" in page
    assert "Foreign Minister" in page
    assert "mona" in page
    assert (
        reverse("meeting-history", args=[attendance.meeting_id])
        in viewer_client.get(attendance.meeting.get_absolute_url()).content.decode()
    )


def test_a_deleted_record_is_named_by_its_number(viewer_client, editor):
    commitment = CommitmentFactory()
    division = DivisionFactory(name="Short-lived Division")
    number = division.pk
    with through(Door.PAGE, actor=editor):
        services.assign_commitment(
            commitment=commitment, expected_version=1, owner=division, assignee=None
        )
        services.assign_commitment(
            commitment=commitment, expected_version=2, owner=None, assignee=None
        )
        services.delete_reference(record=division)

    page = viewer_client.get(history_url(commitment)).content.decode()

    assert f"#{number} (deleted)" in page


@pytest.mark.parametrize("changes", [1, 30])
def test_the_history_tab_reads_a_fixed_number_of_queries(
    viewer_client, editor, changes, django_assert_max_num_queries
):
    commitment = CommitmentFactory()
    reassigned(commitment, changes, by=editor)

    with django_assert_max_num_queries(HISTORY_PAGE_CEILING):
        response = viewer_client.get(history_url(commitment))

    assert response.status_code == 200
    assert f"officer{changes - 1}" in response.content.decode()


def test_the_history_tab_is_paged(viewer_client, editor):
    commitment = CommitmentFactory()
    reassigned(commitment, 55, by=editor)

    first = viewer_client.get(history_url(commitment))
    second = viewer_client.get(history_url(commitment) + "?page=2")

    assert len(first.context["rows"]) == 50
    assert (
        len(second.context["rows"])
        == Entry.objects.filter(commitment_ref=commitment.pk).count() - 50
    )


def test_someone_without_a_role_cannot_read_a_history(outsider_client):
    commitment = CommitmentFactory()

    assert outsider_client.get(history_url(commitment)).status_code == 403
    assert (
        outsider_client.get(reverse("meeting-history", args=[commitment.meeting_id])).status_code
        == 403
    )


def test_the_history_of_an_unknown_record_is_not_found(viewer_client):
    assert viewer_client.get(reverse("commitment-history", args=[999999])).status_code == 404
    assert viewer_client.get(reverse("meeting-history", args=[999999])).status_code == 404


# The API -----------------------------------------------------------------------------------


def test_the_api_history_is_paged_and_readable(viewer_api, editor):
    commitment = CommitmentFactory(title="Hold the dialogue")
    reassigned(commitment, 55, by=editor)

    response = viewer_api.get(f"/api/v1/commitments/{commitment.pk}/history/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Entry.objects.filter(commitment_ref=commitment.pk).count()
    assert len(body["results"]) == 50 and body["next"]
    newest = body["results"][0]
    assert (newest["door"], newest["door_label"], newest["person"]) == ("page", "page", "eddie")
    assert newest["action"] == "update"
    assert newest["record_type"] == "commitment"
    owner = next(change for change in newest["changes"] if change["field"] == "owner")
    assert owner["label"] == "Owner"
    assert owner["after"] == commitment.__class__.objects.get(pk=commitment.pk).owner.name
    assert viewer_api.get(body["next"]).status_code == 200


def test_the_api_meeting_history_names_its_attendance_in_japanese(viewer_api, manager):
    attendance = AttendanceFactory(title="Minister for Foreign Affairs")
    with through(Door.API, actor=manager):
        services.replace_attendance(meeting=attendance.meeting, attendance=[])

    response = viewer_api.get(f"/api/v1/meetings/{attendance.meeting_id}/history/", **JAPANESE)

    assert response.status_code == 200
    deleted = [row for row in response.json()["results"] if row["action"] == "delete"]
    assert deleted[0]["record_type"] == "attendance"
    assert deleted[0]["door"] == "api"
    assert deleted[0]["person"] == "mona"


@pytest.mark.parametrize("changes", [1, 30])
def test_the_api_history_reads_a_fixed_number_of_queries(
    viewer_api, editor, changes, django_assert_max_num_queries
):
    commitment = CommitmentFactory()
    reassigned(commitment, changes, by=editor)

    with django_assert_max_num_queries(HISTORY_API_CEILING):
        response = viewer_api.get(f"/api/v1/commitments/{commitment.pk}/history/")

    assert response.status_code == 200


def test_the_api_history_is_read_by_whoever_reads_the_record(anon_api, outsider_api, viewer_api):
    commitment = CommitmentFactory()
    path = f"/api/v1/commitments/{commitment.pk}/history/"

    assert anon_api.get(path).status_code == 401
    assert outsider_api.get(path).status_code == 403
    assert viewer_api.get(path).status_code == 200
    assert viewer_api.get("/api/v1/commitments/999999/history/").status_code == 404
    assert viewer_api.get("/api/v1/meetings/999999/history/").status_code == 404


def test_the_history_endpoints_are_in_the_openapi_schema(viewer_api):
    schema = viewer_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    for path in ("/api/v1/commitments/{id}/history/", "/api/v1/meetings/{id}/history/"):
        assert set(schema["paths"][path]) == {"get"}
        answer = schema["paths"][path]["get"]["responses"]["200"]
        assert "Paginated" in answer["content"]["application/json"]["schema"]["$ref"]


# The audit page ----------------------------------------------------------------------------


def test_a_manager_filters_the_audit_by_person_and_dates(manager_client, editor, viewer):
    first, second = CommitmentFactory(title="Hold the dialogue"), CommitmentFactory()
    reassigned(first, 2, by=editor)
    reassigned(second, 1, by=viewer)
    # (the officers assigned were made by nobody: no door was open)
    today = timezone.localdate()

    mine = manager_client.get(
        reverse("audit"), {"person": editor.pk, "since": today, "until": today}
    )
    later = manager_client.get(reverse("audit"), {"since": today + datetime.timedelta(days=1)})

    assert mine.status_code == 200
    assert {row.person for row in mine.context["rows"]} == {"eddie"}
    assert len(mine.context["rows"]) == 2
    assert later.context["rows"] == []


def test_the_audit_page_refuses_a_date_it_cannot_read_with_a_reason(manager_client):
    response = manager_client.get(reverse("audit"), {"since": "yesterday"})

    assert response.status_code == 422
    assert "Enter a valid date" in response.content.decode()


def test_only_managers_read_the_whole_audit(viewer_client, editor_client, manager_client):
    assert viewer_client.get(reverse("audit")).status_code == 403
    assert editor_client.get(reverse("audit")).status_code == 403
    page = manager_client.get(reverse("dashboard")).content.decode()
    assert reverse("audit") in page
    assert reverse("audit") not in viewer_client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("changes", [1, 30])
def test_the_audit_page_reads_a_fixed_number_of_queries(
    manager_client, editor, changes, django_assert_max_num_queries
):
    reassigned(CommitmentFactory(), changes, by=editor)
    PersonFactory()

    with django_assert_max_num_queries(AUDIT_PAGE_CEILING):
        response = manager_client.get(reverse("audit"))

    assert response.status_code == 200


@pytest.mark.parametrize("pk", ["abc", "99999999999999999999999", "-1"])
def test_an_api_history_of_no_such_number_answers_404(viewer_api, pk):
    for kind in ("commitments", "meetings"):
        assert viewer_api.get(f"/api/v1/{kind}/{pk}/history/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"person": "99999999999999999999999"},
        {"person": "someone"},
        {"until": "99999-01-01"},
        {"door": "window"},
        {"kind": "999999"},
    ],
)
def test_the_audit_page_answers_422_with_the_filters_errors(manager_client, query):
    response = manager_client.get(reverse("audit"), query)

    assert response.status_code == 422
    assert "Some filters could not be understood" in response.content.decode()


def test_the_admin_filters_the_audit_by_person_and_a_date_range(manager_client, editor, viewer):
    reassigned(CommitmentFactory(title="Hold the dialogue"), 2, by=editor)
    today = timezone.localdate()
    url = reverse("admin:audit_entry_changelist")

    mine = manager_client.get(
        url,
        {
            "actor__id__exact": editor.pk,
            "timestamp__date__gte": today.isoformat(),
            "timestamp__date__lte": today.isoformat(),
        },
    )
    tomorrow = manager_client.get(
        url, {"timestamp__date__gte": (today + datetime.timedelta(days=1)).isoformat()}
    )

    assert mine.status_code == 200
    assert mine.context["cl"].result_count == 2
    assert tomorrow.context["cl"].result_count == 0


def test_history_pages_answer_head_and_are_never_stored(viewer_client, manager_client):
    commitment = CommitmentFactory()

    for client, path in (
        (viewer_client, history_url(commitment)),
        (viewer_client, reverse("meeting-history", args=[commitment.meeting_id])),
        (manager_client, reverse("audit")),
    ):
        head = client.head(path)
        assert head.status_code == 200, path
        assert "no-store" in head["Cache-Control"]
        assert "private" in head["Cache-Control"]


def test_the_next_page_of_a_history_comes_as_a_fragment_for_htmx(viewer_client, editor):
    commitment = CommitmentFactory()
    reassigned(commitment, 55, by=editor)

    response = viewer_client.get(history_url(commitment) + "?page=2", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Page 2 of 2" in response.content.decode()
