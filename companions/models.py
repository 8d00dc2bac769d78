"""Learning companions: profiles, training cohorts and sessions, attendance, assignments to
programs and the unit's support sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Program


class CompanionProfile(models.Model):
    """A learning companion trained and supported by the unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companion_profile"
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("For example: Hebrew, Arabic")
    )
    background = models.TextField(_("background"), max_length=2000, blank=True)
    training_completed_on = models.DateField(_("training completed on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("companion profile")
        verbose_name_plural = _("companion profiles")

    def __str__(self) -> str:
        return str(self.user)


class TrainingCohort(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    members = models.ManyToManyField(
        CompanionProfile, blank=True, related_name="cohorts", verbose_name=_("companions")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("training cohort")
        verbose_name_plural = _("training cohorts")

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    cohort = models.ForeignKey(TrainingCohort, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.held_on}: {self.topic}"


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    companion = models.ForeignKey(
        CompanionProfile, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "companion"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.companion} @ {self.session}"


class CompanionAssignment(models.Model):
    """A companion assigned to a program: they run its workshops and see its work."""

    companion = models.ForeignKey(
        CompanionProfile, on_delete=models.CASCADE, related_name="assignments"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="companion_assignments"
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("companion assignment")
        verbose_name_plural = _("companion assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["companion", "program"],
                condition=models.Q(ended_on__isnull=True),
                name="assignment_one_active_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.companion} → {self.program}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class SupportSession(models.Model):
    """The unit's support of a companion: topics and notes on the learning process."""

    companion = models.ForeignKey(
        CompanionProfile, on_delete=models.CASCADE, related_name="support_sessions"
    )
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(_("date"))
    topics = models.CharField(_("topics"), max_length=300)
    notes = models.TextField(_("notes on the learning process"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")

    def __str__(self) -> str:
        return f"{self.held_on}: {self.topics}"


# Learning sessions and dissemination events live in their own module.
from .models_events import *  # noqa: E402,F403
