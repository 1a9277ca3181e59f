"""WhatsApp and SMS: the short text a notification becomes, and the two HTTP
adapters that send it. A channel whose settings are empty is off: nothing is planned
for it and nothing is sent.

- WhatsApp: a WhatsApp Business Cloud API compatible endpoint,
  `POST {WHATSAPP_API_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages` with a bearer token;
  a text message, or the approved template `WHATSAPP_TEMPLATE` with the text as its
  one body parameter (Meta accepts only templates outside a 24-hour conversation).
- SMS: a generic HTTP gateway, `POST {SMS_GATEWAY_URL}` with JSON
  `{"to", "text", "reference"}` and an optional bearer token.

WhatsApp tells what became of a message through its webhook (views.whatsapp_webhook):
a subscription handshake answered with `WHATSAPP_WEBHOOK_VERIFY_TOKEN`, then status
posts signed with the app secret (`X-Hub-Signature-256`), on only while both are set.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

import urllib3
from django.conf import settings
from django.utils import timezone

from notifications.models import ChannelMessage, Notification

# One SMS is 160 characters; WhatsApp allows more, but the message is a nudge with a
# link, not the notification itself.
MAX_LENGTH = {ChannelMessage.Channel.SMS: 160, ChannelMessage.Channel.WHATSAPP: 300}

# Short Indonesian openings per kind of notification (the kind's first part before a
# dot is enough for a family); anything else opens with the portal's name.
OPENINGS = {
    "training.questionnaire": "Pengingat: isi kuesioner",
    "evaluations.self_assessment_due": "Pengingat SKP",
    "evaluations.overdue": "Pengingat SKP",
    "evaluations.follow_up": "Tindak lanjut kinerja",
    "evaluations.follow_up_review": "Tindak lanjut kinerja",
    "mentoring.reminder": "Pengingat mentoring",
    "training.enrolment": "Perlu persetujuan",
    "training.application": "Perlu persetujuan",
    "training.outside_submitted": "Perlu verifikasi",
    "evaluations.plan_submitted": "Perlu persetujuan",
    "evaluations.assessment_submitted": "Perlu penilaian",
    "feedback.complaint_response": "Pengaduan dijawab",
    "feedback.complaint_assigned": "Pengaduan untuk Anda",
    "feedback.complaint_overdue": "Pengaduan lewat batas",
    "report_ready": "Laporan siap",
    "people.job_finished": "Tugas selesai",
}


def short_text(notification: Notification, channel: str) -> str:
    """ "<opening>: <title> <link>", cut so that the link always fits."""
    opening = OPENINGS.get(notification.kind, "ASN Portal")
    link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
    room = MAX_LENGTH[channel] - len(opening) - 2 - (len(link) + 1 if link else 0)
    title = notification.title
    if len(title) > room:
        title = title[: max(room - 1, 0)].rstrip() + "…"
    return " ".join(part for part in (f"{opening}: {title}", link) if part)


class SendFailed(Exception):
    """A send that did not go through; `permanent` when trying again cannot help
    (the provider refused the number or the message)."""

    def __init__(self, reason: str, *, permanent: bool):
        super().__init__(reason)
        self.permanent = permanent


@dataclass(frozen=True)
class Adapter:
    channel: str

    @property
    def enabled(self) -> bool:
        if self.channel == ChannelMessage.Channel.WHATSAPP:
            return bool(
                settings.WHATSAPP_API_URL
                and settings.WHATSAPP_PHONE_NUMBER_ID
                and settings.WHATSAPP_TOKEN
            )
        return bool(settings.SMS_GATEWAY_URL)

    def send(self, message: ChannelMessage) -> str:
        """Send it; returns the provider's reference, raises SendFailed."""
        if self.channel == ChannelMessage.Channel.WHATSAPP:
            url = (
                f"{settings.WHATSAPP_API_URL.rstrip('/')}/"
                f"{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
            )
            token, body = settings.WHATSAPP_TOKEN, _whatsapp_body(message)
        else:
            url, token = settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN
            body = {
                "to": message.to_number,
                "text": message.text,
                "reference": message.idempotency_key,
            }
        headers = {"Idempotency-Key": message.idempotency_key}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        answer = _post(url, body, headers)
        return _reference(self.channel, answer)


def enabled_channels() -> list[str]:
    return [channel for channel in ChannelMessage.Channel if ADAPTERS[channel].enabled]


