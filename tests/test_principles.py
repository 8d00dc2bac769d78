"""Principles of action: a story's principles and their evidence, common principles, merging,
the matrix (levels and filters), the CSV downloads, who may do what, and query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from methods.defaults import create_default_set
from methods.models import GuidingQuestion, QuestionSet
from organizations.models import AuditEvent
from stories.models import (
    Answer,
    ClientIdentity,
    CommonPrinciple,
    Interview,
    Principle,
    PrincipleCategory,
    PrincipleEvidence,
    SuccessStory,
    content_language,
    principle_sentence,
)
from stories.principles.selectors import Level, level_for, principle_matrix_for_program
from tests.urlnames import view_name

from .factories import StoryFactory, UserFactory

# Factories -------------------------------------------------------------------------------


def default_question_set() -> QuestionSet:
    """The shipped set (made by a data migration; made again if a transactional test flushed
    the database)."""
    return create_default_set(QuestionSet, GuidingQuestion)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrincipleCategory

    name = factory.Sequence(lambda n: f"Category {n}")


class CommonPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommonPrinciple

    text = factory.Sequence(lambda n: f"We build trust before we plan, case {n}")


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    situation = factory.Sequence(lambda n: f"a family in crisis {n}")
    goal = "trust that lets the family accept help"
    action = "visit the same day and let the family set the agenda"


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    interviewee_role = Interview.IntervieweeRole.CLIENT
    interviewee_label = factory.LazyAttribute(lambda o: o.story.client_pseudonym)
    held_on = dt.date(2026, 3, 1)
    interviewer = factory.SubFactory(UserFactory)
    question_set = factory.LazyFunction(default_question_set)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    class Params:
        position = 1

    question = factory.LazyAttribute(
        lambda o: o.interview.question_set.questions.get(position=o.position)
    )
    text = "We met at the café near her home every week, and she chose what to talk about."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrincipleEvidence

    quote = "she chose what to talk about"


def selected_story(world, **kwargs) -> SuccessStory:
    kwargs.setdefault("department", world.departments[0])
    kwargs.setdefault("told_by", world.teller)
    return StoryFactory(program=world.program, status=SuccessStory.Status.SELECTED, **kwargs)


# Helpers for the access table in tests/test_permissions.py ---------------------------------
# (the ids kinds "principle" and "question_set", the POST data of these views, and the state a
# refused request must leave unchanged)

QUOTE_ANSWER = "We met at the café near her home every week, and she chose what to talk about."


def _world_answer(world) -> Answer:
    """An answer (question 5) of the documented story's interview, for quoting."""
    question = world.interview.question_set.questions.get(position=5)
    return Answer.objects.update_or_create(
        interview=world.interview, question=question, defaults={"text": QUOTE_ANSWER}
    )[0]


def _world_principle(world) -> Principle:
    """A principle of the documented story, with an interview answer it can quote."""
    _world_answer(world)
    principle = Principle.objects.filter(story=world.doc_story).first()
    return principle or PrincipleFactory(story=world.doc_story)


def _org_question_set(world) -> QuestionSet:
    """An adapted question set of the world's organization (version 2)."""
    existing = QuestionSet.objects.filter(organization=world.org).first()
    if existing:
        return existing
    base = default_question_set()
    qs = QuestionSet.objects.create(
        organization=world.org, name="Riverside questions", version=2, based_on=base
    )
    for q in base.questions.all():
        q.pk = None
        q.question_set = qs
        q.save()
    return qs


def extra_args(world, kind: str) -> list[int]:
    if kind == "principle":
        return [_world_principle(world).pk]
    if kind == "question_set":
        return [_org_question_set(world).pk]
    return {
        "program": [world.program.pk],
        "doc": [world.doc_story.pk],
        "org": [world.org.pk],
    }[kind]


def _adapt_post(question_set: QuestionSet, **overrides) -> dict[str, str]:
    questions = list(question_set.questions.order_by("position"))
    data = {
        "name": "Riverside questions",
        "change_note": "Plainer words for question 2.",
        "q-TOTAL_FORMS": str(len(questions)),
        "q-INITIAL_FORMS": str(len(questions)),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "20",
    }
    for i, q in enumerate(questions):
        for f in ("text_en", "text_he", "text_ar", "prompt_en", "prompt_he", "prompt_ar"):
            data[f"q-{i}-{f}"] = getattr(q, f)
    data.update(overrides)
    return data


