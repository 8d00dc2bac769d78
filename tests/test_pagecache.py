"""The page cache (lfs_site.pagecache): cached content is the content, a change shows on the
next request, nothing is shared between people who may see different things, forms keep working,
and every write that sends no signal says what it changed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lfs_site import pagecache
from organizations.models import Organization, User
from organizations.selectors import program_access
from publications import services as book_services
from publications.models import BookEntry
from stories import services as story_services
from stories.models import Answer, Consent, Interview, Principle, SuccessStory

from .factories import StoryFactory
from .test_books import book_world
from .test_workshops import _ensure as workshop_world

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def _url(world, name: str) -> str:
    if name == "book_detail":
        return reverse(name, args=[book_world(world).pk])
    if name == "meeting_detail":
        return reverse(name, args=[world.meeting.pk])
    if name == "story_detail":
        return reverse(name, args=[world.story.pk])
    if name == "story_documentation":
        return reverse(name, args=[world.doc_story.pk])
    if name == "interview_detail":
        return reverse(name, args=[world.interview.pk])
    if name == "draft_detail":
        return reverse(name, args=[world.draft.pk])
    if name in ("home", "unit_dashboard", "companion_list"):
        return reverse(name)
    if name == "learning_question_detail":
        return reverse(name, args=[workshop_world(world)["lq"].pk])
    if name == "workshop_summary":
        return reverse(name, args=[workshop_world(world)["live"].pk])
    workshop_world(world)
    return reverse(name, args=[world.program.pk])


# Page, who reads it: every page rendered through pagecache.program_page.
CACHED = [
    ("program_dashboard", "director"),
    ("program_dashboard", "committee"),
    ("documentation_overview", "director"),
    ("program_principles", "committee"),
    ("principle_matrix", "committee"),
    ("coverage", "committee"),
    ("meeting_detail", "committee"),
    ("book_detail", "director"),
    ("nominations", "director"),
    ("nominations", "committee"),
    ("nominations", "teller"),
    ("story_detail", "committee"),
    ("home", "director"),
    ("home", "student"),
    ("unit_dashboard", "unit"),
    ("companion_list", "unit"),
    ("workshops", "companion"),
    ("workshop_summary", "director"),
    ("learning_question_detail", "director"),
    ("learning_log", "teller"),
    # Sensitive: the reader's own copy, encrypted.
    ("story_documentation", "student"),
    ("story_documentation", "director"),
    ("interview_detail", "student"),
    ("draft_detail", "student"),
    ("draft_detail", "teller"),
]


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(queries)


def _same_markup(html: str) -> str:
    return TOKEN.sub(r"\1TOKEN", html)


@pytest.mark.parametrize("language", ["en", "he"])
@pytest.mark.parametrize("url_name, role", CACHED)
def test_the_cached_content_is_the_page_as_rendered(world, login, url_name, role, language):
    url = _url(world, url_name)
    client = login(getattr(world, role))
    first, rendered = _get(client, url, HTTP_ACCEPT_LANGUAGE=language)
    second, cached = _get(client, url, HTTP_ACCEPT_LANGUAGE=language)
    assert _same_markup(second.content.decode()) == _same_markup(first.content.decode())
    assert cached < rendered, "the second request should have found the content in the cache"
    assert pagecache.CSRF_PLACEHOLDER not in second.content.decode()


def test_each_language_has_its_own_copy(world, login):
    client = login(world.committee)
    url = reverse("coverage", args=[world.program.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hebrew = client.get(url, HTTP_ACCEPT_LANGUAGE="he").content.decode()
    assert 'dir="rtl"' in hebrew
    main = re.compile(r'<main id="main".*</main>', re.S)
    assert main.search(english).group() != main.search(hebrew).group()


def test_a_saved_row_shows_on_the_next_request(world, login):
    client = login(world.director)
    url = reverse("documentation_overview", args=[world.program.pk])
    assert world.doc_story.title in client.get(url).content.decode()
    world.doc_story.title = "A new title for the documented story"
    world.doc_story.save(update_fields=["title"])
    assert "A new title for the documented story" in client.get(url).content.decode()


def test_a_row_three_links_from_the_program_changes_the_program_pages(world):
    """An answer (answer -> interview -> story -> program) changes what the principles show."""
    interview = Interview.objects.filter(story=world.doc_story).first()
    question = interview.question_set.questions.order_by("position").last()
    assert pagecache.program_id_of(Answer(interview=interview)) == world.program.pk
    before = pagecache.generations(world.program.pk, ["stories"])
    Answer.objects.update_or_create(
        interview=interview, question=question, defaults={"text": "What we learnt."}
    )
    assert pagecache.generations(world.program.pk, ["stories"]) != before


def test_a_new_story_changes_the_dashboard_counts(world, login):
    client = login(world.director)
    url = reverse("program_dashboard", args=[world.program.pk])
    before = client.get(url).context["data"].counts["total"]
    StoryFactory(program=world.program, told_by=world.teller, title="One more")
    after = client.get(url)
    assert after.context["data"].counts["total"] == before + 1


def test_writes_that_send_no_signal_change_the_pages_too(world, login):
    """principles_merge (an UPDATE), entry_move (bulk_update) and erasure (UPDATEs)."""
    book = book_world(world)
    access = program_access(world.director, world.program)
    client = login(world.director)
    book_url = reverse("book_detail", args=[book.pk])
    client.get(book_url)
    first, second = BookEntry.objects.filter(book=book).order_by("position")[:2]
    book_services.entry_move(access=access, entry=second, direction="up")
    page = client.get(book_url).content.decode()
    assert page.index(second.story.title) < page.index(first.story.title)

    principles_url = reverse("program_principles", args=[world.program.pk])
    loose = Principle.objects.create(
        story=world.doc_story, situation="s", goal="g", action="call the family every week"
    )
    unmerged = client.get(principles_url).context["unmerged_page"].object_list
    assert loose.pk in [row.pk for row in unmerged]
    assert "overview" not in (client.get(principles_url).context or {})  # cached now
    common = Principle.objects.filter(common__isnull=False).first().common
    story_services.principles_merge(access=access, common=common, principles=[loose])
    unmerged = client.get(principles_url).context["unmerged_page"].object_list
    assert loose.pk not in [row.pk for row in unmerged]


def test_another_programs_change_keeps_this_programs_copy(world, login):
    client = login(world.committee)
    url = reverse("coverage", args=[world.program.pk])
    _get(client, url)
    world.other_story.title = "Elsewhere"
    world.other_story.save(update_fields=["title"])
    _response, queries = _get(client, url)
    _response, again = _get(client, url)
    assert queries == again  # still the cached copy: no rows read


def test_a_person_or_organization_change_renews_everything(world):
    before = pagecache.generations(None, [])
    Organization.objects.filter(pk=world.org.pk).first().save()
    assert pagecache.generations(None, []) != before


def test_signing_in_changes_nothing(world, client):
    before = pagecache.generations(None, [])
    client.force_login(world.director)  # saves last_login only
    assert pagecache.generations(None, []) == before


def test_the_generation_is_renewed_again_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            before = pagecache.generations(world.program.pk, ["stories"])
            pagecache.changed(world.program.pk, "stories")
            during = pagecache.generations(world.program.pk, ["stories"])
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()
    assert pagecache.generations(world.program.pk, ["stories"]) != during


def test_people_with_other_roles_do_not_share_a_copy(world, login):
    url = reverse("program_dashboard", args=[world.program.pk])
    director_page = login(world.director).get(url).content.decode()
    committee_page = login(world.committee).get(url).content.decode()
    # The stage buttons are the director's alone, cached or not.
    assert 'name="direction"' in director_page
    assert 'name="direction"' not in committee_page


def test_each_committee_member_sees_their_own_assessments_to_do(world, login):
    from stories.models import SelectionCriterion

    SelectionCriterion.objects.get_or_create(program=world.program, text="Meaningful", position=1)
    url = reverse("program_dashboard", args=[world.program.pk])
    assert "data" in login(world.committee).get(url).context
    theirs = login(world.committee2).get(url).context
    assert theirs is not None and "data" in theirs  # rendered for them, not Cora's copy


def test_a_wrong_role_is_refused_even_when_the_page_is_cached(world, login):
    url = reverse("documentation_overview", args=[world.program.pk])
    assert login(world.director).get(url).status_code == 200
    assert login(world.staff).get(url).status_code == 403
    assert login(world.other_director).get(url).status_code == 404


def test_a_form_on_a_cached_page_posts_with_the_readers_own_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.committee)
    url = reverse("program_principles", args=[world.program.pk])
    client.get(url)
    cached = client.get(url)
    assert cached.context is None or "overview" not in cached.context  # from the cache
    html = cached.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        url, {"csrfmiddlewaretoken": token, "text": "Listen before acting", "category_name": ""}
    )
    assert response.status_code == 302
    assert "Listen before acting" in client.get(url).content.decode()


def test_without_the_setting_every_request_renders(world, login, settings):
    settings.LFS_PAGE_CACHE = False
    client = login(world.committee)
    url = reverse("coverage", args=[world.program.pk])
    _first, rendered = _get(client, url)
    second, again = _get(client, url)
    assert again == rendered
    assert "rows" in second.context


def test_pages_and_writes_go_on_while_the_cache_is_down(world, login, settings):
    client = login(world.director)
    url = reverse("documentation_overview", args=[world.program.pk])
    client.get(url)  # a copy kept while the cache was up
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    world.doc_story.title = "Renamed while the cache was down"
    world.doc_story.save(update_fields=["title"])  # no error
    assert pagecache._unsaid, "the change must be kept to record"
    page = client.get(url)
    assert page.status_code == 200
    assert "Renamed while the cache was down" in page.content.decode()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "Renamed while the cache was down" in client.get(url).content.decode()
    assert not pagecache._unsaid


def test_rows_without_a_program_have_no_path():
    assert pagecache._path_to_program(User) is None
    assert pagecache._path_to_program(Organization) is None
    assert pagecache._path_to_program(SuccessStory) == ("program",)
    assert pagecache._path_to_program(Consent) == ("interview", "story", "program")


# Every write without a signal says what it changed ----------------------------------------

APPS = ("organizations", "stories", "methods", "companions", "publications", "lfs_site")
#: Functions whose bulk writes need no call: data migrations run before any page is served.
NO_PAGES_YET = {
    ("methods/defaults.py", "create_default_set"),
    # seed_bulk's writer: the load calls pagecache.changed() once, at its end.
    ("organizations/bulk.py", "create"),
    ("methods/template_defaults.py", "create_shipped_templates"),
}
BULK = {"update", "bulk_create", "bulk_update"}


def _is_queryset_write(call: ast.Call) -> bool:
    """`X.objects...update(...)`, `....filter(...).update(...)`, `qs.bulk_create(...)`: a
    write of rows without signals (dict.update(...) and the like are not)."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in BULK:
        return False
    if func.attr != "update":
        return True
    text = ast.unparse(func.value)
    return (
        "objects" in text
        or re.search(r"\.(filter|exclude|all|select_for_update)\(", text)
        or (text in {"rows", "registrations", "evidence"} or text.endswith("_rows()"))
    )


