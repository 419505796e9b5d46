"""Every write the tracker makes: one function per user action, each atomic.

The web pages, the admin, the API, the import review and the management commands call these
and nothing else to change the record. They are grouped by subject in this package's modules;
this module names them all, so a door imports ``meetings.services`` and nothing deeper.
"""

from meetings.services.commitments import (
    StaleVersion,
    assign_commitment,
    create_commitment,
    edit_commitment,
    record_update,
)
from meetings.services.followups import (
    create_followup_meeting,
    link_meeting,
    record_update_with_new_meeting,
)
from meetings.services.imports import (
    DraftEdit,
    confirm_import,
    discard_import,
    merge_drafts,
    save_review,
    split_draft,
    store_draft,
)
from meetings.services.meetings import refresh_commitment_dates, save_meeting
from meetings.services.users import set_role

__all__ = [
    "DraftEdit",
    "StaleVersion",
    "assign_commitment",
    "confirm_import",
    "create_commitment",
    "create_followup_meeting",
    "discard_import",
    "edit_commitment",
    "link_meeting",
    "merge_drafts",
    "record_update",
    "record_update_with_new_meeting",
    "refresh_commitment_dates",
    "save_meeting",
    "save_review",
    "set_role",
    "split_draft",
    "store_draft",
]
