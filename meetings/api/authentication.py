"""API tokens: ``Authorization: Token <key>``, looked up by the key's digest
(``meetings.models.ApiToken``)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from meetings import services
from meetings.models import ApiToken, digest_of


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
        if token is None or token.expired:
            raise AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        services.note_api_token_used(token=token, today=timezone.localdate())
        return token.user, token
