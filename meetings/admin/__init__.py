"""Data entry for managers. Every save, inline, action and delete goes through
``meetings.services`` (``meetings/admin/base.py`` says how)."""

from meetings.admin import audit, commitments, meetings, reference, users

__all__ = ["audit", "commitments", "meetings", "reference", "users"]
