from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from organizations.forms import DateInput


class _AccountByEmail(ids.ModelChoiceField):
    """An account named by its e-mail address, as typed (addresses are stored lower-case)."""

    def to_python(self, value):
        return super().to_python(value.strip().lower() if isinstance(value, str) else value)


class ProfileCreateForm(forms.Form):
    # The person is named by e-mail address: a list of every account without a profile would
    # hold thousands of names in a national program (and render them all on every visit).
    user = _AccountByEmail(
        label=_("Person's e-mail address"),
        queryset=None,
        to_field_name="email",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The person must already have an account and no companion profile yet."),
        error_messages={
            "invalid_choice": _("No account without a companion profile has this e-mail address.")
        },
    )
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    training_completed_on = forms.DateField(
        label=_("Training completed on"), required=False, widget=DateInput()
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class ProfileForm(forms.Form):
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    background = forms.CharField(
        label=_("Background"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    training_completed_on = forms.DateField(
        label=_("Training completed on"), required=False, widget=DateInput()
    )
    active = forms.BooleanField(label=_("Active"), required=False)


class AssignForm(forms.Form):
    program = ids.ModelChoiceField(label=_("Program"), queryset=None)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = lambda p: f"{p.organization.name}: {p.title}"


class SupportSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    topics = forms.CharField(label=_("Topics"), max_length=300)
    notes = forms.CharField(
        label=_("Notes on the learning process"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    members = ids.ModelMultipleChoiceField(
        label=_("Companions"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, companions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = companions


class TrainingSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
