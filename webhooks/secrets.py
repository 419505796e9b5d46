"""Webhook secrets: made here, kept encrypted, read back only to sign.

A receiver checks our HMAC with the secret it holds, so we must hold the secret itself, not a
hash of it. It is encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from the `cryptography`
package) under ``WEBHOOKS_SECRET_KEYS``: the first key encrypts, every key decrypts, so a new
key is put first and the old kept until ``manage.py rotate_webhook_secrets`` has run. Without
that setting the key is derived from ``SECRET_KEY``; either way a copy of the database alone
does not reveal any secret (docs/security.md, "Webhooks").
"""

import base64
import hashlib
import secrets as random

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "whsec_"
HINT_LENGTH = 10


def new_secret() -> str:
    """256 random bits, in characters that survive any configuration file."""
    return PREFIX + random.token_urlsafe(32)


def hint_of(secret: str) -> str:
    return secret[:HINT_LENGTH]


def _keys() -> MultiFernet:
    configured = list(settings.WEBHOOKS_SECRET_KEYS)
    if not configured:
        derived = hashlib.sha256(b"tracker webhook secrets\x00" + settings.SECRET_KEY.encode())
        configured = [base64.urlsafe_b64encode(derived.digest()).decode()]
    try:
        return MultiFernet([Fernet(key) for key in configured])
    except ValueError:
        raise ImproperlyConfigured(
            "WEBHOOKS_SECRET_KEYS must be Fernet keys (32 bytes, URL-safe base64), separated "
            "by commas: make one with `manage.py rotate_webhook_secrets --new-key`."
        ) from None


def encrypt(secret: str) -> str:
    return _keys().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A webhook secret cannot be decrypted with WEBHOOKS_SECRET_KEYS (was the key that "
            "encrypted it removed, or SECRET_KEY changed without WEBHOOKS_SECRET_KEYS set?)."
        ) from None


def reencrypt(token: str) -> str:
    """The same secret under the first key (for a key rotation)."""
    return _keys().rotate(token.encode()).decode()


def new_key() -> str:
    return Fernet.generate_key().decode()
