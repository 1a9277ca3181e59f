from django.urls import path

from training import views_delivery

app_name = "training"

urlpatterns = []

# Delivery: questionnaires, results, follow-up, certificates, internships.
urlpatterns += [
    path(
        "kuesioner/<int:pk>/",
        views_delivery.questionnaire_answer,
        name="questionnaire_answer",
    ),
    path(
        "kuesioner/templat/",
        views_delivery.questionnaire_template_list,
        name="questionnaire_template_list",
    ),
    path(
        "kuesioner/templat/baru/",
        views_delivery.questionnaire_template_create,
        name="questionnaire_template_create",
    ),
    path(
        "kuesioner/templat/<int:pk>/ubah/",
        views_delivery.questionnaire_template_edit,
        name="questionnaire_template_edit",
    ),
    path(
        "sesi/<int:pk>/kuesioner/templat/",
        views_delivery.session_template_set,
        name="session_template_set",
    ),
    path(
        "sesi/<int:pk>/hasil-evaluasi/",
        views_delivery.session_results,
        name="session_results",
    ),
    path(
        "sesi/<int:pk>/hasil-evaluasi/excel/",
        views_delivery.session_results_export,
        name="session_results_export",
    ),
    path(
        "program/<int:pk>/hasil-evaluasi/",
        views_delivery.program_results,
        name="program_results",
    ),
    path(
        "program/<int:pk>/hasil-evaluasi/excel/",
        views_delivery.program_results_export,
        name="program_results_export",
    ),
    path(
        "evaluasi-lanjutan/",
        views_delivery.follow_up_list,
        name="follow_up_list",
    ),
    path(
        "evaluasi-lanjutan/<int:pk>/",
        views_delivery.follow_up_form,
        name="follow_up_form",
    ),
    path("sertifikat/", views_delivery.certificate_list, name="certificate_list"),
    path(
        "sertifikat/<int:pk>/pdf/",
        views_delivery.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "sertifikat/verifikasi/",
        views_delivery.certificate_verify,
        name="certificate_verify",
    ),
    path(
        "sertifikat/verifikasi/<str:code>/",
        views_delivery.certificate_verify_code,
        name="certificate_verify_code",
    ),
    path("magang/", views_delivery.internship_list, name="internship_list"),
    path("magang/baru/", views_delivery.internship_create, name="internship_create"),
    path(
        "magang/<int:pk>/", views_delivery.internship_detail, name="internship_detail"
    ),
    path("magang/<int:pk>/logbook/", views_delivery.logbook_add, name="logbook_add"),
    path(
        "magang/<int:pk>/selesai/",
        views_delivery.internship_complete,
        name="internship_complete",
    ),
    path("magang/paraf/<str:token>/", views_delivery.logbook_sign, name="logbook_sign"),
    path(
        "magang/<int:pk>/kirim-tautan-paraf/",
        views_delivery.logbook_send_links,
        name="logbook_send_links",
    ),
]
