"""The people of the load benchmark, taken from a database seeded by `manage.py seed_bulk`, and
what each of them opens and writes.

Every simulated person is a seeded user of their own (never a session shared with another
simulated person). They come organization by organization, in the proportions of a program's
people in the seed (per organization's main program: a director, three committee members,
three students, a companion and eight staff members, four of whom are taking part in the live
workshop), ordered so that even the first ten people hold every role; the unit (one account in
the seed) comes first. A person reads the pages of their role in their own organization's main
program; their writes go to their own rows: a student's answers in an interview of a story
assigned to them, a committee member's assessments of the program's nominees, a workshop
participant's contributions to the program's open workshop.

benchmarks/load.py sends the requests; benchmarks/profile_pages.py profiles the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Who comes, in order, from each seeded organization: (role, n-th person of that role in the
#: seed's e-mail addresses, taking part in the live workshop). The seed's main program has
#: committee members 1-3 and students 1-3; staff are organization-wide (1-8).
ORGANIZATION_ORDER: list[tuple[str, int, bool]] = [
    ("student", 1, False),
    ("committee", 1, False),
    ("staff", 1, False),
    ("director", 1, False),
    ("staff", 5, True),
    ("student", 2, False),
    ("committee", 2, False),
    ("companion", 1, False),
    ("staff", 6, True),
    ("student", 3, False),
    ("committee", 3, False),
    ("staff", 2, False),
    ("staff", 7, True),
    ("staff", 3, False),
    ("staff", 8, True),
    ("staff", 4, False),
]

#: The role of a staff member taking part in the live workshop (their board polls every second
#: and they contribute).
PARTICIPANT = "participant"


@dataclass(frozen=True)
class Page:
    name: str  # "role: page", the row of the table (the same page of every person of a role)
    path: str
    expect: tuple[int, ...] = (200,)


@dataclass
class Person:
    role: str  # director, committee, staff, student, companion, unit or participant
    email: str
    organization: int  # the seeded organization's index; 0 for the unit
    pages: list[Page] = field(default_factory=list)
    #: A student's answers: their interview and its question set's questions.
    interview: int | None = None
    questions: list[int] = field(default_factory=list)
    #: A participant's live workshop.
    workshop: int | None = None
    #: A committee member's nominees to assess: (story, criterion) pairs.
    assessments: list[tuple[int, int]] = field(default_factory=list)


def available(organizations: int) -> int:
    """How many people a seed of that many organizations holds for the benchmark."""
    return 1 + organizations * len(ORGANIZATION_ORDER)


def discover(count: int) -> list[Person]:
    """The first `count` people (the unit, then organization by organization), with the pages
    and write targets of each. Raises SystemExit, saying why, when the seed is too small."""
    from demo import bulk

    seeded = bulk.existing_count()
    if count > available(seeded):
        raise SystemExit(
            f"{count} people asked for, but the seed's {seeded} organizations hold "
            f"{available(seeded)} (seed_bulk --organizations {-(-(count - 1) // 16)} or more)"
        )
    people = [_unit()]
    index = 1
    while len(people) < count:
        people += _organization(index)[: count - len(people)]
        index += 1
    return people


def _unit() -> Person:
    from django.urls import reverse

    from demo import bulk

    return Person(
        "unit",
        bulk.UNIT_EMAIL,
        0,
        [
            Page("unit: dashboard", reverse("companions:unit_dashboard")),
            Page("unit: companions", reverse("companions:companion_list")),
        ],
    )


def _organization(index: int) -> list[Person]:
    """The people of the index-th seeded organization, in ORGANIZATION_ORDER."""
    from django.urls import reverse

    from demo import bulk
    from methods.models import LearningQuestion, Workshop
    from organizations.models import Meeting, Program, User
    from publications.models import StoryBook
    from stories.models import (
        Interview,
        SelectionCriterion,
        StoryAssignment,
        StoryDraft,
        SuccessStory,
    )

    def missing(what: str):
        raise SystemExit(f"organization {index} of the seed has no {what} in its main program")

    main = (
        Program.objects.filter(organization__slug=bulk.org_slug(index))
        .order_by("starts_on")
        .first()
    ) or missing("program")
    p = main.pk
    selected = SuccessStory.objects.filter(program=main, status="selected").order_by(
        "pk"
    ).first() or missing("selected story")
    meeting = Meeting.objects.filter(program=main, kind="selection").first() or missing("meeting")
    live = Workshop.objects.filter(program=main, status="open").first() or missing("open workshop")
    closed = Workshop.objects.filter(program=main, status="closed").order_by(
        "pk"
    ).first() or missing("closed workshop")
    question = LearningQuestion.objects.filter(program=main).first() or missing("question")
    book = StoryBook.objects.filter(program=main).order_by("pk").first()
    criteria = list(
        SelectionCriterion.objects.filter(program=main)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    nominees = list(
        SuccessStory.objects.filter(program=main, status__in=["nominated", "on_hold"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    home = reverse("dashboard:home")
    pages = {
        "director": [
            Page("director: home", home),
            Page("director: program dashboard", reverse("dashboard:program_dashboard", args=[p])),
            Page("director: nominations", reverse("stories:nominations", args=[p])),
            Page(
                "director: documentation", reverse("documentation:documentation_overview", args=[p])
            ),
            Page("director: principles", reverse("principles:program_principles", args=[p])),
            Page("director: principle matrix", reverse("principles:principle_matrix", args=[p])),
        ]
        + (
            [Page("director: book", reverse("publications:book_detail", args=[book.pk]))]
            if book
            else []
        ),
        "committee": [
            Page("committee: home", home),
            Page("committee: nominations", reverse("stories:nominations", args=[p])),
            Page("committee: coverage", reverse("stories:coverage", args=[p])),
            Page("committee: story", reverse("stories:story_detail", args=[selected.pk])),
            Page("committee: meeting", reverse("meetings:meeting_detail", args=[meeting.pk])),
        ],
        "staff": [
            Page("staff: home", home),
            Page("staff: own nominations", reverse("stories:nominations", args=[p])),
        ],
        "companion": [
            Page("companion: workshops", reverse("workshops:workshops", args=[p])),
            Page(
                "companion: workshop summary",
                reverse("workshops:workshop_summary", args=[closed.pk]),
            ),
            Page(
                "companion: learning question",
                reverse("workshops:learning_question_detail", args=[question.pk]),
            ),
            Page("companion: learning log", reverse("workshops:learning_log", args=[p])),
        ],
    }
    people = []
    for role, n, in_workshop in ORGANIZATION_ORDER:
        person = Person(role, bulk.email(index, role, n), index)
        if in_workshop:
            person.role, person.workshop = PARTICIPANT, live.pk
        elif role == "student":
            student = User.objects.get(email=person.email)
            story = (
                StoryAssignment.objects.filter(student=student, story__program=main)
                .order_by("story_id")
                .values_list("story_id", flat=True)
                .first()
            ) or missing(f"story assigned to student {n}")
            interview = Interview.objects.filter(story_id=story).order_by("pk").first()
            draft = StoryDraft.objects.filter(story_id=story).order_by("-version").first()
            if interview is None or draft is None:
                missing(f"interview and draft of student {n}'s story")
            person.interview = interview.pk
            person.questions = list(
                interview.question_set.questions.order_by("position").values_list("pk", flat=True)
            )
            person.pages = [
                Page("student: home", home),
                Page(
                    "student: story documentation",
                    reverse("documentation:story_documentation", args=[story]),
                ),
                Page(
                    "student: interview",
                    reverse("documentation:interview_detail", args=[interview.pk]),
                ),
                Page(
                    "student: interview (editing)",
                    reverse("documentation:interview_edit", args=[interview.pk]),
                ),
                Page("student: draft", reverse("documentation:draft_detail", args=[draft.pk])),
            ]
        else:
            person.pages = pages[role]
            if role == "committee":
                # Each member assesses their own share of the nominees on every criterion.
                mine = nominees[n - 1 :: 3] or nominees
                person.assessments = [(s, c) for s in mine for c in criteria]
        people.append(person)
    return people


def board_path(workshop: int, version: int | str) -> str:
    """The workshop board as the page's htmx polls it, with the version it last drew."""
    from django.urls import reverse

    return f"{reverse('workshops:workshop_board', args=[workshop])}?v={version}"
