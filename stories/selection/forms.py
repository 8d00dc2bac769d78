"""Forms of the selection process."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from organizations.models import Department, PopulationTerm, Program
from stories.models import (
    Assessment,
    SelectionCriterion,
    SelectionDecision,
    SuccessStory,
)

from .services import MIN_REASON_CHARS, parse_tags


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SelectionCriterion
        fields = ["text", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class NominationFilterForm(forms.Form):
    """The nominations list's filters, read from the query string. A value that is not one (an
    unknown status, a tag holding a NUL character, which PostgreSQL refuses) filters nothing;
    the other filter still applies."""

    status = forms.ChoiceField(choices=[("", ""), *SuccessStory.Status.choices], required=False)
    tag = forms.CharField(required=False)

    def filters(self) -> tuple[str, str]:
        """(status, tag), each "" where it was missing or not valid."""
        self.is_valid()
        return self.cleaned_data.get("status", ""), self.cleaned_data.get("tag", "")[:60]


class PopulationChoiceField(ids.ModelMultipleChoiceField):
    """Populations of the program's vocabulary, each named in the reader's language."""

    def label_from_instance(self, obj) -> str:
        return obj.label()


class NominationForm(forms.ModelForm):
    populations = PopulationChoiceField(
        label=_("Populations"),
        queryset=PopulationTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The populations the client belongs to, from the program's list (the committee "
            "keeps it)."
        ),
    )

    class Meta:
        model = SuccessStory
        formfield_callback = ids.formfield
        fields = [
            "title",
            "department",
            "client_pseudonym",
            "summary",
            "success_in_worker_eyes",
            "success_in_client_eyes",
            "populations",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "success_in_worker_eyes": forms.Textarea(attrs={"rows": 3}),
            "success_in_client_eyes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        departments = program.departments.all()
        if not departments.exists():
            departments = Department.objects.filter(organization=program.organization_id)
        self.fields["department"].queryset = departments
        terms = program.population_terms.all()
        if terms.exists():
            self.fields["populations"].queryset = terms
        else:  # nothing to choose from yet
            del self.fields["populations"]

    def clean_tags(self) -> str:
        raw = self.cleaned_data.get("tags", "")
        parse_tags(raw)  # raises a clear error for too many or too long tags
        return raw


class AssessmentForm(forms.ModelForm):
    """One criterion's verdict and note (prefix `c<criterion pk>`); a nominee's page draws
    one for each criterion inside one form, saved at once (`assessments_save`)."""

    class Meta:
        model = Assessment
        fields = ["verdict", "note"]
        widgets = {
            "verdict": forms.RadioSelect,
            "note": forms.TextInput(attrs={"placeholder": _("A note for the committee")}),
        }
        labels = {"verdict": _("Your verdict"), "note": _("Your note")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = Assessment.Verdict.choices

    def is_blank(self) -> bool:
        """Posted with neither a verdict nor a note: the criterion was left for later."""
        return not (
            self.data.get(self.add_prefix("verdict")) or self.data.get(self.add_prefix("note"))
        )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = SelectionDecision
        fields = ["outcome", "reasons"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "reasons": _("In full sentences: the person who told the story will read them.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].widget.attrs["minlength"] = MIN_REASON_CHARS


class DecisionCorrectionForm(forms.Form):
    """The confirmation of a decision that changes the standing one: which decision it replaces
    (the one the person was shown: `replaces`) and why. Shares the decision form's prefix."""

    replaces = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    correction_reason = forms.CharField(
        label=_("Why is the decision changed?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "minlength": MIN_REASON_CHARS, "dir": "auto"}),
        help_text=_(
            "In full sentences: the person who told the story reads them with the corrected "
            "decision."
        ),
    )

    @classmethod
    def asking(cls, prefix: str, standing: SelectionDecision, reason: str = ""):
        """The form that asks to confirm replacing `standing`, with the reason typed so far."""
        return cls(prefix=prefix, initial={"replaces": standing.pk, "correction_reason": reason})


def _field(auto_id, html_name, label, help_text, errors, value) -> dict:
    return {
        "auto_id": auto_id,
        "html_name": html_name,
        "label": label,
        "help_text": help_text,
        "errors": errors,
        "value": value,
    }


class DecisionRowForm(dict):
    """A DecisionForm as _decision_row.html draws it: plain values, the outcome's options with
    the chosen one marked. A meeting page draws a page of rows; built by `for_decision` from one
    unbound form, a row costs no form of its own (no deep copy of fields, no bound fields).
    A dict, so that the template finds each value at its first try (its keys read as
    attributes too: `row_form.errors`)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __init__(self, form: DecisionForm):
        outcome, reasons = form["outcome"], form["reasons"]
        value = outcome.value()
        super().__init__(
            errors=form.errors,
            non_field_errors=list(form.non_field_errors()),
            minlength=reasons.field.widget.attrs.get("minlength"),
            options=_options(list(outcome.field.choices), str(value)),
            outcome=_field(
                outcome.auto_id,
                outcome.html_name,
                outcome.label,
                outcome.help_text,
                list(outcome.errors),
                value,
            ),
            reasons=_field(
                reasons.auto_id,
                reasons.html_name,
                reasons.label,
                reasons.help_text,
                list(reasons.errors),
                reasons.value(),
            ),
        )

    @classmethod
    def for_decision(
        cls, blank: DecisionRowForm, choices: list, prefix: str, decision: SelectionDecision | None
    ) -> DecisionRowForm:
        """The unbound form of prefix for a decision (or none yet), from `blank`: the unbound
        form of another prefix with no decision, and its outcome choices."""
        outcome, reasons = blank["outcome"], blank["reasons"]
        outcome_value = decision.outcome if decision is not None else outcome["value"]
        row = cls.__new__(cls)
        dict.__init__(
            row,
            errors={},
            non_field_errors=[],
            minlength=blank["minlength"],
            options=(
                _options(choices, str(outcome_value)) if decision is not None else blank["options"]
            ),
            outcome=_field(
                f"id_{prefix}-outcome",
                f"{prefix}-outcome",
                outcome["label"],
                outcome["help_text"],
                [],
                outcome_value,
            ),
            reasons=_field(
                f"id_{prefix}-reasons",
                f"{prefix}-reasons",
                reasons["label"],
                reasons["help_text"],
                [],
                decision.reasons if decision is not None else reasons["value"],
            ),
        )
        return row


def _options(choices: list, current: str) -> list[tuple[str, str, bool]]:
    return [(value, label, str(value) == current) for value, label in choices]


# Documentation ----------------------------------------------------------------------------


class AssignForm(forms.Form):
    students = ids.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Student documenters"),
        error_messages={"required": _("Choose at least one student.")},
    )

    def __init__(self, *args, students_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = students_qs
