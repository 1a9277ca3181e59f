"""Who may open each people, notifications and account URL (format: tests/access.py)."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from notifications.models import Notification
from people.models import DocumentSettings, Signatory
from tests.access import ALL_ROLES, ASN, HR, LEADER, LOGGED_IN, SUPERVISOR, Rule


def _member(org):
    return [org["member"].pk]


def _members_notification(org):
    notification, _created = Notification.objects.get_or_create(
        recipient=org["member"].user,
        kind="test",
        object_key="people.employee:0",
        defaults={"title": "Uji"},
    )
    return [notification.pk]


def _failed_channel_message(org):
    """A WhatsApp message to agency A's member that the provider refused."""
    from notifications.models import ChannelMessage

    notification = Notification.objects.get(pk=_members_notification(org)[0])
    message, _created = ChannelMessage.objects.get_or_create(
        notification=notification,
        channel=ChannelMessage.Channel.WHATSAPP,
        defaults={
            "to_number": "6281234567890",
            "text": "Uji",
            "status": ChannelMessage.Status.FAILED,
        },
    )
    return [message.pk]


def _future_delegation(org):
    """The supervisor's Plh, the outsider, from tomorrow (so nobody's role changes
    today)."""
    import datetime

    from django.utils import timezone

    from people.models import Delegation

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    delegation = Delegation.objects.create(
        delegator=org["supervisor"],
        delegate=org["outsider"],
        start_date=tomorrow,
        end_date=tomorrow + datetime.timedelta(days=6),
        decree_number="800/1/2026",
    )
    return [delegation.pk]


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="gambar.png")


def _with_documents(org):
    """The agency's kop surat with a logo and a certificate signatory with a
    scanned signature; returns the URL args (agency, kind)."""
    agency = org["agency"]
    settings, _created = DocumentSettings.objects.get_or_create(
        agency=agency,
        defaults={"name_lines": agency.name, "address": "Jl. Uji 1", "place": "Uji"},
    )
    if not settings.logo:
        settings.logo.save("logo.png", _png())
    signatory, _created = Signatory.objects.get_or_create(
        agency=agency,
        kind=Signatory.Kind.CERTIFICATE,
        defaults={"name": "Penanda Uji", "jabatan": "Kepala Uji"},
    )
    if not signatory.signature:
        signatory.signature.save("ttd.png", _png())
    return [agency.pk, Signatory.Kind.CERTIFICATE]


def _pending_import(org):
    """A preview kept for agency A's HR (only they may open it)."""
    from people import services
    from people.models import PendingImport
    from people.services import ImportResult

    pending = services.keep_pending_import(
        kind=PendingImport.Kind.EMPLOYEES,
        agency=org["agency"],
        user=org["hr"].user,
        rows=[],
        result=ImportResult(),
    )
    return [pending.token]


def _hr_export(org):
    """A large export agency A's HR had built: its file through the storage API."""
    from asn_portal.exports import build_xlsx
    from people.models import BackgroundJob

    job = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.EMPLOYEE_EXPORT,
        agency=org["agency"],
        requested_by=org["hr"].user,
        state=BackgroundJob.State.DONE,
        result={"rows": 1, "filename": "pegawai.xlsx"},
    )
    content = build_xlsx([("Pegawai", ["Nama"], [["Uji"]])])
    job.file.save("pegawai.xlsx", ContentFile(content), save=True)
    return [job.pk]


def _hr_job(org):
    """A background job agency A's HR started: theirs and HR's of agency A only."""
    from people.models import BackgroundJob

    job = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.EMPLOYEE_IMPORT,
        agency=org["agency"],
        requested_by=org["hr"].user,
    )
    return [job.pk]


