"""Cached reads (the dashboard's figures, list counts, rendered rows) are keyed by the tokens
of the scopes they read, which the services move when their writes commit, so what a write
changed shows on the very next page, in every server process. A note moves only the activity
scope: the figures it cannot change stay cached."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import caching, services
from meetings.caching import paging, versions
from meetings.models import Division, Party, Topic
from tests.factories import CommitmentFactory, MeetingFactory, TopicFactory, UserFactory

LONG_AGO = datetime.date(2023, 11, 25)


@pytest.fixture
def commitment(db):
    # Made long ago with nothing since: stale.
    return CommitmentFactory(meeting=MeetingFactory(held_on=LONG_AGO))


def get(client, url: str, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def counts(sqls: list[str]) -> list[str]:
    """The counts of commitments among ``sqls`` (not the database cache's own): a COUNT, or
    the read of every match's id that counts few (``meetings/caching/paging.py``)."""
    every_match = f"LIMIT {paging.FEW_MATCHES + 1}"
    return [
        sql
        for sql in sqls
        if ("COUNT(" in sql or every_match in sql) and '"meetings_commitment"' in sql
    ]


def another(commitment) -> None:
    """A second commitment at the same meeting, recorded as any door records one."""
    services.create_commitment(
        fields={"meeting": commitment.meeting, "paragraph": "2", "title": "Hold talks"},
        text="The two sides shared the view to hold talks.",
        responsible=commitment.meeting.parties.all(),
    )


def record_note(client, commitment, version: int = 1) -> None:
    response = client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"note": "Raised again at working level.", "version": version},
    )
    assert response.status_code == 302


def test_a_note_moves_only_the_activity_version(cache_on, editor_client, commitment):
    before = versions.current()
    record_note(editor_client, commitment)
    after = versions.current()
    assert after[versions.ACTIVITY] != before[versions.ACTIVITY]
    assert after[versions.FIGURES] == before[versions.FIGURES]


def test_a_status_move_moves_the_figures_but_not_what_other_rows_show(
    cache_on, editor_client, commitment
):
    before = versions.current()
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"status": "in_progress", "note": "Working level talks began.", "version": 1},
    )
    assert response.status_code == 302
    after = versions.current()
    assert after[versions.FIGURES] != before[versions.FIGURES]
    assert after[versions.ACTIVITY] != before[versions.ACTIVITY]
    assert after[versions.REFERENCE] == before[versions.REFERENCE]


def test_a_status_move_rerenders_only_its_own_row(cache_on, editor_client, commitment):
    other = CommitmentFactory(meeting=commitment.meeting, paragraph="9")
    get(editor_client, reverse("commitment-list"))
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"status": "in_progress", "note": "Working level talks began.", "version": 1},
    )
    assert response.status_code == 302

    after, sqls = get(editor_client, reverse("commitment-list"))

    assert "in progress" in row_of(after, commitment).lower()
    (fetched,) = [sql for sql in sqls if "meetings_commitment_topics" in sql]
    assert f"IN ({commitment.pk})" in fetched
    assert str(other.pk) not in fetched.split("IN (")[1]


def test_a_meeting_s_new_date_changes_its_commitments_rows_at_once(
    cache_on, viewer_client, commitment
):
    before, _ = get(viewer_client, reverse("commitment-list"))
    assert "25 Nov 2023" in row_of(before, commitment)
    services.save_meeting(
        meeting=commitment.meeting, fields={"held_on": datetime.date(2023, 11, 24)}
    )

    after, _ = get(viewer_client, reverse("commitment-list"))

    assert "24 Nov 2023" in row_of(after, commitment)


def test_a_note_shows_on_the_dashboard_at_once_without_recomputing_the_group_bys(
    cache_on, editor_client, commitment
):
    before, _ = get(editor_client, reverse("dashboard"))
    assert before.context["figures"]["stale"] == 1
    record_note(editor_client, commitment)
    after, sqls = get(editor_client, reverse("dashboard"))
    assert after.context["figures"]["stale"] == 0
    assert after.context["figures"]["open_total"] == 1
    assert not any("GROUP BY" in sql for sql in sqls)
    assert len(counts(sqls)) == 3  # stale (active, undated) and changed recently, no more


