"""Reflection templates: the list, defining, editing and sharing one, and a template's page
(with a link to plan a workshop from it in each program the person runs). Views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lfs_site.evaluate import choices_evaluated
from organizations.forms import apply_errors
from reflection import selectors as sel
from reflection import services
from reflection.forms import StepFormSet, TemplateForm, step_rows


@login_required
@require_GET
def template_list(request):
    return render(
        request,
        "methods/reflection_templates/template_list.html",
        {
            "templates": list(sel.template_list_for_user(request.user)),
            "can_define": sel.can_define_templates(request.user),
        },
    )


def _save(request, form, steps, *, template_access=None):
    data = form.cleaned_data
    fields = {
        "by": request.user,
        "name": data["name"],
        "purpose": data["purpose"],
        "method": data["method"],
        "kind": data["kind"],
        "communities": list(data.get("communities", [])),
        "steps": step_rows(steps),
    }
    if template_access is None:
        return services.template_create(**fields)
    return services.template_update(access=template_access, **fields)


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request):
    if not sel.can_define_templates(request.user):
        raise PermissionDenied
    form = TemplateForm(request.POST or None, communities=sel.communities_for_sharing(request.user))
    steps = StepFormSet(request.POST or None, prefix="steps", initial=[{}])
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        try:
            template = _save(request, form, steps)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect(template.get_absolute_url())
    return render(
        request,
        "methods/reflection_templates/template_form.html",
        {"form": choices_evaluated(form), "steps": steps, "template": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def template_detail(request, pk: int):
    template, access = sel.template_get_for_user(request.user, pk)
    return render(
        request,
        "methods/reflection_templates/template_detail.html",
        {
            "template": template,
            "taccess": access,
            "programs": sel.programs_run_by(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk: int):
    template, access = sel.template_get_for_editing(request.user, pk)
    communities = sel.communities_for_sharing(request.user)
    form = TemplateForm(
        request.POST or None,
        communities=communities,
        initial={
            "name": template.name,
            "purpose": template.purpose,
            "method": template.method,
            "kind": template.kind,
            "communities": [c for c in template.communities.all() if c in communities],
        },
    )
    steps = StepFormSet(
        request.POST or None,
        prefix="steps",
        initial=[
            {
                "title": s.title,
                "prompt": s.prompt,
                "timer_minutes": s.timer_minutes,
                "report_section": s.report_section,
            }
            for s in template.steps.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        try:
            _save(request, form, steps, template_access=access)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect(template.get_absolute_url())
    return render(
        request,
        "methods/reflection_templates/template_form.html",
        {"form": choices_evaluated(form), "steps": steps, "template": template},
        status=400 if request.method == "POST" else 200,
    )
