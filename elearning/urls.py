from django.urls import path

from elearning import views

app_name = "elearning"

urlpatterns = [
    # ASN taking modules
    path("", views.catalogue, name="catalogue"),
    path("modul/<int:pk>/", views.module_detail, name="module_detail"),
    path("modul/<int:pk>/mulai/", views.module_start, name="module_start"),
    path("modul/<int:pk>/tes/<str:kind>/", views.take_test, name="take_test"),
    path(
        "modul/<int:pk>/percobaan/<int:attempt_pk>/",
        views.attempt_review,
        name="attempt_review",
    ),
    path(
        "modul/<int:pk>/materi/<int:lesson_pk>/",
        views.lesson_detail,
        name="lesson_detail",
    ),
    path(
        "modul/<int:pk>/materi/<int:lesson_pk>/selesai/",
        views.lesson_done,
        name="lesson_done",
    ),
    path(
        "modul/<int:pk>/materi/<int:lesson_pk>/berkas/",
        views.lesson_file,
        name="lesson_file",
    ),
    path("modul/<int:pk>/selesaikan/", views.module_complete, name="module_complete"),
    path("tim/", views.team_progress, name="team_progress"),
    # HR authoring
    path("kelola/", views.manage_list, name="manage_list"),
    path("kelola/baru/", views.module_create, name="module_create"),
    path("kelola/<int:pk>/", views.module_manage, name="module_manage"),
    path("kelola/<int:pk>/ubah/", views.module_edit, name="module_edit"),
    path("kelola/<int:pk>/terbitkan/", views.module_publish, name="module_publish"),
    path("kelola/<int:pk>/materi/baru/", views.lesson_create, name="lesson_create"),
    path(
        "kelola/<int:pk>/materi/<int:lesson_pk>/ubah/",
        views.lesson_edit,
        name="lesson_edit",
    ),
    path(
        "kelola/<int:pk>/materi/<int:lesson_pk>/hapus/",
        views.lesson_delete,
        name="lesson_delete",
    ),
    path("kelola/<int:pk>/tes/<str:kind>/", views.test_manage, name="test_manage"),
    path(
        "kelola/<int:pk>/tes/<str:kind>/soal/baru/",
        views.question_create,
        name="question_create",
    ),
    path(
        "kelola/<int:pk>/soal/<int:question_pk>/ubah/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "kelola/<int:pk>/soal/<int:question_pk>/hapus/",
        views.question_delete,
        name="question_delete",
    ),
    # Results for HR and leaders
    path("hasil/", views.results_list, name="results_list"),
    path("hasil/<int:pk>/", views.results_detail, name="results_detail"),
    path("hasil/<int:pk>/unduh/", views.results_export, name="results_export"),
]