ADAPTERS = {channel: Adapter(channel) for channel in ChannelMessage.Channel}


def _whatsapp_body(message: ChannelMessage) -> dict:
    body = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.to_number,
        "biz_opaque_callback_data": message.idempotency_key,
    }
    if settings.WHATSAPP_TEMPLATE:
        body["type"] = "template"
        body["template"] = {
            "name": settings.WHATSAPP_TEMPLATE,
            "language": {"code": "id"},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": message.text}]}
            ],
        }
    else:
        body["type"] = "text"
        body["text"] = {"body": message.text, "preview_url": False}
    return body


def _post(url: str, body: dict, headers: dict) -> dict:
    try:
        response = urllib3.request(
            "POST",
            url,
            json=body,
            headers=headers,
            timeout=settings.CHANNEL_TIMEOUT_SECONDS,
            retries=False,
        )
    except urllib3.exceptions.HTTPError as error:  # unreachable, timed out
        raise SendFailed(f"{type(error).__name__}: {error}", permanent=False) from None
    if response.status >= 300:
        # 429 and 5xx pass; any other refusal is about this message and stays.
        permanent = response.status < 500 and response.status != 429
        raise SendFailed(
            f"HTTP {response.status}: {response.data[:200].decode(errors='replace')}",
            permanent=permanent,
        )
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _reference(channel: str, answer: dict) -> str:
    if channel == ChannelMessage.Channel.WHATSAPP:
        messages = answer.get("messages") or [{}]
        return str(messages[0].get("id", ""))[:200]
    return str(answer.get("id") or answer.get("reference") or "")[:200]


def whatsapp_webhook_enabled() -> bool:
    return bool(settings.WHATSAPP_WEBHOOK_VERIFY_TOKEN and settings.WHATSAPP_APP_SECRET)


def whatsapp_subscription_accepted(mode: str, token: str) -> bool:
    """Meta's handshake when the webhook is subscribed: the token we gave it back."""
    return mode == "subscribe" and hmac.compare_digest(
        token.encode(), settings.WHATSAPP_WEBHOOK_VERIFY_TOKEN.encode()
    )


def whatsapp_signature_valid(body: bytes, signature: str) -> bool:
    """`X-Hub-Signature-256` is "sha256=" and the HMAC-SHA256 of the raw body under
    the app secret; compared in constant time, so a forger learns nothing."""
    expected = hmac.new(
        settings.WHATSAPP_APP_SECRET.encode(), body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(signature.encode(), f"sha256={expected}".encode())


@dataclass(frozen=True)
class WhatsAppStatus:
    """One `statuses[]` item of a webhook post: what became of the message whose
    id the send answered with."""

    message_id: str
    status: str  # sent, delivered, read or failed
    at: datetime.datetime
    error: str


def whatsapp_statuses(payload) -> list[WhatsAppStatus]:
    """The statuses in `entry[].changes[].value.statuses[]`; anything else a post
    may carry (incoming messages, malformed parts) is passed over."""
    found = []
    for entry in _items(payload, "entry"):
        for change in _items(entry, "changes"):
            value = change.get("value")
            for status in _items(value, "statuses"):
                message_id = str(status.get("id") or "")
                if message_id:
                    found.append(
                        WhatsAppStatus(
                            message_id=message_id[:200],
                            status=str(status.get("status") or ""),
                            at=_moment(status.get("timestamp")),
                            error=_error_text(status.get("errors")),
                        )
                    )
    return found


def _items(container, key: str) -> list[dict]:
    items = container.get(key) if isinstance(container, dict) else None
    return (
        [item for item in items if isinstance(item, dict)]
        if isinstance(items, list)
        else []
    )


def _moment(timestamp) -> datetime.datetime:
    """Unix seconds as WhatsApp sends them (a string); now if it sent none."""
    try:
        return datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return timezone.now()


def _error_text(errors) -> str:
    """ "WhatsApp 131026: Message undeliverable (details)", from the first error."""
    first = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(first, dict):
        return "WhatsApp: failed"
    title = first.get("title") or first.get("message") or ""
    data = first.get("error_data")
    details = data.get("details", "") if isinstance(data, dict) else ""
    text = f"WhatsApp {first.get('code', '')}: {title}"
    return (f"{text} ({details})" if details else text)[:300]
