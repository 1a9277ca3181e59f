"""/api/v1/: the endpoints, keys only (api.authentication)."""

from django.urls import path

from api import endpoints

app_name = "api"

urlpatterns = [
    path("", endpoints.KeyInfo.as_view(), name="root"),
    path("units/", endpoints.UnitList.as_view(), name="units"),
]
