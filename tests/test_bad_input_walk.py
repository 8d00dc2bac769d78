"""Bad input on every page and every form of the project, found by introspection, never a
server error (the companion of test_bad_input_hypothesis, which sends arbitrary text to the
selection and documentation forms).

Every URL of the project is walked: the names of test_permissions' access table (which fails
when a view is missing from it) and the public pages, with the same ids, as the first person
the table lets in. What the view reads from the query string and from the form body is
recorded while it answers an ordinary request (`_Reading`); then each of those parameters is
sent again with what no browser sends:

- a page number or an id of 20 digits, past the 64-bit integers PostgreSQL and SQLite hold,
  and "²" (a digit to str.isdigit() that int() refuses), one parameter at a time;
- letters, a negative 20-digit number, a NUL character (PostgreSQL refuses it in text) and
  bytes that are not UTF-8, in every parameter at once, in the query string and the body;
- bytes that are not UTF-8 in the path.

A page answers as it does to the ordinary request (a paginated list: its last page); a form
says that the id is not a valid choice, as a form error on the page; nothing raises. Every form
the walk meets chooses rows through the shared fields of lfs_site.ids, and so does every form
class of the project (`test_every_form_chooses_rows_through_the_shared_id_fields`).

Runs on SQLite and on PostgreSQL (DATABASE_URL): the two refuse different things.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape

from lfs_site import ids
from tests.test_partner_stories import partner_world
from tests.test_permissions import (
    GET_MATRIX,
    POST_DATA,
    POST_MATRIX,
    PREPARE,
    PUBLIC,
    ROLES,
    _people,
)
from tests.test_permissions import _args as table_args
from tests.urlnames import view_name

HUGE = "9" * 20
ONE_AT_A_TIME = [HUGE, "²"]
ALL_AT_ONCE = ["x", "-" + HUGE, "\x00", "\ufffd"]
NOT_UTF8 = ["%FF%FE", "%C3%28", "%ED%A0%80"]  # percent-encoded bytes that do not decode
APPS = ("organizations", "stories", "methods", "companions", "publications", "lfs_site")

#: The public pages (test_permissions.PUBLIC): their ids, and who uses them.
PUBLIC_ARGS = {
    "password_reset_confirm": ["MQ", "set-password"],
    "accept": ["not-an-invitation-token"],
}
PUBLIC_ROLE = {"password_change": "director", "password_change_done": "director"}


# Recording what a view reads --------------------------------------------------------------

_read: set[str] = set()
_forms: list[forms.BaseForm] = []


class _Reading(QueryDict):
    """The request's query string or form body, noting every name the view asks it for."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        _read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        _read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)


