"""`{% cached_content %}`: the content block of a page rendered by `pagecache.program_page`,
from the cache or rendered and kept there (base.html wraps its content block in it)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from . import pagecache

register = template.Library()


class CachedContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        page = context.get("page_content")
        if page is None:
            return self.nodelist.render(context)
        html = page.html
        if html is None:
            # Forms' CSRF tokens are a placeholder in the cache, each request's own on the page.
            with context.push(csrf_token=pagecache.CSRF_PLACEHOLDER):
                html = str(self.nodelist.render(context))
            pagecache.store(page, html)
        # The cached text was rendered by this template, every value escaped then.
        return mark_safe(pagecache.with_token(context["request"], html))  # noqa: S308  # nosec


@register.tag
def cached_content(parser, token):
    nodelist = parser.parse(("end_cached_content",))
    parser.delete_first_token()
    return CachedContentNode(nodelist)
