"""Request parsing that never lets a body turn into a server error."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class LimitedJSONParser(JSONParser):
    """JSON bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``; larger or too deeply nested: 400.

    Django checks that limit only when ``request.body`` or ``request.POST`` is read; DRF's JSON
    parser reads the stream directly, so the limit is enforced here too.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                raise ParseError(
                    _("The request body is larger than %(limit)d bytes.") % {"limit": limit}
                )
            stream = io.BytesIO(body)
        try:
            data = super().parse(stream, media_type, parser_context)
            has_nul = _contains_nul(data)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None
        if has_nul:
            # PostgreSQL refuses NUL in text: refuse it here, with a reason, not at the database.
            raise ParseError(_("Text in the request may not contain NUL characters."))
        return data


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False