def _functions():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or "/management/" in relative:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef):
                    yield relative, node


def test_every_write_without_a_signal_tells_the_page_cache():
    functions = list(_functions())
    # Helpers that tell it (`_touch(book)`, `_render_changed(id)`...) count as telling it.
    telling = {node.name for _path, node in functions if "pagecache.changed(" in ast.unparse(node)}
    calls = re.compile(r"\b(" + "|".join(sorted(telling)) + r")\(")
    missing = []
    for relative, node in functions:
        writes = [n for n in ast.walk(node) if isinstance(n, ast.Call) and _is_queryset_write(n)]
        if not writes or (relative, node.name) in NO_PAGES_YET:
            continue
        body = ast.unparse(node)
        if "pagecache.changed(" not in body and not calls.search(body):
            missing.append(f"{relative}:{node.lineno} {node.name}")
    assert not missing, (
        "these functions write rows without signals and do not call pagecache.changed():\n"
        + "\n".join(missing)
    )


# Sensitive pages: interview answers, quotes, drafts and consent ---------------------------

SENSITIVE = ["story_documentation", "interview_detail", "draft_detail"]


def _stored_page_keys() -> list[str]:
    from django.core.cache import cache

    prefix = cache.make_key("")  # the version Django puts before every key
    client = cache._cache.get_client(None, write=False)
    stored = client.keys(f"{prefix}{pagecache._namespace()}:page:*")
    return [k.decode()[len(prefix) :] for k in stored]


