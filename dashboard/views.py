"""The home page (what is waiting for this person, program by program) and a program's
dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from communities.selectors import communities_coordinated_by
from dashboard.selectors_home import (
    assignments_for_home,
    organizations_directed_for_home,
    programs_with_story_counts,
    stories_told_for_home,
    waiting_for,
)
from lfs_site import charts
from organizations import services
from organizations.models import STAGE_ORDER, Stage
from organizations.selectors import program_access, program_get_for_user
from publications.selectors import program_progress
from stories.selectors import program_dashboard


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
            "coordinated": list(communities_coordinated_by(request.user)),
        },
    )


def _progress_labels() -> dict[str, str]:
    return {
        "nominated": _("Nominated"),
        "selected": _("Selected"),
        "documented": _("Documented"),
        "approved": _("Approved"),
        "published": _("Published in a book"),
    }


@login_required
def program_dashboard_view(request, pk: int):
    access = program_get_for_user(request.user, pk)
    rtl = translation.get_language_bidi()
    progress = program_progress(access.program)
    return render(
        request,
        "organizations/program_dashboard.html",
        {
            "access": access,
            "program": access.program,
            "data": program_dashboard(access, request.user),
            "stages": [
                {"value": s.value, "label": s.label, "index": i} for i, s in enumerate(Stage)
            ],
            "stage_index": STAGE_ORDER.index(access.program.stage),
            "progress_chart": charts.progress_chart(progress, _progress_labels(), rtl=rtl),
            "stage_chart": charts.step_chart(
                [str(s.label) for s in Stage], STAGE_ORDER.index(access.program.stage), rtl=rtl
            ),
            "blockers": services.stage_blockers(access.program)
            if access.can_manage_program
            else [],
        },
    )
