from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/minta/", views.report_request, name="report_request"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path(
        "laporan/<int:pk>/unduh/<str:fmt>/",
        views.report_download,
        name="report_download",
    ),
    path(
        "laporan/langganan/<str:kind>/",
        views.subscription_toggle,
        name="subscription_toggle",
    ),
]
