"""Qualitative analysis: a program's codebook and the passages of interviews coded with it.

Offsets: a passage is `text[start:end]` of its source's text, counted in Unicode code points
(Python string indices), never bytes or UTF-16 units, so Hebrew and Arabic count as any other
letter. The source's text is:
- an answer: `Answer.text` exactly as stored (plain text, after the documentation service
  cleaned it);
- a transcript: the interview's uploaded `.txt` transcript decoded as UTF-8 (a BOM dropped),
  every line end read as LF, as a browser shows it (`analysis.sources.transcript_text`).
The quoted words are kept with the offsets, so an edit of the source can be followed
(`services.passages_reanchor_*`): a passage whose words still occur moves to them, otherwise it
is kept, marked detached, and shown with its quote until someone codes it again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from organizations.models import Program
from stories.models import Answer, Interview, Principle, PrincipleEvidence


class Code(models.Model):
    """A code of a program's codebook: a name, what it means, and where it sits in the tree."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="codes")
    name = models.CharField(_("code"), max_length=120)
    description = models.TextField(_("what it means"), max_length=4000, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    #: The code's identity in REFI-QDA exchange (kept across export and import).
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint("program", Lower("name"), name="analysis_code_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CodedPassage(models.Model):
    """Words of one answer (or of the interview's text transcript) coded with one or more codes."""

    class Source(models.TextChoices):
        ANSWER = "answer", _("Answer")
        TRANSCRIPT = "transcript", _("Transcript")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="passages")
    source = models.CharField(_("coded in"), max_length=12, choices=Source.choices)
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="passages"
    )
    #: The transcript file the offsets point into (a new upload re-anchors them).
    transcript_name = models.CharField(max_length=200, blank=True)
    start = models.PositiveIntegerField(_("from character"))
    end = models.PositiveIntegerField(_("to character"))
    quote = models.TextField(_("coded words"), max_length=50000)
    #: The passage's words no longer occur in its source: kept, shown with its quote.
    detached = models.BooleanField(default=False)
    codes = models.ManyToManyField(Code, related_name="passages", verbose_name=_("codes"))
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview_id", "source", "answer__question__position", "start", "pk"]
        verbose_name = _("coded passage")
        verbose_name_plural = _("coded passages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="analysis_passage_not_empty"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(source="answer", answer__isnull=False)
                    | models.Q(source="transcript", answer__isnull=True)
                ),
                name="analysis_passage_source",
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:60]


class PrincipleSource(models.Model):
    """A coded passage a principle of action was drafted from (and the evidence made of it)."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="+")
    passage = models.ForeignKey(CodedPassage, on_delete=models.CASCADE, related_name="principles")
    evidence = models.OneToOneField(
        PrincipleEvidence, on_delete=models.CASCADE, null=True, blank=True, related_name="passage"
    )
    code = models.ForeignKey(Code, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("source of a principle")
        verbose_name_plural = _("sources of principles")
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "passage"], name="analysis_principle_source_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principle_id} <- {self.passage_id}"
