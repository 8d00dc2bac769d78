"""The demo's "Hand in Hand: client stories" programs: a story book worth reading.

Like the story books welfare departments publish after a learning-from-success program, each
edition holds ten client stories across four departments, documented from interviews with the
client and a professional, and a principles chapter with the seven principles common to all or
most stories. There is one program per language (English, Hebrew, Arabic), each wholly in its
language: its departments, stories, interviews, principles and book. Everything here was
written for this project; the people are fictional and every name is a pseudonym.

Called by `manage.py load_demo` (idempotent: an edition that exists is left as it is).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from demo.communities import demo_user
from organizations.models import Department, Meeting, Role, Stage
from organizations.selectors import program_access
from organizations.services import membership_ensure, program_create
from publications import services as book_services
from publications.models import StoryBook
from stories.documentation.services import (
    answer_save,
    draft_approve,
    draft_save,
    interview_create,
)
from stories.models import SelectionDecision, SuccessStory
from stories.principles.services import common_principle_create, evidence_add, principle_add
from stories.rights.services import consent_record
from stories.selection.services import story_nominate, students_assign
from stories.selectors import story_get_for_user

from .hand_in_hand_ar import EDITION as ARABIC
from .hand_in_hand_en import EDITION as ENGLISH
from .hand_in_hand_he import EDITION as HEBREW

EDITIONS = (ENGLISH, HEBREW, ARABIC)

#: The guiding questions (by position) whose answers make up each section of a story, in order.
SECTIONS = (3, 4, 5, 6, 7, 8, 2)


def first_sentence(text: str) -> str:
    """The answer's first sentence: the quote that shows a principle at work."""
    return re.split(r"(?<=[.!?؟])\s+", text.strip(), maxsplit=1)[0]


def compose_draft(edition: dict, story: dict) -> str:
    """The story as the student wrote it up (Markdown): an opening, then for each stage of the
    inquiry the professional's account and the client's own words, and the client's closing."""
    client, professional = story["interviews"][0][2], story["interviews"][1][2]
    parts = [story["opening"]]
    for position in SECTIONS:
        parts.append(f"## {edition['sections'][position]}")
        parts.append(professional[position - 1])
        parts.append(f"> {client[position - 1]}")
    parts.append(story["closing"])
    return "\n\n".join(parts)


def load_demo(organization, users: dict, programs) -> list[StoryBook]:
    return [_edition(organization, users, edition) for edition in EDITIONS]


def _edition(organization, users: dict, edition: dict) -> StoryBook:
    language = edition["language"]
    existing = StoryBook.objects.filter(
        program__organization=organization, title=edition["book"]["title"]
    ).first()
    if existing is not None:
        return existing
    director = users["director@demo.lfs"]
    committee, student = users["committee@demo.lfs"], users["student@demo.lfs"]
    departments = [
        Department.objects.get_or_create(organization=organization, name=name)[0]
        for name in edition["departments"]
    ]
    program = program_create(
        organization=organization,
        title=edition["program"],
        description=edition["description"],
        committee_name=edition["committee"],
        starts_on=dt.date(2025, 1, 5),
    )
    program.departments.set(departments)
    for user, role in (
        (committee, Role.COMMITTEE),
        (users["committee2@demo.lfs"], Role.COMMITTEE),
        (student, Role.STUDENT),
        (users["companion@demo.lfs"], Role.COMPANION),
    ):
        membership_ensure(user=user, organization=organization, role=role, program=program)
    # Each edition has its own staff members (a staff role is organization-wide, with one
    # department: sharing the demo's would move them from edition to edition).
    staff = [
        demo_user(f"hand-in-hand-{language}-{n}@demo.lfs", name)
        for n, name in enumerate(edition["tellers"], start=1)
    ]
    for index, teller in enumerate(staff):
        membership_ensure(
            user=teller,
            organization=organization,
            role=Role.STAFF,
            program=program,
            department=departments[index],
        )
    meeting = Meeting.objects.create(
        program=program,
        kind=Meeting.Kind.SELECTION,
        title=edition["meeting"],
        held_at=timezone.now() - dt.timedelta(days=300),
        created_by=director,
    )
    program.stage = Stage.SELECTION
    program.save(update_fields=["stage"])
    committee_access = program_access(committee, program)
    commons = {
        key: common_principle_create(
            access=committee_access, by=committee, text=text, category_name=category
        )
        for key, (text, category) in edition["principles"].items()
    }
    stories = []
    for index, data in enumerate(edition["stories"]):
        teller = staff[index % len(staff)]
        story = story_nominate(
            access=program_access(teller, program),
            told_by=teller,
            department=departments[data["department"]],
            title=data["title"],
            summary=data["summary"],
            success_in_worker_eyes=data["interviews"][1][2][1],
            success_in_client_eyes=data["interviews"][0][2][1],
            client_pseudonym=data["pseudonym"],
            tags=data["tags"],
        )
        SelectionDecision.objects.create(
            story=story,
            meeting=meeting,
            outcome="selected",
            reasons=edition["selection_reasons"],
            decided_by=committee,
        )
        story.status = SuccessStory.Status.SELECTED
        story.save(update_fields=["status"])
        students_assign(access=committee_access, story=story, students=[student], by=committee)
        _document(edition, data, story, student, committee, commons, index)
        stories.append(story)
    program.stage = Stage.PUBLICATION
    program.stage_changed_at = timezone.now()
    program.save(update_fields=["stage", "stage_changed_at"])
    access = program_access(director, program)
    book = book_services.book_create(
        access=access, by=director, language=language, **edition["book"]
    )
    order = {story.pk: i for i, story in enumerate(stories)}
    entries = sorted(book.entries.all(), key=lambda e: order.get(e.story_id, len(order)))
    book_services.entries_reorder(access=access, book=book, order=[e.pk for e in entries])
    return book


def _document(edition, data, story, student, committee, commons, index) -> None:
    """Interviews with consent, the approved write-up, principles with their evidence."""
    access = story_get_for_user(student, story.pk)[1]
    held_on = dt.date(2025, 3, 2) + dt.timedelta(days=7 * index)
    interviews = []
    for role, label, answers in data["interviews"]:
        interview = interview_create(
            access=access,
            story=story,
            by=student,
            interviewee_role=role,
            interviewee_label=label,
            held_on=held_on,
            place=edition["place"],
        )
        for scope in ("interview", "publication"):
            consent_record(
                access=access,
                interview=interview,
                by=student,
                scope=scope,
                given_on=held_on,
                method="written",
                language=edition["language"],
            )
        questions = {q.position: q.pk for q in interview.question_set.questions.all()}
        for position, text in enumerate(answers, start=1):
            answer_save(
                access=access, interview=interview, question_id=questions[position], text=text
            )
        interviews.append(interview)
    draft = draft_save(access=access, story=story, by=student, body=compose_draft(edition, data))
    draft_approve(access=story_get_for_user(committee, story.pk)[1], draft=draft, by=committee)
    for situation, goal, action, key, (who, position) in data["principles"]:
        principle = principle_add(
            access=access,
            story=story,
            by=student,
            situation=situation,
            goal=goal,
            action=action,
            common=commons[key],
        )
        answer = interviews[who].answers.get(question__position=position)
        evidence_add(
            access=access, principle=principle, answer=answer, quote=first_sentence(answer.text)
        )
