"""Forms for principles of action: a story's principles and evidence, common principles,
merging, and the matrix filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from stories.models import CommonPrinciple, Interview, Principle, PrincipleCategory, SuccessStory

from .selectors import AnswerChoice


class PrincipleForm(forms.Form):
    """In situation X, to achieve Y, we do Z."""

    situation = forms.CharField(
        label=_("In situation…"),
        max_length=300,
        help_text=_("For example: “a family in crisis that does not trust the services”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goal = forms.CharField(
        label=_("to achieve…"),
        max_length=300,
        help_text=_("For example: “enough trust for the family to accept help”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action = forms.CharField(
        label=_("we…"),
        max_length=500,
        help_text=_(
            "What we do, for example: “visit the same day and let the family set the agenda”."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    common = ids.ModelChoiceField(
        label=_("Common principle (optional)"),
        queryset=CommonPrinciple.objects.none(),
        required=False,
        empty_label=_("Not merged yet"),
        help_text=_("If this principle is one the program has already named, choose it."),
    )

    def __init__(self, *args, commons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commons is not None:
            self.fields["common"].queryset = commons


class EvidenceForm(forms.Form):
    """A quote from one of the story's interview answers that shows the principle at work.

    The answers are given as a list (read once for the whole page), not a queryset, so that a
    page with many principles does not query the answers once per form.
    """

    answer = forms.TypedChoiceField(label=_("From the answer"), coerce=int)
    quote = forms.CharField(
        label=_("Quote"),
        max_length=3000,
        help_text=_("Paste the words exactly as they appear in the answer."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, answers: list[AnswerChoice], **kwargs):
        super().__init__(*args, **kwargs)
        self._answers = {c.answer.pk: c.answer for c in answers}
        groups: dict[str, list[tuple[int, str]]] = {}
        for choice in answers:
            groups.setdefault(choice.interview_label, []).append(
                (choice.answer.pk, choice.question_label)
            )
        self.fields["answer"].choices = [("", _("Choose an answer"))] + list(groups.items())

    def clean_answer(self):
        answer = self._answers.get(self.cleaned_data["answer"])
        if answer is None:
            raise forms.ValidationError(_("Choose one of this story's interview answers."))
        return answer


class CommonPrincipleForm(forms.Form):
    text = forms.CharField(
        label=_("Common principle"),
        max_length=500,
        help_text=_("In actionable language: in situation X, to achieve Y, we do Z."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category_name = forms.CharField(
        label=_("Category"),
        max_length=120,
        required=False,
        help_text=_("Choose an existing category or type a new one; leave empty for none."),
        widget=forms.TextInput(attrs={"list": "principle-categories", "autocomplete": "off"}),
    )


class MergeForm(forms.Form):
    common = ids.ModelChoiceField(
        label=_("Merge into the common principle"),
        queryset=CommonPrinciple.objects.none(),
        empty_label=_("Choose a common principle"),
    )
    principles = ids.ModelMultipleChoiceField(
        label=_("Story principles to merge"),
        queryset=Principle.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one story principle to merge.")},
    )

    def __init__(self, *args, program=None, commons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commons is not None:
            self.fields["common"].queryset = commons
        if program is not None:
            self.fields["principles"].queryset = Principle.objects.filter(
                story__in=SuccessStory.objects.usable(program)
            ).select_related("story")

    def draw_commons(self, commons: list[CommonPrinciple]) -> None:
        """Draw the common principles to choose from the given list, already read for the page
        (the field would otherwise count and read them again while the template draws it);
        what is posted is still checked against the field's queryset."""
        field = self.fields["common"]
        field.choices = [("", field.empty_label)] + [
            (c.pk, field.label_from_instance(c)) for c in commons
        ]

    def ticked(self) -> set[str]:
        """The ticked principle ids, kept when the form is shown again with an error."""
        if not self.is_bound:
            return set()
        return set(self.data.getlist(self.add_prefix("principles")))


class MatrixFilterForm(forms.Form):
    category = ids.ModelChoiceField(
        label=_("Category"),
        queryset=PrincipleCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    role = forms.ChoiceField(
        label=_("Evidence from interviews with"),
        required=False,
        choices=[("", _("No filter (evidence not required)"))]
        + list(Interview.IntervieweeRole.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None:
            self.fields["category"].queryset = PrincipleCategory.objects.filter(
                program=program
            ).order_by("name")

    def filters(self) -> tuple[PrincipleCategory | None, str]:
        """The valid filters; a bad value is ignored rather than failing the page."""
        if not self.is_bound:
            return None, ""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("category"), data.get("role") or ""
