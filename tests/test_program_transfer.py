"""A whole program exported and imported: every table of the program travels, the round trip
gives the same file, nothing identifies a client or carries an uploaded file, and what the
file cannot be trusted with (sanitized HTML, live join codes) is made again on import."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from demo.bulk import People, Volumes, Writer, fill_program
from methods.models import Contribution, ReflectionTemplate, Workshop
from organizations.models import Membership, Organization, Program, Role
from publications.models import BookRender, RelatedPublication, StoryBook
from publications.selectors import _snapshot, book_composition, render_staleness
from stories.models import (
    ClientIdentity,
    Consent,
    PrincipleEvidence,
    StoryDraft,
    StoryErasure,
    StoryShare,
    SuccessStory,
)
from stories.rights.selectors import story_publishability
from transfer import program_transfer
from transfer import services as transfer_services

REAL_NAME = "Hanna Halabi"


@pytest.fixture(autouse=True)
def _shipped(shipped_templates):
    """The program's workshops use the shipped templates (see `shipped_templates`)."""


def full_program(world) -> Program:
    """The world's program with rows in every table a program has."""
    program = world.program
    program.stage = "publication"  # approvals, and a book composed of approved stories
    program.save(update_fields=["stage"])
    people = People(
        director=world.director,
        staff=[world.teller, world.staff],
        committee=[world.committee, world.committee2],
        students=[world.student],
        companion=world.companion,
        departments=world.departments,
        staff_departments=list(world.departments),
    )
    volumes = Volumes(
        stories=4,
        interviews_per_story=1,
        principles_per_story=1,
        workshops=3,
        contributions_per_workshop=4,
        log_entries=3,
        cycles=2,
        patterns=3,
        book_entries=3,
        common_principles=2,
    )
    fill_program(program, people, volumes, rng=random.Random(7), writer=Writer(), with_book=True)
    _guests_and_breakouts(program)
    Consent.objects.create(
        interview=world.interview,
        scope="recording",
        given_on=dt.date(2026, 11, 1),
        method="oral",
        consent_text_version="Form 1",
        recorded_by=world.student,
        withdrawn_on=dt.date(2026, 11, 3),
        withdrawal_reason="No recordings, please.",
        withdrawal_recorded_by=world.student,
    )
    StoryShare.objects.create(story=world.doc_story, shared_by=world.director)
    StoryErasure.objects.create(
        story_number=world.story.pk,
        program_number=program.pk,
        organization=world.org,
        erased_by=world.director,
        reason="client_request",
        removed={"answers": 3},
    )
    book = StoryBook.objects.get(program=program)
    publication = RelatedPublication.objects.create(
        organization=world.org, authors="Rosenfeld, J.", year=2009, title="Learning from success"
    )
    book.related_publications.add(publication)
    BookRender.objects.create(
        book=book,
        version=1,
        status="done",
        requested_by=world.director,
        pages=12,
        bytes=3456,
        sha256="ab" * 32,
        seconds=1.5,
        contents=_snapshot(book_composition(book).rows, book),
    )
    template = ReflectionTemplate.objects.filter(shipped=True).order_by("pk").first()
    Workshop.objects.filter(program=program).update(template=template)
    _analysis(world)
    return program


def _analysis(world):
    """A code tree, a passage of an answer coded with it, and a principle drafted from the
    passage with its evidence (what `analysis` keeps of a program)."""
    from analysis.models import Code, CodedPassage, PrincipleSource

    parent = Code.objects.create(
        program=world.program, name="Relationship", description="How they relate."
    )
    trust = Code.objects.create(program=world.program, name="Trust", parent=parent)
    evidence = (
        PrincipleEvidence.objects.filter(principle__story__program=world.program)
        .select_related("answer", "principle")
        .order_by("pk")
        .first()
    )
    answer = evidence.answer
    passage = CodedPassage.objects.create(
        interview=answer.interview,
        source="answer",
        answer=answer,
        start=0,
        end=min(12, len(answer.text)),
        quote=answer.text[: min(12, len(answer.text))],
        created_by=world.student,
    )
    passage.codes.set([trust, parent])
    PrincipleSource.objects.create(
        principle=evidence.principle, passage=passage, evidence=evidence, code=trust
    )
    return passage


