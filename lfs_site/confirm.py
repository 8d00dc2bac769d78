"""Confirmation before destructive actions.

A destructive POST carries ``confirmed=yes``. The button's form has ``data-confirm`` with the
question: static/js/confirm.js asks it in a <dialog> and adds the field. Without JavaScript
(or with a forged request) the POST arrives without it, and the view answers with a
confirmation page that repeats the question and posts the same fields again with
``confirmed=yes``. Views call `confirmation_required` after their access checks, so a refused
person still gets their 403/404 and nothing happens until the confirmation.

A confirmation that needs more than a yes (a reason for the change) draws its form on the page
(`confirmation_page` with `form`); the view decides when to ask, and asks again, with the
errors and what was typed, until the form is valid.
"""

from __future__ import annotations

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "yes"


def confirmation_required(
    request: HttpRequest,
    *,
    question: str,
    detail: str = "",
    confirm_label: str,
    cancel_url: str,
    program=None,
    access=None,
) -> HttpResponse | None:
    """None when the request is confirmed; otherwise the confirmation page (nothing done)."""
    if is_confirmed(request):
        return None
    return confirmation_page(
        request,
        question=question,
        detail=detail,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
        program=program,
        access=access,
    )


def confirmation_page(
    request: HttpRequest,
    *,
    question: str,
    detail: str = "",
    facts: list[tuple[str, str]] | None = None,
    form: Form | None = None,
    confirm_label: str,
    cancel_url: str,
    program=None,
    access=None,
    status: int = 200,
) -> HttpResponse:
    """The page that asks `question` and posts the request's fields again, confirmed.

    `facts` (label, text) are shown with the question (what is about to change); `form` holds
    what the confirmation asks for besides (a reason): its fields are drawn on the page, with
    their errors, instead of being posted again as they were."""
    asked = {form[name].html_name for name in form.fields} if form is not None else set()
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD) and name not in asked
        for value in request.POST.getlist(name)
    ]
    context = {
        "question": question,
        "detail": detail,
        "facts": facts or [],
        "form": form,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action": request.path,
        "fields": fields,
        "confirm_field": CONFIRM_FIELD,
    }
    if program is not None:
        context.update({"program": program, "access": access})
    return render(request, "confirm.html", context, status=status)
