"""Long lists come in pages: the nominations and the meeting's nominees (and, through the same
helper, the documentation overview, the program's principles and the book's candidates)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lfs_site.pagination import paginate, paginate_rows
from stories.models import SuccessStory
from tests.urlnames import view_name

from .factories import StoryFactory


def _stories(world, n: int, **extra) -> None:
    SuccessStory.objects.bulk_create(
        StoryFactory.build(
            program=world.program,
            organization=world.org,
            department=world.departments[0],
            told_by=world.teller,
            title=f"Story {k:03d}",
            **extra,
        )
        for k in range(n)
    )


def test_nominations_come_in_pages_that_keep_the_filter(world, login):
    _stories(world, 60, status="on_hold")
    client = login(world.committee)
    url = reverse("stories:nominations", args=[world.program.pk])
    first = client.get(url, {"status": "on_hold"})
    assert first.status_code == 200
    assert len(first.context["stories"]) == 50
    html = first.content.decode()
    assert 'aria-current="page"' in html
    assert "1–50 of 60" in html
    assert "?status=on_hold&amp;page=2" in html
    second = client.get(url, {"status": "on_hold", "page": 2})
    assert len(second.context["stories"]) == 10
    assert {s.status for s in second.context["stories"]} == {"on_hold"}
    # past the end or not a number: the last page, the first page; never an error
    assert len(client.get(url, {"status": "on_hold", "page": 99}).context["stories"]) == 10
    assert len(client.get(url, {"status": "on_hold", "page": "x"}).context["stories"]) == 50


def test_a_short_list_has_no_pagination_control(world, login):
    response = login(world.committee).get(reverse("stories:nominations", args=[world.program.pk]))
    assert response.status_code == 200
    assert "Pages of nominations" not in response.content.decode()


def test_the_meeting_decides_its_nominees_a_page_at_a_time(world, login):
    _stories(world, 30)
    client = login(world.committee)
    url = reverse("meetings:meeting_detail", args=[world.meeting.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert len(first.context["rows"]) == 25
    second = client.get(url, {"page": 2})
    # the 30 new nominees and the world's own nominee
    assert len(second.context["rows"]) == 31 - 25
    titles = [r["story"].title for r in first.context["rows"] + second.context["rows"]]
    assert len(set(titles)) == 31
    assert all(r["form"] is not None for r in second.context["rows"])
    html = second.content.decode()
    assert re.search(r'<li class="page-item active" aria-current="page">', html)


def test_a_refused_decision_on_another_page_is_shown_with_its_error(world, login):
    _stories(world, 30)
    last = SuccessStory.objects.filter(program=world.program).order_by("-title").first()
    client = login(world.committee)
    response = client.post(
        reverse("stories:decision_save", args=[world.meeting.pk, last.pk]),
        {f"s{last.pk}-outcome": "declined", f"s{last.pk}-reasons": ""},
    )
    assert response.status_code == 400
    rows = response.context["rows"]
    assert rows[0]["story"] == last
    assert rows[0]["form"].errors
    last.refresh_from_db()
    assert last.status == "nominated"


def test_the_units_programs_and_companions_come_in_pages(world, login):
    from companions.models import CompanionProfile
    from organizations.models import Program, User

    Program.objects.bulk_create(
        Program(organization=world.org, title=f"Program {k:03d}", committee=world.program.committee)
        for k in range(55)
    )
    users = User.objects.bulk_create(
        User(email=f"companion{k}@example.org", full_name=f"Companion {k:03d}") for k in range(55)
    )
    CompanionProfile.objects.bulk_create(CompanionProfile(user=u) for u in users)
    client = login(world.unit)
    for name, key, label in (
        ("unit_dashboard", "programs", "Pages of programs"),
        ("companion_list", "companions", "Pages of companions"),
    ):
        first = client.get(reverse(view_name(name)))
        assert first.status_code == 200 and len(first.context[key]) == 50, name
        assert label in first.content.decode()
        second = client.get(reverse(view_name(name)), {"page": 2})
        assert 0 < len(second.context[key]) <= 10
        assert not {x.pk for x in first.context[key]} & {x.pk for x in second.context[key]}


HUGE = "9" * 20  # past the 64-bit offsets PostgreSQL and SQLite take


@pytest.mark.parametrize(
    "asked",
    [None, "", "1", "2", "3", "4", "99", "0", "-1", "x", "2.5", " 2", HUGE, "-" + HUGE],
    ids=repr,
)
def test_paginate_rows_gives_the_page_paginate_gives_in_one_query(world, asked):
    _stories(world, 120, status="selected")
    rows = SuccessStory.objects.filter(program=world.program).order_by("title", "pk")
    rows = rows.values_list("pk", "title")
    request = RequestFactory().get("/", {} if asked is None else {"page": asked, "q": "k"})
    expected = paginate(request, rows)
    with CaptureQueriesContext(connection) as queries:
        page = paginate_rows(request, rows)
    assert page.object_list == expected.object_list
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number,
        expected.paginator.count,
        expected.paginator.num_pages,
    )
    assert (page.start_index(), page.end_index()) == (expected.start_index(), expected.end_index())
    assert page.links == expected.links
    assert (page.first_url, page.previous_url, page.next_url, page.last_url) == (
        expected.first_url,
        expected.previous_url,
        expected.next_url,
        expected.last_url,
    )
    # Past the end: the rows it did not find, the count and the last page; below 1, as paginate().
    # Too large for any list: as paginate(), without asking the database for the offset.
    expected_queries = {"4": 3, "99": 3, "0": 2, "-1": 2, HUGE: 2, "-" + HUGE: 2}.get(asked, 1)
    assert len(queries) == expected_queries


def test_paginate_rows_of_an_empty_list_is_one_empty_page(world):

    rows = SuccessStory.objects.filter(program=world.program, title="none such")
    page = paginate_rows(RequestFactory().get("/"), rows.order_by("pk").values_list("pk"))
    assert page.object_list == [] and page.number == 1 and page.paginator.count == 0