def _guests_and_breakouts(program) -> None:
    """A guest who joined a workshop of the program, wrote and voted, in a breakout group."""
    from methods.models import BreakoutMember, Contribution, ContributionGroup, Vote, WorkshopGuest

    workshop = program.workshops.order_by("pk").first()
    step = workshop.steps.order_by("position").first()
    guest = WorkshopGuest.objects.create(workshop=workshop, display_name="Rana (guest)")
    group = ContributionGroup.objects.create(step=step, name="Group 1", breakout=True)
    BreakoutMember.objects.create(group=group, guest=guest)
    written = Contribution.objects.create(
        workshop=workshop, step=step, guest=guest, text="A guest's note", group=group
    )
    Vote.objects.create(contribution=written, guest=guest)


def _normalised(data: dict) -> dict:
    """The parts of an export that must differ between two instances taken out: when it was
    made, where it came from, and what did not travel (files and client identities are not
    moved, so an imported program has none to name or count)."""
    data = copy.deepcopy(data)
    for key in ("exported_at", "source"):
        data.pop(key)
    data["omitted"].pop("files")
    data["omitted"].pop("client_identities")
    return data


def test_every_table_of_the_program_is_exported_and_the_round_trip_gives_the_same_file(world):
    program = full_program(world)
    first = transfer_services.program_export_data(program=program, complete=True)
    text = json.dumps(first)
    for table in program_transfer.TABLES:
        assert first["tables"][table.label], f"the test program has no {table.label}"
    assert first["memberships"] and first["committee"]["name"]
    assert first["related_publications"][0]["title"] == "Learning from success"
    assert all(w["template"]["slug"] for w in first["tables"]["methods.Workshop"])

    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=json.loads(text), organization=fresh)
    second = transfer_services.program_export_data(program=imported, complete=True)

    assert imported.pk != program.pk and imported.organization == fresh
    assert _normalised(second) == _normalised(first)
    assert second["source"]["program"] == imported.pk
    assert first["omitted"]["files"] and second["omitted"]["files"] == []
    assert first["omitted"]["client_identities"] and not second["omitted"]["client_identities"]


def test_the_export_holds_no_real_name_and_no_file_only_the_files_names(world):
    program = full_program(world)
    ClientIdentity.objects.filter(story=world.doc_story).update(
        contact_details="0501234567", notes="Lives on Olive Street"
    )
    data = transfer_services.program_export_data(program=program)
    text = json.dumps(data)
    for secret in (REAL_NAME, "0501234567", "Olive Street", "Real Name ", "%PDF"):
        assert secret not in text
    assert "stories.ClientIdentity" not in data["tables"]
    assert (
        data["omitted"]["client_identities"]
        == ClientIdentity.objects.filter(story__program=program).count()
    )
    named = {(f["table"], f["field"]) for f in data["omitted"]["files"]}
    assert named == {("stories.Interview", "transcript"), ("stories.Consent", "evidence")}
    interview = data["tables"]["stories.Interview"][0]
    assert interview["transcript"] is None and interview["audio"] is None
    for row in data["omitted"]["files"]:
        assert "/" not in row["name"]  # the file's name, not where it is stored


def _fk_path_to(model, targets: set, depth: int = 5) -> bool:
    frontier, seen = [model], {model}
    for _ in range(depth):
        following = []
        for current in frontier:
            for f in current._meta.concrete_fields:
                if not f.is_relation:
                    continue
                if f.related_model in targets:
                    return True
                if f.related_model not in seen:
                    seen.add(f.related_model)
                    following.append(f.related_model)
        frontier = following
    return False


def test_every_model_with_rows_of_a_program_is_exported_or_said_not_to_be():
    """A model added later that hangs off a program or a story fails here until it is either
    in program_transfer.TABLES or in NOT_EXPORTED with its reason."""
    program_and_story = {Program, SuccessStory}
    handled = {t.label for t in program_transfer.TABLES} | set(program_transfer.NOT_EXPORTED)
    handled |= {"organizations.Program", "organizations.SteeringCommittee"}
    handled |= {"organizations.Membership"}  # by e-mail and role, in "memberships"
    unhandled = []
    for model in apps.get_models():
        if model._meta.app_label not in {
            "organizations",
            "stories",
            "methods",
            "companions",
            "publications",
        }:
            continue
        if model in program_and_story or _fk_path_to(model, program_and_story):
            if model._meta.label not in handled:
                unhandled.append(model._meta.label)
    assert unhandled == []


