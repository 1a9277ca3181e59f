"""Defences of the public forms: single-use form tokens (a double submit is stored
once) and the honeypot field's name. Their per-address rate limits are the shared
ones of asn_portal.ratelimit."""

import hashlib
import secrets

from django.core import signing

HONEYPOT_FIELD = "situs_web"  # hidden from people; bots fill it in
# A signing salt, not a secret.
TOKEN_SALT = "feedback.public-form"  # nosec B105
TOKEN_MAX_AGE = 24 * 3600


def new_form_token() -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(secrets.token_urlsafe(18))


def token_is_valid(token: str) -> bool:
    try:
        signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
