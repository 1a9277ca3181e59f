"""A test-only email backend for the email fault test; never used by production.

The real worker uses it when the test sets TEST_EMAIL_BACKEND (asn_portal/
test_settings.py). Each message goes through two phases of an SMTP exchange, long
enough for the test to SIGKILL the pool process in either: "transmitting" (the
receiver has nothing yet) and "accepted" (the receiver has the message, the worker
has not heard so yet). What the receiver accepted is kept in a Redis list, the
test's mailbox, with the Message-ID it arrived under."""

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend

from tests.fault_tasks import fault_redis, key

PHASE_SECONDS = 0.8


class KillableSmtpBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        client = fault_redis()
        for message in email_messages:
            message_id = message.message()["Message-ID"]
            self._phase(client, f"transmitting:{message_id}")
            time.sleep(PHASE_SECONDS)
            client.rpush(
                key("mailbox"), json.dumps({"message_id": message_id, "to": message.to})
            )
            self._phase(client, f"accepted:{message_id}")
            time.sleep(PHASE_SECONDS)
            self._phase(client, "idle")
        return len(email_messages)

    @staticmethod
    def _phase(client, phase: str) -> None:
        client.hset(key("mail-phase"), str(os.getpid()), phase)
