"""The three methods. The retrospective method's ten guiding questions live here first."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

QUESTION_LANGUAGES = ("en", "he", "ar")


class QuestionSet(models.Model):
    """A versioned set of guiding questions.

    The set with no organization is the default the product ships; an organization adapts it
    by saving a new version of its own. Versions are never edited in place, so an interview
    keeps the exact questions it was documented with.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="question_sets",
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adaptations"
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization_id", "-version"]
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"],
                condition=models.Q(organization__isnull=False),
                name="question_set_version_per_org",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(organization__isnull=True),
                name="question_set_version_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("methods:question_set_detail", args=[self.pk])


class GuidingQuestion(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    text_en = models.CharField(_("question (English)"), max_length=400)
    text_he = models.CharField(_("question (Hebrew)"), max_length=400, blank=True)
    text_ar = models.CharField(_("question (Arabic)"), max_length=400, blank=True)
    prompt_en = models.TextField(_("prompt to go deeper (English)"), max_length=1000, blank=True)
    prompt_he = models.TextField(_("prompt to go deeper (Hebrew)"), max_length=1000, blank=True)
    prompt_ar = models.TextField(_("prompt to go deeper (Arabic)"), max_length=1000, blank=True)

    class Meta:
        ordering = ["question_set", "position"]
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "position"], name="question_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    def _localized(self, field: str, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        if language not in QUESTION_LANGUAGES:
            language = "en"
        return getattr(self, f"{field}_{language}") or getattr(self, f"{field}_en")

    @property
    def text(self) -> str:
        return self._localized("text")

    @property
    def prompt(self) -> str:
        return self._localized("prompt")

    def text_in(self, language: str) -> str:
        return self._localized("text", language)


# Reflection templates (steps, prompts, timers; shared with learning communities), and
# workshops, learning questions, cycles, logs and learning patterns live in their own modules.
from .models_reflection_templates import *  # noqa: E402,F403
from .models_workshops import *  # noqa: E402,F403
