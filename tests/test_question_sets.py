"""The ten guiding questions: reading them in one's language, the printable guide, and adapting
them as a new version that leaves earlier versions (and the interviews held with them) alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from methods import services
from methods.defaults import create_default_set
from methods.models import GuidingQuestion, QuestionSet
from methods.selectors import question_set_current
from stories.models import Answer, Interview
from tests.urlnames import view_name

from .factories import OrganizationFactory

FIELDS = ("text_en", "text_he", "text_ar", "prompt_en", "prompt_he", "prompt_ar")


@pytest.fixture
def default_set(db) -> QuestionSet:
    return create_default_set(QuestionSet, GuidingQuestion)


def _post(question_set: QuestionSet, extra_forms: int = 0, **overrides) -> dict[str, str]:
    """The adapt form as the page sends it, prefilled from a set's questions."""
    questions = list(question_set.questions.order_by("position"))
    data = {
        "name": "Riverside questions",
        "change_note": "Plainer words for question 2.",
        "q-TOTAL_FORMS": str(len(questions) + extra_forms),
        "q-INITIAL_FORMS": str(len(questions)),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "20",
    }
    for i, q in enumerate(questions):
        for f in FIELDS:
            data[f"q-{i}-{f}"] = getattr(q, f)
    for i in range(len(questions), len(questions) + extra_forms):
        for f in FIELDS:
            data[f"q-{i}-{f}"] = ""
    data.update(overrides)
    return data


def _questions(question_set: QuestionSet) -> list[tuple]:
    return list(question_set.questions.order_by("position").values_list("position", *FIELDS))


# Adapting -------------------------------------------------------------------------------------


def test_adapting_creates_version_2_and_leaves_version_1_and_its_interview_unchanged(
    world, default_set, login
):
    interview = Interview.objects.create(
        story=world.doc_story,
        interviewee_role="social_worker",
        interviewee_label="Maya",
        held_on=dt.date(2026, 11, 3),
        interviewer=world.student,
        question_set=default_set,
    )
    q2 = default_set.questions.get(position=2)
    Answer.objects.create(interview=interview, question=q2, text="Because she works again.")
    v1_before = _questions(default_set)

    url = reverse("methods:question_set_adapt", args=[world.org.pk])
    page = login(world.director).get(url)
    assert page.status_code == 200
    assert default_set.questions.get(position=1).text_en in page.content.decode()

    new_text = "Why do you both call this a success?"
    response = login(world.director).post(
        url, _post(default_set, extra_forms=2, **{"q-1-text_en": new_text})
    )
    assert response.status_code == 302
    adapted = QuestionSet.objects.get(organization=world.org)
    assert response["Location"] == adapted.get_absolute_url()
    assert adapted.version == 2
    assert adapted.based_on == default_set
    assert adapted.created_by == world.director
    assert adapted.change_note == "Plainer words for question 2."
    assert adapted.questions.count() == 10
    assert adapted.questions.get(position=2).text_en == new_text
    assert adapted.questions.get(position=2).text_he == q2.text_he  # carried over
    # Version 1 and the interview held with it are untouched.
    assert _questions(default_set) == v1_before
    interview.refresh_from_db()
    assert interview.question_set == default_set
    assert interview.answers.get().question.text_en == q2.text_en
    # New interviews use the new version.
    assert question_set_current(world.org) == adapted


def test_adapting_again_makes_version_3_based_on_version_2(world, default_set, login):
    url = reverse("methods:question_set_adapt", args=[world.org.pk])
    client = login(world.companion)
    assert client.post(url, _post(default_set)).status_code == 302
    v2 = QuestionSet.objects.get(organization=world.org, version=2)
    # The form now starts from version 2.
    assert f'value="{v2.name}"' in client.get(url).content.decode()
    assert client.post(url, _post(v2, name="Third try")).status_code == 302
    v3 = QuestionSet.objects.get(organization=world.org, version=3)
    assert v3.based_on == v2 and v3.name == "Third try"
    assert question_set_current(world.org) == v3
    # Another organization still uses the default.
    assert question_set_current(world.other_org) == default_set


def test_a_question_left_entirely_empty_is_left_out_and_the_rest_renumbered(
    world, default_set, login
):
    blank = {f"q-3-{f}": "" for f in FIELDS}
    added = {"q-10-text_en": "What would you do differently next time?"}
    data = _post(default_set, extra_forms=2, **blank, **added)
    response = login(world.director).post(
        reverse("methods:question_set_adapt", args=[world.org.pk]), data
    )
    assert response.status_code == 302
    adapted = QuestionSet.objects.get(organization=world.org)
    texts = list(adapted.questions.order_by("position").values_list("text_en", flat=True))
    assert len(texts) == 10  # one left out, one added
    assert default_set.questions.get(position=4).text_en not in texts
    assert texts[3] == default_set.questions.get(position=5).text_en
    assert texts[-1] == "What would you do differently next time?"
    assert list(adapted.questions.values_list("position", flat=True).order_by("position")) == list(
        range(1, 11)
    )


