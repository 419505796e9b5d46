from django.urls import path

from meetings.web import calendars, history_views, list_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("commitments/", views.commitment_list, name="commitment-list"),
    path("commitments/export.csv", views.commitment_export, name="commitment-export"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path(
        "commitments/<int:pk>/updates/",
        views.commitment_record_update,
        name="commitment-record-update",
    ),
    path("commitments/<int:pk>/assign/", views.commitment_assign, name="commitment-assign"),
    path(
        "commitments/<int:pk>/assign-to-me/",
        list_views.commitment_assign_to_me,
        name="commitment-assign-to-me",
    ),
    path("commitments/bulk/", list_views.commitment_bulk, name="commitment-bulk"),
    path("mine/", list_views.mine, name="mine"),
    path("mine/division/", list_views.mine, {"tab": "division"}, name="mine-division"),
    path("filters/", list_views.saved_filters, name="saved-filters"),
    path("filters/<int:pk>/", list_views.saved_filter_change, name="saved-filter-change"),
    path("filters/<int:pk>/delete/", list_views.saved_filter_delete, name="saved-filter-delete"),
    path(
        "commitments/<int:pk>/history/",
        history_views.commitment_history,
        name="commitment-history",
    ),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/options/", views.meeting_options, name="meeting-options"),
    path("commitments/replacements/", views.replacement_options, name="replacement-options"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/link/", views.meeting_link, name="meeting-link"),
    path("meetings/<int:pk>/history/", history_views.meeting_history, name="meeting-history"),
    path("audit/", history_views.audit_list, name="audit"),
    path("counterparts/<str:code>/briefing/", views.briefing, name="briefing"),
    path("counterparts/<str:code>/briefing.pdf", views.briefing_pdf, name="briefing-pdf"),
    path(
        "counterparts/<str:code>/calendar.ics",
        calendars.counterpart_calendar,
        name="counterpart-calendar",
    ),
    path("calendar/mine.ics", calendars.my_calendar, name="my-calendar"),
    path("calendar/feed/<str:key>.ics", calendars.feed_calendar, name="calendar-feed"),
]
