"""/api-kunci/: HR's pages for their agency's API keys."""

from django.urls import path

from api import views

app_name = "api_keys"

urlpatterns = [
    path("", views.key_list, name="list"),
    path("baru/", views.key_create, name="create"),
    path("<int:pk>/cabut/", views.key_revoke, name="revoke"),
]
