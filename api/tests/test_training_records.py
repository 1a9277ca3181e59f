"""POST /api/v1/training-records/: a training another system reports is credited
to the ASN's JP ledger exactly once per Idempotency-Key, and says so when sent
again."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.tests.keys import api_client, make_key
from training.models import ExternalTraining, JpCredit
from training.models.ledger import year_total
from training.services.ledger import record_external_training

URL = reverse("api:training_records")
LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)


def training_record(org) -> dict:
    """A training of agency A's member, as an LMS sends it."""
    return _body(org)


def _body(org, **overrides):
    return {
        "nip": org["member"].nip,
        "title": "Pelatihan Analisis Data Kepegawaian",
        "form": "e_learning",
        "provider": "LMS BKPSDM",
        "start_date": LAST_WEEK.isoformat(),
        "end_date": LAST_WEEK.isoformat(),
        "minutes": 90,
        "certificate_number": "LMS/2026/0042",
        **overrides,
    }


def _client(org, scopes=("write_training_records", "read_training")):
    _key, secret = make_key(org, scopes=list(scopes), name="LMS BKPSDM")
    return api_client(secret)


def _post(client, body, key="lms-completion-42", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(URL, body, format="json", **headers)


def test_a_record_credits_jp_once_and_a_repeat_says_it_is_one(org, login):
    client = _client(org)
    first = _post(client, _body(org))
    assert first.status_code == 201, first.content
    record = first.json()
    assert record["nip"] == org["member"].nip
    assert record["minutes"] == 90
    assert record["jp"] == 2.0  # 90 minutes at 45 minutes per JP
    assert record["replayed"] is False
    assert first["Idempotent-Replayed"] == "false"

    again = _post(client, _body(org))
    assert again.status_code == 200
    assert again.json() == {**record, "replayed": True}
    assert again["Idempotent-Replayed"] == "true"

    year = LAST_WEEK.year
    assert JpCredit.objects.filter(employee=org["member"]).count() == 1
    assert year_total(org["member"], year) == Decimal("2.00")
    ledger = client.get(
        reverse("api:employee_jp", args=[org["member"].nip]), {"year": year}
    ).json()
    assert ledger["total"] == 2.0
    [entry] = ledger["entries"]
    assert entry["form"] == "e_learning"
    assert "Pelatihan Analisis Data Kepegawaian" in entry["description"]
    assert "LMS BKPSDM" in entry["description"]
    page = login(org["member"]).get(reverse("training:my_jp")).content.decode()
    assert "Pelatihan Analisis Data Kepegawaian" in page


def test_hours_are_credited_as_their_minutes_and_only_one_is_given(org):
    both = _post(_client(org), _body(org, hours="1.5"))
    assert both.status_code == 400
    assert both.json() == {
        "hours": ["Isi salah satu: hours (jam) atau minutes (menit)."]
    }
    body = _body(org, hours="1.5")
    del body["minutes"]
    response = _post(_client(org), body)
    assert response.status_code == 201, response.content
    assert response.json()["minutes"] == 90
    assert response.json()["jp"] == 2.0


def test_the_same_key_with_another_training_is_a_409_that_credits_nothing(org):
    client = _client(org)
    assert _post(client, _body(org)).status_code == 201
    response = _post(client, _body(org, minutes=600))
    assert response.status_code == 409
    assert "Idempotency-Key ini sudah dipakai" in response.json()["detail"]
    assert ExternalTraining.objects.get().minutes == 90
    assert year_total(org["member"], LAST_WEEK.year) == Decimal("2.00")


def test_without_an_idempotency_key_nothing_is_recorded(org):
    response = _post(_client(org), _body(org), key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["Idempotency-Key"][0]
    assert not ExternalTraining.objects.exists()
    assert not JpCredit.objects.exists()


def test_a_nip_of_another_agency_is_a_404_and_keys_are_per_agency(org, other_org):
    theirs = _body(org, nip=other_org["member"].nip)
    response = _post(_client(org), theirs)
    assert response.status_code == 404
    assert not ExternalTraining.objects.exists()
    # The same key in agency B records B's own training, not A's.
    assert _post(_client(other_org), _body(other_org)).status_code == 201
    assert _post(_client(org), _body(org)).status_code == 201
    assert ExternalTraining.objects.count() == 2


def test_bad_fields_are_a_400_per_field_in_indonesian_or_english(org):
    body = _body(org, form="kuliah", start_date="31-02-2026", minutes=0)
    del body["title"]
    response = _post(_client(org), body)
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == ["Wajib diisi."]
    assert errors["form"] == ["'kuliah' bukan pilihan yang dikenal."]
    assert errors["start_date"] == ["Tanggal tidak valid; tulis YYYY-MM-DD."]
    assert errors["minutes"] == ["Paling kecil 1."]
    english = _post(_client(org), body, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == ["This field is required."]
    assert english["start_date"] == ["Not a valid date; write YYYY-MM-DD."]
    assert not ExternalTraining.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"end_date": (timezone.localdate() + datetime.timedelta(days=1))},
            "end_date",
            "Kegiatan yang belum selesai belum dapat dicatat.",
        ),
        (
            {"start_date": LAST_WEEK, "end_date": LAST_WEEK - datetime.timedelta(1)},
            "end_date",
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        ),
        ({"minutes": 25 * 60}, "minutes", "25 jam tidak muat dalam 1 hari kegiatan."),
    ],
)
def test_the_rules_of_outside_learning_apply(org, overrides, field, message):
    body = _body(org, **{k: str(v) for k, v in overrides.items()})
    response = _post(_client(org), body)
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not JpCredit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_credit_once(org):
    """The second request reads no record (the first is not committed yet), tries
    to insert the same key, waits on the unique constraint, then answers with the
    first one's record."""
    client = _client(org)
    inserted, release = threading.Event(), threading.Event()
    answers = []

    def first_holds_its_transaction():
        try:
            with transaction.atomic():
                facts = _body(org)
                del facts["nip"], facts["certificate_number"]
                facts["start_date"] = facts["end_date"] = LAST_WEEK
                record_external_training(
                    employee=org["member"],
                    request_key="lms-completion-42",
                    sent_by="LMS BKPSDM",
                    certificate_number="LMS/2026/0042",
                    **facts,
                )
                inserted.set()
                release.wait(10)
        finally:
            connection.close()

    def second_posts():
        try:
            answers.append(_post(client, _body(org)))
        finally:
            connection.close()

    first = threading.Thread(target=first_holds_its_transaction)
    first.start()
    assert inserted.wait(10)
    second = threading.Thread(target=second_posts)
    second.start()
    _wait_for_a_lock_wait()
    release.set()
    first.join(10)
    second.join(10)
    [answer] = answers
    assert answer.status_code == 200, answer.content
    assert answer.json()["replayed"] is True
    assert ExternalTraining.objects.count() == 1
    assert JpCredit.objects.count() == 1
    assert year_total(org["member"], LAST_WEEK.year) == Decimal("2.00")


def _wait_for_a_lock_wait(seconds=10):
    """Until another connection waits on a lock (the second insert of the key)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second request never waited on the first's insert")


def _queries_of_a_post(org, secret, key) -> int:
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IDEMPOTENCY_KEY=key)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, _body(org), format="json")
    assert response.status_code in (200, 201), response.content
    return len(queries.captured_queries)


def test_a_record_and_its_repeat_run_a_constant_number_of_queries(org):
    """As many queries with a long ledger and many records as with none."""
    _key, secret = make_key(org, scopes=["write_training_records"])
    small = _queries_of_a_post(org, secret, "first")
    small_repeat = _queries_of_a_post(org, secret, "first")
    for n in range(25):
        assert _post(_client(org), _body(org), key=f"grow-{n}").status_code == 201
    large = _queries_of_a_post(org, secret, "second")
    large_repeat = _queries_of_a_post(org, secret, "second")
    assert (small, small_repeat) == (large, large_repeat)
    assert large <= 13
    assert large_repeat <= 4
    print(f"training record: {large} queries, its repeat {large_repeat}")
