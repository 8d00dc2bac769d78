"""A whole program moved between instances: what the file holds and how it is read back.

The file holds every row of the program, table by table (`TABLES`), field by field: each
table's concrete fields are written as they are, so a field added to a model travels without
a change here. References are rewritten so that nothing in the file depends on this instance's
ids:

- rows of the file's own tables are numbered 1, 2, 3... per table, in the order of their ids,
  and referred to by that number (rows are created again in that order on import, so an export
  of the imported program numbers them the same way);
- people by e-mail address (`users` gives their names), departments by name, guiding
  questions by their place in the file's `question_sets`, a reflection template by its key or
  name, the program and its organization implicitly (whatever they are on import);
- a reference to a row the export does not hold (a story another organization's team told, for
  example) is left empty, and a row that cannot exist without it is left out.

Never exported (`NOT_EXPORTED` says why): clients' restricted identities (real names and
contact details) and the content of uploaded files, whose names are listed under `omitted`
instead; the unit's records of its companions; the learning community's links.

Selection is the caller's: `export_program` receives the stories to export and every table of
story data follows from them, so a story left out takes everything about it along.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from methods.models import GuidingQuestion, QuestionSet, ReflectionTemplate, Workshop
from organizations.models import Department, Membership, Organization, Program, Role, User
from organizations.services import membership_ensure, program_create
from publications.models import RelatedPublication
from stories.realnames import reveals_real_name
from stories.richtext import render_markdown

FORMAT = "lfs-program-export/2"
QUESTION_FIELDS = ("text_en", "text_he", "text_ar", "prompt_en", "prompt_he", "prompt_ar")

#: Rows of the program that the file does not carry, and why.
NOT_EXPORTED: dict[str, str] = {
    "stories.ClientIdentity": "clients' real names and contact details never leave this way",
    "stories.PrincipleLink": "links between organizations belong to the learning community",
    "organizations.ProgramTeam": "partner organizations' teams belong to the learning community",
    "companions.CompanionAssignment": "the unit's record of its companions",
    "companions.SupportSession": "the unit's record of its companions",
    "stories.DecisionNotice": "that a teller was e-mailed is this instance's bookkeeping",
    "organizations.Invitation": "invitations to this instance's accounts, with their tokens",
}
#: Fields written nowhere: worked out again on import, or meaningful on one instance only.
DERIVED_OR_LOCAL: dict[str, frozenset[str]] = {
    "stories.StoryDraft": frozenset({"body_html"}),  # sanitized again from the body on import
    # live join codes, and the guest link's secret (a new one is made where it is wanted)
    "methods.Workshop": frozenset({"code", "code_expires_at", "guest_token"}),
    # The organization's catalogue entry is matched on import (title and year), not moved.
    "publications.RelatedPublication": frozenset({"organization", "created_at"}),
    "publications.BookRender": frozenset(
        {"claimed_by", "heartbeat_at", "last_enqueued_at", "attempts"}  # a worker's lease
    ),
    # REFI-QDA identities: unique on an instance, so an import makes new ones
    "analysis.Code": frozenset({"guid"}),
    "analysis.CodedPassage": frozenset({"guid"}),
}


@dataclass(frozen=True)
class Table:
    """One model's rows of a program: those whose `path` leads to the program (or, with
    `story_path`, to one of the exported stories)."""

    label: str
    path: str = ""
    story_path: str = ""
    #: Integer fields that hold the id of a row of another table ("program" for the program).
    numbers: tuple[tuple[str, str], ...] = ()
    #: References of which a row needs at least one (a row whose every one is left is too).
    needs_one_of: tuple[str, ...] = ()

    @cached_property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def rows(self, program: Program, story_ids: list[int]) -> QuerySet:
        manager = self.model._default_manager
        if self.label == "stories.SuccessStory":
            qs = manager.filter(pk__in=story_ids)
        elif self.story_path:
            qs = manager.filter(**{f"{self.story_path}__in": story_ids})
        elif self.numbers:
            field, _target = self.numbers[0]
            qs = manager.filter(**{f"{field}__in": story_ids})
        else:
            qs = manager.filter(**{self.path: program})
        return qs.order_by("pk")

    def fields(self) -> list[models.Field]:
        """The concrete fields written to the file (not the id, not what is derived)."""
        skip = DERIVED_OR_LOCAL.get(self.label, frozenset())
        return [
            f for f in self.model._meta.concrete_fields if not f.primary_key and f.name not in skip
        ]

    def many(self) -> list[models.ManyToManyField]:
        return [
            f
            for f in self.model._meta.many_to_many
            if f.remote_field.through._meta.auto_created
            and f.related_model._meta.label not in IMPLICIT_OUTSIDE
        ]


#: Models a program's rows refer to that are not moved: the reference is dropped.
IMPLICIT_OUTSIDE = {"organizations.Community", "organizations.Organization"}

TABLES: list[Table] = [
    Table("organizations.Meeting", path="program"),
    Table("organizations.MeetingDecision", path="meeting__program"),
    Table("stories.SelectionCriterion", path="program"),
    Table("organizations.PopulationTerm", path="program"),
    Table("stories.DiversityTag", path="program"),
    Table("stories.PrincipleCategory", path="program"),
    Table("stories.CommonPrinciple", path="program"),
    Table("stories.SuccessStory"),
    Table("stories.Assessment", story_path="story"),
    Table("stories.SelectionDecision", story_path="story"),
    Table("stories.StoryAssignment", story_path="story"),
    Table("stories.Interview", story_path="story"),
    Table("stories.Answer", story_path="interview__story"),
    Table("stories.Consent", story_path="interview__story"),
    Table("stories.StoryDraft", story_path="story"),
    Table("stories.DraftComment", story_path="draft__story"),
    Table("stories.StoryApproval", story_path="story"),
    Table("stories.Principle", story_path="story"),
    Table("stories.PrincipleEvidence", story_path="principle__story"),
    Table("stories.StoryShare", story_path="story"),
    Table(
        "stories.StoryErasure",
        numbers=(("story_number", "stories.SuccessStory"), ("program_number", "program")),
    ),
    Table("methods.LearningQuestion", path="program"),
    Table("methods.InquiryCycle", path="learning_question__program"),
    Table("methods.LearningLogEntry", path="program"),
    Table("methods.LearningPattern", path="program"),
    Table("methods.Workshop", path="program"),
    Table("methods.Participation", path="workshop__program"),
    Table("methods.WorkshopGuest", path="workshop__program"),
    Table("methods.WorkshopStep", path="workshop__program"),
    Table("methods.ContributionGroup", path="step__workshop__program"),
    Table("methods.BreakoutMember", path="group__step__workshop__program"),
    Table("methods.Contribution", path="workshop__program"),
    Table("methods.Vote", path="contribution__workshop__program"),
    Table("methods.ActionItem", path="workshop__program"),
    Table(
        "methods.PatternEvidence",
        path="pattern__program",
        needs_one_of=("workshop", "cycle", "log_entry"),
    ),
    Table("analysis.Code", path="program"),
    Table("analysis.CodedPassage", story_path="interview__story"),
    Table("analysis.PrincipleSource", story_path="principle__story"),
    Table("publications.StoryBook", path="program"),
    Table("publications.BookEntry", path="book__program"),
    Table("publications.BookRender", path="book__program"),
]
TABLE_BY_LABEL = {t.label: t for t in TABLES}

#: What only its writer sees in the application: in a director's download (not `complete`)
#: these rows are left out, and counted under "omitted".
KEPT_PRIVATE = {
    "methods.LearningLogEntry": (
        "learning log entries their writers keep private",
        models.Q(shared_at__isnull=True),
    ),
    "methods.Vote": ("votes (who voted for which contribution)", models.Q(pk__isnull=False)),
}
ANONYMOUS_AUTHORS = "authors of anonymous contributions"
#: Never in the file, complete or not: texts written before real names were checked that hold
#: a client's name (the file leaves the identity behind, so the name must not travel in a
#: text). What hangs off a withheld version (its approval, its comments) stays with it.
WITHHELD_VERSIONS = "story versions that hold the client's real name"
WITHHELD_COMMENTS = "comments that reveal the client's real name"
WITHHELD_PRINCIPLES = "principles of action that name the client"
#: Passages coded in a transcript: the file does not carry transcripts (nor any uploaded file),
#: and a transcript's words may name the client.
WITHHELD_TRANSCRIPT_PASSAGES = "passages coded in transcripts"


def _label(model) -> str:
    return model._meta.label


def _encode(f: models.Field, value):
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(f, models.DecimalField | models.UUIDField):
        return str(value)
    return value


def _decode(f: models.Field, value):
    if value is None:
        return None
    if isinstance(f, models.JSONField):
        return value
    return f.to_python(value)


class UnknownReference(Exception):
    """A field refers to something the transfer does not know how to carry (a new model?)."""


# Export -----------------------------------------------------------------------------------


@dataclass
class _Exporter:
    program: Program
    stories: list
    users: dict[str, dict] = field(default_factory=dict)
    numbers: dict[str, dict[int, int]] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    complete: bool = True
    kept_private: dict[str, int] = field(default_factory=dict)
    question_ids: dict[int, int] = field(default_factory=dict)
    question_set_ids: dict[int, int] = field(default_factory=dict)
    template_refs: dict[int, dict] = field(default_factory=dict)
    publications: dict[int, int] = field(default_factory=dict)
    withheld: dict[str, int] = field(default_factory=dict)

    @cached_property
    def real_names(self) -> dict[int, list[str]]:
        """Each exported story's client's real name, to withhold texts that reveal it."""
        names: dict[int, list[str]] = {}
        for story_id, name in (
            apps.get_model("stories.ClientIdentity")
            .objects.filter(story_id__in=[s.pk for s in self.stories])
            .exclude(real_name="")
            .values_list("story_id", "real_name")
        ):
            names.setdefault(story_id, []).append(name)
        return names

    def reveals_a_name(self, table: Table, obj) -> bool:
        if table.label != "stories.DraftComment":
            return False
        return reveals_real_name(obj.body, self.real_names.get(obj.draft.story_id, []))

    def person(self, user: User | None) -> str | None:
        if user is None:
            return None
        self.users.setdefault(user.email, {"email": user.email, "full_name": user.full_name})
        return user.email

    def reference(self, f: models.Field, obj) -> object:
        """What the file says for the foreign key `f` of `obj`."""
        target = f.related_model
        label = _label(target)
        value = getattr(obj, f.attname)
        if label in ("organizations.Program", *IMPLICIT_OUTSIDE):
            return None  # the program and its organization are implicit; the rest stays
        if value is None:
            return None
        if target is User:
            return self.person(getattr(obj, f.name))
        if target is Department:
            return getattr(obj, f.name).name
        if label == "methods.GuidingQuestion":
            return self.question_ids.get(value)
        if label == "methods.QuestionSet":
            return self.question_set_ids.get(value)
        if label == "methods.ReflectionTemplate":
            return self.template_refs.get(value)
        if label in TABLE_BY_LABEL:
            return self.numbers.get(label, {}).get(value)
        raise UnknownReference(f"{_label(type(obj))}.{f.name} refers to {label}")

    def many_reference(self, f: models.ManyToManyField, obj) -> list:
        related = list(getattr(obj, f.name).all())
        target = f.related_model
        if target is User:
            return sorted(self.person(u) for u in related)
        if target is Department:
            return sorted(d.name for d in related)
        label = _label(target)
        if label == "publications.RelatedPublication":
            return sorted(self.publications[p.pk] for p in related)
        if label in TABLE_BY_LABEL:
            known = self.numbers.get(label, {})
            return sorted(known[r.pk] for r in related if r.pk in known)
        raise UnknownReference(f"{_label(type(obj))}.{f.name} refers to {label}")

    def row(self, table: Table, obj, number: int) -> dict:
        row: dict = {"id": number}
        numbers = dict(table.numbers)
        anonymous = (
            not self.complete
            and table.label == "methods.Contribution"
            and getattr(obj, "anonymous", False)
        )
        if anonymous:
            self.kept_private[ANONYMOUS_AUTHORS] = self.kept_private.get(ANONYMOUS_AUTHORS, 0) + 1
        for f in table.fields():
            if anonymous and f.name in ("author", "guest"):
                row[f.name] = None
            elif f.name in numbers:
                target = numbers[f.name]
                value = getattr(obj, f.attname)
                row[f.name] = None if target == "program" else self.numbers[target].get(value)
            elif f.is_relation:
                row[f.name] = self.reference(f, obj)
            elif isinstance(f, models.FileField):
                stored = getattr(obj, f.attname)
                if stored:
                    self.files.append(
                        {
                            "table": table.label,
                            "id": number,
                            "field": f.name,
                            "name": os.path.basename(str(stored)),
                        }
                    )
                row[f.name] = None
            else:
                row[f.name] = _encode(f, getattr(obj, f.attname))
        for f in table.many():
            row[f.name] = self.many_reference(f, obj)
        if table.label == "publications.BookRender":
            row["contents"] = self.render_contents(row["contents"])
        return row

    def render_contents(self, contents: dict) -> dict:
        """A render's record of what it contained, with the stories and drafts renumbered."""
        if not contents:
            return contents
        stories = self.numbers["stories.SuccessStory"]
        drafts = self.numbers["stories.StoryDraft"]
        return {
            **contents,
            "stories": [
                {**s, "id": stories.get(s.get("id")), "draft_id": drafts.get(s.get("draft_id"))}
                for s in contents.get("stories", [])
            ],
            "excluded": [stories.get(pk) for pk in contents.get("excluded", [])],
        }

    def table(self, table: Table) -> list[dict]:
        story_ids = [s.pk for s in self.stories]
        qs = table.rows(self.program, story_ids)
        relations = [
            f.name
            for f in table.fields()
            if f.is_relation and f.related_model in (User, Department)
        ]
        if relations:
            qs = qs.select_related(*relations)
        many = [f.name for f in table.many()]
        if many:
            qs = qs.prefetch_related(*many)
        if not self.complete and table.label in KEPT_PRIVATE:
            what, private = KEPT_PRIVATE[table.label]
            self.kept_private[what] = qs.filter(private).count()
            qs = qs.exclude(private)
        if table.label == "stories.StoryDraft":
            self.withheld[WITHHELD_VERSIONS] = qs.filter(holds_real_name=True).count()
            qs = qs.exclude(holds_real_name=True)
        if table.label == "stories.Principle":  # and their evidence, which hangs off them
            self.withheld[WITHHELD_PRINCIPLES] = qs.filter(holds_real_name=True).count()
            qs = qs.naming_no_client()
        if table.label == "analysis.CodedPassage":  # and what hangs off them
            transcript = models.Q(source="transcript")
            self.withheld[WITHHELD_TRANSCRIPT_PASSAGES] = qs.filter(transcript).count()
            qs = qs.exclude(transcript)
        if table.label == "stories.DraftComment":
            qs = qs.select_related("draft")
        numbering = self.numbers.setdefault(table.label, {})
        rows = []
        for obj in qs:
            if self.reveals_a_name(table, obj):
                self.withheld[WITHHELD_COMMENTS] = self.withheld.get(WITHHELD_COMMENTS, 0) + 1
                continue
            row = self.row(table, obj, len(numbering) + 1)
            if any(
                row[f.name] is None and not f.null
                for f in table.fields()
                if f.is_relation and _label(f.related_model) in TABLE_BY_LABEL
            ) or (table.needs_one_of and all(row[n] is None for n in table.needs_one_of)):
                continue  # it hangs off a row the export does not hold
            numbering[obj.pk] = row["id"]
            rows.append(row)
        return rows

    def question_sets(self) -> list[dict]:
        story_ids = [s.pk for s in self.stories]
        used = set(
            apps.get_model("stories.Interview")
            .objects.filter(story_id__in=story_ids)
            .values_list("question_set_id", flat=True)
        ) | set(
            GuidingQuestion.objects.filter(
                pk__in=apps.get_model("methods.WorkshopStep")
                .objects.filter(workshop__program=self.program, question__isnull=False)
                .values("question_id")
            ).values_list("question_set_id", flat=True)
        )
        result = []
        for qs in QuestionSet.objects.filter(pk__in=used).order_by("pk"):
            self.question_set_ids[qs.pk] = len(self.question_set_ids) + 1
            questions = []
            for q in qs.questions.order_by("position"):
                self.question_ids[q.pk] = len(self.question_ids) + 1
                questions.append(
                    {
                        "id": self.question_ids[q.pk],
                        "position": q.position,
                        **{f: getattr(q, f) for f in QUESTION_FIELDS},
                    }
                )
            result.append(
                {
                    "id": self.question_set_ids[qs.pk],
                    "name": qs.name,
                    "version": qs.version,
                    "shipped_default": qs.organization_id is None,
                    "questions": questions,
                }
            )
        return result

    def templates(self) -> None:
        used = Workshop.objects.filter(program=self.program, template__isnull=False)
        for t in ReflectionTemplate.objects.filter(pk__in=used.values("template_id")):
            self.template_refs[t.pk] = {"slug": t.slug, "name": t.name}

    def related_publications(self) -> list[dict]:
        qs = RelatedPublication.objects.filter(books__program=self.program).distinct()
        table = Table("publications.RelatedPublication")
        rows = []
        for p in qs.order_by("pk"):
            self.publications[p.pk] = len(self.publications) + 1
            rows.append(self.row(table, p, self.publications[p.pk]))
        return rows

    def memberships(self) -> list[dict]:
        """The program's roles, and the organization-wide roles of its directors and of the
        people the program's rows name."""
        program = self.program
        program_roles = Membership.objects.filter(
            program=program, organization_id=program.organization_id
        )
        wide = Membership.objects.filter(
            organization_id=program.organization_id, program__isnull=True
        ).filter(models.Q(role=Role.DIRECTOR) | models.Q(user__email__in=list(self.users)))
        rows = [
            {
                "email": self.person(m.user),
                "role": m.role,
                "scope": "program" if m.program_id else "organization",
                "department": m.department.name if m.department_id else None,
            }
            for m in [*program_roles, *wide]
            if m.user_id
        ]
        return sorted(rows, key=lambda r: (r["scope"], r["role"], r["email"]))

    def program_row(self) -> dict:
        table = Table("organizations.Program")
        row = self.row(table, self.program, 1)
        del row["id"]
        return row

    def committee(self) -> dict | None:
        committee = apps.get_model("organizations.SteeringCommittee").objects.filter(
            program=self.program
        )
        committee = committee.select_related("chair").first()
        if committee is None:
            return None
        row = self.row(Table("organizations.SteeringCommittee"), committee, 1)
        del row["id"], row["program"]
        return row


