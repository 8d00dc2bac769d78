"""Template helpers of the analysis pages (and of the links other apps' pages give to them)."""

from django import template

register = template.Library()


@register.filter
def paired(cells, stories):
    """The matrix row's cells with their stories: [(story, cell), ...]."""
    return list(zip(stories, cells, strict=False))
