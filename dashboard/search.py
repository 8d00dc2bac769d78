"""Search across the stories, interview answers and principles a person may see.

Scoping is the one rule of `stories.visibility`:

- stories: `visible_stories(user)`. A client's real name (`ClientIdentity`) is never searched.
- interview answers: of the stories whose interviews the person may read
  (`visible_stories(user, interviews=True)`); never for the teller or another student.
- principles of action: a story's principles where its interviews may be read; the program's
  common principles for those who see all its organization's stories (director, committee,
  companion).

On PostgreSQL the text is matched with full-text search in the ``simple`` configuration (no
stemming, so Hebrew and Arabic words match as written; every term is a prefix) over an
expression that a GIN index of migration ``search_indexes`` covers. Elsewhere (the SQLite demo)
each term is matched with ``icontains``. One query per kind, whatever the data size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from organizations.models import User
from stories.models import Answer, CommonPrinciple, Principle, SuccessStory
from stories.visibility import Visibility, visibility_of

#: The fields searched for each kind; the GIN indexes of migration 0004 cover exactly these.
STORY_FIELDS = (
    "title",
    "summary",
    "success_in_worker_eyes",
    "success_in_client_eyes",
    "client_pseudonym",
)
ANSWER_FIELDS = ("text",)
PRINCIPLE_FIELDS = ("situation", "goal", "action")
COMMON_FIELDS = ("text",)

SEARCH_CONFIG = "simple"
MAX_TERMS = 8
PER_KIND = 20
SNIPPET_CHARS = 160

_WORD = re.compile(r"[^\W_]+")


def search_terms(query: str) -> list[str]:
    """The words of a query (letters and digits of any script), lower-cased, at most eight."""
    terms = []
    for word in _WORD.findall(query or ""):
        word = word.lower()
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def search_vector(*fields: str):
    """The indexed expression: the GIN indexes are built over exactly this."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*fields, config=SEARCH_CONFIG)


#: One-letter (and common two-letter) prefixes written attached to a Hebrew word: and, the,
#: in, as, to, from, that ("בדירה" is "in the flat"); and the Arabic article and particles
#: ("الشقة", "والشقة", "بالشقة"). The "simple" configuration does not strip them, so a term
#: also matches a word that starts with one of them.
HEBREW_PREFIXES = ("ו", "ה", "ב", "כ", "ל", "מ", "ש", "וה", "וב", "ול", "שה", "מה", "כש", "בה")
ARABIC_PREFIXES = ("ال", "و", "ب", "ل", "ف", "وال", "بال", "لل", "فال", "ك")


def term_variants(term: str) -> list[str]:
    """The term and, for a Hebrew or Arabic word, the term behind its attached prefixes."""
    first = term[:1]
    if "\u0590" <= first <= "\u05ff":
        prefixes: tuple[str, ...] = HEBREW_PREFIXES
    elif "\u0600" <= first <= "\u06ff":
        prefixes = ARABIC_PREFIXES
    else:
        return [term]
    return [term] + [p + term for p in prefixes if not term.startswith(p)]


def tsquery_text(terms: list[str]) -> str:
    """Raw tsquery: every term (or a prefixed variant) as a prefix match, all terms required.
    Terms hold only letters and digits, so the raw syntax cannot be injected."""
    groups = []
    for term in terms:
        variants = " | ".join(f"{v}:*" for v in term_variants(term))
        groups.append(f"({variants})")
    return " & ".join(groups)


def _tsquery(terms: list[str]):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(tsquery_text(terms), config=SEARCH_CONFIG, search_type="raw")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def text_filter(qs: QuerySet, fields: tuple[str, ...], terms: list[str]) -> QuerySet:
    """Rows whose fields hold every term: full-text on PostgreSQL, icontains elsewhere."""
    if uses_full_text():
        return qs.annotate(search_vec=search_vector(*fields)).filter(search_vec=_tsquery(terms))
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(any_field)
    return qs


# Results ----------------------------------------------------------------------------------


