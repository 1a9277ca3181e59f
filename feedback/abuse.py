"""Defences of the public forms: per-address rate limits, single-use form tokens
(a double submit is stored once) and the honeypot field's name."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

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


def client_address(request) -> str:
    # Behind a reverse proxy, set the proxy to overwrite REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips with a trusted header); X-Forwarded-For is never trusted.
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request, bucket: str) -> bool:
    """Count this request against the address's budget for `bucket`.

    Fixed window in the cache (Redis in production, per-process memory in dev):
    settings.FEEDBACK_RATE_LIMITS[bucket] = (requests, seconds)."""
    limits = getattr(settings, "FEEDBACK_RATE_LIMITS", {})
    allowed, window = limits.get(bucket, (20, 600))
    if allowed <= 0:
        return False
    key = f"feedback-rl:{bucket}:{client_address(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > allowed
