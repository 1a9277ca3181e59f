"""Refusals: the one way a service says no, and the one way a view shows it.

- A service refuses with `Refused(message, field=None)`: the message is for the user,
  in Indonesian through gettext; `field` names the form field it belongs to, if any.
  Nothing was changed (services validate before they save, inside
  `transaction.atomic`).
- A view runs the service through `attempt(request, action, form=...)`: a refusal
  goes to the form field it belongs to when the page shows that form, else to the
  page's messages.
- A database constraint never reaches the user by its name: `CONSTRAINT_MESSAGES`
  says each one in words. Models validate with them (`worded_constraints`, used by
  `TimeStampedModel.get_constraints`), so a ModelForm shows them at its top, and an
  IntegrityError that escapes a service becomes the same refusal in `attempt`.
- A refusal a view lets escape (a POST with nothing to show it next to) answers
  403 with its reason (`RefusalMiddleware`, page `refused.html`), and nothing was
  changed.

`Refused` is a `ValidationError`, so a form's `clean()` may raise it too and
`form.add_error` takes it as it is.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class Refused(ValidationError):
    """An attempt the rules do not allow; the message is shown to the user."""

    def __init__(self, message, *, field: str | None = None):
        if field:
            super().__init__({field: [message]})
        else:
            super().__init__(message)
        self.message = message
        self.field = field


# Every CHECK and conditional UNIQUE constraint, in words. Plain unique constraints
# over fields get Django's "... with this ... already exists" in forms, and
# ALREADY_EXISTS when the database catches a race.
CONSTRAINT_MESSAGES = {
    # people
    "agency_minutes_per_jp_positive": _("Menit per JP harus lebih dari 0."),
    "agency_reminder_hour_of_day": _("Jam pengingat harus antara 0 dan 23."),
    "workunit_not_own_parent": _("Unit kerja tidak dapat menjadi induk dirinya."),
    "workunit_unique_siasn_id": _("ID UNOR SIASN ini sudah dipakai unit kerja lain."),
    "employee_not_own_supervisor": _("Pegawai tidak dapat menjadi atasan dirinya."),
    "employee_pppk_grade_range": _("Golongan PPPK antara I dan XVII."),
    "delegation_dates_ordered": _(
        "Tanggal selesai penugasan Plt/Plh tidak boleh sebelum tanggal mulai."
    ),
    "delegation_not_to_self": _(
        "Pelaksana Plt/Plh harus pegawai lain, bukan atasan yang digantikan."
    ),
    "pending_import_one_pull_per_agency": _(
        "Instansi ini sudah punya pratinjau tarik data SIASN yang menunggu konfirmasi."
    ),
    "signatory_qr_only_where_verifiable": _(
        "Kode QR hanya untuk sertifikat: dokumen ini tidak punya halaman "
        "pemeriksaan keaslian."
    ),
    "orgperformance_once_per_unit": _(
        "Unit ini sudah punya predikat kinerja untuk periode ini."
    ),
    "orgperformance_once_per_organisation": _(
        "Instansi sudah punya predikat kinerja organisasi untuk periode ini."
    ),
    "periodfinalisation_reason_for_findings": _(
        "Alasan wajib diisi karena distribusi predikat tidak sesuai pola."
    ),
    # training
    "program_jp_positive": _("JP harus lebih dari 0."),
    "outsidelearning_hours_positive": _("Jumlah jam harus lebih dari 0."),
    "outsidelearning_dates_ordered": _(
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ),
    "program_attendance_percent_max_100": _(
        "Persentase kehadiran minimal paling banyak 100."
    ),
    "session_ends_after_start": _("Tanggal selesai tidak boleh sebelum tanggal mulai."),
    "session_capacity_positive": _("Kapasitas harus lebih dari 0."),
    "expenditure_amount_positive": _("Jumlah realisasi harus lebih dari 0."),
    "qtemplate_scale_4_or_5": _("Skala penilaian 4 atau 5."),
    "qtemplate_follow_up_weeks_range": _(
        "Evaluasi pasca-pelatihan antara 1 dan 52 minggu."
    ),
    "qtemplate_one_default_per_agency": _(
        "Instansi ini sudah memiliki kuesioner bawaan."
    ),
    "answer_score_within_scale": _("Nilai jawaban di luar skala."),
    "followup_score_within_scale": _("Nilai di luar skala."),
    "internship_ends_after_start": _(
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ),
    "internship_hours_per_day_range": _("Jam per hari antara 1 dan 24."),
    "internship_fixed_jp_given": _("JP tetap wajib diisi dan lebih dari 0."),
    "internship_final_score_max_100": _("Nilai akhir paling tinggi 100."),
    "certificate_for_one_activity": _(
        "Sertifikat diterbitkan untuk satu pelatihan atau satu magang."
    ),
    "certificate_number_once": _("Nomor sertifikat ini sudah dipakai."),
    "jpcredit_positive": _("JP harus lebih dari 0."),
    "externaltraining_minutes_positive": _("Lama belajar harus lebih dari 0."),
    "externaltraining_dates_ordered": _(
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ),
    "externaltraining_once_per_key": _(
        "Idempotency-Key ini sudah dipakai untuk catatan pelatihan lain."
    ),
    "agreement_ends_after_start": _(
        "Tanggal berakhir tidak boleh sebelum tanggal mulai."
    ),
    "need_participants_positive": _("Jumlah peserta harus lebih dari 0."),
    "need_once_per_unit_year_competency": _(
        "Unit ini sudah memiliki kebutuhan pelatihan untuk kompetensi itu pada tahun "
        "tersebut."
    ),
    "allocation_not_negative": _("Pagu tidak boleh negatif."),
    "planned_batches_positive": _("Jumlah angkatan harus lebih dari 0."),
    "planned_cost_not_negative": _("Biaya per peserta tidak boleh negatif."),
    # e-learning
    "module_jp_positive": _("JP harus lebih dari 0."),
    "module_pass_mark_range": _("Nilai lulus antara 1 dan 100."),
    "lesson_video_has_url": _("Materi video memerlukan alamat video."),
    "lesson_file_has_attachment": _("Materi berkas memerlukan lampiran."),
    "choice_one_correct_per_question": _(
        "Satu soal hanya memiliki satu jawaban benar."
    ),
    "progress_completed_after_start": _("Waktu selesai sebelum waktu mulai."),
    "progress_post_score_range": _("Nilai antara 0 dan 100."),
    "progress_pre_score_range": _("Nilai antara 0 dan 100."),
    "testattempt_one_pre_test": _("Pre-test hanya dapat dikerjakan sekali."),
    "testattempt_score_range": _("Nilai antara 0 dan 100."),
    "testattempt_correct_within_count": _("Jumlah jawaban benar melebihi jumlah soal."),
    # mentoring
    "mentoringprogram_period_order": _(
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ),
    "mentoringprogram_fixed_jp_positive": _("JP per sesi harus lebih dari 0."),
    "mentoringprogram_idle_weeks_positive": _(
        "Jeda sebelum pengingat paling sedikit 1 minggu."
    ),
    "mentorprofile_capacity_sane": _("Kapasitas mentor paling banyak 20 mentee."),
    "mentoringpair_no_self": _("Mentor dan mentee harus orang yang berbeda."),
    "mentoringpair_period_order": _(
        "Tanggal selesai tidak boleh sebelum tanggal mulai."
    ),
    "mentoringpair_one_active_per_mentee": _(
        "Mentee ini sudah memiliki pasangan mentoring yang aktif."
    ),
    "mentoringsession_duration_range": _("Durasi sesi antara 1 dan 480 menit."),
    "mentoringsession_confirmed_by_other_side": _(
        "Sesi dikonfirmasi oleh pihak yang tidak mencatatnya."
    ),
    "mentoringsession_status_consistent": _(
        "Status sesi tidak sesuai dengan konfirmasinya."
    ),
    "menteerating_score_range": _("Nilai antara 1 dan 5."),
    # evaluations
    "evalsettings_cutoffs_ordered": _("Batas potensial: 0 < menengah < tinggi ≤ 100."),
    "evalsettings_cap_percent": _("Batas predikat Sangat Baik paling tinggi 100%."),
    "evalperiod_dates_ordered": _(
        "Tanggal akhir periode dan penutupan tidak boleh sebelum tanggal awalnya."
    ),
    "feedback_on_result_or_value": _(
        "Umpan balik ditujukan pada satu hasil kerja atau satu nilai perilaku."
    ),
    "assessment_predikat_by_matrix": _(
        "Predikat tidak sesuai dengan matriks hasil kerja dan perilaku kerja."
    ),
    "potential_score_range": _("Nilai potensial paling tinggi 100."),
    # feedback
    **{
        f"surveyresp_u{number}_1_to_4": _("Jawaban survei bernilai 1 sampai 4.")
        for number in range(1, 10)
    },
    "complaint_anonymous_has_no_name": _("Pengaduan anonim tidak mencantumkan nama."),
    "complaint_escalation_once": _("Pengaduan ini sudah dieskalasi."),
    # notifications
    "notification_to_address_once": _("Pemberitahuan ini sudah dikirim ke alamat itu."),
    "notification_user_or_address": _(
        "Notifikasi ditujukan kepada satu pengguna atau satu alamat email."
    ),
    "channelchoice_user_or_agency": _(
        "Pilihan saluran milik satu pengguna atau satu instansi."
    ),
    "channelmessage_once_per_channel": _(
        "Pemberitahuan ini sudah dikirim lewat saluran itu."
    ),
    # competencies
    "competency_unique_code": _("Kode kompetensi ini sudah dipakai di instansi ini."),
    "competency_known_kind": _(
        "Jenis kompetensi: manajerial, sosial kultural atau teknis."
    ),
    "competencylevel_once_per_level": _(
        "Level ini sudah memiliki deskripsi untuk kompetensi ini."
    ),
    "competencylevel_level_1_to_5": _("Level kompetensi antara 1 dan 5."),
    "jobstandard_once_per_jabatan": _(
        "Jabatan ini sudah memiliki standar kompetensi; ubah standar yang ada."
    ),
    "requiredlevel_once_per_competency": _(
        "Kompetensi ini sudah dipersyaratkan pada standar jabatan ini."
    ),
    "requiredlevel_level_1_to_5": _("Level yang dipersyaratkan antara 1 dan 5."),
    # idp
    "individualplan_once_per_year": _("IDP tahun ini sudah ada."),
    "individualplan_known_status": _("Status IDP tidak dikenal."),
    "planactivity_jp_not_negative": _("JP yang direncanakan tidak boleh negatif."),
    "planactivity_quarter_1_to_4": _("Triwulan antara 1 dan 4."),
    "assessedlevel_level_1_to_5": _("Level kompetensi antara 1 dan 5."),
    "assessedlevel_known_source": _(
        "Sumber penilaian: asesmen, penilaian atasan atau impor."
    ),
    # dashboard
    "report_once_per_unit_period": _("Laporan untuk periode ini sudah ada."),
    "report_once_per_agency_period": _("Laporan untuk periode ini sudah ada."),
    "report_period_ordered": _("Akhir periode tidak boleh sebelum awalnya."),
}
ALREADY_EXISTS = _("Data yang sama sudah ada.")
BREAKS_A_RULE = _("Isian ini tidak memenuhi aturan data.")


def constraint_message(name: str | None):
    """What a user reads when the constraint `name` refuses a row."""
    return CONSTRAINT_MESSAGES.get(name or "", BREAKS_A_RULE)


def refusal_from(error: IntegrityError) -> Refused:
    """The refusal for a constraint the database enforced (a race a service's own
    checks could not see, or a rule only the database states)."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name in CONSTRAINT_MESSAGES:
        return Refused(CONSTRAINT_MESSAGES[name])
    if getattr(cause, "sqlstate", None) == "23505" or "UNIQUE" in str(error):
        return Refused(ALREADY_EXISTS)
    return Refused(BREAKS_A_RULE)


