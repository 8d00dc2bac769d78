"""Scoped reads of learning sessions and dissemination events.

Who sees an event: the people of the organization it belongs to, the people of the
organizations of its learning community and the community's coordinators, its organizer and
the unit; anyone else gets a 404. Who organizes: the unit, community coordinators, directors
(for their organization) and companions. Who manages one event (edits it, takes attendance):
its organizer, the unit, its community's coordinators and its organization's directors.
What was presented is shown by title only: never a story's text or any client data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from companions.models_events import EventRegistration, LearningEvent
from companions.selectors import is_companion
from organizations.models import Community, Organization, Program, Role, User
from organizations.selectors import memberships_of
from publications.models import StoryBook
from stories.models import (
    CommonPrinciple,
    StoryShare,  # the shared library, when present
    SuccessStory,
)
from stories.rights.selectors import publishability_for
from stories.visibility import visible_stories


def _org_ids(user: User, *roles: str) -> set[int]:
    return {m.organization_id for m in memberships_of(user) if not roles or m.role in roles}


def events_visible_to(user: User) -> QuerySet[LearningEvent]:
    if not user.is_authenticated:
        return LearningEvent.objects.none()
    if user.is_unit:
        return LearningEvent.objects.all()
    orgs = _org_ids(user)
    ids = LearningEvent.objects.filter(
        Q(organization_id__in=orgs)
        | Q(community__organizations__in=orgs)
        | Q(community__coordinators=user)
        | Q(organizer=user)
    ).values("pk")
    return LearningEvent.objects.filter(pk__in=ids)


def _with_counts(qs: QuerySet[LearningEvent]) -> QuerySet[LearningEvent]:
    return qs.select_related("community", "organization").annotate(
        registered=Count(
            "registrations", filter=Q(registrations__cancelled_at__isnull=True), distinct=True
        )
    )


def upcoming_events_for_community(community: Community, user: User) -> QuerySet[LearningEvent]:
    """The community's coming events that this person may see (for the community page)."""
    return _with_counts(
        events_visible_to(user).filter(
            community=community, cancelled_at__isnull=True, starts_at__gte=timezone.now()
        )
    ).order_by("starts_at", "pk")


def event_list_for_user(user: User) -> tuple[QuerySet, QuerySet]:
    """Upcoming and past events the person may see."""
    base = _with_counts(events_visible_to(user))
    now = timezone.now()
    return (
        base.filter(starts_at__gte=now).order_by("starts_at", "pk"),
        base.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:20],
    )


def can_organize(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        user.is_unit
        or is_companion(user)
        or _org_ids(user, Role.DIRECTOR)
        or Community.objects.filter(coordinators=user).exists()
    )


def organizable_communities(user: User) -> QuerySet[Community]:
    if user.is_unit:
        return Community.objects.order_by("name")
    q = Q(coordinators=user)
    if is_companion(user) or _org_ids(user, Role.DIRECTOR):
        q |= Q(organizations__in=_org_ids(user))
    return Community.objects.filter(q).distinct().order_by("name")


def organizable_organizations(user: User) -> QuerySet[Organization]:
    if user.is_unit:
        return Organization.objects.order_by("name")
    ids = _org_ids(user, Role.DIRECTOR)
    if is_companion(user):
        ids |= _org_ids(user, Role.COMPANION)
    return Organization.objects.filter(pk__in=ids).order_by("name")


@dataclass(frozen=True)
class EventAccess:
    event: LearningEvent
    user: User

    @property
    def can_manage(self) -> bool:
        user, event = self.user, self.event
        if user.is_unit or (event.organizer_id and event.organizer_id == user.pk):
            return True
        if event.organization_id and event.organization_id in _org_ids(user, Role.DIRECTOR):
            return True
        community = event.community  # no query when there is none
        return bool(community and community.coordinators.filter(pk=user.pk).exists())

    @property
    def is_open(self) -> bool:
        return self.event.cancelled_at is None and self.event.starts_at >= timezone.now()


def event_get_for_user(user: User, pk: int) -> tuple[LearningEvent, EventAccess]:
    event = (
        events_visible_to(user)
        .select_related("community", "organization", "organizer")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    return event, EventAccess(event, user)


def event_get_for_managing(user: User, pk: int) -> tuple[LearningEvent, EventAccess]:
    event, access = event_get_for_user(user, pk)
    if not access.can_manage:
        raise PermissionDenied
    return event, access


def registration_of(event: LearningEvent, user: User) -> EventRegistration | None:
    return EventRegistration.objects.filter(event=event, user=user).first()


def registrations_of(event: LearningEvent) -> QuerySet[EventRegistration]:
    return (
        EventRegistration.objects.filter(event=event, cancelled_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def active_registration_count(event: LearningEvent) -> int:
    return EventRegistration.objects.filter(event=event, cancelled_at__isnull=True).count()


def presented_of(event: LearningEvent) -> dict:
    """What the event presented, by title only."""
    return {
        "books": list(event.books.order_by("title").values_list("title", flat=True)),
        "stories": list(event.stories.order_by("title").values_list("title", flat=True)),
        "principles": list(event.principles.order_by("text").values_list("text", flat=True)),
    }


# What an event may present ----------------------------------------------------------------


def _scope_programs(organizations: list[Organization], communities: list[Community]):
    org_ids = {o.pk for o in organizations}
    for c in communities:
        org_ids |= set(c.organizations.values_list("pk", flat=True))
    return Program.objects.filter(Q(organization_id__in=org_ids) | Q(community__in=communities))


def presentable_choices(user: User) -> dict[str, QuerySet]:
    """Books, publishable stories and common principles of the programs of the organizations
    and communities the person may organize for. A story must be approved and its publication
    consent must stand, and it must be shared in the library (if the library's sharing is in
    place) or one of the person's own organizations' stories that the person may see
    (`visible_stories`)."""

    programs = _scope_programs(
        list(organizable_organizations(user)), list(organizable_communities(user))
    )
    own = organizable_organizations(user).values("pk")
    stories = SuccessStory.objects.filter(program__in=programs, approval__isnull=False)
    seen = stories.filter(organization__in=own) & visible_stories(user)
    try:
        stories = seen | stories.filter(pk__in=StoryShare.objects.values("story_id"))
    except ImportError:
        stories = seen
    candidates = list(stories.order_by("title"))
    ok = publishability_for(candidates)
    return {
        "books": StoryBook.objects.filter(program__in=programs).order_by("title"),
        "stories": SuccessStory.objects.filter(
            pk__in=[s.pk for s in candidates if ok[s.pk].ok]
        ).order_by("title"),
        "principles": CommonPrinciple.objects.filter(program__in=programs).order_by("text"),
    }
