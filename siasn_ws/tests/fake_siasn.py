"""A stand-in for the SIASN web service on 127.0.0.1, for the tests only.

It answers in the shapes of the public integrators' documentation: the API Manager's
token (`/oauth2/token`, client credentials with basic auth), the SSO token (password
grant), `pns/data-utama/<nip>`, `referensi/ref-unor`, `pns/rw-kursus/<nip>`,
`pns/rw-kinerjaperiodik/<nip>`, `upload-dok` (multipart), `kursus/save` and
`kinerjaperiodik/save`. Switches make it
fail the way the real one does: tokens that expire, a 5xx, a call that never answers
in time, a refusal with a message, a call that is stored although its answer never
arrives, and a redirect."""

import json
import threading
import time
import uuid
from base64 import b64decode
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SSO_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"
CREDENTIALS = {
    "CONSUMER_KEY": "kunci-uji",
    "CONSUMER_SECRET": "rahasia-uji",
    "CLIENT_ID": "klien-uji",
    "USERNAME": "ws-uji",
    "PASSWORD": "sandi-uji",
}


class FakeSiasn:
    def __init__(self):
        self.lock = threading.Lock()
        self.wso_tokens: set[str] = set()
        self.sso_tokens: set[str] = set()
        self.token_requests = 0
        self.pns: dict[str, dict] = {}
        self.kursus: list[dict] = []
        self.kinerja: list[dict] = []
        self.documents: dict[str, bytes] = {}
        self.unors: list[dict] = []
        self.calls: list[str] = []
        # Faults for the next API calls (not token calls), in order:
        # ("status", 503) | ("slow", seconds) | ("refuse", message) | ("redirect", url)
        # | ("store_then_slow", seconds)
        self.faults: list[tuple] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- switches ---

    def add_pns(self, nip: str, name: str = "Pegawai Uji", **fields) -> str:
        """An employee SIASN knows; `fields` are more of its data utama
        (golRuangAkhir="III/b", unorId=…, kedudukanPnsNama="Aktif" …)."""
        pns_id = str(uuid.uuid4())
        self.pns[nip] = {"id": pns_id, "nipBaru": nip, "nama": name, **fields}
        return pns_id

    def add_unor(self, unor_id: str, name: str, parent: str = "", instansi=""):
        """A unit in BKN's `ref-unor`."""
        self.unors.append(
            {
                "Id": unor_id,
                "NamaUnor": name,
                "DiatasanId": parent,
                "InstansiId": instansi,
            }
        )

    def expire_tokens(self) -> None:
        with self.lock:
            self.wso_tokens.clear()
            self.sso_tokens.clear()

    def fail_next(self, *faults) -> None:
        with self.lock:
            self.faults.extend(faults)

    def saves(self, what="kursus") -> int:
        return sum(call == f"POST /apisiasn/1.0/{what}/save" for call in self.calls)

    # --- life ---

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- answers ---

    def token(self, handler, path, form) -> tuple[int, dict]:
        if path == "/oauth2/token":
            basic = handler.headers.get("Authorization", "").removeprefix("Basic ")
            expected = f"{CREDENTIALS['CONSUMER_KEY']}:{CREDENTIALS['CONSUMER_SECRET']}"
            if b64decode(basic or b"").decode() != expected or form.get(
                "grant_type"
            ) != ["client_credentials"]:
                return 401, {"error": "invalid_client"}
            tokens = self.wso_tokens
        else:
            wanted = {
                "grant_type": ["password"],
                "client_id": [CREDENTIALS["CLIENT_ID"]],
                "username": [CREDENTIALS["USERNAME"]],
                "password": [CREDENTIALS["PASSWORD"]],
            }
            if form != wanted:
                return 401, {"error": "invalid_grant"}
            tokens = self.sso_tokens
        token = uuid.uuid4().hex
        with self.lock:
            tokens.add(token)
            self.token_requests += 1
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}

    def api(self, handler, method, path, body) -> tuple[int, dict]:
        bearer = handler.headers.get("Authorization", "").removeprefix("Bearer ")
        auth = handler.headers.get("Auth", "").removeprefix("bearer ")
        if bearer not in self.wso_tokens or auth not in self.sso_tokens:
            return 401, {"message": "Invalid Credentials"}
        with self.lock:
            self.calls.append(f"{method} {path}")
            fault = self.faults.pop(0) if self.faults else None
        if fault and fault[0] == "status":
            return fault[1], {"message": "Internal Server Error"}
        if fault and fault[0] == "slow":
            time.sleep(fault[1])
        if fault and fault[0] == "redirect":
            return 302, {"message": "Found", "_location": fault[1]}
        if fault and fault[0] == "refuse":
            return 200, {"success": False, "message": fault[1]}
        answer = self.route(handler, method, path, body)
        if fault and fault[0] == "store_then_slow":
            time.sleep(fault[1])
        return answer

    def route(self, handler, method, path, body) -> tuple[int, dict]:
        prefix = "/apisiasn/1.0/"
        tail = path.removeprefix(prefix)
        if method == "GET" and tail.startswith("pns/data-utama/"):
            found = self.pns.get(tail.rsplit("/", 1)[1])
            if found is None:
                return 200, {"code": 0, "data": None, "message": "Data tidak ditemukan"}
            return 200, {"code": 1, "data": found, "message": "success"}
        if method == "GET" and tail == "referensi/ref-unor":
            return 200, {"code": 1, "data": list(self.unors)}
        if method == "GET" and tail.startswith("pns/rw-kursus/"):
            nip = tail.rsplit("/", 1)[1]
            pns_id = self.pns.get(nip, {}).get("id")
            rows = [row for row in self.kursus if row["pnsOrangId"] == pns_id]
            return 200, {"code": 1, "data": rows}
        if method == "GET" and tail.startswith("pns/rw-kinerjaperiodik/"):
            pns_id = self.pns.get(tail.rsplit("/", 1)[1], {}).get("id")
            rows = [row for row in self.kinerja if row["pnsDinilaiId"] == pns_id]
            return 200, {"code": 1, "data": rows}
        if method == "POST" and tail == "kinerjaperiodik/save":
            return self.save_kinerja(json.loads(body))
        if method == "POST" and tail == "upload-dok":
            return self.upload(handler, body)
        if method == "POST" and tail == "kursus/save":
            return self.save_kursus(json.loads(body))
        return 404, {"message": "not found"}

    def upload(self, handler, body) -> tuple[int, dict]:
        head = f"Content-Type: {handler.headers['Content-Type']}\r\n\r\n".encode()
        message = BytesParser(policy=default_policy).parsebytes(head + body)
        fields, content, filename = {}, b"", ""
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename():
                content, filename = part.get_payload(decode=True), part.get_filename()
            else:
                fields[name] = part.get_content().strip()
        if not content.startswith(b"%PDF") or fields.get("id_ref_dokumen") != "874":
            return 400, {"success": False, "message": "Dokumen harus PDF"}
        dok_id = str(uuid.uuid4())
        with self.lock:
            self.documents[dok_id] = content
        uri = f"peremajaan/usulan/{dok_id}_{filename}"
        return 200, {
            "success": True,
            "data": {
                "dok_id": dok_id,
                "dok_nama": filename,
                "dok_uri": uri,
                "object": uri,
                "slug": "874",
            },
        }

    def save_kursus(self, payload) -> tuple[int, dict]:
        known = {pns["id"] for pns in self.pns.values()}
        if payload.get("pnsOrangId") not in known:
            return 400, {"success": False, "message": "PNS tidak ditemukan"}
        for field in (
            "namaKursus",
            "nomorSertipikat",
            "tanggalKursus",
            "jenisDiklatId",
        ):
            if not payload.get(field):
                return 400, {"success": False, "message": f"{field} wajib diisi"}
        time.strptime(payload["tanggalKursus"], "%d-%m-%Y")
        paths = payload.get("path") or []
        if not paths or paths[0].get("dok_id") not in self.documents:
            return 400, {"success": False, "message": "Dokumen sertifikat wajib"}
        row = {**payload, "id": str(uuid.uuid4())}
        with self.lock:
            self.kursus.append(row)
        return 200, {
            "success": True,
            "mapData": {"rwKursusId": row["id"]},
            "message": "success",
        }

    def save_kinerja(self, payload) -> tuple[int, dict]:
        known = {pns["id"] for pns in self.pns.values()}
        if payload.get("pnsDinilaiId") not in known:
            return 400, {"success": False, "message": "PNS tidak ditemukan"}
        if not payload.get("periodikId"):
            return 400, {"success": False, "message": "periodikId wajib diisi"}
        for field, top in (
            ("hasilKinerjaNilai", 3),
            ("perilakuKerjaNilai", 3),
            ("kuadranKinerjaNilai", 5),
            ("bulanMulaiPenilaian", 12),
            ("bulanSelesaiPenilaian", 12),
        ):
            if (
                not isinstance(payload.get(field), int)
                or not 1 <= payload[field] <= top
            ):
                return 400, {"success": False, "message": f"{field} tidak valid"}
        row = {**payload, "id": str(uuid.uuid4())}
        with self.lock:
            self.kinerja.append(row)
        return 200, {"success": True, "data": {"id": row["id"]}, "message": "success"}


def _handler(fake: FakeSiasn):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, method):
            path = urlsplit(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if path in ("/oauth2/token", SSO_PATH):
                status, answer = fake.token(self, path, parse_qs(body.decode()))
            else:
                status, answer = fake.api(self, method, path, body)
            location = answer.pop("_location", None)
            raw = json.dumps(answer).encode()
            try:
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except OSError:
                pass  # the client gave up waiting (a timeout test)

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

    return Handler
