"""Reflection templates: a named, reusable sequence of steps (title, prompts, timer) that a
companion or the unit defines, keeps private or shares with learning communities, and from
which a companion plans a workshop (the workshop's steps are copied from the template)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from methods.models_workshops import Method

TEMPLATE_LANGUAGES = ("he", "ar")


def localized(obj, field: str, language: str | None = None) -> str:
    """The Hebrew or Arabic wording when the template has one, its own wording otherwise."""
    language = (language or get_language() or "en")[:2]
    if language in TEMPLATE_LANGUAGES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


class ReportSection(models.TextChoices):
    """Where a step's contributions go in a workshop's short report."""

    NONE = "", _("Not in the report")
    INSIGHT = "insight", _("Insights")
    QUESTION = "question", _("Questions")
    RECOMMENDATION = "recommendation", _("Recommendations")


class ReflectionTemplate(models.Model):
    class Kind(models.TextChoices):
        PEER_REFLECTION = "peer_reflection", _("Peer reflection")
        INTRO_SESSION = "intro_session", _("Introductory learning session")
        DIAGNOSTIC = "diagnostic", _("Rapid diagnostic")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_he = models.CharField(_("name (Hebrew)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), max_length=2000)
    purpose_he = models.TextField(_("purpose (Hebrew)"), max_length=2000, blank=True)
    purpose_ar = models.TextField(_("purpose (Arabic)"), max_length=2000, blank=True)
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.LEARNING
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    #: Shipped with the product (no author): visible to every companion.
    shipped = models.BooleanField(default=False)
    slug = models.SlugField(max_length=60, blank=True, help_text="Stable key of a shipped one.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflection_templates",
    )
    communities = models.ManyToManyField(
        "organizations.Community",
        blank=True,
        related_name="reflection_templates",
        verbose_name=_("shared with the learning communities"),
        help_text=_("Leave empty to keep the template to yourself."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-shipped", "name"]
        verbose_name = _("reflection template")
        verbose_name_plural = _("reflection templates")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="reflection_template_slug"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("reflection:reflection_template_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_purpose(self) -> str:
        return localized(self, "purpose")


class TemplateStep(models.Model):
    template = models.ForeignKey(ReflectionTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    title_he = models.CharField(_("title (Hebrew)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    prompt = models.TextField(_("prompts"), max_length=1500, blank=True)
    prompt_he = models.TextField(_("prompts (Hebrew)"), max_length=1500, blank=True)
    prompt_ar = models.TextField(_("prompts (Arabic)"), max_length=1500, blank=True)
    timer_minutes = models.PositiveSmallIntegerField(_("timer (minutes)"), null=True, blank=True)
    report_section = models.CharField(
        _("in the report"), max_length=20, choices=ReportSection.choices, blank=True
    )

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="template_step_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(timer_minutes__isnull=True)
                | models.Q(timer_minutes__gte=1, timer_minutes__lte=60),
                name="template_step_timer_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.display_title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_prompt(self) -> str:
        return localized(self, "prompt")
