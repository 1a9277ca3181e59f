from django.urls import path, register_converter

from feedback import views


class ExportFormat:
    regex = "pdf|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "fmt")

app_name = "feedback"

urlpatterns = [
    # Public, no login.
    path("", views.public_index, name="public_index"),
    path("survei/<slug:slug>/", views.survey, name="survey"),
    path("survei/<slug:slug>/terima-kasih/", views.survey_thanks, name="survey_thanks"),
    path("pengaduan/terkirim/", views.complaint_sent, name="complaint_sent"),
    path("pengaduan/<slug:slug>/", views.complaint_new, name="complaint_new"),
    path("hasil/<slug:slug>/", views.public_results, name="public_results"),
    path("lacak/", views.track, name="track"),
    path("lacak/tanggapan/", views.track_respond, name="track_respond"),
    # Unit staff, HR and leaders.
    path("kelola/", views.unit_list, name="unit_list"),
    path("kelola/ikm.xlsx", views.unit_table_xlsx, name="unit_table_xlsx"),
    path("kelola/templat-impor.xlsx", views.import_template, name="import_template"),
    path("kelola/pengaturan/", views.settings_edit, name="settings"),
    path("kelola/unit/baru/", views.unit_create, name="unit_create"),
    path("kelola/unit/<int:pk>/", views.unit_report, name="unit_report"),
    path("kelola/unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path(
        "kelola/unit/<int:pk>/laporan.<fmt:fmt>",
        views.unit_report_export,
        name="unit_report_export",
    ),
    path("kelola/unit/<int:pk>/poster.pdf", views.unit_poster, name="unit_poster"),
    path(
        "kelola/unit/<int:pk>/tindak-lanjut/",
        views.follow_up_plan,
        name="follow_up_plan",
    ),
    path(
        "kelola/tindak-lanjut/<int:pk>/ubah/",
        views.follow_up_edit,
        name="follow_up_edit",
    ),
    path(
        "kelola/tindak-lanjut/<int:pk>/hapus/",
        views.follow_up_delete,
        name="follow_up_delete",
    ),
    path(
        "kelola/unit/<int:pk>/jawaban.csv",
        views.unit_responses_csv,
        name="unit_responses_csv",
    ),
    path("kelola/unit/<int:pk>/isi-kertas/", views.paper_entry, name="paper_entry"),
    path("kelola/unit/<int:pk>/impor/", views.import_responses, name="import"),
    path(
        "kelola/unit-kerja/<int:pk>/", views.work_unit_report, name="work_unit_report"
    ),
    path(
        "kelola/unit-kerja/<int:pk>/laporan.<fmt:fmt>",
        views.work_unit_report_export,
        name="work_unit_report_export",
    ),
    path("kelola/pengaduan/", views.complaint_list, name="complaint_list"),
    path("kelola/pengaduan/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path(
        "kelola/pengaduan/<int:pk>/verifikasi/",
        views.complaint_verify,
        name="complaint_verify",
    ),
    path(
        "kelola/pengaduan/<int:pk>/tugaskan/",
        views.complaint_assign,
        name="complaint_assign",
    ),
    path(
        "kelola/pengaduan/<int:pk>/jawab/",
        views.complaint_answer,
        name="complaint_answer",
    ),
    path(
        "kelola/pengaduan/<int:pk>/tutup/",
        views.complaint_close,
        name="complaint_close",
    ),
    path(
        "kelola/pengaduan/<int:pk>/foto/", views.complaint_photo, name="complaint_photo"
    ),
]
