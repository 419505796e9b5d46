"""The signature a receiver checks: HMAC-SHA256 over the timestamp and the body.

Header ``Tracker-Signature: t=<unix seconds>,v1=<hex digest>``, where the digest is
HMAC-SHA256(secret, f"{t}.".encode() + body). The timestamp is signed with the body, so a
receiver that refuses a ``t`` older than a few minutes refuses a replayed request too.
docs/api.md shows how a receiver verifies it.
"""

import hashlib
import hmac

HEADER = "Tracker-Signature"
VERSION = "v1"


def digest(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},{VERSION}={digest(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (the tests check our own POSTs with it)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = digest(secret, timestamp, body)
    return hmac.compare_digest(expected, parts.get(VERSION, ""))
