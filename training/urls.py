from django.urls import path

from training.views import catalog, delivery, development, ledger, planning

app_name = "training"

urlpatterns = [
    # Catalogue, sessions and JP for every ASN
    path("", catalog.catalog, name="catalog"),
    path("program/<int:pk>/", catalog.program_detail, name="program_detail"),
    path("sesi/<int:pk>/", catalog.session_detail, name="session_detail"),
    path("sesi/<int:pk>/daftar/", catalog.session_apply, name="session_apply"),
    path(
        "pendaftaran/<int:pk>/batal/",
        catalog.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("jp-saya/", ledger.my_jp, name="my_jp"),
    path("kegiatan-luar/", ledger.outside_list, name="outside_list"),
    path("kegiatan-luar/baru/", ledger.outside_create, name="outside_create"),
    path("kegiatan-luar/<int:pk>/", ledger.outside_detail, name="outside_detail"),
    path("kegiatan-luar/<int:pk>/ubah/", ledger.outside_edit, name="outside_edit"),
    path(
        "kegiatan-luar/<int:pk>/sertifikat/",
        ledger.outside_certificate,
        name="outside_certificate",
    ),
    path("saran-program/<int:pk>/", development.gap_programmes, name="gap_programmes"),
    # Supervisor
    path("persetujuan/", catalog.approvals, name="approvals"),
    path("persetujuan/sekaligus/", catalog.approvals_bulk, name="approvals_bulk"),
    path(
        "pendaftaran/<int:pk>/persetujuan/",
        catalog.approval_decide,
        name="approval_decide",
    ),
    path("jp/tim/", ledger.team_jp, name="team_jp"),
    # Needs, partners, plan and budget
    path("kebutuhan/", planning.need_list, name="need_list"),
    path("kebutuhan/baru/", planning.need_create, name="need_create"),
    path("kebutuhan/<int:pk>/tolak/", planning.need_decline, name="need_decline"),
    path(
        "kebutuhan/dari-kesenjangan/",
        development.gap_needs_unit,
        name="gap_needs_unit",
    ),
    path(
        "kebutuhan/dari-kesenjangan/<int:pk>/",
        development.gap_needs,
        name="gap_needs",
    ),
    path("mitra/", planning.partner_list, name="partner_list"),
    path("mitra/baru/", planning.partner_create, name="partner_create"),
    path("mitra/<int:pk>/", planning.partner_detail, name="partner_detail"),
    path("mitra/<int:pk>/ubah/", planning.partner_edit, name="partner_edit"),
    path("mitra/<int:pk>/hapus/", planning.partner_delete, name="partner_delete"),
    path("mou/<int:pk>/ubah/", planning.agreement_edit, name="agreement_edit"),
    path("mou/<int:pk>/hapus/", planning.agreement_delete, name="agreement_delete"),
    path(
        "riwayat/<slug:kind>/<int:pk>/",
        planning.record_history,
        name="record_history",
    ),
    path("rencana/", planning.plan_list, name="plan_list"),
    path("rencana/baru/", planning.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", planning.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/pagu/", planning.allocation_save, name="allocation_save"),
    path(
        "rencana/<int:pk>/program/",
        planning.planned_program_create,
        name="planned_program_create",
    ),
    path("rencana/<int:pk>/ubah/", planning.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/hapus/", planning.plan_delete, name="plan_delete"),
    path(
        "rencana/item/<int:pk>/ubah/",
        planning.planned_program_edit,
        name="planned_program_edit",
    ),
    path(
        "rencana/item/<int:pk>/hapus/",
        planning.planned_program_delete,
        name="planned_program_delete",
    ),
    path(
        "rencana/<int:pk>/realisasi/",
        planning.expenditure_create,
        name="expenditure_create",
    ),
    path(
        "realisasi/<int:pk>/ubah/", planning.expenditure_edit, name="expenditure_edit"
    ),
    path(
        "realisasi/<int:pk>/hapus/",
        planning.expenditure_delete,
        name="expenditure_delete",
    ),
    path("rencana/item/<int:pk>/kuota/", planning.quota_save, name="quota_save"),
    path(
        "rencana/item/<int:pk>/ke-katalog/",
        planning.program_from_plan,
        name="program_from_plan",
    ),
    # Programs and sessions, managed by HR
    path("program/baru/", catalog.program_create, name="program_create"),
    path("program/<int:pk>/ubah/", catalog.program_edit, name="program_edit"),
    path("program/<int:pk>/hapus/", catalog.program_delete, name="program_delete"),
    path("program/<int:pk>/sesi-baru/", catalog.session_create, name="session_create"),
    path("sesi/", catalog.session_list, name="session_list"),
    path("sesi/<int:pk>/ubah/", catalog.session_edit, name="session_edit"),
    path("sesi/<int:pk>/hapus/", catalog.session_delete, name="session_delete"),
    path("sesi/<int:pk>/batalkan/", catalog.session_cancel, name="session_cancel"),
    path("sesi/<int:pk>/nominasi/", catalog.session_nominate, name="session_nominate"),
    path(
        "tindak-lanjut/<int:pk>/nominasi/",
        catalog.follow_up_nominate,
        name="follow_up_nominate",
    ),
    path(
        "sesi/<int:pk>/peserta/sekaligus/",
        catalog.session_enrolments_bulk,
        name="session_enrolments_bulk",
    ),
    path(
        "sesi/<int:pk>/kehadiran/",
        catalog.session_attendance,
        name="session_attendance",
    ),
    path(
        "sesi/<int:pk>/selesaikan/", catalog.session_complete, name="session_complete"
    ),
    path(
        "pendaftaran/<int:pk>/konfirmasi/",
        catalog.enrolment_decide,
        name="enrolment_decide",
    ),
    # JP ledger for HR and leaders
    path("jp/di-bawah-target/", ledger.jp_below_target, name="jp_below_target"),
    path(
        "jp/di-bawah-target/nominasi/",
        ledger.jp_below_target_nominate,
        name="jp_below_target_nominate",
    ),
    # Questionnaires, results, follow-up, certificates, internships
    path(
        "kuesioner/<int:pk>/",
        delivery.questionnaire_answer,
        name="questionnaire_answer",
    ),
    path(
        "kuesioner/templat/",
        delivery.questionnaire_template_list,
        name="questionnaire_template_list",
    ),
    path(
        "kuesioner/templat/baru/",
        delivery.questionnaire_template_create,
        name="questionnaire_template_create",
    ),
    path(
        "kuesioner/templat/<int:pk>/ubah/",
        delivery.questionnaire_template_edit,
        name="questionnaire_template_edit",
    ),
    path(
        "sesi/<int:pk>/kuesioner/templat/",
        delivery.session_template_set,
        name="session_template_set",
    ),
    path(
        "sesi/<int:pk>/hasil-evaluasi/",
        delivery.session_results,
        name="session_results",
    ),
    path(
        "sesi/<int:pk>/hasil-evaluasi/excel/",
        delivery.session_results_export,
        name="session_results_export",
    ),
    path(
        "program/<int:pk>/hasil-evaluasi/",
        delivery.program_results,
        name="program_results",
    ),
    path(
        "program/<int:pk>/hasil-evaluasi/excel/",
        delivery.program_results_export,
        name="program_results_export",
    ),
    path(
        "hasil-evaluasi/excel/<int:pk>/",
        delivery.results_export_detail,
        name="results_export_detail",
    ),
    path(
        "hasil-evaluasi/excel/<int:pk>/unduh/",
        delivery.results_export_download,
        name="results_export_download",
    ),
    path(
        "evaluasi-lanjutan/",
        delivery.follow_up_list,
        name="follow_up_list",
    ),
    path(
        "evaluasi-lanjutan/<int:pk>/",
        delivery.follow_up_form,
        name="follow_up_form",
    ),
    path("sertifikat/", delivery.certificate_list, name="certificate_list"),
    path(
        "sertifikat/<int:pk>/pdf/",
        delivery.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "sertifikat/verifikasi/",
        delivery.certificate_verify,
        name="certificate_verify",
    ),
    path(
        "sertifikat/verifikasi/<str:code>/",
        delivery.certificate_verify_code,
        name="certificate_verify_code",
    ),
    path("magang/", delivery.internship_list, name="internship_list"),
    path("magang/baru/", delivery.internship_create, name="internship_create"),
    path("magang/<int:pk>/", delivery.internship_detail, name="internship_detail"),
    path("magang/<int:pk>/logbook/", delivery.logbook_add, name="logbook_add"),
    path(
        "magang/<int:pk>/selesai/",
        delivery.internship_complete,
        name="internship_complete",
    ),
    path("magang/paraf/<str:token>/", delivery.logbook_sign, name="logbook_sign"),
    path(
        "magang/<int:pk>/kirim-tautan-paraf/",
        delivery.logbook_send_links,
        name="logbook_send_links",
    ),
]
