"""API writes: answered from their own transaction, and repeatable with an ``Idempotency-Key``.

Every write handler of the API is wrapped in ``write``. The handler's write and the reads
that build its answer run in one transaction, so the answer shows exactly what was stored and
nothing is read after the commit: a database that fails once the write has committed (the
data versions' move, ``meetings/caching/versions.py``, runs then) cannot turn a stored write
into a 500 that a client would retry into a duplicate. Such a failure is logged, and so
reaches the administrators.

A client that may retry sends ``Idempotency-Key: <its own unique value>``. The key is stored
with the answer in the write's own transaction (``IdempotentRequest``), per person and
endpoint, for ``KEPT``: a retry with the same key and the same data gets the first answer
again (``Idempotent-Replayed: true``) and writes nothing; the same key with different data is
refused (422). The unique key is the lock: a retry sent while the first is still running waits
for it on the key's row and then replays its answer. An answer that is not a success (a 400, a
409) writes nothing and keeps no key, so a corrected retry may reuse it.
"""

import datetime
import functools
import hashlib
import json
import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from meetings.models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEPT = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = IdempotentRequest._meta.get_field("key").max_length
MAX_ENDPOINT_LENGTH = IdempotentRequest._meta.get_field("endpoint").max_length

logger = logging.getLogger(__name__)


def write(handler: Callable) -> Callable:
    """Run an API write handler (a viewset's ``create``, ``update``, or a write action) as
    described above. Put it below ``@action`` and ``@extend_schema``."""

    @functools.wraps(handler)
    def wrapped(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return _answered_in_transaction(lambda: handler(view, request, *args, **kwargs))
        return _idempotent(key, request, lambda: handler(view, request, *args, **kwargs))

    wrapped.idempotent = True  # the schema documents the header (meetings/api/schema.py)
    return wrapped


def _answered_in_transaction(run: Callable[[], Response]) -> Response:
    committed = False

    def mark_committed() -> None:
        nonlocal committed
        committed = True

    response = None
    try:
        with transaction.atomic():
            # First of the commit's callbacks, so it runs before any that may fail.
            transaction.on_commit(mark_committed)
            response = run()
            _evaluate(response)
            if not _succeeded(response):
                transaction.set_rollback(True)  # a refusal stores nothing, its key included
    except Exception:
        if not committed or response is None:
            raise
        logger.exception("A write was stored, but work after its commit failed.")
    return response


def _idempotent(key: str, request, run: Callable[[], Response]) -> Response:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ParseError(
            _("%(header)s must be 1 to %(n)d printable ASCII characters.")
            % {"header": HEADER, "n": MAX_KEY_LENGTH}
        )
    endpoint = f"{request.method} {request.path}"
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise ParseError(
            _("This address is too long to be used with %(header)s.") % {"header": HEADER}
        )
    fingerprint = _fingerprint(request.data)
    identity = {"user": request.user, "endpoint": endpoint, "key": key}

    def run_once() -> Response:
        IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEPT).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(fingerprint=fingerprint, **identity)
        except IntegrityError:
            # Used before: committed, perhaps while this request waited on the key's row.
            return _replay(IdempotentRequest.objects.get(**identity), fingerprint)
        response = run()
        _evaluate(response)
        if _succeeded(response):
            record.status = response.status_code
            record.answer = response.data
            record.save(update_fields=["status", "answer"])
        return response

    return _answered_in_transaction(run_once)


def _replay(earlier: IdempotentRequest, fingerprint: str) -> Response:
    if earlier.fingerprint != fingerprint:
        message = _(
            "This %(header)s was used for a different request; send a new key with a new request."
        ) % {"header": HEADER}
        return Response({"detail": message}, status=422)
    return Response(earlier.answer, status=earlier.status, headers={REPLAYED_HEADER: "true"})


def _succeeded(response: Response) -> bool:
    return 200 <= response.status_code < 300


def _evaluate(response: Response) -> None:
    """Read everything the answer shows now, inside the transaction (serializers' data is
    built when first read)."""
    if response.data is not None:
        response.data = _plain(response.data)


def _plain(data):
    return json.loads(json.dumps(data, cls=JSONEncoder))


def _fingerprint(data) -> str:
    text = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