def _reading(query: QueryDict) -> _Reading:
    copy = _Reading(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(key, values)
    copy._mutable = False
    return copy


@pytest.fixture
def recording(monkeypatch):
    """Every request's GET and POST note what is read; every form cleaned is kept."""
    get = WSGIRequest.__dict__["GET"].func
    reading_get = cached_property(lambda request: _reading(get(request)))
    reading_get.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", reading_get)

    load = WSGIRequest._load_post_and_files

    def load_reading(request):
        load(request)
        request._post = _reading(request._post)

    monkeypatch.setattr(WSGIRequest, "_load_post_and_files", load_reading)

    full_clean = forms.BaseForm.full_clean

    def full_clean_kept(form):
        full_clean(form)
        _forms.append(form)

    monkeypatch.setattr(forms.BaseForm, "full_clean", full_clean_kept)


def _request(send) -> tuple:
    """The response to send(), what it read and the forms it cleaned."""
    _read.clear()
    _forms.clear()
    response = send()
    return response, set(_read) - {"csrfmiddlewaretoken"}, list(_forms)


# What to walk ------------------------------------------------------------------------------


def _first_allowed(matrix: dict, name: str) -> tuple[str, str] | None:
    kind, expectations = matrix[name]
    allowed = [r for r, e in zip(ROLES, expectations, strict=True) if e in (200, 302)]
    if not allowed:
        return None
    signed_in = [r for r in allowed if r != "anonymous"]
    return kind, (signed_in or allowed)[0]


def _target(world, name: str) -> tuple[str, str] | None:
    """(URL, role) of a URL name, as the table's first person it lets in (in the table's world:
    the program with a partner team)."""
    partner_world(world)
    if name in PUBLIC:
        return reverse(view_name(name), args=PUBLIC_ARGS.get(name, [])), PUBLIC_ROLE.get(
            name, "anonymous"
        )
    for matrix in (POST_MATRIX, GET_MATRIX):
        if name in matrix and (found := _first_allowed(matrix, name)):
            kind, role = found
            return reverse(view_name(name), args=table_args(world, kind)), role
    return None


NAMES = sorted(set(GET_MATRIX) | set(POST_MATRIX) | PUBLIC)


def _sign_in(client, world, role: str) -> None:
    client.logout()
    if (user := _people(world)[role]) is not None:
        client.force_login(user)


def _post_data(world, name: str) -> dict:
    """The access table's POST data; for a view it lacks, a body that is not empty (a view
    binds its form to `request.POST or None`), so that its form reads every field."""
    data = POST_DATA.get(name) or {"walk": "1"}
    return dict(data(world) if callable(data) else data)


def _body(data: dict, replace: dict[str, str]) -> bytes:
    """A urlencoded body with the values in `replace` sent as they are (already encoded)."""
    pairs = []
    for key, value in data.items():
        if key in replace:
            continue
        for each in value if isinstance(value, list) else [value]:
            pairs.append(f"{quote(str(key))}={quote(str(each))}")
    pairs += [f"{quote(key)}={raw}" for key, raw in replace.items()]
    return "&".join(pairs).encode()


# The walk ----------------------------------------------------------------------------------


def _id_fields(found: list[forms.BaseForm], key: str) -> list[tuple[forms.BaseForm, str]]:
    """The (form, field name) the posted `key` fills, for fields that choose something."""
    return [
        (form, name)
        for form in found
        if form.is_bound
        for name, field in form.fields.items()
        if form.add_prefix(name) == key
        and key in form.data
        and isinstance(field, (forms.ModelChoiceField, forms.ChoiceField))
    ]


def _shows_the_error(response, messages: list[str]) -> bool:
    """Whether the page says so, as text (or sends the person back with its own message)."""
    if response.status_code in (301, 302, 303):
        return True
    body = response.content.decode(errors="replace")
    return all(escape(message) in body for message in messages)


def _walk_get(client, url: str) -> list[str]:
    problems = []
    normal, read, _found = _request(lambda: client.get(url))
    for key in sorted(read):
        for value in ONE_AT_A_TIME + ALL_AT_ONCE:
            response = client.get(url, {key: value})
            if response.status_code != normal.status_code:
                problems.append(f"GET {key}={value!r}: {response.status_code}")
    for raw in NOT_UTF8:
        query = "&".join(f"{quote(key)}={raw}" for key in sorted(read)) or f"q={raw}"
        response = client.get(f"{url}?{query}")
        if response.status_code != normal.status_code:
            problems.append(f"GET ?{query}: {response.status_code}")
    response = client.get(url + "%FF")
    if response.status_code not in (301, 404):  # 301: the path with a slash may be a page
        problems.append(f"GET {url}%FF: {response.status_code}")
    return problems


def _walk_post(client, world, name: str, url: str, role: str) -> list[str]:
    data = _post_data(world, name)
    problems = []

    def post(send):
        with transaction.atomic():
            _sign_in(client, world, role)
            if prepare := PREPARE.get(name):
                prepare(world, _people(world)[role])
            try:
                return _request(send)
            finally:
                transaction.set_rollback(True)

    normal, read, _found = post(lambda: client.post(url, data))
    if normal.status_code == 405:
        return []
    for key in sorted(read):
        for value in ONE_AT_A_TIME:
            response, _read_again, found = post(lambda: client.post(url, {**data, key: value}))  # noqa: B023
            for form, field in _id_fields(found, key):
                if not form.has_error(field, "invalid_choice"):
                    problems.append(
                        f"POST {key}={value!r}: {type(form).__name__}.{field} did not say that it "
                        f"is not a valid choice ({form.errors.get(field)})"
                    )
                elif not _shows_the_error(response, form.errors[field]):
                    problems.append(
                        f"POST {key}={value!r}: {form.errors[field]} is not on the page"
                    )
    for value in ALL_AT_ONCE:
        post(lambda: client.post(url, {**data, **dict.fromkeys(read, value)}))  # noqa: B023
    for raw in NOT_UTF8:
        body = _body(data, dict.fromkeys(read or ["text"], raw))
        post(
            lambda: client.post(url, body, content_type="application/x-www-form-urlencoded")  # noqa: B023
        )
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_every_page_and_form_takes_bad_input_without_a_server_error(world, client, recording, name):
    """The test client raises what the view raises: a server error fails here with its cause."""
    target = _target(world, name)
    if target is None:
        pytest.skip(f"{name}: nobody may use it")
    url, role = target
    problems = []
    if name in GET_MATRIX or name in PUBLIC:
        _sign_in(client, world, role)
        problems += _walk_get(client, url)
    problems += _walk_post(client, world, name, url, role)
    assert not problems, f"{name} as {role}:\n" + "\n".join(problems)


# The forms ---------------------------------------------------------------------------------


def _project_form_classes() -> list[type[forms.BaseForm]]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {c for c in subclasses(forms.BaseForm) if c.__module__.split(".")[0] in APPS},
        key=lambda c: (c.__module__, c.__name__),
    )


