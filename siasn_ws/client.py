"""The SIASN web service (BKN's API Manager), as the public integrators' documentation
describes it. Two bearer tokens go with every call: the API Manager's (OAuth2 client
credentials, header `Authorization`) and the SIASN SSO's (password grant for the
agency's web-service account, header `Auth`). Both are kept in the cache until shortly
before they expire, and fetched again when SIASN answers 401 (an expired token).

Faults are sorted for the outbox: `Unavailable` (timeout, connection refused, 5xx,
credentials refused) is tried again later; `Refused` (SIASN answered and said no, with
its message) is shown to HR and not retried."""

import base64
import hashlib
import json
import os
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# Integrators' documentation names these reference ids for the uploaded documents.
DOCUMENT_KURSUS = "874"
DOCUMENT_KINERJA = "890"
CREDENTIAL_NAMES = (
    "CONSUMER_KEY",
    "CONSUMER_SECRET",
    "CLIENT_ID",
    "USERNAME",
    "PASSWORD",
)


class SiasnError(Exception):
    """A call to SIASN that did not give what was asked; `str()` says why."""


class Unavailable(SiasnError):
    """SIASN did not answer usefully now (timeout, network, 5xx, tokens refused):
    the same record is tried again later."""


class Refused(SiasnError):
    """SIASN answered and refused the record, with its message."""


@dataclass(frozen=True)
class Credentials:
    consumer_key: str
    consumer_secret: str
    client_id: str
    username: str
    password: str


def variable_names(agency_code: str) -> list[str]:
    """The environment variables that hold one agency's credentials:
    SIASN_<CODE>_CONSUMER_KEY … (the code upper-cased, other characters as _)."""
    prefix = "SIASN_" + re.sub(r"[^A-Z0-9]", "_", agency_code.upper())
    return [f"{prefix}_{name}" for name in CREDENTIAL_NAMES]


def missing_variables(agency_code: str) -> list[str]:
    return [name for name in variable_names(agency_code) if not os.environ.get(name)]


def credentials_for(agency_code: str) -> Credentials | None:
    """The agency's credentials from the environment; None while any is missing.
    They are never stored in the database."""
    if missing_variables(agency_code):
        return None
    return Credentials(*(os.environ[name] for name in variable_names(agency_code)))


