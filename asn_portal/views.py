from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from asn_portal.ratelimit import over_limit, too_many_requests


@require_safe
def healthz(request):
    """Liveness probe, and the benchmark's framework floor: a response that passes
    the whole middleware stack but touches neither the database nor a template."""
    return HttpResponse("ok", content_type="text/plain")


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
