import contextlib
import logging
import uuid

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from asn_portal.ratelimit import over_limit, too_many_requests


@require_safe
def healthz(request):
    """Liveness probe, and the benchmark's framework floor: a response that passes
    the whole middleware stack but touches neither the database nor a template."""
    return HttpResponse("ok", content_type="text/plain")


logger = logging.getLogger(__name__)


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers():
    probe = f"readyz:{uuid.uuid4().hex}"
    cache.set(probe, 1, timeout=10)
    if cache.get(probe) != 1:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(probe)


def _storage_answers():
    # A local folder nothing has been saved to yet is fine; a missing bucket is not.
    with contextlib.suppress(FileNotFoundError):
        default_storage.listdir("")


READINESS_CHECKS = {
    "database": _database_answers,
    "cache": _cache_answers,
    "storage": _storage_answers,
}


@require_safe
def readyz(request):
    """Readiness probe for a load balancer: 200 when this web process reaches the
    database, the shared cache (sessions, rate limits) and the file storage; 503 with
    what failed otherwise, so the balancer sends requests to another web server."""
    failed = []
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            logger.warning("Readiness check %s failed", name, exc_info=True)
            failed.append(name)
    if failed:
        return HttpResponse(
            "not ready: " + ", ".join(failed), status=503, content_type="text/plain"
        )
    return HttpResponse("ready", content_type="text/plain")


_password_reset = PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)


def password_reset(request):
    """ "Lupa kata sandi": an email with a one-time link to any active account with
    that address, and the same answer whether or not one exists; rate limited per
    address so it cannot be used to mail-bomb or probe."""
    if request.method == "POST" and over_limit(request, "password_reset"):
        return too_many_requests(
            request,
            "registration/password_reset_form.html",
            {"form": PasswordResetForm()},
        )
    return _password_reset(request)
