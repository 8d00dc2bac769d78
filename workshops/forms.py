"""Forms of the workshops, the prospective method and the learning patterns."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lfs_site import ids
from methods.models_workshops import (
    MAX_CONTRIBUTION_CHARS,
    Contribution,
    InquiryCycle,
    LearningLogEntry,
    Method,
    PatternKind,
    ProspectiveStage,
)
from organizations.forms import DateInput, DateTimeInput


class WorkshopPlanForm(forms.Form):
    template = ids.ModelChoiceField(
        label=_("Reflection template"),
        queryset=None,
        required=False,
        empty_label=_("None: the method's own steps"),
        help_text=_("Planned from a template, the workshop takes its steps, prompts and timers."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    story = ids.ModelChoiceField(
        label=_("The success it is about"),
        queryset=None,
        required=False,
        help_text=_("For a retrospective workshop: the success the team analyses."),
    )
    learning_question = ids.ModelChoiceField(
        label=_("The learning question it pursues"),
        queryset=None,
        required=False,
        help_text=_("For a prospective workshop."),
    )
    participants = ids.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the program can also join with the code on the day."),
    )

    def __init__(self, *args, stories, questions, people, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is None:
            del self.fields["template"]
        else:
            self.fields["template"].queryset = templates
        self.fields["story"].queryset = stories
        self.fields["learning_question"].queryset = questions
        self.fields["participants"].queryset = people


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        help_text=_("The six letters and digits the facilitator shows on the screen."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        # the service gives the clear answer; the browser must not cut the text silently
        widget=forms.Textarea(attrs={"rows": 3, "data-maxlength": MAX_CONTRIBUTION_CHARS}),
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous to the others"),
        required=False,
        help_text=_("Your name is shown to nobody but you."),
    )


class TimerForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=60, initial=3)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("New group"), max_length=100)


class ContributionGroupForm(forms.Form):
    """Which group of its step a contribution belongs to (empty: none)."""

    group = ids.ModelChoiceField(label=_("Group"), queryset=None, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=300)
    owner = ids.ModelChoiceField(label=_("Who"), queryset=None)
    due_on = forms.DateField(label=_("By when"), widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class PromoteForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Promote to"), choices=Contribution.PromotedTo.choices, widget=forms.RadioSelect
    )
    situation = forms.CharField(label=_("In situation…"), max_length=300, required=False)
    goal = forms.CharField(label=_("to achieve…"), max_length=300, required=False)
    action = forms.CharField(
        label=_("we…"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label=_("Kind of learning pattern"), choices=PatternKind.choices, required=False
    )
    name = forms.CharField(
        label=_("Name of the pattern, or goal of the cycle"), max_length=200, required=False
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            c for c in Contribution.PromotedTo.choices if c[0] in targets
        ]

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target == Contribution.PromotedTo.PRINCIPLE:
            for field in ("situation", "goal", "action"):
                if not data.get(field, "").strip():
                    self.add_error(field, _("A principle of action needs all three parts."))
        if target == Contribution.PromotedTo.PATTERN and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of learning pattern."))
        return data


class LearningQuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Learning question"),
        max_length=400,
        help_text=_("The essential, unresolved issue at the heart of the team's work."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    why_it_matters = forms.CharField(
        label=_("Why it matters"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = ids.ModelMultipleChoiceField(
        label=_("The team"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = people


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=ProspectiveStage.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class CycleForm(forms.ModelForm):
    class Meta:
        model = InquiryCycle
        fields = [
            "goal",
            "theory_of_action",
            "experiment",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "data_collected",
            "learned",
            "next_step",
        ]
        widgets = {
            "theory_of_action": forms.Textarea(attrs={"rows": 2}),
            "experiment": forms.Textarea(attrs={"rows": 2}),
            "data_collected": forms.Textarea(attrs={"rows": 2}),
            "learned": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
        }
        help_texts = {
            "theory_of_action": _("If we do X, we expect Y, because…"),
            "learned": _("A failed experiment is valued data: say what it taught."),
        }


class LogEntryForm(forms.ModelForm):
    share = forms.BooleanField(
        label=_("Share this entry with the team"),
        required=False,
        help_text=_("Entries are private until you share them."),
    )

    class Meta:
        model = LearningLogEntry
        formfield_callback = ids.formfield
        fields = ["written_on", "learnt", "patterns", "learning_question"]
        widgets = {
            "written_on": DateInput(),
            "learnt": forms.Textarea(attrs={"rows": 3}),
            "patterns": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, questions, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["learning_question"].queryset = questions
        self.fields["learning_question"].required = False


class PatternForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PatternKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    source = forms.ChoiceField(label=_("Seen in"))
    note = forms.CharField(label=_("What shows it"), max_length=500, required=False)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------")]
        choices += [
            (f"w{w.pk}", _("Workshop: %(t)s") % {"t": w.title}) for w in sources["workshops"]
        ]
        choices += [
            (f"c{c.pk}", _("Cycle %(n)d: %(g)s") % {"n": c.number, "g": c.goal})
            for c in sources["cycles"]
        ]
        choices += [
            (f"l{e.pk}", _("Log entry of %(d)s: %(t)s") % {"d": e.written_on, "t": e.learnt[:60]})
            for e in sources["log_entries"]
        ]
        self.fields["source"].choices = choices
        self._sources = sources

    def clean_source(self):
        value = self.cleaned_data["source"]
        kind, pk = value[:1], int(value[1:])
        key = {"w": "workshops", "c": "cycles", "l": "log_entries"}[kind]
        obj = next(o for o in self._sources[key] if o.pk == pk)
        return {"w": "workshop", "c": "cycle", "l": "log_entry"}[kind], obj


class GuestJoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=200,  # the service says clearly when it is over 60
        help_text=_(
            "The others see this name beside what you write (unless you write anonymously)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        required=False,
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why remove it?"), max_length=1000, required=False)
