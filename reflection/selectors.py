"""Scoped reads of reflection templates.

Who may see a template: its author, the unit, and the people of the organizations in the
learning communities it is shared with (their companions, directors and members, and the
communities' coordinators). The templates LFS ships are visible to every companion, to the unit
and to directors (who also run workshops). Anyone else: 404. Defining templates is for
companions and the unit; editing one for its author (and the unit).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from companions.models import CompanionAssignment
from companions.selectors import is_companion
from methods.models_reflection_templates import ReflectionTemplate, ReportSection, TemplateStep
from organizations.models import Community, Program, Role, User
from organizations.selectors import memberships_of


def can_define_templates(user: User) -> bool:
    """Companions and the unit define reflection templates."""
    return bool(user.is_authenticated and (user.is_unit or is_companion(user)))


def _sees_shipped(user: User) -> bool:
    return can_define_templates(user) or any(m.role == Role.DIRECTOR for m in memberships_of(user))


def _visible_ids(user: User):
    q = (
        Q(author=user)
        | Q(communities__organizations__memberships__user=user)
        | Q(communities__coordinators=user)
    )
    if _sees_shipped(user):
        q |= Q(shipped=True)
    return ReflectionTemplate.objects.filter(q).values("pk")


def templates_visible_to(user: User) -> QuerySet[ReflectionTemplate]:
    if not user.is_authenticated:
        return ReflectionTemplate.objects.none()
    qs = ReflectionTemplate.objects.all()
    if not user.is_unit:
        qs = qs.filter(pk__in=_visible_ids(user))
    return qs


def template_list_for_user(user: User) -> QuerySet[ReflectionTemplate]:
    return (
        templates_visible_to(user)
        .select_related("author")
        .prefetch_related(Prefetch("communities", queryset=Community.objects.order_by("name")))
        .annotate(step_count=Count("steps", distinct=True))
        .order_by("-shipped", "name", "pk")
    )


@dataclass(frozen=True)
class TemplateAccess:
    template: ReflectionTemplate
    user: User

    @property
    def can_edit(self) -> bool:
        if self.user.is_unit:
            return True
        return not self.template.shipped and self.template.author_id == self.user.pk


def template_get_for_user(user: User, pk: int) -> tuple[ReflectionTemplate, TemplateAccess]:
    """A template the user may see; 404 for one they may not know exists."""
    template = (
        templates_visible_to(user)
        .select_related("author")
        .prefetch_related(
            Prefetch("steps", queryset=TemplateStep.objects.order_by("position")),
            Prefetch("communities", queryset=Community.objects.order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )
    if template is None:
        raise Http404
    return template, TemplateAccess(template, user)


def template_get_for_editing(user: User, pk: int) -> tuple[ReflectionTemplate, TemplateAccess]:
    template, access = template_get_for_user(user, pk)
    if not access.can_edit:
        raise PermissionDenied
    return template, access


def communities_for_sharing(user: User) -> QuerySet[Community]:
    """The communities a person may share a template (or hold an event) with: every one for
    the unit; otherwise those of their organizations and those they coordinate."""
    if user.is_unit:
        return Community.objects.order_by("name")
    org_ids = {m.organization_id for m in memberships_of(user)}
    return (
        Community.objects.filter(Q(organizations__in=org_ids) | Q(coordinators=user))
        .distinct()
        .order_by("name")
    )


def programs_run_by(user: User) -> list[Program]:
    """The programs where the person may plan workshops: as director or assigned companion."""
    if not user.is_authenticated:
        return []
    directed = {
        m.organization_id
        for m in memberships_of(user)
        if m.role == Role.DIRECTOR and m.program_id is None
    }
    assigned = CompanionAssignment.objects.filter(
        companion__user=user, ended_on__isnull=True
    ).values("program_id")
    companion_programs = {
        m.program_id for m in memberships_of(user) if m.role == Role.COMPANION and m.program_id
    }
    return list(
        Program.objects.filter(
            Q(organization_id__in=directed) | Q(pk__in=assigned, id__in=companion_programs or [0])
        )
        .select_related("organization")
        .order_by("organization__name", "title")
    )


def workshop_report(rows: list[dict]) -> list[dict]:
    """A workshop's short report: the contributions of the steps marked as insights,
    questions or recommendations, grouped under those headings (empty when no step is)."""
    sections: list[tuple[ReportSection, list]] = [
        (ReportSection.INSIGHT, []),
        (ReportSection.QUESTION, []),
        (ReportSection.RECOMMENDATION, []),
    ]
    by_key = {key.value: items for key, items in sections}
    marked = False
    for row in rows:
        key = getattr(row["step"], "report_section", "")
        if key in by_key:
            marked = True
            by_key[key].extend(row["items"])
    if not marked:
        return []
    return [{"key": key.value, "label": key.label, "items": items} for key, items in sections]
