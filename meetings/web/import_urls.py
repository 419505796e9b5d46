from django.urls import path

from meetings.web import import_views

urlpatterns = [
    path("", import_views.import_start, name="import-start"),
    path("<int:pk>/", import_views.import_review, name="import-review"),
    path("<int:pk>/discard/", import_views.import_discard, name="import-discard"),
    path(
        "<int:pk>/readouts/<int:readout_pk>/",
        import_views.readout_align,
        name="readout-align",
    ),
]
