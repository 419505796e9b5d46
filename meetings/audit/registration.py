"""Which records the audit trail follows, and which of their fields.

Left out: what the tracker works out itself from other fields (a commitment's expected-by
date, its last activity, the copy of its meeting's parties, its search text, its version), the
timestamps Django keeps, and a user's last sign-in. A password is recorded as changed, never
its hash. Sign-in secrets (API tokens, second factors) have their own records
(``meetings/identity``); they are not part of the record this trail describes.
"""

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from meetings import models as record

DERIVED = ["created_at", "updated_at", "version"]

FOLLOWED = {
    record.Party: {},
    record.Person: {},
    record.Mechanism: {"m2m_fields": {"parties"}},
    record.Topic: {},
    record.Division: {},
    record.Meeting: {"m2m_fields": {"parties", "follows_up"}},
    record.Attendance: {},
    record.Readout: {"exclude_fields": ["text_hash"]},
    record.Commitment: {
        "m2m_fields": {"responsible", "topics"},
        "exclude_fields": [
            "expected_by",
            "made_on",
            "last_activity_on",
            "reaffirmed_since_move",
            "meeting_party_ids",
            "search_text",
        ],
    },
    record.ReadoutExcerpt: {},
    record.Update: {},
    # A person's divisions (the membership that shares a division's commitments with them),
    # preferred language, and when all their sessions were last ended.
    record.Account: {"m2m_fields": {"divisions"}},
}


def masked(value: str) -> str:
    return "\u2022" * 8


def register() -> None:
    for model, options in FOLLOWED.items():
        auditlog.register(
            model,
            include_fields=_columns(model, [*DERIVED, *options.get("exclude_fields", [])]),
            m2m_fields=options.get("m2m_fields", set()),
        )
    user = get_user_model()
    auditlog.register(
        user,
        include_fields=_columns(user, ["last_login", "date_joined"]),
        mask_fields=["password"],
        mask_callable="meetings.audit.registration.masked",
        m2m_fields={"groups", "user_permissions"},
    )
    auditlog.register(Group, include_fields=_columns(Group, []), m2m_fields={"permissions"})


def _columns(model, left_out: list[str]) -> list[str]:
    # The record's own columns, named: django-auditlog would otherwise also list a new
    # record's reverse relations ("updates": "meetings.Update.None").
    # The primary key too: the entry names its record's number.
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in left_out and not field.primary_key
    ]


def parent_refs(instance) -> tuple[int | None, int | None]:
    """The commitment and the meeting whose history shows a change to ``instance``."""
    if isinstance(instance, record.Commitment):
        return instance.pk, None
    if isinstance(instance, record.Update | record.ReadoutExcerpt):
        return instance.commitment_id, None
    if isinstance(instance, record.Meeting):
        return None, instance.pk
    if isinstance(instance, record.Attendance | record.Readout):
        return None, instance.meeting_id
    return None, None


def followed_models() -> list:
    return [*FOLLOWED, get_user_model(), Group]