def test_renaming_a_counterpart_shows_on_the_dashboard_at_once(cache_on, viewer_client, commitment):
    get(viewer_client, reverse("dashboard"))
    services.save_reference(
        record=Party.objects.get(code="CN"), fields={"name": "People's Republic of China"}
    )
    response, _ = get(viewer_client, reverse("dashboard"))
    names = [row["name"] for row in response.context["figures"]["by_counterpart"]]
    assert names == ["People's Republic of China"]
    assert b"People&#x27;s Republic of China" in response.content


def test_the_dashboard_s_tables_follow_a_status_move_at_once(cache_on, editor_client, commitment):
    before, _ = get(editor_client, reverse("dashboard"))
    assert before.content.count(b'data-figure="counterpart-CN">1<') == 1
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"status": "fulfilled", "note": "Done.", "version": 1},
    )
    assert response.status_code == 302
    after, sqls = get(editor_client, reverse("dashboard"))
    assert any("GROUP BY" in sql for sql in sqls)
    assert b'data-figure="counterpart-CN">' not in after.content


def test_the_list_counts_once_per_data_version(cache_on, viewer_client, commitment):
    first, sqls = get(viewer_client, reverse("commitment-list"))
    assert first.context["page"].paginator.count == 1
    assert counts(sqls)
    again, sqls = get(viewer_client, reverse("commitment-list"), page=1)
    assert again.context["page"].paginator.count == 1
    assert not counts(sqls)
    another(commitment)
    after, sqls = get(viewer_client, reverse("commitment-list"))
    assert after.context["page"].paginator.count == 2
    assert counts(sqls)


def test_a_note_keeps_plain_counts_and_recounts_those_that_read_activity(
    cache_on, editor_client, commitment
):
    assert get(editor_client, reverse("commitment-list"))[0].context["page"].paginator.count == 1
    stale, _ = get(editor_client, reverse("commitment-list"), stale="true")
    assert stale.context["page"].paginator.count == 1
    record_note(editor_client, commitment)
    plain, sqls = get(editor_client, reverse("commitment-list"))
    assert plain.context["page"].paginator.count == 1
    assert not counts(sqls)
    stale, sqls = get(editor_client, reverse("commitment-list"), stale="true")
    assert stale.context["page"].paginator.count == 0
    assert counts(sqls)


def test_the_api_list_count_is_cached_and_moves_with_the_data(cache_on, viewer_client, commitment):
    assert viewer_client.get(reverse("api:commitment-list")).json()["count"] == 1
    _, sqls = get(viewer_client, reverse("api:commitment-list"))
    assert not counts(sqls)
    another(commitment)
    assert viewer_client.get(reverse("api:commitment-list")).json()["count"] == 2


def test_the_filter_form_shows_a_new_topic_at_once(cache_on, viewer_client, commitment):
    first, _ = get(viewer_client, reverse("commitment-list"))
    assert "Climate and water" not in first.content.decode()
    # Made as the admin and the API make it (the rendered filter fields are cached).
    services.save_reference(record=Topic(), fields={"name": "Climate and water", "slug": "water"})
    after, _ = get(viewer_client, reverse("commitment-list"))
    assert "Climate and water" in after.content.decode()


def test_the_filter_form_keeps_what_each_query_chose(cache_on, viewer_client, commitment):
    get(viewer_client, reverse("commitment-list"))
    chosen, _ = get(viewer_client, reverse("commitment-list"), q="security", kind="request")
    html = chosen.content.decode()
    assert 'value="security"' in html
    assert '<option value="request" selected>' in html
    plain, _ = get(viewer_client, reverse("commitment-list"))
    assert 'value="security"' not in plain.content.decode()


# Rendered rows, kept per commitment version ---------------------------------------------------


def row_of(response, commitment) -> str:
    html = response.content.decode()
    start = html.index(f'href="/commitments/{commitment.pk}/"')
    return html[start : html.index("</tr>", start)]


