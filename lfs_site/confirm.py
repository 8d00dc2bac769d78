"""Confirmation before destructive actions.

A destructive POST carries ``confirmed=yes``. The button's form has ``data-confirm`` with the
question: static/js/confirm.js asks it in a <dialog> and adds the field. Without JavaScript
(or with a forged request) the POST arrives without it, and the view answers with a
confirmation page that repeats the question and posts the same fields again with
``confirmed=yes``. Views call `confirmation_required` after their access checks, so a refused
person still gets their 403/404 and nothing happens until the confirmation.
"""

from __future__ import annotations

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
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in request.POST.getlist(name)
    ]
    context = {
        "question": question,
        "detail": detail,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action": request.path,
        "fields": fields,
        "confirm_field": CONFIRM_FIELD,
    }
    if program is not None:
        context.update({"program": program, "access": access})
    return render(request, "confirm.html", context)
