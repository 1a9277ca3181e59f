from django.urls import path

from competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.competency_list, name="competency_list"),
    path("baru/", views.competency_create, name="competency_create"),
    path("muat-standar/", views.load_standard, name="load_standard"),
    path("impor/", views.competency_import, name="competency_import"),
    path("impor/templat.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.competency_detail, name="competency_detail"),
    path("<int:pk>/ubah/", views.competency_edit, name="competency_edit"),
    path("<int:pk>/riwayat/", views.competency_history, name="competency_history"),
    path("<int:pk>/hapus/", views.competency_delete, name="competency_delete"),
    path("standar/", views.standard_list, name="standard_list"),
    path("standar/baru/", views.standard_create, name="standard_create"),
    path("standar/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standar/<int:pk>/ubah/", views.standard_edit, name="standard_edit"),
    path("standar/<int:pk>/riwayat/", views.standard_history, name="standard_history"),
    path("standar/<int:pk>/hapus/", views.standard_delete, name="standard_delete"),
    path("kesenjangan/", views.gaps, name="gaps"),
    path("saya/", views.my_competencies, name="my_competencies"),
    path(
        "pegawai/<int:pk>/",
        views.employee_competencies,
        name="employee_competencies",
    ),
    path("penilaian/impor/", views.assessed_level_import, name="assessed_level_import"),
    path(
        "penilaian/impor/templat.xlsx",
        views.assessed_level_template,
        name="assessed_level_template",
    ),
    path(
        "penilaian/<int:pk>/hapus/",
        views.assessed_level_delete,
        name="assessed_level_delete",
    ),
]
