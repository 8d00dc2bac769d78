"""Forms of the learning-community pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from organizations.models import Organization, Program


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrganizationChoiceForm(forms.Form):
    organization = ids.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the organizations listed.")},
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class CoordinatorForm(forms.Form):
    email = forms.EmailField(label=_("Coordinator's e-mail address"), max_length=254)


class ProgramChoiceForm(forms.Form):
    program = ids.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the programs listed.")},
    )

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programs is not None:
            self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = lambda p: f"{p.title} ({p.organization})"


class TeamForm(ProgramChoiceForm):
    organization = ids.ModelChoiceField(
        label=_("Partner organization"),
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the member organizations listed.")},
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
