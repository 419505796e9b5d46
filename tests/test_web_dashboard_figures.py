"""Each dashboard figure equals the number of rows its commitment-list link shows."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from meetings.filters import CommitmentFilter
from meetings.models import Commitment
from meetings.selectors import dashboard_figures
from meetings.services import record_update
from meetings.status import Effect, Review, Status
from tests.factories import (
    CommitmentFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    TopicFactory,
    UserFactory,
    home_party,
)


def listed(query: str) -> int:
    """How many rows the commitment list shows for ``query``."""
    filterset = CommitmentFilter(QueryDict(query), queryset=Commitment.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def mixed(db):
    """A little of everything: statuses, counterparts, topics, mechanisms, ages, drafts."""
    japan, china, korea = home_party(), PartyFactory(code="CN"), PartyFactory(code="KR")
    security = TopicFactory(slug="security", name="Security")
    economy = TopicFactory(slug="economy", name="Economy")
    dialogue = MechanismFactory(name="Japan-China Security Dialogue")
    idle = MechanismFactory(name="Japan-ROK Dialogue")
    busan = MeetingFactory(held_on=days_ago(400), parties=[japan, china])
    seoul = MeetingFactory(held_on=days_ago(50), parties=[japan, korea], title="Seoul talks")
    ancient = MeetingFactory(held_on=days_ago(1000), parties=[japan, china, korea])
    MeetingFactory(held_on=days_ago(20), mechanism=dialogue, parties=[japan, china])
    MeetingFactory(held_on=days_ago(5), mechanism=dialogue, review=Review.DRAFT)
    author = UserFactory()

    CommitmentFactory(meeting=busan, topics=[security], mechanism=dialogue)
    CommitmentFactory(meeting=busan, topics=[security, economy], status=Status.IN_PROGRESS)
    CommitmentFactory(meeting=busan, status=Status.STALLED, due_on=days_ago(10))
    CommitmentFactory(meeting=busan, continuing=True, status=Status.ONGOING, due_on=days_ago(3))
    CommitmentFactory(meeting=busan, status=Status.FULFILLED, topics=[economy])
    CommitmentFactory(meeting=seoul, due_on=days_ago(-10), topics=[economy])
    CommitmentFactory(meeting=seoul, due_on=days_ago(-40), mechanism=idle)
    CommitmentFactory(meeting=ancient, target="at an early date")
    CommitmentFactory(meeting=seoul, review=Review.DRAFT, due_on=days_ago(1))
    CommitmentFactory(meeting=busan, review=Review.DRAFT, topics=[security])

    def reaffirmed(commitment, days):
        record_update(
            commitment=commitment,
            author=author,
            happened_on=days_ago(days),
            effect=Effect.REAFFIRMED,
            meeting=MeetingFactory(held_on=days_ago(days)),
        )

    stuck = CommitmentFactory(meeting=busan, title="Security Dialogue early")
    reaffirmed(stuck, 300)
    reaffirmed(stuck, 200)
    moved_then_reaffirmed_once = CommitmentFactory(meeting=busan)
    reaffirmed(moved_then_reaffirmed_once, 300)
    record_update(
        commitment=moved_then_reaffirmed_once,
        author=author,
        happened_on=days_ago(250),
        status=Status.IN_PROGRESS,
    )
    reaffirmed(moved_then_reaffirmed_once, 200)
    Commitment.objects.filter(meeting=busan).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    Commitment.objects.filter(pk=stuck.pk).update(last_activity_on=days_ago(200))


@pytest.fixture
def figures(mixed):
    return dashboard_figures(today=timezone.localdate())


def test_open_total_links_to_exactly_its_rows(figures):
    assert figures["open_total"] == listed(figures["queries"]["open_total"]) == 9


def test_overdue_count_links_to_exactly_its_rows(figures):
    assert figures["overdue"] == listed(figures["queries"]["overdue"]) == 2


def test_stale_count_links_to_exactly_its_rows(figures):
    assert figures["stale"] > 0
    assert figures["stale"] == listed(figures["queries"]["stale"])


def test_reaffirmed_twice_without_moving_links_to_exactly_its_rows(figures):
    assert figures["reaffirmed_without_moving"] == 1
    assert listed(figures["queries"]["reaffirmed_without_moving"]) == 1


def test_recently_changed_count_links_to_exactly_its_rows(figures):
    assert figures["changed_recently"] == 3
    assert listed(figures["queries"]["changed_recently"]) == 3


def test_due_in_the_next_thirty_days_links_to_exactly_its_rows(figures):
    assert figures["due_soon"] == 1
    assert listed(figures["queries"]["due_soon"]) == 1


def test_each_status_count_links_to_exactly_its_rows(figures):
    for row in figures["by_status"]:
        assert row["count"] == listed(row["query"]), row
    assert sum(row["count"] for row in figures["by_status"] if row["open"]) == 9


def test_each_counterpart_count_links_to_exactly_its_rows(figures):
    by_code = {row["code"]: row for row in figures["by_counterpart"]}
    assert set(by_code) == {"CN", "KR"}
    assert by_code["CN"]["count"] == 7
    assert by_code["KR"]["count"] == 3
    for row in figures["by_counterpart"]:
        assert row["count"] == listed(row["query"]), row


def test_each_topic_count_links_to_exactly_its_rows(figures):
    by_slug = {row["slug"]: row["count"] for row in figures["by_topic"]}
    assert by_slug == {"security": 2, "economy": 2}
    for row in figures["by_topic"]:
        assert row["count"] == listed(row["query"]), row


def test_each_mechanism_count_links_to_exactly_its_rows_and_shows_when_it_last_met(figures):
    by_name = {row["name"]: row for row in figures["by_mechanism"]}
    assert by_name["Japan-China Security Dialogue"]["count"] == 1
    assert by_name["Japan-China Security Dialogue"]["last_met"] == days_ago(20)
    assert by_name["Japan-ROK Dialogue"]["last_met"] is None
    for row in figures["by_mechanism"]:
        assert row["count"] == listed(row["query"]), row


def test_each_age_bucket_links_to_exactly_its_rows(figures):
    by_key = {row["key"]: row["count"] for row in figures["age"]}
    assert by_key == {"lt3m": 2, "3-6m": 0, "6-12m": 0, "1-2y": 6, "gt2y": 1}
    for row in figures["age"]:
        assert row["count"] == listed(row["query"]), row


def test_drafts_are_left_out_of_every_figure(mixed):
    before = dashboard_figures(today=timezone.localdate())
    CommitmentFactory.create_batch(3, review=Review.DRAFT, due_on=days_ago(100))
    after = dashboard_figures(today=timezone.localdate())
    assert after == before


def test_dashboard_figures_take_a_fixed_number_of_queries(mixed, django_assert_num_queries):
    # Six for the figures a note does not move, three for those it does (stale, changed).
    with django_assert_num_queries(9):
        dashboard_figures(today=timezone.localdate())


def dashboard_links(figures: dict) -> list[tuple[int, str]]:
    """Every (number, query string) pair the dashboard shows."""
    links = [(figures[name], query) for name, query in figures["queries"].items()]
    for group in ("by_status", "by_counterpart", "by_topic", "by_mechanism", "age"):
        links += [(row["count"], row["query"]) for row in figures[group]]
    return links


def test_every_number_on_the_dashboard_opens_a_list_of_exactly_that_many(viewer_client, mixed):
    from django.urls import reverse

    dashboard = viewer_client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    links = dashboard_links(dashboard.context["figures"])
    assert len(links) > 20
    html = dashboard.content.decode()
    for number, query in links:
        assert f"?{query}".replace("&", "&amp;") in html, query
        response = viewer_client.get(f"{reverse('commitment-list')}?{query}")
        assert response.status_code == 200, query
        assert response.context["page"].paginator.count == number, query
