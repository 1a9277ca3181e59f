"""Load test of the public pages: N concurrent public users for D seconds.

Standard library only (threads + urllib), so it runs anywhere the portal runs. Each
user loops like a person at a counter: open the survey, answer it, sometimes file a
complaint and track it, with a think time between pages. Afterwards it counts the rows
the database holds and compares them with the submissions the server accepted.

    gunicorn asn_portal.wsgi -w 4 --threads 4 -b 127.0.0.1:8105   # DEBUG=False
    python bench/load_public.py --base http://127.0.0.1:8105 --users 100 --seconds 300

Rate limits must be off for the run (all users share 127.0.0.1):
FEEDBACK_SURVEY_RATE=0 FEEDBACK_COMPLAINT_RATE=0 FEEDBACK_TRACK_RATE=0."""

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")

UNSUR = [f"U{i}" for i in range(1, 10)]
TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = re.compile(r'data-testid="tracking-code">([A-Z0-9-]+)<')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = Counter()
        self.accepted = Counter()
        self.errors = Counter()

    def record(self, name, ms, status):
        with self.lock:
            self.latency[name].append(ms)
            self.status[status] += 1


def user_loop(base, slugs, deadline, stats, seed):
    rng = random.Random(seed)
    jar = http.cookiejar.CookieJar()
    plain = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    no_redirect = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )
    codes = []

    def call(name, url, data=None, opener=plain):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + url, data=body)
        if data is not None:
            request.add_header("Referer", base + url)
        started = time.perf_counter()
        try:
            response = opener.open(request, timeout=30)
            status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except Exception as error:  # noqa: BLE001 - a failed request is a result
            stats.errors[type(error).__name__] += 1
            return 0, ""
        stats.record(name, (time.perf_counter() - started) * 1000, status)
        return status, text

    while time.monotonic() < deadline:
        slug = rng.choice(slugs)
        roll = rng.random()
        if roll < 0.75:
            url = f"/layanan-publik/survei/{slug}/"
            status, page = call("GET survey", url)
            if status != 200:
                continue
            time.sleep(rng.uniform(2, 6))  # reading and answering
            data = {code: rng.choice("1234") for code in UNSUR}
            data.update(
                csrfmiddlewaretoken=CSRF.search(page).group(1),
                token=TOKEN.search(page).group(1),
                gender=rng.choice("LP"),
                age=str(rng.randint(17, 80)),
                education=rng.choice(["SD", "SMP", "SMA", "S1"]),
                occupation=rng.choice(["SWASTA", "PNS", "LAINNYA"]),
                service_name=re.search(
                    r'<option value="([^"]+)">', page[page.find("service_name") :]
                ).group(1)
                if 'select name="service_name"' in page
                else "Layanan umum",
                suggestion=rng.choice(["", "Bagus", "Antrean lama"]),
            )
            status, _ = call("POST survey", url, data, no_redirect)
            if status == 302:
                with stats.lock:
                    stats.accepted["survey"] += 1
                call("GET thanks", f"/layanan-publik/survei/{slug}/terima-kasih/")
        elif roll < 0.9:
            url = f"/layanan-publik/pengaduan/{slug}/"
            status, page = call("GET complaint", url)
            if status != 200:
                continue
            time.sleep(rng.uniform(3, 8))
            data = {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "token": TOKEN.search(page).group(1),
                "kind": "pengaduan",
                # Distinct text: the same text for a unit within 30 s counts once.
                "description": f"Uji beban {seed}-{rng.random():.12f}: antrean lama.",
                "contact_phone": "0812000000",
            }
            status, _ = call("POST complaint", url, data, no_redirect)
            if status == 302:
                with stats.lock:
                    stats.accepted["complaint"] += 1
                _, sent = call("GET code", "/layanan-publik/pengaduan/terkirim/")
                found = CODE.search(sent)
                if found:
                    codes.append(found.group(1))
        else:
            status, page = call("GET track", "/layanan-publik/lacak/")
            if status == 200 and codes:
                call(
                    "POST track",
                    "/layanan-publik/lacak/",
                    {
                        "csrfmiddlewaretoken": CSRF.search(page).group(1),
                        "code": rng.choice(codes),
                    },
                )
        time.sleep(rng.uniform(1, 3))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8105")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from feedback.models import Complaint, ServiceUnit, SurveyResponse

    slugs = list(ServiceUnit.objects.active().values_list("slug", flat=True))
    before_s = SurveyResponse.objects.count()
    before_c = Complaint.objects.count()
    stats = Stats()
    deadline = time.monotonic() + args.seconds
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=user_loop, args=(args.base, slugs, deadline, stats, i), daemon=True
        )
        for i in range(args.users)
    ]
    for thread in threads:
        thread.start()
        time.sleep(5 / args.users)  # ramp up over five seconds
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stored_s = SurveyResponse.objects.count() - before_s
    stored_c = Complaint.objects.count() - before_c

    total = sum(len(v) for v in stats.latency.values())
    print(
        f"{args.users} users, {elapsed:.0f} s, {total} requests, "
        f"{total / elapsed:.1f} req/s"
    )
    print(f"status codes: {dict(stats.status)}; client errors: {dict(stats.errors)}")
    print(
        f"accepted surveys {stats.accepted['survey']}, stored {stored_s}; "
        f"accepted complaints {stats.accepted['complaint']}, stored {stored_c}"
    )
    print("\n| request | count | median | p95 | p99 | max |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, samples in sorted(stats.latency.items()):
        samples.sort()

        def pct(p, samples=samples):
            return samples[min(len(samples) - 1, int(len(samples) * p))]

        print(
            f"| {name} | {len(samples)} | {statistics.median(samples):.0f} ms "
            f"| {pct(0.95):.0f} ms | {pct(0.99):.0f} ms | {samples[-1]:.0f} ms |"
        )
    ok = (
        stored_s == stats.accepted["survey"]
        and stored_c == stats.accepted["complaint"]
        and not any(code >= 500 for code in stats.status)
    )
    print("\nRESULT:", "every accepted submission stored, no 5xx" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
