"""Scoped reads of the shared library of learning communities.

A story appears in a library only while all of these hold, checked on every read:
its organization chose to share it (StoryShare), its text was approved (StoryApproval) and
does not hold the client's real name, and its publication consent stands
(`publishability_for`, which also refuses erased stories). A principle that reveals the
client's real name (saved before names were checked) is left out, and cannot be searched for.
The library shows the approved text and the principles of action, never the client's identity,
an interview, an answer or a consent record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from communities.selectors import CommunityAccess, communities_for_user, community_access
from organizations.models import Community, Organization, Program, Role, User
from organizations.selectors import memberships_of
from publications.models import BookRender, RelatedPublication, StoryBook
from publications.selectors import renders_withdrawn
from stories.models import (
    ClientIdentity,
    Principle,
    PrincipleLink,
    StoryApproval,
    SuccessStory,
    content_language,
)
from stories.realnames import reveals_real_name
from stories.rights.selectors import publishability_for
from stories.visibility import visible_stories

LANGUAGES = ("en", "he", "ar")
MAX_RESULTS = 200


@dataclass
class LibraryStory:
    story: SuccessStory
    organization: Organization
    body_html: str
    principles: list[Principle]
    language: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language in ("he", "ar") else "ltr"


def _language_of(text: str) -> str:
    return content_language(text) or "en"


def library_organization_ids(user: User, community: Community | None = None) -> set[int]:
    """The organizations whose shared stories this person may read: the members of their
    communities (or of one of them)."""
    communities = communities_for_user(user)
    if community is not None:
        communities = communities.filter(pk=community.pk)
    through = Community.organizations.through.objects.filter(
        community_id__in=communities.values("pk")
    )
    return set(through.values_list("organization_id", flat=True))


def public_organization_ids() -> set[int]:
    return set(Organization.objects.filter(library_public=True).values_list("pk", flat=True))


def _shared_queryset(organization_ids: set[int]) -> QuerySet[SuccessStory]:
    """Shared and approved stories of these organizations (a partner team's story counts as its
    own organization's: the one that owns it), whose approved text does not hold the client's
    real name (approved before the name was recorded: `StoryDraft.holds_real_name`); the
    library's search reads the same rows, so such a text cannot be found by its words either."""
    return (
        SuccessStory.objects.filter(
            share__isnull=False,
            approval__isnull=False,
            approval__draft__holds_real_name=False,
        )
        .filter(organization_id__in=organization_ids)
        .select_related("program__organization", "approval__draft")
    )


def _search_words(query: str) -> list[str]:
    return query.split()[:8]


def _search(qs: QuerySet[SuccessStory], query: str) -> QuerySet[SuccessStory]:
    """Case-insensitive words in the title, the approved text or a principle of action."""
    for word in _search_words(query):
        matches = SuccessStory.objects.filter(
            Q(title__icontains=word)
            | Q(approval__draft__body__icontains=word)
            | Q(principles__holds_real_name=False, principles__situation__icontains=word)
            | Q(principles__holds_real_name=False, principles__goal__icontains=word)
            | Q(principles__holds_real_name=False, principles__action__icontains=word)
        ).values("pk")
        qs = qs.filter(pk__in=matches)
    return qs


def _principle_texts(principle: Principle) -> str:
    return "\n".join((principle.situation, principle.goal, principle.action))


def _entries(
    qs: QuerySet[SuccessStory], language: str = "", words: list[str] | None = None
) -> list[LibraryStory]:
    """The library's entries of these stories. A principle that reveals its story's client's
    real name (saved before names were checked) is left out; with `words` (a search), a story
    is kept only if every word is in what the entry shows, so that a principle left out
    cannot be found by its words either."""
    stories = list(qs.order_by("title", "pk")[: MAX_RESULTS * 2])
    publishable = publishability_for(stories)
    stories = [s for s in stories if publishable[s.pk].ok]
    names: dict[int, list[str]] = {}
    for story_id, name in (
        ClientIdentity.objects.filter(story_id__in=[s.pk for s in stories])
        .exclude(real_name="")
        .values_list("story_id", "real_name")
    ):
        names.setdefault(story_id, []).append(name)
    organizations = {
        o.pk: o for o in Organization.objects.filter(pk__in={s.organization_id for s in stories})
    }
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        stories,
        Prefetch("principles", queryset=Principle.objects.naming_no_client().order_by("pk")),
    )
    entries = []
    for s in stories:
        body = s.approval.draft.body_html
        principles = [
            p
            for p in s.principles.all()
            if not reveals_real_name(_principle_texts(p), names.get(s.pk, []))
        ]
        entry = LibraryStory(
            story=s,
            organization=organizations[s.organization_id],
            body_html=body,
            principles=principles,
            language=_language_of(s.title + " " + s.approval.draft.body[:400]),
        )
        if language and entry.language != language:
            continue
        if words:
            shown = " ".join(
                [s.title, s.approval.draft.body, *map(_principle_texts, principles)]
            ).casefold()
            if not all(word.casefold() in shown for word in words):
                continue
        entries.append(entry)
    return entries[:MAX_RESULTS]


