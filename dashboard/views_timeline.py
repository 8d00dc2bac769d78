"""A program's timeline. The view stays thin: access helper, selector, template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.selectors_timeline import Kind, program_timeline
from organizations.selectors import program_get_for_user


@login_required
@require_GET
def program_timeline_view(request, pk: int):
    access = program_get_for_user(request.user, pk)
    events = program_timeline(access, request.user)
    return render(
        request,
        "organizations/timeline.html",
        {"access": access, "program": access.program, "events": events, "kinds": Kind},
    )