def _evidence_post(world) -> dict[str, str]:
    principle = _world_principle(world)
    answer = _world_answer(world)
    return {f"e{principle.pk}-answer": str(answer.pk), f"e{principle.pk}-quote": "she chose"}


def _merge_post(world) -> dict:
    principle = _world_principle(world)
    common = CommonPrinciple.objects.filter(program=world.program).first()
    if common is None:
        common = CommonPrincipleFactory(program=world.program, text="We follow the client's lead")
    return {"common": common.pk, "principles": [principle.pk]}


EXTRA_POST_DATA = {
    "principle_add": {
        "situation": "a young person who has dropped out of school",
        "goal": "a return that lasts",
        "action": "agree the plan with the school, the parents and the young person together",
        "common": "",
    },
    "evidence_add": _evidence_post,
    "program_principles": {"text": "We never give up on a client", "category_name": "Trust"},
    "principles_merge": _merge_post,
    "question_set_adapt": lambda w: _adapt_post(default_question_set()),
}


def _state(world) -> tuple:
    return (
        Principle.objects.count(),
        PrincipleEvidence.objects.count(),
        CommonPrinciple.objects.count(),
        PrincipleCategory.objects.count(),
        list(Principle.objects.order_by("pk").values_list("pk", "common_id")),
        QuestionSet.objects.count(),
        GuidingQuestion.objects.count(),
    )


@pytest.mark.parametrize("url_name", ["evidence_add", "principles_merge"])
def test_post_only_views_refuse_get(world, login, url_name):
    kind = {"evidence_add": "principle", "principles_merge": "program"}[url_name]
    response = login(world.committee).get(
        reverse(view_name(url_name), args=extra_args(world, kind))
    )
    assert response.status_code == 405


@pytest.mark.parametrize(
    "url_name", ["principle_matrix", "principle_matrix_csv", "principles_csv", "program_questions"]
)
def test_read_only_views_refuse_post(world, login, url_name):
    response = login(world.committee).post(reverse(view_name(url_name), args=[world.program.pk]))
    assert response.status_code == 405


# Levels and the matrix -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", None),
        ("We visit the same day", None),
        ("ביקור באותו יום", "he"),
        ("زيارة في نفس اليوم", "ar"),
        ("A visit: ביקור, then زيارة", "he"),  # the first Hebrew or Arabic letter decides
        ("A visit: زيارة, then ביקור", "ar"),
        ("\u05ff", "he"),
        ("\u0600", "ar"),
        ("\u058f\u0700", None),  # just outside both scripts
    ],
)
def test_content_language_is_the_script_of_the_first_hebrew_or_arabic_letter(text, language):
    assert content_language(text) == language


def test_a_principles_sentence_is_the_same_from_its_model_or_its_three_texts():
    for situation, goal, action in [
        ("In a crisis", "to achieve trust", "we visit the same day."),
        ("a family about to be evicted", "a home", "call the landlord"),
        ("משפחה במשבר", "אמון", "מבקרים באותו יום"),
    ]:
        principle = Principle(situation=situation, goal=goal, action=action)
        assert principle.sentence == principle_sentence(situation, goal, action)
    assert principle_sentence("In a crisis", "to achieve trust", "we visit.") == (
        "In a crisis, to achieve trust, we visit."
    )


@pytest.mark.parametrize(
    "count, total, level",
    [
        (4, 4, "all"),
        (3, 4, "most"),
        (2, 4, "most"),
        (1, 4, "some"),
        (0, 4, "none"),
        (1, 1, "all"),
        (1, 3, "some"),
        (2, 3, "most"),
        (0, 0, "none"),
    ],
)
def test_level_is_all_most_some_or_none(count, total, level):
    assert level_for(count, total) == level


