"""Scoped reads for the unit: companions, cohorts, assignments and the cross-organization
dashboard (progress only: no pseudonyms, no story text)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404

from lfs_site.evaluate import choice_labels
from lfs_site.queries import count_of
from methods.models_workshops import InquiryCycle, LearningQuestion, Workshop
from organizations.models import Program, Role, Stage, User
from organizations.selectors import memberships_of

from .models import (
    Attendance,
    CompanionAssignment,
    CompanionProfile,
    SupportSession,
    TrainingCohort,
    TrainingSession,
)


def require_unit(user: User) -> None:
    """The companions pages are the unit's: anyone else signed in gets a 403."""
    if not (user.is_authenticated and user.is_unit):
        raise PermissionDenied


def companion_list() -> QuerySet[CompanionProfile]:
    return (
        CompanionProfile.objects.select_related("user")
        .annotate(
            active_assignments=count_of(
                CompanionAssignment.objects.filter(ended_on__isnull=True), "companion"
            ),
            sessions_attended=count_of(Attendance.objects.filter(present=True), "companion"),
        )
        .order_by("user__full_name")
    )


def companion_get_for_user(user: User, pk: int) -> CompanionProfile:
    """A companion's profile: for the unit only; for anyone else it does not exist."""
    if not (user.is_authenticated and user.is_unit):
        raise Http404
    profile = (
        CompanionProfile.objects.select_related("user")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=CompanionAssignment.objects.select_related(
                    "program__organization"
                ).order_by("ended_on", "-created_at"),
            ),
            Prefetch(
                "support_sessions",
                queryset=SupportSession.objects.select_related("program", "recorded_by"),
            ),
            Prefetch("cohorts", queryset=TrainingCohort.objects.order_by("-starts_on")),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("session__cohort").order_by(
                    "session__held_on"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def cohort_list() -> QuerySet[TrainingCohort]:
    return TrainingCohort.objects.annotate(
        member_count=Count("members", distinct=True),
        session_count=Count("sessions", distinct=True),
    ).order_by("-starts_on", "name")


def cohort_get_for_user(user: User, pk: int) -> TrainingCohort:
    if not (user.is_authenticated and user.is_unit):
        raise Http404
    cohort = (
        TrainingCohort.objects.prefetch_related(
            Prefetch(
                "members",
                queryset=CompanionProfile.objects.select_related("user").order_by(
                    "user__full_name"
                ),
            ),
            Prefetch(
                "sessions",
                queryset=TrainingSession.objects.prefetch_related("attendance").order_by(
                    "held_on", "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if cohort is None:
        raise Http404
    return cohort


def session_get_for_user(user: User, pk: int) -> TrainingSession:
    if not (user.is_authenticated and user.is_unit):
        raise Http404
    session = TrainingSession.objects.select_related("cohort").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def assignment_get_for_user(user: User, pk: int) -> CompanionAssignment:
    if not (user.is_authenticated and user.is_unit):
        raise Http404
    assignment = (
        CompanionAssignment.objects.select_related("companion__user", "program__organization")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def attendance_grid(cohort: TrainingCohort) -> list[dict]:
    """For each session, each member with whether they were present (prefetched: no query)."""
    members = list(cohort.members.all())
    rows = []
    for session in cohort.sessions.all():
        present = {a.companion_id for a in session.attendance.all() if a.present}
        rows.append(
            {
                "session": session,
                "marks": [{"companion": m, "present": m.pk in present} for m in members],
                "present_count": len(present),
            }
        )
    return rows


def unit_dashboard() -> QuerySet:
    """Every program's stage, workshops held and cycles run: counts only, never a pseudonym or
    a story's text. Plain named rows (pk, title, stage, organization_name and the counts), no
    model instances: the unit reads fifty a page across organizations. Their companions come
    from `active_companions`."""
    return (
        Program.objects.annotate(
            workshops_held=count_of(Workshop.objects.filter(status="closed"), "program"),
            workshops_planned=count_of(Workshop.objects.exclude(status="closed"), "program"),
            cycles_run=count_of(InquiryCycle.objects.all(), "learning_question__program"),
            learning_question_count=count_of(LearningQuestion.objects.all(), "program"),
            organization_name=F("organization__name"),
        )
        .order_by("organization__name", "title")
        .values_list(
            "pk",
            "title",
            "stage",
            "organization_name",
            "workshops_held",
            "workshops_planned",
            "cycles_run",
            "learning_question_count",
            named=True,
        )
    )


def active_companions(program_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The companions assigned now to each of these programs, (profile id, name) by name
    (one query)."""
    companions: dict[int, list[tuple[int, str]]] = {pk: [] for pk in program_ids}
    for program_id, companion_id, name in (
        CompanionAssignment.objects.filter(program_id__in=program_ids, ended_on__isnull=True)
        .order_by("companion__user__full_name", "pk")
        .values_list("program_id", "companion_id", "companion__user__full_name")
    ):
        companions[program_id].append((companion_id, name))
    return companions


@dataclass
class ProgramProgress:
    """One row of the unit's dashboard: a program's counts (from `unit_dashboard`), its
    stage's name in the reader's language and its active companions, (profile id, name)."""

    pk: int
    title: str
    organization_name: str
    stage_label: str
    workshops_held: int
    workshops_planned: int
    cycles_run: int
    companions: list[tuple[int, str]]


def unit_dashboard_rows(programs) -> list[ProgramProgress]:
    """A page of `unit_dashboard` rows as the dashboard draws them (one query)."""
    companions = active_companions([p.pk for p in programs])
    stages = choice_labels(Stage.choices)
    return [
        ProgramProgress(
            pk=p.pk,
            title=p.title,
            organization_name=p.organization_name,
            stage_label=stages.get(p.stage, p.stage),
            workshops_held=p.workshops_held,
            workshops_planned=p.workshops_planned,
            cycles_run=p.cycles_run,
            companions=companions[p.pk],
        )
        for p in programs
    ]


def assignable_programs() -> QuerySet[Program]:
    return Program.objects.select_related("organization").order_by("organization__name", "title")


def candidate_users() -> QuerySet[User]:
    """People who may be given a companion profile: everyone without one yet."""
    return User.objects.filter(companion_profile__isnull=True, is_active=True).order_by("full_name")


def is_companion(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if any(m.role == Role.COMPANION for m in memberships_of(user)):
        return True
    return CompanionProfile.objects.filter(user=user, active=True).exists()
