"""Forms for programs, committees and meetings."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Meeting, MeetingDecision, User


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the fields it names where they exist."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_at", "location", "agenda", "attendees"]
        widgets = {
            "held_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members if members is not None else User.objects.none()
        self.fields["attendees"].required = False


class MinutesForm(MeetingForm):
    class Meta(MeetingForm.Meta):
        fields = ["kind", "title", "held_at", "location", "agenda", "minutes", "attendees"]
        widgets = {**MeetingForm.Meta.widgets, "minutes": forms.Textarea(attrs={"rows": 8})}


class MeetingDecisionForm(forms.ModelForm):
    class Meta:
        model = MeetingDecision
        fields = ["text", "owner", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members if members is not None else User.objects.none()
        self.fields["text"].max_length = 2000
        self.fields["text"].widget.attrs["maxlength"] = 2000


class StageForm(forms.Form):
    direction = forms.TypedChoiceField(
        choices=[("1", _("Next stage")), ("-1", _("Previous stage"))], coerce=int
    )
