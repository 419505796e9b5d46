from rest_framework.routers import DefaultRouter

from webhooks.api import WebhookViewSet

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register("webhooks", WebhookViewSet, basename="webhook")

urlpatterns = router.urls
