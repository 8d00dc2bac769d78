"""The unit's pages: companions, cohorts and attendance, assignments, support sessions and the
dashboard of every program's progress (no client data)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lfs_site.confirm import confirmation_required
from lfs_site.evaluate import choices_evaluated
from lfs_site.ids import id_from
from lfs_site.pagination import paginate
from organizations.forms import apply_errors

from . import selectors as sel
from . import services
from .forms import (
    AssignForm,
    CohortForm,
    ProfileCreateForm,
    ProfileForm,
    SupportSessionForm,
    TrainingSessionForm,
)
from .models import CompanionProfile


@login_required
@require_GET
def unit_dashboard(request):
    sel.require_unit(request.user)
    page = paginate(request, sel.unit_dashboard())
    return render(
        request,
        "companions/unit_dashboard.html",
        {"programs": sel.unit_dashboard_rows(page.object_list), "page_obj": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def companion_list(request):
    sel.require_unit(request.user)
    form = ProfileCreateForm(request.POST or None, users=sel.candidate_users())
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.companion_profile_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The companion's profile has been created."))
            return redirect("companions:companion_detail", profile.pk)
    page = paginate(request, sel.companion_list())
    return render(
        request,
        "companions/companion_list.html",
        {"companions": page.object_list, "page_obj": page, "form": choices_evaluated(form)},
        status=400 if form.errors else 200,
    )


def _detail(
    request, profile, *, profile_form=None, assign_form=None, support_form=None, status=200
):
    return render(
        request,
        "companions/companion_detail.html",
        {
            "profile": profile,
            "profile_form": profile_form
            or ProfileForm(
                initial={
                    "languages": profile.languages,
                    "background": profile.background,
                    "training_completed_on": profile.training_completed_on,
                    "active": profile.active,
                }
            ),
            "assign_form": choices_evaluated(
                assign_form or AssignForm(programs=sel.assignable_programs())
            ),
            "support_form": support_form or SupportSessionForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def companion_detail(request, pk: int):
    profile = sel.companion_get_for_user(request.user, pk)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.companion_profile_update(by=request.user, profile=profile, **form.cleaned_data)
            messages.success(request, _("The profile has been saved."))
            return redirect("companions:companion_detail", profile.pk)
        return _detail(request, profile, profile_form=form, status=400)
    return _detail(request, profile)


@login_required
@require_POST
def companion_assign(request, pk: int):
    profile = sel.companion_get_for_user(request.user, pk)
    form = AssignForm(request.POST, programs=sel.assignable_programs())
    if form.is_valid():
        try:
            services.companion_assign(
                by=request.user, companion=profile, program=form.cleaned_data["program"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The companion has been assigned to the program."))
            return redirect("companions:companion_detail", profile.pk)
    return _detail(request, profile, assign_form=form, status=400)


@login_required
@require_POST
def assignment_end(request, pk: int):
    assignment = sel.assignment_get_for_user(request.user, pk)
    unconfirmed = confirmation_required(
        request,
        question=_("End %(name)s's assignment to %(program)s?")
        % {"name": assignment.companion.user, "program": assignment.program},
        detail=_("The companion's role in the program ends today."),
        confirm_label=_("End the assignment"),
        cancel_url=reverse("companions:companion_detail", args=[assignment.companion_id]),
    )
    if unconfirmed:
        return unconfirmed
    services.companion_assignment_end(by=request.user, assignment=assignment)
    messages.success(request, _("The assignment has ended."))
    return redirect("companions:companion_detail", assignment.companion_id)


@login_required
@require_POST
def support_session_add(request, pk: int):
    profile = sel.companion_get_for_user(request.user, pk)
    form = SupportSessionForm(request.POST)
    if form.is_valid():
        services.support_session_add(by=request.user, companion=profile, **form.cleaned_data)
        messages.success(request, _("The support session has been recorded."))
        return redirect("companions:companion_detail", profile.pk)
    return _detail(request, profile, support_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_list(request):
    sel.require_unit(request.user)
    form = CohortForm(
        request.POST or None, companions=CompanionProfile.objects.select_related("user")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(
                by=request.user,
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                members=list(data["members"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cohort has been created."))
            return redirect("companions:cohort_detail", cohort.pk)
    return render(
        request,
        "companions/cohort_list.html",
        {"cohorts": list(sel.cohort_list()), "form": choices_evaluated(form)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_detail(request, pk: int):
    cohort = sel.cohort_get_for_user(request.user, pk)
    form = TrainingSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.training_session_add(by=request.user, cohort=cohort, **form.cleaned_data)
        messages.success(request, _("The session has been added."))
        return redirect("companions:cohort_detail", cohort.pk)
    return render(
        request,
        "companions/cohort_detail.html",
        {
            "cohort": cohort,
            "members": list(cohort.members.all()),
            "grid": sel.attendance_grid(cohort),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def attendance_save(request, pk: int):
    session = sel.session_get_for_user(request.user, pk)
    ids = {id_from(v) for v in request.POST.getlist("present")} - {None}
    present = [m for m in session.cohort.members.all() if m.pk in ids]
    services.attendance_record(by=request.user, session=session, present=present)
    messages.success(request, _("Attendance has been saved."))
    return redirect("companions:cohort_detail", session.cohort_id)
