"""Every write the tracker makes: one function per user action, each atomic.

The web pages, the admin, the API, the import review and the management commands call these
and nothing else to change the record. They are grouped by subject in this package's modules
(``rules`` holds the checks that span rows: the draft boundary and cycles); this module names
them all, so a door imports ``meetings.services`` and nothing deeper.
"""

from meetings.services.accounts import (
    confirm_authenticator,
    create_api_token,
    create_calendar_feed,
    end_sessions_and_tokens,
    new_recovery_codes,
    note_api_token_used,
    note_calendar_feed_read,
    reset_second_factor,
    revoke_api_token,
    revoke_calendar_feed,
    start_authenticator,
)
from meetings.services.bulk import (
    BULK_LIMIT,
    BulkRefused,
    Refusal,
    Seen,
    assign_to_me,
    bulk_assign,
    bulk_record_update,
    bulk_set_priority,
)
from meetings.services.commitments import EDITABLE_FIELDS as COMMITMENT_EDITABLE_FIELDS
from meetings.services.commitments import (
    StaleVersion,
    assign_commitment,
    correct_text,
    create_commitment,
    delete_commitment,
    edit_commitment,
    lock_commitment,
    record_update,
)
from meetings.services.commitments import deletion_refusals as commitment_deletion_refusals
from meetings.services.followups import (
    create_followup_meeting,
    link_meeting,
    record_update_with_new_meeting,
)
from meetings.services.imports import (
    DraftEdit,
    DraftRefused,
    Reaffirmation,
    confirm_import,
    discard_import,
    merge_drafts,
    save_review,
    split_draft,
    store_draft,
    unmatched_mechanisms,
)
from meetings.services.meetings import (
    delete_meeting,
    refresh_commitment_dates,
    replace_attendance,
    save_meeting,
    set_first_readout,
)
from meetings.services.meetings import deletion_refusals as meeting_deletion_refusals
from meetings.services.readouts import (
    Report,
    ReportedAlone,
    add_readout,
    attach_readout,
    remove_report,
    report_commitments,
)
from meetings.services.reference import (
    create_mechanism,
    delete_reference,
    mechanism_named,
    party_for_code,
    person_named,
    save_reference,
)
from meetings.services.reference import deletion_refusals as reference_deletion_refusals
from meetings.services.saved_filters import (
    change_saved_filter,
    delete_saved_filter,
    normal_query,
    save_filter,
)
from meetings.services.users import (
    account_of,
    add_user,
    set_divisions,
    set_language,
    set_password,
    set_role,
)

__all__ = [
    "BULK_LIMIT",
    "COMMITMENT_EDITABLE_FIELDS",
    "BulkRefused",
    "DraftEdit",
    "DraftRefused",
    "Reaffirmation",
    "Refusal",
    "Report",
    "ReportedAlone",
    "Seen",
    "StaleVersion",
    "account_of",
    "add_readout",
    "add_user",
    "assign_commitment",
    "assign_to_me",
    "attach_readout",
    "bulk_assign",
    "bulk_record_update",
    "bulk_set_priority",
    "change_saved_filter",
    "commitment_deletion_refusals",
    "confirm_authenticator",
    "confirm_import",
    "correct_text",
    "create_api_token",
    "create_calendar_feed",
    "create_commitment",
    "create_followup_meeting",
    "create_mechanism",
    "delete_commitment",
    "delete_meeting",
    "delete_reference",
    "delete_saved_filter",
    "discard_import",
    "edit_commitment",
    "end_sessions_and_tokens",
    "link_meeting",
    "lock_commitment",
    "mechanism_named",
    "meeting_deletion_refusals",
    "merge_drafts",
    "new_recovery_codes",
    "normal_query",
    "note_api_token_used",
    "note_calendar_feed_read",
    "party_for_code",
    "person_named",
    "record_update",
    "record_update_with_new_meeting",
    "reference_deletion_refusals",
    "refresh_commitment_dates",
    "remove_report",
    "replace_attendance",
    "report_commitments",
    "reset_second_factor",
    "revoke_api_token",
    "revoke_calendar_feed",
    "save_filter",
    "save_meeting",
    "save_reference",
    "save_review",
    "set_divisions",
    "set_first_readout",
    "set_language",
    "set_password",
    "set_role",
    "split_draft",
    "start_authenticator",
    "store_draft",
    "unmatched_mechanisms",
]
