"""What each endpoint answers, field by field (and so what the OpenAPI schema says)."""

from rest_framework import serializers

from people.models import WorkUnit


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", allow_null=True, read_only=True
    )

    class Meta:
        model = WorkUnit
        fields = ["id", "code", "name", "siasn_id", "parent_id", "parent_code"]
        fields += ["updated_at"]


class UpdatedSinceSerializer(serializers.Serializer):
    """The `updated_since` filter of the lists a client syncs incrementally."""

    updated_since = serializers.DateTimeField(required=False)
