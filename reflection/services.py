"""Writes of reflection templates: define, edit, share. Planning a workshop from a template is
`services_workshops.workshop_plan(template=...)`, which copies the template's steps."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from methods.models_reflection_templates import ReflectionTemplate, ReportSection, TemplateStep
from organizations.models import Community, User
from reflection.selectors import TemplateAccess, can_define_templates, communities_for_sharing

MAX_STEPS = 20


def _clean(value: str | None) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def _clean_steps(steps: list[dict]) -> list[TemplateStep]:
    """The steps in order, validated; errors name the step they are about."""
    cleaned: list[TemplateStep] = []
    errors: list[str] = []
    for number, data in enumerate(steps, start=1):
        title = " ".join(_clean(data.get("title")).split())
        prompt = _clean(data.get("prompt"))
        minutes = data.get("timer_minutes")
        section = data.get("report_section") or ""
        if not title and not prompt and not minutes:
            continue  # an empty row of the form
        if not title:
            errors.append(_("Step %(n)d has no title: give it one.") % {"n": number})
        if minutes is not None and not 1 <= int(minutes) <= 60:
            errors.append(
                _("Step %(n)d: the timer is between 1 and 60 minutes (or empty).") % {"n": number}
            )
        if section not in ReportSection.values:
            errors.append(_("Step %(n)d: choose a part of the report.") % {"n": number})
        cleaned.append(
            TemplateStep(
                title=title,
                prompt=prompt,
                timer_minutes=int(minutes) if minutes else None,
                report_section=section,
            )
        )
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("A template needs at least one step with a title."))
    if len(cleaned) > MAX_STEPS:
        raise ValidationError(_("A template has at most %(n)d steps.") % {"n": MAX_STEPS})
    return cleaned


def _check_communities(by: User, communities) -> list[Community]:
    communities = list(communities or [])
    allowed = set(communities_for_sharing(by).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in communities):
        raise ValidationError(
            {"communities": _("You can share only with the learning communities you belong to.")}
        )
    return communities


def _save_steps(template: ReflectionTemplate, steps: list[TemplateStep]) -> None:
    old = {s.position: s for s in template.steps.all()}
    template.steps.all().delete()
    for i, step in enumerate(steps, start=1):
        step.template = template
        step.position = i
        kept = old.get(i)
        if kept is not None and kept.title == step.title:
            # an edit of a shipped template keeps the step's Hebrew and Arabic wording
            for field in ("title_he", "title_ar", "prompt_he", "prompt_ar"):
                setattr(step, field, getattr(kept, field))
        step.full_clean(exclude=["template"])
    TemplateStep.objects.bulk_create(steps)


@transaction.atomic
def template_create(
    *,
    by: User,
    name: str,
    purpose: str,
    method: str,
    kind: str,
    steps: list[dict],
    communities=(),
) -> ReflectionTemplate:
    if not can_define_templates(by):
        raise PermissionDenied
    template = ReflectionTemplate(
        name=" ".join(_clean(name).split()),
        purpose=_clean(purpose),
        method=method,
        kind=kind,
        author=by,
    )
    errors: dict = {}
    try:
        template.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned = _clean_steps(steps)
    except ValidationError as exc:
        errors["__all__"] = exc.messages
    shared = _check_communities(by, communities)
    if errors:
        raise ValidationError(errors)
    template.save()
    template.communities.set(shared)
    _save_steps(template, cleaned)
    return template


@transaction.atomic
def template_update(
    *,
    access: TemplateAccess,
    by: User,
    name: str,
    purpose: str,
    method: str,
    kind: str,
    steps: list[dict],
    communities=(),
) -> ReflectionTemplate:
    if not access.can_edit:
        raise PermissionDenied
    template = ReflectionTemplate.objects.select_for_update().get(pk=access.template.pk)
    template.name = " ".join(_clean(name).split())
    template.purpose = _clean(purpose)
    template.method = method
    template.kind = kind
    errors: dict = {}
    try:
        template.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned = _clean_steps(steps)
    except ValidationError as exc:
        errors["__all__"] = exc.messages
    shared = _check_communities(by, communities)
    if errors:
        raise ValidationError(errors)
    template.save()
    # communities the editor cannot see (shared by someone else) stay shared
    hidden = template.communities.exclude(pk__in=communities_for_sharing(by).values("pk"))
    template.communities.set([*shared, *hidden])
    _save_steps(template, cleaned)
    return template


def template_steps_for_workshop(template: ReflectionTemplate) -> list[dict]:
    """What a workshop copies of a template's steps."""
    return [
        {
            "title": s.title,
            "prompt_text": s.prompt,
            "translations": {
                lang: {"title": getattr(s, f"title_{lang}"), "prompt": getattr(s, f"prompt_{lang}")}
                for lang in ("he", "ar")
                if getattr(s, f"title_{lang}")
            },
            "timer_minutes": s.timer_minutes,
            "report_section": s.report_section,
        }
        for s in template.steps.order_by("position")
    ]