RULES = [
    Rule("home", LOGGED_IN),
    Rule("login", ALL_ROLES),
    # LogoutView needs no login: an anonymous POST just lands on the login page.
    Rule("logout", ALL_ROLES, method="POST"),
    Rule("password_change", LOGGED_IN),
    Rule("password_reset", ALL_ROLES),
    Rule("password_reset_done", ALL_ROLES),
    Rule(
        "password_reset_confirm",
        ALL_ROLES,
        args=lambda org: ["MQ", "bad-token"],
        cross_agency_allowed=ALL_ROLES,
    ),
    Rule("password_reset_complete", ALL_ROLES),
    Rule("password_change_done", LOGGED_IN),
    Rule(
        "set_language",
        ALL_ROLES,
        method="POST",
        data=lambda org: {"language": "id", "next": "/"},
    ),
    # Everyone logged in gets the list; visible_to narrows what it shows.
    Rule("people:employee_list", LOGGED_IN),
    Rule(
        "people:employee_list_accounts",
        frozenset({HR}),
        method="POST",
        data=lambda org: {"employee": [org["outsider"].pk]},
    ),
    Rule(
        "people:employee_detail",
        frozenset({ASN, SUPERVISOR, HR, LEADER}),
        args=_member,
    ),
    Rule("people:employee_history", frozenset({HR, ASN}), args=_member),
    Rule("people:employee_edit", frozenset({HR}), args=_member),
    Rule(
        "people:employee_edit",
        frozenset({HR}),
        args=_member,
        method="POST",
        data=lambda org: {"name": "", "reason": "Uji akses"},
    ),
    Rule("people:unit_list", frozenset({HR, LEADER})),
    Rule("people:unit_create", frozenset({HR})),
    Rule("people:unit_edit", frozenset({HR}), args=lambda org: [org["unit"].pk]),
    Rule(
        "people:unit_edit",
        frozenset({HR}),
        args=lambda org: [org["unit"].pk],
        method="POST",
        data=lambda org: {"name": "", "reason": "Uji akses"},
    ),
    Rule("people:unit_import", frozenset({HR})),
    Rule("people:unit_import_confirm", frozenset({HR}), method="POST"),
    Rule("people:my_contacts", LOGGED_IN),
    Rule("people:employee_invite", frozenset({HR}), args=_member, method="POST"),
    Rule(
        "people:employee_end",
        frozenset({HR}),
        args=_member,
        method="POST",
        data=lambda org: {"reason": "Uji akses"},
    ),
    Rule("people:locked_accounts", frozenset({HR})),
    Rule("people:delegation_list", LOGGED_IN),
    Rule("people:delegation_create", frozenset({SUPERVISOR, HR})),
    Rule(
        "people:delegation_create",
        frozenset({SUPERVISOR, HR}),
        method="POST",
        data=lambda org: {"delegate": ""},
    ),
    Rule(
        "people:delegation_end",
        frozenset({SUPERVISOR, HR}),
        args=_future_delegation,
        method="POST",
    ),
    Rule("people:delegate_search", frozenset({SUPERVISOR, HR})),
    Rule("people:accounts", frozenset({HR})),
    # Every role with an employee profile picks colleagues; visible_to narrows it.
    Rule("people:employee_search", LOGGED_IN),
    Rule(
        "people:accounts", frozenset({HR}), method="POST", data=lambda org: {"unit": ""}
    ),
    Rule("people:employee_import", frozenset({HR})),
    Rule("people:employee_import_confirm", frozenset({HR}), method="POST"),
    Rule("people:employee_import_preview", frozenset({HR}), args=_pending_import),
    Rule(
        "people:employee_import_choose",
        frozenset({HR}),
        args=_pending_import,
        method="POST",
        data=lambda org: {"action": "keep_all"},
    ),
    Rule("people:employee_import_template", frozenset({HR})),
    Rule("job_detail", frozenset({HR}), args=_hr_job),
    Rule("job_status", frozenset({HR}), args=_hr_job),
    Rule("job_download", frozenset({HR}), args=_hr_export),
    Rule(
        "people:reminder_settings",
        frozenset({HR}),
        args=lambda org: [org["agency"].pk],
    ),
    Rule("people:back_office_changes", frozenset({HR})),
    Rule(
        "people:document_settings",
        frozenset({HR}),
        args=lambda org: [org["agency"].pk],
    ),
    Rule(
        "people:document_settings",
        frozenset({HR}),
        args=lambda org: [org["agency"].pk],
        method="POST",
        data=lambda org: {"name_lines": "", "reason": "Uji akses"},
    ),
    Rule(
        "people:document_settings_history",
        frozenset({HR}),
        args=lambda org: _with_documents(org)[:1],
    ),
    Rule(
        "people:letterhead_logo",
        frozenset({HR}),
        args=lambda org: _with_documents(org)[:1],
    ),
    Rule("people:signatory_edit", frozenset({HR}), args=_with_documents),
    Rule(
        "people:signatory_edit",
        frozenset({HR}),
        args=_with_documents,
        method="POST",
        data=lambda org: {"name": "", "reason": "Uji akses"},
    ),
    Rule("people:signatory_history", frozenset({HR}), args=_with_documents),
    Rule("people:signatory_signature", frozenset({HR}), args=_with_documents),
    Rule("notifications:inbox", LOGGED_IN),
    Rule("notifications:open", frozenset({ASN}), args=_members_notification),
    Rule("notifications:read_all", LOGGED_IN, method="POST"),
    Rule("notifications:channel_messages", frozenset({HR})),
    Rule(
        "notifications:resend_channel_message",
        frozenset({HR}),
        args=_failed_channel_message,
        method="POST",
    ),
    # Meta calls the webhook without signing in: nobody gets in by a session, only
    # with the verify token or the app secret's signature (test_channels.py checks
    # those; the test settings turn the webhook on).
    Rule("notifications:whatsapp_webhook", frozenset()),
    Rule("notifications:whatsapp_webhook", frozenset(), method="POST"),
]
