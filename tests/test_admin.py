"""The admin as a manager uses it: every page loads, data entry saves, status moves go through
``record_update``; everybody else is sent to the admin login."""

import datetime
from urllib.parse import unquote

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import models
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from meetings.models import (
    Attendance,
    Commitment,
    Division,
    Mechanism,
    Meeting,
    Party,
    Person,
    Topic,
    Update,
)
from meetings.status import Effect, Kind, MeetingKind, Status
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    DivisionFactory,
    MechanismFactory,
    MeetingFactory,
    PartyFactory,
    PersonFactory,
    TopicFactory,
    UpdateFactory,
    home_party,
)

pytestmark = pytest.mark.django_db

D = datetime.date
BUSAN = D(2023, 11, 25)

MEETINGS_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "meetings"),
    key=lambda model: model._meta.model_name,
)

MAKERS = {
    Party: lambda: PartyFactory(code="KR"),
    Person: PersonFactory,
    Mechanism: MechanismFactory,
    Topic: TopicFactory,
    Division: DivisionFactory,
    Meeting: MeetingFactory,
    Commitment: CommitmentFactory,
    Update: UpdateFactory,
}


@pytest.fixture
def commitment():
    return CommitmentFactory(
        meeting=MeetingFactory(held_on=BUSAN), title="Hold the dialogue", topics=[TopicFactory()]
    )


