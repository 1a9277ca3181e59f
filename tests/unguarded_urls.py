"""The real URLs plus one unguarded view, for proving the access matrix catches it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

from asn_portal.urls import urlpatterns as real_urlpatterns


@login_required
def unguarded(request, pk):
    """Logged in is all it checks: no role, no scope."""
    return HttpResponse(f"record {pk}")


urlpatterns = [
    *real_urlpatterns,
    path("x/", include(([path("<int:pk>/", unguarded, name="record")], "unguarded"))),
]
