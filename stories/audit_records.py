"""How the audit log names stories and the records that hang off them (interviews, consents,
drafts, clients' identities): the story's title, linked, only for a reader the one rule
(`visibility.story_access`) opens the story to; for anyone else the record stays a kind and a
number. Registered with organizations.audit_records when the app is ready."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from organizations.audit_records import ids_of, register
from organizations.models import AuditEvent, User

from .models import ClientIdentity, Consent, Interview, StoryAssignment, StoryDraft, SuccessStory
from .visibility import story_access

#: For each kind of record: how to find its story's id, and where the link goes (given the
#: record's id, the story's id and the reader's access to the story; "" for no link).
STORY_OF = {
    "stories.successstory": (None, "pk"),
    "stories.interview": (Interview, "story_id"),
    "stories.consent": (Consent, "interview__story_id"),
    "stories.storydraft": (StoryDraft, "story_id"),
    "stories.clientidentity": (ClientIdentity, "story_id"),
}


def _link(object_type: str, record_id: int, story_id: int, access) -> str:
    if object_type == "stories.interview" and access.can_see_interviews:
        return reverse("documentation:interview_detail", args=[record_id])
    if object_type in ("stories.consent", "stories.storydraft", "stories.clientidentity"):
        if access.can_see_interviews:
            return reverse("documentation:story_documentation", args=[story_id])
    return reverse("stories:story_detail", args=[story_id])


@register(*STORY_OF)
def describe_story_records(reader: User, events: list[AuditEvent]) -> None:
    story_of: dict[tuple[str, int], int] = {}
    for object_type, (model, path) in STORY_OF.items():
        ids = ids_of([e for e in events if e.object_type == object_type])
        if not ids:
            continue
        if model is None:
            story_of.update({(object_type, pk): pk for pk in ids})
        else:
            rows = model.objects.filter(pk__in=ids).values_list("pk", path)
            story_of.update({(object_type, pk): story_id for pk, story_id in rows})
    stories = {
        s.pk: s
        for s in SuccessStory.objects.filter(pk__in=set(story_of.values())).select_related(
            "program__organization"
        )
    }
    assigned = set(
        StoryAssignment.objects.filter(
            story_id__in=list(stories), student_id=reader.pk
        ).values_list("story_id", flat=True)
    )
    access_of = {}
    for story in stories.values():
        try:
            access_of[story.pk] = story_access(reader, story, assigned=story.pk in assigned)
        except Http404:
            continue  # the reader may not know this story exists: no title, no link
    for event in events:
        if not event.object_id.isdigit():
            continue
        record_id = int(event.object_id)
        story_id = story_of.get((event.object_type, record_id))
        access = access_of.get(story_id) if story_id is not None else None
        if access is None:
            continue
        event.record.name = stories[story_id].title  # type: ignore[attr-defined]
        event.record.url = _link(event.object_type, record_id, story_id, access)  # type: ignore[attr-defined]
