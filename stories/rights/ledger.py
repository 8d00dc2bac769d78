"""The consent ledger's one rule: for each interviewee (an interview) and scope, the latest
event decides.

A ledger row is a grant (given_on, recorded at recorded_at) and, once withdrawn, a withdrawal
(withdrawn_on, recorded at withdrawal_recorded_at). Events are ordered by their date, then by
when they were recorded; a row's own withdrawal always comes after its own grant, and a tie
goes to the withdrawal. A consent *stands* when the latest event is a grant, that is, when some
grant has no withdrawal after it: a grant after a withdrawal re-grants, and a withdrawal after
any number of grants withdraws.

Everything that asks "may this be published", "may this be recorded", "may the answers be
written down" asks `standing_consent` (as an SQL expression, to filter or annotate a list in
the query that reads it), `consent_stands` (for one interview), or, for the interviews a page
lists, `scope_states` / `scope_state` (from their ledger rows, each marked `superseded` by the
same SQL expression `later_withdrawal`: a consent stands when one of its grants is not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from stories.models import Consent, Interview


def _withdrawals():
    """Ledger rows that hold a withdrawal, with the moment it was recorded (`withdrawal_at`;
    a row withdrawn before that was kept is taken as withdrawn when it was recorded)."""
    return Consent.objects.filter(withdrawn_on__isnull=False).annotate(
        withdrawal_at=Coalesce("withdrawal_recorded_at", "recorded_at")
    )


def later_withdrawal() -> Exists:
    """For a ledger row (the outer query): a withdrawal of the same interview and scope that
    comes after the row's grant."""
    return Exists(
        _withdrawals()
        .filter(interview_id=OuterRef("interview_id"), scope=OuterRef("scope"))
        .filter(
            Q(pk=OuterRef("pk"))
            | Q(withdrawn_on__gt=OuterRef("given_on"))
            | Q(withdrawn_on=OuterRef("given_on"), withdrawal_at__gte=OuterRef("recorded_at"))
        )
    )


def standing_consent(scope: str, interview: str = "pk") -> Exists:
    """For an interview (the outer query's `interview` column): whether its consent to `scope`
    stands, i.e. the latest event of its ledger for that scope is a grant."""
    return Exists(
        Consent.objects.filter(interview_id=OuterRef(interview), scope=scope).filter(
            ~later_withdrawal()
        )
    )


def last_withdrawal(scope: str, interview: str = "pk") -> Subquery:
    """For an interview: the date of the latest withdrawal of its consent to `scope` (None if
    none was ever recorded); says when, once `standing_consent` says no."""
    return Subquery(
        Consent.objects.filter(interview_id=OuterRef(interview), scope=scope)
        .order_by()
        .values("interview_id")
        .annotate(last=Max("withdrawn_on"))
        .values("last")[:1]
    )


def consent_facts(*scopes: str) -> dict:
    """Annotations for an Interview queryset: `<scope>_stands` and `<scope>_withdrawn_on` for
    each scope (every scope when none is named)."""
    facts = {}
    for scope in scopes or Consent.Scope.values:
        facts[f"{scope}_stands"] = standing_consent(scope)
        facts[f"{scope}_withdrawn_on"] = last_withdrawal(scope)
    return facts


def scope_state(rows) -> tuple[bool, dt.date | None]:
    """Whether a consent stands and when it was last withdrawn (None: never), from the ledger
    rows of one interview and scope, each with `superseded` (`later_withdrawal`): it stands
    when some grant has no withdrawal after it, the rule `standing_consent` asks in SQL."""
    stands, last = False, None
    for row in rows:
        stands = stands or not row.superseded
        if row.withdrawn_on is not None and (last is None or row.withdrawn_on > last):
            last = row.withdrawn_on
    return stands, last


@dataclass(frozen=True)
class _Row:
    superseded: bool
    withdrawn_on: dt.date | None


def scope_states(interview_ids: list[int], scope: str) -> dict[int, tuple[bool, dt.date | None]]:
    """`scope_state` of each interview, in one query that reads their ledger rows by index.
    (Annotating a hundred interviews with `standing_consent` instead lets PostgreSQL hash the
    ledger rows of the scope of every interview in the database: its cost grows with the
    database, not the page.)"""
    rows: dict[int, list[_Row]] = {pk: [] for pk in interview_ids}
    for interview_id, superseded, withdrawn_on in (
        Consent.objects.filter(interview_id__in=interview_ids, scope=scope)
        .annotate(superseded=later_withdrawal())
        .order_by()
        .values_list("interview_id", "superseded", "withdrawn_on")
    ):
        rows[interview_id].append(_Row(superseded, withdrawn_on))
    return {pk: scope_state(found) for pk, found in rows.items()}


def consent_stands(interview: Interview | int, scope: str) -> bool:
    """Whether the interviewee's consent to `scope` stands now (one query)."""
    pk = interview if isinstance(interview, int) else interview.pk
    return Interview.objects.filter(pk=pk).filter(standing_consent(scope)).exists()


def transcripts_readable(interview_ids) -> set[int]:
    """The interviews among `interview_ids` whose transcript's words may be read: those whose
    interviewee's consent to the interview stands. After a withdrawal the file is kept (to be
    removed, or until the person consents again) and nothing of it is given out: not the file,
    not its text to code, not the passages coded in it, not an export. The one rule every road
    to a transcript asks, besides the story's identity access (`story_access`); one query."""
    ids = list(interview_ids)
    if not ids:
        return set()
    return {
        pk for pk, (stands, _last) in scope_states(ids, Consent.Scope.INTERVIEW).items() if stands
    }


@dataclass(frozen=True)
class ScopeState:
    """Where an interviewee's consent to one scope stands, as their interview's pages show it."""

    scope: str
    label: str
    stands: bool
    withdrawn_on: object  # the date of the latest withdrawal, or None


def consent_state(interview: Interview) -> dict[str, ScopeState]:
    """For each scope (in order): whether the interviewee's consent stands and when it was last
    withdrawn (one query)."""
    row = Interview.objects.filter(pk=interview.pk).annotate(**consent_facts()).values().first()
    row = row or {}
    return {
        scope: ScopeState(
            scope=scope,
            label=str(label),
            stands=bool(row.get(f"{scope}_stands")),
            withdrawn_on=row.get(f"{scope}_withdrawn_on"),
        )
        for scope, label in Consent.Scope.choices
    }


def ledger_rows(interview: Interview):
    """The interview's ledger, oldest first, each row with `superseded`: a withdrawal (its own
    or a later one of the same scope) comes after its grant, so it no longer stands."""
    return (
        interview.consents.select_related("recorded_by", "withdrawal_recorded_by")
        .annotate(superseded=later_withdrawal())
        .order_by("scope", "given_on", "recorded_at", "pk")
    )
