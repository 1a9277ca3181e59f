from urllib.parse import urlencode

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from asn_portal.corrections import REASON_MAX_LENGTH, CorrectionReasonMixin
from asn_portal.lists import UnitTreeFilter, unit_field
from asn_portal.uploads import UploadFormField
from evaluations.models import (
    ACTION_KINDS,
    EvaluationPeriod,
    EvaluationSettings,
    Feedback360Invitation,
    FollowUpAction,
    WorkResult,
)
from evaluations.potentials import Entry
from evaluations.rules import BerAkhlak, OrganisationRating, Rating, carried_rating
from people.pickers import EmployeePickerField, UnitTreeChoiceField

RATING_CHOICES = [("", "—"), *Rating.choices]


class UnitFilter(UnitTreeFilter):
    """The unit the performance overview and the talent grid are narrowed to (a
    dashboard row's drill-down), and on the grid the one box whose people are
    listed."""

    unit = unit_field()
    kotak = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(n, n) for n in range(1, 10)],
        widget=forms.HiddenInput,
    )

    # Carried by the filter so that the pages of a box's list keep the period.
    periode = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def narrow_kotak(self, employees, _box):
        return employees  # the box chooses whose names are listed, not who counts

    def narrow_periode(self, employees, _period):
        return employees  # the period is chosen by the view

    @property
    def without_box(self) -> str:
        """The query string of the page with no box chosen: each box links to it
        with its own `kotak`."""
        return urlencode(
            [(name, value) for name, value in self.applied if name != "kotak"]
        )


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class WorkResultForm(forms.Form):
    description = forms.CharField(
        label=_("Rencana hasil kerja"), widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator = forms.CharField(
        label=_("Indikator kinerja"), widget=forms.Textarea(attrs={"rows": 2})
    )
    target = forms.CharField(label=_("Target"), max_length=200)
    supports = forms.ModelChoiceField(
        label=_("Mendukung hasil kerja atasan"),
        queryset=WorkResult.objects.none(),
        required=False,
    )

    def __init__(self, *args, supervisor_results=None, **kwargs):
        super().__init__(*args, **kwargs)
        if supervisor_results is not None:
            self.fields["supports"].queryset = supervisor_results


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("agree", _("Setujui")), ("return", _("Kembalikan dengan catatan"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Catatan untuk pegawai"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class FeedbackNoteForm(forms.Form):
    date = forms.DateField(
        label=_("Tanggal"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    target = forms.ChoiceField(label=_("Tentang"))
    note = forms.CharField(
        label=_("Umpan balik"), widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.CharField(label=_("Bukti / dasar"), max_length=300, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        choices = [(f"r{r.pk}", _("Hasil kerja: %s") % r) for r in plan.results.all()]
        choices += [
            (f"v{value}", _("BerAKHLAK: %s") % label)
            for value, label in BerAkhlak.choices
        ]
        self.fields["target"].choices = choices

    def work_result_and_value(self):
        target = self.cleaned_data["target"]
        if target.startswith("r"):
            return self.plan.results.get(pk=int(target[1:])), ""
        return None, target[1:]


class RealisationForm(forms.Form):
    """One block per work result: realisation plus evidence as text, link or file."""

    def __init__(self, *args, results, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.results = list(results)
        for result in self.results:
            row = existing.get(result.pk)
            self.fields[f"realisation_{result.pk}"] = forms.CharField(
                label=_("Realisasi"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=row.realisation if row else "",
            )
            self.fields[f"evidence_text_{result.pk}"] = forms.CharField(
                label=_("Bukti dukung (uraian)"),
                widget=forms.Textarea(attrs={"rows": 1}),
                required=False,
                initial=row.evidence_text if row else "",
            )
            self.fields[f"evidence_link_{result.pk}"] = forms.URLField(
                label=_("Tautan bukti"),
                required=False,
                initial=row.evidence_link if row else "",
                assume_scheme="https",
            )
            self.fields[f"evidence_file_{result.pk}"] = UploadFormField(
                policy="evidence",
                label=_("Berkas bukti (PDF, gambar, Word, Excel; maks. 5 MB)"),
                required=False,
            )

    def entries(self):
        return {
            result.pk: {
                "realisation": self.cleaned_data[f"realisation_{result.pk}"],
                "evidence_text": self.cleaned_data[f"evidence_text_{result.pk}"],
                "evidence_link": self.cleaned_data[f"evidence_link_{result.pk}"],
                "evidence_file": self.cleaned_data[f"evidence_file_{result.pk}"],
            }
            for result in self.results
        }


def _table_select(label):
    """A select shown inside a table cell: its label is the row, so only aria."""
    return forms.Select(
        attrs={"class": "form-select form-select-sm", "aria-label": label}
    )


class RatingForm(forms.Form):
    """Per-result and per-value ratings, then the two overall ratings the supervisor
    chooses (a majority suggestion is shown). There is no predikat field.

    Given the year's `periodic` ratings (by work result id, by value), an item not
    rated yet starts from the periodic rating `rules.carried_rating` picks, and its
    field keeps that pick in `carried_from` so the page can say where it came from:
    a suggestion until the supervisor submits."""

    hasil_kerja = forms.ChoiceField(
        label=_("Rating hasil kerja (keseluruhan)"), choices=RATING_CHOICES
    )
    perilaku_kerja = forms.ChoiceField(
        label=_("Rating perilaku kerja (keseluruhan)"), choices=RATING_CHOICES
    )
    feedback = forms.CharField(
        label=_("Umpan balik tertulis"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args,
        assessment,
        results,
        existing_results,
        existing_values,
        periodic=None,
        **kwargs,
    ):
        kwargs.setdefault(
            "initial",
            {
                "hasil_kerja": assessment.hasil_kerja,
                "perilaku_kerja": assessment.perilaku_kerja,
                "feedback": assessment.supervisor_feedback,
            },
        )
        super().__init__(*args, **kwargs)
        self.results = list(results)
        periodic_results, periodic_values = periodic or ({}, {})
        for result in self.results:
            row = existing_results.get(result.pk)
            self.fields[f"result_{result.pk}"] = forms.ChoiceField(
                label=str(result),
                choices=RATING_CHOICES,
                initial=row.rating if row else "",
                widget=_table_select(str(result)),
            )
            self._carry(f"result_{result.pk}", row, periodic_results.get(result.pk))
        for value, label in BerAkhlak.choices:
            row = existing_values.get(value)
            self.fields[f"value_{value}"] = forms.ChoiceField(
                label=label,
                choices=RATING_CHOICES,
                initial=row.rating if row else "",
                widget=_table_select(label),
            )
            self._carry(f"value_{value}", row, periodic_values.get(value))
            self.fields[f"expectation_{value}"] = forms.CharField(
                label=_("Ekspektasi khusus"),
                required=False,
                max_length=300,
                initial=row.expectation if row else "",
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "aria-label": _("Ekspektasi khusus: %s") % label,
                    }
                ),
            )

    def _carry(self, name, row, history):
        """Start an item not rated yet from its periodic rating; never replace a
        rating already given."""
        field = self.fields[name]
        field.carried_from = None
        if (row is not None and row.rating) or not history:
            return
        field.carried_from = carried_rating(history)
        if field.carried_from is not None:
            field.initial = field.carried_from.rating

    def result_fields(self):
        return [(r, self[f"result_{r.pk}"]) for r in self.results]

    def value_fields(self):
        return [
            (label, self[f"value_{v}"], self[f"expectation_{v}"])
            for v, label in BerAkhlak.choices
        ]

    def shown_ratings(self) -> tuple[list[str], list[str]]:
        """The item ratings the page shows now (given, carried or just posted), for
        the overall suggestions: work results, then values."""
        results = [f.value() for _result, f in self.result_fields()]
        values = [f.value() for _label, f, _expectation in self.value_fields()]
        return (
            [r for r in results if r in Rating.values],
            [v for v in values if v in Rating.values],
        )

    def result_ratings(self):
        return {r.pk: self.cleaned_data[f"result_{r.pk}"] for r in self.results}

    def value_ratings(self):
        return {v: self.cleaned_data[f"value_{v}"] for v in BerAkhlak.values}

    def expectations(self):
        return {v: self.cleaned_data[f"expectation_{v}"] for v in BerAkhlak.values}

    def rating(self) -> dict:
        """The keyword arguments of `services.rate_assessment`."""
        return {
            "result_ratings": self.result_ratings(),
            "value_ratings": self.value_ratings(),
            "expectations": self.expectations(),
            "hasil_kerja": self.cleaned_data["hasil_kerja"],
            "perilaku_kerja": self.cleaned_data["perilaku_kerja"],
            "feedback": self.cleaned_data["feedback"],
        }


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan keberatan"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("uphold", _("Penilaian tetap")), ("change", _("Ubah penilaian"))],
        widget=forms.RadioSelect,
    )
    hasil_kerja = forms.ChoiceField(
        label=_("Rating hasil kerja baru"), choices=RATING_CHOICES, required=False
    )
    perilaku_kerja = forms.ChoiceField(
        label=_("Rating perilaku kerja baru"), choices=RATING_CHOICES, required=False
    )
    note = forms.CharField(
        label=_("Pertimbangan"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    summary = forms.CharField(
        label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3})
    )
    review_date = forms.DateField(
        label=_("Tanggal tinjau ulang"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    ACTION_ROWS = 3

    def __init__(self, *args, kind=None, follow_up=None, **kwargs):
        if follow_up is not None:
            kwargs.setdefault(
                "initial",
                {"summary": follow_up.summary, "review_date": follow_up.review_date},
            )
        super().__init__(*args, **kwargs)
        allowed = ACTION_KINDS.get(kind, set(FollowUpAction.Kind.values))
        kinds = [("", "—")] + [
            (value, label)
            for value, label in FollowUpAction.Kind.choices
            if value in allowed
        ]
        for i in range(self.ACTION_ROWS):
            self.fields[f"action_kind_{i}"] = forms.ChoiceField(
                label=_("Jenis tindakan"), choices=kinds, required=False
            )
            self.fields[f"action_description_{i}"] = forms.CharField(
                label=_("Uraian tindakan"), max_length=300, required=False
            )
            self.fields[f"action_link_{i}"] = forms.CharField(
                label=_("Tautan program / mentor"), max_length=300, required=False
            )

    def action_rows(self):
        return [
            (
                self[f"action_kind_{i}"],
                self[f"action_description_{i}"],
                self[f"action_link_{i}"],
            )
            for i in range(self.ACTION_ROWS)
        ]

    def actions(self):
        return [
            {
                "kind": self.cleaned_data[f"action_kind_{i}"],
                "description": self.cleaned_data[f"action_description_{i}"],
                "link": self.cleaned_data[f"action_link_{i}"],
            }
            for i in range(self.ACTION_ROWS)
        ]


class PotentialForm(forms.Form):
    employee = EmployeePickerField(label=_("Pegawai"), queryset=None)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    score = forms.IntegerField(label=_("Nilai potensial"), min_value=0, max_value=100)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class PotentialImportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    file = UploadFormField(
        policy="potential_import",
        label=_("Berkas nilai potensial (.xlsx atau .csv)"),
        help_text=_(
            "Kolom NIP, NILAI POTENSIAL (0–100) dan CATATAN (boleh kosong); "
            "satu baris satu pegawai."
        ),
    )


class PotentialGridChooser(forms.Form):
    """Which unit's employees, for which year."""

    unit = UnitTreeChoiceField(label=_("Unit kerja"), queryset=None)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PotentialGridForm(forms.Form):
    """One score field per employee of the unit, filled with this year's score."""

    def __init__(self, *args, employees, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for employee in employees:
            name = f"score_{employee.pk}"
            current = existing.get(employee.pk)
            self.fields[name] = forms.IntegerField(
                label=employee.name,
                min_value=0,
                max_value=100,
                required=False,
                initial=current.score if current else None,
            )
            self.rows.append((employee, current, name))

    def grid(self):
        """(employee, this year's potential or None, the bound score field)."""
        return [(person, current, self[name]) for person, current, name in self.rows]

    def entries(self) -> list:
        """The scores typed or changed; an emptied field keeps its earlier score."""
        changed = []
        for employee, current, name in self.rows:
            score = self.cleaned_data.get(name)
            if score is None or (current and current.score == score):
                continue
            changed.append(Entry(employee.pk, score, current.notes if current else ""))
        return changed


class GeneratePeriodsForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class PeriodDatesForm(CorrectionReasonMixin, forms.ModelForm):
    class Meta:
        model = EvaluationPeriod
        fields = ["name", "starts_on", "ends_on", "opens_on", "closes_on"]
        widgets = {
            field: forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
            for field in ["starts_on", "ends_on", "opens_on", "closes_on"]
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("Akhir periode harus setelah awalnya."))
        if opens and closes and opens > closes:
            self.add_error("closes_on", _("Pengisian ditutup setelah dibuka."))
        return cleaned


class EvaluationSettingsForm(forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = [
            "frequency",
            "potential_medium_from",
            "potential_high_from",
            "sangat_baik_cap_percent",
            "expected_sangat_baik",
            "expected_baik",
            "expected_butuh_perbaikan",
            "expected_kurang",
            "expected_sangat_kurang",
            "reminder_days_before_close",
        ]


class OrganisationPerformanceForm(forms.Form):
    """HR records the organisation's or one unit's performance rating of a period;
    recording it again for the same place replaces it."""

    unit = unit_field(_("Unit kerja"))
    rating = forms.ChoiceField(
        label=_("Predikat kinerja"), choices=OrganisationRating.choices
    )
    source = forms.CharField(
        label=_("Dasar penetapan"),
        max_length=255,
        help_text=_("Dokumen yang menetapkan predikat ini, mis. nomor LHE SAKIP."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("Organisasi (seluruh instansi)")


class FinalisationForm(forms.Form):
    """The reason is needed only where the predikat leave the pattern; the service
    knows whether they do, so the field is optional here."""

    reason = forms.CharField(
        label=_("Alasan penetapan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wajib bila ada temuan: mengapa hasil ini tetap ditetapkan "
            "(mis. keputusan pejabat, hasil keberatan)."
        ),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Disimpan di riwayat bersama nama Anda dan waktunya."),
    )


class Feedback360RequestForm(forms.Form):
    deadline = forms.DateField(
        label=_("Batas menjawab"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Hari terakhir jawaban diterima; paling lambat penutupan periode."),
    )
    message = forms.CharField(
        label=_("Pesan untuk responden"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class Feedback360InviteForm(forms.Form):
    """One colleague of the agency, picked by name or NIP (never a select of the
    agency): resolved inside `colleagues`, so a forged POST naming someone of
    another agency is refused at the field."""

    respondent = EmployeePickerField(label=_("Responden"), queryset=None)
    relation = forms.ChoiceField(
        label=_("Hubungan kerja"), choices=Feedback360Invitation.Relation.choices
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["respondent"]
        field.queryset = colleagues
        field.widget.attrs["data-employee-picker"] = reverse_lazy(
            "people:delegate_search"
        )
        field.error_messages["not_found"] = _(
            "Tidak ada pegawai aktif instansi Anda yang cocok dengan “%(text)s”: "
            "responden harus pegawai instansi yang sama."
        )


class Feedback360AnswerForm(forms.Form):
    """The seven BerAKHLAK values on the behaviour rating's scale, and a comment."""

    comment = forms.CharField(
        label=_("Komentar (tidak wajib)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ditampilkan apa adanya, tanpa nama; jangan menulis hal yang "
            "menunjukkan siapa Anda."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in BerAkhlak.choices:
            self.fields[f"value_{value}"] = forms.ChoiceField(
                label=label, choices=Rating.choices, widget=forms.RadioSelect
            )
        # The values first, the comment last.
        self.order_fields([f"value_{v}" for v in BerAkhlak.values] + ["comment"])

    def ratings(self) -> dict[str, str]:
        return {v: self.cleaned_data[f"value_{v}"] for v in BerAkhlak.values}
