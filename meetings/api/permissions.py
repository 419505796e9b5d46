"""One permission class for the whole API: the same Django permissions the web app and admin ask.

Reads need ``view_<model>``, POST ``add_<model>``, PUT and PATCH ``change_<model>``, DELETE
``delete_<model>``, for the model of the view's queryset. A view names other permissions for an
action (or, without actions, a method) in ``required_permissions``, using ``meetings.roles``.
"""

from django.contrib.auth import get_permission_codename
from rest_framework.permissions import BasePermission

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RolePermission(BasePermission):
    """Anonymous: 401. Signed in without the permission: 403. Method not offered: 405."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method not in view.allowed_methods:
            # Let the view answer 405, whoever asks: the method does not exist here.
            return True
        return user.has_perms(self.required_permissions(request, view))

    def required_permissions(self, request, view) -> list[str]:
        explicit: dict[str, list[str]] = getattr(view, "required_permissions", {})
        key = getattr(view, "action", None) or request.method.lower()
        if key not in explicit and request.method in ("HEAD", "OPTIONS"):
            key = "get"  # asking about a GET, or for its headers, needs what the GET needs
        if key in explicit:
            return explicit[key]
        opts = view.get_queryset().model._meta
        codename = get_permission_codename(ACTION_BY_METHOD[request.method], opts)
        return [f"{opts.app_label}.{codename}"]
