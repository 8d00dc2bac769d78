"""Page content kept while nothing it shows has changed.

Most program pages (the documentation overview, the principles and their matrix, the book
composer, the selection meeting...) show the same content to everyone who holds the same roles
in the program; others (home, nominations for an assessor, the methods' pages) are a person's
own, and their variant says so. `program_page` renders a page with its `{% block content %}`
taken from the cache when it can; the rest of the page (the top bar with the person's name, the
program's tabs, messages) is rendered for each request, and the access check always runs first.

Invalidation is by generation, not by expiry. Every saved or deleted row of the project's apps
replaces the generation of its program (found through the model's foreign keys) for its app,
or, for a row that belongs to no program (a person, an organization...), the generation of
everything. A cached content's key holds the generations it was rendered under, so a change
makes every earlier copy unreachable at once, in every process. Writes that send no signals
(`QuerySet.update`, `bulk_create`, `bulk_update`) call `changed()` themselves; a test reads the
code and fails where one does not. The generation is replaced at once and again when the
transaction commits, so a page rendered from the old rows while the transaction was open is
never kept under the new generation. Content also expires after LFS_PAGE_CACHE_SECONDS, for
what depends on the clock alone ("3 days ago").

Pages with interview answers, evidence quotes, drafts or consent records (the documentation
pages of a story: `sensitive`) are kept only as the reader's own copy, encrypted (AES-256-GCM)
with a key that is never stored: it is derived from SECRET_KEY and the generations the page was
rendered under. Redis holds ciphertext alone, and a change to the program's rows (an erasure,
a withdrawn consent, an edit) replaces a generation, which makes every earlier copy unreadable
at once (crypto-shredding), not merely unreachable. Pages with a client's identity are never
cached at all.

If the cache is down, pages are rendered as if it were off and writes go on; a process that
could not record a change records it before it reads the cache again.

The cache must be shared by every process that writes or serves pages (Redis through
CACHE_URL); LFS_PAGE_CACHE switches this on, and is on by default only with CACHE_URL. CSRF
tokens in cached forms are a placeholder in the cache and the request's own token on the page.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache as memoize
from typing import TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import translation

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: The apps whose rows pages show; a page depends on all of them unless it says otherwise.
APPS = ("organizations", "stories", "methods", "companions", "publications")
#: Rows no cached page shows: writing them changes nothing.
IGNORED = frozenset(
    {"organizations.auditevent", "organizations.loginfailure", "stories.decisionnotice"}
)
#: Columns no cached page shows, per model: saving only them changes nothing (signing in, the
#: language a person chose).
UNSHOWN_FIELDS = {"organizations.user": frozenset({"last_login", "language"})}
EVERYTHING = "*"
ANY = "any"
#: Stands for the request's CSRF token in cached content (never a real token: not hex).
CSRF_PLACEHOLDER = "lfs-csrf-placeholder-" + "x" * 43


def enabled() -> bool:
    return bool(getattr(settings, "LFS_PAGE_CACHE", False))


def _namespace() -> str:
    # One Redis may serve several databases (the test processes each have their own).
    return f"lfs:{connection.settings_dict['NAME']}"


def _generation_key(scope: str) -> str:
    return f"{_namespace()}:gen:{scope}"


def generations(program_id: int | None, app_labels: Iterable[str]) -> tuple[str, ...]:
    """The current generations of everything and of each app's rows in the program (None:
    in any program, for the pages that show many programs). Raises if the cache is down."""
    if _unsaid:
        with _unsaid_lock:
            pending = tuple(_unsaid)
        _replace(pending)  # changes this process could not record: first
    where = ANY if program_id is None else program_id
    scopes = [EVERYTHING] + [f"{where}:{label}" for label in app_labels]
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            # First use, or evicted: a new generation (never an earlier one) that every
            # process then shares; add() keeps the one another process may have set meanwhile.
            cache.add(key, secrets.token_hex(8), timeout=None)
            value = cache.get(key)
        values.append(value)
    return tuple(values)


#: Generations this process could not replace (the cache was down): replaced before it reads
#: the cache again, so that content kept from before those changes is never served once the
#: cache is back (copies also expire after LFS_PAGE_CACHE_SECONDS).
_unsaid: set[str] = set()
_unsaid_lock = threading.Lock()  # gunicorn's threads share it


def _replace(scopes: tuple[str, ...]) -> None:
    cache.set_many({_generation_key(s): secrets.token_hex(8) for s in scopes}, timeout=None)
    if _unsaid:
        with _unsaid_lock:
            _unsaid.difference_update(scopes)


def _replace_or_remember(scopes: tuple[str, ...]) -> None:
    """A write never fails because the cache is down."""
    try:
        _replace(scopes)
    except Exception as exc:  # noqa: BLE001 - any cache backend's connection error
        with _unsaid_lock:
            _unsaid.update(scopes)
        logger.warning("page cache unreachable, %d change(s) kept to record: %s", len(scopes), exc)


def changed(program_id: int | None = None, app_label: str | None = None) -> None:
    """Rows of `app_label` in the program changed (None: something outside any program, or
    unknown: everything). Now, and again when the transaction commits."""
    if not enabled():
        return
    if program_id is None:
        scopes: tuple[str, ...] = (EVERYTHING,)
    else:
        labels = APPS if app_label is None else (app_label,)
        scopes = tuple(f"{where}:{label}" for where in (program_id, ANY) for label in labels)
    _replace_or_remember(scopes)
    if connection.in_atomic_block:  # outside one, the row is already committed
        transaction.on_commit(lambda: _replace_or_remember(scopes))


def forget_everything() -> None:
    """A new generation of everything, at once (the tests, before each test)."""
    if enabled():
        _replace_or_remember((EVERYTHING,))


# Which program a row belongs to ------------------------------------------------------------


@memoize
def _path_to_program(model: type[models.Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from the model to Program, as field names
    (("program",), ("story", "program"), ...), or None if there is none."""
    program = apps.get_model("organizations", "Program")
    if model is program:
        return ()
    frontier: list[tuple[type[models.Model], tuple[str, ...]]] = [(model, ())]
    seen = {model}
    for _depth in range(4):
        following = []
        for current, path in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                target = field.related_model
                if target is program:
                    return (*path, field.name)
                if target not in seen and target._meta.app_label in APPS:
                    seen.add(target)
                    following.append((target, (*path, field.name)))
        frontier = following
    return None


