"""What is waiting for one person across their programs: the home page's "waiting for you".

Each kind of task is read for all the person's programs at once, so the home page runs the same
number of queries whatever the number of programs, stories or meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Meeting, Program, Role, User
from .selectors import ProgramAccess, memberships_of, program_list_for_user

#: At most this many meetings, decisions or sessions are listed (the soonest or newest).
LIST_LIMIT = 5


@dataclass
class Task:
    """One thing waiting for the person, with where to do it."""

    kind: str
    text: str
    url: str
    program: Program | None = None
    when: object = None


@dataclass
class Waiting:
    tasks: list[Task] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    def add(self, **kwargs) -> None:
        self.tasks.append(Task(**kwargs))


def programs_with_story_counts(user: User) -> list[Program]:
    """The person's programs, each with its number of stories and of stories still open
    (nominated or on hold): one query, counted per program (not by joining every story)."""
    from stories.models import SuccessStory

    def count(**filters):
        return Coalesce(
            Subquery(
                SuccessStory.objects.filter(program=OuterRef("pk"), **filters)
                .order_by()
                .values("program")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        )

    return list(
        program_list_for_user(user).annotate(
            story_count=count(),
            open_count=count(
                status__in=[SuccessStory.Status.NOMINATED, SuccessStory.Status.ON_HOLD]
            ),
        )
    )


def _programs(rows: list[tuple[Program, ProgramAccess]], test) -> dict[int, Program]:
    return {p.pk: p for p, access in rows if test(access)}


def waiting_for(
    user: User, rows: list[tuple[Program, ProgramAccess]], assigned: list | None = None
) -> Waiting:
    """Assessments to make, meetings coming up, drafts to approve or review, workshops to run,
    books to render or download, decisions on one's own stories, training sessions ahead, and
    (from `assigned`, the student's `StoryProgress` rows) interviews and drafts to write."""
    from stories.models import Assessment, SelectionCriterion, SelectionDecision, SuccessStory
    from stories.search import search_scope

    waiting = Waiting()
    waiting.roles = {m.role for m in memberships_of(user)} if user.is_authenticated else set()
    if user.is_unit:
        waiting.roles.add("unit")
    now = timezone.now()

    # Interviews, consent and drafts (students): what is left on each assigned story.
    for row in assigned or []:
        if row.todo:
            waiting.add(
                kind="document",
                text=_("“%(title)s”: %(todo)s")
                % {"title": row.story.title, "todo": "; ".join(str(t) for t in row.todo)},
                url=reverse("story_documentation", args=[row.story.pk]),
                program=row.story.program,
            )
    open_statuses = [SuccessStory.Status.NOMINATED, SuccessStory.Status.ON_HOLD]

    # Assessments (committee members): open nominees x criteria - their own assessments.
    assessing = _programs(rows, lambda a: a.can_assess)
    if assessing:
        open_by = dict(
            SuccessStory.objects.filter(program_id__in=assessing, status__in=open_statuses)
            .values_list("program_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        criteria_by = dict(
            SelectionCriterion.objects.filter(program_id__in=assessing)
            .values_list("program_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        mine_by = dict(
            Assessment.objects.filter(
                assessor=user,
                story__program_id__in=assessing,
                story__status__in=open_statuses,
            )
            .values_list("story__program_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for pk, program in assessing.items():
            left = open_by.get(pk, 0) * criteria_by.get(pk, 0) - mine_by.get(pk, 0)
            if left > 0:
                waiting.add(
                    kind="assess",
                    text=ngettext(
                        "%(n)d assessment to make",
                        "%(n)d assessments to make",
                        left,
                    )
                    % {"n": left},
                    url=reverse("nominations", args=[pk]) + "?status=nominated",
                    program=program,
                )

    # Meetings coming up (those who follow the selection).
    following = _programs(rows, lambda a: a.can_view_selection)
    if following:
        for meeting in (
            Meeting.objects.filter(program_id__in=following, held_at__gte=now)
            .select_related("program")
            .order_by("held_at")[:LIST_LIMIT]
        ):
            waiting.add(
                kind="meeting",
                text=_("Meeting: %(title)s") % {"title": meeting.title},
                url=reverse("meeting_detail", args=[meeting.pk]),
                program=meeting.program,
                when=meeting.held_at,
            )

    # Drafts waiting for approval (director, committee) or a review (companion).
    reviewing = _programs(rows, lambda a: a.can_review)
    if reviewing:
        unapproved = (
            SuccessStory.objects.filter(
                program_id__in=reviewing,
                pk__in=search_scope(user).story_ids(interviews=True),
                drafts__isnull=False,
                approval__isnull=True,
            )
            .values("program_id")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        for row in unapproved:
            pk, n = row["program_id"], row["n"]
            access = next(a for p, a in rows if p.pk == pk)
            text = (
                ngettext(
                    "%(n)d story draft waiting for approval",
                    "%(n)d story drafts waiting for approval",
                    n,
                )
                if access.can_approve
                else ngettext("%(n)d story draft to review", "%(n)d story drafts to review", n)
            )
            waiting.add(
                kind="drafts",
                text=text % {"n": n},
                url=reverse("documentation_overview", args=[pk]),
                program=reviewing[pk],
            )

    # Workshops to run (director, companion).
    running = _programs(rows, lambda a: a.has(Role.DIRECTOR, Role.COMPANION))
    if running:
        from methods.models import Workshop

        for workshop in (
            Workshop.objects.filter(
                program_id__in=running,
                status__in=[Workshop.Status.PLANNED, Workshop.Status.OPEN],
            )
            .filter(
                Q(program_id__in=[p.pk for p, a in rows if a.has(Role.DIRECTOR)])
                | Q(facilitator=user)
                | Q(facilitator__isnull=True)
            )
            .select_related("program")
            .order_by("scheduled_for")[:LIST_LIMIT]
        ):
            text = (
                _("Workshop running now: %(title)s")
                if workshop.status == Workshop.Status.OPEN
                else _("Workshop to run: %(title)s")
            )
            waiting.add(
                kind="workshop",
                text=text % {"title": workshop.title},
                url=reverse("workshop_detail", args=[workshop.pk]),
                program=workshop.program,
                when=workshop.scheduled_for,
            )

    # Books to render or download (director, committee).
    composing = _programs(rows, lambda a: a.can_manage_selection)
    if composing:
        from publications.models import BookRender, StoryBook

        for book in (
            StoryBook.objects.filter(program_id__in=composing)
            .annotate(
                last_done=Max(
                    "renders__finished_at", filter=Q(renders__status=BookRender.Status.DONE)
                )
            )
            .select_related("program")
            .order_by("program_id", "title")
        ):
            if book.last_done is None:
                text = _("Book to render: %(title)s")
            elif book.last_done < book.updated_at:
                text = _("Book changed since its last render: %(title)s")
            else:
                text = _("Book ready to download: %(title)s")
            waiting.add(
                kind="book",
                text=text % {"title": book.title},
                url=reverse("book_detail", args=[book.pk]),
                program=book.program,
            )

    # Decisions on the stories one told (everyone who nominates).
    for decision in (
        SelectionDecision.objects.filter(story__told_by=user)
        .select_related("story__program")
        .order_by("-decided_at")[:LIST_LIMIT]
    ):
        waiting.add(
            kind="decision",
            text=_("Decision on your story “%(title)s”: %(outcome)s")
            % {"title": decision.story.title, "outcome": decision.get_outcome_display()},
            url=reverse("story_detail", args=[decision.story_id]),
            program=decision.story.program,
            when=decision.decided_at,
        )

    # Nominations (staff and others who may nominate, while the program selects).
    for program, access in rows:
        if access.can_nominate and program.stage == "selection" and access.has(Role.STAFF):
            waiting.add(
                kind="nominate",
                text=_("The program is selecting stories: nominate a success of yours"),
                url=reverse("nominate", args=[program.pk]),
                program=program,
            )

    # Training sessions ahead (the unit).
    if user.is_unit:
        from companions.models import TrainingSession

        for session in (
            TrainingSession.objects.filter(held_on__gte=timezone.localdate())
            .select_related("cohort")
            .order_by("held_on")[:LIST_LIMIT]
        ):
            waiting.add(
                kind="training",
                text=_("Training session: %(topic)s (%(cohort)s)")
                % {"topic": session.topic, "cohort": session.cohort.name},
                url=reverse("cohort_detail", args=[session.cohort_id]),
                when=session.held_on,
            )
    return waiting
