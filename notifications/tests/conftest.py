"""A real HTTP server on a free local port standing in for the WhatsApp Cloud API
and an SMS gateway: it records every request and answers with the statuses a test
queues (200 with a message id when none is queued)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Gateway:
    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                gateway.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": json.loads(self.rfile.read(length) or b"{}"),
                    }
                )
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                number = len(gateway.requests)
                answer = (
                    {"messages": [{"id": f"wamid.{number}"}], "id": f"sms-{number}"}
                    if status == 200
                    else {"error": {"message": "refused"}}
                )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    server = Gateway()
    yield server
    server.close()


@pytest.fixture
def whatsapp(settings, gateway):
    """WhatsApp configured against the local gateway; SMS off."""
    settings.WHATSAPP_API_URL = gateway.url + "/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1234567890"
    settings.WHATSAPP_TOKEN = "wa-token"
    settings.SMS_GATEWAY_URL = ""
    return gateway


@pytest.fixture
def sms(settings, gateway):
    """The SMS gateway configured against the local gateway; WhatsApp off."""
    settings.SMS_GATEWAY_URL = gateway.url + "/sms/send"
    settings.SMS_GATEWAY_TOKEN = "sms-token"
    settings.WHATSAPP_API_URL = ""
    return gateway
