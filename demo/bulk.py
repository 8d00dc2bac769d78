"""Realistic data at national volumes, written with bulk_create: `manage.py seed_bulk`.

A seeded organization has departments, a director, staff in every department and a companion;
each of its two programs has committee members and students, criteria, tags, meetings, stories
with assessments and decisions, and (in the program past its selection stage) documented
stories: assignments, restricted identities, interviews with ten answers from the default
question set, consents, drafts with comments, approvals, principles with evidence merged into
common principles, workshops with contributions and votes, a learning question with cycles,
learning logs, learning patterns and a composed story book.

Everything is written level by level with `bulk_create` in batches, one organization per
transaction, so memory stays bounded and 10,000 stories take minutes on PostgreSQL. The same
seed gives the same data (names, texts, statuses, dates); only creation timestamps differ.

`fill_program` is also what tests use to grow one program to a given size.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.html import escape

from companions.models import (
    Attendance,
    CompanionAssignment,
    CompanionProfile,
    SupportSession,
    TrainingCohort,
    TrainingSession,
)
from methods.models import (
    PROTOCOL_STEPS,
    ActionItem,
    Contribution,
    ContributionGroup,
    GuidingQuestion,
    InquiryCycle,
    LearningLogEntry,
    LearningPattern,
    LearningQuestion,
    Method,
    Participation,
    PatternEvidence,
    PatternKind,
    Vote,
    Workshop,
    WorkshopStep,
)
from methods.selectors import question_set_default
from organizations.models import (
    Department,
    Meeting,
    MeetingDecision,
    Membership,
    Organization,
    PopulationTerm,
    Program,
    Role,
    Stage,
    SteeringCommittee,
    User,
)
from publications.models import BookEntry, StoryBook
from stories.models import (
    DEFAULT_CRITERIA,
    Answer,
    Assessment,
    ClientIdentity,
    CommonPrinciple,
    Consent,
    DiversityTag,
    DraftComment,
    Interview,
    Principle,
    PrincipleCategory,
    PrincipleEvidence,
    SelectionCriterion,
    SelectionDecision,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
    SuccessStory,
)

BULK_PASSWORD = "lfs-demo-2026"  # noqa: S105 - the demo password, printed by the command
SLUG_PREFIX = "bulk-"
EMAIL_DOMAIN = "bulk.lfs"
UNIT_EMAIL = f"unit@{EMAIL_DOMAIN}"
DEPARTMENTS = ["Families and children", "Adults and employment", "Elderly", "Youth"]
STAFF_PER_DEPARTMENT = 2
COMMITTEE_PER_PROGRAM = 3
STUDENTS_PER_PROGRAM = 3
MAIN_STAGES = [Stage.PROCESSING, Stage.PUBLICATION, Stage.DOCUMENTATION]
SECOND_STAGES = [Stage.SELECTION, Stage.STEERING, Stage.TRAINING]
KINDS = [k.value for k in Organization.Kind]

_WORDS = (
    "family worker client plan trust home school job routine visit meeting team mentor "
    "neighbourhood support week goal step partner coordinator change together listening "
    "children mother father doctor employer volunteer group safety future confidence"
).split()
_OPENINGS = [
    "The worker came back every week and",
    "After the first meeting the family",
    "With the coordinator's help the client",
    "Small agreed steps meant that the team",
    "When the crisis came the worker",
    "Over the months the volunteer mentor",
    "Together with the school the social worker",
    "Once trust was built the client",
]


def email(org_index: int, role: str, n: int = 1) -> str:
    """The e-mail address of the n-th person in a role of the org_index-th organization."""
    return f"{role}{n}.{org_index:03d}@{EMAIL_DOMAIN}"


def org_slug(org_index: int) -> str:
    return f"{SLUG_PREFIX}{org_index:03d}"


@dataclass
class Volumes:
    """How much to put in one program."""

    stories: int
    documented: bool = True  # interviews, drafts, principles for selected stories
    interviews_per_story: int = 2
    principles_per_story: int = 2
    workshops: int = 2
    contributions_per_workshop: int = 20
    log_entries: int = 6
    cycles: int = 3
    patterns: int = 4
    book_entries: int = 30
    common_principles: int = 8

    @classmethod
    def scaled(cls, n: int) -> Volumes:
        """Everything that can grow on a page grows with n (for query-count tests)."""
        return cls(
            stories=n,
            workshops=n,
            contributions_per_workshop=n,
            log_entries=n,
            cycles=n,
            patterns=n,
            book_entries=n,
            common_principles=n,
            interviews_per_story=2,
            principles_per_story=2,
        )


@dataclass
class People:
    director: User
    staff: list[User]
    committee: list[User]
    students: list[User]
    companion: User | None
    departments: list[Department]
    staff_departments: list[Department] = field(default_factory=list)


class Writer:
    """bulk_create in batches, counting the rows written per model."""

    def __init__(self, batch_size: int = 2000) -> None:
        self.batch_size = batch_size
        self.counts: dict[str, int] = {}

    def create(self, objs: list[models.Model]) -> list[models.Model]:
        if not objs:
            return objs
        model = type(objs[0])
        model.objects.bulk_create(objs, batch_size=self.batch_size)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(objs)
        return objs

    def through(self, m2m, rows: list[dict]) -> None:
        """Rows of a many-to-many through table (e.g. SuccessStory.tags.through)."""
        self.create([m2m.through(**row) for row in rows])


#: The populations of a seeded program's vocabulary, in English, Hebrew and Arabic.
POPULATIONS = (
    ("single parents", "הורים יחידים", "آباء وأمهات وحيدون"),
    ("elderly", "אזרחים ותיקים", "كبار السن"),
    ("youth at risk", "נוער בסיכון", "شباب في خطر"),
    ("new immigrants", "עולים חדשים", "مهاجرون جدد"),
    ("50+", "בני 50 ומעלה", "50 عامًا فأكثر"),
)


class Text:
    """Plausible sentences from a seeded random generator (fast: a pool built once)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool = [self._sentence() for _ in range(300)]

    def _sentence(self) -> str:
        words = " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(8, 16)))
        return f"{self.rng.choice(_OPENINGS)} {words}."

    def sentences(self, n: int) -> str:
        return " ".join(self.rng.choice(self.pool) for _ in range(n))

    def short(self, n_words: int = 5) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(n_words))


