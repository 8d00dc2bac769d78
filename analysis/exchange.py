"""REFI-QDA exchange (the standard NVivo, ATLAS.ti and MAXQDA read): a program's project as a
QDPX file (a zip of `project.qde` and the sources' plain texts), its codebook as a QDC file,
and a QDC codebook read back. Pure functions of what the selectors gave: no queries here.

Schemas: `analysis/schemas/Project.xsd` and `Codebook.xsd` (QDA-XML 1.0, vendored, see
SOURCE.md). Positions of a PlainTextSelection are counted in Unicode code points in the
source's plain text, as the passages' offsets are.

Privacy: a source whose text (or name) holds a client's real name is left out with its
passages (`withheld`); identity records are never read here; transcripts come only where the
selectors opened them to the person.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from stories.realnames import reveals_real_name

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "LFS (learning from success)"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
#: Stable identities for what has no stored GUID (sources, users, cases, codings).
_NAMESPACE = uuid.UUID("5b0f6c0e-7d4f-4b8e-9a53-1f2a3c4d5e6f")
MAX_DEPTH = 30


def _guid(kind: str, pk: int | str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}-{pk}")).upper()


def _when(value: datetime | None) -> str:
    return (value or timezone.now()).astimezone(UTC).isoformat(timespec="seconds")


def _text(value: str) -> str:
    """XML 1.0 cannot hold most control characters: drop them."""
    return "".join(
        ch for ch in value if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff")
    )


# Codebook ----------------------------------------------------------------------------------


def _code_elements(parent_el, codes, ns: str, depth: int = 0, parent_id=None) -> None:
    children = [c for c in codes if c.parent_id == parent_id]
    for code in sorted(children, key=lambda c: (c.name.casefold(), c.pk)):
        el = etree.SubElement(
            parent_el,
            f"{{{ns}}}Code",
            guid=str(code.guid).upper(),
            name=_text(code.name),
            isCodable="true",
        )
        if code.description:
            etree.SubElement(el, f"{{{ns}}}Description").text = _text(code.description)
        if depth < MAX_DEPTH:
            _code_elements(el, codes, ns, depth + 1, code.pk)


def _roots(codes):
    known = {c.pk for c in codes}
    return [c for c in codes if c.parent_id is not None and c.parent_id not in known]


def codebook_qdc(codes: list) -> bytes:
    """The codebook as a REFI-QDA codebook (QDC)."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes_el = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    _code_elements(codes_el, codes, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


@dataclass
class CodeNode:
    guid: str
    name: str
    description: str
    children: list[CodeNode] = field(default_factory=list)


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )


