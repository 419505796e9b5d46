"""Watching, notifications and the mail outbox.

A person watches a commitment, a meeting, a mechanism or a counterpart. When something happens
to what they watch, the service that made the change calls ``notifications.events.occurred``
inside its own transaction: that writes an inbox entry per watcher and, per their preference,
queues a mail in the outbox (``Delivery``) or keeps it for the daily digest. A worker
(``manage.py run_worker``, Django's tasks framework with the ``django-tasks-db`` backend) sends
the mail later, with retries; nothing is mailed inside a request.

Modules, top to bottom (import-linter checks the order, pyproject.toml):
``admin``, ``web``, ``management`` (doors) → ``templatetags`` (the Watch button),
``context_processors`` (the unread count) → ``services`` (writes people ask for: watch, mark
read, preferences, mark digested, retry a delivery) → ``events`` (the entry point the domain's
services call) → ``outbox`` (queue a mail, the worker's task that sends it) and ``messages``
(what an entry or a mail says, in a language) → ``selectors`` (reads) → ``models`` → ``kinds``.
"""
