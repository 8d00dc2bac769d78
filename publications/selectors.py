"""Scoped reads of story books, their contents, the catalogue and the renders.

Who composes and downloads a book: the director and the steering committee of its program.
A book or a render of a program the user may not compose for is a 404 (they may not know it
exists); the program's list of books is a 403 for the program's other members.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from lfs_site import bidi
from organizations.models import Organization, Program, Role, User
from organizations.selectors import ProgramAccess, program_access, program_get_for_user
from stories.models import (
    ClientIdentity,
    CommonPrinciple,
    Consent,
    Interview,
    Principle,
    StoryApproval,
    StoryErasure,
    SuccessStory,
)
from stories.rights.selectors import Publishability, publishability_for
from stories.visibility import visible_stories

from .models import BookEntry, BookRender, RelatedPublication, StoryBook


def can_compose(access: ProgramAccess) -> bool:
    """Compose books, render them and download the PDFs: the director and the committee."""
    return access.has(Role.DIRECTOR, Role.COMMITTEE)


def program_books_access(user: User, program_pk: int) -> ProgramAccess:
    """The program's books page: 404 outside the program, 403 for members who may not compose."""
    access = program_get_for_user(user, program_pk)
    if not can_compose(access):
        raise PermissionDenied
    return access


def book_get_for_user(user: User, pk: int) -> tuple[StoryBook, ProgramAccess]:
    """A book of a program the user composes for; anyone else gets a 404."""
    book = StoryBook.objects.select_related("program__organization").filter(pk=pk).first()
    if book is None or not user.is_authenticated:
        raise Http404
    access = program_access(user, book.program)
    if not can_compose(access):
        raise Http404
    return book, access


