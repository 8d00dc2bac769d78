"""Live workshops of the three methods, the prospective method's learning questions, inquiry
cycles and learning logs, and the organization's learning patterns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Program

MAX_CONTRIBUTION_CHARS = 1000
VOTES_PER_STEP = 3


class Method(models.TextChoices):
    RETROSPECTIVE = "retrospective", _("Retrospective: learning from a success")
    PROSPECTIVE = "prospective", _("Prospective: pursuing a learning question")
    LEARNING = "learning", _("Learning about learning")


class ProspectiveStage(models.TextChoices):
    AREA = "area", _("Identify an area of the work that needs to change")
    POPULATION = "population", _("Choose the target population")
    TEAM = "team", _("Widen the circle and build the team")
    QUESTION = "question", _("Define the learning question")
    ALTERNATIVES = "alternatives", _("Set out alternative courses of action and choose one")
    PLAN = "plan", _("Devise an action plan and its measures of success")
    IMPLEMENT = "implement", _("Implement it while gathering data")
    ANALYSE = "analyse", _("Analyse, learn and decide what next")


class PatternKind(models.TextChoices):
    ACTIVITY = "activity", _("Learning activities")
    PREPARATION = "preparation", _("Preparation")
    DIALOGUE = "dialogue", _("Dialogue patterns")
    DISSEMINATION = "dissemination", _("Dissemination methods")


#: The steps of the prospective and learning-about-learning workshops (the retrospective
#: workshop walks the organization's current ten guiding questions instead).
PROTOCOL_STEPS: dict[str, tuple[tuple[str, object, object], ...]] = {
    Method.PROSPECTIVE: tuple((stage.value, stage.label, "") for stage in ProspectiveStage),
    Method.LEARNING: (
        (
            "moments",
            _("When did we learn during the program?"),
            _("Recall moments when something became clear to you or to the team."),
        ),
        (
            "activity",
            _("Which activities made learning happen?"),
            _("Workshops, interviews, meetings, reading, visits…"),
        ),
        (
            "preparation",
            _("What preparation made it possible?"),
            _("What was done before: materials, time set aside, agreements."),
        ),
        (
            "dialogue",
            _("Which ways of talking together helped?"),
            _("Questions that opened things up, listening, the order of speakers."),
        ),
        (
            "dissemination",
            _("How did what we learnt spread?"),
            _("To colleagues, other departments, the management, the clients."),
        ),
        (
            "keep",
            _("What should we keep and spread?"),
            _("Name the patterns worth keeping; promote them to the catalogue."),
        ),
    ),
}


class LearningQuestion(models.Model):
    """The prospective method's essential, unresolved issue at the heart of a team's work."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="learning_questions"
    )
    question = models.CharField(_("learning question"), max_length=400)
    why_it_matters = models.TextField(_("why it matters"), max_length=3000, blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="learning_questions",
        verbose_name=_("team"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=ProspectiveStage.choices, default=ProspectiveStage.AREA
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("workshops:learning_question_detail", args=[self.pk])


class InquiryCycle(models.Model):
    """A small, frequent cycle of inquiry: goal, theory of action, experiment, data, learning,
    next step. A failed experiment is valued data."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    learning_question = models.ForeignKey(
        LearningQuestion, on_delete=models.CASCADE, related_name="cycles"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    goal = models.CharField(_("goal"), max_length=400)
    theory_of_action = models.TextField(_("theory of action"), max_length=2000, blank=True)
    experiment = models.TextField(_("the experiment"), max_length=2000, blank=True)
    data_collected = models.TextField(_("data collected"), max_length=3000, blank=True)
    learned = models.TextField(_("what was learned"), max_length=3000, blank=True)
    next_step = models.TextField(_("next step"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["learning_question", "number"]
        verbose_name = _("inquiry cycle")
        verbose_name_plural = _("inquiry cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["learning_question", "number"], name="cycle_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.goal}"


class LearningLogEntry(models.Model):
    """A private journal entry; the writer may share it with the team."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="log_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="log_entries"
    )
    learning_question = models.ForeignKey(
        LearningQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name=_("learning question"),
    )
    written_on = models.DateField(_("date"))
    learnt = models.TextField(_("What have I learnt today?"), max_length=4000)
    patterns = models.TextField(_("What patterns have I seen?"), max_length=4000, blank=True)
    shared_at = models.DateTimeField(_("shared with the team"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log entries")

    def __str__(self) -> str:
        return f"{self.written_on}: {self.learnt[:50]}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class Workshop(models.Model):
    """A facilitated session of one method, run live by a learning companion."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        #: Open for contributions ahead of the live session, on any step.
        ASYNC = "async", _("Open for input ahead")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="workshops")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    title = models.CharField(_("title"), max_length=200)
    scheduled_for = models.DateTimeField(_("date and time"))
    story = models.ForeignKey(
        "stories.SuccessStory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("the success"),
    )
    learning_question = models.ForeignKey(
        LearningQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("learning question"),
    )
    template = models.ForeignKey(
        "methods.ReflectionTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("reflection template"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Participation",
        blank=True,
        related_name="workshops",
        verbose_name=_("participants"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    current_position = models.PositiveSmallIntegerField(default=1)
    code = models.CharField(_("join code"), max_length=8, blank=True, db_index=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    #: The secret of the guest link (people without an account join this workshop alone with
    #: it, until it closes); empty: no guest link.
    guest_token = models.CharField(max_length=43, blank=True, db_index=True)
    #: Bumped by every change others may see, so that a poll of an unchanged workshop costs
    #: one small query.
    version = models.PositiveIntegerField(default=1)
    #: The version of the last change that was not only a new contribution (a step, a reveal,
    #: a vote ended, a group, a removal, a join...): a screen at this version or later is
    #: brought up to date with the contributions added since (`Contribution.added_version`)
    #: instead of the whole board.
    layout_version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: When the summary was last e-mailed to the participants.
    summary_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_for"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop_detail", args=[self.pk])


class Participation(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    invited = models.BooleanField(default=False)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workshop}"


class WorkshopGuest(models.Model):
    """A person without an account who joined one workshop through its guest link, under a
    display name. The board alone is theirs to see, and only while the workshop is not closed."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="guests")
    display_name = models.CharField(_("your name"), max_length=60)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.display_name


class WorkshopStep(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=30, blank=True)
    question = models.ForeignKey(
        "methods.GuidingQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: A step copied from a reflection template: its own wording (with its Hebrew and Arabic
    #: versions in `translations`: {"he": {"title": ..., "prompt": ...}, ...}), timer and
    #: place in the workshop's short report.
    title = models.CharField(max_length=300, blank=True)
    prompt_text = models.TextField(max_length=1500, blank=True)
    translations = models.JSONField(default=dict, blank=True)
    timer_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    report_section = models.CharField(max_length=20, blank=True)
    #: False while people think: contributions are hidden from the others until revealed.
    revealed = models.BooleanField(default=True)
    voting_open = models.BooleanField(default=False)
    #: The step is worked on in breakout groups: each sees its own group's contributions
    #: until the facilitator brings everyone back, when each group's report is shown to all.
    breakout_active = models.BooleanField(default=False)
    timer_ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"

    def _own(self, field: str) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "en")[:2]
        return (self.translations or {}).get(language, {}).get(field) or getattr(
            self, "title" if field == "title" else "prompt_text"
        )

    @property
    def label(self) -> str:
        if self.question_id is not None:
            return self.question.text
        if self.title:
            return self._own("title")
        for key, label, _prompt in PROTOCOL_STEPS.get(self.workshop.method, ()):
            if key == self.key:
                return str(label)
        return self.key

    @property
    def prompt(self) -> str:
        if self.question_id is not None:
            return self.question.prompt
        if self.title:
            return self._own("prompt")
        for key, _label, prompt in PROTOCOL_STEPS.get(self.workshop.method, ()):
            if key == self.key:
                return str(prompt)
        return ""


class ContributionGroup(models.Model):
    """A group of a step's contributions; a breakout group is also a group of people who
    work on the step apart, and report back (`report`)."""

    step = models.ForeignKey(WorkshopStep, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("group name"), max_length=100)
    breakout = models.BooleanField(default=False)
    report = models.TextField(_("the group's report"), max_length=2000, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class BreakoutMember(models.Model):
    """Who works in a breakout group: a member (`user`) or a guest."""

    group = models.ForeignKey(ContributionGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guest = models.ForeignKey(
        "WorkshopGuest", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="breakout_member_unique"),
            models.UniqueConstraint(fields=["group", "guest"], name="breakout_guest_unique"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, guest__isnull=True)
                | models.Q(user__isnull=True, guest__isnull=False),
                name="breakout_member_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.guest_id} in {self.group_id}"


class Contribution(models.Model):
    """A participant's note on a step: plain text, escaped when shown. An anonymous
    contribution keeps its author (so the writer sees "you") but never shows it to others."""

    class PromotedTo(models.TextChoices):
        PRINCIPLE = "principle", _("principle of action")
        PATTERN = "pattern", _("learning pattern")
        CYCLE = "cycle", _("inquiry cycle")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="contributions")
    step = models.ForeignKey(WorkshopStep, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    guest = models.ForeignKey(
        WorkshopGuest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anonymous = models.BooleanField(_("anonymous to the others"), default=False)
    text = models.TextField(_("contribution"), max_length=MAX_CONTRIBUTION_CHARS)
    #: A duplicate merged by the facilitator into another contribution (its dots moved there).
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    #: Removed by the facilitator, with the reason: kept for the record, shown to nobody.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(_("reason"), max_length=300, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        ContributionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    promoted_to = models.CharField(max_length=12, choices=PromotedTo.choices, blank=True)
    principle = models.ForeignKey(
        "stories.Principle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pattern = models.ForeignKey(
        "methods.LearningPattern",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cycle = models.ForeignKey(
        InquiryCycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The workshop's version that its adding made (0: added before versions were kept).
    added_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["step", "added_version"])]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One dot: a member's (`voter`) or a guest's, at most one per contribution and person."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guest = models.ForeignKey(
        WorkshopGuest, on_delete=models.CASCADE, null=True, blank=True, related_name="votes"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "voter"], name="vote_unique"),
            models.UniqueConstraint(fields=["contribution", "guest"], name="vote_guest_unique"),
            models.CheckConstraint(
                condition=models.Q(voter__isnull=False, guest__isnull=True)
                | models.Q(voter__isnull=True, guest__isnull=False),
                name="vote_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.contribution_id}"


class ActionItem(models.Model):
    """Something the team agreed to do; shown again at the team's next workshop."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    due_on = models.DateField(_("by when"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text


class LearningPattern(models.Model):
    """One of the organization's ways of learning, worth keeping and spreading."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="learning_patterns")
    kind = models.CharField(_("kind"), max_length=20, choices=PatternKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("learning pattern")
        verbose_name_plural = _("learning patterns")

    def __str__(self) -> str:
        return self.name


class PatternEvidence(models.Model):
    """Where a learning pattern was seen: a workshop, an inquiry cycle or a shared log entry."""

    pattern = models.ForeignKey(LearningPattern, on_delete=models.CASCADE, related_name="evidence")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    cycle = models.ForeignKey(
        InquiryCycle, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    log_entry = models.ForeignKey(
        LearningLogEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    note = models.CharField(pgettext_lazy("evidence", "note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workshop__isnull=False)
                | models.Q(cycle__isnull=False)
                | models.Q(log_entry__isnull=False),
                name="pattern_evidence_has_source",
            )
        ]

    def __str__(self) -> str:
        return self.note or str(self.pattern)
