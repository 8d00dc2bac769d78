"""Writes for the shared library: sharing a story, a public library, principle links."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.selectors import CommunityAccess
from library.selectors import library_organization_ids, library_stories
from organizations.models import Organization, User
from organizations.selectors import organizations_directed_by
from stories.models import Principle, PrincipleLink, StoryApproval, StoryShare, SuccessStory
from stories.rights.selectors import story_publishability
from stories.selectors import StoryAccess


@transaction.atomic
def story_share(*, access: StoryAccess, story: SuccessStory, by: User) -> StoryShare:
    """Share an approved story whose publication consent stands with the organization's
    communities (the director and the committee decide)."""
    if not access.can_approve:
        raise PermissionDenied
    if not StoryApproval.objects.filter(story=story).exists():
        raise ValidationError(_("Only a story whose text has been approved can be shared."))
    publishability = story_publishability(story)
    if not publishability.ok:
        raise ValidationError(
            [_("This story cannot be shared while its publication consent does not stand:")]
            + publishability.reasons
        )
    share, _created = StoryShare.objects.get_or_create(story=story, defaults={"shared_by": by})
    return share


@transaction.atomic
def story_unshare(*, access: StoryAccess, story: SuccessStory) -> None:
    if not access.can_approve:
        raise PermissionDenied
    StoryShare.objects.filter(story=story).delete()


@transaction.atomic
def organization_library_public_set(
    *, organization: Organization, by: User, public: bool
) -> Organization:
    """The organization's director opens (or closes) its shared stories to the public."""
    if not organizations_directed_by(by).filter(pk=organization.pk).exists():
        raise PermissionDenied
    organization.library_public = public
    organization.save(update_fields=["library_public"])
    return organization


@transaction.atomic
def principle_link_create(
    *, access: CommunityAccess, by: User, text: str, principles: list[Principle]
) -> PrincipleLink:
    """Link principles of different organizations that say the same thing. Only principles of
    stories in the community's library can be linked."""
    if not access.can_link_principles:
        raise PermissionDenied
    errors = {}
    text = " ".join(text.split())
    if not text:
        errors["text"] = _("Say in one sentence what the principles have in common.")
    entries = {
        e.story.pk: e
        for e in library_stories(library_organization_ids(by, community=access.community))
    }
    if any(p.story_id not in entries for p in principles):
        errors["principles"] = _("Only principles of stories in this community's library.")
    elif len({entries[p.story_id].organization.pk for p in principles}) < 2:
        errors["principles"] = _("Choose principles of at least two different organizations.")
    if errors:
        raise ValidationError(errors)
    link = PrincipleLink.objects.create(community=access.community, text=text, created_by=by)
    link.principles.set(principles)
    return link


@transaction.atomic
def principle_link_delete(*, access: CommunityAccess, link: PrincipleLink) -> None:
    if not access.can_link_principles:
        raise PermissionDenied
    link.delete()