def parse_qdc(data: bytes) -> list[CodeNode]:
    """The codes of a REFI-QDA codebook, as a tree; a clear error for anything else."""
    try:
        document = etree.parse(io.BytesIO(data), _safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ValidationError({"file": _("This file is not readable XML.")}) from exc
    schema = _schema("Codebook.xsd")
    if not schema.validate(document):
        error = schema.error_log.last_error
        raise ValidationError(
            {
                "file": _("This is not a REFI-QDA codebook (QDC): %(error)s")
                % {"error": error.message if error else ""}
            }
        )
    ns = {"q": CODEBOOK_NS}

    def read(el, depth: int) -> CodeNode:
        description = el.find("q:Description", ns)
        return CodeNode(
            guid=(el.get("guid") or "").strip("{}"),
            name=el.get("name") or "",
            description=(description.text or "").strip() if description is not None else "",
            children=[read(c, depth + 1) for c in el.findall("q:Code", ns)]
            if depth < MAX_DEPTH
            else [],
        )

    return [read(el, 0) for el in document.getroot().findall("q:Codes/q:Code", ns)]


# Project -----------------------------------------------------------------------------------


@dataclass
class Written:
    qdpx: bytes
    sources: int
    passages: int
    withheld: int  # sources left out because they hold a client's real name


def _holds_name(text: str, names: list[str]) -> bool:
    return bool(names) and reveals_real_name(text, names)


def project_qdpx(data, *, exported_by) -> Written:
    """The program's project as a QDPX file for the person (`selectors.export_data`)."""
    P = f"{{{PROJECT_NS}}}"
    names = data.real_names
    now = _when(None)
    me = _guid("user", exported_by.pk)
    root = etree.Element(
        f"{P}Project",
        nsmap={None: PROJECT_NS},
        name=_text(data.program.title),
        origin=ORIGIN,
        creatingUserGUID=me,
        creationDateTime=now,
    )
    users: dict[str, str] = {me: exported_by.full_name}
    for passage in data.passages:
        if passage.created_by_id:
            users.setdefault(_guid("user", passage.created_by_id), "")
    users_el = etree.SubElement(root, f"{P}Users")
    for guid, name in users.items():
        attrs = {"guid": guid}
        if name:
            attrs["name"] = _text(name)
        etree.SubElement(users_el, f"{P}User", **attrs)
    if data.codes:
        book = etree.SubElement(root, f"{P}CodeBook")
        codes_el = etree.SubElement(book, f"{P}Codes")
        _code_elements(codes_el, data.codes, PROJECT_NS)
        for orphan in _roots(data.codes):
            _code_elements(codes_el, [orphan], PROJECT_NS)

    by_answer: dict[int, list] = {}
    by_transcript: dict[int, list] = {}
    for passage in data.passages:
        if passage.answer_id:
            by_answer.setdefault(passage.answer_id, []).append(passage)
        else:
            by_transcript.setdefault(passage.interview_id, []).append(passage)

    files: dict[str, str] = {}
    cases: list[tuple[str, str, list[str]]] = []
    withheld = written_passages = 0
    sources_el = etree.Element(f"{P}Sources")
    for number, item in enumerate(data.interviews, start=1):
        interview = item.interview
        label = f"{interview.story.title} · {interview.interviewee_label}"
        if _holds_name(label, names):
            label = _("Interview %(n)d") % {"n": number}
        source_guids: list[str] = []
        texts = [
            (
                _guid("answer", a.pk),
                f"{label} · {_('Q%(n)d') % {'n': a.question.position}}",
                a.question.text,
                a.text,
                by_answer.get(a.pk, []),
            )
            for a in item.answers
        ]
        transcript = item.transcript_text
        if transcript:
            texts.append(
                (
                    _guid("transcript", interview.pk),
                    f"{label} · {_('transcript')}",
                    _("Transcript"),
                    transcript,
                    by_transcript.get(interview.pk, []),
                )
            )
        for guid, name, description, text, passages in texts:
            if _holds_name(text, names):
                withheld += 1
                continue
            path = f"{guid}.txt"
            files[path] = text
            source_guids.append(guid)
            source = etree.SubElement(
                sources_el,
                f"{P}TextSource",
                guid=guid,
                name=_text(name),
                plainTextPath=f"internal://{path}",
                creationDateTime=_when(interview.created_at),
            )
            etree.SubElement(source, f"{P}Description").text = _text(description)
            for passage in passages:
                if passage.detached or passage.end > len(text):
                    continue
                written_passages += 1
                attrs = {
                    "guid": str(passage.guid).upper(),
                    "name": _text(passage.quote[:80]),
                    "startPosition": str(passage.start),
                    "endPosition": str(passage.end),
                    "creationDateTime": _when(passage.created_at),
                }
                if passage.created_by_id:
                    attrs["creatingUser"] = _guid("user", passage.created_by_id)
                selection = etree.SubElement(source, f"{P}PlainTextSelection", **attrs)
                for code in passage.codes.all():
                    coding = etree.SubElement(
                        selection,
                        f"{P}Coding",
                        guid=_guid("coding", f"{passage.pk}-{code.pk}"),
                    )
                    etree.SubElement(coding, f"{P}CodeRef", targetGUID=str(code.guid).upper())
        if source_guids:
            cases.append((_guid("case", interview.pk), label, source_guids))
    if cases:
        cases_el = etree.SubElement(root, f"{P}Cases")
        for guid, name, source_guids in cases:
            case = etree.SubElement(cases_el, f"{P}Case", guid=guid, name=_text(name))
            for source_guid in source_guids:
                etree.SubElement(case, f"{P}SourceRef", targetGUID=source_guid)
    if len(sources_el):
        root.append(sources_el)
    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for path, text in files.items():
            archive.writestr(f"sources/{path}", text.encode("utf-8"))
    return Written(
        qdpx=buffer.getvalue(),
        sources=len(files),
        passages=written_passages,
        withheld=withheld,
    )