def highlight(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of `text` around the first match, escaped, with every match in <mark>."""
    text = " ".join((text or "").split())
    if not terms:
        return mark_safe(escape(text[:width]))  # noqa: S308  # nosec - escaped just here
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    first = pattern.search(text)
    start = 0
    if first and len(text) > width:
        start = max(0, min(first.start() - width // 3, len(text) - width))
    window = text[start : start + width]
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(window[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308  # nosec - every piece escaped


def _best_field(obj, fields: tuple[str, ...], terms: list[str]) -> str:
    """The first field that holds a term (for the snippet), else the first non-empty one."""
    values = [str(getattr(obj, f) or "") for f in fields]
    for value in values:
        low = value.lower()
        if any(t in low for t in terms):
            return value
    return next((v for v in values if v), "")


@dataclass
class Hit:
    title: str
    url: str
    context: str
    snippet: SafeString


@dataclass
class ResultGroup:
    kind: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    groups: list[ResultGroup]

    @property
    def total(self) -> int:
        return sum(len(g.hits) for g in self.groups)


def _take(qs: QuerySet) -> tuple[list, bool]:
    rows = list(qs[: PER_KIND + 1])
    return rows[:PER_KIND], len(rows) > PER_KIND


def search_stories(scope: Visibility, terms: list[str]) -> QuerySet[SuccessStory]:
    qs = scope.stories()
    return (
        text_filter(qs, STORY_FIELDS, terms)
        .select_related("program")
        .only("pk", "told_by_id", "organization_id", "program__title", *STORY_FIELDS)
        .order_by("-nominated_at", "-pk")
    )


def search_answers(scope: Visibility, terms: list[str]) -> QuerySet[Answer]:
    readable = scope.stories(interviews=True)
    qs = Answer.objects.filter(interview__story__in=readable)
    return (
        text_filter(qs, ANSWER_FIELDS, terms)
        .select_related("interview__story", "question")
        .order_by("-interview__held_on", "interview_id", "question__position")
    )


def search_principles(scope: Visibility, terms: list[str]) -> QuerySet[Principle]:
    readable = scope.stories(interviews=True)
    qs = Principle.objects.naming_no_client().filter(story__in=readable)
    return (
        text_filter(qs, PRINCIPLE_FIELDS, terms).select_related("story").order_by("story_id", "pk")
    )


def search_common(scope: Visibility, terms: list[str]) -> QuerySet[CommonPrinciple]:
    qs = CommonPrinciple.objects.filter(scope.all_q("program__organization_id", "program_id"))
    return text_filter(qs, COMMON_FIELDS, terms).select_related("program").order_by("text")


def _sees_selection(scope: Visibility, story: SuccessStory) -> bool:
    """Whether a found story opens on its selection page: for its teller and whoever sees all
    its organization's stories (an assigned student works on its documentation page)."""
    return story.told_by_id == scope.user_id or scope.sees_all(
        story.organization_id, story.program_id
    )


def search_for_user(user: User, query: str) -> SearchResults:
    """Everything the user may see that holds every word of the query, grouped by kind.

    Four queries (plus the memberships, read once per request), whatever the data size."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    terms = search_terms(query)
    groups: list[ResultGroup] = []
    if not terms or not user.is_authenticated:
        return SearchResults(query=query, terms=terms, groups=groups)
    scope = visibility_of(user)

    stories = ResultGroup("stories", _("Stories"))
    rows, stories.more = _take(search_stories(scope, terms))
    for s in rows:
        stories.hits.append(
            Hit(
                title=s.title,
                url=reverse(
                    "stories:story_detail"
                    if _sees_selection(scope, s)
                    else "documentation:story_documentation",
                    args=[s.pk],
                ),
                context=s.program.title,
                snippet=highlight(_best_field(s, STORY_FIELDS[1:], terms), terms),
            )
        )
    groups.append(stories)

    answers = ResultGroup("answers", _("Interview answers"))
    rows, answers.more = _take(search_answers(scope, terms))
    for a in rows:
        interview = a.interview
        answers.hits.append(
            Hit(
                title=f"{interview.story.title}: {interview}",
                url=reverse("documentation:interview_detail", args=[interview.pk]),
                context=str(a.question),
                snippet=highlight(a.text, terms),
            )
        )
    groups.append(answers)

    principles = ResultGroup("principles", _("Principles of action"))
    rows, principles.more = _take(search_common(scope, terms))
    for c in rows:
        principles.hits.append(
            Hit(
                title=c.text,
                url=reverse("principles:program_principles", args=[c.program_id]),
                context=c.program.title,
                snippet=highlight(c.text, terms),
            )
        )
    rows, more = _take(search_principles(scope, terms))
    principles.more = principles.more or more
    for p in rows:
        principles.hits.append(
            Hit(
                title=p.sentence,
                url=reverse("documentation:story_documentation", args=[p.story_id])
                + "#principles-heading",
                context=p.story.title,
                snippet=highlight(" · ".join((p.situation, p.goal, p.action)), terms),
            )
        )
    groups.append(principles)
    return SearchResults(query=query, terms=terms, groups=groups)
