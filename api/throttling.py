from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiKey


class PerKeyThrottle(SimpleRateThrottle):
    """At most API_RATE_LIMIT requests per key (e.g. "120/minute"), counted in the
    shared cache, so every web worker counts together; past it, a 429 with
    Retry-After."""

    scope = "api_key"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None  # the schema and docs, which need no key
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