def _kept_values(world) -> dict:
    """Every page the cache holds in this test's namespace (the test cache is Redis)."""
    from django.core.cache import cache

    return cache.get_many(_stored_page_keys())


@pytest.fixture
def redis_cache(settings):
    """Redis as the page cache, holding no page of an earlier test of this process."""
    from django.core.cache import cache

    if "Redis" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("the suite's cache is not Redis here (CI runs it with Redis)")
    cache.delete_many(_stored_page_keys())


def _answer(world, text: str) -> None:
    question = world.interview.question_set.questions.order_by("position").first()
    Answer.objects.update_or_create(
        interview=world.interview, question=question, defaults={"text": text}
    )


@pytest.mark.parametrize("url_name", SENSITIVE)
def test_a_sensitive_page_is_kept_encrypted_never_as_text(world, login, redis_cache, url_name):
    _answer(world, "She called the landlord every single morning")
    url = _url(world, url_name)
    client = login(world.student)
    first = client.get(url).content.decode()
    second = client.get(url).content.decode()
    assert _same_markup(first) == _same_markup(second)
    kept = _kept_values(world)
    assert kept, "the page should have been kept"
    for value in kept.values():
        assert isinstance(value, bytes)
        for secret in ("She called the landlord", "Mrs. H.", "found a flat", "A home at last"):
            assert secret.encode() not in value


