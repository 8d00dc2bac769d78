"""The sign-in forms: e-mail and password, throttled after repeated failures, and the password
reset sent by e-mail."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.security import login_throttled
from lfs_site.client import client_ip
from lfs_site.mail import send_to_user

logger = logging.getLogger(__name__)


class ThrottledLoginMixin:
    """Refuses to check any password after too many recent failures for the e-mail address or
    from the client's address (accounts.security); the failures themselves are counted by
    the `user_login_failed` signal."""

    def clean(self):
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
