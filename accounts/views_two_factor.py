"""Optional two-factor authentication (TOTP, django-otp) for directors and the unit.

Setting up: the page shows a new secret (as text, as an otpauth:// URI and as a QR code drawn
locally by segno); the secret travels in a signed form field and becomes the person's device
only once they type a code it produced. Signing in: someone with a confirmed device is held on
the verification page (accounts.middleware.TwoFactorMiddleware) until they enter a code.
"""

from __future__ import annotations

import base64
import secrets

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import security
from lfs_site.client import client_ip
from organizations.models import AuditEvent
from organizations.selectors import organizations_directed_by
from organizations.services import audit_record

SALT = "lfs.two-factor-setup"
KEY_MAX_AGE = 15 * 60


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "form-control",
            }
        ),
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)


def may_use_two_factor(user) -> bool:
    return user.is_unit or organizations_directed_by(user).exists()


def _totp_ok(key_hex: str, token: str) -> bool:
    token = token.strip()
    if not (token.isascii() and token.isdigit()):  # int() refuses some digits, such as "²"
        return False
    return TOTP(bytes.fromhex(key_hex)).verify(int(token), tolerance=1)


@login_required
def two_factor_setup(request):
    if not may_use_two_factor(request.user):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        try:
            key = signing.loads(form.cleaned_data["key"], salt=SALT, max_age=KEY_MAX_AGE)
        except signing.BadSignature:
            form.add_error(None, _("The set-up expired. Please scan the new code."))
            key = None
        else:
            if _totp_ok(key, form.cleaned_data["token"]):
                device = _device_replace(request, key)
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is on."))
                return redirect("audit:two_factor_setup")
            form.add_error("token", _("That code is not right. Check your device's clock."))
    if key is None:
        key = secrets.token_hex(20)
    device = TOTPDevice(user=request.user, name="default", key=key)
    uri = device.config_url
    form = form if form.is_bound else TokenForm()
    form.initial["key"] = signing.dumps(key, salt=SALT)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["key"] = signing.dumps(key, salt=SALT)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "secret": base64.b32encode(bytes.fromhex(key)).decode(),
            "uri": uri,
            "qr": segno.make(uri, error="m").svg_data_uri(scale=4),
            "enabled": user_has_device(request.user, confirmed=True),
        },
        status=400 if form.errors else 200,
    )


@transaction.atomic
def _device_replace(request, key: str) -> TOTPDevice:
    TOTPDevice.objects.filter(user=request.user).delete()
    device = TOTPDevice.objects.create(user=request.user, name="default", key=key, confirmed=True)
    request.session[security.OTP_REQUIRED] = True
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.TWO_FACTOR_ENABLED,
        obj=request.user,
        summary="two-factor device confirmed",
        request=request,
    )
    return device


def _next_url(request) -> str:
    """Where to go after the second step: a path of this site (anything else, even a word that
    redirect() would take for a URL name, goes home)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
def two_factor_verify(request):
    """The second sign-in step."""
    if not request.session.get(security.OTP_REQUIRED) or request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        if security.login_throttled(email=request.user.email, ip=ip):
            form.add_error(None, _("Too many wrong codes. Please wait 15 minutes and try again."))
        else:
            device = match_token(request.user, form.cleaned_data["token"].strip())
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            security.login_failure_record(
                email=request.user.email, request=request, step="wrong two-factor code"
            )
            form.add_error("token", _("That code is not right."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )
