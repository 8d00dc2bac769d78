"""Forms of the reflection templates: the template itself and its ordered steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from methods.models_reflection_templates import ReflectionTemplate, ReportSection
from methods.models_workshops import Method


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReflectionTemplate.Kind.choices)
    communities = ids.ModelMultipleChoiceField(
        label=_("Share with the learning communities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to keep the template to yourself."),
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["communities"]
        field.queryset = communities
        field.choices = list(field.choices)  # read once, for the check below and the page
        if not field.choices:
            # No community to share with: no field (a list without a box to tick would not
            # show its error either, were a tampered form to send one).
            del self.fields["communities"]


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step title"), max_length=300, required=False)
    prompt = forms.CharField(
        label=_("Prompts"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    timer_minutes = forms.IntegerField(
        label=_("Timer (minutes)"), min_value=1, max_value=60, required=False
    )
    report_section = forms.ChoiceField(
        label=_("In the short report"), choices=ReportSection.choices, required=False
    )


StepFormSet = forms.formset_factory(StepForm, extra=2, max_num=20, absolute_max=40)


def step_rows(formset) -> list[dict]:
    """The steps as typed, in order (empty rows are skipped by the service)."""
    return [f.cleaned_data for f in formset.forms if getattr(f, "cleaned_data", None)]
