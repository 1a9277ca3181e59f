"""API key secrets: how one is made, written, read back and checked. Pure functions,
no database.

A key reads `asn_<prefix>_<secret>`. The prefix (12 hex digits) is stored as it is,
to find the key's row; the secret (32 random bytes) is stored only as an HMAC-SHA256
under a salt of the row's own, and compared in constant time. The secret has 256
bits of entropy, so one fast keyed hash is enough: there is nothing to guess."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_WORD = "asn"
PREFIX_LENGTH = 12


@dataclass(frozen=True)
class NewSecret:
    prefix: str
    salt: str
    digest: str
    key: str  # the whole key, shown to HR once and never stored


def new_secret() -> NewSecret:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    return NewSecret(
        prefix=prefix,
        salt=salt,
        digest=digest_of(secret, salt),
        key=f"{KEY_WORD}_{prefix}_{secret}",
    )


def digest_of(secret: str, salt: str) -> str:
    return hmac.new(salt.encode(), secret.encode(), hashlib.sha256).hexdigest()


def split_key(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a key as HR copied it; None when it cannot be one."""
    word, _, rest = key.partition("_")
    prefix, _, secret = rest.partition("_")
    if word != KEY_WORD or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix, secret


def matches(secret: str, *, salt: str, digest: str) -> bool:
    return hmac.compare_digest(digest_of(secret, salt), digest)
