"""A meeting's parties, changed through any door, reach the copy each of its commitments keeps
(``Commitment.meeting_party_ids``); a user's change reaches the cached list rows, a change to
anyone's account, groups or permissions the kept snapshot of each request's person, and a
password changed or an account deactivated ends the person's sessions and tokens.

Users are written by Django's own doors (its admin, ``changepassword``, a sign-in) as well as
ours, which is why these follow the user model's saves rather than a service."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete

from meetings import caching
from meetings.identity import sessions
from meetings.models import Account, Commitment, Meeting, Party


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


# What a sign-in writes (Django's ``update_last_login``): nothing a page shows of a person.
_SIGN_IN_ONLY = frozenset({"last_login"})


def user_changed(sender, update_fields=None, **kwargs) -> None:
    """List rows show an assignee's name, and each request's person is kept (``PEOPLE``).
    Users and groups are written by Django's own doors (its admin, ``changepassword``,
    sign-ins) as well as ours, so their saves tell the cache here rather than in a service
    (``meetings/caching``). A sign-in's own save, of ``last_login`` alone, changes no row:
    were it to move ``reference``, every sign-in would throw away every rendered row."""
    if update_fields is not None and set(update_fields) <= _SIGN_IN_ONLY:
        caching.changed(caching.PEOPLE)
        return
    caching.changed(caching.REFERENCE, caching.PEOPLE)


def people_changed(sender, **kwargs) -> None:
    """An account, a group, a permission or who holds which: what each request reads of its
    person (``caching.person``), whatever the door."""
    action = kwargs.get("action")  # many-to-many changes: once each, when done
    if action is None or action.startswith("post_"):
        caching.changed(caching.PEOPLE)


def connect() -> None:
    m2m_changed.connect(
        meeting_parties_changed,
        sender=Meeting.parties.through,
        dispatch_uid="commitments-meeting-parties",
    )
    pre_delete.connect(party_deleting, sender=Party, dispatch_uid="commitments-party-deleting")
    post_delete.connect(party_deleted, sender=Party, dispatch_uid="commitments-party-deleted")
    user = get_user_model()
    for signal in (post_save, post_delete):
        signal.connect(user_changed, sender=user, dispatch_uid=f"rows-user-{signal}")
        for model in (Account, Group, Permission):
            signal.connect(
                people_changed, sender=model, dispatch_uid=f"people-{model.__name__}-{signal}"
            )
    for through in (
        user.groups.through,
        user.user_permissions.through,
        Group.permissions.through,
        Account.divisions.through,
    ):
        m2m_changed.connect(
            people_changed, sender=through, dispatch_uid=f"people-{through.__name__}"
        )
    post_init.connect(user_loaded, sender=user, dispatch_uid="credentials-user-loaded")
    post_save.connect(user_credentials_saved, sender=user, dispatch_uid="credentials-user-saved")
    user_logged_in.connect(session_signed_in, dispatch_uid="sessions-signed-in")
