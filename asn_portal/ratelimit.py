"""Per-address rate limits of the public pages (complaint forms, tracking lookup,
certificate verification): one fixed-window counter in the cache per address and
bucket, and one "too many requests" answer."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request) -> str:
    # Behind a reverse proxy, set the proxy to overwrite REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips with a trusted header); X-Forwarded-For is never trusted.
    return request.META.get("REMOTE_ADDR", "unknown")


def over_limit(request, bucket: str) -> bool:
    """Count this request against the address's budget for `bucket`.

    Fixed window in the cache (Redis in production, per-process memory in dev):
    settings.RATE_LIMITS[bucket] = (requests, seconds)."""
    limits = getattr(settings, "RATE_LIMITS", {})
    allowed, window = limits.get(bucket, (20, 600))
    if allowed <= 0:
        return False
    key = f"rl:{bucket}:{client_address(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > allowed


def too_many_requests(request, template: str, context: dict):
    """The page itself, with the notice of _partials/rate_limited.html, as a 429."""
    return render(request, template, {**context, "rate_limited": True}, status=429)