def admin_url(model: type[models.Model], view: str, *args) -> str:
    return reverse(f"admin:meetings_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """What a browser would post back from a rendered admin change form, unchanged."""
    data = {}

    def put(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
            if multiple and not value:
                continue  # a browser sends nothing for a multi-select with no choice
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(value, (list, tuple, models.QuerySet)):
                value = [getattr(item, "pk", item) for item in value]
            elif isinstance(value, models.Model):
                value = value.pk
            elif isinstance(value, datetime.date | datetime.time):
                value = value.isoformat()
            data[form.add_prefix(name)] = "" if value is None else value

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form)
        for form in formset.forms:
            put(form)
    return data


# Pages load for a manager


def test_the_admin_index_loads_for_a_manager(manager_client):
    assert manager_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("model", MEETINGS_MODELS, ids=lambda m: m._meta.model_name)
def test_every_changelist_loads_for_a_manager(manager_client, model):
    MAKERS[model]()

    response = manager_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() >= 1


@pytest.mark.parametrize(
    "model",
    [model for model in MEETINGS_MODELS if model is not Update],
    ids=lambda m: m._meta.model_name,
)
def test_every_add_page_loads_for_a_manager(manager_client, model):
    assert manager_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", MEETINGS_MODELS, ids=lambda m: m._meta.model_name)
def test_every_change_page_loads_for_a_manager(manager_client, model):
    obj = MAKERS[model]()

    assert manager_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["status=open", "overdue=yes", "overdue=stale", "counterpart=CN", "q=dialogue"],
)
def test_the_commitment_filters_and_search_load(manager_client, commitment, query):
    response = manager_client.get(admin_url(Commitment, "changelist") + "?" + query)

    assert response.status_code == 200


def test_the_people_autocomplete_answers_a_manager(manager_client):
    PersonFactory(name="KAMIKAWA Yoko", party=home_party())

    response = manager_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "meetings",
            "model_name": "attendance",
            "field_name": "person",
            "term": "kami",
        },
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["KAMIKAWA Yoko (JP)"]


# Everybody else is sent to the admin login


@pytest.mark.parametrize("who", ["viewer_client", "editor_client", "outsider_client", "anonymous"])
@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("admin:index"),
        lambda: admin_url(Meeting, "changelist"),
        lambda: admin_url(Commitment, "add"),
    ],
    ids=["index", "meeting-changelist", "commitment-add"],
)
def test_the_admin_sends_everyone_but_staff_to_a_login_page(request, who, url):
    client = Client() if who == "anonymous" else request.getfixturevalue(who)

    response = client.get(url())

    assert response.status_code == 302
    # Anonymous visitors may meet the site's login first (LoginRequiredMiddleware); either
    # login page brings them back to the page they asked for.
    login_pages = (reverse("admin:login"), resolve_url(settings.LOGIN_URL))
    assert response["Location"].startswith(login_pages)
    assert f"next={url()}" in unquote(response["Location"])


def test_a_viewer_cannot_record_an_update_through_the_admin(viewer_client, commitment):
    response = viewer_client.post(
        admin_url(Commitment, "add_update", commitment.pk),
        {"note": "Sneaked in.", "version": 1},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not commitment.updates.exists()


def test_a_viewer_cannot_save_a_meeting_through_the_admin(viewer_client):
    response = viewer_client.post(admin_url(Meeting, "add"), {"title": "Sneaked in"})

    assert response.status_code == 302
    assert not Meeting.objects.exists()


# A manager enters the Busan meeting


def test_a_manager_adds_a_meeting_with_its_attendance_and_a_commitment(manager_client):
    japan, china = home_party(), PartyFactory(code="CN")
    kamikawa = PersonFactory(name="KAMIKAWA Yoko", party=japan)
    topic = TopicFactory(slug="security", name="Security")
    management = {"TOTAL_FORMS": 1, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    data = {
        "title": "Japan-China Foreign Ministers' Meeting",
        "kind": MeetingKind.FOREIGN_MINISTERS,
        "review": "confirmed",
        "parties": [japan.pk, china.pk],
        "held_on": "2023-11-25",
        "start_time": "17:30",
        "duration_minutes": "100",
        "place": "Busan",
        "occasion": "while attending the Trilateral Foreign Ministers' Meeting",
        **{f"attendances-{key}": value for key, value in management.items()},
        "attendances-0-order": "0",
        "attendances-0-person": kamikawa.pk,
        "attendances-0-title": "Minister for Foreign Affairs of Japan",
        "attendances-0-party": japan.pk,
        **{f"commitments-{key}": value for key, value in management.items()},
        "commitments-0-paragraph": "3",
        "commitments-0-kind": Kind.JOINT,
        "commitments-0-title": "Hold the Japan-China Security Dialogue at an early date",
        "commitments-0-text": "The two Ministers shared the view to hold the Security Dialogue.",
        "commitments-0-responsible": [japan.pk, china.pk],
        "commitments-0-topics": [topic.pk],
        "commitments-0-target": "at an early date",
        "commitments-0-priority": "normal",
        "commitments-0-review": "confirmed",
    }

    response = manager_client.post(admin_url(Meeting, "add"), data)

    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]
    meeting = Meeting.objects.get()
    assert (meeting.place, meeting.duration_minutes) == ("Busan", 100)
    assert set(meeting.parties.values_list("code", flat=True)) == {"JP", "CN"}
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.person, attendance.party) == (kamikawa, japan)
    commitment = Commitment.objects.get(meeting=meeting)
    assert commitment.status == Status.OPEN
    assert commitment.expected_by == BUSAN + datetime.timedelta(days=180)
    assert set(commitment.responsible.values_list("code", flat=True)) == {"JP", "CN"}
    assert list(commitment.topics.all()) == [topic]


def test_a_request_without_its_requester_is_refused_in_the_meeting_form(manager_client):
    japan, china = home_party(), PartyFactory(code="CN")
    topic = TopicFactory()
    empty = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    data = {
        "title": "Japan-China Foreign Ministers' Meeting",
        "kind": MeetingKind.FOREIGN_MINISTERS,
        "review": "confirmed",
        "parties": [japan.pk, china.pk],
        "held_on": "2023-11-25",
        **{f"attendances-{key}": value for key, value in empty.items()},
        **{f"commitments-{key}": value for key, value in empty.items()},
        "commitments-TOTAL_FORMS": 1,
        "commitments-0-kind": Kind.REQUEST,
        "commitments-0-title": "Release the detained nationals",
        "commitments-0-text": "called for the early release of Japanese nationals.",
        "commitments-0-responsible": [china.pk],
        "commitments-0-topics": [topic.pk],
        "commitments-0-priority": "normal",
        "commitments-0-review": "confirmed",
    }

    response = manager_client.post(admin_url(Meeting, "add"), data)

    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_moving_a_meeting_moves_its_commitments_expected_dates(manager_client, commitment):
    Commitment.objects.filter(pk=commitment.pk).update(target="immediately")
    url = admin_url(Meeting, "change", commitment.meeting.pk)
    data = form_data(manager_client.get(url))
    data["held_on"] = "2023-12-01"

    response = manager_client.post(url, data)

    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).expected_by == D(2023, 12, 31)


def test_a_meeting_with_commitments_cannot_be_deleted_in_the_admin(manager_client, commitment):
    meeting = commitment.meeting

    response = manager_client.post(admin_url(Meeting, "delete", meeting.pk), {"post": "yes"})

    assert response.status_code == 200
    assert response.context["protected"]
    assert Meeting.objects.filter(pk=meeting.pk).exists()


# Commitment change form and its concurrency check


def test_a_manager_edits_a_commitment_and_its_version_rises(manager_client, commitment):
    url = admin_url(Commitment, "change", commitment.pk)
    data = form_data(manager_client.get(url))
    data["title"] = "Hold the Security Dialogue"

    response = manager_client.post(url, data)

    assert response.status_code == 302
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.title, saved.version) == ("Hold the Security Dialogue", 2)


def test_editing_a_commitment_someone_changed_meanwhile_is_refused(
    manager_client, commitment, editor
):
    url = admin_url(Commitment, "change", commitment.pk)
    data = form_data(manager_client.get(url))
    assert data["seen_version"] == 1
    from meetings.services import record_update

    record_update(commitment=commitment, author=editor, note="Raised at working level.")
    data["title"] = "Overwritten title"

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert "changed by someone else" in str(response.context["adminform"].form.errors)
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.title, saved.version) == ("Hold the dialogue", 2)


def test_unticking_continuing_on_an_ongoing_commitment_is_refused_with_a_field_error(
    manager_client,
):
    ongoing = CommitmentFactory(continuing=True, status=Status.ONGOING, topics=[TopicFactory()])
    url = admin_url(Commitment, "change", ongoing.pk)
    data = form_data(manager_client.get(url))
    del data["continuing"]

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert "continuing" in response.context["adminform"].form.errors
    saved = Commitment.objects.get(pk=ongoing.pk)
    assert (saved.continuing, saved.version) == (True, 1)


def test_ticking_continuing_on_a_fulfilled_commitment_is_refused_with_a_field_error(
    manager_client,
):
    fulfilled = CommitmentFactory(status=Status.FULFILLED, topics=[TopicFactory()])
    url = admin_url(Commitment, "change", fulfilled.pk)
    data = form_data(manager_client.get(url))
    data["continuing"] = "on"

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert "continuing" in response.context["adminform"].form.errors
    assert not Commitment.objects.get(pk=fulfilled.pk).continuing


def test_unticking_continuing_in_the_meeting_inline_is_refused(manager_client):
    ongoing = CommitmentFactory(continuing=True, status=Status.ONGOING, topics=[TopicFactory()])
    url = admin_url(Meeting, "change", ongoing.meeting.pk)
    data = form_data(manager_client.get(url))
    del data["commitments-0-continuing"]

    response = manager_client.post(url, data)

    assert response.status_code == 200
    assert Commitment.objects.get(pk=ongoing.pk).continuing


def test_the_status_cannot_be_edited_as_a_field(manager_client, commitment):
    url = admin_url(Commitment, "change", commitment.pk)
    data = form_data(manager_client.get(url))
    data["status"] = Status.FULFILLED

    response = manager_client.post(url, data)

    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).status == Status.OPEN


# The "record an update" page


def test_the_add_update_page_loads_for_a_manager(manager_client, commitment):
    response = manager_client.get(admin_url(Commitment, "add_update", commitment.pk))

    assert response.status_code == 200
    assert response.context["form"]["version"].value() == 1


def test_the_add_update_page_records_an_update(manager_client, manager, commitment):
    response = manager_client.post(
        admin_url(Commitment, "add_update", commitment.pk),
        {
            "status": Status.IN_PROGRESS,
            "note": "Working-level talks began.",
            "happened_on": "2024-02-01",
            "version": 1,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == admin_url(Commitment, "change", commitment.pk)
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.status, saved.version) == (Status.IN_PROGRESS, 2)
    update = saved.updates.get()
    assert (update.previous_status, update.status, update.author) == (
        Status.OPEN,
        Status.IN_PROGRESS,
        manager,
    )


def test_the_add_update_page_links_a_later_meeting(manager_client, commitment):
    later = MeetingFactory(held_on=D(2024, 12, 25), place="Beijing")

    response = manager_client.post(
        admin_url(Commitment, "add_update", commitment.pk),
        {"meeting": later.pk, "effect": Effect.REAFFIRMED, "version": 1},
    )

    assert response.status_code == 302
    update = Update.objects.get(commitment=commitment)
    assert (update.meeting, update.effect, update.happened_on) == (
        later,
        Effect.REAFFIRMED,
        later.held_on,
    )


def test_the_add_update_page_refuses_a_forbidden_move_with_a_field_error(manager_client):
    continuing = CommitmentFactory(continuing=True, status=Status.ONGOING)

    response = manager_client.post(
        admin_url(Commitment, "add_update", continuing.pk),
        {"status": Status.FULFILLED, "note": "Done.", "version": 1},
    )

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not continuing.updates.exists()
    assert Commitment.objects.get(pk=continuing.pk).status == Status.ONGOING


def test_the_add_update_page_asks_for_a_note_when_closing(manager_client, commitment):
    response = manager_client.post(
        admin_url(Commitment, "add_update", commitment.pk),
        {"status": Status.DROPPED, "note": "", "version": 1},
    )

    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert not commitment.updates.exists()
    assert Commitment.objects.get(pk=commitment.pk).status == Status.OPEN


def test_the_add_update_page_refuses_a_stale_version(manager_client, commitment, editor):
    from meetings.services import record_update

    record_update(commitment=commitment, author=editor, note="Someone else first.")

    response = manager_client.post(
        admin_url(Commitment, "add_update", commitment.pk),
        {"status": Status.DROPPED, "note": "Withdrawn.", "version": 1},
    )

    assert response.status_code == 200
    assert response.context["stale"] is not None
    assert response.context["form"].non_field_errors()
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.status, saved.version, saved.updates.count()) == (Status.OPEN, 2, 1)


def test_after_a_stale_refusal_saving_again_records_the_update(manager_client, commitment, editor):
    from meetings.services import record_update

    record_update(commitment=commitment, author=editor, note="Someone else first.")
    url = admin_url(Commitment, "add_update", commitment.pk)
    typed = {"status": Status.DROPPED, "note": "Withdrawn.", "version": 1}
    refused = manager_client.post(url, typed)
    redrawn = refused.context["form"]
    assert (redrawn["version"].value(), redrawn["note"].value()) == ("2", "Withdrawn.")

    response = manager_client.post(url, {**typed, "version": redrawn["version"].value()})

    assert response.status_code == 302
    saved = Commitment.objects.get(pk=commitment.pk)
    assert (saved.status, saved.version, saved.updates.count()) == (Status.DROPPED, 3, 2)


# The bulk "change status" action


def _run_action(client, commitments, **form):
    data = {"action": "change_status", ACTION_CHECKBOX_NAME: [c.pk for c in commitments]}
    if form:
        data.update(apply="1", **form)
    return client.post(admin_url(Commitment, "changelist"), data)


def test_the_change_status_action_first_asks_for_a_note(manager_client, commitment):
    response = _run_action(manager_client, [commitment])

    assert response.status_code == 200
    assert "note" in response.context["form"].fields
    assert list(response.context["commitments"]) == [commitment]
    assert not commitment.updates.exists()


def test_the_change_status_action_records_one_update_per_commitment(manager_client, commitment):
    other = CommitmentFactory(meeting=commitment.meeting)

    response = _run_action(
        manager_client, [commitment, other], status=Status.DROPPED, note="Overtaken by events."
    )

    assert response.status_code == 302
    for saved in Commitment.objects.filter(pk__in=[commitment.pk, other.pk]):
        assert (saved.status, saved.version) == (Status.DROPPED, 2)
        update = saved.updates.get()
        assert (update.status, update.note) == (Status.DROPPED, "Overtaken by events.")


def test_the_change_status_action_records_nothing_if_one_move_is_refused(
    manager_client, commitment
):
    continuing = CommitmentFactory(
        meeting=commitment.meeting, continuing=True, status=Status.ONGOING
    )

    response = _run_action(
        manager_client, [commitment, continuing], status=Status.FULFILLED, note="Done."
    )

    assert response.status_code == 302
    (message,) = get_messages(response.wsgi_request)
    assert str(message).startswith("Nothing was changed.")
    assert continuing.title in str(message)
    assert not Update.objects.exists()
    assert Commitment.objects.get(pk=commitment.pk).status == Status.OPEN
    assert Commitment.objects.get(pk=continuing.pk).status == Status.ONGOING


def test_the_change_status_action_without_a_note_closes_nothing(manager_client, commitment):
    response = _run_action(manager_client, [commitment], status=Status.DROPPED, note="")

    assert response.status_code == 302
    assert not Update.objects.exists()
    assert Commitment.objects.get(pk=commitment.pk).status == Status.OPEN


# The timeline is read-only in the admin


def test_the_update_admin_has_no_add_page(manager_client, superuser):
    superuser_client = Client()
    superuser_client.force_login(superuser)

    assert manager_client.get(admin_url(Update, "add")).status_code == 403
    assert superuser_client.get(admin_url(Update, "add")).status_code == 403


def test_an_update_cannot_be_changed_in_the_admin(manager_client):
    update = UpdateFactory(note="As first written.")

    response = manager_client.post(
        admin_url(Update, "change", update.pk), {"note": "Rewritten.", "happened_on": "2024-01-01"}
    )

    assert response.status_code == 403
    assert Update.objects.get(pk=update.pk).note == "As first written."


def test_an_update_cannot_be_deleted_in_the_admin(manager_client):
    update = UpdateFactory()

    response = manager_client.post(admin_url(Update, "delete", update.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Update.objects.filter(pk=update.pk).exists()


def test_the_timeline_inline_is_read_only(manager_client, commitment):
    UpdateFactory(commitment=commitment)

    response = manager_client.get(admin_url(Commitment, "change", commitment.pk))

    (timeline,) = response.context["inline_admin_formsets"]
    assert not timeline.has_add_permission
    assert not timeline.has_change_permission
    assert not timeline.has_delete_permission


def test_an_attendance_inline_row_shows_the_person(manager_client):
    attendance = AttendanceFactory()

    response = manager_client.get(admin_url(Meeting, "change", attendance.meeting.pk))

    assert response.status_code == 200
    assert attendance.person.name in response.content.decode()


@pytest.mark.parametrize("model", [Commitment, Meeting])
def test_a_changelist_s_checkboxes_are_django_s_own(model, db):
    """The services' admins draw the action checkboxes themselves (quicker than through the
    widget's templates); they must be exactly Django's, a name needing escaping included."""
    from meetings.admin.base import ServicesAdmin

    record = (CommitmentFactory if model is Commitment else MeetingFactory)(title='Talks <"&">')
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ServicesAdmin)

    ours = model_admin.action_checkbox(record)
    django_s = admin.ModelAdmin.action_checkbox(model_admin, record)

    assert ours == django_s
    assert ACTION_CHECKBOX_NAME in ours
