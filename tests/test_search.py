"""Search across stories, interview answers and principles: every role finds only what it may
see, Hebrew and Arabic are found, the query count stays constant and PostgreSQL uses the index."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import search
from stories.models import Answer, CommonPrinciple, Principle, StoryAssignment
from tests.factories import StoryFactory

WORD = "lighthouse"


def _seed(world):
    """One item of each kind holding WORD, in the program, and one in the other organization."""
    doc = world.doc_story
    doc.summary = f"The {WORD} moment came when she called the landlord herself."
    doc.save(update_fields=["summary"])
    question = world.interview.question_set.questions.order_by("position").first()
    answer = Answer.objects.create(
        interview=world.interview,
        question=question,
        text=f"She said the {WORD} was the day the keys arrived.",
    )
    principle = Principle.objects.create(
        story=doc,
        situation="a tenant in arrears",
        goal=f"a {WORD} of trust",
        action="visit the landlord together",
    )
    common = CommonPrinciple.objects.create(
        program=world.program, text=f"Build a {WORD} of trust before any demand"
    )
    # A nomination by the other staff member (Sam), whom the teller must never find.
    sams = StoryFactory(
        program=world.program,
        department=world.departments[1],
        told_by=world.staff,
        title=f"Sam's {WORD} story",
    )
    # The other organization: nobody here may find it.
    world.other_story.summary = f"Hilltown's {WORD} summary"
    world.other_story.save(update_fields=["summary"])
    CommonPrinciple.objects.create(program=world.other_program, text=f"Hilltown {WORD} principle")
    return {"answer": answer, "principle": principle, "common": common, "sams": sams}


def _titles(user, query=WORD):
    results = search.search_for_user(user, query)
    return {g.kind: [h.title for h in g.hits] for g in results.groups}


def test_the_director_finds_every_kind_in_their_organization_and_nothing_elsewhere(world):
    _seed(world)
    found = _titles(world.director)
    assert set(found["stories"]) == {"A home at last", f"Sam's {WORD} story"}
    assert len(found["answers"]) == 1
    assert len(found["principles"]) == 2
    assert not any("Hilltown" in t for titles in found.values() for t in titles)


def test_the_committee_and_the_companion_find_the_programs_work(world):
    _seed(world)
    for user in (world.committee, world.companion):
        found = _titles(user)
        assert "A home at last" in found["stories"]
        assert len(found["answers"]) == 1
        assert len(found["principles"]) == 2


def test_staff_find_only_their_own_nominations_and_no_interviews(world):
    seeded = _seed(world)
    teller = _titles(world.teller)
    assert teller["stories"] == ["A home at last"]  # Sam's nomination stays Sam's
    assert teller["answers"] == [] and teller["principles"] == []
    sam = _titles(world.staff)
    assert sam["stories"] == [seeded["sams"].title]
    assert sam["answers"] == [] and sam["principles"] == []


def test_a_student_finds_only_the_stories_assigned_to_them(world):
    _seed(world)
    assigned = _titles(world.student)
    assert assigned["stories"] == ["A home at last"]
    assert len(assigned["answers"]) == 1
    assert len(assigned["principles"]) == 1  # the story's principle, not the program's common
    unassigned = _titles(world.student2)
    assert unassigned == {"stories": [], "answers": [], "principles": []}


def test_an_assignment_in_another_program_gives_nothing_here(world):
    """A student membership elsewhere does not open an assignment in this program."""
    _seed(world)
    from organizations.models import Role
    from organizations.services import membership_ensure

    other_student = world.other_director  # a director elsewhere, made a student in Hilltown
    membership_ensure(
        user=other_student,
        organization=world.other_org,
        role=Role.STUDENT,
        program=world.other_program,
    )
    StoryAssignment.objects.create(story=world.doc_story, student=other_student)
    assert "A home at last" not in _titles(other_student)["stories"]


def test_the_unit_and_another_organization_find_nothing_of_it(world):
    _seed(world)
    assert _titles(world.unit) == {"stories": [], "answers": [], "principles": []}
    other = _titles(world.other_director)
    assert other["stories"] == ["Hilltown story"]
    assert other["principles"] == [f"Hilltown {WORD} principle"]
    assert other["answers"] == []


def test_a_clients_real_name_is_never_searchable(world, login):
    _seed(world)
    for user in world.people().values():
        if user is None:
            continue
        for query in ("Hanna", "Halabi", "Hanna Halabi"):
            results = search.search_for_user(user, query)
            assert results.total == 0, (user, query)
    page = login(world.director).get(reverse("search:search"), {"q": "Halabi"})
    assert "Hanna" not in page.content.decode()


def test_snippets_are_escaped_then_marked(world):
    world.doc_story.summary = f"<script>alert(1)</script> the {WORD} & more"
    world.doc_story.save(update_fields=["summary"])
    hit = next(
        h
        for g in search.search_for_user(world.director, WORD).groups
        for h in g.hits
        if h.title == "A home at last"
    )
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert f"<mark>{WORD}</mark>" in hit.snippet
    assert "&amp; more" in hit.snippet


def test_highlight_keeps_a_window_around_the_first_match():
    text = "x" * 500 + " needle " + "y" * 500
    snippet = search.highlight(text, ["needle"], width=100)
    assert "<mark>needle</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet) < 140


def test_the_query_is_split_into_words_of_any_script():
    assert search.search_terms("  בית-ספר  & مدرسة | x:*(y) ") == ["בית", "ספר", "مدرسة", "x", "y"]
    assert search.search_terms("!!! ***") == []
    assert len(search.search_terms(" ".join(f"w{i}" for i in range(20)))) == search.MAX_TERMS


def test_every_word_must_appear_and_a_prefix_is_enough(world):
    _seed(world)
    assert "A home at last" in _titles(world.director, "light landlord")["stories"]
    assert "A home at last" not in _titles(world.director, "lighthouse volcano")["stories"]


def test_hebrew_and_arabic_queries_find_hebrew_and_arabic_text(world):
    world.doc_story.summary = "הרגע המכונן היה כשהמשפחה קיבלה את המפתחות לדירה החדשה"
    world.doc_story.save(update_fields=["summary"])
    question = world.interview.question_set.questions.order_by("position").first()
    Answer.objects.create(
        interview=world.interview,
        question=question,
        text="قالت إن نقطة التحول كانت عندما حصلت العائلة على مفاتيح الشقة",
    )
    CommonPrinciple.objects.create(program=world.program, text="בונים אמון לפני כל דרישה")
    he = _titles(world.director, "המפתחות")
    assert he["stories"] == ["A home at last"]
    assert _titles(world.director, "אמון")["principles"] == ["בונים אמון לפני כל דרישה"]
    ar = _titles(world.director, "مفاتيح الشقة")
    assert len(ar["answers"]) == 1
    assert _titles(world.director, "مفتاح")["answers"] == []  # a different word is not found
    page = search.search_for_user(world.director, "המפתחות")
    snippet = page.groups[0].hits[0].snippet
    assert "<mark>המפתחות</mark>" in snippet


def test_the_page_groups_results_and_links_to_them(world, login):
    seeded = _seed(world)
    body = login(world.director).get(reverse("search:search"), {"q": WORD}).content.decode()
    assert 'id="group-stories"' in body and 'id="group-answers"' in body
    assert reverse("stories:story_detail", args=[world.doc_story.pk]) in body
    assert reverse("documentation:interview_detail", args=[world.interview.pk]) in body
    assert reverse("principles:program_principles", args=[world.program.pk]) in body
    assert reverse("stories:story_detail", args=[seeded["sams"].pk]) in body
    assert "<mark>lighthouse</mark>" in body


def test_a_student_is_linked_to_the_documentation_page(world, login):
    _seed(world)
    body = login(world.student).get(reverse("search:search"), {"q": WORD}).content.decode()
    assert reverse("documentation:story_documentation", args=[world.doc_story.pk]) in body
    assert f'href="{reverse("stories:story_detail", args=[world.doc_story.pk])}"' not in body


def test_empty_and_wordless_queries_explain_what_to_do(world, login):
    client = login(world.committee)
    empty = client.get(reverse("search:search")).content.decode()
    assert "Type a word from a story" in empty
    wordless = client.get(reverse("search:search"), {"q": "***"}).content.decode()
    assert "Type at least one word" in wordless
    nothing = client.get(reverse("search:search"), {"q": "zzzqqq"}).content.decode()
    assert "No story you may see holds these words." in nothing


def test_the_nav_has_a_search_box_for_signed_in_people(world, login):
    body = login(world.teller).get(reverse("dashboard:home")).content.decode()
    assert f'action="{reverse("search:search")}"' in body and 'role="search"' in body


def test_the_query_count_is_constant_with_more_data(world, login):
    _seed(world)
    client = login(world.director)
    url = reverse("search:search")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"q": WORD})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count()
    question = world.interview.question_set.questions.order_by("position").last()
    for i in range(6):
        story = StoryFactory(
            program=world.program,
            department=world.departments[0],
            told_by=world.teller,
            title=f"More {i}",
            summary=f"another {WORD} {i}",
        )
        Principle.objects.create(story=story, situation=WORD, goal="x", action="y")
        CommonPrinciple.objects.create(program=world.program, text=f"{WORD} common {i}")
    Answer.objects.create(interview=world.interview, question=question, text=f"{WORD} again")
    assert count() == small


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's")
@pytest.mark.parametrize(
    "kind, table, index",
    [
        ("stories", "stories_successstory", "story_search_gin"),
        ("answers", "stories_answer", "answer_search_gin"),
        ("principles", "stories_principle", "principle_search_gin"),
        ("common", "stories_commonprinciple", "common_principle_search_gin"),
    ],
)
def test_postgresql_searches_through_the_gin_index(world, kind, table, index):
    """The query's tsvector expression is the one the index was built over, so the planner
    uses the index (sequential scans off, as they would lose on a large table)."""
    _seed(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        row = cursor.fetchone()
    assert row is not None and "gin" in row[0].lower() and "'simple'" in row[0]
    scope = search.visibility_of(world.director)
    finder, model, fields = {
        "stories": (search.search_stories, search.SuccessStory, search.STORY_FIELDS),
        "answers": (search.search_answers, Answer, search.ANSWER_FIELDS),
        "principles": (search.search_principles, Principle, search.PRINCIPLE_FIELDS),
        "common": (search.search_common, CommonPrinciple, search.COMMON_FIELDS),
    }[kind]
    assert finder(scope, [WORD]).exists()  # the scoped search finds the seeded row
    # The text condition alone, as the search builds it: the planner must take the index.
    qs = search.text_filter(model.objects.all(), fields, [WORD]).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # GIN is read by bitmap scans
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert index in plan, plan


def test_the_migrations_index_lists_match_the_searched_fields():
    import importlib

    migration = importlib.import_module("stories.migrations.0004_search_indexes")
    fields = {name: f for _model, name, f in migration.INDEXES}
    assert fields["story_search_gin"] == search.STORY_FIELDS
    assert fields["answer_search_gin"] == search.ANSWER_FIELDS
    assert fields["principle_search_gin"] == search.PRINCIPLE_FIELDS
    assert fields["common_principle_search_gin"] == search.COMMON_FIELDS


def test_sqlite_falls_back_to_icontains(world, settings):
    """Whatever the database, the fallback path finds the same rows."""
    _seed(world)
    qs = search.text_filter(search.SuccessStory.objects.all(), search.STORY_FIELDS, ["lighthouse"])
    if connection.vendor == "postgresql":
        assert "@@" in str(qs.query)
    else:
        assert "LIKE" in str(qs.query).upper()
    assert world.doc_story in list(qs)


# Access table --------------------------------------------------------------------------

# The access rows for these views are in the one table of tests/test_permissions.py.


def test_search_refuses_post(world, login):
    assert login(world.director).post(reverse("search:search"), {"q": WORD}).status_code == 405


def test_hebrew_and_arabic_words_are_found_behind_attached_prefixes(world):
    """ "דירה" (a flat) finds "בדירה" (in the flat); "شقة" finds "الشقة" and "بالشقة"."""
    world.doc_story.summary = "היא גרה עכשיו בדירה משלה"
    world.doc_story.save(update_fields=["summary"])
    question = world.interview.question_set.questions.order_by("position").first()
    Answer.objects.create(
        interview=world.interview, question=question, text="فرحت العائلة بالشقة الجديدة"
    )
    assert _titles(world.director, "דירה")["stories"] == ["A home at last"]
    assert len(_titles(world.director, "شقة")["answers"]) == 1
    if connection.vendor == "postgresql":  # the SQLite fallback matches any substring
        assert _titles(world.director, "ירה")["stories"] == []
    assert (
        "<mark>דירה</mark>"
        in search.search_for_user(world.director, "דירה").groups[0].hits[0].snippet
    )


def test_the_tsquery_holds_only_letters_digits_and_its_own_operators():
    text = search.tsquery_text(search.search_terms("דירה x'); DROP TABLE:* | !"))
    assert text.startswith("(דירה:* | ודירה:* | הדירה:* | בדירה:*")
    assert "& (x:*) & (drop:*) & (table:*)" in text
    assert not set(text) & set("';!\\")


def test_a_partner_teams_story_is_found_by_its_own_organization_only(world):
    """A story told by a partner organization's team belongs to that organization: the host
    organization's people never find it, the partner's director does (as story_get_for_user)."""
    from organizations.models import ProgramTeam, Role
    from organizations.services import membership_ensure
    from tests.factories import OrganizationFactory, UserFactory

    partner = OrganizationFactory(name="Valley Youth Service")
    ProgramTeam.objects.create(program=world.program, organization=partner)
    teller = UserFactory(full_name="Pia Partner", email="pia.partner@example.org")
    membership_ensure(user=teller, organization=partner, role=Role.STAFF)
    director = UserFactory(full_name="Pat Partner", email="pat.partner@example.org")
    membership_ensure(user=director, organization=partner, role=Role.DIRECTOR)
    StoryFactory(
        program=world.program,
        department=world.departments[0],
        told_by=teller,
        title="Valley success",
        summary=f"A {WORD} in the valley",
    )
    for user in (world.director, world.committee, world.companion):
        assert "Valley success" not in _titles(user)["stories"]
    assert _titles(teller)["stories"] == ["Valley success"]
    assert "Valley success" in _titles(director)["stories"]
    assert "Hilltown story" not in _titles(director)["stories"]