def test_a_sensitive_copy_is_the_readers_own(world, login):
    url = reverse("story_documentation", args=[world.doc_story.pk])
    login(world.student).get(url)
    # Another person with the same roles (the second student, once assigned) renders their own.
    from stories.models import StoryAssignment

    StoryAssignment.objects.create(
        story=world.doc_story, student=world.student2, assigned_by=world.committee
    )
    other = login(world.student2)
    other.get(url)
    second_copy = other.get(url)
    assert second_copy.status_code == 200
    assert second_copy.context is None or "drafts" not in second_copy.context
    # And a student the story is not assigned to is refused, copy or not.
    assert login(world.other_student).get(url).status_code == 404


def test_a_change_makes_every_earlier_copy_unreadable(world, login, redis_cache):
    """Crypto-shredding: the key of a copy is derived from SECRET_KEY and the generations it was
    rendered under, which are not kept once replaced; the old ciphertext can no longer be
    opened, by the cache or by anyone who reads Redis."""
    from django.test import RequestFactory

    url = reverse("interview_detail", args=[world.interview.pk])
    client = login(world.student)
    client.get(url)
    (key, sealed), *_ = _kept_values(world).items()
    request = RequestFactory().get(url)
    variant = (*pagecache.access_variant(program_access(world.student, world.program)),)

    def opened(gens) -> str | None:
        parts = pagecache._content_parts(
            request, "stories/documentation/interview.html", (*variant, world.student.pk), gens
        )
        return pagecache._open(pagecache._digest("secret", parts), key, sealed)

    before = pagecache.generations(world.program.pk, pagecache.APPS)
    assert "Mrs. H." in opened(before)  # the key is derived as described
    _answer(world, "A later answer")  # any change to the program's stories
    after = pagecache.generations(world.program.pk, pagecache.APPS)
    assert after != before  # the stories' generation was replaced
    assert opened(after) is None
    assert "A later answer" in client.get(url).content.decode()


