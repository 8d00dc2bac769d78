"""Who may open and change what: every view, as every role, in one readable table.

Columns: anonymous, director, committee member, the staff member who told the story ("teller"),
another staff member, student, companion, LFS unit, and the director of another organization
(who must not even learn that this organization's ids exist: 404).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.models import Membership, Program
from stories.models import Assessment, SelectionDecision
from tests.test_principles import EXTRA_POST_DATA, extra_args
from tests.test_principles import _state as principles_state

# fmt: off
ROLES = ["anonymous", "director", "committee", "teller", "staff", "student", "student2",
         "companion", "unit", "other_director"]

L = "login"  # redirected to the login page

# "student" is assigned to the documented story; "student2" is a student of the same program
# who is not. "teller" told both stories; "staff" is another staff member of the organization.
#
# url name                 ids           anon dir  comm tell staf stud stu2 comp unit other
GET_MATRIX = {
    "home":                 ("none",      [L, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
    "program_dashboard":    ("program",   [L, 200, 200, 200, 200, 200, 200, 200, 200, 404]),
    "nominations":          ("program",   [L, 200, 200, 200, 200, 403, 403, 200, 403, 404]),
    "nominate":             ("program",   [L, 200, 200, 200, 200, 403, 403, 403, 403, 404]),
    "criteria":             ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "criterion_edit":       ("criterion", [L, 200, 200, 403, 403, 403, 403, 403, 403, 404]),
    "committee":            ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "meeting_create":       ("program",   [L, 200, 200, 403, 403, 403, 403, 403, 403, 404]),
    "coverage":             ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "meeting_detail":       ("meeting",   [L, 200, 200, 404, 404, 404, 404, 200, 404, 404]),
    "meeting_edit":         ("meeting",   [L, 200, 200, 404, 404, 404, 404, 403, 404, 404]),
    "story_detail":         ("story",     [L, 200, 200, 200, 404, 404, 404, 200, 404, 404]),
    "program_new":          ("org",       [L, 200, 404, 404, 404, 404, 404, 404, 404, 404]),
    "documentation_overview": ("program", [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "story_documentation":  ("doc",       [L, 200, 200, 200, 404, 200, 404, 200, 404, 404]),
    "story_assign":         ("doc",       [L, 200, 200, 403, 404, 403, 404, 200, 404, 404]),
    "interview_create":     ("doc",       [L, 200, 403, 403, 404, 200, 404, 403, 404, 404]),
    "client_identity":      ("doc",       [L, 200, 404, 404, 404, 200, 404, 404, 404, 404]),
    "draft_write":          ("doc",       [L, 200, 403, 403, 404, 200, 404, 403, 404, 404]),
    "draft_compare":        ("doc",       [L, 200, 200, 200, 404, 200, 404, 200, 404, 404]),
    "interview_detail":     ("interview", [L, 200, 200, 404, 404, 200, 404, 200, 404, 404]),
    "interview_edit":       ("interview", [L, 200, 403, 404, 404, 200, 404, 403, 404, 404]),
    "interview_file":       ("file",      [L, 200, 403, 404, 404, 200, 404, 403, 404, 404]),
    "consent_add":          ("interview", [L, 200, 403, 404, 404, 200, 404, 403, 404, 404]),
    "consent_withdraw":     ("consent",   [L, 200, 403, 404, 404, 200, 404, 403, 404, 404]),
    "consent_evidence":     ("consent",   [L, 200, 403, 404, 404, 200, 404, 403, 404, 404]),
    "draft_detail":         ("draft",     [L, 200, 200, 200, 404, 200, 404, 200, 404, 404]),
    "principle_add":        ("doc",       [L, 200, 200, 403, 404, 200, 404, 200, 404, 404]),
    "program_principles":   ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "principle_matrix":     ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "principle_matrix_csv": ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "principles_csv":       ("program",   [L, 200, 200, 403, 403, 403, 403, 200, 403, 404]),
    "program_questions":    ("program",   [L, 200, 200, 200, 200, 200, 200, 200, 200, 404]),
    "question_set_detail":  ("question_set", [L, 200, 200, 200, 200, 200, 200, 200, 200, 404]),
    "interview_guide":      ("question_set", [L, 200, 200, 200, 200, 200, 200, 200, 200, 404]),
    "question_set_adapt":   ("org",       [L, 200, 403, 403, 403, 403, 403, 200, 404, 404]),
}

# POSTs that change state: a refused role must leave nothing changed.
# url name                    ids           anon dir  comm tell staf stud stu2 comp unit other
POST_MATRIX = {
    "program_stage":           ("program",   [L, 302, 403, 403, 403, 403, 403, 403, 403, 404]),
    "criterion_move":          ("criterion", [L, 302, 302, 403, 403, 403, 403, 403, 403, 404]),
    "criterion_delete":        ("criterion", [L, 302, 302, 403, 403, 403, 403, 403, 403, 404]),
    "assessment_save":         ("assess",    [L, 403, 302, 403, 404, 404, 404, 403, 404, 404]),
    "decision_save":           ("decide",    [L, 302, 302, 404, 404, 404, 404, 403, 404, 404]),
    "meeting_decision_add":    ("meeting",   [L, 302, 302, 404, 404, 404, 404, 403, 404, 404]),
    "committee_edit":          ("program",   [L, 302, 403, 403, 403, 403, 403, 403, 403, 404]),
    "committee_member_add":    ("program",   [L, 302, 403, 403, 403, 403, 403, 403, 403, 404]),
    "committee_member_remove": ("member",    [L, 302, 403, 403, 403, 403, 403, 403, 403, 404]),
    "program_new":             ("org",       [L, 302, 404, 404, 404, 404, 404, 404, 404, 404]),
    "story_assign":            ("doc",       [L, 302, 302, 403, 404, 403, 404, 302, 404, 404]),
    "interview_create":        ("doc",       [L, 302, 403, 403, 404, 302, 404, 403, 404, 404]),
    "client_identity":         ("doc",       [L, 302, 404, 404, 404, 302, 404, 404, 404, 404]),
    "draft_write":             ("doc",       [L, 302, 403, 403, 404, 302, 404, 403, 404, 404]),
    "interview_edit":          ("interview", [L, 302, 403, 404, 404, 302, 404, 403, 404, 404]),
    "answer_autosave":         ("answer",    [L, 200, 403, 404, 404, 200, 404, 403, 404, 404]),
    "consent_add":             ("interview", [L, 302, 403, 404, 404, 302, 404, 403, 404, 404]),
    "consent_withdraw":        ("consent",   [L, 302, 403, 404, 404, 302, 404, 403, 404, 404]),
    "draft_comment":           ("draft",     [L, 302, 302, 302, 404, 302, 404, 302, 404, 404]),
    "draft_approve":           ("draft",     [L, 302, 302, 403, 404, 403, 404, 403, 404, 404]),
    "principle_add":           ("doc",       [L, 302, 302, 403, 404, 302, 404, 302, 404, 404]),
    "evidence_add":            ("principle", [L, 302, 302, 403, 404, 302, 404, 302, 404, 404]),
    "program_principles":      ("program",   [L, 302, 302, 403, 403, 403, 403, 302, 403, 404]),
    "principles_merge":        ("program",   [L, 302, 302, 403, 403, 403, 403, 302, 403, 404]),
    "question_set_adapt":      ("org",       [L, 302, 403, 403, 403, 403, 403, 302, 404, 404]),
}
# fmt: on


def _args(world, kind: str) -> list[int]:
    if kind in ("principle", "question_set"):
        return extra_args(world, kind)
    criterion = world.program.criteria.first()
    return {
        "none": [],
        "program": [world.program.pk],
        "criterion": [world.program.pk, criterion.pk],
        "meeting": [world.meeting.pk],
        "story": [world.story.pk],
        "assess": [world.story.pk, criterion.pk],
        "decide": [world.meeting.pk, world.story.pk],
        "org": [world.org.pk],
        "member": [world.program.pk, world.committee2.pk],
        "doc": [world.doc_story.pk],
        "interview": [world.interview.pk],
        "file": [world.interview.pk, "transcript"],
        "consent": [world.consent.pk],
        "draft": [world.draft.pk],
        "answer": [world.interview.pk, world.interview.question_set.questions.first().pk],
    }[kind]


POST_DATA = {
    "program_stage": {"direction": "-1"},
    "criterion_move": {"direction": "down"},
    "criterion_delete": {},
    "assessment_save": lambda w: {
        f"c{w.program.criteria.first().pk}-verdict": "met",
        f"c{w.program.criteria.first().pk}-note": "",
    },
    "decision_save": lambda w: {
        f"s{w.story.pk}-outcome": "selected",
        f"s{w.story.pk}-reasons": "The story shows clearly how the worker and client built trust.",
    },
    "meeting_decision_add": {"text": "Invite the department heads to the next meeting."},
    "committee_edit": {"name": "Riverside committee", "mandate": "Selects the stories."},
    "committee_member_add": lambda w: {"user": w.staff.pk},
    "committee_member_remove": {},
    "program_new": {"title": "A second program"},
    "story_assign": lambda w: {"students": [w.student.pk, w.student2.pk]},
    "interview_create": {
        "interviewee_role": "social_worker",
        "interviewee_label": "Maya",
        "held_on": "2026-11-02",
    },
    "client_identity": {"real_name": "Someone Else", "contact_details": "", "notes": ""},
    "draft_write": {"body": "A third version of the story.", "note": ""},
    "interview_edit": lambda w: {
        "interviewee_role": "client",
        "interviewee_label": "Mrs. H.",
        "held_on": "2026-11-01",
        "place": "",
        "notes": "Changed notes",
    },
    "answer_autosave": lambda w: {
        f"answer_{w.interview.question_set.questions.first().pk}": "An autosaved answer"
    },
    "consent_add": {
        "scope": "recording",
        "given_on": "2026-11-01",
        "method": "oral",
        "consent_text_version": "Form 1",
    },
    "consent_withdraw": {"withdrawn_on": "2026-11-20", "withdrawal_reason": "Changed her mind."},
    "draft_comment": {"body": "Please check the dates."},
    "draft_approve": {},
    **EXTRA_POST_DATA,
}


def _snapshot(world) -> tuple:
    from stories import models as m

    world.program.refresh_from_db()
    world.program.committee.refresh_from_db()
    world.interview.refresh_from_db()
    return (
        Membership.objects.count(),
        Program.objects.count(),
        world.program.stage,
        world.program.committee.name,
        Assessment.objects.count(),
        SelectionDecision.objects.count(),
        list(world.program.criteria.values_list("pk", "position")),
        world.meeting.decisions.count(),
        m.StoryAssignment.objects.count(),
        m.Interview.objects.count(),
        world.interview.notes,
        m.Answer.objects.count(),
        m.Consent.objects.count(),
        m.Consent.objects.filter(withdrawn_on__isnull=False).count(),
        list(m.ClientIdentity.objects.values_list("real_name", flat=True)),
        m.StoryDraft.objects.count(),
        m.DraftComment.objects.count(),
        m.StoryApproval.objects.count(),
        principles_state(world),
    )


def _expect(response, expected):
    if expected == L:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("url_name", list(GET_MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_get_access_follows_the_role_table(world, login, url_name, role_index):
    kind, expectations = GET_MATRIX[url_name]
    client = login(world.people()[ROLES[role_index]])
    response = client.get(reverse(url_name, args=_args(world, kind)))
    _expect(response, expectations[role_index])


@pytest.mark.parametrize("url_name", list(POST_MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_post_access_follows_the_role_table(world, login, url_name, role_index):
    kind, expectations = POST_MATRIX[url_name]
    client = login(world.people()[ROLES[role_index]])
    data = POST_DATA[url_name]
    data = data(world) if callable(data) else data
    before = _snapshot(world)
    response = client.post(reverse(url_name, args=_args(world, kind)), data)
    expected = expectations[role_index]
    _expect(response, expected)
    if expected not in (200, 302):
        assert _snapshot(world) == before, "a refused request changed data"
    elif ROLES[role_index] != "anonymous":
        assert _snapshot(world) != before, "an allowed request changed nothing"


def test_every_project_url_is_in_the_table():
    """A new view must be added to the matrix above, to the tables of the books and workshop
    tests (which run the same checks with their own fixtures), or to the public pages."""
    import importlib

    from django.urls import get_resolver

    modules = [
        importlib.import_module("tests.test_books"),
        importlib.import_module("tests.test_workshops"),
    ]
    for optional in ("tests.test_audit", "tests.test_data_rights"):
        try:
            modules.append(importlib.import_module(optional))
        except ModuleNotFoundError:
            pass
    tables = [GET_MATRIX, POST_MATRIX]
    for module in modules:
        tables += [module.EXTRA_GET_MATRIX, module.EXTRA_POST_MATRIX]
        for table in (module.EXTRA_GET_MATRIX, module.EXTRA_POST_MATRIX):
            assert all(len(row[1]) == len(ROLES) for row in table.values())
    public = {
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "password_change",
        "password_change_done",
        "set_language",
        "healthz",
    }
    names = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if getattr(p, "namespace", None) == "admin":
                    continue
                walk(p.url_patterns, p.namespace)
            elif p.name and not namespace:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    missing = names - public - set().union(*tables)
    assert not missing, f"views without an access expectation: {sorted(missing)}"


def test_get_requests_change_nothing(world, login):
    client = login(world.committee)
    for url_name, (kind, _exp) in POST_MATRIX.items():
        if url_name in GET_MATRIX:
            continue
        response = client.get(reverse(url_name, args=_args(world, kind)))
        assert response.status_code == 405, url_name


def test_staff_sees_only_their_own_nominations(world, login):
    from tests.factories import StoryFactory

    StoryFactory(program=world.program, told_by=world.staff, title="Sam's own success")
    response = login(world.teller).get(reverse("nominations", args=[world.program.pk]))
    assert b"Back to work" in response.content
    assert "Sam's own success" not in response.content.decode()


def test_unit_sees_progress_but_no_client_pseudonym(world, login):
    response = login(world.unit).get(reverse("program_dashboard", args=[world.program.pk]))
    assert response.status_code == 200
    assert world.story.client_pseudonym not in response.content.decode()


def test_teller_reads_the_decision_and_its_reasons(world, login):
    from tests.factories import DecisionFactory

    DecisionFactory(
        story=world.story,
        meeting=world.meeting,
        outcome="declined",
        reasons="We chose another story from the same department this year.",
    )
    response = login(world.teller).get(reverse("story_detail", args=[world.story.pk]))
    body = response.content.decode()
    assert "We chose another story from the same department this year." in body
    assert (
        "Assessment against the criteria" not in body
    )  # the committee's deliberation stays inside
