"""Security gates that CI runs: uploads judged by content, spreadsheet exports that
cannot carry formulas, and password guessing locked per username and address and,
for password spraying, per address over all usernames."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from PIL import Image

from asn_portal.exports import build_xlsx, csv_response, safe_cell
from asn_portal.uploads import DOCUMENT_KINDS, SPREADSHEET_KINDS, validate_upload

MB = 1024 * 1024


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["NIP", "Nama"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Uploads ---------------------------------------------------------------------------


def test_png_renamed_to_xlsx_is_refused():
    upload = _upload("pegawai.xlsx", _png_bytes(), "application/vnd.ms-excel")
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, kinds=SPREADSHEET_KINDS, max_bytes=5 * MB)
    assert error.value.code == "bad_type"


def test_real_xlsx_is_accepted_whatever_its_name():
    upload = _upload("data.bin", _xlsx_bytes())
    assert validate_upload(upload, kinds=SPREADSHEET_KINDS, max_bytes=5 * MB) == "xlsx"
    assert upload.read(2) == b"PK", "the check leaves the file readable from start"


def test_executable_with_a_pdf_name_is_refused():
    upload = _upload("surat.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError):
        validate_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=5 * MB)


def test_oversize_upload_is_refused_before_reading_it():
    upload = _upload("foto.png", _png_bytes() + b"\x00" * (1 * MB))
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, kinds={"png"}, max_bytes=1 * MB)
    assert error.value.code == "too_big"


def test_png_is_accepted_as_an_image():
    assert validate_upload(_upload("x.jpg", _png_bytes()), kinds={"png"}, max_bytes=MB)


# Exports ---------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_text_becomes_plain_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Budi", "", "a=b", 12, -5, None, 3.5])
def test_ordinary_values_are_untouched(value):
    assert safe_cell(value) == value


def test_xlsx_export_holds_no_formula():
    content = build_xlsx(
        [("Pegawai", ["Nama", "=Header"], [[value, value] for value in DANGEROUS])]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells), "no cell is a formula"
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert all(text.startswith("'") for text in texts[1:]), texts
    # Numbers stay numbers (a negative JP correction is not text).
    numbers = build_xlsx([("S", ["JP"], [[-5]])])
    assert load_workbook(io.BytesIO(numbers)).active["A2"].value == -5


def test_csv_export_holds_no_formula():
    response = csv_response("x.csv", ["Nama"], [[value] for value in DANGEROUS])
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == ["'" + value for value in DANGEROUS]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


# Login lock-out (django-axes) ------------------------------------------------------

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


def _log_in(client, username, password, address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_guessing_locks_the_username_only_from_the_guessing_address(
    client, org, demo_password, settings
):
    victim = org["member"].user.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _log_in(client, victim, "tebakan-salah", ATTACKER)
        assert response.status_code in (200, 429)

    locked = _log_in(client, victim, demo_password, ATTACKER)
    assert locked.status_code == 429, "even the right password is refused there"
    assert "_auth_user_id" not in client.session

    owner = _log_in(client, victim, demo_password, OWNER)
    assert owner.status_code == 302, "the owner still logs in from elsewhere"
    assert client.session["_auth_user_id"] == str(org["member"].user.pk)


@pytest.mark.django_db
def test_lock_out_does_not_spill_onto_other_usernames(client, org, demo_password):
    for _ in range(10):
        _log_in(client, org["member"].user.username, "salah", ATTACKER)
    colleague = _log_in(client, org["hr"].user.username, demo_password, ATTACKER)
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_failures_below_the_limit_do_not_lock(client, org, demo_password, settings):
    username = org["member"].user.username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, username, "salah", ATTACKER)
    assert _log_in(client, username, demo_password, ATTACKER).status_code == 302


@pytest.mark.django_db
def test_spraying_many_usernames_locks_the_address_at_its_limit(
    client, org, demo_password, settings
):
    """240 guesses over 60 usernames, four each (under the per-username limit):
    the address is locked at its own limit, long before the end."""
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert settings.AXES_FAILURE_LIMIT > 240 // 60, "no username locks on its own"
    assert limit < 240
    usernames = [f"1990010{n:02d}2015011001" for n in range(60)]
    statuses = [
        _log_in(client, username, "tebakan-salah", ATTACKER).status_code
        for _ in range(240 // 60)
        for username in usernames
    ]
    assert statuses[: limit - 1] == [200] * (limit - 1), "below the limit: a form"
    assert statuses[limit - 1 :] == [429] * (240 - limit + 1), "locked from the limit"
    assert not AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists(), "no single username reached its own lock"
    page = _log_in(client, "1990", "x", ATTACKER).content.decode()
    assert "alamat jaringan Anda dikunci" in page, "the page says which lock"

    owner = org["member"].user
    refused = _log_in(client, owner.username, demo_password, ATTACKER)
    assert refused.status_code == 429, "the right password is refused there too"
    assert "_auth_user_id" not in client.session
    fine = _log_in(client, owner.username, demo_password, OWNER)
    assert fine.status_code == 302, "the owner still logs in from another address"
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_address_failures_outside_the_window_do_not_count(
    client, org, demo_password, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(5):
        _log_in(client, f"tebakan-{n}", "salah", ATTACKER)
    stale = timezone.now() - datetime.timedelta(
        minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES, seconds=1
    )
    AccessAttempt.objects.update(attempt_time=stale)
    assert _log_in(client, "tebakan-5", "salah", ATTACKER).status_code == 200
    member = _log_in(client, org["member"].user.username, demo_password, ATTACKER)
    assert member.status_code == 302


# Response headers and sessions -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_carries_the_csp_and_permissions_policy(
    client, org, login, logged_in
):
    if logged_in:
        login(org["member"])
    response = client.get(reverse("home" if logged_in else "login"))
    assert response.status_code == 200
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'", "no inline script, no other origin"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.django_db
def test_pages_for_a_logged_in_user_are_not_stored(client, org, login):
    public = client.get(reverse("feedback:public_index"))
    assert "no-store" not in public.get("Cache-Control", "")
    login(org["member"])
    for name in ("home", "feedback:public_index"):
        response = client.get(reverse(name))
        assert "no-store" in response["Cache-Control"], name


@pytest.mark.django_db
def test_the_session_ends_at_browser_close_and_after_idle_minutes(
    client, org, demo_password, settings
):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    response = _log_in(client, org["member"].user.username, demo_password, OWNER)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"], "a browser-session cookie"
    assert not cookie["expires"]

    session = Session.objects.get()
    session.expire_date = timezone.now() + datetime.timedelta(minutes=1)
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session.refresh_from_db()
    left = session.expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=29), "each request moves the expiry"

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    idle = client.get(reverse("home"))
    assert idle.status_code == 302
    assert idle.url.startswith(reverse("login"))


ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


def test_no_template_holds_inline_script_or_event_handlers():
    """The CSP refuses them in the browser; this finds them before a browser test
    has to open the page."""
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        for match in INLINE_CODE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