def library_stories(
    organization_ids: set[int], *, query: str = "", language: str = ""
) -> list[LibraryStory]:
    qs = _shared_queryset(organization_ids)
    if query:
        qs = _search(qs, query)
    return _entries(qs, language if language in LANGUAGES else "", _search_words(query))


def library_story_get(organization_ids: set[int], pk: int) -> LibraryStory:
    """One story of the library; 404 when it is not (or no longer) in it."""
    entries = _entries(_shared_queryset(organization_ids).filter(pk=pk))
    if not entries:
        raise Http404
    return entries[0]


def library_story_for_user(user: User, pk: int) -> LibraryStory:
    return library_story_get(library_organization_ids(user), pk)


# Books and the catalogue ------------------------------------------------------------------


@dataclass
class LibraryBook:
    book: object
    render_id: int
    may_download: bool
    withdrawn: bool = False  # its latest version contains a story whose consent was withdrawn
    epub: bool = False  # the version has an EPUB and a web edition (renders since they exist)
    web: bool = False


def _may_compose(user: User, program: Program) -> bool:
    """The same rule as publications.selectors.can_compose, read from the cached memberships."""
    if not user.is_authenticated:
        return False
    return any(
        m.organization_id == program.organization_id
        and (m.program_id is None or m.program_id == program.pk)
        and m.role in (Role.DIRECTOR, Role.COMMITTEE)
        for m in memberships_of(user)
    )


def library_books(user: User, organization_ids: set[int]) -> list[LibraryBook]:
    """Published books (a finished render) of these organizations' programs; a download link
    only for those who may download it, and never to a version that is no longer given out
    (`publications.selectors.renders_withdrawn`)."""
    latest = (
        BookRender.objects.filter(book=OuterRef("pk"), status=BookRender.Status.DONE)
        .exclude(pdf="")
        .order_by("-version")
        .values("pk")[:1]
    )
    books = list(
        StoryBook.objects.filter(program__organization_id__in=organization_ids)
        .annotate(render_id=Subquery(latest))
        .filter(render_id__isnull=False)
        .select_related("program__organization")
        .order_by("program__organization__name", "title")
    )
    renders = list(
        BookRender.objects.filter(pk__in=[b.render_id for b in books]).only(
            "pk", "book_id", "status", "contents", "started_at", "requested_at", "epub", "web"
        )
    )
    files = {r.pk: (bool(r.epub), bool(r.web)) for r in renders}
    withdrawn = renders_withdrawn(renders)
    return [
        LibraryBook(
            book=b,
            render_id=b.render_id,
            may_download=not withdrawn[b.render_id] and _may_compose(user, b.program),
            withdrawn=bool(withdrawn[b.render_id]),
            epub=files[b.render_id][0],
            web=files[b.render_id][1],
        )
        for b in books
    ]


def library_publications(organization_ids: set[int]):
    return (
        RelatedPublication.objects.filter(organization_id__in=organization_ids)
        .select_related("organization")
        .order_by("-year", "title")
    )


# Principle links ------------------------------------------------------------------------


@dataclass
class LinkRow:
    link: PrincipleLink
    principles: list[tuple[Principle, LibraryStory]] = field(default_factory=list)

    @property
    def organizations(self) -> list[str]:
        return sorted({entry.organization.name for _p, entry in self.principles})

    @property
    def fields(self) -> list[str]:
        return sorted({entry.organization.get_kind_display() for _p, entry in self.principles})


def principle_links(communities: QuerySet[Community], entries: list[LibraryStory]) -> list[LinkRow]:
    """The communities' principle links with the linked principles that are in the library
    (a principle whose story left the library is not shown), most recurring first."""
    by_story = {entry.story.pk: entry for entry in entries}
    shown = {p.pk for entry in entries for p in entry.principles}
    links = (
        PrincipleLink.objects.filter(community__in=communities)
        .select_related("community")
        .prefetch_related(
            Prefetch("principles", queryset=Principle.objects.naming_no_client().order_by("pk"))
        )
    )
    rows = []
    for link in links:
        row = LinkRow(link=link)
        for principle in link.principles.all():
            if principle.story_id in by_story and principle.pk in shown:
                row.principles.append((principle, by_story[principle.story_id]))
        rows.append(row)
    rows.sort(key=lambda r: (-len(r.organizations), -len(r.fields), r.link.text))
    return rows


def linkable_communities(user: User) -> list[CommunityAccess]:
    return [
        access
        for access in (community_access(user, c) for c in communities_for_user(user))
        if access.can_link_principles
    ]


def shareable_stories(program: Program, user: User) -> list[SuccessStory]:
    """The approved stories the sharing page lists: the program's own (`usable`) that the person
    may see (`visible_stories`), each with its share when it has one."""
    return list(
        (SuccessStory.objects.usable(program) & visible_stories(user))
        .filter(pk__in=StoryApproval.objects.values("story_id"))
        .select_related("share")
        .order_by("title")
    )
