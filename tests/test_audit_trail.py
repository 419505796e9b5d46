"""The audit trail: every change through every door is kept, append-only, with who, when, the
door and each field before and after; shown on the History tabs, the audit page, the admin and
the API, and changed or deleted by nobody (docs/security.md, "The audit trail")."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from meetings import services
from meetings.audit.context import Door, through
from meetings.audit.models import AppendOnly, Entry
from meetings.models import Attendance, Commitment, Meeting
from meetings.status import Status
from tests.factories import (
    AttendanceFactory,
    CommitmentFactory,
    DivisionFactory,
    PersonFactory,
    TopicFactory,
    UserFactory,
)

pytest_plugins = ["tests.api_fixtures"]
pytestmark = pytest.mark.django_db

READOUT = (
    Path(__file__).resolve().parent
    / "readouts"
    / ("2024-12-25-japan-china-people-to-people-dialogue.txt")
)
JAPANESE = {"HTTP_ACCEPT_LANGUAGE": "ja"}


def entries_of(record) -> list[Entry]:
    """The entries of one record, oldest first."""
    return list(
        Entry.objects.filter(
            content_type__model=record._meta.model_name, object_pk=str(record.pk)
        ).order_by("timestamp", "pk")
    )


def last_change(record) -> Entry:
    return entries_of(record)[-1]


# Every door ------------------------------------------------------------------------------


def test_assigning_on_the_commitment_page_is_recorded_as_the_page_door_by_the_editor(
    editor_client, editor
):
    commitment = CommitmentFactory()
    division = DivisionFactory(name="China and Mongolia Division")
    officer = UserFactory(username="dora", first_name="Dora", last_name="Ito")

    response = editor_client.post(
        reverse("commitment-assign", args=[commitment.pk]),
        {"owner": division.pk, "assignee": officer.pk, "version": commitment.version},
    )

    assert response.status_code == 302
    entry = last_change(commitment)
    assert (entry.door, entry.actor, entry.actor_name) == (Door.PAGE, editor, "eddie")
    assert entry.action == Entry.Action.UPDATE
    assert entry.changes["owner"] == [None, division.pk]
    assert entry.changes["assignee"] == [None, officer.pk]
    assert entry.remote_addr == "127.0.0.1"


def test_a_status_move_on_the_page_records_the_update_and_the_status_before_and_after(
    editor_client, editor
):
    commitment = CommitmentFactory()

    response = editor_client.post(
        reverse("commitment-record-update", args=[commitment.pk]),
        {
            "status": Status.IN_PROGRESS,
            "note": "Working-level talks began.",
            "happened_on": "2024-02-01",
            "version": commitment.version,
        },
    )

    assert response.status_code == 302
    assert last_change(commitment).changes["status"] == ["open", "in_progress"]
    update = commitment.updates.get()
    created = last_change(update)
    assert (created.door, created.actor, created.action) == (Door.PAGE, editor, Entry.Action.CREATE)
    assert created.commitment_ref == commitment.pk
    assert created.changes["note"] == [None, "Working-level talks began."]


def test_a_change_through_the_api_is_recorded_as_the_api_door_by_the_tokens_owner(
    manager_api, manager
):
    commitment = CommitmentFactory(title="Hold the dialogue")

    response = manager_api.patch(
        f"/api/v1/commitments/{commitment.pk}/",
        {"title": "Hold the dialogue soon", "version": commitment.version},
        format="json",
    )

    assert response.status_code == 200
    entry = last_change(commitment)
    assert (entry.door, entry.actor) == (Door.API, manager)
    assert entry.changes["title"] == ["Hold the dialogue", "Hold the dialogue soon"]


def test_a_change_in_the_admin_is_recorded_as_the_admin_door(manager_client, manager):
    from tests.test_admin import form_data

    commitment = CommitmentFactory(title="Hold the dialogue", topics=[TopicFactory()])
    url = reverse("admin:meetings_commitment_change", args=[commitment.pk])
    data = form_data(manager_client.get(url))
    data["title"] = "Hold the Security Dialogue"

    assert manager_client.post(url, data).status_code == 302

    entry = last_change(commitment)
    assert (entry.door, entry.actor) == (Door.ADMIN, manager)
    assert entry.changes["title"] == ["Hold the dialogue", "Hold the Security Dialogue"]


def test_a_readout_uploaded_on_the_import_page_is_recorded_as_the_import_door(
    manager_client, manager
):
    upload = SimpleUploadedFile(READOUT.name, READOUT.read_bytes(), content_type="text/plain")

    response = manager_client.post(reverse("import-start"), {"file": upload})

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    created = entries_of(meeting)[0]
    assert (created.door, created.actor, created.action) == (
        Door.IMPORT,
        manager,
        Entry.Action.CREATE,
    )
    draft = Commitment.objects.filter(meeting=meeting).first()
    assert {entry.door for entry in entries_of(draft)} == {Door.IMPORT}


def test_the_import_command_is_recorded_as_the_import_door_naming_the_command():
    call_command("import_readout", str(READOUT), stdout=io.StringIO())

    entry = entries_of(Meeting.objects.get())[0]
    assert entry.door == Door.IMPORT
    assert entry.detail.startswith("import_readout (")
    assert entry.actor is None


def test_add_user_is_recorded_as_the_command_door_with_the_role_given():
    call_command("add_user", "kenji", role="editor", stdout=io.StringIO())

    user = get_user_model().objects.get(username="kenji")
    doors = {(entry.door, entry.detail.split(" ")[0]) for entry in entries_of(user)}
    assert doors == {(Door.COMMAND, "add_user")}
    membership = [entry for entry in entries_of(user) if "groups" in entry.changes]
    assert membership[-1].changes["groups"]["operation"] == "add"
    assert membership[-1].changes["groups"]["objects"] == ["editor"]


def test_a_role_changed_in_djangos_user_admin_is_recorded(superuser):
    from django.test import Client

    from tests.test_admin import form_data

    person = UserFactory(username="kenji", role="viewer")
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[person.pk])
    data = form_data(client.get(url))
    data["groups"] = [Group.objects.get(name="manager").pk]
    data["is_staff"] = "on"
    # The admin shows the date joined as two boxes; a browser sends both.
    joined = person.date_joined
    data |= {"date_joined_0": joined.strftime("%Y-%m-%d"), "date_joined_1": "12:00:00"}

    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    changes = [entry for entry in entries_of(person) if entry.door == Door.ADMIN]
    assert {entry.actor for entry in changes} == {superuser}
    groups = {
        entry.changes["groups"]["operation"]: entry.changes["groups"]["objects"]
        for entry in changes
        if "groups" in entry.changes
    }
    assert groups == {"add": ["manager"], "delete": ["viewer"]}
    assert any(entry.changes.get("is_staff") == [False, True] for entry in changes)


def test_group_membership_and_a_groups_rights_changed_by_plain_saves_are_recorded():
    person = UserFactory(username="kenji")
    editors = Group.objects.get(name="editor")

    person.groups.add(editors)
    editors.permissions.add(Permission.objects.get(codename="change_meeting"))

    assert last_change(person).changes["groups"] == {
        "type": "m2m",
        "operation": "add",
        "objects": ["editor"],
        "pks": [editors.pk],
    }
    assert last_change(editors).changes["permissions"]["operation"] == "add"


def test_a_new_password_is_recorded_as_changed_never_with_its_hash():
    person = UserFactory(username="kenji")
    with through(Door.COMMAND, detail="test"):
        services.set_password(user=person, password="a much longer passphrase 42")

    entry = last_change(person)
    assert set(entry.changes) == {"password"}
    assert "pbkdf2" not in str(entry.changes)


# Services write row by row, so nothing escapes the trail -----------------------------------


def test_replacing_attendance_records_a_changed_title_not_the_rows_dropped_and_made_anew():
    attendance = AttendanceFactory(title="Minister for Foreign Affairs")
    meeting = attendance.meeting
    newcomer = PersonFactory(party=attendance.party)

    services.replace_attendance(
        meeting=meeting,
        attendance=[
            {"person": attendance.person, "title": "Foreign Minister"},
            {"person": newcomer},
        ],
    )

    assert Attendance.objects.get(pk=attendance.pk).title == "Foreign Minister"
    assert last_change(attendance).changes["title"] == [
        "Minister for Foreign Affairs",
        "Foreign Minister",
    ]
    added = Attendance.objects.get(meeting=meeting, person=newcomer)
    assert last_change(added).action == Entry.Action.CREATE
    assert last_change(added).meeting_ref == meeting.pk


def test_deleting_a_meeting_records_each_row_it_takes_with_it():
    attendance = AttendanceFactory()
    meeting = attendance.meeting
    commitment = CommitmentFactory(meeting=meeting)

    services.delete_meeting(meeting=meeting)

    for record in (meeting, attendance, commitment):
        assert last_change(record).action == Entry.Action.DELETE
    # The meeting's history outlives it.
    assert Entry.objects.filter(meeting_ref=meeting.pk, action=Entry.Action.DELETE).count() == 2


# Nobody changes or deletes an entry ------------------------------------------------------


def test_an_entry_refuses_to_be_saved_again_or_deleted():
    entry = last_change(CommitmentFactory())
    entry.actor_name = "someone else"

    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        Entry.objects.filter(pk=entry.pk).update(actor_name="someone else")
    with pytest.raises(AppendOnly):
        Entry.objects.filter(pk=entry.pk).delete()
    assert Entry.objects.get(pk=entry.pk).actor_name == ""


def test_the_admin_refuses_to_add_change_or_delete_an_entry_even_for_a_superuser(superuser):
    from django.test import Client

    entry = last_change(CommitmentFactory())
    client = Client()
    client.force_login(superuser)

    add = client.post(reverse("admin:audit_entry_add"), {"actor_name": "x"})
    change = client.post(reverse("admin:audit_entry_change", args=[entry.pk]), {"actor_name": "x"})
    delete = client.post(reverse("admin:audit_entry_delete", args=[entry.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:audit_entry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert bulk.status_code in (200, 302)
    assert Entry.objects.filter(pk=entry.pk, actor_name=entry.actor_name).exists()


def test_the_admin_shows_the_entries_readably_to_a_manager(manager_client, editor):
    commitment = CommitmentFactory(title="Hold the dialogue")
    with through(Door.COMMAND, detail="test"):
        services.record_update(
            commitment=commitment, author=editor, status=Status.STALLED, note="Blocked."
        )

    listing = manager_client.get(reverse("admin:audit_entry_changelist"))
    page = manager_client.get(
        reverse("admin:audit_entry_change", args=[last_change(commitment).pk])
    )

    assert listing.status_code == page.status_code == 200
    assert "Status</strong>: open → stalled" in page.content.decode()
    assert "Hold the dialogue" in listing.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_history_has_no_write_method(manager_api, method):
    commitment = CommitmentFactory()

    for path in (
        f"/api/v1/commitments/{commitment.pk}/history/",
        f"/api/v1/meetings/{commitment.meeting_id}/history/",
    ):
        assert getattr(manager_api, method)(path, {}, format="json").status_code == 405
    assert Entry.objects.filter(commitment_ref=commitment.pk).exists()


def test_the_divisions_a_person_works_in_are_recorded_through_add_user():
    china = DivisionFactory(code="CHN", name="China and Mongolia Division")
    korea = DivisionFactory(code="KOR", name="Northeast Asia Division")
    call_command("add_user", "kenji", role="editor", divisions=["CHN"], stdout=io.StringIO())
    call_command("add_user", "kenji", role="editor", divisions=["KOR"], stdout=io.StringIO())

    account = get_user_model().objects.get(username="kenji").account
    membership = [
        entry.changes["divisions"] for entry in entries_of(account) if "divisions" in entry.changes
    ]
    assert [(change["operation"], change["pks"]) for change in membership] == [
        ("add", [china.pk]),
        ("delete", [china.pk]),
        ("add", [korea.pk]),
    ]
    assert {entry.door for entry in entries_of(account)} == {Door.COMMAND}
