"""OpenAPI: every operation documents the errors it can really answer.

drf-spectacular documents success bodies only; a client (and schemathesis) also needs the
401, 403, 404, 400 and 415 each operation can give. 409 is declared where a version is checked.
"""

from drf_spectacular.drainage import set_override
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from meetings.filters import CommitmentFilter

DETAIL = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})
FIELD_ERRORS = OpenApiResponse(
    response={"type": "object", "additionalProperties": {}},
    description=(
        "Bad input: a JSON object keyed by field (or `non_field_errors`, or `detail` for a "
        "malformed or oversized body), each with a list of messages."
    ),
)
BODY_METHODS = {"POST", "PUT", "PATCH"}


def error_responses(*, method: str, has_path_params: bool, is_list: bool, public: bool) -> dict:
    responses: dict = {
        401: OpenApiResponse(DETAIL, description="Not signed in: no or bad credentials."),
        403: OpenApiResponse(DETAIL, description="Signed in without the permission needed."),
    }
    if public:
        responses.pop(403)
    if has_path_params or is_list:
        responses[404] = OpenApiResponse(DETAIL, description="No such object, or no such page.")
    if method in BODY_METHODS or is_list:
        responses[400] = FIELD_ERRORS
    if method in BODY_METHODS:
        responses[415] = OpenApiResponse(DETAIL, description="The body is not JSON.")
    return responses


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "Optional: a value unique to this write (a UUID), so a retry is answered with the "
        "first answer and writes nothing. Kept 24 hours per person and endpoint."
    ),
)
KEY_REUSED = OpenApiResponse(
    DETAIL, description="The Idempotency-Key was used for a different request. Nothing saved."
)


class TrackerAutoSchema(AutoSchema):
    def _handler(self):
        return getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)

    def _is_idempotent_write(self) -> bool:
        return getattr(self._handler(), "idempotent", False)

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._is_idempotent_write():
            parameters = [*parameters, IDEMPOTENCY_KEY]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = error_responses(
            method=self.method,
            has_path_params="{" in self.path,
            is_list=self._is_list_view() and self.method == "GET" and "{" not in self.path,
            public=getattr(self.view, "schema_public", False),
        )
        if self._is_idempotent_write():
            errors[422] = KEY_REUSED
        for code, response in errors.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        return dict(sorted(responses.items()))


# The shared FilterSet's ``counterpart`` filters through a method, so drf-spectacular cannot see
# that it takes a party code; say so here rather than in the shared module.
set_override(CommitmentFilter.base_filters["counterpart"], "field", OpenApiTypes.STR)
