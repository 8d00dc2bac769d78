"""Learning sessions and dissemination events: introductory sessions, lectures and
conferences, open to a learning community and/or an organization, with registrations,
attendance, and links to what was presented (books, stories by title, principles)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LearningEvent(models.Model):
    class Kind(models.TextChoices):
        INTRO_SESSION = "intro_session", _("Introductory session")
        LECTURE = "lecture", _("Lecture")
        CONFERENCE = "conference", _("Conference")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INTRO_SESSION
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    community = models.ForeignKey(
        "organizations.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("learning community"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learning_events",
        verbose_name=_("organization"),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    books = models.ManyToManyField(
        "publications.StoryBook", blank=True, related_name="events", verbose_name=_("books")
    )
    stories = models.ManyToManyField(
        "stories.SuccessStory", blank=True, related_name="events", verbose_name=_("stories")
    )
    principles = models.ManyToManyField(
        "stories.CommonPrinciple",
        blank=True,
        related_name="events",
        verbose_name=_("principles of action"),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("learning event")
        verbose_name_plural = _("learning events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=False) | models.Q(organization__isnull=False),
                name="event_has_community_or_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])


class EventRegistration(models.Model):
    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_registration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None
