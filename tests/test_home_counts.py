"""The home page reads what it needs with the programs and as plain values: the counts and lists
it draws are the same as the general selectors' (search scope, publishability, directed
organizations), also for partner teams and people with unusual combinations of roles."""

from __future__ import annotations

from django.db.models import Count

from dashboard.selectors_home import (
    _drafts_waiting,
    assignments_for_home,
    organizations_directed_for_home,
    programs_with_story_counts,
    stories_told_for_home,
)
from organizations.models import ProgramTeam, Role, User
from organizations.selectors import organizations_directed_by, program_access
from organizations.services import membership_ensure
from stories.documentation.selectors import assignments_for_student
from stories.models import StoryDraft, SuccessStory
from stories.selectors import stories_told_by
from stories.visibility import visible_stories
from tests.factories import OrganizationFactory, ProgramFactory, StoryFactory, UserFactory


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no memberships read yet


def _rows(user: User):
    return [(p, program_access(user, p)) for p in programs_with_story_counts(user)]


def _drafts_by_search_scope(user: User, rows) -> dict[int, int]:
    """The former count: every reviewed program's stories through the person's search scope."""
    reviewing = [p.pk for p, a in rows if a.can_review]
    return dict(
        SuccessStory.objects.filter(
            program_id__in=reviewing,
            pk__in=visible_stories(user, interviews=True).values("pk"),
            drafts__isnull=False,
            approval__isnull=True,
        )
        .values_list("program_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )


def _people(world) -> list[User]:
    return [_fresh(u) for u in world.people().values() if u is not None]


def _assert_drafts_as_search_scope(people: list[User]) -> None:
    for user in people:
        rows = _rows(user)
        reviewing = {p.pk: p for p, a in rows if a.can_review}
        assert _drafts_waiting(user, reviewing) == _drafts_by_search_scope(user, rows), user


def _draft(story: SuccessStory, author: User) -> None:
    StoryDraft.objects.create(
        story=story, version=1, body="A draft.", body_html="<p>A draft.</p>", author=author
    )


def test_drafts_waiting_are_counted_as_the_search_scope_counts_them(world):
    _draft(StoryFactory(program=world.program, department=world.departments[0]), world.director)
    people = _people(world)
    assert _drafts_waiting(people[0], {}) == {}
    _assert_drafts_as_search_scope(people)
    director = _fresh(world.director)
    rows = _rows(director)
    assert _drafts_waiting(director, {p.pk: p for p, a in rows if a.can_review}) == {
        world.program.pk: 2
    }


def test_drafts_of_a_partner_teams_story_are_left_to_its_own_organization(world):
    partner = OrganizationFactory(name="Valley Youth Service")
    ProgramTeam.objects.create(program=world.program, organization=partner)
    teller = UserFactory(full_name="Pia Partner", email="pia.partner@example.org")
    membership_ensure(user=teller, organization=partner, role=Role.STAFF)
    director = UserFactory(full_name="Pat Partner", email="pat.partner@example.org")
    membership_ensure(user=director, organization=partner, role=Role.DIRECTOR)
    story = StoryFactory(program=world.program, department=world.departments[0], told_by=teller)
    _draft(story, teller)
    _assert_drafts_as_search_scope([*_people(world), _fresh(teller), _fresh(director)])


def test_a_student_who_accompanies_another_program_counts_that_programs_drafts(world):
    second = ProgramFactory(organization=world.org, title="Second program")
    _draft(StoryFactory(program=world.program, department=world.departments[0]), world.director)
    _draft(StoryFactory(program=second, department=world.departments[0]), world.director)
    membership_ensure(
        user=world.student, organization=world.org, program=second, role=Role.COMPANION
    )
    student = _fresh(world.student)
    rows = _rows(student)
    _assert_drafts_as_search_scope([student])
    reviewing = {p.pk: p for p, a in rows if a.can_review}
    assert _drafts_waiting(student, reviewing) == {second.pk: 1}


def test_assigned_stories_say_what_is_left_as_the_documentation_overview_does(world):
    for user in _people(world):
        expected = assignments_for_student(user)
        rows = assignments_for_home(user)
        assert [r.story.pk for r in rows] == [r.story.pk for r in expected]
        for row, progress in zip(rows, expected, strict=True):
            assert row.todo == progress.todo
            assert row.story.title == progress.story.title
            assert row.story.program_title == progress.story.program.title
            assert row.story.interview_count == progress.story.interview_count
            assert row.story.latest_draft == progress.story.latest_draft
            assert row.story.is_approved == progress.story.is_approved
    assert assignments_for_home(_fresh(world.student))


def test_assigned_stories_without_consent_or_erased_are_not_publishable(world):
    from stories.models import StoryErasure

    world.consent.withdrawn_on = world.consent.given_on
    world.consent.save(update_fields=["withdrawn_on"])
    student = _fresh(world.student)
    (row,) = assignments_for_home(student)
    assert "Record publication consent" in row.todo
    assert row.todo == assignments_for_student(student)[0].todo
    world.consent.withdrawn_on = None
    world.consent.save(update_fields=["withdrawn_on"])
    assert "Record publication consent" not in assignments_for_home(_fresh(world.student))[0].todo
    StoryErasure.objects.create(
        story_number=world.doc_story.pk,
        program_number=world.program.pk,
        organization=world.org,
        reason=StoryErasure.Reason.choices[0][0],
    )
    student = _fresh(world.student)
    assert "Record publication consent" in assignments_for_home(student)[0].todo
    assert assignments_for_home(student)[0].todo == assignments_for_student(student)[0].todo


def test_told_stories_and_directed_organizations_are_the_selectors(world):
    other = OrganizationFactory(name="Aaron's Association")
    for user in _people(world):
        told = stories_told_for_home(user)
        expected = list(stories_told_by(user)[:20])
        assert [(s.pk, s.title, s.program_title, s.status, s.status_label) for s in told] == [
            (s.pk, s.title, s.program.title, s.status, s.get_status_display()) for s in expected
        ]
        directed = organizations_directed_for_home(user, _rows(user))
        assert directed == list(organizations_directed_by(user))
    # A second organization without programs: read from the database, in name order.
    membership_ensure(user=world.director, organization=other, role=Role.DIRECTOR)
    director = _fresh(world.director)
    assert organizations_directed_for_home(director, _rows(director)) == [other, world.org]
