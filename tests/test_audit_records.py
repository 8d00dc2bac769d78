"""The audit log made readable: each event names its record and links to it, but only where
the reader may see it (a story's title only when stories.visibility.story_access opens it)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.audit_records import describe
from organizations.models import AuditEvent, Membership
from organizations.services import audit_record
from organizations.services_people import membership_role_change

from .factories import StoryFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def _event(world, obj, organization=None):
    return audit_record(
        actor=world.director,
        action=Action.EXPORT,
        obj=obj,
        organization=organization or world.org,
        summary="test",
    )


def _record(event, reader):
    return describe([AuditEvent.objects.get(pk=event.pk)], reader)[0].record


def test_the_log_names_a_story_and_links_to_it_for_a_director_who_may_see_it(world, login):
    _event(world, world.story)
    html = login(world.director).get(reverse("audit:audit_log")).content.decode()
    url = reverse("stories:story_detail", args=[world.story.pk])
    assert f'href="{url}"' in html and "Back to work" in html


def test_a_story_the_reader_may_not_see_is_neither_named_nor_linked(world, login):
    # An event of the director's organization about another organization's story.
    event = _event(world, world.other_story, organization=world.org)
    html = login(world.director).get(reverse("audit:audit_log")).content.decode()
    assert "Hilltown story" not in html
    assert reverse("stories:story_detail", args=[world.other_story.pk]) not in html
    assert f"#{world.other_story.pk}" in html
    record = _record(event, world.director)
    assert record.name == "" and record.url == ""


@pytest.mark.parametrize(
    "reader, named",
    [
        ("director", True),
        ("committee", True),
        ("student", True),  # assigned to the story
        ("student2", False),  # not assigned
        ("teller", True),  # told it
        ("staff", False),
        ("unit", False),  # no client data
        ("other_director", False),
    ],
)
def test_story_records_follow_the_one_visibility_rule(world, reader, named):
    from stories.visibility import story_access

    event = _event(world, world.doc_story)
    person = getattr(world, reader)
    record = _record(event, person)
    try:
        story_access(person, world.doc_story)
        allowed = True
    except Exception:
        allowed = False
    assert allowed is named  # the table above is the rule's own answer
    assert (record.name == world.doc_story.title) is named
    assert bool(record.url) is named


def test_interviews_consents_and_identities_name_their_story_and_link_where_readable(world):
    from stories.models import ClientIdentity

    interview = _record(_event(world, world.interview), world.student)
    assert interview.name == world.doc_story.title
    assert interview.url == reverse("documentation:interview_detail", args=[world.interview.pk])
    consent = _record(_event(world, world.consent), world.director)
    assert consent.url == reverse("documentation:story_documentation", args=[world.doc_story.pk])
    identity = ClientIdentity.objects.get(story=world.doc_story)
    hidden = _record(_event(world, identity), world.staff)
    assert hidden.name == "" and hidden.url == "" and hidden.number == str(identity.pk)
    assert "Hanna Halabi" not in (hidden.name + hidden.kind)


def test_a_role_change_names_the_person_and_links_to_the_people_page(world, login):
    membership = Membership.objects.get(user=world.student, role="student")
    membership_role_change(by=world.director, membership=membership, role="committee")
    html = login(world.director).get(reverse("audit:audit_log")).content.decode()
    assert "<bdi>Stu Student</bdi></a> · <bdi>Committee member</bdi>" in html
    assert reverse("organizations:people", args=[world.org.pk]) in html
    event = AuditEvent.objects.filter(action=Action.ROLE_CHANGED).latest("pk")
    assert _record(event, world.other_director).name == ""
    # A removed role still names its person, from the summary.
    membership.delete()
    removed = AuditEvent.objects.filter(action=Action.ROLE_REMOVED).latest("pk")
    assert _record(removed, world.director).name == "Stu Student"
    assert _record(removed, world.other_director).name == ""


def test_a_program_is_named_for_those_who_see_it(world):
    event = _event(world, world.program)
    assert _record(event, world.director).url == world.program.get_absolute_url()
    assert _record(event, world.other_director).name == ""


def test_naming_the_records_takes_the_same_queries_for_5_and_30_stories(world, login):
    client = login(world.director)
    url = reverse("audit:audit_log")

    def add(n):
        for i in range(n):
            story = StoryFactory(program=world.program, told_by=world.staff, title=f"S{i}-{n}")
            _event(world, story)

    add(5)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(25)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)