def export_program(*, program: Program, stories: list, complete: bool = True) -> dict:
    """The file. Not `complete` (a director's download): without what only its writer sees
    in the application (`KEPT_PRIVATE`, the authors of anonymous contributions)."""
    exporter = _Exporter(program=program, stories=stories, complete=complete)
    question_sets = exporter.question_sets()
    exporter.templates()
    publications = exporter.related_publications()
    tables = {table.label: exporter.table(table) for table in TABLES}
    identities = apps.get_model("stories.ClientIdentity").objects.filter(
        story_id__in=[s.pk for s in stories]
    )
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "source": {
            "program": program.pk,
            "organization": program.organization.name,
        },
        "program": exporter.program_row(),
        "committee": exporter.committee(),
        "question_sets": question_sets,
        "related_publications": publications,
        "tables": tables,
    }
    data["memberships"] = exporter.memberships()
    data["users"] = sorted(exporter.users.values(), key=lambda u: u["email"])
    data["omitted"] = {
        "not_exported": NOT_EXPORTED,
        "client_identities": identities.count(),
        "files": exporter.files,
        "withheld": exporter.withheld,
    }
    if not complete:
        data["omitted"]["kept_private"] = exporter.kept_private
    return data


# Import -----------------------------------------------------------------------------------


@dataclass
class _Importer:
    data: dict
    organization: Organization
    program: Program | None = None
    people: dict[str, User] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    numbers: dict[str, dict[int, int]] = field(default_factory=dict)
    questions: dict[int, int] = field(default_factory=dict)
    question_sets: dict[int, int] = field(default_factory=dict)
    publications: dict[int, int] = field(default_factory=dict)
    withheld: dict[str, int] = field(default_factory=dict)

    @cached_property
    def real_names(self) -> dict[int, list[str]]:
        """Each exported story's client's real name, to withhold texts that reveal it."""
        names: dict[int, list[str]] = {}
        for story_id, name in (
            apps.get_model("stories.ClientIdentity")
            .objects.filter(story_id__in=[s.pk for s in self.stories])
            .exclude(real_name="")
            .values_list("story_id", "real_name")
        ):
            names.setdefault(story_id, []).append(name)
        return names

    def reveals_a_name(self, table: Table, obj) -> bool:
        if table.label != "stories.DraftComment":
            return False
        return reveals_real_name(obj.body, self.real_names.get(obj.draft.story_id, []))

    def person(self, email: str | None) -> int | None:
        if not email:
            return None
        user = self.people.get(email)
        if user is None:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=None, is_active=False)
            self.people[email] = user
        return user.pk

    def department(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.departments:
            self.departments[name], _created = Department.objects.get_or_create(
                organization=self.organization, name=name
            )
        return self.departments[name].pk

    def template(self, ref: dict | None) -> int | None:
        if not ref:
            return None
        # Only a template shipped with the product is known on every instance; a workshop made
        # from someone's own template keeps the steps it copied, without the link.
        shipped = ReflectionTemplate.objects.filter(shipped=True)
        found = shipped.filter(slug=ref.get("slug") or None).first()
        if found is None:
            found = shipped.filter(name=ref.get("name", "")).order_by("pk").first()
        return found.pk if found else None

    MISSING = object()

    def reference(self, f: models.Field, value):
        label = _label(f.related_model)
        if label == "organizations.Program":
            return self.program.pk
        if label == "organizations.Organization":
            return self.organization.pk
        if label in IMPLICIT_OUTSIDE:
            return None
        if value is None:
            return None
        if f.related_model is User:
            return self.person(value)
        if f.related_model is Department:
            return self.department(value)
        if label == "methods.GuidingQuestion":
            return self.questions.get(value, self.MISSING)
        if label == "methods.QuestionSet":
            return self.question_sets.get(value, self.MISSING)
        if label == "methods.ReflectionTemplate":
            return self.template(value)
        if label in TABLE_BY_LABEL:
            return self.numbers.get(label, {}).get(value, self.MISSING)
        raise UnknownReference(f"{f.model._meta.label}.{f.name} refers to {label}")

    def instance(self, table: Table, row: dict) -> models.Model | None:
        kwargs = {}
        numbers = dict(table.numbers)
        for f in table.fields():
            if f.name in numbers:
                target = numbers[f.name]
                if target == "program":
                    kwargs[f.attname] = self.program.pk
                else:
                    kwargs[f.attname] = self.numbers[target].get(row.get(f.name))
                    if kwargs[f.attname] is None:
                        return None
            elif f.is_relation:
                value = self.reference(f, row.get(f.name))
                if value is self.MISSING:
                    if not f.null:
                        return None
                    value = None
                kwargs[f.attname] = value
            elif isinstance(f, models.FileField):
                continue  # files are not moved
            elif f.name in row:
                kwargs[f.attname] = _decode(f, row[f.name])
        if table.needs_one_of and all(
            kwargs.get(table.model._meta.get_field(n).attname) is None for n in table.needs_one_of
        ):
            return None
        obj = table.model(**kwargs)
        if table.label == "stories.StoryDraft":
            obj.body_html = render_markdown(obj.body)
        if table.label == "publications.BookRender":
            obj.contents = self.render_contents(obj.contents)
            if obj.status in ("queued", "running"):
                obj.status = "failed"  # no worker of this instance was ever asked to render it
        return obj

    def render_contents(self, contents: dict) -> dict:
        if not contents:
            return contents
        stories = self.numbers.get("stories.SuccessStory", {})
        drafts = self.numbers.get("stories.StoryDraft", {})
        return {
            **contents,
            "stories": [
                {**s, "id": stories.get(s.get("id")), "draft_id": drafts.get(s.get("draft_id"))}
                for s in contents.get("stories", [])
            ],
            "excluded": [stories.get(n) for n in contents.get("excluded", [])],
        }

    def many(self, table: Table, pairs: list[tuple[models.Model, dict]]) -> None:
        for f in table.many():
            through = f.remote_field.through
            source, target = f.m2m_field_name(), f.m2m_reverse_field_name()
            links = []
            for obj, row in pairs:
                for value in row.get(f.name) or []:
                    if f.related_model is User:
                        pk = self.person(value)
                    elif f.related_model is Department:
                        pk = self.department(value)
                    elif _label(f.related_model) == "publications.RelatedPublication":
                        pk = self.publications.get(value)
                    else:
                        pk = self.numbers.get(_label(f.related_model), {}).get(value)
                    if pk is not None:
                        links.append(through(**{f"{source}_id": obj.pk, f"{target}_id": pk}))
            through.objects.bulk_create(links)

    def create(self, table: Table, rows: list[dict]) -> list[tuple[models.Model, dict]]:
        """The table's rows, created in the file's order; their creation times as they were."""
        model = table.model
        numbering = self.numbers.setdefault(table.label, {})
        self_referring = any(f.is_relation and f.related_model is model for f in table.fields())
        pairs: list[tuple[models.Model, dict]] = []
        batch = 1 if self_referring else 500  # a row referring to its own table needs its id
        pending: list[tuple[models.Model, dict]] = []
        for index, row in enumerate(rows):
            obj = self.instance(table, row)
            if obj is not None:
                pending.append((obj, row))
            if pending and (len(pending) >= batch or index == len(rows) - 1):
                model._default_manager.bulk_create([obj for obj, _row in pending])
                for created, created_row in pending:
                    numbering[created_row["id"]] = created.pk
                pairs.extend(pending)
                pending = []
        automatic = [
            f
            for f in table.fields()
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        for obj, row in pairs:
            for f in automatic:
                if row.get(f.name) is not None:
                    setattr(obj, f.attname, _decode(f, row[f.name]))
        if automatic and pairs:
            model._default_manager.bulk_update(
                [obj for obj, _row in pairs], [f.name for f in automatic], batch_size=500
            )
        self.many(table, pairs)
        return pairs

    def question_set(self, row: dict):
        """The same questions on this instance (the shipped set or one of the organization's
        own), or a new version of the organization's own with those questions."""
        wanted = [(q["position"], *(q[f] for f in QUESTION_FIELDS)) for q in row["questions"]]
        own = QuestionSet.objects.filter(organization=self.organization).order_by("-version")
        shipped = QuestionSet.objects.filter(organization__isnull=True).order_by("-version")
        for qs in [*own, *shipped]:
            have = list(qs.questions.order_by("position").values_list("position", *QUESTION_FIELDS))
            if have == wanted:
                return qs
        taken = set(own.values_list("version", flat=True))
        version = row["version"] if row["version"] not in taken else max(taken) + 1
        qs = QuestionSet.objects.create(
            organization=self.organization,
            name=row["name"],
            version=version,
            change_note=_("Imported with a program"),
        )
        GuidingQuestion.objects.bulk_create(
            GuidingQuestion(
                question_set=qs, position=q["position"], **{f: q[f] for f in QUESTION_FIELDS}
            )
            for q in row["questions"]
        )
        return qs

    def related_publications(self) -> None:
        table = Table("publications.RelatedPublication")
        for row in self.data.get("related_publications", []):
            found = RelatedPublication.objects.filter(
                organization=self.organization, title=row["title"], year=row["year"]
            ).first()
            if found is None:
                found = self.instance(table, row)
                found.organization = self.organization
                found.save()
            self.publications[row["id"]] = found.pk

    def make_program(self) -> Program:
        p = self.data["program"]
        title = p["title"]
        n = 1
        while Program.objects.filter(organization=self.organization, title__iexact=title).exists():
            n += 1
            title = f"{p['title']} ({n})"
        program = program_create(organization=self.organization, title=title)
        self.program = program
        table = Table("organizations.Program")
        values = self.instance(table, {**p, "title": title})
        names = []
        for f in table.fields():
            if f.name in p and f.name not in ("organization", "community"):
                setattr(program, f.attname, getattr(values, f.attname))
                names.append(f.name)
        program.save(update_fields=[n for n in names if n != "created_at"])
        if "created_at" in names:
            Program.objects.filter(pk=program.pk).update(created_at=program.created_at)
        program.departments.set([self.department(name) for name in p.get("departments", [])])
        # The file's criteria replace the defaults a new program starts with.
        apps.get_model("stories.SelectionCriterion").objects.filter(program=program).delete()
        committee = self.data.get("committee")
        if committee:
            c = program.committee
            row = {**committee, "id": 1, "program": None}
            values = self.instance(Table("organizations.SteeringCommittee"), row)
            for f in Table("organizations.SteeringCommittee").fields():
                if f.name != "program":
                    setattr(c, f.attname, getattr(values, f.attname))
            c.save()
        return program

    def memberships(self) -> None:
        for m in self.data.get("memberships", []):
            self.person(m["email"])
            self.department(m["department"])
            membership_ensure(
                user=self.people[m["email"]],
                organization=self.organization,
                role=m["role"],
                program=self.program if m["scope"] == "program" else None,
                department=self.departments.get(m["department"] or ""),
            )


def import_program(*, data: dict, organization: Organization) -> Program:
    """Create the file's program in `organization` (the caller holds the transaction)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not a program export file."))
    importer = _Importer(data=data, organization=organization)
    for row in data["users"]:
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            user = User.objects.create_user(
                email=row["email"], password=None, full_name=row["full_name"], is_active=False
            )
        importer.people[row["email"]] = user
    for row in data["question_sets"]:
        qs = importer.question_set(row)
        importer.question_sets[row["id"]] = qs.pk
        by_position = {q.position: q.pk for q in qs.questions.all()}
        for q in row["questions"]:
            importer.questions[q["id"]] = by_position[q["position"]]
    importer.related_publications()
    program = importer.make_program()
    importer.memberships()
    tables = data["tables"]
    for table in TABLES:
        importer.create(table, tables.get(table.label, []))
    return program
