"""Build a demo program: `python manage.py load_demo` (safe to run again)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from demo import communities as demo_communities
from demo import companions as demo_companions
from demo import events as demo_events
from demo import hand_in_hand as demo_hand_in_hand
from demo import methods as demo_methods
from demo import publications as demo_publications
from demo import reflection_templates as demo_reflection_templates
from demo.documented import COMMON_PRINCIPLES, DOCUMENTED, TO_DOCUMENT
from organizations.models import (
    Department,
    Meeting,
    Organization,
    Program,
    Role,
    Stage,
    SteeringCommittee,
    User,
)
from organizations.role_audit import acting
from organizations.selectors import program_access
from organizations.services import membership_ensure, program_create
from stories.documentation.services import answer_save, draft_approve, draft_save, interview_create
from stories.models import Assessment, SelectionDecision, SuccessStory
from stories.principles.services import common_principle_create, evidence_add, principle_add
from stories.rights.services import consent_record
from stories.selection.services import assessment_record, story_nominate, students_assign
from stories.selectors import story_get_for_user

DEMO_PASSWORD = "lfs-demo-2026"  # noqa: S105 - printed for the demo users, never used elsewhere

DEPARTMENTS = [
    "Families and children",
    "Adults and employment",
    "Elderly and disability",
    "Community and youth",
]

PEOPLE = [
    # email, name, role, department index
    ("director@demo.lfs", "Dana Levi", Role.DIRECTOR, None),
    ("committee@demo.lfs", "Yossi Cohen", Role.COMMITTEE, None),
    ("committee2@demo.lfs", "Samira Haddad", Role.COMMITTEE, None),
    ("staff@demo.lfs", "Maya Ben-David", Role.STAFF, 0),
    ("staff2@demo.lfs", "Omar Khalil", Role.STAFF, 1),
    ("staff3@demo.lfs", "Ruth Mizrahi", Role.STAFF, 2),
    ("student@demo.lfs", "Noa Friedman", Role.STUDENT, None),
    ("companion@demo.lfs", "Avi Shapiro", Role.COMPANION, None),
]

STORIES = [
    # title, teller, department, pseudonym, tags, summary, worker view, client view
    (
        "Back to work after ten years",
        "staff2@demo.lfs",
        1,
        "R.",
        "long-term unemployed, men 50+",
        "A man out of work for a decade found steady employment in a bakery after a year of "
        "small steps planned together with his employment coordinator.",
        "He has kept the job for eight months and supports his family again.",
        "He says he feels like a father his children can be proud of.",
    ),
    (
        "A family that stayed together",
        "staff@demo.lfs",
        0,
        "The Ayalon family",
        "single parents, children at risk",
        "A mother of three at risk of having her children placed outside the home rebuilt a "
        "daily routine with the help of a family worker and a volunteer mentor.",
        "The children are at home and attend school regularly; the risk assessment was lowered.",
        "The mother says that for the first time someone believed she could do it.",
    ),
    (
        "From isolation to a neighbourhood club",
        "staff3@demo.lfs",
        2,
        "Mrs. T.",
        "elderly living alone",
        "An 82-year-old widow who had not left her flat for a year now runs the knitting circle "
        "of the neighbourhood club.",
        "Her loneliness score fell and her GP visits became routine rather than emergencies.",
        "She says she has a reason to get dressed in the morning.",
    ),
    (
        "A young man leaves the street gang",
        "staff@demo.lfs",
        3,
        "D.",
        "youth at risk, new immigrants",
        "A seventeen-year-old who had dropped out of school joined a youth workshop, finished "
        "his matriculation exams and enlisted.",
        "No new police files in two years; he completed his exams.",
        "He says the youth worker never gave up on him, even when he did.",
    ),
    (
        "Debt plan that held",
        "staff2@demo.lfs",
        1,
        "The N. family",
        "families in poverty",
        "A couple with large debts agreed a repayment plan and kept to it with monthly "
        "budgeting meetings.",
        "All creditors were paid on schedule for eighteen months.",
        "They say they sleep at night again.",
    ),
    (
        "Living independently with a disability",
        "staff3@demo.lfs",
        2,
        "Y.",
        "people with disabilities",
        "A young woman with a physical disability moved from her parents' home into an "
        "adapted flat of her own.",
        "She manages her own care schedule and budget.",
        "She says she decides about her life now.",
    ),
    (
        "Reconnecting a father and his son",
        "staff@demo.lfs",
        0,
        "A.",
        "divorced parents, Arabic-speaking",
        "A father who had not seen his son for three years rebuilt contact through supervised "
        "meetings that grew into regular weekends.",
        "Supervision was lifted after a year; the visits continue.",
        "The father says his son calls him on his own now.",
    ),
    (
        "Return to school after a long absence",
        "staff@demo.lfs",
        3,
        "L.",
        "youth at risk",
        "A fourteen-year-old girl who had been absent from school for most of a year returned "
        "with a plan agreed by her parents, the school and the social worker.",
        "Her attendance is above ninety per cent this year.",
        "She says she has friends again.",
    ),
    (
        "חזרה לעבודה אחרי מחלה",
        "staff2@demo.lfs",
        1,
        "ש.",
        "מתמודדי נפש, תעסוקה",
        "אישה שהתמודדה עם דיכאון ממושך חזרה לעבודה במשרה חלקית בליווי רכזת תעסוקה.",
        "היא מתמידה בעבודה כבר שנה ומעלה את היקף המשרה בהדרגה.",
        "לדבריה, היא מרגישה שוב שיש לה מקום בעולם.",
    ),
    (
        "משפחה שמצאה בית",
        "staff@demo.lfs",
        0,
        "משפחת ג.",
        "משפחות חד-הוריות, דיור",
        "אם לשלושה ילדים שפונתה מדירתה מצאה דיור קבע בעזרת עובדת סוציאלית ועמותה שכונתית.",
        "המשפחה בדירה קבועה כבר שנה והילדים לא החליפו בית ספר.",
        "האם אומרת שהילדים סוף סוף ישנים בשקט.",
    ),
    (
        "קשיש שחזר לקהילה",
        "staff3@demo.lfs",
        2,
        "מר ב.",
        "קשישים בודדים",
        "קשיש בודד שהסתגר בביתו אחרי מות אשתו מתנדב היום פעמיים בשבוע בספריה השכונתית.",
        "הוא יוצא מהבית באופן קבוע ומצבו הבריאותי התייצב.",
        "הוא אומר שהספרים החזירו לו את החברים.",
    ),
    (
        "Mediation that ended a neighbours' feud",
        "staff2@demo.lfs",
        3,
        "The two families of building 4",
        "community, new immigrants",
        "A two-year conflict between neighbours that had reached the police was resolved in "
        "four mediation meetings held by a community worker.",
        "No complaints since; the families organised a joint building repair.",
        "Both families say they feel safe at home again.",
    ),
]


PREVIOUS_TITLE = "Learning from success 2025"


class Command(BaseCommand):
    help = "Create (or bring up to date) a demo organization with a program in its selection stage."

    def handle(self, *args, **options) -> None:
        # Roles given or changed by the command are recorded as made by way of it.
        with acting(via="manage.py load_demo"):
            return self.run(*args, **options)

    @transaction.atomic
    def run(self, *args, **options) -> None:
        org, _ = Organization.objects.get_or_create(
            slug="riverside",
            defaults={
                "name": "Riverside Social Services Division",
                "kind": Organization.Kind.SOCIAL_SERVICES,
            },
        )
        departments = [
            Department.objects.get_or_create(organization=org, name=name)[0] for name in DEPARTMENTS
        ]
        program = Program.objects.filter(
            organization=org, title="Learning from success 2026"
        ).first()
        if program is None:
            program = program_create(
                organization=org,
                title="Learning from success 2026",
                description=(
                    "The division's first learning-from-success program: a dozen successes "
                    "across the four departments, documented by social-work students and "
                    "published as a story book."
                ),
                committee_name="Riverside steering committee",
                starts_on=dt.date(2026, 9, 1),
            )
        program.departments.set(departments)
        if program.stage == Stage.STEERING:
            program.stage = Stage.SELECTION
            program.stage_changed_at = timezone.now()
            program.save(update_fields=["stage", "stage_changed_at"])

        users = {}
        for email, name, role, dept in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
            users[email] = user
            membership_ensure(
                user=user,
                organization=org,
                role=role,
                program=program,
                department=departments[dept] if dept is not None else None,
            )
        unit = User.objects.filter(email="unit@demo.lfs").first()
        if unit is None:
            unit = User.objects.create_user(
                email="unit@demo.lfs",
                password=DEMO_PASSWORD,
                full_name="Tamar Golan",
                is_unit=True,
                is_staff=True,
                is_superuser=True,
            )
        committee = SteeringCommittee.objects.get(program=program)
        if committee.chair_id is None:
            committee.chair = users["committee@demo.lfs"]
            committee.mandate = (
                "Sets the selection criteria, chooses the successes to document and approves "
                "the story book."
            )
            committee.save(update_fields=["chair", "mandate"])

        for title, teller, dept, pseudonym, tags, summary, worker, client in STORIES:
            if SuccessStory.objects.filter(program=program, title=title).exists():
                continue
            teller_user = users[teller]
            story_nominate(
                access=program_access(teller_user, program),
                told_by=teller_user,
                department=departments[dept],
                title=title,
                summary=summary,
                success_in_worker_eyes=worker,
                success_in_client_eyes=client,
                client_pseudonym=pseudonym,
                tags=tags,
            )

        # The chair has assessed the first four nominees; the others are waiting.
        chair = users["committee@demo.lfs"]
        chair_access = program_access(chair, program)
        criteria = list(program.criteria.all())
        verdicts = ["met", "met", "unsure"]
        for story in program.stories.order_by("pk")[:4]:
            if Assessment.objects.filter(story=story, assessor=chair).exists():
                continue
            for criterion, verdict in zip(criteria, verdicts, strict=False):
                assessment_record(
                    access=chair_access,
                    story=story,
                    criterion=criterion,
                    assessor=chair,
                    verdict=verdict,
                )

        now = timezone.now()
        Meeting.objects.get_or_create(
            program=program,
            title="Steering committee: opening meeting",
            defaults={
                "kind": Meeting.Kind.STEERING,
                "held_at": now - dt.timedelta(days=30),
                "location": "Town hall, room 3",
                "agenda": "1. The program and its stages\n2. Departments taking part\n3. Criteria",
                "minutes": "The committee adopted the three default criteria and asked every "
                "department to nominate at least two successes.",
                "created_by": users["director@demo.lfs"],
            },
        )
        Meeting.objects.get_or_create(
            program=program,
            title="Selection meeting",
            defaults={
                "kind": Meeting.Kind.SELECTION,
                "held_at": now + dt.timedelta(days=7),
                "location": "Town hall, room 3",
                "agenda": "Decide on each nominee; check that together they cover the clientele.",
                "created_by": users["director@demo.lfs"],
            },
        )

        documented = self._documented_program(org, departments, users)
        # Later parts of the demo (each idempotent), given the organization, the demo users
        # (by e-mail) and the two programs:
        for part in (
            demo_companions,
            demo_methods,
            demo_publications,
            demo_hand_in_hand,
            demo_communities,
            demo_reflection_templates,
            demo_events,
        ):
            part.load_demo(org, users, [program, documented])

        self.stdout.write(self.style.SUCCESS(f"Demo program: {program} (id {program.pk})"))
        self.stdout.write(
            self.style.SUCCESS(f"Demo program: {documented} (id {documented.pk}, processing)")
        )
        self.stdout.write(f"Every demo user's password is: {DEMO_PASSWORD}")
        for email, name, role, _dept in PEOPLE:
            self.stdout.write(f"  {role.label:<20} {email:<24} {name}")
        self.stdout.write(f"  {'LFS unit (admin)':<20} {'unit@demo.lfs':<24} {unit.full_name}")

    def _documented_program(self, org, departments, users) -> Program:
        """A program in its processing stage: stories documented, drafts approved, principles."""
        program = Program.objects.filter(organization=org, title=PREVIOUS_TITLE).first()
        if program is not None:
            return program
        program = program_create(
            organization=org,
            title=PREVIOUS_TITLE,
            description="Stories of the previous year, documented by social-work students.",
            committee_name="Riverside steering committee 2025",
            starts_on=dt.date(2025, 9, 1),
        )
        program.departments.set(departments)
        committee, student, companion = (
            users["committee@demo.lfs"],
            users["student@demo.lfs"],
            users["companion@demo.lfs"],
        )
        for user, role in (
            (committee, Role.COMMITTEE),
            (users["committee2@demo.lfs"], Role.COMMITTEE),
            (student, Role.STUDENT),
            (companion, Role.COMPANION),
        ):
            membership_ensure(user=user, organization=org, role=role, program=program)
        meeting = Meeting.objects.create(
            program=program,
            kind=Meeting.Kind.SELECTION,
            title="Selection meeting 2025",
            held_at=timezone.now() - dt.timedelta(days=120),
            created_by=users["director@demo.lfs"],
        )
        program.stage = Stage.SELECTION
        program.save(update_fields=["stage"])
        staff = [users["staff@demo.lfs"], users["staff2@demo.lfs"], users["staff3@demo.lfs"]]

        def nominate(data, index):
            teller = staff[index % len(staff)]
            story = story_nominate(
                access=program_access(teller, program),
                told_by=teller,
                department=departments[data["department"]],
                title=data["title"],
                summary=data.get("summary") or data["draft"].split("\n\n")[0],
                success_in_worker_eyes="The goals agreed with the client were met and held.",
                success_in_client_eyes="The client describes a life that changed.",
                client_pseudonym=data["pseudonym"],
                tags=data["tags"],
            )
            SelectionDecision.objects.create(
                story=story,
                meeting=meeting,
                outcome="selected",
                reasons="The committee selected this story: the change is clear in the eyes of "
                "both the worker and the client.",
                decided_by=committee,
            )
            story.status = SuccessStory.Status.SELECTED
            story.save(update_fields=["status"])
            students_assign(
                access=program_access(committee, program),
                story=story,
                students=[student],
                by=committee,
            )
            return story

        commons = {
            key: common_principle_create(
                access=program_access(committee, program),
                by=committee,
                text=text,
                category_name=category,
            )
            for key, (text, category) in COMMON_PRINCIPLES.items()
        }
        for index, data in enumerate(DOCUMENTED):
            story = nominate(data, index)
            access = story_get_for_user(student, story.pk)[1]
            interviews = []
            for role, label, answers in data["interviews"]:
                interview = interview_create(
                    access=access,
                    story=story,
                    by=student,
                    interviewee_role=role,
                    interviewee_label=label,
                    held_on=dt.date(2025, 11, 10 + index),
                    place="Riverside welfare office",
                )
                # Consent to the interview comes before its answers are written down.
                for scope in ("interview", "publication"):
                    consent_record(
                        access=access,
                        interview=interview,
                        by=student,
                        scope=scope,
                        given_on=dt.date(2025, 11, 10 + index),
                        method="written",
                        language="en",
                    )
                for question in interview.question_set.questions.order_by("position"):
                    answer_save(
                        access=access,
                        interview=interview,
                        question_id=question.pk,
                        text=answers[question.position - 1],
                    )
                interviews.append(interview)
            draft = draft_save(access=access, story=story, by=student, body=data["draft"])
            draft_approve(
                access=story_get_for_user(committee, story.pk)[1], draft=draft, by=committee
            )
            for situation, goal, action_text, key, (i, q, quote) in data["principles"]:
                principle = principle_add(
                    access=access,
                    story=story,
                    by=student,
                    situation=situation,
                    goal=goal,
                    action=action_text,
                    common=commons[key],
                )
                answer = interviews[i].answers.get(question__position=q)
                evidence_add(access=access, principle=principle, answer=answer, quote=quote)
        nominate(TO_DOCUMENT, 1)
        program.stage = Stage.PROCESSING
        program.stage_changed_at = timezone.now()
        program.save(update_fields=["stage", "stage_changed_at"])
        return program
