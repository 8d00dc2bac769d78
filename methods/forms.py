"""Forms of the methods app: adapting the guiding questions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_PROMPT_CHARS, MAX_QUESTION_CHARS, MAX_QUESTIONS, QUESTION_FIELDS

_LANGUAGE_NAMES = {"en": _("English"), "he": _("Hebrew"), "ar": _("Arabic")}
_DIRECTIONS = {"en": "ltr", "he": "rtl", "ar": "rtl"}


class QuestionSetMetaForm(forms.Form):
    name = forms.CharField(label=_("Name of this version"), max_length=200)
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("Say briefly what you changed and why: people reading interviews will see it."),
    )


class GuidingQuestionForm(forms.Form):
    """One question in the three languages. Leave every field empty to leave it out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for lang, language in _LANGUAGE_NAMES.items():
            attrs = {"lang": lang, "dir": _DIRECTIONS[lang]}
            self.fields[f"text_{lang}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": language},
                max_length=MAX_QUESTION_CHARS,
                required=False,
                widget=forms.Textarea(attrs={**attrs, "rows": 3}),
            )
            self.fields[f"prompt_{lang}"] = forms.CharField(
                label=_("Prompt to go deeper (%(language)s)") % {"language": language},
                max_length=MAX_PROMPT_CHARS,
                required=False,
                widget=forms.Textarea(attrs={**attrs, "rows": 3}),
            )
        # Let the server say when a text is too long (and keep it), rather than the browser
        # silently cutting what was pasted.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean(self):
        data = super().clean()
        if self.has_error("text_en"):
            return data  # already told why (e.g. too long)
        if (
            any((data.get(f) or "").strip() for f in QUESTION_FIELDS)
            and not (data.get("text_en") or "").strip()
        ):
            self.add_error(
                "text_en",
                _(
                    "Write the question in English (Hebrew and Arabic are optional). To leave "
                    "the question out, empty all its fields."
                ),
            )
        return data

    @property
    def is_left_out(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return not any((data.get(f) or "").strip() for f in QUESTION_FIELDS)

    def language_rows(self):
        """(language name, question field, prompt field) for each language, for the template."""
        return [
            (name, self[f"text_{lang}"], self[f"prompt_{lang}"])
            for lang, name in _LANGUAGE_NAMES.items()
        ]


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.questions():
            raise forms.ValidationError(
                _("Keep at least one question: empty fields leave a question out.")
            )

    def questions(self) -> list[dict[str, str]]:
        """The questions kept, in order, as the service takes them."""
        return [
            {f: form.cleaned_data.get(f, "") for f in QUESTION_FIELDS}
            for form in self.forms
            if not form.is_left_out
        ]


QuestionFormSet = forms.formset_factory(
    GuidingQuestionForm,
    formset=BaseQuestionFormSet,
    extra=2,
    max_num=MAX_QUESTIONS,
    validate_max=True,
)
