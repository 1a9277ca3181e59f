import pytest
from django.core.exceptions import ValidationError

from elearning.video import embed_url, validate_video_url

YT = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YT),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42", YT),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", YT),
        ("https://youtu.be/dQw4w9WgXcQ", YT),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", YT),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YT),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871",
        ),
    ],
)
def test_allowed_links_become_a_player_address_rebuilt_from_the_id(url, expected):
    assert embed_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://evil.example.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        'https://www.youtube.com/watch?v="><script>',
        "https://www.youtube.com/watch?v=short",
        "https://vimeo.com/abc",
        "javascript:alert(1)",
        "https://www.youtube.com/",
        "",
    ],
)
def test_any_other_link_is_not_embedded(url):
    assert embed_url(url) is None


def test_validation_message_names_the_allowed_hosts_in_indonesian():
    with pytest.raises(ValidationError) as caught:
        validate_video_url("https://dailymotion.com/video/x7")
    assert "YouTube, Vimeo" in caught.value.messages[0]
    assert "Tautan video harus" in caught.value.messages[0]
    validate_video_url("https://youtu.be/dQw4w9WgXcQ")  # no error