def test_every_form_chooses_rows_through_the_shared_id_fields():
    """A form field that chooses rows by id (declared, or made by a ModelForm for a relation:
    `Meta.formfield_callback = ids.formfield`) is one of lfs_site.ids' fields."""
    classes = _project_form_classes()
    assert len(classes) > 40  # the walk found the project's forms
    plain = [
        f"{c.__module__}.{c.__name__}.{name} ({type(field).__name__})"
        for c in classes
        for name, field in c.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, (ids.ModelChoiceField, ids.ModelMultipleChoiceField))
    ]
    assert not plain, "fields that send unchecked ids to the database:\n" + "\n".join(plain)


# Forms sent by htmx, posted without JavaScript ------------------------------------------------

_HTMX_FORM = re.compile(r"""<form\b[^>]*\bhx-post="\{%\s*(?:pk_)?url\s+'(\w+)'""")


def _htmx_form_urls() -> list[str]:
    """The URL names the project's templates post to through htmx (`<form hx-post=...>`)."""
    root = Path(__file__).resolve().parent.parent
    found = set()
    for folder in [root / "templates", *(root / app / "templates" for app in APPS)]:
        for path in folder.rglob("*.html"):
            found.update(_HTMX_FORM.findall(path.read_text()))
    return sorted(found)


HTMX_FORM_URLS = _htmx_form_urls()
TYPED = "Typed by hand, כתוב ביד, مكتوب باليد"


def _refusable(form: forms.BaseForm) -> dict[str, str]:
    """A body that this form refuses, with text typed in each of its text fields: a choice
    that is not one, text one character too long, letters for a number or a date."""
    data = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
            data[key] = HUGE
        elif isinstance(field, forms.CharField):
            # one character past the field's length, or past what any field takes
            length = field.max_length + 1 if field.max_length else 100_001
            data[key] = (TYPED + " " + "x" * length)[:length]
        elif isinstance(field, (forms.IntegerField, forms.DateField, forms.DateTimeField)):
            data[key] = "not " + TYPED
    return data


@pytest.mark.parametrize("name", HTMX_FORM_URLS)
def test_a_form_htmx_sends_keeps_what_was_typed_when_refused_without_javascript(
    world, client, recording, name
):
    """Posted as a plain form (no HX-Request header), a refused form comes back as a page: the
    text typed in it is still there and the errors read as text (no markup shown as text)."""
    assert len(HTMX_FORM_URLS) >= 10  # the templates were found
    url, role = _target(world, name)
    _sign_in(client, world, role)
    data = _post_data(world, name)
    with transaction.atomic():
        _response, read, found = _request(lambda: client.post(url, data))
        transaction.set_rollback(True)
    bound = [f for f in found if f.is_bound]
    refusing = {**data, **{key: HUGE for key in read}}
    for form in bound:
        refusing.update(_refusable(form))
    response, _read, found = _request(lambda: client.post(url, refusing, follow=True))
    assert response.status_code in (200, 400), response.status_code
    body = response.content.decode()
    assert not re.search(r"&lt;/?(ul|li|p|div|strong)\b", body), "markup shown as text"
    if not bound:
        return  # hidden values only (a step, a direction): nothing typed to keep
    refused = [f for f in found if f.is_bound and f.errors]
    assert refused, f"{name}: nothing was refused"
    for form in refused:
        messages = [escape(m) for errors in form.errors.values() for m in errors]
        # the form's own messages, or the view's in the page's alert
        assert any(m in body for m in messages) or "alert-danger" in body, f"{name}: no error"
        for key, value in _refusable(form).items():
            if value.startswith(TYPED):
                assert escape(value) in body, f"{name}: what was typed in {key} was lost"
