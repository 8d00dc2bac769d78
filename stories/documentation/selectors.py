"""Scoped reads of documentation: progress, interviews, drafts, comments, approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from lfs_site.queries import count_of
from organizations.models import Program, User
from stories.models import (
    Answer,
    Consent,
    DraftComment,
    Interview,
    Principle,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
    SuccessStory,
)
from stories.realnames import reveals_real_name
from stories.rights.ledger import later_withdrawal, scope_state
from stories.rights.selectors import Publishability, publishability_for
from stories.selectors import STORY_SHOWN, _with_story_access, real_names_of_story
from stories.visibility import StoryAccess, visibility_of

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@dataclass
class StoryProgress:
    story: SuccessStory
    publishability: Publishability
    todo: list[str]
    students: list[str] = field(default_factory=list)  # the assigned students' names


class ProgressCounts(TypedDict):
    """What `_progress_queryset` reads with each story."""

    interview_count: int
    client_interview_count: int
    answered_count: int
    latest_draft: int | None
    principle_count: int
    is_approved: bool


def _progress_queryset(
    qs: QuerySet[SuccessStory],
) -> QuerySet[WithAnnotations[SuccessStory, ProgressCounts]]:
    return (
        qs.select_related("program", "department")
        .annotate(
            interview_count=count_of(Interview.objects.all(), "story"),
            client_interview_count=count_of(
                Interview.objects.filter(interviewee_role="client"), "story"
            ),
            answered_count=count_of(Answer.objects.exclude(text=""), "interview__story"),
            latest_draft=Subquery(
                StoryDraft.objects.filter(story=OuterRef("pk"))
                .order_by("-version")
                .values("version")[:1]
            ),
            principle_count=count_of(Principle.objects.all(), "story"),
            is_approved=Exists(StoryApproval.objects.filter(story=OuterRef("pk"))),
        )
        .order_by("title", "pk")
    )


def _todo(
    story: WithAnnotations[SuccessStory, ProgressCounts], publishable: Publishability
) -> list[str]:
    from django.utils.translation import gettext as _

    todo = []
    if not story.client_interview_count:
        todo.append(_("Interview the client"))
    if story.interview_count < 2:
        todo.append(_("Interview the professionals"))
    expected = story.interview_count * 10
    if story.interview_count and story.answered_count < expected:
        todo.append(_("%(n)d answers still empty") % {"n": expected - story.answered_count})
    if not publishable.ok:
        todo.append(_("Record publication consent"))
    if not story.latest_draft:
        todo.append(_("Write the story"))
    elif not story.is_approved:
        todo.append(_("Waiting for the committee's approval"))
    if not story.principle_count:
        todo.append(_("Add principles of action"))
    return todo


def _progress(
    stories: list[WithAnnotations[SuccessStory, ProgressCounts]], with_students: bool = False
) -> list[StoryProgress]:
    publishable = publishability_for(stories)
    students: dict[int, list[str]] = {}
    if with_students:
        for story_id, name in (
            StoryAssignment.objects.filter(story_id__in=[s.pk for s in stories])
            .order_by("pk")
            .values_list("story_id", "student__full_name")
        ):
            students.setdefault(story_id, []).append(name)
    return [
        StoryProgress(
            story=s,
            publishability=publishable[s.pk],
            todo=_todo(s, publishable[s.pk]),
            students=students.get(s.pk, []),
        )
        for s in stories
    ]


def assignments_for_student(user: User) -> list[StoryProgress]:
    """The stories assigned to this student (as the one rule opens them), with what is left to
    do on each."""
    assigned = visibility_of(user).assigned_q()
    if assigned is None:
        return []  # only a student documents
    stories = list(_progress_queryset(SuccessStory.objects.filter(assigned)))
    return _progress(stories)


def documentation_overview_stories(
    program: Program,
) -> QuerySet[WithAnnotations[SuccessStory, ProgressCounts]]:
    """The program's selected stories with their documentation counts (to paginate): of each
    story only what the overview draws."""
    return (
        _progress_queryset(
            SuccessStory.objects.usable(program).filter(status=SuccessStory.Status.SELECTED)
        )
        .select_related(None)
        .only("pk", "program_id", "title", "status")
    )


def documentation_overview(
    program: Program,
    stories: list[WithAnnotations[SuccessStory, ProgressCounts]] | None = None,
) -> list[StoryProgress]:
    """What is left to document on each selected story (or on the given page of them)."""
    if stories is None:
        stories = list(documentation_overview_stories(program))
    return _progress(stories, with_students=True)


def interviews_for_story(story: SuccessStory) -> list[Interview]:
    """The story's interviews as its documentation page lists them: how many answers are
    written, their consent ledgers (each row with `superseded`), and where their publication
    consent stands (`publication_stands`, `publication_withdrawn_on`: from those rows, for
    `story_publishability`). Two queries."""
    interviews: list[Interview] = list(
        story.interviews.only("pk", "story_id", "interviewee_role", "interviewee_label", "held_on")
        .annotate(answered=count_of(Answer.objects.exclude(text=""), "interview"))
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.annotate(superseded=later_withdrawal())
                .only("pk", "interview_id", "scope", "given_on", "recorded_at", "withdrawn_on")
                .order_by("scope", "given_on", "recorded_at", "pk"),
            )
        )
        .order_by("held_on", "pk")
    )
    for interview in interviews:
        # kept on each interview for story_publishability (not fields of the model)
        interview.publication_stands, interview.publication_withdrawn_on = scope_state(  # type: ignore[attr-defined]
            c for c in interview.consents.all() if c.scope == Consent.Scope.PUBLICATION
        )
    return interviews


#: What an interview's pages draw of it and its story.
INTERVIEW_SHOWN = ("question_set", "interviewer", *(f"story__{r}" for r in STORY_SHOWN))


def interview_get_for_user(user: User, pk: int) -> tuple[Interview, StoryAccess]:
    """An interview of a story the user may document or review; 404 for anyone else. The
    interview, its story and what the access needs: one query."""
    interview, access = _with_story_access(Interview, user, pk, INTERVIEW_SHOWN)
    if not access.can_see_interviews:
        raise Http404
    return interview, access


def consent_get_for_user(user: User, pk: int) -> tuple[Consent, StoryAccess]:
    consent = (
        Consent.objects.select_related("interview__story__department", "interview__story__told_by")
        .filter(pk=pk)
        .first()
    )
    if consent is None:
        raise Http404
    _interview, access = interview_get_for_user(user, consent.interview_id)
    return consent, access


#: What a draft's page draws of it and its story.
DRAFT_SHOWN = ("author", *(f"story__{r}" for r in STORY_SHOWN))


def draft_get_for_user(user: User, pk: int) -> tuple[StoryDraft, StoryAccess]:
    """A draft of a story the user may see the drafts of; 404 for anyone else. The draft, its
    story and what the access needs: one query."""
    draft, access = _with_story_access(StoryDraft, user, pk, DRAFT_SHOWN)
    if not access.can_see_drafts:
        raise Http404
    return draft, access


def withheld_from(access: StoryAccess, draft: StoryDraft) -> bool:
    """Whether a version is withheld from the reader: it holds the client's real name
    (`StoryDraft.holds_real_name`) and the reader may not see the identity (everyone but the
    assigned students and the director: the committee, companions, the teller)."""
    return draft.holds_real_name and not access.can_see_identity


def drafts_holding_real_name(story: SuccessStory) -> int:
    """How many versions of the story hold its client's real name (and are withheld)."""
    return StoryDraft.objects.filter(story=story, holds_real_name=True).count()


