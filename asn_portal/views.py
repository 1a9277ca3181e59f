from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """Liveness probe, and the benchmark's framework floor: a response that passes
    the whole middleware stack but touches neither the database nor a template."""
    return HttpResponse("ok", content_type="text/plain")
