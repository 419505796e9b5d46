from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.webhook_list, name="list"),
    path("<int:pk>/", views.webhook_detail, name="detail"),
    path("<int:pk>/pause/", views.webhook_pause, name="pause"),
    path("<int:pk>/resume/", views.webhook_resume, name="resume"),
    path("<int:pk>/secret/", views.webhook_new_secret, name="secret"),
    path("<int:pk>/delete/", views.webhook_delete, name="delete"),
]
