"""Training's Excel downloads.

- Questionnaire results (one session or one program): a plain function returning the
  sheets (title, header, rows) that `asn_portal.exports` writes. The answers stream
  from the database, so a large programme is not held in memory. Above
  `BACKGROUND_ROWS` answers the file takes longer than a request should wait (about
  6 s per 40,000 answers on a quiet machine), so it is built by a Celery task
  (`training.services.exports`).
- The HR lists (below target, approvals, a session's enrolments): exactly the rows
  the list's filter matched, as one sheet through `asn_portal.lists.export_response`.
  JP, targets and scores stay numbers, dates stay dates."""

from collections.abc import Callable, Iterable, Iterator

from django.utils.translation import gettext as _

from asn_portal.exports import DATE, DECIMAL, INTEGER, PERCENT, Column, Value
from asn_portal.lists import export_response
from training.jp import jp_progress_percent, jp_shortfall
from training.models import Answer, FollowUpEvaluation, QuestionnaireResponse
from training.models.delivery import evaluation_results, sessions_with_results

BACKGROUND_ROWS = 20_000
PROGRESS_EVERY = 5_000


def _average(value):
    return round(value, 2) if value is not None else None


def answer_count(*, session=None, program=None) -> int:
    scope = {"session": session} if session is not None else {"program": program}
    return Answer.objects.filter(**scope).count()


def _reporting(rows: Iterable, progress: Callable[[int], None] | None) -> Iterator:
    """The rows unchanged, telling `progress` how many have passed now and then."""
    for done, row in enumerate(rows, 1):
        yield row
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)


def results_sheets(
    *,
    title: str,
    session=None,
    program=None,
    progress: Callable[[int], None] | None = None,
) -> list:
    """The aspects' averages and score counts, every answer, the comments, the
    supervisors' follow-up and, for a program, one row per session. `progress` is
    told how many answers have been written, every few thousand."""
    scope = {"session": session} if session is not None else {"program": program}
    results = evaluation_results(**scope)
    summary = [
        (
            row["label"],
            f"1–{row['scale']}",
            _average(row["average"]),
            row["count"],
            *[d["count"] for d in row["distribution"]],
        )
        for row in results["aspects"]
    ]
    summary.append(())
    summary.append((_("Peserta hadir"), Value(results["attended_count"], INTEGER)))
    summary.append((_("Mengisi kuesioner"), Value(results["response_count"], INTEGER)))
    summary.append((_("Tingkat respons (%)"), Value(results["response_rate"], PERCENT)))
    answers = (
        Answer.objects.filter(**scope)
        .order_by("response_id", "question__order")
        .values_list(
            "session__name",
            "response_id",
            "question__aspect",
            "question__text",
            "scale",
            "score",
        )
        .iterator(chunk_size=5000)
    )
    comments = (
        QuestionnaireResponse.objects.filter(**scope)
        .exclude(comment="")
        .order_by("submitted_at")
        .values_list("session__name", "submitted_at__date", "comment")
        .iterator(chunk_size=2000)
    )
    follow_ups = (
        FollowUpEvaluation.objects.filter(**scope)
        .order_by("submitted_at")
        .values_list("session__name", "submitted_at__date", "scale", "score", "comment")
        .iterator(chunk_size=2000)
    )
    sheets = [
        (
            _("Ringkasan"),
            [
                title,
                _("Skala"),
                Column(_("Rata-rata"), DECIMAL),
                Column(_("Jumlah jawaban"), INTEGER),
                *[Column(_("Nilai %(n)d") % {"n": n}, INTEGER) for n in range(1, 6)],
            ],
            summary,
        ),
        (
            _("Jawaban"),
            [
                _("Sesi"),
                _("No. respons"),
                _("Aspek"),
                _("Pertanyaan"),
                _("Skala"),
                _("Nilai"),
            ],
            _reporting(answers, progress),
        ),
        (
            _("Komentar"),
            [_("Sesi"), Column(_("Tanggal"), DATE), _("Komentar")],
            comments,
        ),
        (
            _("Evaluasi lanjutan"),
            [
                _("Sesi"),
                Column(_("Tanggal"), DATE),
                _("Skala"),
                _("Nilai"),
                _("Catatan"),
            ],
            follow_ups,
        ),
    ]
    if program is not None:
        sheets.append(_per_session_sheet(program))
    return sheets


def _per_session_sheet(program) -> tuple:
    sessions, _total = sessions_with_results(program, limit=None)
    return (
        _("Per sesi"),
        [
            _("Sesi"),
            Column(_("Mulai"), DATE),
            Column(_("Selesai"), DATE),
            Column(_("Hadir"), INTEGER),
            Column(_("Mengisi"), INTEGER),
            Column(_("Rata-rata reaksi"), DECIMAL),
            Column(_("Rata-rata lanjutan"), DECIMAL),
        ],
        (
            (
                s.name,
                s.start_date,
                s.end_date,
                s.attended_count,
                s.response_count,
                _average(s.average),
                _average(s.follow_up_average),
            )
            for s in sessions
        ),
    )


# --- the HR lists ----------------------------------------------------------------

CHUNK = 2000


def below_target_filename(year: int) -> str:
    return f"di-bawah-target-jp-{year}.xlsx"


def below_target_export(employees, *, agency, year: int):
    return export_response(
        below_target_filename(year), *below_target_sheet(employees, agency, year)
    )


def below_target_sheet(
    employees, agency, year: int, progress: Callable[[int], None] | None = None
) -> tuple:
    """(title, header, rows) of those below target, the rows streamed (JP, target,
    shortfall and percent as numbers); `progress(done)` hears the rows written
    every few thousand. The same sheet at once or from a job (training.jobs)."""
    target = agency.jp_target_per_year
    header = [
        _("Nama"),
        "NIP",
        _("Status"),
        _("Unit kerja"),
        _("JP %(year)s") % {"year": year},
        _("Target JP"),
        _("Kekurangan JP"),
        _("Capaian (%)"),
    ]
    rows = (
        [
            e.full_name,
            e.nip,
            e.status,
            e.unit.name if e.unit else "",
            e.jp_total,
            target,
            jp_shortfall(e.jp_total, target=target),
            jp_progress_percent(e.jp_total, target=target),
        ]
        for e in employees.order_by("unit__path", "jp_total", "name").iterator(
            chunk_size=CHUNK
        )
    )
    return _("Di bawah target"), header, _reporting(rows, progress)


def approvals_export(enrolments):
    header = [
        _("Nama"),
        "NIP",
        _("Sesi"),
        _("Tanggal mulai"),
        _("Tanggal selesai"),
        "JP",
    ]
    rows = (
        [
            e.employee.full_name,
            e.employee.nip,
            str(e.session),
            e.session.start_date,
            e.session.end_date,
            e.session.program.jp,
        ]
        for e in enrolments.iterator(chunk_size=CHUNK)
    )
    return export_response("persetujuan-pelatihan.xlsx", _("Persetujuan"), header, rows)


def enrolments_export(session, enrolments):
    header = [
        _("Nama"),
        "NIP",
        _("Unit kerja saat mendaftar"),
        _("Status"),
        _("No. daftar tunggu"),
        _("Nilai post-test"),
    ]
    rows = (
        [
            e.employee.full_name,
            e.employee.nip,
            e.unit.name,
            e.get_status_display(),
            e.waitlist_position,
            e.post_test_score,
        ]
        for e in enrolments.iterator(chunk_size=CHUNK)
    )
    return export_response(
        f"peserta-sesi-{session.pk}.xlsx", _("Peserta"), header, rows
    )
