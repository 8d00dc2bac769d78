"""Success stories and how the steering committee selects them."""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import (
    Department,
    Meeting,
    Membership,
    Organization,
    PopulationTerm,
    Program,
)

from .uploads import private_upload_to

#: The selection criteria every new program starts with (editable per program).
DEFAULT_CRITERIA: list[tuple[str, str]] = [
    (
        _("Both the staff member and the client deem the handling successful"),
        _("The worker and the client each see the outcome as a success, in their own terms."),
    ),
    (
        _("The staff member believes the client would agree to be interviewed"),
        _("The client can be approached and is likely to consent to an interview."),
    ),
    (
        _("Together the stories represent the diversity of the clientele"),
        _("Across the selected stories, the populations the division serves are represented."),
    ),
]


class SelectionCriterion(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("program")
    )
    text = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("explanation"), max_length=2000, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        constraints = [
            models.UniqueConstraint(
                "program", Lower("text"), name="criterion_unique_text_per_program"
            )
        ]

    def __str__(self) -> str:
        return self.text


class DiversityTag(models.Model):
    """A population or diversity tag (e.g. "single parents", "Arabic-speaking")."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=60)
    #: The population of the program's vocabulary this tag names (coverage counts per term).
    term = models.ForeignKey(
        PopulationTerm,
        # A population still used by a tag cannot be deleted alone (merge it instead); it
        # goes with its program, tags and all.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="tags",
        verbose_name=_("population"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("program", Lower("name"), name="tag_unique_name_per_program")
        ]

    def __str__(self) -> str:
        return self.name


def owner_of_new_story(program: Program, told_by_id: int) -> int:
    """The organization a new story belongs to: the program's own, unless the teller is one of
    a partner organization's team in the program (and not of the program's organization), then
    that partner's. Decided once, when the story is told, and never moved afterwards: removing
    a partner team must not hand its client data to the host."""
    host = program.organization_id
    teller_orgs = set(
        Membership.objects.filter(user_id=told_by_id).values_list("organization_id", flat=True)
    )
    if host in teller_orgs:
        return host
    team = (
        program.teams.filter(organization_id__in=teller_orgs)
        .order_by("pk")
        .values_list("organization_id", flat=True)
        .first()
    )
    return team or host


class StoryQuerySet(models.QuerySet):
    """The one rule for which stories an organization may use: those it owns.

    Every list, count, picker, export, book and share of a program's stories starts from
    `usable(program)` (the host organization's own stories) or `usable(program,
    organization_id)` (a partner team's own); stories across programs from `hosts_own()`.
    A story told by a partner organization's team stays that organization's: the host never
    lists, exports, publishes or shares it, and the partner never the host's.
    """

    def usable(self, program: Program, organization_id: int | None = None) -> StoryQuerySet:
        owner = organization_id if organization_id is not None else program.organization_id
        return self.filter(program=program, organization_id=owner)

    def hosts_own(self, prefix: str = "") -> StoryQuerySet:
        """Stories of any program that belong to the program's own organization."""
        return self.filter(
            **{f"{prefix}organization_id": models.F(f"{prefix}program__organization_id")}
        )


class SuccessStory(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Declined")
        ON_HOLD = "on_hold", _("On hold")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stories")
    #: The organization whose story it is (whose people told it): the only organization that
    #: may use it. Set when the story is told (see `owner_of_new_story`).
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="owned_stories",
        verbose_name=_("organization"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="stories",
        verbose_name=_("department"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=4000)
    success_in_worker_eyes = models.TextField(
        _("why it is a success in the worker's eyes"), max_length=4000
    )
    success_in_client_eyes = models.TextField(
        _("why it is a success in the client's eyes"), max_length=4000
    )
    client_pseudonym = models.CharField(
        _("client pseudonym"),
        max_length=80,
        help_text=_("Never the client's real name: the story refers to the client by this name."),
    )
    tags = models.ManyToManyField(
        DiversityTag, blank=True, related_name="stories", verbose_name=_("population tags")
    )
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="told_stories",
        verbose_name=_("told by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOMINATED
    )
    nominated_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-nominated_at", "-pk"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        constraints = [
            models.UniqueConstraint(
                "program", Lower("title"), name="story_unique_title_per_program"
            )
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["organization", "program"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.organization_id is None and self.program_id and self.told_by_id:
            self.organization_id = owner_of_new_story(self.program, self.told_by_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stories:story_detail", args=[self.pk])


class Assessment(models.Model):
    """One committee member's view of one nominee against one criterion."""

    class Verdict(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        UNSURE = "unsure", _("Unsure")

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "criterion", "assessor"], name="assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.story} / {self.criterion}: {self.get_verdict_display()}"


class SelectionDecisionQuerySet(models.QuerySet):
    def standing(self) -> SelectionDecisionQuerySet:
        """The decisions no later one replaces: one a decided story, the one that holds."""
        return self.filter(replaced_by__isnull=True)


class SelectionDecision(models.Model):
    """A selection meeting's decision on a nominee, with its reasons in full sentences.

    Append-only: a decision is never changed or deleted. Each later decision on the story is a
    new row that `replaces` the one that held until then, so the story's decisions form one
    line, oldest first, and the last of them (the one nothing replaces) is the story's standing
    decision. A later decision that changes a decision taken at the same meeting, or one that
    was not "on hold", is a correction, with its reason (`correction_reason`); a decision on a
    story put on hold at an earlier meeting is a decision of its own."""

    class Outcome(models.TextChoices):
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Declined")
        ON_HOLD = "on_hold", _("On hold")

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="selection_decisions"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    correction_reason = models.TextField(
        _("reason for the correction"), max_length=4000, blank=True
    )

    objects = SelectionDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")
        constraints = [
            # One line of decisions a story: one first decision, and (replaces being one to
            # one) no decision replaced twice. Two concurrent submits cannot both be recorded.
            models.UniqueConstraint(
                fields=["story"],
                condition=models.Q(replaces__isnull=True),
                name="one_first_decision_per_story",
            ),
            models.CheckConstraint(
                condition=models.Q(replaces__isnull=False) | models.Q(correction_reason=""),
                name="decision_correction_replaces_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.story}: {self.get_outcome_display()}"

    @property
    def is_correction(self) -> bool:
        return bool(self.correction_reason)


class DecisionNotice(models.Model):
    """The teller was told of this decision: at most one e-mail a decision, whatever the number
    of clicks, concurrent submits or task retries (the row is claimed before sending)."""

    decision = models.OneToOneField(
        SelectionDecision, on_delete=models.CASCADE, related_name="notice"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision notice")
        verbose_name_plural = _("decision notices")

    def __str__(self) -> str:
        return f"Notice of decision {self.decision_id}"


# Documentation ----------------------------------------------------------------------------


class StoryAssignment(models.Model):
    """A student documenter assigned to investigate a selected story."""

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["story", "student"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student} - {self.story}"


class ClientIdentity(models.Model):
    """The client's real identity: restricted to the assigned students and the director.

    Never rendered into a story, a book or a workshop screen; each opening is audit-logged.
    """

    story = models.OneToOneField(
        SuccessStory, on_delete=models.CASCADE, related_name="client_identity"
    )
    real_name = models.CharField(_("real name"), max_length=200)
    contact_details = models.TextField(_("contact details"), max_length=2000, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client identity")
        verbose_name_plural = _("client identities")

    def __str__(self) -> str:
        return f"Identity of the client of story {self.story_id}"


class Interview(models.Model):
    class IntervieweeRole(models.TextChoices):
        CLIENT = "client", _("Client")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        EMPLOYMENT_COORDINATOR = "employment_coordinator", _("Employment coordinator")
        EMPLOYMENT_COMPANION = "employment_companion", _("Employment companion")
        PROBATION_OFFICER = "probation_officer", _("Probation officer")
        OTHER = "other", _("Other professional")

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="interviews")
    interviewee_role = models.CharField(
        _("interviewee"), max_length=30, choices=IntervieweeRole.choices
    )
    interviewee_label = models.CharField(
        _("interviewee's name or description"),
        max_length=120,
        help_text=_("For the client, the pseudonym; for a professional, a name or role."),
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="interviews_conducted",
        verbose_name=_("interviewer"),
    )
    question_set = models.ForeignKey(
        "methods.QuestionSet", on_delete=models.PROTECT, related_name="interviews"
    )
    notes = models.TextField(_("free notes"), max_length=20000, blank=True)
    transcript = models.FileField(
        _("transcript"), upload_to=private_upload_to, blank=True, max_length=200
    )
    audio = models.FileField(
        _("audio recording"), upload_to=private_upload_to, blank=True, max_length=200
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{self.get_interviewee_role_display()}: {self.interviewee_label}"

    def get_absolute_url(self) -> str:
        return reverse("documentation:interview_detail", args=[self.pk])


class Answer(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "methods.GuidingQuestion", on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("answer"), max_length=50000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["interview", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.interview} / Q{self.question.position}"


#: The languages a consent text is kept in (the interface's languages).
CONSENT_LANGUAGES = (("en", _("English")), ("he", _("Hebrew")), ("ar", _("Arabic")))


class Consent(models.Model):
    """One entry of the consent ledger: who consented to what, when, how, to which wording, and
    any withdrawal.

    Each row is a grant (given_on) and, once withdrawn, a withdrawal (withdrawn_on). What an
    interviewee's consent to a scope is now is decided by the latest of these events for that
    interview and scope (`stories.rights.ledger`), never by one row alone."""

    class Scope(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        RECORDING = "recording", _("Recording")
        PUBLICATION = "publication", _("Publication")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        ORAL = "oral", _("Oral, witnessed")
        RECORDED = "recorded", _("Recorded statement")
        ELECTRONIC = "electronic", _("Electronic")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("consent to"), max_length=20, choices=Scope.choices)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    consent_text = models.TextField(
        _("the wording they agreed to"),
        max_length=20000,
        blank=True,
        help_text=_("Empty for consents recorded before the wording was kept."),
    )
    consent_language = models.CharField(
        _("language of the wording"), max_length=5, choices=CONSENT_LANGUAGES, blank=True
    )
    consent_text_version = models.CharField(
        _("version of the wording"),
        max_length=120,
        help_text=_("The version of the consent text read or given, e.g. “Consent form 2026-1”."),
    )
    evidence = models.FileField(
        _("evidence (optional)"), upload_to=private_upload_to, blank=True, max_length=200
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["interview_id", "scope", "-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["interview", "scope"])]

    def __str__(self) -> str:
        return f"{self.interview}: {self.get_scope_display()}"


class ConsentText(models.Model):
    """One version of the wording an organization asks interviewees to agree to, for one scope
    in one language. Saving a new wording adds a version; a recorded consent keeps a copy of
    the wording it was given to (`Consent.consent_text`), so an old consent never changes."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="consent_texts"
    )
    scope = models.CharField(_("consent to"), max_length=20, choices=Consent.Scope.choices)
    language = models.CharField(_("language"), max_length=5, choices=CONSENT_LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    label = models.CharField(
        _("name of the form"),
        max_length=80,
        blank=True,
        help_text=_("Optional, as it appears on paper, e.g. “Consent form 2026-1”."),
    )
    text = models.TextField(_("wording"), max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization_id", "scope", "language", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "scope", "language", "version"],
                name="consent_text_unique_version",
            )
        ]

    def __str__(self) -> str:
        return self.version_label

    @property
    def version_label(self) -> str:
        """How a consent names the wording it was given to: "Consent form 2026-1, v3"."""
        return f"{self.label}, v{self.version}" if self.label else f"v{self.version}"


#: The wording every organization starts with, per scope, until its director adapts it (shown
#: and stored in the language the consent is given in).
DEFAULT_CONSENT_TEXTS: dict[str, str] = {
    Consent.Scope.INTERVIEW: _(
        "I agree to be interviewed about my experience with the service, as part of a program "
        "in which the organization learns from its successes. Taking part is voluntary. I may "
        "decline any question and stop the interview at any time. I am referred to by a "
        "pseudonym, never by my name. I may withdraw this consent at any time by telling the "
        "interviewer or the service."
    ),
    Consent.Scope.RECORDING: _(
        "I agree that the interview is audio-recorded so that my words are written down "
        "accurately. The recording is kept in the organization's restricted files, is heard only "
        "by the interviewer and the director, and is never published. I may ask at any time for "
        "the recording to be stopped or deleted."
    ),
    Consent.Scope.PUBLICATION: _(
        "I agree that a story based on my interview, under a pseudonym and without details that "
        "identify me, is published in the program's story book and may be shared with other "
        "organizations that learn from it. I may withdraw this consent at any time: from then "
        "on the story is left out of every new edition, and files that contain it are no "
        "longer given out."
    ),
}
#: How a consent names the built-in wording it was given to.
DEFAULT_CONSENT_TEXT_VERSION = "LFS default, v1"


class StoryDraft(models.Model):
    """One saved version of the written story (Markdown in, sanitized HTML out)."""

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="drafts")
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("the story"), max_length=200000)
    body_html = models.TextField(editable=False)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: Whether the version (its text, as written or as shown, or its note) reveals the client's
    #: real name (`stories.realnames`), as recorded now: a version written before names were
    #: checked, or before the name was recorded. Withheld from whoever may not see the identity.
    #: Set by the services that save a draft or the identity (`drafts_recheck_real_name`).
    holds_real_name = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["story_id", "-version"]
        verbose_name = _("story draft")
        verbose_name_plural = _("story drafts")
        constraints = [
            models.UniqueConstraint(fields=["story", "version"], name="draft_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.story} v{self.version}"


class DraftComment(models.Model):
    draft = models.ForeignKey(StoryDraft, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class StoryApproval(models.Model):
    """The committee's approval of one draft version as the story's final text."""

    story = models.OneToOneField(SuccessStory, on_delete=models.CASCADE, related_name="approval")
    draft = models.ForeignKey(StoryDraft, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return f"{self.story}: v{self.draft.version}"


# Principles of action ------------------------------------------------------------------


_HEBREW_OR_ARABIC = re.compile("[\u0590-\u06ff]")  # Hebrew: 0590-05FF, Arabic: 0600-06FF


def content_language(text: str) -> str | None:
    """The language a text is written in, from its script (its first Hebrew or Arabic letter):
    "he", "ar", or None for Latin and anything else (translation.override(None) then gives the
    English source wording)."""
    found = _HEBREW_OR_ARABIC.search(text)
    if found is None:
        return None
    return "he" if found.group() <= "\u05ff" else "ar"


class PrincipleCategory(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="principle_categories"
    )
    name = models.CharField(_("category"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("principle category")
        verbose_name_plural = _("principle categories")
        constraints = [
            models.UniqueConstraint(
                "program", Lower("name"), name="principle_category_unique_per_program"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommonPrinciple(models.Model):
    """A principle of action at program level, into which the stories' principles are merged."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="common_principles")
    text = models.CharField(_("principle"), max_length=500)
    category = models.ForeignKey(
        PrincipleCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="principles",
        verbose_name=_("category"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__name", "text"]
        verbose_name = _("common principle")
        verbose_name_plural = _("common principles")
        constraints = [
            models.UniqueConstraint(
                "program", Lower("text"), name="common_principle_unique_per_program"
            )
        ]

    def __str__(self) -> str:
        return self.text


class PrincipleQuerySet(models.QuerySet):
    def naming_no_client(self) -> PrincipleQuerySet:
        """The one rule for a principle that names its story's client
        (`Principle.holds_real_name`): it is in no list, export, search, library or book, for
        anyone; only its story's own page shows it, to those who may see the identity."""
        return self.filter(holds_real_name=False)


class Principle(models.Model):
    """A principle of action one story shows: in situation X, to achieve Y, we do Z."""

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="principles")
    situation = models.CharField(_("in situation"), max_length=300)
    goal = models.CharField(_("to achieve"), max_length=300)
    action = models.CharField(_("we do"), max_length=500)
    common = models.ForeignKey(
        CommonPrinciple,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story_principles",
        verbose_name=_("common principle"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: Its texts or its evidence's quotes reveal the story's client's real name: written before
    #: names were checked, or before the name was recorded (a principle or a quote that names
    #: the client is refused when saved). Set by `principles_recheck_real_name` when the name
    #: is recorded or changed; read through `Principle.objects.naming_no_client()`.
    holds_real_name = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PrincipleQuerySet.as_manager()

    class Meta:
        ordering = ["story_id", "pk"]
        verbose_name = _("principle of action")
        verbose_name_plural = _("principles of action")

    def __str__(self) -> str:
        return self.sentence

    @property
    def sentence(self) -> str:
        """The principle as one sentence (`principle_sentence`)."""
        return principle_sentence(self.situation, self.goal, self.action)


def principle_sentence(situation: str, goal: str, action: str) -> str:
    """A principle as one sentence, without doubling the words people often type themselves
    ("In a crisis", "to achieve trust", "we visit"). A function of its three texts, so that a
    page listing fifty principles can draw them from plain rows."""

    def part(text: str, lead: str) -> str:
        return re.sub(lead, "", text.strip(), count=1, flags=re.IGNORECASE).rstrip(". ")

    # The connecting words follow the language the principle is written in, so a Hebrew
    # principle reads as one Hebrew sentence even on an English page (and vice versa).
    return _sentence_pattern(content_language(situation + action)) % {
        "situation": part(situation, r"^(in( situation)?)\s+"),
        "goal": part(goal, r"^(to achieve|to)\s+"),
        "action": part(action, r"^we\s+"),
    }


@functools.lru_cache(maxsize=16)
def _sentence_pattern(language: str) -> str:
    """The principle's sentence in `language`, looked up once per language and process (a page
    lists fifty principles: switching the active language for each cost more than the rest)."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language):
        return gettext("In %(situation)s, to achieve %(goal)s, we %(action)s.")


class PrincipleEvidence(models.Model):
    """A quote from an interview answer that shows the principle at work."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="evidence")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="evidence")
    quote = models.TextField(_("quote"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.quote[:60]


# Data rights ----------------------------------------------------------------------------


class StoryErasure(models.Model):
    """A tombstone: story N of program P was erased, by whom, when and why. No client data."""

    class Reason(models.TextChoices):
        CLIENT_REQUEST = "client_request", _("At the client's request")
        RETENTION_ENDED = "retention_ended", _("The retention period ended")
        LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation")

    story_number = models.PositiveIntegerField(_("story"))
    program_number = models.PositiveIntegerField(_("program"))
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erased_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    removed = models.JSONField(_("what was removed (counts)"), default=dict, blank=True)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"Story {self.story_number} of program {self.program_number} erased"


# The shared library of learning communities ---------------------------------------------


class StoryShare(models.Model):
    """A story its organization chose to share with its learning communities' library.

    Only the approved text and the principles are ever shown there, and only while the story's
    publication consent stands (checked on every read, not just when it was shared).
    """

    story = models.OneToOneField(SuccessStory, on_delete=models.CASCADE, related_name="share")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared story")
        verbose_name_plural = _("shared stories")

    def __str__(self) -> str:
        return f"{self.story} (shared)"


class PrincipleLink(models.Model):
    """Principles of action from different organizations of a community that say the same
    thing, linked so the community sees which principles recur across organizations and fields."""

    community = models.ForeignKey(
        "organizations.Community", on_delete=models.CASCADE, related_name="principle_links"
    )
    text = models.CharField(_("what they say in common"), max_length=500)
    principles = models.ManyToManyField(
        Principle, related_name="links", verbose_name=_("principles")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text"]
        verbose_name = _("principle link")
        verbose_name_plural = _("principle links")

    def __str__(self) -> str:
        return self.text
