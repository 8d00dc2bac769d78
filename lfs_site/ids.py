"""Ids that arrive in a request (a form's choice, a query-string parameter): what a row's id
can be, checked before anything reaches the database.

An id typed or tampered with can be anything: letters, "²" (a digit to str.isdigit() that int()
refuses: a ValueError), or 99999999999999999999, past the 64-bit integers PostgreSQL's bigint
and SQLite's INTEGER hold (Django's multiple-choice field sends it to an IN (...) list, where
SQLite's driver raises OverflowError), where the page should simply say that the choice is not
valid. Every form of the project chooses rows through the two fields below (declared, or
generated for a ModelForm's relations through `formfield`), and views that read an id
themselves use `id_from`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

#: The largest id a row can have: a 64-bit integer column (PostgreSQL bigint, SQLite INTEGER).
ID_MAX = 2**63 - 1


def id_from(value: Any) -> int | None:
    """The id `value` names (a positive integer, or ASCII digits for one, within ID_MAX), or
    None for anything that cannot be a row's id."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 1 <= number <= ID_MAX else None


class ModelChoiceField(forms.ModelChoiceField):
    """forms.ModelChoiceField that refuses a value that cannot be an id as "not a valid choice"
    before asking the database."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and self.to_field_name is None
            and not isinstance(value, self.queryset.model)
            and id_from(value) is None
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """forms.ModelMultipleChoiceField that refuses a value that cannot be an id as "not a valid
    choice" before asking the database (Django's own field sends every value to an IN (...)
    query, where one out of the integer range makes the driver raise)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            try:
                values = frozenset(value)
            except TypeError:
                values = frozenset()  # the parent answers with its "invalid list" error
            for each in values:
                if id_from(each) is None:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": each},
                    )
        return super()._check_values(value)


def formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's `Meta.formfield_callback`: a relation gets the fields above."""
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return model_field.formfield(**kwargs)
