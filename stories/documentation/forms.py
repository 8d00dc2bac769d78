"""Forms of documentation: interviews, drafts, comments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import DateInput
from stories.models import (
    DraftComment,
    Interview,
    StoryDraft,
)


class InterviewCreateForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["interviewee_role", "interviewee_label", "held_on", "place"]
        widgets = {"held_on": DateInput()}


class InterviewForm(forms.ModelForm):
    """The interview with one answer field per guiding question of its question set."""

    remove_transcript = forms.BooleanField(label=_("Remove the transcript"), required=False)
    remove_audio = forms.BooleanField(label=_("Remove the recording"), required=False)

    class Meta:
        model = Interview
        fields = [
            "interviewee_role",
            "interviewee_label",
            "held_on",
            "place",
            "notes",
            "transcript",
            "audio",
        ]
        widgets = {
            "held_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "transcript": forms.FileInput(attrs={"accept": ".pdf,.docx,.odt,.txt"}),
            "audio": forms.FileInput(attrs={"accept": ".mp3,.m4a,.wav,.ogg,.webm"}),
        }
        help_texts = {
            "transcript": _("PDF, Word, OpenDocument or text, up to 10 MB."),
            "audio": _("MP3, M4A, WAV, OGG or WebM, up to 100 MB."),
        }

    def __init__(self, *args, questions, answers: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=f"{q.position}. {q.text}",
                help_text=q.prompt,
                required=False,
                max_length=50000,
                initial=answers.get(q.pk, ""),
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def answer_fields(self):
        return [(q, self[f"answer_{q.pk}"]) for q in self.questions]

    def cleaned_answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}


class DraftForm(forms.ModelForm):
    class Meta:
        model = StoryDraft
        fields = ["body", "note"]
        widgets = {"body": forms.Textarea(attrs={"rows": 22})}
        help_texts = {
            "body": _(
                "Write in plain paragraphs; **bold**, *italic*, lists and > quotes are kept. "
                "Refer to the client by the pseudonym only."
            )
        }


class CommentForm(forms.ModelForm):
    class Meta:
        model = DraftComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