def worded_constraints(model_constraints):
    """`Model.get_constraints()` with each constraint's message in words, for
    validation only: a ModelForm then shows "Durasi sesi antara 1 dan 480 menit."
    where Django would show the constraint's name. The migrations keep the
    constraints as declared."""
    return [
        (model, [_with_message(constraint) for constraint in constraints])
        for model, constraints in model_constraints
    ]


_WORDED = {}


def _with_message(constraint):
    if constraint.name not in CONSTRAINT_MESSAGES:
        return constraint
    worded = _WORDED.get(id(constraint))
    if worded is None:
        worded = constraint.clone()
        worded.violation_error_message = CONSTRAINT_MESSAGES[constraint.name]
        _WORDED[id(constraint)] = worded
    return worded


def show_refusal(request, refusal: ValidationError, form=None) -> None:
    """At the field it belongs to when the page shows that form, else above the
    form, else as a message on the page."""
    if form is not None:
        field = getattr(refusal, "field", None)
        if field is None and hasattr(refusal, "error_dict"):
            for name, errors in refusal.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return
        form.add_error(field if field in form.fields else None, refusal.messages)
        return
    for message in refusal.messages:
        messages.error(request, message)


def attempt(request, action: Callable, *, form=None, success: str = ""):
    """Run one service call. A refusal changes nothing and is shown (`show_refusal`);
    returns (True, the action's result) or (False, None)."""
    try:
        result = action()
    except IntegrityError as error:
        show_refusal(request, refusal_from(error), form)
        return False, None
    except ValidationError as refusal:
        show_refusal(request, refusal, form)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


class RefusalMiddleware:
    """A `Refused` that escapes a view answers 403 with its reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        return render(
            request,
            "refused.html",
            {"message": exception.message, "back": request.META.get("HTTP_REFERER")},
            status=403,
        )