class SiasnClient:
    def __init__(self, connection, credentials: Credentials, *, timeout=None):
        self.connection = connection
        self.credentials = credentials
        self.timeout = timeout or settings.SIASN_TIMEOUT_SECONDS
        # One look-up per NIP and run: an employee with several records to send.
        self._data_utama: dict[str, dict] = {}

    # --- the endpoints ---

    def data_utama(self, nip: str) -> dict:
        if nip in self._data_utama:
            return self._data_utama[nip]
        answer = self._call("GET", f"/apisiasn/1.0/pns/data-utama/{_segment(nip)}")
        data = answer.get("data")
        if not isinstance(data, dict) or not data.get("id"):
            raise Refused(answer.get("message") or "PNS tidak ditemukan")
        self._data_utama[nip] = data
        return data

    def find_pns(self, nip: str) -> dict | None:
        """The employee's data utama, or None when SIASN does not know the NIP (it
        answers `data: null`, "Data tidak ditemukan"); any other refusal raises
        Refused with SIASN's message."""
        path = f"/apisiasn/1.0/pns/data-utama/{_segment(nip)}"
        data = self._call("GET", path).get("data")
        return data if isinstance(data, dict) and data.get("id") else None

    def ref_unor(self) -> list[dict]:
        """BKN's unit reference (`referensi/ref-unor`): one dict per unit with its
        Id, NamaUnor, DiatasanId (the unit above) and InstansiId."""
        data = self._call("GET", "/apisiasn/1.0/referensi/ref-unor").get("data")
        return [row for row in data if isinstance(row, dict)] if data else []

    def riwayat_kursus(self, nip: str) -> list[dict]:
        answer = self._call("GET", f"/apisiasn/1.0/pns/rw-kursus/{_segment(nip)}")
        data = answer.get("data")
        return data if isinstance(data, list) else []

    def riwayat_kinerja(self, nip: str) -> list[dict]:
        path = f"/apisiasn/1.0/pns/rw-kinerjaperiodik/{_segment(nip)}"
        data = self._call("GET", path).get("data")
        return data if isinstance(data, list) else []

    def upload_document(self, *, id_ref: str, filename: str, content: bytes) -> dict:
        """Uploads a PDF; SIASN's answer (dok_id, dok_uri …) goes in a riwayat's
        `path`."""
        fields = {"id_ref_dokumen": id_ref}
        body, content_type = _multipart(fields, "file", filename, content)
        answer = self._call("POST", "/apisiasn/1.0/upload-dok", body, content_type)
        data = answer.get("data")
        if not isinstance(data, dict) or not data.get("dok_uri"):
            raise Refused(answer.get("message") or "dokumen tidak diterima")
        return data

    def save_kursus(self, payload: dict) -> str:
        answer = self._post_json("/apisiasn/1.0/kursus/save", payload)
        return _saved_id(answer, "rwKursusId")

    def save_kinerja(self, payload: dict) -> str:
        answer = self._post_json("/apisiasn/1.0/kinerjaperiodik/save", payload)
        return _saved_id(answer, "id")

    # --- HTTP ---

    def _post_json(self, path: str, payload: dict) -> dict:
        body = json.dumps(payload).encode()
        return self._call("POST", path, body, "application/json")

    def _call(self, method, path, body=None, content_type=None) -> dict:
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self._token('wso')}",
                "Auth": f"bearer {self._token('sso')}",
                "Accept": "application/json",
            }
            if content_type:
                headers["Content-Type"] = content_type
            url = self.connection.api_url.rstrip("/") + path
            status, answer = self._http(method, url, body, headers)
            if status == 401 and attempt == 1:
                self._forget_tokens()
                continue
            break
        if status == 401:
            raise Unavailable("SIASN menolak token (401)")
        if status >= 500:
            raise Unavailable(f"SIASN menjawab {status}")
        if 300 <= status < 400:
            raise Unavailable(
                f"SIASN mengalihkan ke alamat lain ({status}); periksa alamat API"
            )
        if status >= 400 or answer.get("success") is False:
            raise Refused(_message(answer) or f"SIASN menjawab {status}")
        return answer

    def _http(self, method, url, body, headers) -> tuple[int, dict]:
        if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
            raise Unavailable("alamat SIASN bukan http(s)")
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())
        except TimeoutError:
            raise Unavailable(
                f"SIASN tidak menjawab dalam {self.timeout} detik"
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise Unavailable(
                    f"SIASN tidak menjawab dalam {self.timeout} detik"
                ) from None
            raise Unavailable(f"SIASN tidak dapat dihubungi: {error.reason}") from None
        except OSError as error:
            raise Unavailable(f"SIASN tidak dapat dihubungi: {error}") from None

    # --- tokens ---

    def _cache_key(self, kind: str) -> str:
        url = self.connection.token_url if kind == "wso" else self.connection.sso_url
        seed = (
            f"{kind}|{url}|{self.credentials.consumer_key}|{self.credentials.username}"
        )
        return "siasn_ws:token:" + hashlib.sha256(seed.encode()).hexdigest()

    def _forget_tokens(self) -> None:
        cache.delete_many([self._cache_key("wso"), self._cache_key("sso")])

    def _token(self, kind: str) -> str:
        key = self._cache_key(kind)
        token = cache.get(key)
        if token:
            return token
        credentials = self.credentials
        if kind == "wso":
            url = self.connection.token_url
            form = {"grant_type": "client_credentials"}
            basic = f"{credentials.consumer_key}:{credentials.consumer_secret}"
            headers = {
                "Authorization": "Basic " + base64.b64encode(basic.encode()).decode()
            }
        else:
            url = self.connection.sso_url
            form = {
                "grant_type": "password",
                "client_id": credentials.client_id,
                "username": credentials.username,
                "password": credentials.password,
            }
            headers = {}
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Accept"] = "application/json"
        body = urllib.parse.urlencode(form).encode()
        status, answer = self._http("POST", url, body, headers)
        token = answer.get("access_token")
        if status != 200 or not token:
            raise Unavailable(
                f"token SIASN ({kind.upper()}) tidak diberikan: {status} "
                f"{_message(answer)}".strip()
            )
        lifetime = int(answer.get("expires_in") or 3600)
        cache.set(key, token, max(lifetime - 60, 1))
        return token


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as it is (a 3xx, refused): following it would send
    the agency's tokens to another address."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _json(raw: bytes) -> dict:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {"message": raw[:200].decode("utf-8", "replace")}
    return answer if isinstance(answer, dict) else {"data": answer}


def _message(answer: dict) -> str:
    for key in ("message", "error_description", "error"):
        if answer.get(key):
            return str(answer[key])[:500]
    return ""


def _saved_id(answer: dict, key: str) -> str:
    for holder in (answer.get("mapData"), answer.get("data")):
        if isinstance(holder, dict) and (holder.get(key) or holder.get("id")):
            return str(holder.get(key) or holder.get("id"))
    raise Refused(_message(answer) or "SIASN tidak memberi id riwayat")


def _multipart(fields: dict, file_field: str, filename: str, content: bytes):
    boundary = "asnportal" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
