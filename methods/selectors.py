"""Scoped reads of question sets."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from organizations.models import Organization, Role, User

from .defaults import create_default_set
from .models import GuidingQuestion, QuestionSet


def question_set_default() -> QuestionSet:
    """The shipped default set (created by a migration; re-created if a database was emptied)."""
    default = QuestionSet.objects.filter(organization__isnull=True).order_by("-version").first()
    if default is None:
        default = create_default_set(QuestionSet, GuidingQuestion)
    return default


def question_set_current(organization: Organization) -> QuestionSet:
    """The organization's newest adapted set, or the shipped default."""
    own = QuestionSet.objects.filter(organization=organization).order_by("-version").first()
    return own or question_set_default()


def question_sets_for_organization(organization: Organization) -> QuerySet[QuestionSet]:
    return (
        QuestionSet.objects.filter(Q(organization=organization) | Q(organization__isnull=True))
        .select_related("created_by")
        .order_by("organization_id", "-version")
    )


def _organizations_of(user: User) -> set[int]:
    return set(user.memberships.values_list("organization_id", flat=True))


def question_set_get_for_user(user: User, pk: int) -> QuestionSet:
    """The default set is open to every signed-in person; an adapted set to its organization."""
    qs = (
        QuestionSet.objects.filter(pk=pk)
        .select_related("organization")
        .prefetch_related(
            Prefetch("questions", queryset=GuidingQuestion.objects.order_by("position"))
        )
        .first()
    )
    if qs is None:
        raise Http404
    if qs.organization_id is None or user.is_unit or qs.organization_id in _organizations_of(user):
        return qs
    raise Http404


def can_adapt_questions(user: User, organization: Organization) -> bool:
    """Directors and the companions of the organization's programs adapt its question set."""
    return user.memberships.filter(
        organization=organization, role__in=[Role.DIRECTOR, Role.COMPANION]
    ).exists()


def questions_of(question_set: QuestionSet) -> list[GuidingQuestion]:
    """The set's questions in order (uses the prefetched ones when there are)."""
    return sorted(question_set.questions.all(), key=lambda q: q.position)


def organization_get_for_adapting(user: User, pk: int) -> Organization:
    """The organization whose question set the user adapts: 404 for an organization they have
    no role in (they need not learn it exists), 403 for a member without the right role."""
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None or not user.is_authenticated:
        raise Http404
    if not user.memberships.filter(organization=organization).exists():
        raise Http404
    if not can_adapt_questions(user, organization):
        raise PermissionDenied
    return organization