def comments_shown(draft: StoryDraft, access: StoryAccess) -> list:
    """The version's comments with their authors; for a reader who may not see the identity,
    each comment that reveals the client's real name (written before names were checked) is
    marked `withheld` and its text left out."""
    comments = list(draft.comments.select_related("author"))
    names = [] if access.can_see_identity or not comments else real_names_of_story(draft.story_id)
    for comment in comments:
        withheld = bool(names) and reveals_real_name(comment.body, names)
        comment.withheld = withheld  # type: ignore[attr-defined]  # for the template
        if withheld:
            comment.body = ""
    return comments


def drafts_for_story(story: SuccessStory) -> QuerySet[StoryDraft]:
    return (
        story.drafts.select_related("author")
        .annotate(comment_count=count_of(DraftComment.objects.all(), "draft"))
        .order_by("-version")
    )


def draft_list_for_story(story: SuccessStory) -> list[StoryDraft]:
    """The story's versions as its documentation page lists them: number, author's name,
    date, note, whether it holds the real name, how many comments; not their texts."""
    return list(
        drafts_for_story(story).only(
            "pk",
            "story_id",
            "version",
            "note",
            "created_at",
            "holds_real_name",
            "author__full_name",
        )
    )


def approval_shown(story: SuccessStory) -> StoryApproval | None:
    """The story's approval with the version approved and its approver's name (not the text)."""
    return (
        StoryApproval.objects.filter(story=story)
        .select_related("draft", "approved_by")
        .only("pk", "story_id", "approved_at", "draft__version", "approved_by__full_name")
        .first()
    )
