"""Template helpers of the methods app."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from methods.defaults import DEFAULT_SET_NAME

register = template.Library()


@register.filter
def set_name(question_set) -> str:
    """The set's name; the shipped default's name in the reader's language."""
    if question_set.organization_id is None and question_set.name == DEFAULT_SET_NAME:
        return gettext("The ten guiding questions")
    return question_set.name
