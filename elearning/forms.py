from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from elearning.models import Choice, Lesson, Module, Question


class DefaultsWhenEmpty:
    """Number fields with a model default may be left empty: empty means the
    default (0 = no limit, for most), not an error."""

    defaults_when_empty: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.defaults_when_empty:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.defaults_when_empty:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = self._meta.model._meta.get_field(name).default
        return cleaned


class ModuleForm(DefaultsWhenEmpty, forms.ModelForm):
    defaults_when_empty = (
        "questions_per_test",
        "post_test_attempts",
        "retry_wait_minutes",
    )

    class Meta:
        model = Module
        fields = [
            "title",
            "competency_area",
            "description",
            "jp",
            "pass_mark",
            "requires_all_lessons",
            "questions_per_test",
            "post_test_attempts",
            "retry_wait_minutes",
            "time_limit_minutes",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency if agency is not None else self.instance.agency

    def clean_title(self):
        # The agency is not a field of this form, so Django's own unique check
        # skips the (agency, title) constraint: check it here.
        title = self.cleaned_data["title"]
        same = Module.objects.filter(agency=self.agency, title__iexact=title)
        if same.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("Instansi Anda sudah memiliki modul dengan judul ini.")
            )
        return title


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class LessonForm(DefaultsWhenEmpty, forms.ModelForm):
    defaults_when_empty = ("minimum_minutes",)

    class Meta:
        model = Lesson
        formfield_callback = _https_urls
        fields = [
            "order",
            "title",
            "kind",
            "body",
            "video_url",
            "attachment",
            "minimum_minutes",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Lesson.Kind.TEXT and not cleaned.get("body", "").strip():
            self.add_error("body", _("Materi teks memerlukan isi."))
        if (
            kind == Lesson.Kind.VIDEO
            and not cleaned.get("video_url")
            and "video_url" not in self.errors
        ):
            self.add_error("video_url", _("Materi video memerlukan tautan video."))
        if (
            kind == Lesson.Kind.FILE
            and not cleaned.get("attachment")
            and "attachment" not in self.errors
        ):
            self.add_error("attachment", _("Materi berkas memerlukan berkas."))
        return cleaned


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class BaseChoiceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("text")
        ]
        if len(kept) < 2:
            raise ValidationError(_("Isi minimal dua pilihan jawaban."))
        correct = sum(1 for form in kept if form.cleaned_data.get("is_correct"))
        if correct != 1:
            raise ValidationError(
                _("Tandai tepat satu pilihan sebagai jawaban benar (sekarang %(n)s).")
                % {"n": correct}
            )


ChoiceFormSet = forms.inlineformset_factory(
    Question,
    Choice,
    formset=BaseChoiceFormSet,
    fields=["text", "is_correct"],
    widgets={
        "text": forms.TextInput(
            attrs={"class": "form-control", "aria-label": _("Pilihan jawaban")}
        ),
        "is_correct": forms.CheckboxInput(
            attrs={"class": "form-check-input", "aria-label": _("Jawaban benar")}
        ),
    },
    extra=4,
    max_num=8,
    can_delete=True,
)
