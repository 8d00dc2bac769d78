"""Forms of the shared library."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from stories.models import Principle


class LanguageSelect(forms.Select):
    """Each language named in itself, marked with its `lang` so that a screen reader reads
    "עברית" in Hebrew on an English page (as the language menu does)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        widget=LanguageSelect(attrs={"class": "form-select"}),
        choices=[("", _("All languages")), ("en", "English"), ("he", "עברית"), ("ar", "العربية")],
    )


class ShareForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("share", _("Share")), ("unshare", _("Stop sharing"))],
        error_messages={"invalid_choice": _("Choose to share the story or to stop sharing it.")},
    )


class PublicLibraryForm(forms.Form):
    public = forms.TypedChoiceField(
        label=_("Public library"),
        choices=[("1", _("Public")), ("0", _("Community only"))],
        coerce=lambda v: v == "1",
        error_messages={"invalid_choice": _("Choose public or community only.")},
    )


class PrincipleLinkForm(forms.Form):
    text = forms.CharField(
        label=_("What the principles say in common"),
        max_length=500,
        help_text=_("One sentence, e.g. “We let the client set the pace of every step.”"),
        error_messages={"required": _("Say in one sentence what the principles have in common.")},
    )
    principles = ids.ModelMultipleChoiceField(
        label=_("Principles to link"),
        queryset=Principle.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the principles to link."),
            "invalid_choice": _("Only principles of stories in this community's library."),
            "invalid_pk_value": _("Only principles of stories in this community's library."),
        },
    )

    def __init__(self, *args, principles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if principles is not None:
            self.fields["principles"].queryset = principles
        self.fields["principles"].label_from_instance = lambda p: p.sentence