def program_id_of(instance: models.Model) -> int | None:
    """The program the row belongs to, or None (none, or it can no longer be found)."""
    path = _path_to_program(type(instance))
    if path is None:
        return None
    if not path:
        return instance.pk
    first = instance._meta.get_field(path[0])
    value = getattr(instance, first.attname)
    if value is None or len(path) == 1:
        return value
    return (
        first.related_model._default_manager.filter(pk=value)
        .values_list("__".join(path[1:]), flat=True)
        .first()
    )


def _row_changed(sender, instance, **kwargs) -> None:
    if not enabled() or kwargs.get("raw"):
        return
    label = sender._meta.label_lower
    if sender._meta.app_label not in APPS or label in IGNORED:
        return
    fields = kwargs.get("update_fields")
    if fields and frozenset(fields) <= UNSHOWN_FIELDS.get(label, frozenset()):
        return
    changed(program_id_of(instance), sender._meta.app_label)


def connect_signals() -> None:
    post_save.connect(_row_changed, dispatch_uid="lfs-pagecache-save")
    post_delete.connect(_row_changed, dispatch_uid="lfs-pagecache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="lfs-pagecache-m2m")


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _row_changed(type(instance), instance)


# Rendering -----------------------------------------------------------------------------------


@dataclass
class PageContent:
    """What `{% cached_content %}` in base.html does with the content block: give `html`
    (found in the cache), or render it and keep it under `key` (encrypted with `secret`, for
    a sensitive page)."""

    key: str
    html: str | None = None
    secret: bytes | None = None


def _digest(purpose: str, parts: tuple[str, ...]) -> bytes:
    """A keyed digest of the page's identity: without SECRET_KEY, a Redis key says nothing of
    the page, the person or the generations behind it."""
    message = "\x1f".join((purpose, *parts)).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def _content_parts(request, template: str, variant: tuple, gens: tuple[str, ...]) -> tuple:
    return (
        template,
        request.get_full_path(),
        translation.get_language() or "",
        repr(variant),
        *gens,
    )


def _content_key(parts: tuple[str, ...]) -> str:
    return f"{_namespace()}:page:{_digest('key', parts).hex()[:32]}"


def _seal(secret: bytes, key: str, html: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(secret).encrypt(nonce, html.encode(), key.encode())


def _open(secret: bytes, key: str, sealed) -> str | None:
    """The page, or None where the copy cannot be read (not ours, tampered, or plain)."""
    if not isinstance(sealed, bytes) or len(sealed) < 13:
        return None
    try:
        return AESGCM(secret).decrypt(sealed[:12], sealed[12:], key.encode()).decode()
    except InvalidTag:
        return None


def access_variant(access) -> tuple:
    """What of a person's access a program page's content may depend on."""
    return (
        tuple(sorted(access.roles)),
        access.is_unit,
        tuple(sorted(access.partner_roles)),
        tuple(sorted(access.partner_organization_ids)),
    )


def program_page(
    request,
    template: str,
    context: dict,
    build: Callable[[], dict],
    *,
    program_id: int | None,
    variant: tuple,
    depends_on: Iterable[str] = APPS,
    status: int = 200,
    sensitive: bool = False,
):
    """Render `template` with `context` (cheap: the program, the access) and, unless its
    content is in the cache, what `build()` returns (the page's rows). GET requests only; the
    content must depend on nothing but the program's rows (program_id None: any program's),
    `variant`, the URL and the language. A `sensitive` page's copy is encrypted, its key
    derived from the generations (the variant must then name the person)."""
    if not enabled() or request.method != "GET" or status != 200:
        return render(request, template, {**context, **build()}, status=status)
    try:
        gens = generations(program_id, tuple(depends_on))
        parts = _content_parts(request, template, variant, gens)
        key = _content_key(parts)
        found = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - the cache is down: the page is rendered
        logger.warning("page cache unreachable, rendering %s: %s", request.path, exc)
        return render(request, template, {**context, **build()})
    secret = _digest("secret", parts) if sensitive else None
    html = found if secret is None or found is None else _open(secret, key, found)
    page = PageContent(key=key, html=html, secret=secret)
    return render(request, template, {**context, **({} if html else build()), "page_content": page})


def access_page(
    request,
    template: str,
    access,
    build: Callable[[], dict],
    *,
    own: bool = False,
    sensitive: bool = False,
    context: dict | None = None,
    status: int = 200,
):
    """`program_page` for a page of `access.program` (a ProgramAccess, or a StoryAccess): the
    access and the program in the context, the content shared by everyone with the same access
    to the program, or the person's own copy (`own`: it shows their assessments, their stories,
    their contributions...; `sensitive`: interview answers, quotes, drafts or consent, kept
    as the person's own copy, encrypted)."""
    return program_page(
        request,
        template,
        {"access": access, "program": access.program, **(context or {})},
        build,
        program_id=access.program.pk,
        variant=(*access_variant(access), request.user.pk if own or sensitive else None),
        status=status,
        sensitive=sensitive,
    )


def program_rows(name: str, program_id: int, build: Callable[[], T]) -> T:
    """Rows every reader of a program's page shares (nothing of a person's own: that is read
    per request), kept under the program's generations like a page's content. A page polled
    by many people (the workshop board) reads them once per change, not once per reader."""
    if not enabled():
        return build()
    try:
        gens = generations(program_id, APPS)
        key = f"{_namespace()}:rows:{_digest('rows', (name, *gens)).hex()[:32]}"
        found = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - the cache is down: read from the database
        logger.warning("page cache unreachable, reading %s: %s", name, exc)
        return build()
    if found is not None:
        return found
    rows = build()
    _keep(key, rows)
    return rows


def _keep(key: str, value) -> None:
    try:
        cache.set(key, value, timeout=settings.LFS_PAGE_CACHE_SECONDS)
    except Exception as exc:  # noqa: BLE001 - not kept this time
        logger.warning("page cache unreachable, %s not kept: %s", key, exc)


def store(page: PageContent, html: str) -> None:
    _keep(page.key, html if page.secret is None else _seal(page.secret, page.key, html))


def with_token(request, html: str) -> str:
    if CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, get_token(request))