def render_get_for_user(user: User, pk: int) -> tuple[BookRender, ProgramAccess]:
    render = (
        BookRender.objects.select_related("book__program__organization", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if render is None or not user.is_authenticated:
        raise Http404
    access = program_access(user, render.book.program)
    if not can_compose(access):
        raise Http404
    return render, access


def entry_get_for_book(book: StoryBook, pk: int) -> BookEntry:
    entry = BookEntry.objects.select_related("story").filter(book=book, pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def books_for_program(program: Program) -> QuerySet[StoryBook]:
    latest = BookRender.objects.filter(book=OuterRef("pk")).order_by("-version")
    return (
        StoryBook.objects.filter(program=program)
        .annotate(
            entry_count=Count("entries", distinct=True),
            render_count=Count("renders", distinct=True),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_version=Max("renders__version"),
        )
        .order_by("-created_at", "-pk")
    )


def catalogue_for_organization(organization: Organization) -> QuerySet[RelatedPublication]:
    return RelatedPublication.objects.filter(organization=organization).order_by("-year", "title")


def approved_stories(program: Program) -> QuerySet[SuccessStory]:
    return (
        SuccessStory.objects.usable(program)
        .filter(approval__isnull=False)
        .select_related("approval", "department")
        .order_by("title")
    )


# Composition ------------------------------------------------------------------------------


@dataclass
class EntryRow:
    entry: BookEntry
    story: SuccessStory
    included: bool
    reasons: list[str]
    number: int | None = None


@dataclass
class Composition:
    rows: list[EntryRow]
    candidates: list[tuple[SuccessStory | Candidate, Publishability]]

    @property
    def included(self) -> list[EntryRow]:
        return [r for r in self.rows if r.included]

    @property
    def excluded(self) -> list[EntryRow]:
        return [r for r in self.rows if not r.included]


def _entries(book: StoryBook, with_drafts: bool = True) -> list[BookEntry]:
    """The book's entries with their stories and approvals, and the approved drafts' texts when
    asked (the render needs them; the composer page, listing a hundred stories, does not: it
    reads only what it shows and what tells whether a render is out of date)."""
    # Only the stories the book's organization may use (an entry of another organization's
    # story, added before that rule held, is neither shown nor rendered).
    usable = SuccessStory.objects.usable(book.program).values("pk")
    entries = BookEntry.objects.filter(book=book, story__in=usable).order_by("position", "pk")
    if with_drafts:
        return list(entries.select_related("story__approval__draft"))
    return list(
        entries.select_related("story__approval__draft").only(
            "pk",
            "book_id",
            "story_id",
            "position",
            "story__program_id",
            "story__title",
            "story__updated_at",
            "story__approval__story_id",
            "story__approval__draft_id",
            "story__approval__approved_at",
            "story__approval__draft__holds_real_name",
        )
    )


def _reasons(story: SuccessStory, publishable: Publishability) -> list[str]:
    from django.utils.translation import gettext as _

    reasons = []
    approval = getattr(story, "approval", None)
    if approval is None:
        reasons.append(_("The committee has not approved a final text of this story."))
    elif approval.draft.holds_real_name:
        reasons.append(
            _(
                "The approved text contains the client's real name (it was written before the "
                "name was recorded): approve a version without it."
            )
        )
    reasons.extend(publishable.reasons)
    return reasons


@dataclass(frozen=True)
class Candidate:
    """An approved story not in the book yet, as the composer lists it."""

    pk: int
    title: str


def book_candidates(book: StoryBook, user: User) -> QuerySet:
    """The approved stories of the book's program not in the book yet (to paginate), as
    (pk, title) rows: see `candidate_rows`. The program's own (`usable`) that the person
    composing may see (`stories.visibility`)."""

    return (
        (SuccessStory.objects.usable(book.program) & visible_stories(user))
        .filter(approval__isnull=False)
        .exclude(pk__in=BookEntry.objects.filter(book=book).values("story_id"))
        .order_by("title", "pk")
        .values_list("pk", "title")
    )


def candidate_rows(rows) -> list[Candidate]:
    return [Candidate(pk=pk, title=title) for pk, title in rows]


def book_composition(
    book: StoryBook,
    candidates: list[SuccessStory] | list[Candidate] | None = None,
    *,
    with_drafts: bool = True,
) -> Composition:
    """The book's stories in order (each included, or not and why) and the approved stories
    that could still be added (all of them, or the given page of them), in a fixed number of
    queries; the approved texts are read with the entries unless `with_drafts` is false."""
    entries = _entries(book, with_drafts)
    if candidates is None:
        in_book = {e.story_id for e in entries}
        candidates = [s for s in approved_stories(book.program) if s.pk not in in_book]
    # publishability_for reads only the pk of each, which a Candidate has too
    publishable = publishability_for([e.story for e in entries] + candidates)  # type: ignore[operator]
    rows = []
    number = 0
    for entry in entries:
        reasons = _reasons(entry.story, publishable[entry.story_id])
        row = EntryRow(entry=entry, story=entry.story, included=not reasons, reasons=reasons)
        if row.included:
            number += 1
            row.number = number
        rows.append(row)
    return Composition(rows=rows, candidates=[(s, publishable[s.pk]) for s in candidates])


# What a render contains ---------------------------------------------------------------------


def text_direction(text: str, default: str = "ltr") -> str:
    """The direction of a text from its first strong character (WeasyPrint has no dir=auto)."""
    return bidi.text_direction(text, default)


@dataclass
class Chapter:
    number: int
    story: SuccessStory
    body_html: str
    principles: list[Principle]

    @property
    def language(self) -> str:
        """The story's language: of its text's first letter, else its title's."""
        return bidi.text_language(self.body_html, bidi.text_language(self.story.title))

    @property
    def direction(self) -> str:
        return bidi.language_direction(self.language)

    @property
    def title_language(self) -> str:
        return bidi.text_language(self.story.title, self.language)

    @property
    def title_direction(self) -> str:
        return bidi.language_direction(self.title_language)


@dataclass
class CommonRow:
    common: CommonPrinciple
    chapters: list[Chapter]


@dataclass
class PrincipleGroup:
    name: str
    rows: list[CommonRow]


@dataclass(frozen=True)
class Cover:
    """The book's cover image, read once for every edition: the print book fetches it at
    `print_url` (served by the renderer's fetcher from these bytes), the EPUB packs it, the
    web edition embeds it."""

    data: bytes
    mime: str
    alt: str

    @property
    def extension(self) -> str:
        return ".png" if self.mime == "image/png" else ".jpg"

    @property
    def print_url(self) -> str:
        """Relative to the print HTML's base URL (see `publications.renderer`)."""
        return f"book-cover{self.extension}"

    @property
    def data_uri(self) -> str:
        import base64

        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode()}"


def book_cover(book: StoryBook) -> Cover | None:
    if not book.cover:
        return None
    try:
        with book.cover.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return None
    mime = "image/png" if book.cover.name.lower().endswith(".png") else "image/jpeg"
    return Cover(data=data, mime=mime, alt=book.cover_alt)


@dataclass
class BookContent:
    book: StoryBook
    chapters: list[Chapter]
    groups: list[PrincipleGroup]
    publications: list[RelatedPublication]
    excluded: list[EntryRow]
    real_names: list[str] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)
    cover: Cover | None = None


def _snapshot(rows: list[EntryRow], book: StoryBook) -> dict:
    return {
        "book_updated_at": book.updated_at.isoformat() if book.updated_at else "",
        "stories": [
            {
                "id": r.story.pk,
                "draft_id": r.story.approval.draft_id,
                "approved_at": r.story.approval.approved_at.isoformat(),
                "updated_at": r.story.updated_at.isoformat(),
            }
            for r in rows
            if r.included
        ],
        "excluded": [r.story.pk for r in rows if not r.included],
    }


def book_content(book: StoryBook) -> BookContent:
    """Everything the renderer needs, read once: the included chapters with their principles,
    the principles chapter grouped by category, the chosen related publications, and the real
    names that must never reach the page. About ten queries whatever the book's size."""
    composition = book_composition(book)
    included = composition.included
    story_ids = [r.story.pk for r in included]
    principles: dict[int, list[Principle]] = {pk: [] for pk in story_ids}
    for p in (
        Principle.objects.naming_no_client()
        .filter(story_id__in=story_ids)
        .select_related("common__category")
        .prefetch_related("evidence")  # the slide deck shows the quotes
        .order_by("pk")
    ):
        principles[p.story_id].append(p)
    chapters = [
        Chapter(
            number=r.number or 0,
            story=r.story,
            body_html=r.story.approval.draft.body_html,
            principles=principles[r.story.pk],
        )
        for r in included
    ]
    by_story = {c.story.pk: c for c in chapters}
    groups: list[PrincipleGroup] = []
    if book.include_principles:
        from django.utils.translation import gettext as _

        commons: dict[int, CommonRow] = {}
        for chapter in chapters:
            for p in chapter.principles:
                if p.common is None:
                    continue
                row = commons.setdefault(p.common.pk, CommonRow(common=p.common, chapters=[]))
                if by_story[p.story_id] not in row.chapters:
                    row.chapters.append(by_story[p.story_id])
        grouped: dict[str, list[CommonRow]] = {}
        for row in commons.values():
            category = row.common.category
            grouped.setdefault(category.name if category else "", []).append(row)
        for name in sorted(grouped, key=lambda n: (n == "", n.lower())):
            rows = sorted(grouped[name], key=lambda r: (-len(r.chapters), r.common.text.lower()))
            groups.append(PrincipleGroup(name=name or _("Further principles"), rows=rows))
    publications = list(book.related_publications.order_by("-year", "title"))
    real_names = list(
        ClientIdentity.objects.filter(story__program=book.program)  # every name, to refuse them
        .exclude(real_name="")
        .values_list("real_name", flat=True)
    )
    return BookContent(
        book=book,
        chapters=chapters,
        groups=groups,
        publications=publications,
        excluded=composition.excluded,
        real_names=real_names,
        snapshot=_snapshot(composition.rows, book),
        cover=book_cover(book),
    )


def render_staleness(render: BookRender, composition: Composition | None = None) -> list[str]:
    """Why a finished render no longer matches the book (empty when it still does)."""
    from django.utils.translation import gettext as _

    if render.status != BookRender.Status.DONE or not render.contents:
        return []
    book = render.book
    then = render.contents
    composition = composition or book_composition(book)
    now = _snapshot(composition.rows, book)
    reasons = []
    old = {s["id"]: s for s in then.get("stories", [])}
    new = {s["id"]: s for s in now["stories"]}
    titles = {r.story.pk: r.story.title for r in composition.rows}
    for pk in old.keys() - new.keys():
        if pk in titles and pk in now["excluded"]:
            reasons.append(
                _("“%(title)s” can no longer be published (consent or approval).")
                % {"title": titles[pk]}
            )
        else:
            reasons.append(_("A story was removed from the book."))
    for pk in new.keys() - old.keys():
        reasons.append(_("“%(title)s” was added to the book.") % {"title": titles[pk]})
    for pk in new.keys() & old.keys():
        if (old[pk]["draft_id"], old[pk]["approved_at"]) != (
            new[pk]["draft_id"],
            new[pk]["approved_at"],
        ) or old[pk]["updated_at"] != new[pk]["updated_at"]:
            reasons.append(_("“%(title)s” has changed.") % {"title": titles[pk]})
    order_then = [s["id"] for s in then.get("stories", [])]
    if order_then != [s["id"] for s in now["stories"]] and not reasons:
        reasons.append(_("The order of the stories has changed."))
    if then.get("book_updated_at") != now["book_updated_at"]:
        reasons.append(_("The book's details were edited."))
    return reasons


def renders_withdrawn(renders: list[BookRender]) -> dict[int, list[str]]:
    """Why each finished render may no longer be given out (an empty list: it may), in at most
    five queries whatever the number of renders.

    The rule: a finished render is closed for good once, after it began (`started_at`: its
    stories were read after that), a withdrawal of publication consent is recorded for any story
    it contains, or the story's client data is erased, or the story is deleted. Giving consent
    again lets the story into new renders; it never re-opens a file made before the withdrawal.
    The file itself is kept, for the audit trail only."""
    from django.db.models.functions import Coalesce
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    done = [r for r in renders if r.status == BookRender.Status.DONE]
    result: dict[int, list[str]] = {r.pk: [] for r in renders}
    if not done:
        return result
    # Which stories each render contains: its snapshot, or (a render from before snapshots)
    # every story of its book.
    unknown = {r.book_id for r in done if "stories" not in (r.contents or {})}
    of_book: dict[int, list[int]] = {}
    if unknown:
        for book_id, story_id in BookEntry.objects.filter(book_id__in=unknown).values_list(
            "book_id", "story_id"
        ):
            of_book.setdefault(book_id, []).append(story_id)
    contained: dict[int, list[int]] = {}
    for r in done:
        snapshot = r.contents or {}
        if "stories" in snapshot:
            contained[r.pk] = [s["id"] for s in snapshot["stories"]]
        else:
            contained[r.pk] = of_book.get(r.book_id, [])
    ids = {pk for stories in contained.values() for pk in stories}
    titles = dict(SuccessStory.objects.filter(pk__in=ids).values_list("pk", "title"))
    erased = set(
        StoryErasure.objects.filter(story_number__in=ids).values_list("story_number", flat=True)
    )
    withdrawals: dict[int, list[tuple]] = {}
    for story_id, at, withdrawn_on in (
        Consent.objects.filter(
            scope=Consent.Scope.PUBLICATION,
            interview__story_id__in=ids,
            withdrawn_on__isnull=False,
        )
        .annotate(at=Coalesce("withdrawal_recorded_at", "recorded_at"))
        .values_list("interview__story_id", "at", "withdrawn_on")
    ):
        withdrawals.setdefault(story_id, []).append((at, withdrawn_on))
    for render in done:
        since = render.started_at or render.requested_at
        reasons = result[render.pk]
        for story_id in contained[render.pk]:
            title = titles.get(story_id)
            if title is None:
                reasons.append(_("A story of this version has since been deleted."))
            elif story_id in erased:
                reasons.append(
                    _("“%(title)s”: the client's data was erased at their request.")
                    % {"title": title}
                )
            elif dates := [on for at, on in withdrawals.get(story_id, []) if at >= since]:
                reasons.append(
                    _("“%(title)s”: publication consent was withdrawn on %(date)s.")
                    % {"title": title, "date": date_format(max(dates), "DATE_FORMAT")}
                )
    return result


def render_withdrawn(render: BookRender) -> list[str]:
    """Why this render may no longer be given out (empty: it may); see `renders_withdrawn`."""
    return renders_withdrawn([render])[render.pk]


def renders_for_book(book: StoryBook) -> QuerySet[BookRender]:
    return book.renders.select_related("requested_by").order_by("-version")


def book_detail_data(book: StoryBook, candidates: list[Candidate] | None = None) -> dict:
    """Everything the composer page shows (with the given page of candidate stories), in a
    fixed number of queries."""
    renders = list(renders_for_book(book)[:10])
    withdrawn = renders_withdrawn(renders)
    for r in renders:
        r.book = book
        r.withdrawn_reasons = withdrawn[r.pk]  # type: ignore[attr-defined]  # for the template
    latest_done = next((r for r in renders if r.status == BookRender.Status.DONE), None)
    composition = book_composition(book, candidates, with_drafts=False)
    return {
        "composition": composition,
        "renders": renders,
        "active_render": next((r for r in renders if r.is_active), None),
        "latest_done": latest_done,
        "stale_reasons": render_staleness(latest_done, composition) if latest_done else [],
        **_catalogue_and_chosen(book),
    }


def _catalogue_and_chosen(book: StoryBook) -> dict:
    """The organization's catalogue, and which of it the book lists, in one query."""
    listed = StoryBook.related_publications.through.objects.filter(
        storybook=book, relatedpublication=OuterRef("pk")
    )
    catalogue = list(
        catalogue_for_organization(book.program.organization).annotate(chosen=Exists(listed))
    )
    return {"catalogue": catalogue, "chosen": {p.pk for p in catalogue if p.chosen}}


def program_progress(program: Program) -> dict[str, int]:
    """How many of the program's stories reached each step, in one query: nominated (all),
    selected, documented (selected with an interview), approved, published (in a book that has
    a finished render)."""
    selected = Q(status=SuccessStory.Status.SELECTED)
    published = Exists(
        BookRender.objects.filter(
            book__entries__story=OuterRef("pk"), status=BookRender.Status.DONE
        )
    )
    return SuccessStory.objects.usable(program).aggregate(
        nominated=Count("pk"),
        selected=Count("pk", filter=selected),
        documented=Count(
            "pk", filter=selected & Q(Exists(Interview.objects.filter(story=OuterRef("pk"))))
        ),
        approved=Count("pk", filter=Q(Exists(StoryApproval.objects.filter(story=OuterRef("pk"))))),
        published=Count("pk", filter=Q(published)),
    )