def _date(rng: random.Random, year: int = 2025) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))


# One program --------------------------------------------------------------------------------


def fill_program(
    program: Program,
    people: People,
    volumes: Volumes,
    *,
    rng: random.Random,
    writer: Writer,
    text: Text | None = None,
    with_book: bool | None = None,
) -> None:
    """Give `program` stories and everything that hangs off them, at `volumes`; a composed
    book when the program is in its publication stage (or `with_book`)."""
    text = text or Text(rng)
    now = timezone.now()
    criteria = list(SelectionCriterion.objects.filter(program=program))
    qset = question_set_default()
    questions = list(GuidingQuestion.objects.filter(question_set=qset).order_by("position"))
    terms = writer.create(
        [
            PopulationTerm(program=program, name_en=en, name_he=he, name_ar=ar)
            for en, he, ar in POPULATIONS
        ]
    )
    tags = writer.create(
        [DiversityTag(program=program, name=term.name_en, term=term) for term in terms]
    )
    selection_meeting, steering_meeting = writer.create(
        [
            Meeting(
                program=program,
                kind=Meeting.Kind.SELECTION,
                title="Selection meeting",
                held_at=now - dt.timedelta(days=60),
                location="Main office",
                agenda=text.sentences(2),
                minutes=text.sentences(3),
                created_by=people.director,
            ),
            Meeting(
                program=program,
                kind=Meeting.Kind.STEERING,
                title="Steering meeting",
                held_at=now - dt.timedelta(days=90),
                agenda=text.sentences(2),
                created_by=people.director,
            ),
        ]
    )
    writer.create(
        [
            MeetingDecision(
                meeting=steering_meeting,
                text=text.sentences(1),
                owner=people.committee[0],
                due_on=_date(rng, 2026),
                recorded_by=people.director,
            )
        ]
    )
    writer.through(
        Meeting.attendees,
        [{"meeting_id": selection_meeting.pk, "user_id": u.pk} for u in people.committee],
    )

    selected_share = 0.8 if volumes.documented else 0.25
    stories = []
    for i in range(volumes.stories):
        k = rng.randrange(len(people.staff))
        status = (
            SuccessStory.Status.SELECTED
            if i == 0 or rng.random() < selected_share
            else rng.choice(
                [
                    SuccessStory.Status.NOMINATED,
                    SuccessStory.Status.DECLINED,
                    SuccessStory.Status.ON_HOLD,
                ]
            )
        )
        stories.append(
            SuccessStory(
                program=program,
                organization_id=program.organization_id,
                department=people.staff_departments[k],
                title=f"{text.short(4).capitalize()} #{program.pk}-{i + 1}",
                summary=text.sentences(3),
                success_in_worker_eyes=text.sentences(2),
                success_in_client_eyes=text.sentences(2),
                client_pseudonym=f"Client {chr(65 + i % 26)}.{i // 26 or ''}",
                told_by=people.staff[k],
                status=status,
            )
        )
    writer.create(stories)
    writer.through(
        SuccessStory.tags,
        [
            {"successstory_id": s.pk, "diversitytag_id": t.pk}
            for s in stories
            for t in rng.sample(tags, 2)
        ],
    )
    writer.create(
        [
            Assessment(
                story=s,
                criterion=c,
                assessor=a,
                verdict=rng.choice(["met", "met", "met", "unsure", "not_met"]),
                note=text.sentences(1) if rng.random() < 0.3 else "",
            )
            for s in stories
            for c in criteria
            for a in people.committee[:2]
        ]
    )
    writer.create(
        [
            SelectionDecision(
                story=s,
                meeting=selection_meeting,
                outcome=s.status,
                reasons=text.sentences(2),
                decided_by=people.committee[0],
            )
            for s in stories
            if s.status != SuccessStory.Status.NOMINATED
        ]
    )
    selected = [s for s in stories if s.status == SuccessStory.Status.SELECTED]
    if volumes.documented:
        if with_book is None:
            with_book = program.stage == Stage.PUBLICATION
        _document(program, people, volumes, selected, questions, qset, rng, writer, text)
        if with_book:
            _book(program, people, volumes, selected, writer, text)
    _methods(program, people, volumes, selected, rng, writer, text)


