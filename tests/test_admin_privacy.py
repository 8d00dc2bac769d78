"""The admin is the unit's, and no road through it reaches client data.

Every text of every row that holds client data (or the work about it) is marked; then the
unit, with every admin right there is, walks every page of the admin: each model's list (also
searching for a client's text), its add, change, history and delete pages, the index pages,
the autocomplete lookups, the "view on site" shortcut and the bulk-delete confirmation. No page
may show a mark. Registrations are pinned, so a client-data model cannot come back silently.
"""

from __future__ import annotations

import importlib
from urllib.parse import quote, quote_plus

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from lfs_site.admin_site import CLIENT_DATA_MODELS, ClientSafeAdmin, UnitAdminSite
from organizations.models import Membership, Organization, User
from stories.models import ClientIdentity, StoryAssignment, SuccessStory

from .factories import UserFactory
from .test_data_rights import _workshop_about, documented
from .test_program_transfer import full_program

MARK = "ZQCLIENTQZ"

#: What the admin shows: the unit's own work. A change here is a decision, made in the open.
REGISTERED = {
    "auth.Group",
    "otp_totp.TOTPDevice",
    "organizations.User",
    "organizations.Organization",
    "organizations.Program",
    "organizations.Membership",
    "organizations.SteeringCommittee",
    "organizations.AuditEvent",
    "companions.CompanionProfile",
    "companions.TrainingCohort",
    "companions.TrainingSession",
    "companions.Attendance",
    "companions.CompanionAssignment",
    "companions.SupportSession",
    "publications.RelatedPublication",
    "publications.BookRender",
}


def _labels(registry) -> set[str]:
    return {model._meta.label for model in registry}


def test_the_admin_registers_exactly_the_units_models_and_no_client_data():
    assert _labels(admin.site._registry) == REGISTERED
    assert not _labels(admin.site._registry) & CLIENT_DATA_MODELS
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, ClientSafeAdmin), model
        for inline in model_admin.inlines:
            assert inline.model._meta.label not in CLIENT_DATA_MODELS, (model, inline)


def test_client_data_models_cover_every_text_of_a_story(db):
    """Every model that hangs off a story (or off the work about stories) is in the list."""
    story_models = {SuccessStory}
    for _round in range(4):
        for model in apps.get_models():
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in story_models and not f.null:
                    story_models.add(model)
    labels = {m._meta.label for m in story_models}
    assert labels - CLIENT_DATA_MODELS == set()


def test_registering_a_client_data_model_or_an_inline_of_one_is_refused():
    from publications.models import BookEntry

    site = UnitAdminSite(name="probe")
    with pytest.raises(ImproperlyConfigured):
        site.register(SuccessStory)

    class BookEntryInline(admin.TabularInline):
        model = BookEntry

    class Sneaky(ClientSafeAdmin):
        inlines = [BookEntryInline]

    with pytest.raises(ImproperlyConfigured):
        site.register(Organization, Sneaky)
    with pytest.raises(ImproperlyConfigured):
        admin.site.register(ClientIdentity)
    assert not site._registry and ClientIdentity not in admin.site._registry


# The walk -----------------------------------------------------------------------------------


def _mark_client_data() -> None:
    """Every text of every client-data row (and of the restricted identities) becomes a
    mark and the row's id: whatever shows one has shown client data."""
    for label in CLIENT_DATA_MODELS | {"stories.ClientIdentity"}:
        model = apps.get_model(label)
        texts = {
            f.name: Concat(Value(MARK), Cast("pk", models.CharField()))
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not isinstance(f, models.SlugField)
            and f.name not in ("code", "key")
        }
        if label == "stories.SelectionDecision":
            # A correction's reason is only on a decision that replaces one (a check says so).
            model.objects.filter(replaces__isnull=False).update(
                correction_reason=texts.pop("correction_reason")
            )
        if texts:
            model.objects.update(**texts)


