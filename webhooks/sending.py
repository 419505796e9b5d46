"""One POST to a webhook, bounded in every way a receiver could stretch it.

- The host is resolved and every address checked (``addresses.resolve``) at each send, and the
  connection goes to the address that passed, never to a second lookup's answer.
- No redirect is followed: a 3xx answer is a failure that names where it pointed.
- ``WEBHOOKS_TIMEOUT_SECONDS`` bounds the whole exchange (connecting, sending, the answer's
  headers and body): a timer closes the socket when it runs out, so a receiver dripping one
  byte at a time cannot hold the worker either.
- At most ``WEBHOOKS_MAX_RESPONSE_BYTES`` of the answer are read; a larger answer is a failure.

Plain ``http.client`` rather than an HTTP library: it follows no redirects, reads no proxy
settings from the environment, and lets the connection be pinned to a checked address.
"""

import contextlib
import http.client
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from webhooks import addresses
from webhooks.models import Failure

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    status: int | None = None
    failure: str = ""
    error: str = ""


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to ``address`` while naming ``host`` in the Host header."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """Connects to ``address``, checking the certificate against ``host``."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        try:
            self.sock = self._context.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    timeout = settings.WEBHOOKS_TIMEOUT_SECONDS
    limit = settings.WEBHOOKS_MAX_RESPONSE_BYTES
    try:
        target = addresses.parse(url)
        address = addresses.resolve(target)[0]
    except addresses.Refused as refused:
        return Outcome(False, failure=Failure.REFUSED, error=str(refused))

    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    connection = kind(target.host, target.port, address=address, timeout=timeout)
    ran_out = threading.Event()

    def cut() -> None:
        ran_out.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    started = time.monotonic()
    timer = threading.Timer(timeout, cut)
    timer.daemon = True
    timer.start()
    try:
        connection.connect()
        if ran_out.is_set():  # the timer fired before there was a socket to close
            raise TimeoutError
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
        if 300 <= status < 400:
            where = (response.getheader("Location") or "")[:200]
            return Outcome(False, status, Failure.REDIRECT, f"{status} Location: {where}")
        declared = response.getheader("Content-Length") or ""
        if declared.isdigit() and int(declared) > limit:
            return Outcome(False, status, Failure.TOO_LARGE, f"{declared} bytes > {limit}")
        answer = response.read(limit + 1)
        if ran_out.is_set():
            raise TimeoutError
        if len(answer) > limit:
            return Outcome(False, status, Failure.TOO_LARGE, f"more than {limit} bytes")
        if not 200 <= status < 300:
            return Outcome(False, status, Failure.STATUS, _first_line(answer, status))
        return Outcome(True, status)
    except TimeoutError:
        return _timed_out(timeout)
    except (OSError, http.client.HTTPException) as exc:
        if ran_out.is_set() or time.monotonic() - started >= timeout:
            return _timed_out(timeout)
        return Outcome(False, failure=Failure.CONNECTION, error=_describe(exc))
    except Exception as exc:  # whatever a receiver makes of it, the try is recorded as failed
        logger.warning("Webhook POST to %s failed unexpectedly", target.host, exc_info=True)
        return Outcome(False, failure=Failure.CONNECTION, error=_describe(exc))
    finally:
        timer.cancel()
        connection.close()


def _timed_out(timeout: int) -> Outcome:
    return Outcome(False, failure=Failure.TIMEOUT, error=f"no complete answer within {timeout} s")


def _first_line(answer: bytes, status: int) -> str:
    text = answer[:200].decode("utf-8", "replace").splitlines()
    return f"{status}: {text[0]}" if text else str(status)


def _describe(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}")[:300]
