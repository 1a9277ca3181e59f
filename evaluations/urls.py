from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.my_evaluations, name="my"),
    path("skp/baru/", views.plan_create, name="plan_create"),
    path("skp/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("skp/<int:pk>/hasil-kerja/", views.result_add, name="result_add"),
    path("hasil-kerja/<int:pk>/hapus/", views.result_delete, name="result_delete"),
    path("skp/<int:pk>/ajukan/", views.plan_submit, name="plan_submit"),
    path("skp/<int:pk>/tinjau/", views.plan_review, name="plan_review"),
    path("skp/<int:pk>/umpan-balik/", views.feedback_add, name="feedback_add"),
    path(
        "skp/<int:pk>/periode/<int:period_pk>/",
        views.assessment_open,
        name="assessment_open",
    ),
    path("penilaian/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path(
        "penilaian/<int:pk>/realisasi/",
        views.realisation_save,
        name="realisation_save",
    ),
    path(
        "penilaian/<int:pk>/ajukan/",
        views.assessment_submit,
        name="assessment_submit",
    ),
    path("penilaian/<int:pk>/nilai/", views.assessment_rate, name="assessment_rate"),
    path(
        "penilaian/<int:pk>/terima/",
        views.assessment_acknowledge,
        name="assessment_acknowledge",
    ),
    path("penilaian/<int:pk>/keberatan/", views.objection_file, name="objection_file"),
    path(
        "penilaian/<int:pk>/keberatan/putus/",
        views.objection_decide,
        name="objection_decide",
    ),
    path(
        "penilaian/<int:pk>/tindak-lanjut/",
        views.follow_up_save,
        name="follow_up_save",
    ),
    path(
        "tindakan/<int:pk>/selesai/",
        views.follow_up_action_done,
        name="follow_up_action_done",
    ),
    path("penilaian/<int:pk>/masukan-360/", views.feedback360, name="feedback360"),
    path(
        "penilaian/<int:pk>/masukan-360/undang/",
        views.feedback360_invite,
        name="feedback360_invite",
    ),
    path(
        "penilaian/<int:pk>/masukan-360/tutup/",
        views.feedback360_close,
        name="feedback360_close",
    ),
    path("masukan-360/", views.feedback360_inbox, name="feedback360_inbox"),
    path("masukan-360/<int:pk>/", views.feedback360_answer, name="feedback360_answer"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("penilaian/<int:pk>/pdf/", views.assessment_pdf, name="assessment_pdf"),
    path("tim/", views.team, name="team"),
    path("ikhtisar/", views.overview, name="overview"),
    path("ikhtisar/excel/", views.overview_xlsx, name="overview_xlsx"),
    path("talenta/", views.talent_grid, name="talent_grid"),
    path("potensial/", views.potential_list, name="potential_list"),
    path("potensial/impor/", views.potential_import, name="potential_import"),
    path("potensial/templat.xlsx", views.potential_template, name="potential_template"),
    path("potensial/unit/", views.potential_grid, name="potential_grid"),
    path("periode/", views.period_list, name="period_list"),
    path("periode/<int:pk>/", views.period_edit, name="period_edit"),
    path(
        "periode/<int:pk>/predikat-organisasi/",
        views.organisation_ratings,
        name="organisation_ratings",
    ),
    path(
        "predikat-organisasi/<int:pk>/hapus/",
        views.organisation_rating_delete,
        name="organisation_rating_delete",
    ),
    path("periode/<int:pk>/riwayat/", views.period_history, name="period_history"),
    path(
        "periode/<int:pk>/tetapkan-hasil/",
        views.period_finalise,
        name="period_finalise",
    ),
    path(
        "periode/<int:pk>/buka-kembali/",
        views.period_reopen,
        name="period_reopen",
    ),
    path("pengaturan/", views.settings_edit, name="settings"),
]