@pytest.fixture
def shared(world):
    """Four selected stories (the only ones: the world's are declined here); common principles
    shared by 4, 2, 1 and 0 of them; evidence from a client interview for some links only; a
    nominated story that does not count."""
    SuccessStory.objects.filter(program=world.program, status="selected").update(status="declined")
    stories = [selected_story(world, title=f"Story {c}") for c in "ABCD"]
    trust = CategoryFactory(program=world.program, name="Trust")
    work = CategoryFactory(program=world.program, name="Work")
    commons = {
        "all": CommonPrincipleFactory(
            program=world.program, text="We meet where they are", category=trust
        ),
        "most": CommonPrincipleFactory(
            program=world.program, text="We plan in small steps", category=work
        ),
        "some": CommonPrincipleFactory(
            program=world.program, text="We bring in the family", category=trust
        ),
        "none": CommonPrincipleFactory(
            program=world.program, text="We use the community", category=None
        ),
    }
    shares = {"all": stories, "most": stories[:2], "some": stories[3:], "none": []}
    principles = {}
    for key, sharing in shares.items():
        for story in sharing:
            principles[key, story.title] = PrincipleFactory(story=story, common=commons[key])
    # Evidence from interviews: a client quote for "all" in A and B, a social worker's in C.
    for title, role in (("Story A", "client"), ("Story B", "client"), ("Story C", "social_worker")):
        story = next(s for s in stories if s.title == title)
        interview = InterviewFactory(story=story, interviewee_role=role, interviewer=world.student)
        answer = AnswerFactory(interview=interview, position=5, text=QUOTE_ANSWER)
        EvidenceFactory(principle=principles["all", title], answer=answer)
    # A nominated story sharing "all" is not a column and does not count.
    nominated = StoryFactory(
        program=world.program, department=world.departments[0], told_by=world.teller
    )
    PrincipleFactory(story=nominated, common=commons["all"])
    return stories, commons, (trust, work)


def _by_text(matrix):
    return {row.principle.text: row for row in matrix.rows}


def test_the_matrix_marks_each_common_principle_all_most_some_or_none(world, shared):
    stories, commons, _categories = shared
    matrix = principle_matrix_for_program(world.program, world.director)
    assert [s.title for s in matrix.stories] == ["Story A", "Story B", "Story C", "Story D"]
    rows = _by_text(matrix)
    assert rows["We meet where they are"].level == Level.ALL
    assert rows["We meet where they are"].count == 4
    assert rows["We meet where they are"].cells == [True, True, True, True]
    assert rows["We plan in small steps"].level == Level.MOST
    assert rows["We plan in small steps"].cells == [True, True, False, False]
    assert rows["We bring in the family"].level == Level.SOME
    assert rows["We bring in the family"].cells == [False, False, False, True]
    assert rows["We use the community"].level == Level.NONE
    assert rows["We use the community"].count == 0
    assert matrix.level_counts() == {"all": 1, "most": 1, "some": 1, "none": 1}


def test_the_matrix_filters_by_category(world, shared):
    _stories, _commons, (trust, work) = shared
    matrix = principle_matrix_for_program(world.program, world.director, category=trust)
    assert set(_by_text(matrix)) == {"We meet where they are", "We bring in the family"}
    matrix = principle_matrix_for_program(world.program, world.director, category=work)
    assert list(_by_text(matrix)) == ["We plan in small steps"]
    assert _by_text(matrix)["We plan in small steps"].level == Level.MOST


def test_the_matrix_filters_by_interviewee_role_counting_only_evidenced_links(world, shared):
    matrix = principle_matrix_for_program(world.program, world.director, interviewee_role="client")
    row = _by_text(matrix)["We meet where they are"]
    assert row.cells == [True, True, False, False]
    assert row.level == Level.MOST
    assert _by_text(matrix)["We plan in small steps"].level == Level.NONE
    matrix = principle_matrix_for_program(
        world.program, world.director, interviewee_role="social_worker"
    )
    row = _by_text(matrix)["We meet where they are"]
    assert row.cells == [False, False, True, False]
    assert row.level == Level.SOME
    matrix = principle_matrix_for_program(
        world.program, world.director, interviewee_role="probation_officer"
    )
    assert all(r.level == Level.NONE for r in matrix.rows)


