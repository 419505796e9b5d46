"""Reads the pages, the API, the CSV export and the briefing share, grouped by subject.

Each function answers one question the product asks repeatedly (a page's rows, the
dashboard's figures, the likeliest replacements) in a fixed number of queries; this module
names them all, so a door imports ``meetings.selectors`` and nothing deeper.
"""

from meetings.selectors.briefing import (
    BRIEFING_SHOWN,
    briefing_commitments,
    briefing_page,
    briefing_rows,
)
from meetings.selectors.calendars import (
    CalendarEntry,
    calendar_entries,
    counterpart_calendar,
    my_calendar,
)
from meetings.selectors.commitments import (
    REPLACEMENTS_OFFERED,
    commitment_detail_queryset,
    commitment_lineage,
    commitment_list_queryset,
    commitment_list_rows,
    in_two_parts,
    likeliest_link_candidates,
    likely_replacements,
    link_candidates,
    replacements_matching,
)
from meetings.selectors.dashboard import (
    AGE_BUCKET_BY_KEY,
    AGE_BUCKETS,
    cached_dashboard_figures,
    changed_since_start,
    dashboard_figures,
)
from meetings.selectors.export import export_rows
from meetings.selectors.lists import (
    NEEDS_ATTENTION_SHOWN,
    division_ids_of,
    divisions_of,
    mine_queryset,
    needs_attention,
    saved_filters_for,
    top_bar_filters,
)
from meetings.selectors.meetings import (
    later_meetings_offered,
    likely_later_meetings,
    meeting_commitments,
    meeting_detail_queryset,
    meeting_follow_ups,
    meeting_list_queryset,
    meeting_readouts,
    reported_side,
    side_by_side,
)

__all__ = [
    "AGE_BUCKETS",
    "AGE_BUCKET_BY_KEY",
    "BRIEFING_SHOWN",
    "NEEDS_ATTENTION_SHOWN",
    "REPLACEMENTS_OFFERED",
    "CalendarEntry",
    "briefing_commitments",
    "briefing_page",
    "briefing_rows",
    "cached_dashboard_figures",
    "calendar_entries",
    "changed_since_start",
    "commitment_detail_queryset",
    "commitment_lineage",
    "commitment_list_queryset",
    "commitment_list_rows",
    "counterpart_calendar",
    "dashboard_figures",
    "division_ids_of",
    "divisions_of",
    "export_rows",
    "in_two_parts",
    "later_meetings_offered",
    "likeliest_link_candidates",
    "likely_later_meetings",
    "likely_replacements",
    "link_candidates",
    "meeting_commitments",
    "meeting_detail_queryset",
    "meeting_follow_ups",
    "meeting_list_queryset",
    "meeting_readouts",
    "mine_queryset",
    "my_calendar",
    "needs_attention",
    "replacements_matching",
    "reported_side",
    "saved_filters_for",
    "side_by_side",
    "top_bar_filters",
]
