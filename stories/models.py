"""Success stories and how the steering committee selects them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.models import Department, Meeting, Program

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

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("program", Lower("name"), name="tag_unique_name_per_program")
        ]

    def __str__(self) -> str:
        return self.name


class SuccessStory(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SELECTED = "selected", _("Selected")
        DECLINED = "declined", _("Declined")
        ON_HOLD = "on_hold", _("On hold")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stories")
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

    class Meta:
        ordering = ["-nominated_at", "-pk"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        constraints = [
            models.UniqueConstraint(
                "program", Lower("title"), name="story_unique_title_per_program"
            )
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("story_detail", args=[self.pk])


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


class SelectionDecision(models.Model):
    """A selection meeting's decision on a nominee, with its reasons in full sentences."""

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

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("selection decision")
        verbose_name_plural = _("selection decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "meeting"], name="one_decision_per_story_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.story}: {self.get_outcome_display()}"
