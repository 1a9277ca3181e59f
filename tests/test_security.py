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
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from PIL import Image

from asn_portal.exports import build_xlsx, csv_response, safe_cell
from asn_portal.sessions import SAVED_AT, SessionStore
from asn_portal.uploads import POLICIES, check_upload, upload_response

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

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HTML_AS_PNG = PNG_SIGNATURE + b"<html><script>alert(document.cookie)</script></html>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


def _webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="WEBP")
    return buffer.getvalue()


def _refusal(name, content, policy):
    with pytest.raises(ValidationError) as error:
        check_upload(_upload(name, content), policy)
    return error.value.code


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_html_behind_a_png_signature_is_refused_by_every_field(policy):
    assert _refusal("bukti.html", HTML_AS_PNG, policy) == "bad_type"
    assert _refusal("bukti.png", HTML_AS_PNG, policy) == "bad_type"


@pytest.mark.parametrize("policy", ["complaint_photo", "evidence", "lesson_file"])
def test_svg_with_script_is_refused(policy):
    assert _refusal("gambar.svg", SVG_WITH_SCRIPT, policy) == "bad_type"


def test_png_renamed_to_xlsx_is_refused():
    assert _refusal("pegawai.xlsx", _png_bytes(), "employee_import") == "bad_type"


def test_real_xlsx_is_accepted_whatever_its_name_and_renamed_by_us():
    checked = check_upload(
        _upload("Data Pegawai.bin", _xlsx_bytes()), "employee_import"
    )
    assert checked.kind == "xlsx"
    assert re.fullmatch(r"data-pegawai-[0-9a-f]{12}\.xlsx", checked.name)
    assert checked.read(2) == b"PK", "the check leaves the file readable from start"


def test_executable_with_a_pdf_name_is_refused():
    content = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
    assert _refusal("surat.pdf", content, "evidence") == "bad_type"


def test_a_pdf_without_its_end_marker_is_refused():
    assert _refusal("surat.pdf", b"%PDF-1.4\n<script>", "evidence") == "bad_type"


def test_oversize_upload_is_refused_before_reading_it():
    content = _png_bytes() + b"\x00" * (5 * MB)
    assert _refusal("foto.png", content, "complaint_photo") == "too_big"


@pytest.mark.parametrize(
    ("make", "kind"), [(_png_bytes, "png"), (_jpeg_bytes, "jpg"), (_webp_bytes, "png")]
)
def test_images_are_reencoded_under_our_name(make, kind):
    checked = check_upload(_upload("Foto KTP.html", make()), "complaint_photo")
    assert re.fullmatch(rf"foto-ktp-[0-9a-f]{{12}}\.{kind}", checked.name)
    with Image.open(checked) as image:
        assert image.size == (4, 4)
        assert image.format == {"png": "PNG", "jpg": "JPEG"}[kind]


def test_trailing_bytes_after_an_image_do_not_survive():
    content = _png_bytes() + b"<script>alert(1)</script>"
    checked = check_upload(_upload("x.png", content), "complaint_photo")
    assert b"<script>" not in checked.read()


def test_a_file_saved_without_a_form_is_checked_too(db, org, settings, tmp_path):
    from evaluations.models import AssessmentResult

    settings.MEDIA_ROOT = tmp_path
    row = AssessmentResult()
    with pytest.raises(ValidationError):
        row.evidence_file.save("bukti.html", _upload("bukti.html", HTML_AS_PNG), False)


def _stored_response(field_file):
    response = upload_response(field_file)
    return response, b"".join(response.streaming_content)


def test_stored_files_go_back_with_their_detected_type(settings, tmp_path):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path

    class Stored:
        def __init__(self, name, content):
            self.name = default_storage.save(name, io.BytesIO(content))

        def open(self, mode):
            return default_storage.open(self.name, mode)

    png, body = _stored_response(Stored("foto.png", _png_bytes()))
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"].startswith("inline")
    assert body == _png_bytes()

    pdf, _ = _stored_response(Stored("surat.pdf", PDF))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")

    # A file stored before these checks existed is never sent back as HTML.
    old, _ = _stored_response(Stored("bukti.html", HTML_AS_PNG))
    assert old["Content-Type"] == "application/octet-stream"
    assert old["Content-Disposition"].startswith("attachment")
    assert "sandbox" in old["Content-Security-Policy"]


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
    _written_seconds_ago(session.session_key, settings.SESSION_REFRESH_SECONDS)
    assert client.get(reverse("home")).status_code == 200
    session.refresh_from_db()
    left = session.expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=29), "each request moves the expiry"

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    # The cached copy is kept for the same idle age, so it is gone by then too.
    cache.delete(SessionStore(session.session_key).cache_key)
    idle = client.get(reverse("home"))
    assert idle.status_code == 302
    assert idle.url.startswith(reverse("login"))


def _written_seconds_ago(session_key, seconds):
    """Make the stored session look last written `seconds` ago."""
    store = SessionStore(session_key)
    data = store.load()
    data[SAVED_AT] -= seconds
    Session.objects.filter(session_key=session_key).update(
        session_data=store.encode(data)
    )
    cache.delete(store.cache_key)


@pytest.mark.django_db
def test_an_unchanged_session_is_written_at_most_once_a_minute(
    client, org, demo_password, settings
):
    _log_in(client, org["member"].user.username, demo_password, OWNER)
    session = Session.objects.get()
    written = session.expire_date
    pages = [reverse("home"), reverse("password_change_done"), reverse("home")]
    for page in pages:
        assert client.get(page).status_code == 200
    assert Session.objects.get().expire_date == written

    _written_seconds_ago(session.session_key, settings.SESSION_REFRESH_SECONDS - 2)
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date == written

    _written_seconds_ago(session.session_key, 3)  # now one refresh and a second old
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get().expire_date > written


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