def _document(program, people, volumes, selected, questions, qset, rng, writer, text) -> None:
    approve = program.stage in (Stage.PROCESSING, Stage.PUBLICATION)
    writer.create(
        [
            StoryAssignment(
                story=s,
                student=people.students[i % len(people.students)],
                assigned_by=people.committee[0],
            )
            for i, s in enumerate(selected)
        ]
    )
    writer.create(
        [
            ClientIdentity(
                story=s,
                real_name=f"Real Name {program.pk}-{s.pk}",
                contact_details="Phone on file",
                recorded_by=people.students[i % len(people.students)],
            )
            for i, s in enumerate(selected)
        ]
    )
    roles = [Interview.IntervieweeRole.CLIENT, Interview.IntervieweeRole.SOCIAL_WORKER]
    interviews = writer.create(
        [
            Interview(
                story=s,
                interviewee_role=roles[j % 2],
                interviewee_label=s.client_pseudonym if j % 2 == 0 else f"Worker {j}",
                held_on=_date(rng),
                place="Office",
                interviewer=people.students[i % len(people.students)],
                question_set=qset,
                notes=text.sentences(1),
            )
            for i, s in enumerate(selected)
            for j in range(volumes.interviews_per_story)
        ]
    )
    answers = writer.create(
        [
            Answer(interview=iv, question=q, text=text.sentences(rng.randint(3, 6)))
            for iv in interviews
            for q in questions
        ]
    )
    answers_by_story: dict[int, list[Answer]] = {}
    for a in answers:
        answers_by_story.setdefault(a.interview.story_id, []).append(a)
    consents = []
    for iv in interviews:
        for scope in (Consent.Scope.INTERVIEW, Consent.Scope.PUBLICATION):
            withdrawn = scope == Consent.Scope.PUBLICATION and rng.random() < 0.05
            consents.append(
                Consent(
                    interview=iv,
                    scope=scope,
                    given_on=iv.held_on,
                    method=rng.choice(list(Consent.Method.values)),
                    consent_text_version="Consent form 2025-1",
                    recorded_by=iv.interviewer,
                    withdrawn_on=iv.held_on + dt.timedelta(days=30) if withdrawn else None,
                    withdrawal_reason=text.sentences(1) if withdrawn else "",
                    withdrawal_recorded_by=iv.interviewer if withdrawn else None,
                    withdrawal_recorded_at=timezone.now() if withdrawn else None,
                )
            )
    writer.create(consents)
    drafts = []
    for i, s in enumerate(selected):
        for version in (1, 2):
            paragraphs = [text.sentences(4) for _ in range(3 + version)]
            drafts.append(
                StoryDraft(
                    story=s,
                    version=version,
                    body="\n\n".join(paragraphs),
                    body_html="".join(f"<p>{escape(p)}</p>" for p in paragraphs),
                    note="First draft" if version == 1 else "After the committee's comments",
                    author=people.students[i % len(people.students)],
                )
            )
    writer.create(drafts)
    writer.create(
        [
            DraftComment(draft=d, author=people.committee[0], body=text.sentences(1))
            for d in drafts
            if d.version == 1
        ]
    )
    if approve:
        writer.create(
            [
                StoryApproval(story=d.story, draft=d, approved_by=people.committee[0])
                for d in drafts
                if d.version == 2
            ]
        )
    categories = writer.create(
        [
            PrincipleCategory(program=program, name=name)
            for name in ("Relationship", "Planning", "Partners", "Knowledge")
        ]
    )
    commons = writer.create(
        [
            CommonPrinciple(
                program=program,
                text=f"To {text.short(3)}, we {text.short(4)} ({k + 1})",
                category=categories[k % len(categories)],
                created_by=people.committee[0],
            )
            for k in range(volumes.common_principles)
        ]
    )
    principles = []
    for i, s in enumerate(selected):
        for _p in range(volumes.principles_per_story):
            principles.append(
                Principle(
                    story=s,
                    situation=f"a family {text.short(3)}",
                    goal=f"trust and {text.short(2)}",
                    action=f"meet every week and {text.short(3)}",
                    common=rng.choice(commons) if commons and rng.random() < 0.7 else None,
                    created_by=people.students[i % len(people.students)],
                )
            )
    writer.create(principles)
    evidence = []
    for p in principles:
        answer = rng.choice(answers_by_story[p.story_id])
        evidence.append(PrincipleEvidence(principle=p, answer=answer, quote=answer.text[:160]))
    writer.create(evidence)


