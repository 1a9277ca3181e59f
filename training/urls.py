from django.urls import path

from training import views, views_delivery

app_name = "training"

urlpatterns = [
    # Catalogue, sessions and JP for every ASN
    path("", views.catalog, name="catalog"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("sesi/<int:pk>/", views.session_detail, name="session_detail"),
    path("sesi/<int:pk>/daftar/", views.session_apply, name="session_apply"),
    path(
        "pendaftaran/<int:pk>/batal/",
        views.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("jp-saya/", views.my_jp, name="my_jp"),
    # Supervisor
    path("persetujuan/", views.approvals, name="approvals"),
    path(
        "pendaftaran/<int:pk>/persetujuan/",
        views.approval_decide,
        name="approval_decide",
    ),
    path("jp/tim/", views.team_jp, name="team_jp"),
    # Needs, partners, plan and budget
    path("kebutuhan/", views.need_list, name="need_list"),
    path("kebutuhan/baru/", views.need_create, name="need_create"),
    path("kebutuhan/<int:pk>/tolak/", views.need_decline, name="need_decline"),
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/baru/", views.partner_create, name="partner_create"),
    path("mitra/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/baru/", views.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/pagu/", views.allocation_save, name="allocation_save"),
    path(
        "rencana/<int:pk>/program/",
        views.planned_program_create,
        name="planned_program_create",
    ),
    path("rencana/item/<int:pk>/kuota/", views.quota_save, name="quota_save"),
    path(
        "rencana/item/<int:pk>/ke-katalog/",
        views.program_from_plan,
        name="program_from_plan",
    ),
    # Programs and sessions, managed by HR
    path("program/baru/", views.program_create, name="program_create"),
    path("program/<int:pk>/ubah/", views.program_edit, name="program_edit"),
    path("program/<int:pk>/sesi-baru/", views.session_create, name="session_create"),
    path("sesi/", views.session_list, name="session_list"),
    path("sesi/<int:pk>/ubah/", views.session_edit, name="session_edit"),
    path("sesi/<int:pk>/nominasi/", views.session_nominate, name="session_nominate"),
    path(
        "sesi/<int:pk>/kehadiran/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("sesi/<int:pk>/selesaikan/", views.session_complete, name="session_complete"),
    path(
        "pendaftaran/<int:pk>/konfirmasi/",
        views.enrolment_decide,
        name="enrolment_decide",
    ),
    # JP ledger for HR and leaders
    path("jp/di-bawah-target/", views.jp_below_target, name="jp_below_target"),
    path(
        "jp/di-bawah-target/nominasi/",
        views.jp_below_target_nominate,
        name="jp_below_target_nominate",
    ),
]

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