def test_a_copy_that_was_tampered_with_is_rendered_again(world, login, redis_cache):
    from django.core.cache import cache

    url = reverse("draft_detail", args=[world.draft.pk])
    client = login(world.student)
    client.get(url)
    (key, sealed), *_ = _kept_values(world).items()
    cache.set(key, sealed[:-1] + bytes([sealed[-1] ^ 1]))  # one bit changed
    page = client.get(url)
    assert page.status_code == 200
    assert "found a flat in 2025" in page.content.decode()


# The workshop board: what every participant sees alike, read once per change -------------


def _board(client, workshop) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("workshop_board", args=[workshop.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _participant(world, name: str) -> User:
    from organizations.services import membership_ensure

    from .factories import UserFactory

    person = UserFactory(full_name=name)
    membership_ensure(user=person, organization=world.org, role="staff")
    return person


def test_the_board_is_read_once_per_change_and_drawn_for_each_reader(world, login):
    from methods import services_workshops as methods_services
    from methods.models_workshops import Workshop
    from methods.selectors_workshops import _access

    live = workshop_world(world)["live"]
    first, second = _participant(world, "Ada First"), _participant(world, "Ben Second")
    methods_services.contribution_add(
        access=_access(first, world.program), workshop=live, by=first, text="Ada wrote this note"
    )
    _page, read = _board(login(first), live)
    page, shared = _board(login(second), live)
    assert shared < read, "the second reader should have found the board's rows in the cache"
    # Ben's board is Ben's: Ada's note is hers, not his; his dots are his.
    note = re.search(r"<li[^>]*>(?:(?!</li>).)*Ada wrote this note(?:(?!</li>).)*</li>", page, re.S)
    assert note and " mine" not in note.group(0) and "Ada First" in note.group(0)
    ada = _board(login(first), live)[0]
    mine = re.search(r"<li[^>]*>(?:(?!</li>).)*Ada wrote this note(?:(?!</li>).)*</li>", ada, re.S)
    assert " mine" in mine.group(0) and "you" in mine.group(0)

    # A change reaches every reader's next poll.
    methods_services.contribution_add(
        access=_access(second, world.program), workshop=live, by=second, text="Ben answers here"
    )
    live = Workshop.objects.get(pk=live.pk)
    assert "Ben answers here" in _board(login(first), live)[0]


def test_hidden_contributions_stay_hidden_though_the_rows_are_shared(world, login):
    from methods import services_workshops as methods_services
    from methods.selectors_workshops import _access

    live = workshop_world(world)["live"]
    methods_services.step_set_revealed(
        access=_access(world.director, world.program), workshop=live, revealed=False
    )
    first, second = _participant(world, "Ada First"), _participant(world, "Ben Second")
    methods_services.contribution_add(
        access=_access(first, world.program), workshop=live, by=first, text="Ada keeps this hidden"
    )
    assert "Ada keeps this hidden" in _board(login(first), live)[0]  # the rows are now in the cache
    page = _board(login(second), live)[0]
    assert "Ada keeps this hidden" not in page
    assert "hidden" in page


def test_the_board_is_drawn_while_the_cache_is_down(world, login, settings):
    live = workshop_world(world)["live"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    }
    assert "We met her where she felt safe." in _board(login(world.staff), live)[0]
