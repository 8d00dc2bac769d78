"""One rule for who may see a story: `visible_stories(user)` (the filter) and
`story_access(user, story)` (one story) agree in every world, for every person."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.selectors_home import assignments_for_home
from organizations.models import (
    ORGANIZATION_ROLES,
    Community,
    Membership,
    ProgramTeam,
    Role,
    User,
)
from stories.documentation.selectors import assignments_for_student
from stories.models import (
    Consent,
    Interview,
    StoryApproval,
    StoryAssignment,
    StoryDraft,
    SuccessStory,
)
from stories.visibility import story_access, visible_stories
from tests.factories import (
    DepartmentFactory,
    OrganizationFactory,
    ProgramFactory,
    StoryFactory,
    UserFactory,
)

PEOPLE = 6

#: A membership: (organization: 0 host, 1 partner; role; program: 0 the partner's team is in
#: it, 1 the partner's team was removed from it).
memberships = st.tuples(
    st.sampled_from([0, 1]), st.sampled_from(list(Role)), st.sampled_from([0, 1])
)
#: A story: (program, owner organization, teller, the people assigned to it).
stories = st.tuples(
    st.sampled_from([0, 1]),
    st.sampled_from([0, 1]),
    st.integers(0, PEOPLE - 1),
    st.frozensets(st.integers(0, PEOPLE - 1), max_size=2),
)
worlds = st.tuples(
    st.lists(st.lists(memberships, max_size=3), min_size=PEOPLE, max_size=PEOPLE),
    st.lists(stories, min_size=1, max_size=6),
    st.frozensets(st.integers(0, PEOPLE - 1), max_size=2),  # community coordinators
)


@pytest.fixture
def base(db):
    """Host and partner organizations of one community; the partner's team is in the first
    program and was removed from the second (its stories there stay its own)."""
    host = OrganizationFactory(name="Host service")
    partner = OrganizationFactory(name="Partner service")
    community = Community.objects.create(name="Community")
    community.organizations.add(host, partner)
    programs = [
        ProgramFactory(organization=host, community=community, title="With the team"),
        ProgramFactory(organization=host, community=community, title="Team removed"),
    ]
    ProgramTeam.objects.create(program=programs[0], organization=partner)
    departments = [DepartmentFactory(organization=host), DepartmentFactory(organization=partner)]
    people = [UserFactory() for _ in range(PEOPLE)]
    return (host, partner), programs, departments, people, community


def _build(base, world) -> list[SuccessStory]:
    orgs, programs, departments, people, community = base
    member_lists, story_rows, coordinators = world
    for person, rows in zip(people, member_lists, strict=True):
        for org, role, program in rows:
            scoped = None if role in ORGANIZATION_ROLES else programs[program]
            held = Membership.objects.filter(user=person, program=scoped, role=role)
            if scoped is None:
                held = held.filter(organization=orgs[org])
            if not held.exists():  # one role a program (or an organization) a person
                Membership.objects.create(
                    user=person, organization=orgs[org], program=scoped, role=role
                )
    community.coordinators.set([people[i] for i in coordinators])
    built = []
    for program, owner, teller, assigned in story_rows:
        story = StoryFactory(
            program=programs[program],
            organization=orgs[owner],
            department=departments[owner],
            told_by=people[teller],
        )
        for i in assigned:
            StoryAssignment.objects.create(story=story, student=people[i])
        built.append(SuccessStory.objects.select_related("program").get(pk=story.pk))
    return built


def _opens(user, story: SuccessStory):
    try:
        return story_access(user, story)
    except Http404:
        return None


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
def test_the_filter_and_the_one_story_rule_agree_in_every_world(base, world):
    with transaction.atomic():
        built = _build(base, world)
        people = [User.objects.get(pk=p.pk) for p in base[3]]  # memberships not read yet
        for user in [*people, AnonymousUser()]:
            access = {s.pk: _opens(user, s) for s in built}
            seen = {s.pk for s in built if access[s.pk] is not None}
            readable = {pk for pk, a in access.items() if a is not None and a.can_see_interviews}
            assert set(visible_stories(user).values_list("pk", flat=True)) == seen, user
            assert (
                set(visible_stories(user, interviews=True).values_list("pk", flat=True)) == readable
            ), user
        transaction.set_rollback(True)


def test_each_role_sees_what_the_rule_gives_it(base):
    """The rule itself, spelled out once by hand for a partner world."""
    (host, partner), programs, departments, people, _community = base
    director, committee, student, teller, partner_member, outsider = people
    Membership.objects.create(user=director, organization=host, role=Role.DIRECTOR)
    Membership.objects.create(
        user=committee, organization=host, program=programs[0], role=Role.COMMITTEE
    )
    Membership.objects.create(
        user=student, organization=host, program=programs[0], role=Role.STUDENT
    )
    Membership.objects.create(user=partner_member, organization=partner, role=Role.DIRECTOR)
    hosts = StoryFactory(
        program=programs[0], organization=host, department=departments[0], told_by=teller
    )
    assigned = StoryFactory(
        program=programs[0], organization=host, department=departments[0], told_by=director
    )
    StoryAssignment.objects.create(story=assigned, student=student)
    partners = StoryFactory(
        program=programs[1], organization=partner, department=departments[1], told_by=outsider
    )

    def seen(user, **kw):
        return set(visible_stories(User.objects.get(pk=user.pk), **kw))

    assert seen(director) == {hosts, assigned}
    assert seen(committee) == {hosts, assigned}
    assert seen(student) == seen(student, interviews=True) == {assigned}
    assert seen(teller) == {hosts} and seen(teller, interviews=True) == set()
    assert seen(partner_member) == {partners}  # its team was removed: it keeps its stories
    assert seen(outsider) == {partners} and seen(outsider, interviews=True) == set()
    # The student's own list: the stories the rule opens to them as assigned, nobody else's.
    StoryAssignment.objects.create(story=partners, student=student)  # no student role there
    StoryAssignment.objects.create(story=hosts, student=director)  # not a student
    for person, expected in ((student, {assigned.pk}), (director, set())):
        user = User.objects.get(pk=person.pk)
        assert {p.story.pk for p in assignments_for_student(user)} == expected, person
        assert {a.story.pk for a in assignments_for_home(user)} == expected, person


def test_every_list_of_stories_shows_what_the_person_may_see_of_what_the_organization_uses(
    base, login
):
    """Search, the nominations, a partner team's stories, the workshop picker, the principles
    page, the matrix CSV, the library's sharing page, the book composer, the events picker,
    the program export and the client data export (and its page):
    exactly the stories `visible_stories` gives the person among those `usable` by the list's
    organization (the principles: whose principles they may read)."""
    from communities.selectors import team_stories_for_access
    from dashboard.search import search_for_user
    from events.selectors import can_organize, organizable_organizations, presentable_choices
    from methods.selectors import question_set_default
    from organizations.selectors import program_access
    from publications.models import StoryBook
    from publications.selectors import book_candidates
    from stories.selection.selectors import story_list_for_access
    from workshops.selectors import _access, story_choices_for

    (host, partner), programs, departments, people, _community = base
    program = programs[0]
    director, committee, student, partner_director, partner_companion, partner_staff = people
    Membership.objects.create(user=director, organization=host, role=Role.DIRECTOR)
    Membership.objects.create(user=committee, organization=host, program=program, role="committee")
    Membership.objects.create(user=student, organization=host, program=program, role=Role.STUDENT)
    Membership.objects.create(user=partner_director, organization=partner, role=Role.DIRECTOR)
    Membership.objects.create(
        user=partner_companion, organization=partner, program=program, role=Role.COMPANION
    )
    Membership.objects.create(user=partner_staff, organization=partner, role=Role.STAFF)
    told = [
        StoryFactory(program=program, organization=org, department=dept, told_by=teller)
        for org, dept, teller in [
            (host, departments[0], director),
            (host, departments[0], committee),
            (partner, departments[1], partner_staff),
            (partner, departments[1], partner_director),
        ]
    ]
    StoryAssignment.objects.create(story=told[1], student=student)
    host_uses = set(SuccessStory.objects.usable(program))
    partner_uses = set(SuccessStory.objects.usable(program, partner.pk))
    for person in people:
        user = User.objects.get(pk=person.pk)
        visible = set(visible_stories(user))
        found = search_for_user(user, "forward").groups[0].hits
        assert {h.title for h in found} == {s.title for s in visible}, user
        access = program_access(user, program)
        rows = story_list_for_access(access, user)
        assert {row[0] for row in rows} == {s.pk for s in visible & host_uses}, user
        if access.is_member:
            picker = set(story_choices_for(_access(user, program, access)))
            assert picker == visible & host_uses, user
        if access.is_partner:
            assert set(team_stories_for_access(access, user)) == visible & partner_uses, user
    SuccessStory.objects.update(status=SuccessStory.Status.SELECTED)
    for person in people:
        user = User.objects.get(pk=person.pk)
        if not program_access(user, program).can_work_principles:
            continue
        readable = set(visible_stories(user, interviews=True)) & host_uses
        page = login(user).get(reverse("principles:program_principles", args=[program.pk]))
        assert {row.pk for row in page.context["stories_page"].object_list} == {
            s.pk for s in readable
        }, user
        matrix_csv = login(user).get(reverse("principles:principle_matrix_csv", args=[program.pk]))
        header = matrix_csv.content.decode("utf-8-sig").splitlines()[0].split(",")[4:]
        assert set(header) == {s.title for s in readable}, user
    for story in told:
        draft = StoryDraft.objects.create(story=story, version=1, body="Text", author=director)
        StoryApproval.objects.create(story=story, draft=draft, approved_by=director)
        interview = Interview.objects.create(
            story=story,
            interviewee_role="client",
            held_on=dt.date(2026, 10, 1),
            interviewer=director,
            question_set=question_set_default(),
        )
        Consent.objects.create(
            interview=interview,
            scope=Consent.Scope.PUBLICATION,
            given_on=dt.date(2026, 10, 1),
            method="written",
            consent_text_version="Form 1",
            recorded_by=director,
        )
    presentable = 0
    for person in people:
        user = User.objects.get(pk=person.pk)
        if not can_organize(user):
            continue
        own = set(organizable_organizations(user).values_list("pk", flat=True))
        picker = set(presentable_choices(user)["stories"])
        assert picker == {s for s in visible_stories(user) if s.organization_id in own}, user
        presentable += len(picker)
    assert presentable
    book = StoryBook.objects.create(program=program, title="Our successes")
    for person in people:
        user = User.objects.get(pk=person.pk)
        if not program_access(user, program).can_approve:
            continue
        composer = {SuccessStory.objects.get(pk=pk) for pk, _title in book_candidates(book, user)}
        assert composer == set(visible_stories(user)) & host_uses, user
        sharing = login(user).get(reverse("library:program_library_sharing", args=[program.pk]))
        assert {row[0] for row in sharing.context["rows"]} == set(visible_stories(user)) & host_uses
    # The exports: a director's program download and a client's data (export and the rights
    # page) hold exactly the stories the rule opens to the person, with their interviews.
    SuccessStory.objects.update(client_pseudonym="The same client")
    downloads = 0
    for person in people:
        user = User.objects.get(pk=person.pk)
        readable = set(visible_stories(user, interviews=True))
        response = login(user).get(reverse("transfer:program_export_json", args=[program.pk]))
        if response.status_code == 200:
            exported = json.loads(response.content)["tables"]["stories.SuccessStory"]
            assert {row["title"] for row in exported} == {s.title for s in readable & host_uses}
            downloads += 1
        for story in told:
            response = login(user).get(reverse("rights:client_export_json", args=[story.pk]))
            if response.status_code != 200:
                continue
            exported = json.loads(response.content)["stories"]
            expected = {s for s in readable if s.organization_id == story.organization_id}
            assert {row["title"] for row in exported} == {s.title for s in expected}, user
            page = login(user).get(reverse("rights:client_data", args=[story.pk]))
            assert set(page.context["stories"]) == expected, user
            downloads += 1
    assert downloads
    # Not vacuous: each organization's people see their own, and only their own.
    assert set(visible_stories(director)) == host_uses
    assert set(visible_stories(partner_director)) == partner_uses
    assert set(visible_stories(student)) == {told[1]}
    assert set(visible_stories(partner_staff)) == {told[2]}
