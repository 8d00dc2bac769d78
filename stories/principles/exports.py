"""The rows of the principles' CSV exports (pure: data in, rows out; `lfs_site.downloads.csv_bytes`
writes them, readable in Excel in Hebrew and Arabic, formulas defused). The client's real name is
never read here:
stories appear by title, interviews by their role and label (the client's pseudonym).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from stories.models import Principle

from .selectors import PrincipleMatrix


def matrix_rows(matrix: PrincipleMatrix) -> list[list]:
    header = [_("Principle"), _("Category"), _("Level"), _("Number of stories")]
    header += [story.title for story in matrix.stories]
    rows: list[list] = [header]
    for row in matrix.rows:
        category = row.principle.category.name if row.principle.category else ""
        rows.append(
            [row.principle.text, category, row.level_label, row.count]
            + [1 if cell else 0 for cell in row.cells]
        )
    return rows


def evidence_text(principle: Principle, interview_numbers: dict[int, int]) -> str:
    """Each quote with where it comes from, one per line."""
    lines = []
    for evidence in principle.evidence.all():
        interview = evidence.answer.interview
        lines.append(
            _("“%(quote)s” (interview %(n)d, %(who)s, question %(q)d)")
            % {
                "quote": evidence.quote,
                "n": interview_numbers.get(interview.pk, 0),
                "who": str(interview),
                "q": evidence.answer.question.position,
            }
        )
    return "\n".join(lines)


def principles_rows(principles: list[Principle], interview_numbers: dict[int, int]) -> list[list]:
    rows: list[list] = [
        [
            _("Story"),
            _("In situation"),
            _("To achieve"),
            _("We do"),
            _("Principle of action"),
            _("Common principle"),
            _("Category"),
            _("Evidence"),
        ]
    ]
    for p in principles:
        common = p.common.text if p.common else ""
        category = p.common.category.name if p.common and p.common.category else ""
        rows.append(
            [
                p.story.title,
                p.situation,
                p.goal,
                p.action,
                p.sentence,
                common,
                category,
                evidence_text(p, interview_numbers),
            ]
        )
    return rows