def test_list_rows_are_rendered_once_per_commitment_version(cache_on, viewer_client, commitment):
    get(viewer_client, reverse("commitment-list"))
    again, sqls = get(viewer_client, reverse("commitment-list"))
    assert commitment.title in again.content.decode()
    # Neither the row nor its topics and parties were fetched again.
    assert not any("meetings_commitment_topics" in sql for sql in sqls)


def test_a_recorded_update_changes_its_row_at_once(cache_on, editor_client, commitment):
    before, _ = get(editor_client, reverse("commitment-list"))
    assert "stale" in row_of(before, commitment)
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"status": "in_progress", "note": "Working level talks began.", "version": 1},
    )
    assert response.status_code == 302
    after, _ = get(editor_client, reverse("commitment-list"))
    row = row_of(after, commitment)
    assert "in progress" in row.lower()
    assert "stale" not in row


def test_renaming_a_topic_or_an_assignee_changes_the_rows_at_once(
    cache_on, editor_client, commitment, editor
):
    topic = TopicFactory(name="Maritime affairs")
    commitment.topics.add(topic)
    commitment.assignee = editor
    commitment.save()
    get(editor_client, reverse("commitment-list"))
    services.save_reference(record=topic, fields={"name": "Maritime security"})
    editor.username = "desk-officer-cn"
    editor.save()
    row = row_of(get(editor_client, reverse("commitment-list"))[0], commitment)
    assert "Maritime security" in row
    assert "desk-officer-cn" in row


