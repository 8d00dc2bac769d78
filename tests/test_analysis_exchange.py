"""REFI-QDA exchange: the project (QDPX) and the codebook (QDC) are valid against the
standard's published schemas (vendored in analysis/schemas), a QDC codebook is read back, and
nothing the person may not see (identity records, real names, transcripts) is ever written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from analysis.exchange import SCHEMAS
from analysis.models import Code, CodedPassage
from tests.test_analysis import (
    HEBREW,
    _qdc,
    answer_of,
    code_of,
    coded,
    coded_in_transcript,
    with_text_transcript,
)

P = "{urn:QDA-XML:project:1.0}"
REAL_NAME = "Hanna Halabi"  # the documented story's ClientIdentity (tests/conftest.py)


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _valid(schema_name: str, xml: bytes) -> etree._ElementTree:
    document = etree.parse(io.BytesIO(xml))
    schema = _schema(schema_name)
    assert schema.validate(document), schema.error_log
    return document


def _project(client, world) -> tuple[zipfile.ZipFile, etree._ElementTree, bytes]:
    response = client.get(reverse("analysis:export_qdpx", args=[world.program.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    qde = archive.read("project.qde")
    return archive, _valid("Project.xsd", qde), response.content


def _everything(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())


@pytest.fixture
def analysed(world):
    """Two answers (one in Hebrew, one naming the client), a text transcript, a code tree,
    and passages in an answer and in the transcript."""
    hebrew = answer_of(world, 3, HEBREW)
    answer_of(world, 4, f"Her name is {REAL_NAME}, she said.")
    with_text_transcript(world)
    parent = code_of(world, "Relationship", description="How they relate.")
    trust = code_of(world, "Trust", parent=parent)
    world.passage = coded(world, hebrew, "האמון נבנה לאט", trust)

    world.transcript_passage = coded_in_transcript(world, "סוף סוף בית", trust)
    return world


def test_the_project_is_valid_qdpx_with_sources_codes_and_exact_selections(analysed, login):
    world = analysed
    archive, document, _raw = _project(login(world.student), world)
    root = document.getroot()
    codes = root.findall(f"{P}CodeBook/{P}Codes/{P}Code")
    assert [c.get("name") for c in codes] == ["Relationship"]
    assert codes[0].find(f"{P}Code").get("name") == "Trust"
    selections = root.findall(f".//{P}PlainTextSelection")
    assert len(selections) == 2
    for selection in selections:
        source = selection.getparent()
        path = source.get("plainTextPath").removeprefix("internal://")
        text = archive.read(f"sources/{path}").decode("utf-8")
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert text[start:end] in {"האמון נבנה לאט", "סוף סוף בית"}
        code_ref = selection.find(f"{P}Coding/{P}CodeRef").get("targetGUID")
        assert code_ref == str(code_of(world, "Trust").guid).upper()
    cases = root.findall(f"{P}Cases/{P}Case")
    assert cases and cases[0].get("name").endswith(world.interview.interviewee_label)


def test_the_codebook_is_valid_qdc_and_is_read_back(analysed, login):
    world = analysed
    response = login(world.committee).get(reverse("analysis:export_qdc", args=[world.program.pk]))
    assert response.status_code == 200
    _valid("Codebook.xsd", response.content)
    # Read into another program's codebook: the same tree, the same descriptions.
    client = login(world.other_director)
    imported = client.post(
        reverse("analysis:import_qdc", args=[world.other_program.pk]),
        {"file": SimpleUploadedFile("book.qdc", response.content)},
    )
    assert imported.status_code == 302
    trust = Code.objects.get(program=world.other_program, name="Trust")
    assert trust.parent.name == "Relationship"
    assert trust.parent.description == "How they relate."


def test_importing_twice_matches_the_codes_already_there(world, login):
    client = login(world.committee)
    url = reverse("analysis:import_qdc", args=[world.program.pk])
    client.post(url, {"file": SimpleUploadedFile("a.qdc", _qdc(("Belonging", "Work")))})
    client.post(url, {"file": SimpleUploadedFile("a.qdc", _qdc(("Belonging", "Work")))})
    assert sorted(Code.objects.filter(program=world.program).values_list("name", flat=True)) == [
        "Belonging",
        "Work",
    ]


@pytest.mark.parametrize(
    "content, error",
    [
        (b"not xml at all", "not readable XML"),
        (
            b'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
            "not a REFI-QDA codebook",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="6F9619FF-8B86-D011'
            b'-B42D-00C04FC964FF" name="&e;" isCodable="true"/></Codes></CodeBook>',
            "",
        ),
    ],
)
def test_a_file_that_is_not_a_codebook_is_refused_and_nothing_imported(
    world, login, content, error
):
    response = login(world.committee).post(
        reverse("analysis:import_qdc", args=[world.program.pk]),
        {"file": SimpleUploadedFile("bad.qdc", content)},
    )
    names = list(Code.objects.filter(program=world.program).values_list("name", flat=True))
    assert "root:" not in "".join(names)  # the file system is never read into a code
    if error:
        assert response.status_code == 400
        assert error in response.content.decode()
        assert names == []


# From the attacker's side -------------------------------------------------------------------


def test_no_real_name_or_identity_record_is_ever_exported(analysed, login):
    world = analysed
    for who in (world.director, world.student, world.committee):
        archive, _document, raw = _project(login(who), world)
        everything = _everything(archive)
        assert REAL_NAME not in everything
        assert REAL_NAME.encode() not in raw
        assert "Halabi" not in everything
        assert "Her name is" not in everything  # the answer that names her is withheld


def test_the_committee_gets_no_transcript_and_no_passage_of_it(analysed, login):
    world = analysed
    archive, document, _raw = _project(login(world.committee), world)
    everything = _everything(archive)
    assert "סוף סוף בית" not in everything
    assert "Line one" not in everything
    assert "האמון נבנה לאט" in everything  # the answers the committee may read are there
    assert len(document.getroot().findall(f".//{P}PlainTextSelection")) == 1


def test_the_assigned_student_gets_the_transcript(analysed, login):
    archive, _document, _raw = _project(login(analysed.student), analysed)
    assert "סוף סוף בית" in _everything(archive)


def test_a_student_not_assigned_gets_nothing_of_the_story(analysed, login):
    world = analysed
    archive, document, _raw = _project(login(world.student2), world)
    everything = _everything(archive)
    assert HEBREW not in everything and "סוף סוף בית" not in everything
    assert document.getroot().findall(f".//{P}TextSource") == []


@pytest.mark.parametrize("view", ["export_qdpx", "export_qdc"])
@pytest.mark.parametrize("who, status", [("other_director", 404), ("teller", 403), ("unit", 403)])
def test_exports_are_refused_to_the_wrong_role_and_other_organizations(
    analysed, login, view, who, status
):
    response = login(getattr(analysed, who)).get(
        reverse(f"analysis:{view}", args=[analysed.program.pk])
    )
    assert response.status_code == status
    assert REAL_NAME.encode() not in response.content
    assert "האמון".encode() not in response.content


def test_an_export_is_audit_logged(analysed, login):
    from organizations.models import AuditEvent

    login(analysed.director).get(reverse("analysis:export_qdpx", args=[analysed.program.pk]))
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).latest("pk")
    assert "REFI-QDA project" in event.summary
    assert "1 withheld" in event.summary
    assert CodedPassage.objects.count() == 2
