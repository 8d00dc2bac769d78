"""Analysis: the codebook, coded passages (exact offsets, right-to-left text, re-anchoring),
principles drafted from a code, the matrix's drill-down, and who may do any of it."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from analysis import services
from analysis.models import Code, CodedPassage, PrincipleSource
from analysis.selectors import coding_access
from stories.documentation import services as story_services
from stories.models import Answer, CommonPrinciple, Principle, PrincipleEvidence
from stories.visibility import story_access

HEBREW = "פגשנו אותה בבית הקפה ליד ביתה, והיא בחרה על מה לדבר. האמון נבנה לאט."
ARABIC = "التقينا بها في المقهى قرب بيتها 🙂 وهي اختارت موضوع الحديث."
TRANSCRIPT = "Line one: hello.\r\nהיא אמרה: סוף סוף בית.\r\nThe end.\r\n"


def answer_of(world, position: int, text: str) -> Answer:
    question = world.interview.question_set.questions.get(position=position)
    return Answer.objects.update_or_create(
        interview=world.interview, question=question, defaults={"text": text}
    )[0]


def code_of(world, name: str = "Trust", **kwargs) -> Code:
    return Code.objects.get_or_create(program=world.program, name=name, defaults=kwargs)[0]


def coded(world, answer: Answer, words: str, *codes: Code) -> CodedPassage:
    start = answer.text.index(words)
    passage = CodedPassage.objects.create(
        interview=world.interview,
        source="answer",
        answer=answer,
        start=start,
        end=start + len(words),
        quote=words,
        created_by=world.student,
    )
    passage.codes.set(codes or [code_of(world)])
    return passage


def with_text_transcript(world, text: str = TRANSCRIPT) -> None:
    world.interview.transcript.save("t.txt", ContentFile(text.encode("utf-8")), save=True)


def access_of(world, user):
    return story_access(user, world.doc_story)


def coded_in_transcript(world, quote: str, *codes: Code) -> CodedPassage:
    """The student codes the quoted words of the interview's transcript (the service, which
    finds them)."""
    return services.passage_code(
        access=access_of(world, world.student),
        interview=world.interview,
        by=world.student,
        source="transcript",
        answer=None,
        start=None,
        end=None,
        quote=quote,
        codes=list(codes) or [code_of(world)],
    )


# The helpers tests/test_permissions.py fills its table with ---------------------------------


class Rereadable(io.BytesIO):
    """An upload the permission table can post once per person (each post reads it whole)."""

    name = "codebook.qdc"

    def read(self, *args):
        self.seek(0)
        return super().read()


def extra_args(world, kind: str) -> list[int]:
    answer = answer_of(world, 3, HEBREW)
    trust = code_of(world, "Trust")
    passage = CodedPassage.objects.filter(answer=answer).first() or coded(
        world, answer, "האמון נבנה לאט", trust
    )
    code_of(world, "Home")
    if kind == "cell":
        common = CommonPrinciple.objects.get_or_create(
            program=world.program, text="We let the client lead"
        )[0]
        principle = Principle.objects.filter(story=world.doc_story, common=common).first()
        if principle is None:
            Principle.objects.create(
                story=world.doc_story, common=common, situation="s", goal="g", action="a"
            )
        return [world.program.pk, common.pk, world.doc_story.pk]
    return {
        "program": lambda: [world.program.pk],
        "code": lambda: [trust.pk],
        "interview": lambda: [world.interview.pk],
        "passage": lambda: [passage.pk],
        "draft": lambda: [trust.pk, world.doc_story.pk],
    }[kind]()


def _qdc(names=("Belonging",)) -> bytes:
    codes = "".join(
        f'<Code guid="{guid}" name="{name}" isCodable="true"><Description>d</Description></Code>'
        for guid, name in zip(
            ["6F9619FF-8B86-D011-B42D-00C04FC964FF", "7F9619FF-8B86-D011-B42D-00C04FC964FF"],
            names,
            strict=False,
        )
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
        f'origin="test"><Codes>{codes}</Codes></CodeBook>'
    ).encode()


EXTRA_POST_DATA = {
    "codebook": {"name": "Turning point", "description": "", "parent": ""},
    "code_edit": {"name": "Trust (renamed)", "description": "", "parent": ""},
    "code_delete": {"confirmed": "yes"},
    "codes_merge": lambda w: {
        "source": code_of(w, "Home").pk,
        "target": code_of(w, "Trust").pk,
    },
    "import_qdc": lambda w: {"file": Rereadable(_qdc())},
    "interview_coding": lambda w: {
        "source": "answer",
        "answer": answer_of(w, 3, HEBREW).pk,
        "quote": "בית הקפה",
        "codes": [code_of(w, "Trust").pk],
    },
    "passage_codes": lambda w: {"codes": [code_of(w, "Home").pk]},
    "passage_delete": {},
    "principle_draft": lambda w: {
        "situation": "a client who distrusts services",
        "goal": "trust",
        "action": "meet where the client chooses",
        "passages": extra_args(w, "passage"),
    },
}


# Coding: offsets, right-to-left text, bad input ---------------------------------------------


def test_a_passage_of_a_hebrew_answer_is_kept_at_its_exact_code_point_offsets(world, login):
    answer = answer_of(world, 3, HEBREW)
    trust, home = code_of(world, "Trust"), code_of(world, "Home")
    start = HEBREW.index("בית הקפה")
    response = login(world.student).post(
        reverse("analysis:interview_coding", args=[world.interview.pk]),
        {
            "source": "answer",
            "answer": answer.pk,
            "start": start,
            "end": start + len("בית הקפה"),
            "quote": "בית הקפה",
            "codes": [trust.pk, home.pk],
        },
    )
    assert response.status_code == 302
    passage = CodedPassage.objects.get()
    assert (passage.start, passage.end) == (start, start + 8)
    assert HEBREW[passage.start : passage.end] == passage.quote == "בית הקפה"
    assert set(passage.codes.all()) == {trust, home}
    assert passage.created_by == world.student
    page = login(world.student).get(reverse("analysis:code_detail", args=[trust.pk]))
    assert "בית הקפה" in page.content.decode()


def test_offsets_count_code_points_in_arabic_with_an_emoji(world):
    answer = answer_of(world, 4, ARABIC)
    access = access_of(world, world.student)
    passage = services.passage_code(
        access=access,
        interview=world.interview,
        by=world.student,
        source="answer",
        answer=answer,
        start=None,
        end=None,
        quote="وهي اختارت",
        codes=[code_of(world)],
    )
    # The emoji before the words is one code point (two UTF-16 units, four UTF-8 bytes).
    assert passage.start == ARABIC.index("وهي اختارت")
    assert ARABIC[passage.start : passage.end] == "وهي اختارت"


def test_selected_words_are_found_near_the_offsets_given_when_the_offsets_disagree(world):
    text = "she chose. Later she chose again."
    answer = answer_of(world, 2, text)
    passage = services.passage_code(
        access=access_of(world, world.student),
        interview=world.interview,
        by=world.student,
        source="answer",
        answer=answer,
        start=16,  # the script counted one character off
        end=25,
        quote="she chose",
        codes=[code_of(world)],
    )
    assert (passage.start, passage.end) == (17, 26)


def test_words_not_in_the_answer_are_refused_with_a_clear_error_and_kept_in_the_form(world, login):
    answer = answer_of(world, 3, HEBREW)
    response = login(world.student).post(
        reverse("analysis:interview_coding", args=[world.interview.pk]),
        {
            "source": "answer",
            "answer": answer.pk,
            "quote": "מילים אחרות",
            "codes": [code_of(world).pk],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "These words are not in the text" in body
    assert "מילים אחרות" in body
    assert not CodedPassage.objects.exists()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"start": "5", "end": "3"}, "The passage must end after it starts."),
        ({"start": "5"}, "Give both where the passage starts and where it ends."),
        ({"start": "0", "end": "9999"}, "The passage must lie within the text"),
        ({"quote": "", "start": "", "end": ""}, "Select the words to code"),
    ],
)
def test_bad_offsets_are_refused_with_a_clear_error(world, login, data, error):
    answer = answer_of(world, 3, HEBREW)
    post = {"source": "answer", "answer": answer.pk, "codes": [code_of(world).pk], **data}
    response = login(world.student).post(
        reverse("analysis:interview_coding", args=[world.interview.pk]), post
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not CodedPassage.objects.exists()


def test_a_code_of_another_program_cannot_be_attached(world):
    foreign = Code.objects.create(program=world.other_program, name="Foreign")
    answer = answer_of(world, 3, HEBREW)
    with pytest.raises(Exception) as exc:
        services.passage_code(
            access=access_of(world, world.student),
            interview=world.interview,
            by=world.student,
            source="answer",
            answer=answer,
            start=0,
            end=4,
            quote="",
            codes=[foreign],
        )
    assert "this program's codebook" in str(exc.value)


# Re-anchoring -------------------------------------------------------------------------------


def test_passages_survive_an_edit_of_another_answer(world):
    first = answer_of(world, 3, HEBREW)
    passage = coded(world, first, "האמון נבנה לאט")
    before = (passage.start, passage.end)
    story_services.answer_save(
        access=access_of(world, world.student),
        interview=world.interview,
        question_id=answer_of(world, 4, "x").question_id,
        text="שינוי גדול בתשובה אחרת " * 5,
    )
    passage.refresh_from_db()
    assert (passage.start, passage.end) == before
    assert not passage.detached


def test_a_passage_follows_its_words_when_its_own_answer_is_edited(world):
    answer = answer_of(world, 3, HEBREW)
    passage = coded(world, answer, "האמון נבנה לאט")
    new_text = "הקדמה חדשה. " + HEBREW
    story_services.answer_save(
        access=access_of(world, world.student),
        interview=world.interview,
        question_id=answer.question_id,
        text=new_text,
    )
    passage.refresh_from_db()
    assert new_text[passage.start : passage.end] == "האמון נבנה לאט"
    assert passage.start == new_text.index("האמון נבנה לאט")
    assert not passage.detached


def test_a_passage_whose_words_are_gone_is_marked_detached_and_shown(world, login):
    answer = answer_of(world, 3, HEBREW)
    passage = coded(world, answer, "האמון נבנה לאט")
    story_services.answer_save(
        access=access_of(world, world.student),
        interview=world.interview,
        question_id=answer.question_id,
        text="פגשנו אותה בבית הקפה.",
    )
    passage.refresh_from_db()
    assert passage.detached
    assert passage.quote == "האמון נבנה לאט"
    page = login(world.student).get(reverse("analysis:interview_coding", args=[world.interview.pk]))
    assert "Detached: these words are no longer in the text" in page.content.decode()
    # Coding the same words again where they are now attaches a new passage.
    story_services.answer_save(
        access=access_of(world, world.student),
        interview=world.interview,
        question_id=answer.question_id,
        text="האמון נבנה לאט, אחר כך.",
    )
    passage.refresh_from_db()
    assert not passage.detached and (passage.start, passage.end) == (0, 14)


# Transcripts --------------------------------------------------------------------------------


def test_a_text_transcript_is_coded_with_its_line_ends_read_as_a_browser_shows_them(world):
    with_text_transcript(world)
    passage = coded_in_transcript(world, "סוף סוף בית")
    shown = TRANSCRIPT.replace("\r\n", "\n")
    assert shown[passage.start : passage.end] == "סוף סוף בית"
    assert passage.transcript_name == world.interview.transcript.name


def test_a_new_transcript_re_anchors_or_detaches_its_passages(world):
    with_text_transcript(world)
    kept = coded_in_transcript(world, "סוף סוף בית")
    lost = coded_in_transcript(world, "Line one")
    with_text_transcript(world, "Preface.\nהיא אמרה: סוף סוף בית.\n")
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert not kept.detached and kept.start == len("Preface.\nהיא אמרה: ")
    assert lost.detached


def test_the_committee_may_code_answers_but_never_reads_or_codes_the_transcript(world, login):
    with_text_transcript(world)
    answer = answer_of(world, 3, HEBREW)
    coded_in_transcript(world, "סוף סוף בית")
    client = login(world.committee)
    page = client.get(reverse("analysis:interview_coding", args=[world.interview.pk]))
    assert page.status_code == 200
    assert "סוף סוף בית" not in page.content.decode()
    refused = client.post(
        reverse("analysis:interview_coding", args=[world.interview.pk]),
        {"source": "transcript", "quote": "Line one", "codes": [code_of(world).pk]},
    )
    assert refused.status_code == 400
    assert CodedPassage.objects.filter(source="transcript").count() == 1
    detail = client.get(reverse("analysis:code_detail", args=[code_of(world).pk]))
    assert "סוף סוף בית" not in detail.content.decode()
    allowed = client.post(
        reverse("analysis:interview_coding", args=[world.interview.pk]),
        {
            "source": "answer",
            "answer": answer.pk,
            "quote": "בית הקפה",
            "codes": [code_of(world).pk],
        },
    )
    assert allowed.status_code == 302


# The codebook -------------------------------------------------------------------------------


def test_codes_are_kept_in_a_tree_with_their_descriptions(world, login):
    client = login(world.committee)
    url = reverse("analysis:codebook", args=[world.program.pk])
    client.post(url, {"name": "Relationship", "description": "How they relate."})
    parent = Code.objects.get(name="Relationship")
    client.post(url, {"name": "Trust", "description": "", "parent": parent.pk})
    trust = Code.objects.get(name="Trust")
    assert trust.parent == parent
    page = client.get(url).content.decode()
    assert page.index("Relationship") < page.index("Trust")
    assert "How they relate." in page
    assert "code-depth-1" in page


def test_a_duplicate_code_name_is_refused_and_the_typed_text_kept(world, login):
    code_of(world, "Trust")
    response = login(world.student).post(
        reverse("analysis:codebook", args=[world.program.pk]),
        {"name": "trust", "description": "Typed description"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "already has a code with this name" in body and "Typed description" in body


def test_a_code_cannot_be_moved_under_itself(world, login):
    parent = code_of(world, "Relationship")
    child = code_of(world, "Trust", parent=parent)
    response = login(world.director).post(
        reverse("analysis:code_edit", args=[parent.pk]),
        {"name": "Relationship", "description": "", "parent": child.pk},
    )
    assert response.status_code == 400
    assert "cannot be placed under itself" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_merging_moves_passages_and_children_into_the_target(world, login):
    answer = answer_of(world, 3, HEBREW)
    source, target = code_of(world, "Home", description="Where she lives."), code_of(world, "Trust")
    child = code_of(world, "Flat", parent=source)
    passage = coded(world, answer, "בית הקפה", source)
    response = login(world.committee).post(
        reverse("analysis:codes_merge", args=[world.program.pk]),
        {"source": source.pk, "target": target.pk},
    )
    assert response.status_code == 302
    assert not Code.objects.filter(pk=source.pk).exists()
    assert list(passage.codes.all()) == [target]
    child.refresh_from_db()
    target.refresh_from_db()
    assert child.parent == target and "Where she lives." in target.description


def test_a_code_cannot_be_merged_into_a_code_under_it(world, login):
    source = code_of(world, "Home")
    child = code_of(world, "Flat", parent=source)
    response = login(world.committee).post(
        reverse("analysis:codes_merge", args=[world.program.pk]),
        {"source": source.pk, "target": child.pk},
    )
    assert response.status_code == 400
    assert "cannot be merged into a code under it" in response.content.decode()
    assert Code.objects.filter(pk=source.pk).exists()


def test_a_code_with_codes_under_it_is_not_deleted(world, login):
    parent = code_of(world, "Home")
    code_of(world, "Flat", parent=parent)
    client = login(world.committee)
    client.post(reverse("analysis:code_delete", args=[parent.pk]), {"confirmed": "yes"})
    assert Code.objects.filter(pk=parent.pk).exists()


def test_a_code_is_deleted_only_once_confirmed_with_its_passages_that_had_no_other_code(
    world, login
):
    answer = answer_of(world, 3, HEBREW)
    home, trust = code_of(world, "Home"), code_of(world, "Trust")
    only_home = coded(world, answer, "בית הקפה", home)
    both = coded(world, answer, "האמון נבנה לאט", home, trust)
    client = login(world.committee)
    url = reverse("analysis:code_delete", args=[home.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "Delete the code" in asked.content.decode()
    assert Code.objects.filter(pk=home.pk).exists()
    client.post(url, {"confirmed": "yes"})
    assert not Code.objects.filter(pk=home.pk).exists()
    assert not CodedPassage.objects.filter(pk=only_home.pk).exists()
    assert list(CodedPassage.objects.get(pk=both.pk).codes.all()) == [trust]


def test_a_student_adds_codes_but_does_not_rename_merge_or_delete_them(world, login):
    access = coding_access(world.student, world.program.pk)
    assert not access.manages
    assert coding_access(world.committee, world.program.pk).manages


# From codes to principles, and the matrix ----------------------------------------------------


def test_a_principle_drafted_from_a_code_has_its_passages_as_evidence(world, login):
    answer = answer_of(world, 3, HEBREW)
    trust = code_of(world, "Trust")
    passage = coded(world, answer, "האמון נבנה לאט", trust)
    client = login(world.student)
    url = reverse("analysis:principle_draft", args=[trust.pk, world.doc_story.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "situation": "a client who distrusts services",
            "goal": "trust",
            "action": "meet where the client chooses",
            "passages": [passage.pk],
        },
    )
    assert response.status_code == 302
    principle = Principle.objects.get(story=world.doc_story)
    evidence = PrincipleEvidence.objects.get(principle=principle)
    assert evidence.quote == "האמון נבנה לאט"
    assert evidence.answer == answer  # the question and the interviewee, through the answer
    link = PrincipleSource.objects.get(principle=principle)
    assert link.passage == passage and link.evidence == evidence and link.code == trust


def test_drafting_without_a_passage_is_refused_and_nothing_is_written(world, login):
    answer = answer_of(world, 3, HEBREW)
    trust = code_of(world, "Trust")
    coded(world, answer, "האמון נבנה לאט", trust)
    response = login(world.student).post(
        reverse("analysis:principle_draft", args=[trust.pk, world.doc_story.pk]),
        {"situation": "typed situation", "goal": "g", "action": "a"},
    )
    assert response.status_code == 400
    assert "typed situation" in response.content.decode()
    assert not Principle.objects.filter(story=world.doc_story).exists()


def test_a_passage_holding_the_real_name_is_refused_as_evidence_and_nothing_is_written(world):
    answer = answer_of(world, 3, "Hanna Halabi said: the trust grew slowly.")
    trust = code_of(world, "Trust")
    passage = coded(world, answer, "Hanna Halabi said", trust)
    with pytest.raises(Exception):  # noqa: B017  (the real-name refusal of stories)
        services.principle_draft_from_code(
            access=access_of(world, world.student),
            story=world.doc_story,
            code=trust,
            by=world.student,
            situation="s",
            goal="g",
            action="a",
            passages=[passage],
        )
    assert not Principle.objects.filter(story=world.doc_story).exists()


def test_the_matrix_cell_opens_the_passages_behind_it(world, login):
    answer = answer_of(world, 3, HEBREW)
    trust = code_of(world, "Trust")
    passage = coded(world, answer, "האמון נבנה לאט", trust)
    principle = services.principle_draft_from_code(
        access=access_of(world, world.student),
        story=world.doc_story,
        code=trust,
        by=world.student,
        situation="a client who distrusts services",
        goal="trust",
        action="meet where the client chooses",
        passages=[passage],
    )
    common = CommonPrinciple.objects.create(program=world.program, text="We let the client lead")
    principle.common = common
    principle.save()
    client = login(world.committee)
    matrix = client.get(reverse("principles:principle_matrix", args=[world.program.pk]))
    cell_url = reverse(
        "analysis:matrix_cell", args=[world.program.pk, common.pk, world.doc_story.pk]
    )
    assert cell_url in matrix.content.decode()
    cell = client.get(cell_url).content.decode()
    assert "האמון נבנה לאט" in cell
    assert answer.question.text in cell and world.interview.interviewee_label in cell
    assert "Trust" in cell


def test_the_interview_page_links_to_coding(world, login):
    page = login(world.committee).get(
        reverse("documentation:interview_detail", args=[world.interview.pk])
    )
    assert reverse("analysis:interview_coding", args=[world.interview.pk]) in page.content.decode()


# Who may: every view refuses the wrong role and the other organization -----------------------

VIEWS = [
    ("codebook", "program", "get"),
    ("code_detail", "code", "get"),
    ("code_edit", "code", "get"),
    ("export_qdc", "program", "get"),
    ("export_qdpx", "program", "get"),
    ("import_qdc", "program", "get"),
    ("interview_coding", "interview", "get"),
    ("principle_draft", "draft", "get"),
    ("matrix_cell", "cell", "get"),
    ("codebook", "program", "post"),
    ("codes_merge", "program", "post"),
    ("code_delete", "code", "post"),
    ("interview_coding", "interview", "post"),
    ("passage_codes", "passage", "post"),
    ("passage_delete", "passage", "post"),
    ("principle_draft", "draft", "post"),
]


@pytest.mark.parametrize("name, kind, method", VIEWS)
@pytest.mark.parametrize("who", ["teller", "staff", "unit", "other_director", "other_student"])
def test_a_wrong_role_or_another_organization_is_refused(world, login, name, kind, method, who):
    url = reverse(f"analysis:{name}", args=extra_args(world, kind))
    before = (
        Code.objects.count(),
        CodedPassage.objects.count(),
        Principle.objects.count(),
        list(Code.objects.values_list("name", flat=True).order_by("pk")),
    )
    client = login(getattr(world, who))
    data = EXTRA_POST_DATA.get(name, {})
    data = data(world) if callable(data) else data
    response = client.get(url) if method == "get" else client.post(url, data)
    expected = {404} if who.startswith("other_") else {403, 404}
    assert response.status_code in expected
    assert before == (
        Code.objects.count(),
        CodedPassage.objects.count(),
        Principle.objects.count(),
        list(Code.objects.values_list("name", flat=True).order_by("pk")),
    )


# Pages keep a constant number of queries -----------------------------------------------------


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_codebook_and_a_code_page_count_passages_in_constant_queries(world, login):
    answer = answer_of(world, 3, HEBREW)
    trust = code_of(world, "Trust")
    coded(world, answer, "האמון נבנה לאט", trust)
    code_of(world, "Home")  # two codes: the merge form is drawn at both sizes
    client = login(world.committee)
    urls = [
        reverse("analysis:codebook", args=[world.program.pk]),
        reverse("analysis:code_detail", args=[trust.pk]),
        reverse("analysis:interview_coding", args=[world.interview.pk]),
    ]
    small = [_queries(client, url) for url in urls]
    assert "1 passage" in client.get(urls[0]).content.decode()
    for n, words in enumerate(["פגשנו", "בבית הקפה", "ליד ביתה", "והיא בחרה"]):
        coded(world, answer, words, trust, code_of(world, f"Code {n}"))
    assert [_queries(client, url) for url in urls] == small
    assert "5 passages" in client.get(urls[0]).content.decode()
