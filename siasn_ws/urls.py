from django.urls import path

from siasn_ws import views

app_name = "siasn_ws"

urlpatterns = [
    path("kiriman/", views.outbox, name="outbox"),
    path("kiriman/<int:pk>/kirim-ulang/", views.resend, name="resend"),
    path("pengaturan/", views.sync_settings, name="sync_settings"),
]