def test_signing_in_keeps_the_figures_and_the_counts(cache_on, editor, client):
    from tests.conftest import PASSWORD

    before = versions.current()
    assert client.post(reverse("login"), {"username": editor.username, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200
    after = versions.current()
    assert after[versions.FIGURES] == before[versions.FIGURES]
    assert after[versions.ACTIVITY] == before[versions.ACTIVITY]


def test_signing_in_keeps_the_rendered_rows(cache_on, editor, viewer_client, client, commitment):
    """A sign-in writes only the person's last sign-in, which no page shows: everyone's rows
    stay rendered. Renaming the person does not (``..._changes_the_rows_at_once`` above)."""
    from tests.conftest import PASSWORD

    get(viewer_client, reverse("commitment-list"))
    before = versions.current()[versions.REFERENCE]

    assert client.post(reverse("login"), {"username": editor.username, "password": PASSWORD})

    assert versions.current()[versions.REFERENCE] == before
    _page, sqls = get(viewer_client, reverse("commitment-list"))
    assert not [sql for sql in sqls if '"meetings_commitment"."title"' in sql]


def test_api_rows_are_kept_per_version_and_change_with_a_recorded_update(
    cache_on, editor_client, commitment
):
    url = reverse("api:commitment-list")
    assert editor_client.get(url).json()["results"][0]["status"] == "open"
    _, sqls = get(editor_client, url)
    assert not any("meetings_commitment_topics" in sql for sql in sqls)
    response = editor_client.post(
        reverse("api:commitment-updates", args=[commitment.pk]),
        {"status": "in_progress", "note": "Working level talks began.", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    row = editor_client.get(url).json()["results"][0]
    assert row["status"] == "in_progress"
    assert row["version"] == 2
    assert row["last_update"]["status"] == "in_progress"


# One recomputation at a time -------------------------------------------------------------------


def in_own_thread(action):
    """``action`` as another request would run it: its own connection, closed after."""
    from django.db import connections

    def run():
        try:
            action()
        finally:
            connections.close_all()

    return run


@pytest.fixture
def memory_cache(settings, django_db_serialized_rollback, transactional_db):
    """A cache other threads can write to at once (SQLite locks the database cache's table)."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "rows": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_a_view_waits_for_the_one_already_computing_a_value(memory_cache):
    import threading
    import time

    started, results = threading.Event(), []

    def slow():
        started.set()
        time.sleep(0.5)
        return {"open_total": 7}

    def must_not_run():
        raise AssertionError("computed twice")

    first = threading.Thread(
        target=in_own_thread(
            lambda: results.append(caching.cached("figures", slow, scopes=[caching.FIGURES]))
        )
    )
    first.start()
    started.wait(5)
    second = caching.cached("figures", must_not_run, scopes=[caching.FIGURES], wait=5)
    first.join()

    assert second == results[0] == {"open_total": 7}


def test_a_view_computes_the_value_itself_if_the_other_failed(memory_cache):
    import threading

    started = threading.Event()

    def fails():
        started.set()
        raise RuntimeError("the database went away")

    def attempt():
        with pytest.raises(RuntimeError):
            caching.cached("figures", fails, scopes=[caching.FIGURES])

    first = threading.Thread(target=in_own_thread(attempt))
    first.start()
    started.wait(5)
    first.join()

    assert caching.cached("figures", lambda: {"open_total": 3}, scopes=[caching.FIGURES]) == {
        "open_total": 3
    }


# Forms show what was just written ----------------------------------------------------------


def test_the_assign_form_lists_a_new_division_and_a_renamed_user_at_once(
    cache_on, manager_client, commitment, editor
):
    from tests.factories import DivisionFactory

    url = reverse("commitment-detail", args=[commitment.pk])
    assert manager_client.get(url).status_code == 200
    DivisionFactory(name="China and Mongolia Division", code="CMD")
    editor.first_name, editor.last_name = "Hanako", "Sato"
    editor.save()
    html = manager_client.get(url).content.decode()
    assert "China and Mongolia Division" in html
    assert "Hanako Sato" in html


def test_the_new_meeting_parties_are_ticked_for_each_commitment_s_own_meeting(
    cache_on, editor_client, commitment
):
    from tests.factories import PartyFactory

    korea = MeetingFactory(parties=[PartyFactory(code="JP"), PartyFactory(code="KR")])
    other = CommitmentFactory(meeting=korea)
    first = editor_client.get(reverse("commitment-detail", args=[commitment.pk]))
    second = editor_client.get(reverse("commitment-detail", args=[other.pk]))
    cn = Party.objects.get(code="CN").pk
    kr = Party.objects.get(code="KR").pk
    assert f'value="{cn}" id="id_new_meeting_parties_' in first.content.decode()
    assert checked(first, cn) and not checked(first, kr)
    assert checked(second, kr) and not checked(second, cn)


def checked(response, party_pk: int) -> bool:
    html = response.content.decode()
    start = html.index(f'name="new_meeting_parties" value="{party_pk}"')
    return " checked" in html[start : html.index(">", start)]


def test_a_recorded_note_shows_in_the_briefing_at_once(cache_on, editor_client, commitment):
    url = reverse("briefing", args=["CN"])
    before = editor_client.get(url).content.decode()
    assert "nothing recorded since it was made" in before
    record_note(editor_client, commitment)
    after = editor_client.get(url).content.decode()
    assert "Raised again at working level." in after
    assert "nothing recorded since it was made" not in after


# Roles and accounts apply from the next request (each request's person is kept, until any
# account, group or permission changes, by any door) -----------------------------------------


def test_the_signed_in_person_is_read_once_and_kept_for_the_next_requests(cache_on, editor_client):
    url = reverse("commitment-list")
    assert editor_client.get(url).status_code == 200

    _page, sqls = get(editor_client, url)

    people = ('FROM "auth_user"', 'FROM "auth_permission"', 'FROM "auth_group"')
    assert not [sql for sql in sqls if any(table in sql for table in people)]


def test_the_top_bar_s_saved_filters_are_kept_and_follow_every_change_at_once(
    cache_on, editor, editor_client, client
):
    china = services.save_reference(
        record=Division(), fields={"name": "China Division", "code": "CHN"}
    )
    colleague = UserFactory(username="carl", role="viewer")
    client.force_login(colleague)
    url = reverse("meeting-list")

    def top_bar(who) -> str:
        """The top bar as the next page draws it; the page after reads no saved filter."""
        page, _ = get(who, url)
        _, again = get(who, url)
        assert not [sql for sql in again if 'FROM "meetings_savedfilter"' in sql]
        return page.content.decode().split("<main", 1)[0]

    assert "China desk" not in top_bar(editor_client) + top_bar(client)
    services.set_divisions(user=editor, divisions=[china])
    services.set_divisions(user=colleague, divisions=[china])
    shared = services.save_filter(
        owner=editor, name="China desk", query="open=true", division=china
    )
    assert 'China desk</a> <span class="muted">China Division</span>' in top_bar(editor_client)
    assert 'China desk</a> <span class="muted">China Division</span>' in top_bar(client)

    services.save_reference(record=china, fields={"name": "China and Mongolia Division"})
    assert "China and Mongolia Division</span>" in top_bar(client)
    services.change_saved_filter(saved=shared, person=editor, name="China, open", division=None)
    assert "China, open</a></li>" in top_bar(editor_client)
    assert "China" not in top_bar(client)
    services.delete_saved_filter(saved=shared, person=editor)
    assert "China, open" not in top_bar(editor_client)


def test_sessions_ended_by_an_administrator_end_at_the_next_request(
    cache_on, editor, editor_client
):
    url = reverse("commitment-list")
    assert editor_client.get(url).status_code == 200

    services.end_sessions_and_tokens(user=editor)

    response = editor_client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_permission_given_to_one_person_applies_from_the_next_request(
    cache_on, viewer, viewer_client, commitment
):
    from django.contrib.auth.models import Permission

    url = reverse("commitment-record-update", args=[commitment.pk])
    data = {"note": "Raised again.", "version": 1}
    assert viewer_client.post(url, data).status_code == 403

    viewer.user_permissions.add(Permission.objects.get(codename="add_update"))

    assert viewer_client.post(url, data).status_code == 302


def test_a_division_given_to_a_person_applies_from_the_next_request(
    cache_on, editor, editor_client
):
    division = services.save_reference(
        record=Division(), fields={"name": "China and Mongolia Division", "code": "CMD"}
    )
    account = reverse("account")
    assert "China and Mongolia Division" not in editor_client.get(account).content.decode()

    services.set_divisions(user=editor, divisions=[division])

    assert "China and Mongolia Division" in editor_client.get(account).content.decode()


def test_a_role_taken_away_applies_from_the_next_request(cache_on, editor, editor_client):
    from meetings import services

    url = reverse("commitment-list")
    assert editor_client.get(url).status_code == 200
    services.set_role(user=editor, role="viewer")
    assert editor_client.get(url).status_code == 200  # viewers read lists too
    editor.groups.clear()
    assert editor_client.get(url).status_code == 403


def test_a_group_losing_a_permission_applies_from_the_next_request(
    cache_on, editor_client, commitment
):
    from django.contrib.auth.models import Group, Permission

    url = reverse("commitment-record-update", args=[commitment.pk])
    data = {"note": "Raised again.", "version": 1}
    group = Group.objects.get(name="editor")
    permission = Permission.objects.get(codename="add_update")
    assert editor_client.get(reverse("commitment-list")).status_code == 200
    group.permissions.remove(permission)
    assert editor_client.post(url, data).status_code == 403


def test_a_deactivated_account_is_signed_out_at_the_next_request(cache_on, editor, editor_client):
    url = reverse("commitment-list")
    assert editor_client.get(url).status_code == 200
    editor.is_active = False
    editor.save()
    response = editor_client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_password_changed_elsewhere_signs_the_other_sessions_out(cache_on, editor, editor_client):
    url = reverse("commitment-list")
    assert editor_client.get(url).status_code == 200
    editor.set_password("a-completely-new-passphrase")
    editor.save()
    response = editor_client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# The meeting page's link checklist ---------------------------------------------------------------


def test_link_candidates_show_a_new_status_at_once_and_a_refused_link_keeps_its_ticks(
    cache_on, editor_client, commitment
):
    later = MeetingFactory(held_on=datetime.date(2024, 6, 1), title="Later talks")
    url = reverse("meeting-detail", args=[later.pk])
    first = editor_client.get(url).content.decode()
    assert f'value="{commitment.pk}" id="link-{commitment.pk}">' in first  # not ticked
    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {"status": "stalled", "note": "No reply from Beijing.", "version": 1},
    )
    assert response.status_code == 302
    assert "stalled" in editor_client.get(url).content.decode().lower()
    refused = editor_client.post(
        reverse("meeting-link", args=[later.pk]),
        {"commitments": [commitment.pk], "effect": "", "note": ""},
    )
    assert refused.status_code == 422
    assert f'value="{commitment.pk}" id="link-{commitment.pk}" checked>' in (
        refused.content.decode()
    )


def test_the_filter_form_names_a_renamed_division_at_once(cache_on, viewer_client, commitment):
    division = services.save_reference(
        record=Division(), fields={"name": "China and Mongolia Division", "code": "CMD"}
    )
    before = get(viewer_client, reverse("commitment-list"))[0].content.decode()
    assert "China and Mongolia Division" in before

    services.save_reference(record=division, fields={"name": "China Division"})

    html = get(viewer_client, reverse("commitment-list"))[0].content.decode()
    assert "China Division" in html
    assert "China and Mongolia Division" not in html


def test_the_filter_form_shows_a_new_person_to_assign_at_once(cache_on, viewer_client, commitment):
    get(viewer_client, reverse("commitment-list"))

    services.add_user(username="newcomer", role="editor")

    assert "newcomer" in get(viewer_client, reverse("commitment-list"))[0].content.decode()


def test_the_bulk_form_offers_each_role_its_own_actions(
    cache_on, editor_client, manager_client, commitment
):
    manager_page = get(manager_client, reverse("commitment-list"))[0].content.decode()
    editor_page = get(editor_client, reverse("commitment-list"))[0].content.decode()
    again = get(manager_client, reverse("commitment-list"))[0].content.decode()

    assert ">Set the priority<" in manager_page
    assert ">Set the priority<" not in editor_page
    assert ">Set the priority<" in again


def test_the_bulk_form_offers_a_new_person_at_once(cache_on, editor_client, commitment):
    get(editor_client, reverse("commitment-list"))

    services.add_user(username="newcomer", role="editor")

    page = get(editor_client, reverse("commitment-list"))[0].content.decode()
    assert page.count(">newcomer<") == 2  # the filter's assignee and the bulk form's


def test_a_filter_refused_is_drawn_with_its_error_and_the_next_page_without(
    cache_on, viewer_client, commitment
):
    """A select is drawn once per value and attributes: the error's attributes included."""
    url = reverse("commitment-list")
    refused = viewer_client.get(url, {"owner": "999999"})
    accepted = viewer_client.get(url)

    def owner_select(response) -> str:
        html = response.content.decode()
        start = html.index('<select name="owner"')
        return html[start : html.index(">", start)]

    assert refused.status_code == 422
    assert 'aria-invalid="true"' in owner_select(refused)
    assert "aria-invalid" not in owner_select(accepted)


def test_the_admin_lists_count_once_per_data_version(cache_on, manager_client, commitment):
    url = reverse("admin:meetings_commitment_changelist")
    first, first_sqls = get(manager_client, url, q="talks")
    again, again_sqls = get(manager_client, url, q="talks")
    assert counts(first_sqls) and not counts(again_sqls)
    assert first.context["cl"].result_count == again.context["cl"].result_count

    another(commitment)  # "Hold talks", through the service, which moves the figures

    after, _sqls = get(manager_client, url, q="talks")
    assert after.context["cl"].result_count == first.context["cl"].result_count + 1


def test_the_redis_cache_keeps_one_client_and_reads_and_writes_as_django_s(settings):
    from django.core.cache import caches

    from tests.conftest import TEST_REDIS_URL, _redis_or_skip

    _redis_or_skip()
    settings.CACHES = {
        "default": {"BACKEND": "meetings.caching.redis.RedisCache", "LOCATION": TEST_REDIS_URL}
    }
    cache = caches["default"]
    cache.clear()

    cache.set("figures", {"open": 3})
    assert cache.add("count", 7) and not cache.add("count", 8)
    cache.set_many({"row-1": "<tr>1</tr>", "row-2": "<tr>2</tr>"})
    cache.delete("row-2")

    assert cache.get("figures") == {"open": 3}
    assert cache.get_many(["count", "row-1", "row-2"]) == {"count": 7, "row-1": "<tr>1</tr>"}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.clear()
