"""Indonesian mobile numbers, as people write them (0812-3456-7890, +62 812 3456 7890,
62812…) and as WhatsApp and SMS gateways want them (6281234567890)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile numbers start with 8 after the country code (08… at home) and have 9 to 12
# digits after the leading 0, so 10–13 digits in all as written at home.
_WRITTEN = re.compile(r"^(?:\+62|62|0)(8[0-9]{8,11})$")
_SEPARATORS = re.compile(r"[\s.\-()]")

INVALID_MESSAGE = _(
    "Tulis nomor HP Indonesia yang diawali 08 atau +62, misalnya 0812 3456 7890."
)


class NotAMobileNumber(ValueError):
    pass


def international_mobile(text: str) -> str:
    """The number in international form without "+"; NotAMobileNumber when it is not
    an Indonesian mobile number."""
    match = _WRITTEN.match(_SEPARATORS.sub("", text or ""))
    if match is None:
        raise NotAMobileNumber(text)
    return "62" + match.group(1)


def validate_mobile(value: str) -> None:
    try:
        international_mobile(value)
    except NotAMobileNumber:
        raise ValidationError(INVALID_MESSAGE, code="invalid_mobile") from None
