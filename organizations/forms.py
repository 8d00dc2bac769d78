"""Forms for programs, committees and meetings."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lfs_site import ids

from .models import (
    PROGRAM_ROLES,
    Meeting,
    MeetingDecision,
    PopulationTerm,
    Program,
    SteeringCommittee,
    User,
)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the fields it names where they exist."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        formfield_callback = ids.formfield
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
        formfield_callback = ids.formfield
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


class CommitteeMemberForm(forms.Form):
    user = ids.ModelChoiceField(queryset=User.objects.none(), label=_("New member"))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["user"].queryset = candidates


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = SteeringCommittee
        formfield_callback = ids.formfield
        fields = ["name", "mandate", "chair"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members if members is not None else User.objects.none()


class ProgramForm(forms.ModelForm):
    committee_name = forms.CharField(
        label=_("Name of the steering committee"), max_length=200, required=False
    )

    class Meta:
        model = Program
        formfield_callback = ids.formfield
        fields = ["title", "description", "starts_on", "ends_on", "departments"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "departments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["departments"].queryset = organization.departments.all()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The program cannot end before it starts."))
        title = data.get("title")
        if (
            title
            and Program.objects.filter(
                organization=self.organization, title__iexact=title.strip()
            ).exists()
        ):
            self.add_error("title", _("This organization already has a program with that title."))
        return data


# People management -----------------------------------------------------------------------


def _language_choices():
    return list(settings.LANGUAGES)


class InvitationForm(forms.Form):
    """A director's invitation: to the organization (director, staff) or to one of its
    programs (committee, student)."""

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))
    program = ids.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        required=False,
        help_text=_("For a committee member or a student documenter."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        help_text=_("If the person already has an account, the language they chose."),
    )

    def __init__(self, *args, organization=None, roles=(), language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = list(roles)
        if organization is not None:
            self.fields["program"].queryset = organization.programs.order_by("title")
        self.fields["language"].choices = _language_choices()
        self.fields["language"].initial = language

    def clean(self):
        data = super().clean()
        if data.get("role") in PROGRAM_ROLES and not data.get("program"):
            self.add_error("program", _("Choose the program for this role."))
        return data


class CompanionInvitationForm(forms.Form):
    """The unit's invitation of a learning companion."""

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language of the e-mail"))

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()
        self.fields["language"].initial = language


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = list(roles)


class InvitationAcceptForm(forms.Form):
    """A new account's name and password, chosen when accepting an invitation."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class PopulationTermForm(forms.ModelForm):
    class Meta:
        model = PopulationTerm
        formfield_callback = ids.formfield
        fields = ["name_en", "name_he", "name_ar"]
        widgets = {
            "name_he": forms.TextInput(attrs={"dir": "rtl", "lang": "he"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
        }

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in ("en", "he", "ar")}


class PopulationMergeForm(forms.Form):
    target = ids.ModelChoiceField(
        label=_("The same population as"), queryset=PopulationTerm.objects.none()
    )

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms is not None:
            self.fields["target"].queryset = terms
        self.fields["target"].label_from_instance = lambda term: term.label()
