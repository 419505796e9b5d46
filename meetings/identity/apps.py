from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """No models: listed before django.contrib.auth so that its ``createsuperuser`` (which
    keeps usernames to one spelling) is the one ``manage.py`` runs."""

    name = "meetings.identity"
    label = "identity"
