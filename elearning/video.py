"""Video links in lessons: only https links to an allow-listed host are accepted, and
the player address is rebuilt from the video id, never copied from what a user typed.

Pure functions, no database access."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_YOUTUBE_SHORT_HOSTS = {"youtu.be"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")

ALLOWED_HOSTS_LABEL = "YouTube, Vimeo"


def embed_url(url: str) -> str | None:
    """The player address for an allowed video link, or None for any other link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    video_id = None
    if host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(segments) == 2 and segments[0] in {"embed", "shorts", "live"}:
            video_id = segments[1]
        if video_id and _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in _YOUTUBE_SHORT_HOSTS:
        if len(segments) == 1 and _YOUTUBE_ID.match(segments[0]):
            return f"https://www.youtube-nocookie.com/embed/{segments[0]}"
    elif host in _VIMEO_HOSTS:
        if host == "player.vimeo.com" and len(segments) == 2:
            video_id = segments[1] if segments[0] == "video" else None
        elif len(segments) == 1:
            video_id = segments[0]
        if video_id and _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}"
    return None


def validate_video_url(url: str) -> None:
    if url and embed_url(url) is None:
        raise ValidationError(
            _(
                "Tautan video harus berupa tautan https ke video %(hosts)s, "
                "misalnya https://www.youtube.com/watch?v=… atau "
                "https://vimeo.com/123456."
            ),
            params={"hosts": ALLOWED_HOSTS_LABEL},
            code="video_host",
        )