@pytest.fixture
def unit_admin(world, client):
    program = full_program(world)
    documented(world)
    _workshop_about(world, world.doc_story)
    unit = UserFactory(
        full_name="Tamar Unit", email="tamar.unit@lfs.example", is_unit=True, is_staff=True,
        is_superuser=True,
    )  # fmt: skip
    # The admin's history from before: the unit once changed a story there.
    story_type = ContentType.objects.get_for_model(SuccessStory)
    LogEntry.objects.create(
        user=unit,
        content_type=story_type,
        object_id=str(world.doc_story.pk),
        object_repr=f"{MARK} {world.doc_story.title}",
        action_flag=CHANGE,
        change_message=f'[{{"changed": {{"fields": ["{MARK}"]}}}}]',
    )
    scrub = importlib.import_module(
        "organizations.migrations.0011_admin_history_without_client_data"
    ).scrub
    scrub(apps, None)
    _mark_client_data()
    client.force_login(unit)
    client.unit = unit
    client.program = program
    return client


def _check(response, url: str, echo: str = "") -> None:
    """No mark on the page (`echo`, what was typed into the search box, shows as typed)."""
    assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
    body = response.content.decode(errors="replace")
    if echo:
        for shown in (escape(echo), quote_plus(echo), quote(echo), echo):
            body = body.replace(shown, "")
    assert MARK not in body, f"{url} shows client data"
    assert MARK not in response.get("Location", ""), url


def _admin_url(name: str, *args) -> str | None:
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def test_the_unit_walks_every_admin_page_and_sees_no_client_data(world, unit_admin):
    client = unit_admin
    pseudonym = SuccessStory.objects.get(pk=world.doc_story.pk).client_pseudonym
    real_name = ClientIdentity.objects.get(story=world.doc_story).real_name
    assert MARK in pseudonym and MARK in real_name
    visited = 0
    urls = [reverse("admin:index")]
    urls += [
        reverse("admin:app_list", args=[label])
        for label in {m._meta.app_label for m in admin.site._registry}
    ]
    for url in urls:
        _check(client.get(url), url)
        visited += 1

    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        for query in ({}, {"q": MARK}, {"q": pseudonym}, {"q": real_name}, {"q": "Hanna"}):
            response = client.get(changelist, query)
            _check(response, f"{changelist} {query}", echo=query.get("q", ""))
            if query and model_admin.search_fields:
                assert response.context["cl"].result_count == 0, (changelist, query)
            visited += 1
        add = _admin_url("{}_{}_add".format(*info))
        if add:
            _check(client.get(add), add)
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:40]:
            for view in ("change", "history", "delete"):
                url = _admin_url(f"{info[0]}_{info[1]}_{view}", pk)
                if url:
                    _check(client.get(url), url)
                    visited += 1
        # The bulk delete's confirmation lists what would go with the rows.
        pks = list(model._default_manager.values_list("pk", flat=True)[:40])
        if pks and model_admin.get_actions(client.get(changelist).wsgi_request):
            response = client.post(
                changelist, {"action": "delete_selected", "_selected_action": pks}
            )
            _check(response, f"{changelist} delete_selected")
        for source in [model_admin, *[i(model, admin.site) for i in model_admin.inlines]]:
            for field in getattr(source, "autocomplete_fields", ()):
                url = reverse("admin:autocomplete")
                for term in (MARK, pseudonym, "Hanna"):
                    response = client.get(
                        url,
                        {
                            "app_label": source.model._meta.app_label,
                            "model_name": source.model._meta.model_name,
                            "field_name": field,
                            "term": term,
                        },
                    )
                    _check(response, f"autocomplete {source.model} {field} {term}", echo=term)
                    assert response.json()["results"] == []
    assert visited > 200

    # The shortcut from an id to its page answers for the admin's own models only.
    for model in (SuccessStory, ClientIdentity):
        ct = ContentType.objects.get_for_model(model)
        obj = model.objects.first()
        response = client.get(reverse("admin:view_on_site", args=[ct.pk, obj.pk]))
        assert response.status_code == 404
    program_type = ContentType.objects.get_for_model(type(client.program))
    response = client.get(reverse("admin:view_on_site", args=[program_type.pk, client.program.pk]))
    assert response.status_code == 302


