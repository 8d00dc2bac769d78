"""The demo's learning community: a second organization learning with the first, shared stories,
a public library and a coordinator. Called from load_demo; safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from organizations.models import (
    Community,
    Department,
    Meeting,
    Organization,
    Program,
    ProgramTeam,
    Role,
    Stage,
    User,
)
from organizations.selectors import program_access
from organizations.services import membership_ensure, program_create
from stories.documentation.services import draft_approve, draft_save, interview_create
from stories.models import (
    Principle,
    PrincipleLink,
    SelectionDecision,
    StoryApproval,
    StoryShare,
    SuccessStory,
)
from stories.principles.services import principle_add
from stories.rights.selectors import publishability_for
from stories.rights.services import consent_record
from stories.selection.services import story_nominate, students_assign
from stories.selectors import story_get_for_user

DEMO_PASSWORD = "lfs-demo-2026"  # noqa: S105 - the demo users' printed password

COMMUNITY = "North Valley learning network"
ORG2 = "North Valley Family Centre"
PROGRAM2 = "Family support stories 2025"

PEOPLE2 = [
    ("director2@demo.lfs", "Rina Katz", Role.DIRECTOR),
    ("staff-nv@demo.lfs", "Hadas Peretz", Role.STAFF),
    ("committee-nv@demo.lfs", "Jamal Nasser", Role.COMMITTEE),
    ("student-nv@demo.lfs", "Lior Amar", Role.STUDENT),
]

# title, pseudonym, approved text, principles (situation, goal, action), shared
STORIES2 = [
    (
        "A father who came back to the table",
        "Mr. D.",
        "Mr. D. had stopped coming to the parents' meetings. His family worker asked him what "
        "time of day suited him and met him at the café near his work. Within three months he "
        "chaired the fathers' group.\n\nThe turning point was a meeting he set himself.",
        [
            (
                "a parent who has stopped coming",
                "renewed contact",
                "let the parent choose the time and place of the next meeting",
            ),
            (
                "a first meeting after a long silence",
                "trust",
                "ask about strengths before asking about problems",
            ),
        ],
        True,
    ),
    (
        "Homework club on the stairwell",
        "The B. children",
        "Three children of one building failed at school. A youth worker started a homework club "
        "on the stairwell, run by the older children themselves, and the school reports they now "
        "pass every subject.",
        [
            (
                "children who do not ask for help",
                "steady learning",
                "let the older children run the activity",
            ),
        ],
        True,
    ),
    (
        "Grandmother's kitchen",
        "Mrs. S.",
        "A grandmother raising her grandchildren alone was at risk of burnout. Her worker agreed "
        "each step with her before taking it, and a neighbours' rota now cooks with her twice a "
        "week.",
        [
            (
                "a carer who fears losing control",
                "a plan she owns",
                "agree each step with her before taking it",
            ),
        ],
        True,
    ),
    (
        "The night shelter that listened",
        "Mr. K.",
        "A young man left the night shelter for a flat of his own after the shelter staff began "
        "weekly conversations about what he wanted next.",
        [("a young man without a home", "a home of his own", "talk weekly about what he wants")],
        False,  # approved and consented, but the organization has not shared it
    ),
]

LINKED_TEXT = "We let the client decide the pace and the place of each step."


def demo_user(email: str, name: str, **extra) -> User:
    """A demo person (made once): signs in with the printed demo password."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name, **extra
        )
    return user


