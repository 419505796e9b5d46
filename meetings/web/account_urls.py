from django.contrib.auth import views as auth_views
from django.urls import path

from meetings.web import account_views as views

logout = views.before_second_factor(auth_views.LogoutView.as_view())

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", logout, name="logout"),
    path("second-factor/", views.second_factor_step, name="second-factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second-factor-setup"),
    path(
        "second-factor/recovery-codes/", views.recovery_codes, name="second-factor-recovery-codes"
    ),
    path("", views.account, name="account"),
    path("tokens/", views.api_tokens, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("calendars/", views.calendar_feeds, name="calendar-feeds"),
    path("calendars/<int:pk>/revoke/", views.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("password_change/", views.ChangePasswordView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Passwords are reset by managers (docs/security.md); these addresses say so and send no mail.
    path("password_reset/", views.password_reset_by_manager, name="password_reset"),
    path("password_reset/done/", views.password_reset_by_manager, name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        views.password_reset_by_manager,
        name="password_reset_confirm",
    ),
    path("reset/done/", views.password_reset_by_manager, name="password_reset_complete"),
]
