"""One way to cut a long list into pages: Django's Paginator, the page evaluated in the view
(so no query runs while the template renders), and a shared control in _pagination.html whose
links keep the other query-string parameters (filters, sorting, another list's page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest

PER_PAGE = 50
#: The largest row offset a database takes (a 64-bit integer on PostgreSQL and SQLite): a page
#: number that would start past it is past the end of any list, whatever its length.
MAX_OFFSET = 2**63 - 1


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: the current page or an ellipsis
    current: bool = False


def paginate(
    request: HttpRequest,
    items: QuerySet[Any] | Sequence[Any],
    *,
    per_page: int = PER_PAGE,
    param: str = "page",
) -> Page:
    """The requested page of items (the last page for a number past the end, the first for
    anything that is not a number), its object_list a list, with the links of the control."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get(param))
    page.object_list = list(page.object_list)
    return _with_links(request, page, param)


def paginate_rows(
    request: HttpRequest,
    items: QuerySet[Any],
    *,
    per_page: int = PER_PAGE,
    param: str = "page",
) -> Page:
    """paginate() for a values_list() queryset, in one query instead of two: the page's rows
    come with the number of rows of the whole list (COUNT(*) OVER ()), which the paginator
    otherwise asks for first. A number past the end (or below 1) falls back to paginate(): the
    count, then the last page, also for a number too large to be any list's page (a 20-digit
    page would otherwise be sent to the database as an offset it refuses)."""
    try:
        number = int(request.GET.get(param) or 1)
    except (TypeError, ValueError):
        number = 1
    if 1 <= number <= MAX_OFFSET // per_page:
        start = (number - 1) * per_page
        rows = list(items.annotate(_list_total=Window(Count("pk")))[start : start + per_page])
        if rows or number == 1:
            paginator = Paginator(items, per_page)
            paginator.count = rows[0][-1] if rows else 0  # what its count() would have said
            return _with_links(request, Page([row[:-1] for row in rows], number, paginator), param)
    return paginate(request, items, per_page=per_page, param=param)


def _with_links(request: HttpRequest, page: Page, param: str) -> Page:
    paginator = page.paginator

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    page.first_url = url(1) if page.has_previous() else None
    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    page.last_url = url(paginator.num_pages) if page.has_next() else None
    page.links = [
        PageLink(str(n), None)
        if n == paginator.ELLIPSIS
        else PageLink(str(n), None if n == page.number else url(n), current=n == page.number)
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return page
