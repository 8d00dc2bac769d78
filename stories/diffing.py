"""Side-by-side comparison of two draft versions, paragraph by paragraph, word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class DiffRow:
    kind: str  # "same", "changed", "added", "removed"
    left: SafeString
    right: SafeString


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _words_diff(a: str, b: str) -> tuple[SafeString, SafeString]:
    aw, bw = re.findall(r"\S+|\s+", a), re.findall(r"\S+|\s+", b)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, aw, bw, autojunk=False).get_opcodes():
        old, new = escape("".join(aw[i1:i2])), escape("".join(bw[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
        else:
            if old:
                left.append(f"<del>{old}</del>")
            if new:
                right.append(f"<ins>{new}</ins>")
    # Safe by construction (bandit B308/B703 reviewed): every part was escaped above and only
    # our own <del>/<ins> tags are added.
    left_html = mark_safe("".join(left))  # noqa: S308  # nosec
    right_html = mark_safe("".join(right))  # noqa: S308  # nosec
    return left_html, right_html


def _removed(text: str) -> DiffRow:
    return DiffRow("removed", format_html("<del>{}</del>", text), SafeString(""))


def _added(text: str) -> DiffRow:
    return DiffRow("added", SafeString(""), format_html("<ins>{}</ins>", text))


def compare(a: str, b: str) -> list[DiffRow]:
    pa, pb = _paragraphs(a), _paragraphs(b)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, pa, pb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [DiffRow("same", escape(p), escape(p)) for p in pa[i1:i2]]
        elif op == "delete":
            rows += [_removed(p) for p in pa[i1:i2]]
        elif op == "insert":
            rows += [_added(p) for p in pb[j1:j2]]
        else:  # replace: pair the paragraphs up, word by word
            olds, news = pa[i1:i2], pb[j1:j2]
            for k in range(max(len(olds), len(news))):
                old = olds[k] if k < len(olds) else ""
                new = news[k] if k < len(news) else ""
                if old and new:
                    rows.append(DiffRow("changed", *_words_diff(old, new)))
                else:
                    rows.append(_removed(old) if old else _added(new))
    return rows