def test_the_matrix_page_is_readable_without_colour(world, shared, login):
    response = login(world.committee).get(
        reverse("principles:principle_matrix", args=[world.program.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "table-responsive" in body
    assert 'class="badge level-badge level-all">Common to all</span>' in body
    assert 'class="badge level-badge level-most">Common to most</span>' in body
    assert 'class="badge level-badge level-some">Common to some</span>' in body
    assert '<span class="visually-hidden">Yes</span>' in body
    assert '<span class="visually-hidden">No</span>' in body
    assert "Story A" in body
    for story in shared[0]:
        assert story.client_pseudonym not in body
    assert reverse("principles:principle_matrix_csv", args=[world.program.pk]) in body
    assert reverse("principles:principles_csv", args=[world.program.pk]) in body


def test_the_matrix_page_applies_the_filters_from_the_query(world, shared, login):
    _stories, _commons, (trust, _work) = shared
    url = reverse("principles:principle_matrix", args=[world.program.pk])
    body = (
        login(world.companion).get(url, {"category": trust.pk, "role": "client"}).content.decode()
    )
    assert "We meet where they are" in body
    assert "We plan in small steps" not in body
    assert f"?category={trust.pk}&amp;role=client" in body  # the CSV link keeps the filters
    # A bad filter value is ignored, not an error.
    assert login(world.companion).get(url, {"category": "x", "role": "nobody"}).status_code == 200


def test_the_matrix_page_in_hebrew_is_right_to_left(world, shared, login):
    client = login(world.committee)
    response = client.get(
        reverse("principles:principle_matrix", args=[world.program.pk]), HTTP_ACCEPT_LANGUAGE="he"
    )
    assert 'dir="rtl"' in response.content.decode()


def test_another_programs_category_is_not_a_filter(world, shared, login):
    foreign = CategoryFactory(program=world.other_program, name="Elsewhere")
    matrix_page = login(world.committee).get(
        reverse("principles:principle_matrix", args=[world.program.pk]), {"category": foreign.pk}
    )
    assert matrix_page.status_code == 200
    assert "We plan in small steps" in matrix_page.content.decode()  # unfiltered


# Merging and common principles ----------------------------------------------------------------


def test_the_committee_merges_story_principles_into_a_common_principle(world, login):
    a, b = selected_story(world, title="Back to school"), selected_story(world, title="A new flat")
    pa, pb = PrincipleFactory(story=a), PrincipleFactory(story=b)
    untouched = PrincipleFactory(story=a)
    common = CommonPrincipleFactory(program=world.program, text="We let the client lead")
    client = login(world.committee)
    response = client.post(
        reverse("principles:principles_merge", args=[world.program.pk]),
        {"common": common.pk, "principles": [pa.pk, pb.pk]},
    )
    assert response.status_code == 302
    assert set(common.story_principles.all()) == {pa, pb}
    untouched.refresh_from_db()
    assert untouched.common is None
    page = client.get(response["Location"]).content.decode()
    assert "2 story principles merged into “We let the client lead”." in page
    section = page.split(f'id="common-{common.pk}"')[1].split("</li>")[0]
    assert "Back to school" in section and "A new flat" in section
    matrix = principle_matrix_for_program(world.program, world.director)
    row = _by_text(matrix)["We let the client lead"]
    marked = {s.title for s, cell in zip(matrix.stories, row.cells, strict=True) if cell}
    assert marked == {"Back to school", "A new flat"}
    assert row.count == 2


def test_merging_without_ticking_a_principle_is_refused_with_a_clear_error(world, login):
    principle = PrincipleFactory(story=selected_story(world))
    common = CommonPrincipleFactory(program=world.program)
    response = login(world.committee).post(
        reverse("principles:principles_merge", args=[world.program.pk]), {"common": common.pk}
    )
    assert response.status_code == 400
    assert "Tick at least one story principle to merge." in response.content.decode()
    principle.refresh_from_db()
    assert principle.common is None


def test_another_programs_principle_or_common_principle_cannot_be_merged(world, login):
    mine = PrincipleFactory(story=selected_story(world))
    theirs = PrincipleFactory(story=world.other_story)
    my_common = CommonPrincipleFactory(program=world.program)
    their_common = CommonPrincipleFactory(program=world.other_program)
    client = login(world.committee)
    url = reverse("principles:principles_merge", args=[world.program.pk])
    response = client.post(url, {"common": my_common.pk, "principles": [mine.pk, theirs.pk]})
    assert response.status_code == 400
    response = client.post(url, {"common": their_common.pk, "principles": [mine.pk]})
    assert response.status_code == 400
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.common is None and theirs.common is None


def test_a_common_principle_is_created_with_its_category(world, login):
    client = login(world.companion)
    url = reverse("principles:program_principles", args=[world.program.pk])
    response = client.post(url, {"text": "  We keep  our promises ", "category_name": "Trust"})
    assert response.status_code == 302
    response = client.post(url, {"text": "We say what we will do", "category_name": "trust"})
    assert response.status_code == 302
    assert PrincipleCategory.objects.filter(program=world.program).count() == 1
    assert CommonPrinciple.objects.get(text="We keep our promises").category.name == "Trust"


def test_a_duplicate_common_principle_is_refused_and_the_typed_text_kept(world, login):
    CommonPrincipleFactory(program=world.program, text="We keep our promises")
    CommonPrincipleFactory(program=world.other_program, text="Another org's principle")
    client = login(world.committee)
    url = reverse("principles:program_principles", args=[world.program.pk])
    response = client.post(url, {"text": "we keep our PROMISES", "category_name": "Reliability"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "This program already has that common principle." in body
    assert "we keep our PROMISES" in body
    assert 'value="Reliability"' in body
    assert CommonPrinciple.objects.filter(program=world.program).count() == 1
    # The same text in another organization's program is no duplicate.
    response = client.post(url, {"text": "Another org's principle", "category_name": ""})
    assert response.status_code == 302


@pytest.mark.parametrize("arrays", [True, False], ids=["native", "without-arrays"])
def test_the_principles_page_lists_unmerged_principles_and_the_selected_stories(
    world, login, arrays, monkeypatch
):
    if not arrays:  # the path of a database without arrays (SQLite, the demo's default)
        monkeypatch.setattr("stories.principles.selectors.connection", SimpleNamespace(vendor="x"))
    story = selected_story(world, title="Finding a home")
    PrincipleFactory(story=story, situation="a family about to be evicted")
    CommonPrincipleFactory(program=world.program)
    PrincipleFactory(story=world.other_story, situation="Hilltown's secret situation")
    body = login(world.director).get(
        reverse("principles:program_principles", args=[world.program.pk])
    )
    body = body.content.decode()
    assert "In a family about to be evicted, to achieve" in body
    assert "Hilltown&#x27;s secret situation" not in body and "Hilltown's secret" not in body
    assert reverse("principles:principle_add", args=[story.pk]) in body
    assert reverse("principles:principles_merge", args=[world.program.pk]) in body


# A story's principles and evidence ------------------------------------------------------------


def test_a_principle_is_added_and_shown_with_a_form_for_evidence(world, login):
    story = selected_story(world)
    interview = InterviewFactory(story=story, interviewer=world.student)
    AnswerFactory(interview=interview, position=3, text=QUOTE_ANSWER)
    common = CommonPrincipleFactory(program=world.program, text="We follow the client's lead")
    client = login(world.committee)
    url = reverse("principles:principle_add", args=[story.pk])
    response = client.post(
        url,
        {
            "situation": "a client who distrusts the office",
            "goal": "a first real conversation",
            "action": "meet in a place the client chooses",
            "common": common.pk,
        },
    )
    principle = Principle.objects.get(story=story)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#principle-{principle.pk}")
    assert principle.common == common and principle.created_by == world.committee
    body = client.get(url).content.decode()
    assert (
        "In a client who distrusts the office, to achieve a first real conversation, "
        "we meet in a place the client chooses." in body
    )
    assert reverse("principles:evidence_add", args=[principle.pk]) in body
    # The answers are labelled by interview, question number and question text.
    assert "Interview 1: Client: " in body
    assert "Q3. What was the starting point?" in body


def test_a_principle_needs_its_three_parts_and_a_common_principle_of_this_program(world, login):
    story = selected_story(world)
    foreign = CommonPrincipleFactory(program=world.other_program)
    response = login(world.committee).post(
        reverse("principles:principle_add", args=[story.pk]),
        {"situation": "a crisis", "goal": "", "action": "call at once", "common": foreign.pk},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body
    assert "Select a valid choice." in body
    assert "a crisis" in body and "call at once" in body
    assert not Principle.objects.filter(story=story).exists()


def test_evidence_is_added_when_the_quote_is_in_the_answer(world, login):
    principle = _world_principle(world)
    answer = _world_answer(world)
    client = login(world.committee)
    response = client.post(
        reverse("principles:evidence_add", args=[principle.pk]),
        {
            f"e{principle.pk}-answer": answer.pk,
            f"e{principle.pk}-quote": "  She chose   what to talk about ",
        },
    )
    assert response.status_code == 302
    evidence = PrincipleEvidence.objects.get()
    assert evidence.answer == answer and evidence.principle == principle
    body = client.get(
        reverse("principles:principle_add", args=[world.doc_story.pk])
    ).content.decode()
    assert "She chose   what to talk about" in body or "She chose what to talk about" in body
    assert "Q5. What was done, by whom, and in what order?" in body


def test_evidence_is_refused_when_the_quote_is_not_in_the_answer_and_the_text_is_kept(world, login):
    principle = _world_principle(world)
    answer = _world_answer(world)
    typed = "We phoned her every single morning at eight"
    response = login(world.committee).post(
        reverse("principles:evidence_add", args=[principle.pk]),
        {f"e{principle.pk}-answer": answer.pk, f"e{principle.pk}-quote": typed},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "These words are not in the chosen answer: quote it exactly." in body
    assert typed in body
    # the error is on the quote field of that principle's form, the chosen answer still chosen
    assert f'id="id_e{principle.pk}-quote"' in body
    assert "is-invalid" in body.split(f'id="id_e{principle.pk}-quote"')[0].rsplit("<textarea", 1)[1]
    assert f'value="{answer.pk}" selected' in body
    assert not PrincipleEvidence.objects.exists()


def test_evidence_from_another_storys_interview_is_refused(world, login):
    principle = _world_principle(world)
    other = selected_story(world)
    interview = InterviewFactory(story=other, interviewer=world.student)
    foreign_answer = AnswerFactory(interview=interview, text=QUOTE_ANSWER)
    response = login(world.committee).post(
        reverse("principles:evidence_add", args=[principle.pk]),
        {f"e{principle.pk}-answer": foreign_answer.pk, f"e{principle.pk}-quote": "she chose"},
    )
    assert response.status_code == 400
    assert not PrincipleEvidence.objects.exists()


def test_evidence_for_a_principle_of_another_organization_is_a_404(world, login):
    theirs = PrincipleFactory(story=world.other_story)
    response = login(world.director).post(reverse("principles:evidence_add", args=[theirs.pk]), {})
    assert response.status_code == 404
    response = login(world.director).post(reverse("principles:evidence_add", args=[999999]), {})
    assert response.status_code == 404


# CSV downloads ---------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_matrix_csv_has_one_column_per_story_and_1_or_0(world, shared, login):
    response = login(world.committee).get(
        reverse("principles:principle_matrix_csv", args=[world.program.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert ".csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Principle", "Category", "Level", "Number of stories",
        "Story A", "Story B", "Story C", "Story D",
    ]  # fmt: skip
    by_text = {r[0]: r for r in rows[1:]}
    assert by_text["We meet where they are"][1:] == [
        "Trust",
        "Common to all",
        "4",
        "1",
        "1",
        "1",
        "1",
    ]
    assert by_text["We plan in small steps"][1:] == [
        "Work",
        "Common to most",
        "2",
        "1",
        "1",
        "0",
        "0",
    ]
    assert by_text["We bring in the family"][2:4] == ["Common to some", "1"]
    assert by_text["We use the community"][1:4] == ["", "In no selected story yet", "0"]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, actor=world.committee
    ).exists()


def test_the_matrix_csv_follows_the_filters(world, shared, login):
    response = login(world.committee).get(
        reverse("principles:principle_matrix_csv", args=[world.program.pk]), {"role": "client"}
    )
    by_text = {r[0]: r for r in _csv(response)[1:]}
    assert by_text["We meet where they are"][2:] == ["Common to most", "2", "1", "1", "0", "0"]


def test_the_principles_csv_has_every_principle_with_its_evidence_and_never_a_real_name(
    world, shared, login
):
    stories, _commons, _categories = shared
    hebrew = selected_story(world, title="חזרה לעבודה", client_pseudonym="ש.")
    PrincipleFactory(story=hebrew, situation="מצב של משבר", goal="אמון", action="מגיעים באותו יום")
    for story in stories + [hebrew]:
        ClientIdentity.objects.create(story=story, real_name=f"Realname Secretperson {story.pk}")
    # The documented story's client has a real name on record (Hanna Halabi), and evidence.
    EvidenceFactory(principle=_world_principle(world), answer=_world_answer(world))
    response = login(world.director).get(
        reverse("principles:principles_csv", args=[world.program.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.content.decode("utf-8-sig")
    assert "Secretperson" not in text and "Realname" not in text
    assert "Halabi" not in text and "Hanna" not in text  # the documented story's client
    assert "Mrs. H." in text  # a pseudonym is fine
    rows = _csv(response)
    assert rows[0] == [
        "Story", "In situation", "To achieve", "We do", "Principle of action",
        "Common principle", "Category", "Evidence",
    ]  # fmt: skip
    assert len(rows) == 1 + Principle.objects.filter(story__program=world.program).count()
    hebrew_row = next(r for r in rows if r[0] == "חזרה לעבודה")
    assert hebrew_row[1:4] == ["מצב של משבר", "אמון", "מגיעים באותו יום"]
    evidenced = [r for r in rows if r[0] == "Story A"][0]
    assert evidenced[5:7] == ["We meet where they are", "Trust"]
    assert "“she chose what to talk about” (interview 1, Client: " in evidenced[7]
    assert "question 5)" in evidenced[7]


def test_a_csv_cell_that_looks_like_a_formula_is_defused(world, login):
    story = selected_story(world)
    PrincipleFactory(story=story, situation='=HYPERLINK("http://evil.example","x")')
    response = login(world.committee).get(
        reverse("principles:principles_csv", args=[world.program.pk])
    )
    row = _csv(response)[1]
    assert row[1].startswith("'=HYPERLINK")


# Query counts ----------------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    """n more selected stories, each with two principles (one merged), an interview, an answer
    and a piece of evidence; a new common principle every third story."""
    category = PrincipleCategory.objects.get_or_create(program=world.program, name="Trust")[0]
    start = SuccessStory.objects.filter(program=world.program).count()
    for i in range(start, start + n):
        story = selected_story(world, department=world.departments[i % 2])
        common = CommonPrinciple.objects.filter(program=world.program).order_by("-pk").first()
        if common is None or i % 3 == 0:
            common = CommonPrincipleFactory(
                program=world.program, category=category if i % 2 else None
            )
        merged = PrincipleFactory(story=story, common=common)
        PrincipleFactory(story=story)
        interview = InterviewFactory(story=story, interviewer=world.student)
        answer = AnswerFactory(interview=interview, text=QUOTE_ANSWER)
        EvidenceFactory(principle=merged, answer=answer)


def _count(client, url, data=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), "\n".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("principle_matrix", None),
        ("principle_matrix", {"role": "client"}),
        ("program_principles", None),
        ("principle_matrix_csv", None),
        ("principles_csv", None),
    ],
)
def test_principle_pages_run_the_same_queries_with_3_and_30_stories(world, client, url_name, data):
    url = reverse(view_name(url_name), args=[world.program.pk])
    client.force_login(world.committee)
    _grow(world, 3)
    small, _small_sql = _count(client, url, data)
    _grow(world, 27)
    large, large_sql = _count(client, url, data)
    assert small == large, f"{small} queries with 3 stories, {large} with 30:\n{large_sql}"


def test_a_storys_principles_page_runs_the_same_queries_with_1_and_10_principles(world, client):
    story = selected_story(world)
    interview = InterviewFactory(story=story, interviewer=world.student)
    answers = [AnswerFactory(interview=interview, position=p, text=QUOTE_ANSWER) for p in (1, 2)]

    def add_principle():
        principle = PrincipleFactory(
            story=story, common=CommonPrincipleFactory(program=world.program)
        )
        for answer in answers:
            EvidenceFactory(principle=principle, answer=answer)

    client.force_login(world.committee)
    url = reverse("principles:principle_add", args=[story.pk])
    add_principle()
    small, _ = _count(client, url)
    for _i in range(9):
        add_principle()
    large, sql = _count(client, url)
    assert small == large, sql
