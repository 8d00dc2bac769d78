"""Forms of the selection process."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, Program

from .models import Assessment, SelectionCriterion, SelectionDecision, SuccessStory
from .services import MIN_REASON_CHARS, parse_tags


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SelectionCriterion
        fields = ["text", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class NominationForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Population and diversity tags"),
        required=False,
        max_length=600,
        help_text=_("Separate tags with commas, e.g. single parents, Arabic-speaking, youth."),
    )

    class Meta:
        model = SuccessStory
        fields = [
            "title",
            "department",
            "client_pseudonym",
            "summary",
            "success_in_worker_eyes",
            "success_in_client_eyes",
            "tags",
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
        self.fields["tags"].widget.attrs["list"] = "tag-suggestions"

    def clean_tags(self) -> str:
        raw = self.cleaned_data.get("tags", "")
        parse_tags(raw)  # raises a clear error for too many or too long tags
        return raw


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["verdict", "note"]
        widgets = {
            "verdict": forms.RadioSelect,
            "note": forms.TextInput(attrs={"placeholder": _("A note for the committee")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = Assessment.Verdict.choices


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
