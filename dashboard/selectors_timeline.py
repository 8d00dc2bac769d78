"""A program's timeline: its stages, meetings, decisions, interviews, approvals, workshops and
book renders in date order, limited to what the person may see. One query per kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from methods.models import Workshop
from organizations.models import Meeting, MeetingDecision, Role, User
from organizations.selectors import ProgramAccess
from publications.models import BookRender
from stories.models import Interview, SelectionDecision, StoryApproval
from stories.visibility import visibility_of

#: How many events of one kind a timeline shows at most (the newest).
PER_KIND = 200


class Kind:
    PROGRAM = "program"
    STAGE = "stage"
    MEETING = "meeting"
    DECISION = "decision"
    SELECTION = "selection"
    INTERVIEW = "interview"
    APPROVAL = "approval"
    WORKSHOP = "workshop"
    RENDER = "render"

    #: Lazy: the class body runs once at import, the labels must follow each request's language.
    LABELS = {
        PROGRAM: gettext_lazy("Program"),
        STAGE: gettext_lazy("Stage"),
        MEETING: gettext_lazy("Meeting"),
        DECISION: gettext_lazy("Meeting decision"),
        SELECTION: gettext_lazy("Selection decision"),
        INTERVIEW: gettext_lazy("Interview"),
        APPROVAL: gettext_lazy("Story approved"),
        WORKSHOP: gettext_lazy("Workshop"),
        RENDER: gettext_lazy("Book rendered"),
    }


@dataclass
class TimelineEvent:
    at: dt.datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    all_day: bool = False
    upcoming: bool = False

    @property
    def kind_label(self) -> str:
        return str(Kind.LABELS[self.kind])


def _day(value: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def program_timeline(access: ProgramAccess, user: User) -> list[TimelineEvent]:
    """Everything dated in the program that this person may see, oldest first."""
    program = access.program
    now = timezone.now()
    events: list[TimelineEvent] = [
        TimelineEvent(at=program.created_at, kind=Kind.PROGRAM, title=_("Program set up in LFS"))
    ]
    if program.starts_on:
        events.append(
            TimelineEvent(
                at=_day(program.starts_on), kind=Kind.PROGRAM, title=_("Start"), all_day=True
            )
        )
    if program.ends_on:
        events.append(
            TimelineEvent(
                at=_day(program.ends_on), kind=Kind.PROGRAM, title=_("Planned end"), all_day=True
            )
        )
    if program.stage_changed_at:
        events.append(
            TimelineEvent(
                at=program.stage_changed_at,
                kind=Kind.STAGE,
                title=_("Reached the %(stage)s stage") % {"stage": program.get_stage_display()},
            )
        )

    if access.can_view_selection:
        for m in Meeting.objects.filter(program=program).order_by("-held_at")[:PER_KIND]:
            events.append(
                TimelineEvent(
                    at=m.held_at,
                    kind=Kind.MEETING,
                    title=m.title,
                    detail=m.get_kind_display(),
                    url=reverse("meetings:meeting_detail", args=[m.pk]),
                )
            )
        for d in (
            MeetingDecision.objects.filter(meeting__program=program)
            .select_related("meeting")
            .order_by("-created_at")[:PER_KIND]
        ):
            events.append(
                TimelineEvent(
                    at=d.created_at,
                    kind=Kind.DECISION,
                    title=d.text[:140],
                    detail=d.meeting.title,
                    url=reverse("meetings:meeting_detail", args=[d.meeting_id]),
                )
            )

    # Story events follow the one rule of who may see a story (stories.visibility): a partner
    # team's stories only for that team's organization.
    scope = visibility_of(user)
    visible = scope.stories()
    readable = scope.stories(interviews=True)
    # Decisions that held until a later one (a story on hold, then decided) and the standing
    # ones; a decision a correction replaced did not hold, and its correction says so.
    decisions = SelectionDecision.objects.filter(
        Q(replaced_by__isnull=True) | Q(replaced_by__correction_reason=""),
        story__program=program,
        story__in=visible,
    )
    if not access.can_view_selection:
        decisions = decisions.filter(story__told_by=user)  # the teller reads their own
    corrected = _("%(outcome)s (corrected)")
    for d in decisions.select_related("story").order_by("-decided_at")[:PER_KIND]:
        outcome = d.get_outcome_display()
        events.append(
            TimelineEvent(
                at=d.decided_at,
                kind=Kind.SELECTION,
                title=d.story.title,
                detail=corrected % {"outcome": outcome} if d.is_correction else outcome,
                url=reverse("stories:story_detail", args=[d.story_id]),
            )
        )

    if access.can_review or access.has(Role.DIRECTOR, Role.STUDENT):
        interviews = Interview.objects.filter(story__program=program, story__in=readable)
        for i in interviews.select_related("story").order_by("-held_on")[:PER_KIND]:
            events.append(
                TimelineEvent(
                    at=_day(i.held_on),
                    kind=Kind.INTERVIEW,
                    title=i.story.title,
                    detail=i.get_interviewee_role_display(),
                    url=reverse("documentation:interview_detail", args=[i.pk]),
                    all_day=True,
                )
            )

    approvals = StoryApproval.objects.filter(story__program=program, story__in=visible)
    for a in approvals.select_related("story", "draft").order_by("-approved_at")[:PER_KIND]:
        events.append(
            TimelineEvent(
                at=a.approved_at,
                kind=Kind.APPROVAL,
                title=a.story.title,
                detail=_("version %(v)s") % {"v": a.draft.version},
                url=reverse("documentation:draft_detail", args=[a.draft_id]),
            )
        )

    if access.is_member:
        for w in Workshop.objects.filter(program=program).order_by("-scheduled_for")[:PER_KIND]:
            events.append(
                TimelineEvent(
                    at=w.scheduled_for,
                    kind=Kind.WORKSHOP,
                    title=w.title,
                    detail=w.get_method_display(),
                    url=reverse("workshops:workshop_detail", args=[w.pk]),
                )
            )

    if access.can_manage_selection:
        for r in (
            BookRender.objects.filter(book__program=program, status=BookRender.Status.DONE)
            .exclude(finished_at=None)
            .select_related("book")
            .order_by("-finished_at")[:PER_KIND]
        ):
            events.append(
                TimelineEvent(
                    at=r.finished_at,  # type: ignore[arg-type]  # exclude(finished_at=None)
                    kind=Kind.RENDER,
                    title=r.book.title,
                    detail=_("version %(v)s") % {"v": r.version},
                    url=reverse("publications:book_render_status", args=[r.pk]),
                )
            )

    for e in events:
        e.upcoming = e.at > now
    events.sort(key=lambda e: (e.at, e.kind))
    return events