def _book(program, people, volumes, selected, writer, text) -> None:
    approved = selected[: volumes.book_entries]
    (book,) = writer.create(
        [
            StoryBook(
                program=program,
                title=f"Stories of {program.organization.name}"[:150],
                subtitle="Learning from success",
                authors=", ".join(u.full_name for u in people.students),
                abstract=text.sentences(3),
                foreword=text.sentences(6),
                created_by=people.director,
            )
        ]
    )
    writer.create([BookEntry(book=book, story=s, position=k) for k, s in enumerate(approved)])


def _methods(program, people, volumes, selected, rng, writer, text) -> None:
    now = timezone.now()
    (lq,) = writer.create(
        [
            LearningQuestion(
                program=program,
                question=f"How can we {text.short(5)}?",
                why_it_matters=text.sentences(2),
                stage=rng.choice(["plan", "implement", "analyse"]),
                created_by=people.director,
            )
        ]
    )
    writer.through(
        LearningQuestion.team,
        [{"learningquestion_id": lq.pk, "user_id": u.pk} for u in people.committee],
    )
    cycles = writer.create(
        [
            InquiryCycle(
                learning_question=lq,
                number=k + 1,
                goal=text.sentences(1)[:400],
                theory_of_action=text.sentences(1),
                experiment=text.sentences(1),
                data_collected=text.sentences(1),
                learned=text.sentences(1),
                next_step=text.sentences(1),
                status=InquiryCycle.Status.DONE if k + 1 < volumes.cycles else "running",
                planned_start=dt.date(2025, 1, 6) + dt.timedelta(weeks=k),
                planned_end=dt.date(2025, 1, 10) + dt.timedelta(weeks=k),
                actual_start=dt.date(2025, 1, 6) + dt.timedelta(weeks=k),
                created_by=people.director,
            )
            for k in range(volumes.cycles)
        ]
    )
    members = [people.director, *people.committee, *people.students]
    logs = writer.create(
        [
            LearningLogEntry(
                program=program,
                author=members[k % len(members)],
                learning_question=lq if k % 2 else None,
                written_on=_date(rng),
                learnt=text.sentences(2),
                patterns=text.sentences(1),
                shared_at=now if k % 3 else None,
            )
            for k in range(volumes.log_entries)
        ]
    )
    kinds = list(PatternKind.values)
    patterns = writer.create(
        [
            LearningPattern(
                program=program,
                kind=kinds[k % len(kinds)],
                name=f"{text.short(3).capitalize()} ({k + 1})",
                description=text.sentences(2),
                created_by=people.director,
            )
            for k in range(volumes.patterns)
        ]
    )
    facilitator = people.companion or people.director
    methods_cycle = [Method.RETROSPECTIVE, Method.LEARNING, Method.PROSPECTIVE]
    workshops = []
    for k in range(volumes.workshops):
        method = methods_cycle[k % 3]
        if method == Method.RETROSPECTIVE and not selected:
            method = Method.LEARNING
        last = k == volumes.workshops - 1
        workshops.append(
            Workshop(
                program=program,
                method=method,
                title=f"{Method(method).label.split(':')[0]} workshop {k + 1}",
                scheduled_for=now - dt.timedelta(days=7 * (volumes.workshops - k)),
                story=selected[k % len(selected)] if method == Method.RETROSPECTIVE else None,
                learning_question=lq if method == Method.PROSPECTIVE else None,
                facilitator=facilitator,
                status=Workshop.Status.OPEN if last else Workshop.Status.CLOSED,
                code=f"B{program.pk % 10**7:07d}" if last else "",
                code_expires_at=now + dt.timedelta(hours=12) if last else None,
                opened_at=now - dt.timedelta(days=1),
                closed_at=None if last else now - dt.timedelta(days=1),
            )
        )
    writer.create(workshops)
    questions = list(
        GuidingQuestion.objects.filter(question_set=question_set_default()).order_by("position")
    )
    steps = []
    for w in workshops:
        if w.method == Method.RETROSPECTIVE:
            steps += [
                WorkshopStep(workshop=w, position=i, question=q, key=f"q{q.position}")
                for i, q in enumerate(questions, start=1)
            ]
        else:
            steps += [
                WorkshopStep(workshop=w, position=i, key=key)
                for i, (key, _l, _p) in enumerate(PROTOCOL_STEPS[w.method], start=1)
            ]
    writer.create(steps)
    steps_by_workshop: dict[int, list[WorkshopStep]] = {}
    for s in steps:
        steps_by_workshop.setdefault(s.workshop_id, []).append(s)
    participants = [*people.committee, *people.students, *people.staff[:4]]
    writer.create(
        [
            Participation(workshop=w, user=u, invited=True, joined_at=now)
            for w in workshops
            for u in participants
        ]
    )
    groups = writer.create(
        [ContributionGroup(step=steps_by_workshop[w.pk][0], name="Trust") for w in workshops]
    )
    group_of = {g.step_id: g for g in groups}
    contributions = []
    for w in workshops:
        w_steps = steps_by_workshop[w.pk]
        for c in range(volumes.contributions_per_workshop):
            step = w_steps[c % len(w_steps)] if w.status == Workshop.Status.CLOSED else w_steps[0]
            contributions.append(
                Contribution(
                    workshop=w,
                    step=step,
                    author=participants[c % len(participants)],
                    anonymous=c % 4 == 0,
                    text=text.sentences(1),
                    group=group_of.get(step.pk) if c % 2 else None,
                )
            )
    writer.create(contributions)
    writer.create(
        [
            Vote(contribution=c, voter=v)
            for c in contributions[::3]
            for v in rng.sample(participants, 2)
        ]
    )
    writer.create(
        [
            ActionItem(
                workshop=w,
                text=text.sentences(1)[:300],
                owner=people.committee[0],
                due_on=_date(rng, 2026),
            )
            for w in workshops
        ]
    )
    evidence = []
    for k, p in enumerate(patterns):
        source = k % 3
        evidence.append(
            PatternEvidence(
                pattern=p,
                workshop=workshops[k % len(workshops)] if source == 0 and workshops else None,
                cycle=cycles[k % len(cycles)] if source == 1 and cycles else None,
                log_entry=logs[k % len(logs)] if (source == 2 or not workshops) and logs else None,
                note=text.short(6),
            )
        )
    writer.create([e for e in evidence if e.workshop_id or e.cycle_id or e.log_entry_id])


