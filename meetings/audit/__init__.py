"""The audit trail: what the system did to the record, by whom, when, through which door.

Every change to the audited records (``registration.py``) is written by django-auditlog's
signal receivers as an ``Entry`` (``models.py``); the door and the person come from the context
that each door sets (``context.py``): the request middleware for pages, the admin and the API,
the management commands and imports for themselves. Entries are append-only. Reading them for
people (names, labels, two languages) is ``history.py``. See docs/design.md, "The audit trail".
"""
