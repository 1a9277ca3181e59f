"""The API's endpoints (`/api/v1/`). Each reads only the key's agency: another
agency's object is a 404 like one that does not exist, and each names the scope it
needs (api.permissions.HasScope)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import Scope
from api.serializers import UnitSerializer, UpdatedSinceSerializer
from people.models import WorkUnit

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description=(
        "Only rows changed at or after this time (ISO 8601, e.g. "
        "2026-12-01T00:00:00+07:00). For an incremental sync, note the time before "
        "reading the first page and pass it on the next run."
    ),
)


class KeyInfo(APIView):
    """The key itself: its agency, name, scopes and expiry, and the endpoints it
    may read. Needs a valid key, whatever its scopes."""

    @extend_schema(
        responses=inline_serializer(
            "KeyInfo",
            {
                "agency": inline_serializer(
                    "KeyAgency",
                    {"code": serializers.CharField(), "name": serializers.CharField()},
                ),
                "name": serializers.CharField(),
                "prefix": serializers.CharField(),
                "scopes": serializers.ListField(child=serializers.CharField()),
                "expires_on": serializers.DateField(),
                "endpoints": serializers.DictField(child=serializers.CharField()),
            },
        )
    )
    def get(self, request):
        key = request.auth
        endpoints = {"units": reverse("api:units")}
        return Response(
            {
                "agency": {"code": key.agency.code, "name": key.agency.name},
                "name": key.name,
                "prefix": key.prefix,
                "scopes": key.scopes,
                "expires_on": key.expires_on,
                "endpoints": {
                    name: request.build_absolute_uri(url)
                    for name, url in endpoints.items()
                },
            }
        )


class AgencyList(generics.ListAPIView):
    """A list of the key's agency, filtered by `updated_since` when given."""

    def filtered(self, queryset):
        params = UpdatedSinceSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        since = params.validated_data.get("updated_since")
        return queryset.filter(updated_at__gte=since) if since else queryset


@extend_schema(parameters=[UPDATED_SINCE])
class UnitList(AgencyList):
    """The agency's work units (unit kerja), each with its parent."""

    required_scope = Scope.READ_PEOPLE
    serializer_class = UnitSerializer

    def get_queryset(self):
        units = WorkUnit.objects.in_agency(self.request.auth.agency_id)
        return self.filtered(units).select_related("parent")
