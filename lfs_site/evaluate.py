"""Evaluate in the view what a template would otherwise query while it renders."""

from __future__ import annotations

from django import forms


def choices_evaluated(form: forms.BaseForm, *names: str) -> forms.BaseForm:
    """Compute once, now, the choices of the form's model choice fields, so that drawing the
    form runs no query (a ModelChoiceField otherwise queries its queryset while the template
    renders it). Validation still goes through each field's queryset. Only the named fields
    when names are given (a field the template draws by hand need not be evaluated). Returns
    the form."""
    for name, field in form.fields.items():
        if names and name not in names:
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.choices = list(field.choices)
    return form
