from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.my_pairs, name="my_pairs"),
    path("program/", views.program_list, name="program_list"),
    path("program/baru/", views.program_create, name="program_create"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", views.program_update, name="program_update"),
    path("program/<int:pk>/pasangan/baru/", views.pair_create, name="pair_create"),
    path(
        "tindak-lanjut/menunggu/",
        views.follow_up_waiting,
        name="follow_up_waiting",
    ),
    path(
        "tindak-lanjut/<int:pk>/pasangan/",
        views.follow_up_pair,
        name="follow_up_pair",
    ),
    path("mentor/", views.mentor_list, name="mentor_list"),
    path("mentor/baru/", views.mentor_create, name="mentor_create"),
    path("mentor/<int:pk>/ubah/", views.mentor_update, name="mentor_update"),
    path(
        "bidang-kompetensi/baru/",
        views.competency_area_create,
        name="competency_area_create",
    ),
    path("pasangan/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pasangan/<int:pk>/selesai/", views.pair_end, name="pair_end"),
    path("pasangan/<int:pk>/tujuan/baru/", views.goal_create, name="goal_create"),
    path("pasangan/<int:pk>/sesi/baru/", views.session_create, name="session_create"),
    path("pasangan/<int:pk>/penilaian/", views.rating_create, name="rating_create"),
    path(
        "pasangan/<int:pk>/asesmen/", views.assessment_create, name="assessment_create"
    ),
    path("tujuan/<int:pk>/status/", views.goal_status, name="goal_status"),
    path("tonggak/<int:pk>/", views.milestone_toggle, name="milestone_toggle"),
    path("sesi/<int:pk>/konfirmasi/", views.session_confirm, name="session_confirm"),
]