# Whole organizations ------------------------------------------------------------------------


def _users(rows: list[tuple[str, str]], password_hash: str, writer: Writer) -> list[User]:
    return writer.create(
        [User(email=e, full_name=n, password=password_hash, is_active=True) for e, n in rows]
    )


def seed_organization(
    index: int,
    stories: int,
    *,
    rng: random.Random,
    writer: Writer,
    password_hash: str,
    cohort: TrainingCohort,
    unit: User,
) -> None:
    """One organization: departments, people, two programs, and `stories` stories."""
    text = Text(rng)
    org = writer.create(
        [
            Organization(
                name=f"Bulk organization {index:03d}",
                slug=org_slug(index),
                kind=KINDS[index % len(KINDS)],
            )
        ]
    )[0]
    departments = writer.create([Department(organization=org, name=n) for n in DEPARTMENTS])
    first = rng.choice(["Dana", "Omar", "Ruth", "Samira", "Yossi", "Maya", "Noa", "Avi"])
    director = _users(
        [(email(index, "director"), f"{first} Director {index}")], password_hash, writer
    )[0]
    staff_rows, staff_departments = [], []
    for d, dept in enumerate(departments):
        for k in range(STAFF_PER_DEPARTMENT):
            n = d * STAFF_PER_DEPARTMENT + k + 1
            staff_rows.append((email(index, "staff", n), f"Staff {n} of {index}"))
            staff_departments.append(dept)
    staff = _users(staff_rows, password_hash, writer)
    companion = _users(
        [(email(index, "companion"), f"Companion of {index}")], password_hash, writer
    )[0]
    memberships = [Membership(user=director, organization=org, role=Role.DIRECTOR)]
    memberships += [
        Membership(user=u, organization=org, role=Role.STAFF, department=d)
        for u, d in zip(staff, staff_departments, strict=True)
    ]
    now = timezone.now()
    programs = writer.create(
        [
            Program(
                organization=org,
                title=f"Learning from success {2025 + p}",
                description=text.sentences(2),
                stage=(MAIN_STAGES if p == 0 else SECOND_STAGES)[index % 3],
                stage_changed_at=now,
                starts_on=dt.date(2025 + p, 1, 1),
                ends_on=dt.date(2025 + p, 12, 31),
            )
            for p in range(2)
        ]
    )
    writer.through(
        Program.departments,
        [{"program_id": p.pk, "department_id": d.pk} for p in programs for d in departments],
    )
    profile = writer.create(
        [
            CompanionProfile(
                user=companion,
                languages="Hebrew, Arabic, English",
                training_completed_on=dt.date(2024, 12, 1),
            )
        ]
    )[0]
    writer.through(
        TrainingCohort.members,
        [{"trainingcohort_id": cohort.pk, "companionprofile_id": profile.pk}],
    )
    committees, criteria, assignments, supports = [], [], [], []
    people_by_program = []
    for p_i, program in enumerate(programs):
        committee = _users(
            [
                (
                    email(index, "committee", p_i * COMMITTEE_PER_PROGRAM + k + 1),
                    f"Committee {p_i * COMMITTEE_PER_PROGRAM + k + 1} of {index}",
                )
                for k in range(COMMITTEE_PER_PROGRAM)
            ],
            password_hash,
            writer,
        )
        students = _users(
            [
                (
                    email(index, "student", p_i * STUDENTS_PER_PROGRAM + k + 1),
                    f"Student {p_i * STUDENTS_PER_PROGRAM + k + 1} of {index}",
                )
                for k in range(STUDENTS_PER_PROGRAM)
            ],
            password_hash,
            writer,
        )
        memberships += [
            Membership(user=u, organization=org, program=program, role=role)
            for role, group in (
                (Role.COMMITTEE, committee),
                (Role.STUDENT, students),
                (Role.COMPANION, [companion]),
            )
            for u in group
        ]
        committees.append(
            SteeringCommittee(
                program=program, name="Steering committee", chair=committee[0], mandate=""
            )
        )
        criteria += [
            SelectionCriterion(program=program, text=t, description=d, position=k)
            for k, (t, d) in enumerate(_default_criteria())
        ]
        assignments.append(
            CompanionAssignment(
                companion=profile, program=program, starts_on=program.starts_on, assigned_by=unit
            )
        )
        supports.append(
            SupportSession(
                companion=profile,
                program=program,
                held_on=_date(rng),
                topics="Facilitating the first workshop",
                notes=text.sentences(2),
                recorded_by=unit,
            )
        )
        people_by_program.append(
            People(
                director=director,
                staff=staff,
                committee=committee,
                students=students,
                companion=companion,
                departments=departments,
                staff_departments=staff_departments,
            )
        )
    writer.create(memberships)
    writer.create(committees)
    writer.create(criteria)
    writer.create(assignments)
    writer.create(supports)
    main_stories = stories - stories // 5
    for p_i, program in enumerate(programs):
        n = main_stories if p_i == 0 else stories - main_stories
        volumes = Volumes(
            stories=n,
            documented=p_i == 0,
            workshops=max(2, n // 25),
            log_entries=max(4, n // 20),
            book_entries=30,
        )
        fill_program(program, people_by_program[p_i], volumes, rng=rng, writer=writer, text=text)


def _default_criteria() -> list[tuple[str, str]]:
    from django.utils import translation

    with translation.override("en"):
        return [(str(t), str(d)) for t, d in DEFAULT_CRITERIA]


def existing_count() -> int:
    return Organization.objects.filter(slug__startswith=SLUG_PREFIX).count()


def clear(writer_log: Callable[[str], None] = print) -> None:
    """Remove everything seed_bulk made (its organizations, their data and its people)."""
    orgs = Organization.objects.filter(slug__startswith=SLUG_PREFIX)
    program_q = {"program__organization__in": orgs}
    story_q = {"story__program__organization__in": orgs}
    steps = [
        (PrincipleEvidence, {"principle__story__program__organization__in": orgs}),
        (Contribution, {"workshop__program__organization__in": orgs}),
        (Workshop, program_q),
        (BookEntry, {"book__program__organization__in": orgs}),
        (StoryBook, program_q),
        (StoryApproval, story_q),
        (Principle, story_q),
        (Answer, {"interview__story__program__organization__in": orgs}),
        (Consent, {"interview__story__program__organization__in": orgs}),
        (Interview, story_q),
        (DraftComment, {"draft__story__program__organization__in": orgs}),
        (StoryDraft, story_q),
        (SelectionDecision, story_q),
        (SuccessStory, program_q),
        (Meeting, program_q),
        (Membership, {"organization__in": orgs}),
        (Program, {"organization__in": orgs}),
        (CompanionProfile, {"user__email__endswith": "@" + EMAIL_DOMAIN}),
        (Organization, {"slug__startswith": SLUG_PREFIX}),
        (User, {"email__endswith": "@" + EMAIL_DOMAIN}),
        (TrainingCohort, {"name": COHORT_NAME}),
    ]
    with transaction.atomic():
        for model, lookup in steps:
            deleted, _ = model.objects.filter(**lookup).delete()
            writer_log(f"  deleted {model._meta.label}: {deleted} rows (with what cascades)")


COHORT_NAME = "Bulk companions cohort"


def seed(
    *,
    organizations: int,
    stories: int,
    seed: int = 1,
    batch_size: int = 2000,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    """Seed `organizations` organizations holding `stories` stories in all; return the counts."""
    if organizations < 1 or stories < 0:
        raise ValueError("organizations must be at least 1 and stories at least 0")
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    writer = Writer(batch_size)
    password_hash = make_password(BULK_PASSWORD)
    question_set_default()  # created by a migration; re-created if the database was emptied
    started = time.monotonic()
    with transaction.atomic():
        unit = User.objects.create(
            email=UNIT_EMAIL, full_name="Bulk unit", is_unit=True, password=password_hash
        )
        cohort = TrainingCohort.objects.create(
            name=COHORT_NAME, starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2024, 12, 1)
        )
        sessions = writer.create(
            [
                TrainingSession(cohort=cohort, held_on=dt.date(2024, 9, 1 + 7 * k), topic=t)
                for k, t in enumerate(["The retrospective method", "Running a workshop"])
            ]
        )
    per_org = [stories // organizations] * organizations
    for k in range(stories % organizations):
        per_org[k] += 1
    for index in range(1, organizations + 1):
        t0 = time.monotonic()
        with transaction.atomic():
            seed_organization(
                index,
                per_org[index - 1],
                rng=rng,
                writer=writer,
                password_hash=password_hash,
                cohort=cohort,
                unit=unit,
            )
        if index == 1 or index % 10 == 0 or index == organizations:
            log(
                f"  organization {index}/{organizations}: {per_org[index - 1]} stories in "
                f"{time.monotonic() - t0:.1f} s ({time.monotonic() - started:.1f} s so far)"
            )
    profiles = list(CompanionProfile.objects.filter(cohorts=cohort))
    writer.create(
        [
            Attendance(session=s, companion=p, present=(s.pk + p.pk) % 5 != 0)
            for s in sessions
            for p in profiles
        ]
    )
    writer.counts["organizations.User"] = writer.counts.get("organizations.User", 0) + 1
    refresh_statistics()
    return writer.counts


def refresh_statistics() -> None:
    """Bring the planner's statistics up to date after a bulk load.

    Autovacuum would analyze the new rows in its own time; until it has, PostgreSQL plans with
    the statistics of the empty tables and picks sequential scans over hundreds of thousands of
    rows for every story on a page (the documentation overview took a second, not 3 ms).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
