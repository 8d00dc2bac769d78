"""Search across what the signed-in person may see. The view stays thin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.search import search_for_user

MAX_QUERY = 200


@login_required
@require_GET
def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    results = search_for_user(request.user, query) if query else None
    return render(request, "stories/search.html", {"query": query, "results": results})