def _second_program(org2: Organization, people: dict[str, User]) -> Program:
    program = Program.objects.filter(organization=org2, title=PROGRAM2).first()
    if program is not None:
        return program
    department, _created = Department.objects.get_or_create(organization=org2, name="Families")
    program = program_create(
        organization=org2,
        title=PROGRAM2,
        description="Stories of the family centre, documented with the retrospective method.",
        committee_name="Family centre steering committee",
        starts_on=dt.date(2025, 9, 1),
        departments=[department],
    )
    director, staff = people["director2@demo.lfs"], people["staff-nv@demo.lfs"]
    committee, student = people["committee-nv@demo.lfs"], people["student-nv@demo.lfs"]
    for email, _name, role in PEOPLE2:
        membership_ensure(
            user=people[email],
            organization=org2,
            role=role,
            program=program,
            department=department if role == Role.STAFF else None,
        )
    program.stage = Stage.SELECTION
    program.save(update_fields=["stage"])
    meeting = Meeting.objects.create(
        program=program,
        kind=Meeting.Kind.SELECTION,
        title="Selection meeting 2025",
        held_at=timezone.now() - dt.timedelta(days=100),
        created_by=director,
    )
    for index, (title, pseudonym, text, principles, _shared) in enumerate(STORIES2):
        story = story_nominate(
            access=program_access(staff, program),
            told_by=staff,
            department=department,
            title=title,
            summary=text.split("\n\n")[0],
            success_in_worker_eyes="The goals agreed with the family were met.",
            success_in_client_eyes="The family describes a life that changed.",
            client_pseudonym=pseudonym,
        )
        SelectionDecision.objects.create(
            story=story,
            meeting=meeting,
            outcome="selected",
            reasons="The committee selected this story: the change is clear to all involved.",
            decided_by=committee,
        )
        story.status = SuccessStory.Status.SELECTED
        story.save(update_fields=["status"])
        students_assign(
            access=program_access(committee, program), story=story, students=[student], by=committee
        )
        access = story_get_for_user(student, story.pk)[1]
        interview = interview_create(
            access=access,
            story=story,
            by=student,
            interviewee_role="client",
            interviewee_label=pseudonym,
            held_on=dt.date(2025, 11, 3 + index),
            place="North Valley family centre",
        )
        for scope in ("interview", "publication"):
            consent_record(
                access=access,
                interview=interview,
                by=student,
                scope=scope,
                given_on=dt.date(2025, 11, 3 + index),
                method="written",
                language="en",
            )
        draft = draft_save(access=access, story=story, by=student, body=text)
        draft_approve(access=story_get_for_user(committee, story.pk)[1], draft=draft, by=committee)
        for situation, goal, action in principles:
            principle_add(
                access=access,
                story=story,
                by=student,
                situation=situation,
                goal=goal,
                action=action,
            )
    program.stage = Stage.PROCESSING
    program.stage_changed_at = timezone.now()
    program.save(update_fields=["stage", "stage_changed_at"])
    return program


def load_demo(org: Organization, users: dict[str, User], programs: list[Program]) -> None:
    org2, _created = Organization.objects.get_or_create(
        name=ORG2, defaults={"slug": "north-valley", "kind": Organization.Kind.NGO}
    )
    people = {email: demo_user(email, name) for email, name, _role in PEOPLE2}
    coordinator = demo_user("coordinator@demo.lfs", "Michal Oren")
    program2 = _second_program(org2, people)

    community, _created = Community.objects.get_or_create(
        name=COMMUNITY,
        defaults={
            "description": "Family and welfare services of the North Valley, learning from "
            "their successes together."
        },
    )
    community.organizations.add(org, org2)
    community.coordinators.add(coordinator)

    # The current program is a community program with a team of the family centre.
    current, documented = programs[0], programs[1]
    if current.community_id != community.pk:
        current.community = community
        current.save(update_fields=["community"])
    ProgramTeam.objects.get_or_create(program=current, organization=org2)
    membership_ensure(user=people["director2@demo.lfs"], organization=org2, role=Role.DIRECTOR)

    # Sharing: the family centre shares all but one of its approved stories and opens its
    # library to the public; Riverside shares two of its approved, consented stories.
    shared_titles = {title for title, *_rest, shared in STORIES2 if shared}
    for story in program2.stories.filter(title__in=shared_titles):
        StoryShare.objects.get_or_create(
            story=story, defaults={"shared_by": people["director2@demo.lfs"]}
        )
    if not org2.library_public:
        org2.library_public = True
        org2.save(update_fields=["library_public"])
    approved = list(
        documented.stories.filter(pk__in=StoryApproval.objects.values("story_id")).order_by("pk")
    )
    publishable = publishability_for(approved)
    for story in [s for s in approved if publishable[s.pk].ok][:2]:
        StoryShare.objects.get_or_create(
            story=story, defaults={"shared_by": users["director@demo.lfs"]}
        )

    # One link of principles that say the same thing across the two organizations.
    if not PrincipleLink.objects.filter(community=community, text=LINKED_TEXT).exists():
        theirs = Principle.objects.filter(
            story__program=program2, action__icontains="choose the time"
        ).first()
        ours = (
            Principle.objects.filter(story__share__isnull=False, story__program=documented)
            .order_by("pk")
            .first()
        )
        grandmother = Principle.objects.filter(
            story__program=program2, action__icontains="agree each step"
        ).first()
        chosen = [p for p in (theirs, ours, grandmother) if p is not None]
        if len(chosen) >= 2:
            link = PrincipleLink.objects.create(
                community=community, text=LINKED_TEXT, created_by=coordinator
            )
            link.principles.set(chosen)