def test_english_is_required_and_the_typed_text_is_kept(world, default_set, login):
    hebrew = "שאלה חדשה בלי תרגום לאנגלית"
    data = _post(default_set, extra_forms=1, **{"q-10-text_he": hebrew, "q-2-text_en": ""})
    response = login(world.director).post(
        reverse("methods:question_set_adapt", args=[world.org.pk]), data
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write the question in English" in body
    assert body.count("Write the question in English") == 2  # on question 3 and the new one
    assert hebrew in body
    assert default_set.questions.get(position=3).text_he in body  # kept as typed
    assert not QuestionSet.objects.filter(organization=world.org).exists()


def test_a_question_longer_than_400_characters_is_refused_and_kept(world, default_set, login):
    long_text = "How " + "and why " * 60 + "?"
    assert len(long_text) > 400
    response = login(world.director).post(
        reverse("methods:question_set_adapt", args=[world.org.pk]),
        _post(default_set, **{"q-0-text_en": long_text}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value has at most 400 characters" in body
    assert "Write the question in English" not in body  # one clear error, not two
    assert long_text in body
    assert not QuestionSet.objects.filter(organization=world.org).exists()


def test_at_least_one_question_must_remain(world, default_set, login):
    data = _post(default_set)
    for key in list(data):
        if key.startswith("q-") and key[2].isdigit():
            data[key] = ""
    response = login(world.director).post(
        reverse("methods:question_set_adapt", args=[world.org.pk]), data
    )
    assert response.status_code == 400
    assert "Keep at least one question" in response.content.decode()
    assert not QuestionSet.objects.filter(organization=world.org).exists()


def test_a_name_and_a_note_on_what_changed_are_required(world, default_set, login):
    response = login(world.director).post(
        reverse("methods:question_set_adapt", args=[world.org.pk]),
        _post(default_set, name=" ", change_note=""),
    )
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") == 2
    assert not QuestionSet.objects.filter(organization=world.org).exists()


def test_the_service_refuses_people_without_the_role_and_another_organizations_base(
    world, default_set
):
    questions = [{"text_en": "What happened?"}]
    with pytest.raises(PermissionDenied):
        services.question_set_adapt(
            organization=world.org,
            by=world.committee,
            base=default_set,
            name="x",
            change_note="",
            questions=questions,
        )
    foreign = QuestionSet.objects.create(organization=world.other_org, name="Theirs", version=2)
    with pytest.raises(ValidationError):
        services.question_set_adapt(
            organization=world.org,
            by=world.director,
            base=foreign,
            name="x",
            change_note="",
            questions=questions,
        )
    with pytest.raises(ValidationError) as exc:
        services.question_set_adapt(
            organization=world.org,
            by=world.director,
            base=default_set,
            name="x",
            change_note="",
            questions=[{"text_he": "רק בעברית"}],
        )
    assert "English text is required" in str(exc.value)


def test_a_member_of_the_organization_without_the_role_sees_no_adapt_link(
    world, default_set, login
):
    url = reverse("methods:program_questions", args=[world.program.pk])
    adapt = reverse("methods:question_set_adapt", args=[world.org.pk])
    assert adapt not in login(world.committee).get(url).content.decode()
    assert adapt in login(world.director).get(url).content.decode()
    assert adapt in login(world.companion).get(url).content.decode()


# Reading and printing ---------------------------------------------------------------------------


def test_the_program_page_shows_the_current_questions_the_versions_and_the_guide(
    world, default_set, login
):
    body = login(world.student).get(reverse("methods:program_questions", args=[world.program.pk]))
    body = body.content.decode()
    for q in default_set.questions.all():
        assert q.text_en in body
    assert default_set.questions.get(position=5).prompt_en in body
    assert reverse("methods:question_set_detail", args=[default_set.pk]) in body
    assert reverse("methods:interview_guide", args=[default_set.pk]) in body


def test_the_questions_are_shown_in_the_users_language(world, default_set, login):
    client = login(world.staff)
    response = client.get(
        reverse("methods:program_questions", args=[world.program.pk]), HTTP_ACCEPT_LANGUAGE="ar"
    )
    body = response.content.decode()
    assert default_set.questions.get(position=1).text_ar in body
    assert 'dir="rtl"' in body


def test_the_guide_renders_in_hebrew_right_to_left(world, default_set, login):
    response = login(world.student).get(
        reverse("methods:interview_guide", args=[default_set.pk]), {"lang": "he"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="he" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    for q in default_set.questions.all():
        assert q.text_he in body
        assert q.prompt_he in body
    assert q.text_en not in body
    assert "navbar" not in body  # no site navigation on the printed page
    assert "guide-notes" in body  # room for notes


def test_the_guide_follows_the_users_language_and_falls_back_for_unknown_ones(
    world, default_set, login
):
    client = login(world.student)
    url = reverse("methods:interview_guide", args=[default_set.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert default_set.questions.get(position=1).text_ar in body
    body = client.get(url, {"lang": "xx"}).content.decode()
    assert '<html lang="en" dir="ltr">' in body
    assert default_set.questions.get(position=1).text_en in body


def test_an_adapted_set_is_visible_to_its_organization_only(world, default_set, login):
    adapted = services.question_set_adapt(
        organization=world.org,
        by=world.director,
        base=default_set,
        name="Riverside questions",
        change_note="Shorter.",
        questions=[{"text_en": "What happened, in a few sentences?"}],
    )
    for url_name in ("question_set_detail", "interview_guide"):
        url = reverse(view_name(url_name), args=[adapted.pk])
        assert login(world.student).get(url).status_code == 200
        assert login(world.other_director).get(url).status_code == 404
        # the default set is open to every signed-in person
        default_url = reverse(view_name(url_name), args=[default_set.pk])
        assert login(world.other_director).get(default_url).status_code == 200
    body = login(world.committee).get(reverse("methods:question_set_detail", args=[adapted.pk]))
    assert "What happened, in a few sentences?" in body.content.decode()
    assert "Shorter." in body.content.decode()


def test_adapting_another_organizations_questions_is_a_404(world, default_set, login):
    stranger_org = OrganizationFactory()
    for org in (world.other_org, stranger_org):
        url = reverse("methods:question_set_adapt", args=[org.pk])
        assert login(world.director).get(url).status_code == 404
        assert login(world.director).post(url, _post(default_set)).status_code == 404
    assert not QuestionSet.objects.exclude(organization__isnull=True).exists()
