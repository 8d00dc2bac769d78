"""Query-building helpers shared by the apps' selectors."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet, outer: str) -> Coalesce:
    """How many rows of `queryset` point at the outer row through `outer` (a lookup path to
    the outer model), as a correlated subquery.

    Unlike several `Count()`s joined into one query, the counts do not multiply each other's
    rows, a paginator's COUNT(*) needs no joins, and PostgreSQL computes them only for the rows
    of the page it returns."""
    return Coalesce(
        Subquery(
            queryset.filter(**{outer: OuterRef("pk")})
            .order_by()
            .values(outer)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )
