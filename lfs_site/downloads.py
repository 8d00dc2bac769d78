"""A file given for download, and the CSV files the site writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

#: Spreadsheets read Hebrew and Arabic as UTF-8 only with the byte-order mark.
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def attachment(
    content: bytes, content_type: str, filename: str, *, cache_control: str = "no-store"
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = cache_control
    return response


def program_filename(program, name: str, ext: str) -> str:
    """A file of a program's data: "<name>-<the program's title, slugified>.<ext>"."""
    return f"{name}-{slugify(program.title) or program.pk}.{ext}"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text  # keep spreadsheets from running it as a formula
    return text


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """A CSV file that opens correctly in Excel in Hebrew and Arabic (UTF-8 with the BOM), its
    cells that a spreadsheet would read as a formula defused."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")
