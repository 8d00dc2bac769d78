"""The texts passages are coded in, and how a passage finds its words again after an edit."""

from __future__ import annotations

import os

from stories.models import Interview

#: Transcripts that can be coded: plain text (PDF and word-processor files are downloaded, not
#: coded here; their text is not stored).
CODABLE_TRANSCRIPTS = (".txt",)
MAX_TRANSCRIPT_CHARS = 2_000_000


def transcript_is_codable(interview: Interview) -> bool:
    name = interview.transcript.name or ""
    return os.path.splitext(name)[1].lower() in CODABLE_TRANSCRIPTS


def transcript_text(interview: Interview) -> str | None:
    """The transcript's text as passages count in it (UTF-8, a BOM dropped), or None when the
    interview has no plain-text transcript."""
    if not transcript_is_codable(interview):
        return None
    try:
        with interview.transcript.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    text = data.decode("utf-8-sig", errors="replace")
    # Line ends as a browser shows them (it reads CR LF and CR as LF), so that what is
    # selected on the page is counted as it is stored.
    return text.replace("\r\n", "\n").replace("\r", "\n")[:MAX_TRANSCRIPT_CHARS]


def occurrences(text: str, quote: str) -> list[int]:
    """Where `quote` starts in `text` (every occurrence, overlapping ones too)."""
    found, at = [], text.find(quote)
    while at != -1 and quote:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def reanchored(text: str, quote: str, start: int) -> int | None:
    """Where the quoted words are now: the same place if they are still there, else the
    occurrence nearest to where they were, or None when they no longer occur."""
    if text[start : start + len(quote)] == quote:
        return start
    found = occurrences(text, quote)
    if not found:
        return None
    return min(found, key=lambda at: (abs(at - start), at))
