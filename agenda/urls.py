from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.feed_settings, name="settings"),
    path(
        "mentoring/<int:pk>.ics",
        views.mentoring_session,
        name="mentoring_session",
    ),
    path("sesi/<int:pk>.ics", views.training_session, name="training_session"),
    path("<str:token>.ics", views.feed, name="feed"),
]
