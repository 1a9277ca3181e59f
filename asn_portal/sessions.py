"""Sessions read from the cache and kept in the database, written when they change
and otherwise at most once every SESSION_REFRESH_SECONDS.

Each request moves a session's expiry (SESSION_SAVE_EVERY_REQUEST: the idle timeout
of SESSION_COOKIE_AGE). Writing that on every page cost every page a database UPDATE,
its commit and a cache write. A session whose data did not change is now written
only when its last write is SESSION_REFRESH_SECONDS old, so it ends between
SESSION_COOKIE_AGE minus that and SESSION_COOKIE_AGE after the last request (29 to
30 minutes by default). The database copy means a cache restart signs no one out."""

import time

from django.conf import settings
from django.contrib.sessions.backends import cached_db

SAVED_AT = "_saved_at"


class SessionStore(cached_db.SessionStore):
    def save(self, must_create=False):
        now = int(time.time())
        if not (must_create or self.modified) and self._written_since(now):
            return
        self._session[SAVED_AT] = now
        super().save(must_create=must_create)

    def _written_since(self, now: int) -> bool:
        return now - self._session.get(SAVED_AT, 0) < settings.SESSION_REFRESH_SECONDS
