"""The one entry point the domain's services call after a write: ``occurred``.

A service calls it inside its transaction, after its change is written::

    from notifications import events
    events.occurred(events.Kind.STATUS_CHANGED, actor=author, commitment=commitment,
                    details={"from": "open", "to": "in_progress"})

``occurred`` finds who must hear of it, skips the person who acted and anything still a
draft, writes each one's inbox entry and, as each wants, queues a mail (the outbox) or keeps
the entry for the daily digest. All of it is in the caller's transaction: if the change rolls
back, nobody hears of it.

Other fan-outs of the same event are called from ``occurred`` too (``webhooks.fan_out``, once
drafts are left out), so every door that changes the record reaches them through the services.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from meetings.models import Commitment, Meeting
from meetings.status import Review
from notifications import selectors
from notifications.kinds import Kind, Mode
from notifications.messages import language_of, mail_of
from notifications.models import Notification
from notifications.outbox import queue_mail
from webhooks import services as webhooks

__all__ = ["Event", "Kind", "occurred"]


@dataclass(frozen=True)
class Event:
    """What happened: its kind, who did it, the commitments it concerns (one, or several for a
    confirmed import), the meeting, and what an entry needs to say it (statuses, a count)."""

    kind: str
    actor: Any
    commitments: Sequence[Commitment] = ()
    meeting: Meeting | None = None
    details: dict = field(default_factory=dict)

    @property
    def commitment(self) -> Commitment | None:
        return self.commitments[0] if len(self.commitments) == 1 else None


def occurred(
    kind: str,
    *,
    actor,
    commitment: Commitment | None = None,
    commitments: Iterable[Commitment] = (),
    meeting: Meeting | None = None,
    details: dict | None = None,
    recipients: Iterable | None = None,
    skip: Iterable = (),
) -> list[Notification]:
    """Tell everyone concerned that ``kind`` happened; return the inbox entries written.

    - ``commitment`` or ``commitments``: what it happened to. Several (a confirmed import)
      make one entry per person, however many of them they watch.
    - ``meeting``: the meeting it concerns (a linked later meeting, the imported meeting);
      its watchers hear of it too.
    - ``recipients``: who hears of it, when not the watchers (an assignment: the assignee).
    - ``skip``: people told of it otherwise (the assignee of a new commitment, told of
      their assignment).
    - ``actor`` (a user, or None for the system) never hears of their own action.

    Drafts notify nobody: confirmed commitments only, and nothing at a draft meeting.
    Call it inside the transaction of the change.
    """
    targets = [*([commitment] if commitment is not None else []), *commitments]
    targets = [c for c in targets if c.review == Review.CONFIRMED]
    if (commitment is not None or commitments) and not targets:
        return []
    if meeting is not None and meeting.review != Review.CONFIRMED:
        return []
    event = Event(
        kind=kind, actor=actor, commitments=targets, meeting=meeting, details=details or {}
    )
    # Other systems hear of it too (webhooks/), whoever the people told are.
    webhooks.fan_out(
        kind=kind,
        actor=actor,
        commitments=targets,
        meeting=meeting,
        details=event.details,
    )
    if recipients is None:
        people = list(selectors.watchers_of_commitments(targets, meeting=meeting))
    else:
        people = [person for person in recipients if person is not None and person.is_active]
    skipped = {person.pk for person in skip if person is not None}
    return _notify_people(event, [person for person in people if person.pk not in skipped])


def _notify_people(event: Event, people: list) -> list[Notification]:
    actor_id = event.actor.pk if event.actor is not None else None
    people = [person for person in people if person.pk != actor_id]
    if not people:
        return []
    # The language each mail is written in is on the person's account.
    people = list(
        get_user_model()
        .objects.filter(pk__in=[person.pk for person in people])
        .select_related("account")
        .order_by("pk")
    )
    modes = selectors.modes_for(people, event.kind)
    details = dict(event.details)
    if len(event.commitments) > 1:
        details.setdefault("count", len(event.commitments))
        details.setdefault("titles", [c.title for c in event.commitments])
    entries = []
    for person in people:
        entry = Notification(
            recipient=person,
            kind=event.kind,
            actor=event.actor,
            commitment=event.commitment,
            meeting=event.meeting,
            details=details,
            mode=modes[person.pk],
        )
        if entry.mode == Mode.IMMEDIATE and person.email:
            # Written in the person's language now; the worker sends exactly this.
            language = language_of(person)
            subject, text, html = mail_of(entry, language)
            entry.delivery = queue_mail(
                recipient=person,
                to_address=person.email,
                purpose="notification",
                language=language,
                subject=subject,
                text=text,
                html=html,
            )
        entry.save()
        entries.append(entry)
    return entries
