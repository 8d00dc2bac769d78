"""The erasure confirmation: type the client's pseudonym and say why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import DateInput
from stories.models import (
    ClientIdentity,
    Consent,
    ConsentText,
    StoryErasure,
)


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


class ConsentForm(forms.ModelForm):
    """A consent: to what, when, how, in which language (the wording is the organization's
    current text for that scope and language, kept with the consent), and the evidence."""

    class Meta:
        model = Consent
        fields = ["scope", "given_on", "method", "consent_language", "evidence"]
        widgets = {
            "given_on": DateInput(),
            "evidence": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        labels = {"consent_language": _("Language of the wording")}
        help_texts = {
            "consent_language": _("The language the consent text was read or given in."),
            "evidence": _("A scan or photo of the signed form: PDF, JPEG or PNG, up to 10 MB."),
        }

    def __init__(self, *args, preview_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_language"].required = True
        if preview_url:
            # Changing the scope or the language shows the wording that will be recorded.
            for name in ("scope", "consent_language"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": preview_url,
                        "hx-trigger": "change",
                        "hx-target": "#consent-wording",
                        "hx-swap": "outerHTML",
                        "hx-include": "#id_scope,#id_consent_language",
                        # the latest choice wins, whatever order the answers come back in
                        "hx-sync": "closest form:replace",
                        "aria-controls": "consent-wording",
                    }
                )


class ConsentTextForm(forms.ModelForm):
    class Meta:
        model = ConsentText
        fields = ["label", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10, "dir": "auto"})}


class WithdrawForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["withdrawn_on", "withdrawal_reason"]
        widgets = {
            "withdrawn_on": DateInput(),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].required = True
        self.fields["withdrawal_reason"].required = True


class IdentityForm(forms.ModelForm):
    class Meta:
        model = ClientIdentity
        fields = ["real_name", "contact_details", "notes"]
        widgets = {
            "contact_details": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
