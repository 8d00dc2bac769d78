"""The ten guiding questions: reading them, printing the interview guide, adapting them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from organizations.selectors import program_get_for_user

from . import services
from .forms import QuestionFormSet, QuestionSetMetaForm
from .models import QUESTION_LANGUAGES
from .selectors import (
    can_adapt_questions,
    organization_get_for_adapting,
    question_set_current,
    question_set_get_for_user,
    question_sets_for_organization,
    questions_of,
)
from .templatetags.methods_tags import set_name


@login_required
@require_GET
def program_questions(request, pk: int):
    access = program_get_for_user(request.user, pk)
    organization = access.program.organization
    current = question_set_current(organization)
    return render(
        request,
        "methods/program_questions.html",
        {
            "access": access,
            "program": access.program,
            "organization": organization,
            "current": current,
            "questions": questions_of(current) if current else [],
            "versions": list(question_sets_for_organization(organization)),
            "can_adapt": can_adapt_questions(request.user, organization),
        },
    )


@login_required
@require_GET
def question_set_detail(request, pk: int):
    question_set = question_set_get_for_user(request.user, pk)
    organization = question_set.organization
    return render(
        request,
        "methods/question_set_detail.html",
        {
            "question_set": question_set,
            "questions": questions_of(question_set),
            "can_adapt": organization is not None
            and can_adapt_questions(request.user, organization),
        },
    )


@login_required
@require_GET
def interview_guide(request, pk: int):
    """A printable interview guide, in the user's language or the one asked for (?lang=he)."""
    question_set = question_set_get_for_user(request.user, pk)
    lang = request.GET.get("lang", "")
    if lang not in QUESTION_LANGUAGES:
        lang = (translation.get_language() or "en")[:2]
        if lang not in QUESTION_LANGUAGES:
            lang = "en"
    with translation.override(lang):
        return render(
            request,
            "methods/interview_guide.html",
            {
                "question_set": question_set,
                "questions": questions_of(question_set),
                "guide_language": lang,
                "languages": [
                    (code, translation.get_language_info(code)["name_local"])
                    for code in QUESTION_LANGUAGES
                ],
            },
        )


def _initial_questions(question_set) -> list[dict[str, str]]:
    return [
        {f: getattr(q, f) for f in services.QUESTION_FIELDS} for q in questions_of(question_set)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def question_set_adapt(request, pk: int):
    organization = organization_get_for_adapting(request.user, pk)
    base = question_set_current(organization)
    if request.method == "POST":
        meta = QuestionSetMetaForm(request.POST)
        formset = QuestionFormSet(request.POST, prefix="q")
        if meta.is_valid() and formset.is_valid():
            try:
                question_set = services.question_set_adapt(
                    organization=organization,
                    by=request.user,
                    base=base,
                    name=meta.cleaned_data["name"],
                    change_note=meta.cleaned_data["change_note"],
                    questions=formset.questions(),
                )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, messages_ in errors.items():
                    meta.add_error(field if field in meta.fields else None, messages_)
            else:
                messages.success(
                    request,
                    _("Version %(v)d of the questions has been saved. New interviews use it.")
                    % {"v": question_set.version},
                )
                return redirect(question_set)
    else:
        meta = QuestionSetMetaForm(initial={"name": set_name(base) if base else ""})
        formset = QuestionFormSet(initial=_initial_questions(base) if base else [], prefix="q")
    has_errors = bool(meta.errors or any(formset.errors) or formset.non_form_errors())
    return render(
        request,
        "methods/question_set_adapt.html",
        {
            "organization": organization,
            "base": base,
            "meta": meta,
            "formset": formset,
            "has_errors": has_errors,
        },
        status=400 if has_errors else 200,
    )
