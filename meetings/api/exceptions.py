"""Turn the domain's and Django's exceptions into the API's JSON answers."""

from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def validation_error(exc: DjangoValidationError) -> ValidationError:
    """A domain ``ValidationError`` (keyed by field) as DRF's, ``__all__`` renamed."""
    detail = as_serializer_error(exc)
    if "__all__" in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
    return ValidationError(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    elif isinstance(exc, SuspiciousOperation):
        # RequestDataTooBig, TooManyFieldsSent...: Django would answer a 400 HTML page.
        exc = ParseError(str(exc) or None)
    return drf_exception_handler(exc, context)