def test_deleting_what_would_take_client_data_with_it_is_refused_with_counts_only(
    world, unit_admin
):
    client = unit_admin
    student = world.student
    assert StoryAssignment.objects.filter(student=student).exists()
    url = reverse("admin:organizations_user_delete", args=[student.pk])
    response = client.get(url)
    body = response.content.decode()
    assert "client data: deleted only through the application" in body
    assert MARK not in body
    client.post(url, {"post": "yes"})
    assert User.objects.filter(pk=student.pk).exists()
    # Someone who never touched client data can be deleted.
    bystander = UserFactory()
    client.post(reverse("admin:organizations_user_delete", args=[bystander.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=bystander.pk).exists()


def test_the_admin_history_of_client_data_keeps_its_rows_but_not_what_they_said(world):
    unit = UserFactory(is_unit=True, is_staff=True)
    story_entry = LogEntry.objects.create(
        user=unit,
        content_type=ContentType.objects.get_for_model(SuccessStory),
        object_id=str(world.doc_story.pk),
        object_repr=world.doc_story.title,
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Client pseudonym"]}}]',
    )
    org_entry = LogEntry.objects.create(
        user=unit,
        content_type=ContentType.objects.get_for_model(Organization),
        object_id=str(world.org.pk),
        object_repr=world.org.name,
        action_flag=CHANGE,
        change_message="[]",
    )
    module = importlib.import_module(
        "organizations.migrations.0011_admin_history_without_client_data"
    )
    module.scrub(apps, None)
    story_entry.refresh_from_db()
    org_entry.refresh_from_db()
    assert (story_entry.object_repr, story_entry.change_message) == (module.SCRUBBED, "")
    assert org_entry.object_repr == world.org.name
    assert LogEntry.objects.count() == 2


# Who may use the admin, and what it lets them do to accounts -------------------------------


@pytest.mark.parametrize("who", ["director", "committee", "companion", "student"])
def test_only_the_units_staff_may_open_the_admin(world, client, who):
    person = getattr(world, who)
    person.is_staff = True
    person.is_superuser = True
    person.save()
    client.force_login(person)
    response = client.get(reverse("admin:organizations_user_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_unit_without_the_staff_flag_may_not_open_the_admin(world, client):
    client.force_login(world.unit)  # is_unit, not is_staff
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_password_and_email_of_someone_holding_a_role_are_not_changed_here(world, client):
    unit = UserFactory(is_unit=True, is_staff=True, is_superuser=True)
    client.force_login(unit)
    url = reverse("admin:auth_user_password_change", args=[world.director.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"password1": "a-new-long-secret-9", "password2": "a-new-long-secret-9"}
    )
    assert response.status_code == 403
    world.director.refresh_from_db()
    assert not world.director.check_password("a-new-long-secret-9")
    change = reverse("admin:organizations_user_change", args=[world.director.pk])
    page = client.get(change).content.decode()
    assert 'name="email"' not in page  # shown, not editable
    newcomer = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[newcomer.pk])
    assert client.get(url).status_code == 200  # a new companion's first password


def test_a_role_for_the_units_own_staff_is_refused_and_the_form_keeps_what_was_typed(world, client):
    unit = UserFactory(is_unit=True, is_staff=True, is_superuser=True)
    client.force_login(unit)
    response = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": unit.pk, "organization": world.org.pk, "role": "director"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "People of the LFS unit hold no role in an organization&#x27;s work" in body
    form = response.context["adminform"].form
    assert form.data["organization"] == str(world.org.pk) and form.data["role"] == "director"
    assert not Membership.objects.filter(user=unit).exists()
