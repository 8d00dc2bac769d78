"""Forms of learning events."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from companions.models_events import LearningEvent
from lfs_site import ids
from organizations.forms import DateTimeInput


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LearningEvent.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    community = ids.ModelChoiceField(
        label=_("Open to the learning community"), queryset=None, required=False
    )
    organization = ids.ModelChoiceField(
        label=_("Open to the organization"), queryset=None, required=False
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    books = ids.ModelMultipleChoiceField(
        label=_("Books presented"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stories = ids.ModelMultipleChoiceField(
        label=_("Stories presented"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Approved stories whose publication consent stands; shown by title only."),
    )
    principles = ids.ModelMultipleChoiceField(
        label=_("Principles of action presented"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, communities, organizations, presentable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["organization"].queryset = organizations
        for name in ("books", "stories", "principles"):
            self.fields[name].queryset = presentable[name]
        self.fields["stories"].label_from_instance = lambda s: s.title

    def clean(self):
        data = super().clean()
        if not data.get("community") and not data.get("organization"):
            self.add_error(
                "community",
                _("Choose the learning community or the organization the event is open to."),
            )
        return data


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(p.pk, p.full_name) for p in people]