def test_every_reference_of_every_exported_table_is_carried():
    """Each foreign key and many-to-many field of an exported table is one the transfer knows
    how to write (an unknown one would raise during an export)."""
    known = {t.label for t in program_transfer.TABLES}
    carried = known | {
        "organizations.User",
        "organizations.Department",
        "organizations.Program",
        "methods.GuidingQuestion",
        "methods.QuestionSet",
        "methods.ReflectionTemplate",
        "publications.RelatedPublication",
        *program_transfer.IMPLICIT_OUTSIDE,
    }
    for table in program_transfer.TABLES:
        for f in table.fields():
            if f.is_relation and f.name not in dict(table.numbers):
                assert f.related_model._meta.label in carried, f"{table.label}.{f.name}"
        for f in table.many():
            assert f.related_model._meta.label in carried, f"{table.label}.{f.name}"


def test_an_erased_story_stays_erased_after_the_trip(world):
    """The tombstone says which story was erased by its number: it is renumbered with the
    story, so the imported story is still refused a place in a book."""
    from stories.rights.services import client_erase
    from stories.selectors import story_get_for_user

    story, access = story_get_for_user(world.director, world.doc_story.pk)
    client_erase(access=access, stories=[story], by=world.director, confirmation="Mrs. H.")
    data = transfer_services.program_export_data(program=world.program)
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    copy_of_story = imported.stories.get(title=world.doc_story.title)
    tombstone = StoryErasure.objects.get(program_number=imported.pk)
    assert tombstone.story_number == copy_of_story.pk
    assert tombstone.organization == fresh
    result = story_publishability(copy_of_story)
    assert not result.ok and "erased" in result.reasons[0]


def test_an_imported_render_reads_as_current_and_has_no_file(world):
    program = full_program(world)
    render = BookRender.objects.get(book__program=program)
    assert render_staleness(render) == []
    data = transfer_services.program_export_data(program=program)
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    copy_of_render = BookRender.objects.get(book__program=imported)
    assert (copy_of_render.pages, copy_of_render.sha256) == (12, "ab" * 32)
    assert not copy_of_render.pdf
    story_ids = {s["id"] for s in copy_of_render.contents["stories"]}
    assert story_ids and story_ids <= set(imported.stories.values_list("pk", flat=True))
    assert render_staleness(copy_of_render) == []


def test_the_roles_travel_by_email_and_role(world):
    data = transfer_services.program_export_data(program=world.program)
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    roles = set(
        Membership.objects.filter(organization=fresh).values_list("user__email", "role", "program")
    )
    assert (world.committee.email, Role.COMMITTEE, imported.pk) in roles
    assert (world.student.email, Role.STUDENT, imported.pk) in roles
    assert (world.companion.email, Role.COMPANION, imported.pk) in roles
    assert (world.director.email, Role.DIRECTOR, None) in roles
    teller = Membership.objects.get(organization=fresh, user=world.teller, role=Role.STAFF)
    assert teller.department.name == "Families" and teller.department.organization == fresh
    # Another organization's people are not the program's.
    assert not Membership.objects.filter(organization=fresh, user=world.other_director).exists()


def test_html_and_join_codes_in_the_file_are_not_taken_on_trust(world):
    program = full_program(world)
    Workshop.objects.filter(program=program).update(code="ABCD1234")
    data = transfer_services.program_export_data(program=program)
    assert "ABCD1234" not in json.dumps(data)
    draft = data["tables"]["stories.StoryDraft"][0]
    assert "body_html" not in draft
    draft["body_html"] = '<script>alert("x")</script>'
    draft["body"] = 'A flat at last <script>alert("y")</script>'
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    html = StoryDraft.objects.filter(story__program=imported).order_by("pk").first().body_html
    assert "<script" not in html and "A flat at last" in html
    assert set(Workshop.objects.filter(program=imported).values_list("code", flat=True)) == {""}


