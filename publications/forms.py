"""Forms of the publications app: they validate input; services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RelatedPublication, StoryBook


class BookForm(forms.ModelForm):
    class Meta:
        model = StoryBook
        fields = [
            "title",
            "subtitle",
            "language",
            "authors",
            "editor",
            "translator",
            "graphic_design",
            "publisher",
            "organization_name",
            "place",
            "published_on",
            "abstract",
            "foreword",
            "include_principles",
        ]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "publisher": forms.Textarea(attrs={"rows": 3}),
            "abstract": forms.Textarea(attrs={"rows": 4}),
            "foreword": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "title": _("At most 150 characters: it is printed on the cover and every page."),
            "language": _("The book is printed in this language and its direction."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "title",
            "subtitle",
            "authors",
            "editor",
            "translator",
            "organization_name",
            "place",
        ):
            self.fields[name].widget.attrs["dir"] = "auto"
        for name in ("abstract", "foreword", "publisher"):
            self.fields[name].widget.attrs["dir"] = "auto"


class PublicationForm(forms.ModelForm):
    url = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = RelatedPublication
        fields = ["authors", "year", "title", "series_code", "language", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].widget.attrs["dir"] = "auto"
        self.fields["title"].widget.attrs["dir"] = "auto"

    def validate_unique(self):
        """Uniqueness needs the organization, which the service sets."""


class EntryAddForm(forms.Form):
    story = forms.IntegerField(min_value=1)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class OrderForm(forms.Form):
    order = forms.CharField(max_length=20000)

    def clean_order(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["order"].split(",") if x.strip()]
        except ValueError as exc:
            raise forms.ValidationError(_("Send the stories' ids, separated by commas.")) from exc


class ChoosePublicationsForm(forms.Form):
    publications = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, *args, catalogue=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publications"].choices = [(p.pk, str(p)) for p in catalogue]


class BookCoverForm(forms.Form):
    cover = forms.FileField(
        label=_("Cover image"),
        help_text=_("A JPEG or PNG of at most 5 MB, at least 400 pixels on each side."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    cover_alt = forms.CharField(
        label=_("What the image shows"),
        max_length=250,
        required=False,  # the service says why it is needed
        help_text=_("For readers who cannot see it (screen readers read it aloud)."),
    )
