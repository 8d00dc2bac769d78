"""Evaluate in the view what a template would otherwise query while it renders."""

from __future__ import annotations

from django import forms
from django.forms.widgets import ChoiceWidget


def choices_evaluated(form: forms.BaseForm, *names: str) -> forms.BaseForm:
    """Compute once, now, the choices of the form's model choice fields, so that drawing the
    form runs no query (a ModelChoiceField otherwise queries its queryset while the template
    renders it). Validation still goes through each field's queryset. Only the named fields
    when names are given (a field the template draws by hand need not be evaluated). A field
    whose widget draws no choices (a model chosen by typing its e-mail address, say) is left
    alone: its choices are never read. Returns the form."""
    for name, field in form.fields.items():
        if names and name not in names:
            continue
        if isinstance(field, forms.ModelChoiceField) and isinstance(field.widget, ChoiceWidget):
            field.choices = list(field.choices)
    return form


def choice_labels(choices) -> dict[str, str]:
    """A TextChoices' labels by value, translated now into the request's language: its labels
    are lazy translations, and a long list that draws one per row would translate it again
    each time it is turned into text."""
    return {value: str(label) for value, label in choices}