def test_a_row_about_a_story_the_export_leaves_out_is_left_out_with_it(world):
    """When the export holds fewer stories (the caller chooses them), every row about the
    others goes with them and references to them are left empty."""
    program = full_program(world)
    workshop = Workshop.objects.filter(program=program, story__isnull=False).first()
    kept = [s for s in program.stories.order_by("pk") if s.pk != workshop.story_id]
    data = program_transfer.export_program(program=program, stories=kept)
    titles = {s["title"] for s in data["tables"]["stories.SuccessStory"]}
    assert workshop.story.title not in titles
    interviews = data["tables"]["stories.Interview"]
    assert len(interviews) == sum(s.interviews.count() for s in kept)
    [row] = [w for w in data["tables"]["methods.Workshop"] if w["title"] == workshop.title]
    assert row["story"] is None
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    assert imported.stories.count() == len(kept)
    assert Contribution.objects.filter(workshop__program=imported).count() == (
        Contribution.objects.filter(workshop__program=program).count()
    )


def test_a_file_of_the_earlier_format_is_refused_with_a_clear_error(world):
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    with pytest.raises(ValidationError, match="not a program export file"):
        transfer_services.program_import(
            data={"format": "lfs-program-export/1", "stories": []}, organization=fresh
        )
    assert not fresh.programs.exists()


def test_the_directors_download_leaves_out_what_only_its_writer_sees(world, login):
    """Private learning log entries, who voted for what and who wrote an anonymous
    contribution are shown to nobody else in the application: not in the download either
    (moving the program with `manage.py export_program` takes them)."""
    from methods.models import LearningLogEntry, Vote

    program = full_program(world)
    private = LearningLogEntry.objects.filter(program=program, shared_at__isnull=True)
    anonymous = Contribution.objects.filter(workshop__program=program, anonymous=True)
    assert private.exists() and anonymous.exists() and Vote.objects.exists()
    response = login(world.director).get(reverse("transfer:program_export_json", args=[program.pk]))
    data = json.loads(response.content)
    logs = data["tables"]["methods.LearningLogEntry"]
    assert len(logs) == LearningLogEntry.objects.filter(program=program).count() - private.count()
    assert all(row["shared_at"] for row in logs)
    texts = json.dumps(data)
    assert all(entry.learnt not in texts for entry in private)
    assert data["tables"]["methods.Vote"] == []
    by_text = {row["text"]: row for row in data["tables"]["methods.Contribution"]}
    assert all(by_text[c.text]["author"] is None for c in anonymous)
    assert data["omitted"]["kept_private"] == {
        "learning log entries their writers keep private": private.count(),
        "votes (who voted for which contribution)": Vote.objects.count(),
        "authors of anonymous contributions": anonymous.count(),
    }
    # It still imports: what hung off a private entry is left out with it.
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    assert LearningLogEntry.objects.filter(program=imported, shared_at__isnull=True).count() == 0

    complete = transfer_services.program_export_data(program=program, complete=True)
    assert "kept_private" not in complete["omitted"]
    assert len(complete["tables"]["methods.Vote"]) == Vote.objects.count()


def test_the_codebook_and_coded_passages_travel_and_transcript_passages_do_not(world):
    """Codes (with their tree), passages coded in answers and the principles drafted from them
    go with the program; a passage coded in a transcript does not (transcripts are files, which
    the file never carries, and a transcript may name the client): it is counted instead."""
    from analysis.models import Code, CodedPassage, PrincipleSource
    from organizations.models import Organization

    program = full_program(world)
    CodedPassage.objects.create(
        interview=world.interview,
        source="transcript",
        transcript_name="t.txt",
        start=0,
        end=11,
        quote="Hanna said",
        created_by=world.student,
    )
    data = transfer_services.program_export_data(program=program)
    assert data["omitted"]["withheld"]["passages coded in transcripts"] == 1
    assert "Hanna said" not in json.dumps(data, ensure_ascii=False)
    assert all(p["source"] == "answer" for p in data["tables"]["analysis.CodedPassage"])
    fresh = Organization.objects.create(name="Fresh Org", slug="fresh-org")
    imported = transfer_services.program_import(data=data, organization=fresh)
    codes = {c.name: c for c in Code.objects.filter(program=imported)}
    assert codes["Trust"].parent == codes["Relationship"]
    assert {c.guid for c in codes.values()}.isdisjoint(
        Code.objects.filter(program=program).values_list("guid", flat=True)
    )
    passage = CodedPassage.objects.get(interview__story__program=imported)
    assert set(passage.codes.values_list("name", flat=True)) == {"Trust", "Relationship"}
    assert passage.answer.text[passage.start : passage.end] == passage.quote
    source = PrincipleSource.objects.get(passage=passage)
    assert source.principle.story.program == imported and source.code == codes["Trust"]
    assert source.evidence.principle == source.principle
