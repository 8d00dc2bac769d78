"""factory-boy factories for the test data of every app."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from organizations.models import (
    Department,
    Meeting,
    Membership,
    Organization,
    Program,
    Role,
    Stage,
    SteeringCommittee,
    User,
)
from stories.models import Assessment, SelectionCriterion, SelectionDecision, SuccessStory

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Social Services {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.SOCIAL_SERVICES


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        # the hook below creates the committee; the program itself needs no second save
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Program {n}")
    stage = Stage.SELECTION

    @factory.post_generation
    def committee(obj, create, extracted, **kwargs):
        if create:
            SteeringCommittee.objects.get_or_create(program=obj, defaults={"name": "Committee"})


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    program = factory.SubFactory(ProgramFactory)
    text = factory.Sequence(lambda n: f"Criterion {n}")
    position = factory.Sequence(lambda n: n)


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessStory

    program = factory.SubFactory(ProgramFactory)
    department = factory.LazyAttribute(
        lambda o: DepartmentFactory(organization=o.program.organization)
    )
    title = factory.Sequence(lambda n: f"A success story {n}")
    summary = "A client and a worker found a way forward together."
    success_in_worker_eyes = "The goals of the plan were met."
    success_in_client_eyes = "The client says life is better."
    client_pseudonym = factory.Sequence(lambda n: f"Client {n}")
    told_by = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    program = factory.SubFactory(ProgramFactory)
    kind = Meeting.Kind.SELECTION
    title = factory.Sequence(lambda n: f"Meeting {n}")
    held_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    story = factory.SubFactory(StoryFactory)
    criterion = factory.LazyAttribute(lambda o: CriterionFactory(program=o.story.program))
    assessor = factory.SubFactory(UserFactory)
    verdict = Assessment.Verdict.MET


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionDecision

    story = factory.SubFactory(StoryFactory)
    meeting = factory.LazyAttribute(lambda o: MeetingFactory(program=o.story.program))
    outcome = SelectionDecision.Outcome.SELECTED
    reasons = "The committee found this story clear, well evidenced and representative."
    decided_by = factory.SubFactory(UserFactory)
