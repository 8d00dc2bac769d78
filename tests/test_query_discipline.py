"""Query discipline, for EVERY page of the project (enumerated from the URL resolver):

1. the number of SQL queries is the same whether the program holds 2 or 12 of everything
   (stories, interviews per story, principles, workshops, contributions per workshop, cycles,
   log entries, patterns, book entries, ...), built by demo.bulk.fill_program;
2. no query runs while a template renders: views and selectors hand templates evaluated data
   (lists, prefetched relations), never a lazy queryset that a template would evaluate.

A new page must be added to PAGES (the ids it needs and the role that may open it) or to
SKIP (with the reason); otherwise test_every_page_is_covered fails and names it.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.template import base as template_base
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from demo.bulk import People, Volumes, Writer, fill_program
from tests.urlnames import view_name

from .conftest import build_world
from .factories import StoryFactory

SMALL, LARGE = 2, 12

# url name -> (ids kind, who opens it)
PAGES: dict[str, tuple[str, str]] = {
    "home": ("none", "director"),
    "program_dashboard": ("program", "director"),
    "nominations": ("program", "committee"),
    "nominate": ("program", "teller"),
    "criteria": ("program", "committee"),
    "criterion_edit": ("criterion", "committee"),
    "committee": ("program", "director"),
    "meeting_create": ("program", "committee"),
    "coverage": ("program", "committee"),
    "meeting_detail": ("meeting", "committee"),
    "meeting_edit": ("meeting", "committee"),
    "story_detail": ("story", "committee"),
    "program_new": ("org", "director"),
    "documentation_overview": ("program", "director"),
    "story_documentation": ("doc", "student"),
    "story_assign": ("doc", "committee"),
    "interview_create": ("doc", "student"),
    "client_identity": ("doc", "student"),
    "draft_write": ("doc", "student"),
    "draft_compare": ("doc", "committee"),
    "interview_detail": ("interview", "student"),
    "interview_edit": ("interview", "student"),
    "consent_add": ("interview", "student"),
    "consent_withdraw": ("consent", "student"),
    "consent_texts": ("org", "director"),
    "consent_text_edit": ("consent_text", "director"),
    "draft_detail": ("draft", "committee"),
    "principle_add": ("doc", "student"),
    "program_principles": ("program", "committee"),
    "principle_matrix": ("program", "committee"),
    "program_questions": ("program", "director"),
    "question_set_detail": ("question_set", "director"),
    "interview_guide": ("question_set", "student"),
    "question_set_adapt": ("org", "director"),
    "workshops": ("program", "companion"),
    "workshop_plan": ("program", "companion"),
    "workshop_join": ("none", "student"),
    "workshop_detail": ("workshop", "companion"),
    "workshop_board": ("workshop", "student"),
    "workshop_summary": ("closed_workshop", "companion"),
    "workshop_room": ("workshop", "companion"),
    "room_board": ("workshop", "companion"),
    "contribution_promote": ("contribution", "companion"),
    "learning_questions": ("program", "companion"),
    "learning_question_detail": ("lq", "committee"),
    "cycle_edit": ("cycle", "companion"),
    "learning_log": ("program", "student"),
    "learning_patterns": ("program", "companion"),
    "unit_dashboard": ("none", "unit"),
    "companion_list": ("none", "unit"),
    "companion_detail": ("companion", "unit"),
    "cohort_list": ("none", "unit"),
    "cohort_detail": ("cohort", "unit"),
    "program_books": ("program", "director"),
    "book_detail": ("book", "director"),
    "book_edit": ("book", "committee"),
    "book_render_status": ("render", "director"),
    "audit_log": ("none", "director"),
    "unit_audit_log": ("none", "unit"),
    "two_factor_setup": ("none", "director"),
    "client_data": ("doc", "director"),
    "client_erase": ("doc", "director"),
    "community_list": ("none", "director"),
    "community_create": ("none", "unit"),
    "community_detail": ("community", "director"),
    "community_manage": ("community", "unit"),
    "program_team_stories": ("program", "other_director"),
    "library": ("none", "director"),
    "library_story": ("shared", "other_director"),
    "library_public": ("none", "anonymous"),
    "library_public_story": ("shared", "anonymous"),
    "program_library_sharing": ("program", "director"),
    "event_list": ("none", "director"),
    "event_new": ("none", "director"),
    "event_detail": ("event", "director"),
    "event_edit": ("event", "director"),
    "reflection_templates": ("none", "companion"),
    "reflection_template_new": ("none", "companion"),
    "reflection_template_detail": ("template", "companion"),
    "reflection_template_edit": ("template", "companion"),
    "search": ("none", "director"),
    "program_timeline": ("program", "director"),
    "codebook": ("program", "committee"),
    "code_detail": ("ana_code", "committee"),
    "code_edit": ("ana_code", "committee"),
    "import_qdc": ("program", "committee"),
    "interview_coding": ("interview", "student"),
    "principle_draft": ("ana_draft", "student"),
    "matrix_cell": ("ana_cell", "committee"),
    "people": ("org", "director"),
    "populations": ("program", "committee"),
    "companion_invitations": ("none", "unit"),
}

#: Query strings for pages that show nothing without one.
QUERY = {"search": "q=the"}

_POST_ONLY = "POST only: an action that changes state, not a page"
_FILE = "a file download (CSV, JSON, PDF or an upload), no template"
_PUBLIC = "public or account page of django.contrib.auth, no project data"
SKIP: dict[str, str] = {
    **dict.fromkeys(
        [
            "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
            "password_reset_complete", "password_change", "password_change_done",
            "set_language", "healthz", "two_factor_verify",
        ],
        _PUBLIC,
    ),
    **dict.fromkeys(
        [
            "interview_file", "consent_evidence", "principle_matrix_csv", "principles_csv",
            "book_render_download", "client_export_json", "client_export_pdf",
            "program_export_json", "export_qdc", "export_qdpx",
            "program_export_json", "summary_csv", "summary_pdf", "workshop_ics", "meeting_ics",
            "event_ics", "book_render_epub", "book_render_web",
        ],
        _FILE,
    ),
    **dict.fromkeys(
        [
            "program_stage", "committee_edit", "committee_member_add", "committee_member_remove",
            "meeting_decision_add", "criterion_move", "criterion_delete", "assessment_save",
            "assessments_save",
            "decision_save", "answer_autosave", "draft_comment", "draft_approve", "evidence_add",
            "principles_merge", "workshop_join_here", "workshop_open", "workshop_step",
            "workshop_contribute", "workshop_reveal", "workshop_timer", "workshop_group",
            "workshop_voting", "workshop_action", "workshop_close", "contribution_group",
            "contribution_vote", "action_item_done", "learning_question_stage", "cycle_add",
            "log_entry_share", "pattern_evidence_add", "companion_assign",
            "support_session_add", "assignment_end", "attendance_save", "book_entry_add",
            "book_entries_order", "book_entry_move", "book_entry_remove", "book_publications",
            "publication_add", "book_render_request", "book_presentation_request",
            "community_organization_add", "community_organization_remove",
            "community_coordinator_add", "community_coordinator_remove",
            "community_program_attach", "community_team_add", "community_team_remove",
            "principle_link_create", "principle_link_delete", "story_share",
            "organization_library_public", "event_register", "event_unregister",
            "event_attendance", "code_delete", "codes_merge", "passage_codes", "passage_delete",
            "event_attendance", "contribution_remove", "contribution_merge",
            "workshop_guest_link", "workshop_open_ahead", "summary_send", "guest_contribute",
            "guest_vote", "workshop_breakout", "breakout_report", "guest_breakout_report",
            "invite", "membership_role", "membership_remove", "person_deactivate",
            "invitation_withdraw", "population_edit", "population_merge", "book_cover",
        ],
        _POST_ONLY,
    ),
    **dict.fromkeys(
        ["guest_join", "guest_board", "guest_poll"],
        "a guest's page (no account, the session holds the guest): tests/test_workshop_guests.py",
    ),
    "book_preview": "the book's web edition made on the spot: a document like a render (it"
    " reads what the book holds, as the render does), not a page of the app",
    "accept": "an invitation's sign-up page (no account yet, by its token): tests/test_people.py",
}  # fmt: skip


# Pages whose templates still evaluate a lazy queryset (a constant number of queries, checked
# above, but run during rendering): known debt, reported as xfail; the test fails once a page
# is clean so that it is taken off this list. Empty: every page hands its template evaluated
# data (lists, prefetched relations, form choices computed in the view with
# lfs_site.evaluate.choices_evaluated). Keep it empty.
LAZY_IN_TEMPLATE: dict[str, str] = {}


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if getattr(p, "namespace", None) != "admin":
                    walk(p.url_patterns, p.namespace)
            elif p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_page_is_covered():
    missing = sorted(project_url_names() - set(PAGES) - set(SKIP))
    assert not missing, (
        "pages without query-discipline coverage: add each to PAGES in "
        f"tests/test_query_discipline.py (ids kind and role), or to SKIP with a reason: {missing}"
    )


# The builder -----------------------------------------------------------------------------


def build(n: int) -> tuple[dict[str, list], dict]:
    """The conftest world, its program grown to n of everything; the ids of each kind."""
    from companions.models import (
        Attendance,
        CompanionAssignment,
        CompanionProfile,
        TrainingCohort,
        TrainingSession,
    )
    from methods.models import Contribution, InquiryCycle, LearningQuestion, Workshop
    from methods.selectors import question_set_default
    from publications.models import BookRender, StoryBook
    from stories.models import Consent, Interview, StoryAssignment, StoryDraft

    world = build_world()
    program = world.program
    profile = CompanionProfile.objects.create(user=world.companion, languages="Hebrew")
    CompanionAssignment.objects.create(companion=profile, program=program, assigned_by=world.unit)
    people = People(
        director=world.director,
        staff=[world.teller, world.staff],
        committee=[world.committee, world.committee2],
        students=[world.student],
        companion=world.companion,
        departments=world.departments,
        staff_departments=list(world.departments),
    )
    volumes = Volumes.scaled(n)
    volumes.interviews_per_story = n // 2 + 1
    volumes.principles_per_story = n // 2 + 1
    fill_program(program, people, volumes, rng=random.Random(n), writer=Writer(), with_book=True)
    cohort = TrainingCohort.objects.create(name="Cohort")
    cohort.members.add(profile)
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(cohort=cohort, held_on=dt.date(2026, 1, 1 + k), topic=f"T{k}")
        for k in range(n)
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, companion=profile, present=True) for s in sessions
    )
    doc = (
        StoryAssignment.objects.filter(student=world.student, story__program=program)
        .exclude(story=world.doc_story)
        .order_by("story_id")
        .first()
        .story_id
    )
    interview = Interview.objects.filter(story_id=doc).order_by("pk").first()
    workshop = Workshop.objects.filter(program=program, status="open").first()
    closed = Workshop.objects.filter(program=program, status="closed").order_by("pk").first()
    lq = LearningQuestion.objects.filter(program=program).order_by("-pk").first()
    book = StoryBook.objects.filter(program=program).first()
    render = BookRender.objects.create(
        book=book,
        version=1,
        status="done",
        progress=100,
        requested_by=world.director,
        pages=40,
        finished_at=timezone.now(),
    )
    from stories.models import ConsentText

    ConsentText.objects.bulk_create(
        ConsentText(
            organization=world.org,
            scope="publication",
            language="en",
            version=k,
            label=f"Form {k}",
            text=f"Version {k} of what the person agrees to when the story is published.",
            created_by=world.director,
        )
        for k in range(1, n + 1)
    )
    community_ids = _grow_community(world, n)
    meeting = program.meetings.filter(kind="selection").order_by("-pk").first()
    story = program.stories.filter(status="selected", decisions__isnull=False).first()
    ids = {
        "none": [],
        "program": [program.pk],
        "org": [world.org.pk],
        "criterion": [program.pk, program.criteria.first().pk],
        "meeting": [meeting.pk],
        "story": [story.pk],
        "doc": [doc],
        "interview": [interview.pk],
        "consent": [Consent.objects.filter(interview=interview).first().pk],
        "consent_text": [world.org.pk, "publication", "en"],
        "draft": [StoryDraft.objects.filter(story_id=doc).order_by("-version").first().pk],
        "question_set": [question_set_default().pk],
        "workshop": [workshop.pk],
        "closed_workshop": [closed.pk],
        "contribution": [Contribution.objects.filter(workshop=closed).first().pk],
        "lq": [lq.pk],
        "cycle": [InquiryCycle.objects.filter(learning_question=lq).first().pk],
        "companion": [profile.pk],
        "cohort": [cohort.pk],
        "book": [book.pk],
        "render": [render.pk],
        **community_ids,
        **_grow_analysis(world, interview, n),
    }
    return ids, world.people()


def _grow_analysis(world, interview, n: int) -> dict[str, list]:
    """n codes (in a tree), a passage of each answer of the interview coded with two of them,
    and a principle of the story drafted from them with n pieces of evidence, merged into a
    common principle (the matrix's cell)."""
    from analysis.models import Code, CodedPassage, PrincipleSource
    from stories.models import CommonPrinciple, Principle, PrincipleEvidence

    program = world.program
    codes = []
    for k in range(n):
        codes.append(
            Code.objects.create(program=program, name=f"Code {k}", parent=codes[0] if k else None)
        )
    answers = [a for a in interview.answers.order_by("pk") if len(a.text) > 12]
    passages = []
    for k, answer in enumerate(answers):
        passage = CodedPassage.objects.create(
            interview=interview,
            source="answer",
            answer=answer,
            start=0,
            end=10,
            quote=answer.text[:10],
            created_by=world.student,
        )
        passage.codes.set([codes[0], codes[k % n]])
        passages.append(passage)
    common = CommonPrinciple.objects.create(program=program, text="We let the client lead")
    principle = Principle.objects.create(
        story=interview.story, common=common, situation="s", goal="g", action="a"
    )
    for passage in passages[:n]:
        evidence = PrincipleEvidence.objects.create(
            principle=principle, answer=passage.answer, quote=passage.quote
        )
        PrincipleSource.objects.create(
            principle=principle, passage=passage, evidence=evidence, code=codes[0]
        )
    return {
        "ana_code": [codes[0].pk],
        "ana_draft": [codes[0].pk, interview.story_id],
        "ana_cell": [program.pk, common.pk, interview.story_id],
    }


def _grow_community(world, n: int) -> dict[str, list]:
    """The program in a community with the other organization as a partner team telling n
    stories; every approved story shared and the organization's library public; n learning
    events and n shared reflection templates."""
    from companions.models import EventRegistration, LearningEvent
    from methods.models import ReflectionTemplate, TemplateStep
    from organizations.models import Community, Department, ProgramTeam
    from stories.models import StoryApproval, StoryShare

    community = Community.objects.create(name="Valley network")
    community.organizations.add(world.org, world.other_org)
    community.coordinators.add(world.unit)
    world.program.community = community
    world.program.save(update_fields=["community"])
    ProgramTeam.objects.create(program=world.program, organization=world.other_org)
    partner_department = Department.objects.create(organization=world.other_org, name="Hill")
    StoryFactory.create_batch(
        n, program=world.program, told_by=world.other_staff, department=partner_department
    )
    world.org.library_public = True
    world.org.save(update_fields=["library_public"])
    StoryApproval.objects.get_or_create(
        story=world.doc_story, defaults={"draft": world.draft, "approved_by": world.committee}
    )
    approved = StoryApproval.objects.filter(story__program=world.program).values_list(
        "story_id", flat=True
    )
    StoryShare.objects.bulk_create(
        StoryShare(story_id=pk, shared_by=world.director) for pk in approved
    )
    events = LearningEvent.objects.bulk_create(
        LearningEvent(
            kind="lecture",
            title=f"Lecture {k}",
            starts_at=timezone.now() + dt.timedelta(days=k + 1),
            place="Hall",
            community=community,
            organization=world.org,
            organizer=world.director,
        )
        for k in range(n)
    )
    EventRegistration.objects.bulk_create(
        EventRegistration(event=events[0], user=user)
        for user in (world.director, world.committee, world.staff)[: max(1, n // 4)]
    )
    templates = [
        ReflectionTemplate.objects.create(
            name=f"Round {k}", purpose="A round.", author=world.companion
        )
        for k in range(n)
    ]
    for template in templates:
        template.communities.add(community)
    TemplateStep.objects.bulk_create(
        TemplateStep(template=t, position=i + 1, title=f"Step {i}", timer_minutes=5)
        for t in templates
        for i in range(n)
    )
    shared = StoryShare.objects.order_by("story_id").first()
    return {
        "community": [community.pk],
        "shared": [shared.story_id],
        "event": [events[0].pk],
        "template": [templates[0].pk],
    }


# Counting --------------------------------------------------------------------------------


@contextmanager
def queries_during_render(found: list[str]):
    """Record every query run while a template renders (context processors excluded: they
    run before the template does)."""
    original = template_base.Template._render
    depth = {"n": 0}

    def record(execute, sql, params, many, context):
        found.append(sql)
        return execute(sql, params, many, context)

    def _render(self, context):
        depth["n"] += 1
        try:
            if depth["n"] == 1:
                with connection.execute_wrapper(record):
                    return original(self, context)
            return original(self, context)
        finally:
            depth["n"] -= 1

    template_base.Template._render = _render
    try:
        yield
    finally:
        template_base.Template._render = original


def measure(client, n: int, url_name: str) -> tuple[int, list[str], list[str]]:
    kind, role = PAGES[url_name]
    with transaction.atomic():
        ids, people = build(n)
        if people[role] is not None:
            client.force_login(people[role])
        url = reverse(view_name(url_name), args=ids[kind])
        if url_name in QUERY:
            url += "?" + QUERY[url_name]
        warm = client.get(url)
        assert warm.status_code == 200, f"{url_name} as {role}: HTTP {warm.status_code}"
        in_render: list[str] = []
        with CaptureQueriesContext(connection) as ctx, queries_during_render(in_render):
            response = client.get(url)
        assert response.status_code == 200
        transaction.set_rollback(True)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], in_render


@pytest.mark.parametrize("url_name", sorted(PAGES))
def test_page_queries_are_constant_and_none_run_while_rendering(db, client, url_name):
    if url_name not in project_url_names():
        pytest.fail(f"{url_name} is in PAGES but no longer a URL name: remove it")
    small, _small_sql, render_small = measure(client, SMALL, url_name)
    large, large_sql, render_large = measure(client, LARGE, url_name)
    assert small == large, (
        f"{url_name}: {small} queries with {SMALL} of everything, {large} with {LARGE}:\n"
        + "\n".join(large_sql)
    )
    if url_name in LAZY_IN_TEMPLATE:
        if not render_large:
            pytest.fail(
                f"{url_name} no longer queries while rendering: take it off LAZY_IN_TEMPLATE"
            )
        pytest.xfail(f"{LAZY_IN_TEMPLATE[url_name]}: {len(render_large)} queries")
    assert not render_large, (
        f"{url_name}: {len(render_large)} queries ran while the template rendered "
        "(evaluate them in the view or selector):\n" + "\n".join(render_large)
    )
