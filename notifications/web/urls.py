from django.urls import path

from notifications.web import views

urlpatterns = [
    path("", views.inbox, name="notification-inbox"),
    path("read/", views.mark_read, name="notification-mark-read"),
    path("preferences/", views.preferences, name="notification-preferences"),
    path("watch/<str:kind>/<str:key>/", views.watch, name="watch"),
]
