from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from asn_portal.views import healthz, password_reset, readyz
from people import views as people_views

urlpatterns = [
    path("", people_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("lupa-kata-sandi/", password_reset, name="password_reset"),
    path(
        "lupa-kata-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "atur-kata-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "atur-kata-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("bahasa/", set_language, name="set_language"),
    path("healthz/", healthz, name="healthz"),
    path("readyz/", readyz, name="readyz"),
    path("tugas/<int:pk>/", people_views.job_detail, name="job_detail"),
    path("tugas/<int:pk>/status/", people_views.job_status, name="job_status"),
    path("tugas/<int:pk>/unduh/", people_views.job_download, name="job_download"),
    path("pegawai/", include("people.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("pelatihan/", include("training.urls")),
    path("e-learning/", include("elearning.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("kinerja/", include("evaluations.urls")),
    path("layanan-publik/", include("feedback.urls")),
    path("dasbor/", include("dashboard.urls")),
    path("siasn/", include("siasn_ws.urls")),
    path("api-kunci/", include("api.key_urls")),
    path("api/v1/", include("api.urls")),
    path("kalender/", include("agenda.urls")),
    path("kompetensi/", include("competencies.urls")),
    path("idp/", include("idp.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema"),
        name="api_docs",
    ),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ASN Portal"
admin.site.site_title = "ASN Portal"
admin.site.index_title = "Back office"

handler403 = "people.views.permission_denied"
handler404 = "people.views.page_not_found"
handler500 = "people.views.server_error"
