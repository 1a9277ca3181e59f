from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("baca-semua/", views.read_all, name="read_all"),
    path("whatsapp-sms/", views.channel_messages, name="channel_messages"),
    path(
        "whatsapp-sms/<int:pk>/kirim-ulang/",
        views.resend_channel_message,
        name="resend_channel_message",
    ),
    path("webhook/whatsapp/", views.whatsapp_webhook, name="whatsapp_webhook"),
]
