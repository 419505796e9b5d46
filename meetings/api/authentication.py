"""API tokens: ``Authorization: Token <key>``, looked up by the key's digest
(``meetings.models.ApiToken``)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from meetings.models import ApiToken, digest_of


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
        if token is None or token.expired:
            raise AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        today = timezone.localdate()
        if token.last_used_on != today:
            ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
            token.last_used_on = today
        return token.user, token
