"""Every save, delete and many-to-many change of what the cached reads show moves the data
versions (``meetings.versions``), whichever door it came through: services, admin, API,
imports, management commands. A meeting's parties changed also reach the copy each of its
commitments keeps (``Commitment.meeting_party_ids``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete

from meetings.caching import versions
from meetings.identity import sessions
from meetings.models import Commitment, Division, Mechanism, Meeting, Party, Topic

# A save that writes only these columns is activity (a note recorded, its version and
# dates), which only the stale and recently-changed figures read. ``made_on`` and
# ``expected_by`` are derived from the meeting, ``due_on`` and ``target``, which are not in
# the list, so they are unchanged when only these are written.
ACTIVITY_FIELDS = frozenset({"version", "updated_at", "last_activity_on", "made_on", "expected_by"})

SHOWN = (Commitment, Meeting, Party, Topic, Mechanism, Division)
M2M = (Commitment.topics.through, Commitment.responsible.through, Meeting.parties.through)


def commitment_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    activity_only = (
        not created and update_fields is not None and set(update_fields) <= ACTIVITY_FIELDS
    )
    # The services name ``version`` among the columns they write, and raise it: only this
    # commitment's rows change, and they are keyed by it. Other saves (the admin's, an
    # import's drafts) move every scope.
    versioned = not created and update_fields is not None and "version" in update_fields
    versions.changed(activity_only=activity_only, own_rows_only=versioned)


def shown_row_changed(sender, **kwargs) -> None:
    versions.changed()


def user_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # Lists show an assignee's name and the assign form lists every active user; signing in
    # (which writes only ``last_login``) changes neither.
    if not (update_fields is not None and set(update_fields) <= {"last_login"}):
        versions.changed()


def user_loaded(sender, instance, **kwargs) -> None:
    # What the person signs in with, as loaded (``__dict__``: a deferred field stays unread).
    instance._credentials_as_loaded = (
        instance.__dict__.get("password"),
        instance.__dict__.get("is_active"),
    )


def user_credentials_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    """A password changed or an account deactivated ends every session and API token of the
    person, whatever door saved it (the admin, ``changepassword``, ``add_user``, the pages, a
    plain ``save()``). A hash Django upgrades at sign-in is no change (``check_password``
    saves only the password, with no new raw password set)."""
    password, active = getattr(instance, "_credentials_as_loaded", (None, None))
    instance._credentials_as_loaded = (instance.password, instance.is_active)
    if created:
        return
    rehashed = instance._password is None and set(update_fields or ()) == {"password"}
    password_changed = (
        bool(password)
        and password != instance.password
        and not password.startswith(UNUSABLE_PASSWORD_PREFIX)
        and not rehashed
    )
    if password_changed or (active is True and not instance.is_active):
        from meetings.services import end_sessions_and_tokens

        end_sessions_and_tokens(user=instance)


def session_signed_in(sender, request, user, **kwargs) -> None:
    sessions.start(request.session)


def links_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        versions.changed()


def meeting_parties_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Each commitment keeps a copy of its meeting's parties (``meeting_party_ids``)."""
    if action.startswith("pre_"):
        if not reverse:
            meeting_ids = [instance.pk]
        elif pk_set is None:  # a party taken off all its meetings: which ones
            meeting_ids = list(instance.meetings.values_list("pk", flat=True))
            instance._meetings_before_clear = meeting_ids
        else:
            meeting_ids = list(pk_set)
        _hold(meeting_ids)
        return
    if not reverse:
        meeting_ids = [instance.pk]
    elif action == "post_clear":
        meeting_ids = instance.__dict__.pop("_meetings_before_clear", [])
    else:
        meeting_ids = list(pk_set)
    Commitment.objects.filter(meeting_id__in=meeting_ids).copy_meeting_parties()


def _hold(meeting_ids: list[int]) -> None:
    """Hold the meetings' rows until the change to their parties commits: a commitment saved
    meanwhile waits for them (``Commitment.save``), then copies the new parties; one saved
    first is found by the copy made after the change. (Django's foreign keys are checked at
    commit, so the link rows alone hold nothing.)"""
    list(
        Meeting.objects.select_for_update()
        .filter(pk__in=meeting_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def party_deleting(sender, instance, **kwargs) -> None:
    # Deleting a party deletes its meetings' links without an m2m signal: note which.
    instance._meetings_before_delete = list(instance.meetings.values_list("pk", flat=True))
    _hold(instance._meetings_before_delete)


def party_deleted(sender, instance, **kwargs) -> None:
    meeting_ids = instance.__dict__.pop("_meetings_before_delete", [])
    Commitment.objects.filter(meeting_id__in=meeting_ids).copy_meeting_parties()


def connect() -> None:
    # The commitments' copies of their meetings' parties first, then the data versions: a
    # reader who sees a new version must find the copies that go with it.
    m2m_changed.connect(
        meeting_parties_changed,
        sender=Meeting.parties.through,
        dispatch_uid="commitments-meeting-parties",
    )
    pre_delete.connect(party_deleting, sender=Party, dispatch_uid="commitments-party-deleting")
    post_delete.connect(party_deleted, sender=Party, dispatch_uid="commitments-party-deleted")
    post_save.connect(commitment_saved, sender=Commitment, dispatch_uid="versions-commitment")
    for model in SHOWN:
        if model is not Commitment:
            post_save.connect(shown_row_changed, sender=model, dispatch_uid=f"versions-{model}")
        post_delete.connect(
            shown_row_changed, sender=model, dispatch_uid=f"versions-delete-{model}"
        )
    user = get_user_model()
    post_save.connect(user_saved, sender=user, dispatch_uid="versions-user")
    post_init.connect(user_loaded, sender=user, dispatch_uid="credentials-user-loaded")
    post_save.connect(user_credentials_saved, sender=user, dispatch_uid="credentials-user-saved")
    user_logged_in.connect(session_signed_in, dispatch_uid="sessions-signed-in")
    # Roles and permissions (cached per data version by ``meetings.auth``).
    post_save.connect(shown_row_changed, sender=Group, dispatch_uid="versions-group")
    post_delete.connect(shown_row_changed, sender=Group, dispatch_uid="versions-delete-group")
    post_delete.connect(shown_row_changed, sender=user, dispatch_uid="versions-delete-user")
    for through in (
        user.groups.through,
        user.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"versions-{through}")
    for through in M2M:
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"versions-{through}")
