"""The home page: what is waiting for this person, program by program."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dashboard.selectors_home import (
    assignments_for_home,
    organizations_directed_for_home,
    programs_with_story_counts,
    stories_told_for_home,
    waiting_for,
)
from organizations.selectors import program_access


@login_required
def home(request):
    """What is waiting for this person, program by program."""
    programs = programs_with_story_counts(request.user)
    rows = [(p, program_access(request.user, p)) for p in programs]
    assigned = assignments_for_home(request.user)
    return render(
        request,
        "organizations/home.html",
        {
            "rows": rows,
            "my_stories": stories_told_for_home(request.user),
            "directed": organizations_directed_for_home(request.user, rows),
            "assigned": assigned,
            "waiting": waiting_for(request.user, rows, assigned),
        },
    )
