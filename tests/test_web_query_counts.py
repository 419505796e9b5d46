"""No page's query count grows with its rows: the same ceiling holds for 1 row and for 200."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Attendance, Commitment, Meeting, Update
from meetings.status import Effect
from tests.factories import (
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    TopicFactory,
    UserFactory,
    home_party,
)

SIZES = [1, 200]


@pytest.fixture
def world(db):
    japan, china = home_party(), PartyFactory(code="CN")
    return {
        "parties": [japan, china],
        "mechanism": MechanismFactory(name="Japan-China Security Dialogue"),
        "topic": TopicFactory(slug="security", name="Security"),
        "division": DivisionFactory(code="CHN", name="China and Mongolia Division"),
        "author": UserFactory(username="writer"),
        "meeting": MeetingFactory(held_on=datetime.date(2023, 11, 25)),
    }


def make_commitments(world, n: int, **kwargs) -> list[Commitment]:
    """``n`` commitments with every related row a list shows filled in."""
    made = []
    for i in range(n):
        c = CommitmentFactory(
            meeting=kwargs.get("meeting", world["meeting"]),
            mechanism=world["mechanism"],
            owner=world["division"],
            assignee=world["author"],
            topics=[world["topic"]],
            target="at an early date",
            paragraph=str(i % 9),
        )
        made.append(c)
    return made


def make_updates(world, commitment: Commitment, n: int) -> None:
    later = [
        MeetingFactory(held_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i))
        for i in range(min(n, 20))
    ]
    Update.objects.bulk_create(
        Update(
            commitment=commitment,
            happened_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            previous_status="open",
            effect=Effect.REAFFIRMED,
            meeting=later[i % len(later)],
            note=f"Raised again ({i}).",
            author=world["author"],
        )
        for i in range(n)
    )


# Session, the data versions, user, permissions and roles (read together, to be kept for the
# next requests: none of them when kept, as they are with a cache), then the page's own fixed
# reads (the filter form's selects included), the person's saved filters and unread
# notifications in the top bar (one query each on every page). Measured equal for 1 and 200
# rows; a new N+1 breaks the ceiling. Pages with a Watch button read its watchers once more.
DASHBOARD_CEILING = 19  # with the read of the data versions the cache is keyed by; "needs
# attention" (overdue, due soon, stale: three short reads, cached with the figures)
COMMITMENT_LIST_CEILING = 20  # the data version (filter form, count), the page ids or, for
# a count not cached yet, the ids of every match (meetings/paging.py); which sides' readouts
# report the rows (their meetings' readouts, the paragraphs reporting them)
# An editor's list carries the row tools: the bulk form's people and divisions.
COMMITMENT_LIST_WITH_TOOLS_CEILING = 22
MINE_CEILING = 21  # the person's divisions, then the list with its tools
EXPORT_CEILING = 10  # names of parties and topics; the data version permissions are kept by
MEETING_LIST_CEILING = 13  # the data version its cached count is keyed by, the page ids
COMMITMENT_PAGE_CEILING = 21  # assign form (divisions, people), the version its fields use,
# the replacements offered (those repeating it, then the latest with its counterparts)
MEETING_PAGE_CEILING = 20  # with the data versions the person is kept under; its readouts
# and the paragraphs reporting its commitments
BRIEFING_CEILING = 18  # ids in two parts; last updates in two; who must act; the count of the
# rest, cached; the count of those one side reports (cached), which sides report the rows


@pytest.mark.parametrize("n", SIZES)
def test_dashboard_queries_do_not_grow_with_rows(
    viewer_client, world, n, django_assert_max_num_queries
):
    make_commitments(world, n)
    for c in Commitment.objects.all()[:5]:
        make_updates(world, c, 2)
    with django_assert_max_num_queries(DASHBOARD_CEILING):
        response = viewer_client.get(reverse("dashboard"))
    assert response.context["figures"]["open_total"] == n


@pytest.mark.parametrize("n", SIZES)
def test_commitment_list_queries_do_not_grow_with_rows(
    viewer_client, world, n, django_assert_max_num_queries
):
    make_commitments(world, n)
    with django_assert_max_num_queries(COMMITMENT_LIST_CEILING):
        response = viewer_client.get(reverse("commitment-list"), {"counterpart": "CN"})
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", SIZES)
def test_commitment_list_with_row_tools_queries_do_not_grow_with_rows(
    editor_client, world, n, django_assert_max_num_queries
):
    make_commitments(world, n)
    with django_assert_max_num_queries(COMMITMENT_LIST_WITH_TOOLS_CEILING):
        response = editor_client.get(reverse("commitment-list"), {"counterpart": "CN"})
    assert response.context["page"].paginator.count == n
    assert response.content.decode().count('class="row-select"') == min(n, 50)


@pytest.mark.parametrize("n", SIZES)
def test_mine_queries_do_not_grow_with_rows(
    editor_client, editor, world, n, django_assert_max_num_queries
):
    from meetings import services

    services.set_divisions(user=editor, divisions=[world["division"]])
    make_commitments(world, n)
    with django_assert_max_num_queries(MINE_CEILING):
        response = editor_client.get(reverse("mine-division"))
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", SIZES)
def test_csv_export_queries_do_not_grow_with_rows(
    viewer_client, world, n, django_assert_max_num_queries
):
    make_commitments(world, n)
    with django_assert_max_num_queries(EXPORT_CEILING):
        response = viewer_client.get(reverse("commitment-export"))
        body = b"".join(response.streaming_content)
    assert body.count(b"\r\n") >= n + 1


@pytest.mark.parametrize("n", SIZES)
def test_meeting_list_queries_do_not_grow_with_rows(
    viewer_client, world, n, django_assert_max_num_queries
):
    mechanism = world["mechanism"]
    for i in range(n - 1):
        MeetingFactory(
            held_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i), mechanism=mechanism
        )
    with django_assert_max_num_queries(MEETING_LIST_CEILING):
        response = viewer_client.get(reverse("meeting-list"))
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", SIZES)
def test_commitment_page_queries_do_not_grow_with_updates(
    editor_client, world, n, django_assert_max_num_queries
):
    (commitment,) = make_commitments(world, 1)
    make_updates(world, commitment, n)
    for _ in range(min(n, 30)):
        CommitmentFactory(meeting=world["meeting"], reaffirms=commitment)
    with django_assert_max_num_queries(COMMITMENT_PAGE_CEILING):
        response = editor_client.get(commitment.get_absolute_url())
    assert len(response.context["timeline"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_meeting_page_queries_do_not_grow_with_rows(
    editor_client, world, n, django_assert_max_num_queries
):
    meeting = world["meeting"]
    make_commitments(world, n)
    later = MeetingFactory(
        held_on=datetime.date(2024, 6, 1), mechanism=world["mechanism"], title="Later"
    )
    earlier = make_commitments(world, n)
    for c in earlier:
        Update.objects.create(
            commitment=c,
            happened_on=later.held_on,
            previous_status="open",
            effect=Effect.DISCUSSED,
            meeting=later,
            author=world["author"],
        )
    people = [PersonFactory(party=world["parties"][i % 2]) for i in range(min(n, 20))]
    Attendance.objects.bulk_create(
        Attendance(meeting=later, person=person, party=person.party, order=i)
        for i, person in enumerate(people)
    )
    later.follows_up.add(meeting)
    with django_assert_max_num_queries(MEETING_PAGE_CEILING):
        response = editor_client.get(later.get_absolute_url())
    assert len(response.context["follow_ups"]) == n
    with django_assert_max_num_queries(MEETING_PAGE_CEILING):
        response = editor_client.get(meeting.get_absolute_url())
    assert len(response.context["commitments"]) == 2 * n
    assert Meeting.objects.count() >= 2


@pytest.mark.parametrize("n", SIZES)
def test_briefing_queries_do_not_grow_with_rows(
    viewer_client, world, n, django_assert_max_num_queries
):
    for c in make_commitments(world, n)[:5]:
        make_updates(world, c, 2)
    with django_assert_max_num_queries(BRIEFING_CEILING):
        response = viewer_client.get(reverse("briefing", args=["CN"]))
    assert response.context["total"] == n
