"""Forms of the analysis pages (crispy, Bootstrap 5)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lfs_site import ids

from .models import Code, CodedPassage


class CodeChoiceField(ids.ModelChoiceField):
    def label_from_instance(self, obj: Code) -> str:
        return obj.name


class CodesField(ids.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Code) -> str:
        return obj.name


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Code"), max_length=120)
    description = forms.CharField(
        label=_("What it means"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When to use this code, in a sentence or two."),
    )
    parent = CodeChoiceField(
        label=_("Part of"),
        queryset=Code.objects.none(),
        required=False,
        empty_label=_("(top of the codebook)"),
    )

    def __init__(self, *args, codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if codes is not None:
            self.fields["parent"].queryset = codes


class MergeForm(forms.Form):
    source = CodeChoiceField(label=_("Merge this code"), queryset=Code.objects.none())
    target = CodeChoiceField(label=_("into this code"), queryset=Code.objects.none())

    def __init__(self, *args, codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if codes is not None:
            self.fields["source"].queryset = codes
            self.fields["target"].queryset = codes


class PassageForm(forms.Form):
    """Code a passage: selected with the mouse (the script fills the fields) or typed: the
    words themselves, or where they start and end (in characters, the first being 0)."""

    source = forms.ChoiceField(label=_("Coded in"), choices=CodedPassage.Source.choices)
    answer = ids.ModelChoiceField(
        label=_("Answer"), queryset=None, required=False, empty_label=_("(choose the answer)")
    )
    quote = forms.CharField(
        label=_("The words to code"),
        required=False,
        max_length=50000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Select words in an answer above, or paste them here exactly."),
    )
    start = forms.IntegerField(label=_("From character"), required=False, min_value=0)
    end = forms.IntegerField(label=_("To character"), required=False, min_value=1)
    codes = CodesField(label=_("Codes"), queryset=Code.objects.none())

    def __init__(self, *args, answers, codes, transcript: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = answers
        self.fields["answer"].label_from_instance = lambda a: (
            f"{a.question.position}. {a.question.text}"
        )
        self.fields["codes"].queryset = codes
        if not transcript:
            self.fields["source"].choices = [
                c for c in CodedPassage.Source.choices if c[0] == CodedPassage.Source.ANSWER
            ]

    def clean(self):
        data = super().clean()
        if data.get("source") == CodedPassage.Source.ANSWER and not data.get("answer"):
            self.add_error("answer", _("Choose the answer the words are in."))
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            self.add_error("end", _("Give both where the passage starts and where it ends."))
        elif start is not None and end is not None and end <= start:
            self.add_error("end", _("The passage must end after it starts."))
        if not data.get("quote") and start is None:
            self.add_error(
                "quote", _("Select the words to code, or give where they start and end.")
            )
        return data


class PassageCodesForm(forms.Form):
    codes = CodesField(label=_("Codes"), queryset=Code.objects.none())

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].queryset = codes


class DraftForm(forms.Form):
    situation = forms.CharField(label=_("In situation"), max_length=300)
    goal = forms.CharField(label=_("to achieve"), max_length=300)
    action = forms.CharField(
        label=_("we do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    passages = ids.ModelMultipleChoiceField(
        label=_("Evidence: the passages of this code"),
        queryset=CodedPassage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, passages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passages"].queryset = CodedPassage.objects.filter(
            pk__in=[p.pk for p in passages]
        )
        self.fields["passages"].label_from_instance = lambda p: p.quote


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Codebook file (QDC)"),
        help_text=_("A REFI-QDA codebook exported from NVivo, ATLAS.ti, MAXQDA or LFS."),
    )
