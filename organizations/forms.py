"""Forms for programs, committees and meetings."""

from __future__ import annotations

import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lfs_site import ids

from .models import Meeting, MeetingDecision, Program, SteeringCommittee, User

logger = logging.getLogger(__name__)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the fields it names where they exist."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ThrottledLoginMixin:
    """Refuses to check any password after too many recent failures for the e-mail address or
    from the client's address (organizations.security); the failures themselves are counted by
    the `user_login_failed` signal."""

    def clean(self):
        from .security import client_ip, login_throttled

        email = self.cleaned_data.get("username") or ""
        if email and login_throttled(email=email, ip=client_ip(self.request)):
            raise ValidationError(
                _(
                    "Too many failed attempts to log in. For your safety, logging in is paused "
                    "for 15 minutes. If you have forgotten your password, you can reset it."
                ),
                code="throttled",
            )
        return super().clean()


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class PasswordResetByMailForm(PasswordResetForm):
    """Django's password reset, its e-mail sent like every other (lfs_site.mail): plain text,
    in the language the person chose, with the link to the site's own address (SITE_URL), not
    to whatever host the request named."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.conf import settings

        from lfs_site.mail import send_to_user

        user = context["user"]
        try:
            send_to_user(
                user,
                subject_template="registration/password_reset_subject.txt",
                body_template="registration/password_reset_email.txt",
                context={**context, "site_url": settings.SITE_URL},
            )
        except Exception:  # as Django does: the page must not tell whether the address exists
            logger.exception("could not e-mail a password reset link to user %s", user.pk)


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
