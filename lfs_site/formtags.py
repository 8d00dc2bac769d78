"""`{{ form|crispy_blank }}`: `{{ form|crispy }}` for a form nobody has filled in yet, drawn
once per process and language instead of on every request.

A blank form's markup depends on its class and the active language only, yet crispy draws it
field by field on every visit (about half a millisecond per field: an eleven-field form was a
third of its page's time). Only forms that say so (`same_markup_when_blank = True`) are kept,
and only while they are blank: a bound form (with its errors and what was typed), a form given
initial values, or one with a field that lists choices from the database or whose initial is
computed (a date of today) is drawn afresh every time, exactly as `|crispy` would.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_drawn: dict[tuple, SafeString] = {}


def can_keep(form: forms.BaseForm) -> bool:
    """Whether this form's markup is the same on every request in one language."""
    if not getattr(form, "same_markup_when_blank", False) or form.is_bound or form.initial:
        return False
    return not any(
        callable(field.initial)
        or (  # a list of choices read from the database (an e-mail box is not one)
            isinstance(field, forms.ModelChoiceField)
            and isinstance(field.widget, forms.widgets.ChoiceWidget)
        )
        for field in form.fields.values()
    )


@register.filter
def crispy_blank(form: forms.BaseForm) -> SafeString:
    if not can_keep(form):
        return as_crispy_form(form)
    key = (type(form), get_language(), form.prefix, form.auto_id, form.use_required_attribute)
    html = _drawn.get(key)
    if html is None:
        html = _drawn[key] = as_crispy_form(form)
    return html
