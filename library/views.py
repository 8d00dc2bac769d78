"""The shared library: browse and search the stories the community's organizations shared,
their principles, books and related publications; the public library; sharing. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.selectors import communities_for_user, community_get_for_user
from lfs_site.evaluate import choices_evaluated
from lfs_site.ids import id_from
from library import services
from library.forms import LibrarySearchForm, PrincipleLinkForm, PublicLibraryForm, ShareForm
from library.selectors import (
    library_books,
    library_organization_ids,
    library_publications,
    library_stories,
    library_story_for_user,
    library_story_get,
    linkable_communities,
    principle_links,
    public_organization_ids,
    shareable_stories,
)
from organizations.forms import apply_errors
from organizations.selectors import (
    organization_get_for_director,
    program_access,
    program_get_for_user,
    program_list_for_user,
)
from stories.models import Principle, PrincipleLink
from stories.rights.selectors import publishability_for
from stories.selectors import story_get_for_user


def _search_params(request) -> tuple[LibrarySearchForm, str, str]:
    form = LibrarySearchForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data["q"].strip(), form.cleaned_data["lang"]
    return form, "", ""


def _library_page(request, *, link_form=None, link_community=None, status=200):
    user = request.user
    search_form, query, language = _search_params(request)
    communities = communities_for_user(user)
    community = link_community
    if community is None and (community_id := id_from(request.GET.get("community"))):
        community = communities.filter(pk=community_id).first()
    organization_ids = library_organization_ids(user, community)
    everything = library_stories(organization_ids)
    entries = library_stories(organization_ids, query=query, language=language)
    shown_communities = communities.filter(pk=community.pk) if community else communities
    linkable = [
        a for a in linkable_communities(user) if community is None or a.community == community
    ]
    principle_ids = [p.pk for e in everything for p in e.principles]
    link_forms = []
    for access in linkable:
        if link_form is not None and access.community == link_community:
            form = link_form
        else:
            form = PrincipleLinkForm(
                principles=Principle.objects.filter(pk__in=principle_ids),
                prefix=f"link{access.community.pk}",
            )
        link_forms.append((access.community, choices_evaluated(form)))
    return render(
        request,
        "stories/library/library.html",
        {
            "search_form": search_form,
            "query": query,
            "language": language,
            "communities": list(communities),
            "community": community,
            "entries": entries,
            "books": library_books(user, organization_ids),
            "publications": list(library_publications(organization_ids)),
            "links": principle_links(shown_communities, everything),
            "link_forms": link_forms,
            "linkable_ids": {a.community.pk for a in linkable_communities(user)},
            "share_programs": _share_programs(user),
        },
        status=status,
    )


def _share_programs(user):
    """The programs whose approved stories this person may share (director, committee)."""
    return [p for p in program_list_for_user(user) if program_access(user, p).can_approve]


@login_required
def library(request):
    return _library_page(request)


@login_required
def library_story(request, pk: int):
    entry = library_story_for_user(request.user, pk)
    return render(request, "stories/library/story.html", {"entry": entry, "public": False})


def library_public(request):
    """The public library: only what organizations chose to make public; no login."""
    search_form, query, language = _search_params(request)
    organization_ids = public_organization_ids()
    return render(
        request,
        "stories/library/public.html",
        {
            "search_form": search_form,
            "query": query,
            "entries": library_stories(organization_ids, query=query, language=language),
            "publications": list(library_publications(organization_ids)),
        },
    )


def library_public_story(request, pk: int):
    entry = library_story_get(public_organization_ids(), pk)
    return render(request, "stories/library/story.html", {"entry": entry, "public": True})


@login_required
@require_POST
def principle_link_create(request, pk: int):
    access = community_get_for_user(request.user, pk)
    if not access.can_link_principles:
        raise PermissionDenied
    everything = library_stories(library_organization_ids(request.user, access.community))
    form = PrincipleLinkForm(
        request.POST,
        principles=Principle.objects.filter(
            pk__in=[p.pk for e in everything for p in e.principles]
        ),
        prefix=f"link{pk}",
    )
    if form.is_valid():
        try:
            services.principle_link_create(
                access=access,
                by=request.user,
                text=form.cleaned_data["text"],
                principles=list(form.cleaned_data["principles"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The principles have been linked."))
            return redirect(f"{_library_url()}?community={pk}")
    return _library_page(request, link_form=form, link_community=access.community, status=400)


def _library_url() -> str:
    from django.urls import reverse

    return reverse("library:library")


@login_required
@require_POST
def principle_link_delete(request, pk: int):
    link = PrincipleLink.objects.filter(pk=pk).first()
    if link is None:
        from django.http import Http404

        raise Http404
    access = community_get_for_user(request.user, link.community_id)
    if not access.can_link_principles:
        raise PermissionDenied
    services.principle_link_delete(access=access, link=link)
    messages.success(request, _("The link has been removed."))
    return redirect(f"{_library_url()}?community={link.community_id}")


# Sharing ----------------------------------------------------------------------------------


def _sharing_page(request, access, status=200, public_form=None):
    program = access.program
    stories = shareable_stories(program, request.user)
    publishable = publishability_for(stories)
    organization = program.organization
    is_director = access.has("director")
    return render(
        request,
        "stories/library/sharing.html",
        {
            "access": access,
            "program": program,
            "rows": [(s, publishable[s.pk], hasattr(s, "share")) for s in stories],
            "organization": organization,
            "is_director": is_director,
            "public_form": public_form
            or PublicLibraryForm(initial={"public": "1" if organization.library_public else "0"}),
            "communities": list(organization.communities.order_by("name")),
        },
        status=status,
    )


@login_required
def program_library_sharing(request, pk: int):
    access = program_get_for_user(request.user, pk)
    if not access.can_approve:
        raise PermissionDenied
    return _sharing_page(request, access)


@login_required
@require_POST
def story_share(request, pk: int):
    story, access = story_get_for_user(request.user, pk)
    if not access.can_approve:
        raise PermissionDenied
    form = ShareForm(request.POST)
    errors: list[str] = []
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    else:
        try:
            if form.cleaned_data["action"] == "share":
                services.story_share(access=access, story=story, by=request.user)
                messages.success(request, _("The story is shared with your communities."))
            else:
                services.story_unshare(access=access, story=story)
                messages.success(request, _("The story is no longer shared."))
        except ValidationError as exc:
            errors = exc.messages
    if errors:
        for message in errors:
            messages.error(request, message)
        return _sharing_page(request, access.program_access, status=400)
    return redirect("library:program_library_sharing", pk=story.program_id)


@login_required
@require_POST
def organization_library_public(request, pk: int):
    organization = organization_get_for_director(request.user, pk)
    form = PublicLibraryForm(request.POST)
    if form.is_valid():
        services.organization_library_public_set(
            organization=organization, by=request.user, public=form.cleaned_data["public"]
        )
        if form.cleaned_data["public"]:
            messages.success(request, _("Your shared stories are now in the public library."))
        else:
            messages.success(request, _("Your shared stories are now for your communities only."))
        return redirect(_program_sharing_url(request))
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return render(
        request,
        "stories/library/public_setting.html",
        {"organization": organization, "public_form": form},
        status=400,
    )


def _program_sharing_url(request) -> str:
    from django.urls import reverse

    program_id = id_from(request.POST.get("next_program"))
    return (
        reverse("library:program_library_sharing", args=[program_id])
        if program_id
        else _library_url()
    )
