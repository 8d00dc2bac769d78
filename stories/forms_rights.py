"""The erasure confirmation: type the client's pseudonym and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import StoryErasure


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the data erased?"),
        choices=StoryErasure.Reason.choices,
        initial=StoryErasure.Reason.CLIENT_REQUEST,
    )
    confirmation = forms.CharField(
        label=_("Type the client's pseudonym to confirm"),
        max_length=200,
        help_text=_("This cannot be undone."),
    )
