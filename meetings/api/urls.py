from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from meetings.api import views

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
# The API answers JSON only: no second address per endpoint with a ".json" suffix.
router.include_format_suffixes = False
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("updates", views.UpdateViewSet, basename="update")
router.register("parties", views.PartyViewSet, basename="party")
router.register("people", views.PersonViewSet, basename="person")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("mechanisms", views.MechanismViewSet, basename="mechanism")
router.register("divisions", views.DivisionViewSet, basename="division")
router.register("auth/tokens", views.ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("v1/auth/token/", views.TokenView.as_view(), name="token"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
