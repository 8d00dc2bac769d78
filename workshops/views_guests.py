"""Guests: people without an account who join one workshop through its guest link.

A guest is not signed in. The session remembers which guest this browser joined each workshop
as (`workshop_guests`: workshop id -> guest id), and only the views of this module read it:
every other page of the site asks for a sign-in as before, so a guest reaches the board of the
one workshop and nothing else (no story, interview, home page, other workshop or admin). The
link stops working when the facilitator replaces or revokes it, and when the workshop closes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from methods.models_workshops import Contribution
from organizations.forms import apply_errors
from workshops import selectors as sel
from workshops import services
from workshops.forms import ContributionForm, GuestJoinForm
from workshops.selectors import GuestAccess
from workshops.views_common import board_changes, contribution_card, error_text

SESSION_KEY = "workshop_guests"


def _remember(request, guest) -> None:
    known = dict(request.session.get(SESSION_KEY) or {})
    known[str(guest.workshop_id)] = guest.pk
    request.session[SESSION_KEY] = known


def _guest(request, token: str):
    """The workshop of the link and the guest this browser joined it as: 404 for a link that
    no longer works, 403 for a browser that has not joined this workshop."""
    workshop = sel.guest_workshop(token)
    guest = sel.guest_of_session(request.session, workshop)
    if guest is None:
        raise PermissionDenied
    return workshop, guest, GuestAccess(guest)


@require_http_methods(["GET", "POST"])
def guest_join(request, token: str):
    workshop = sel.guest_workshop(token)
    if sel.guest_of_session(request.session, workshop) is not None:
        return redirect("workshops:guest_board", token)
    form = GuestJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.guest_join(
                workshop=workshop, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _remember(request, guest)
            return redirect("workshops:guest_board", token)
    return render(
        request,
        "methods/workshops/guest_join.html",
        {"form": form, "workshop": workshop},
        status=400 if form.errors else 200,
    )


def _page(request, workshop, guest, access, *, form=None, status=200):
    return render(
        request,
        "methods/workshops/guest_board.html",
        {
            "workshop": workshop,
            "guest": guest,
            "board": sel.workshop_board(workshop, access),
            "contribution_form": form or ContributionForm(),
        },
        status=status,
    )


@require_GET
def guest_board(request, token: str):
    workshop, guest, access = _guest(request, token)
    return _page(request, workshop, guest, access)


@require_GET
def guest_poll(request, token: str):
    """The guest's poll: 204 for an unchanged workshop, the new cards alone when only
    contributions were added, as for members."""
    workshop, guest, access = _guest(request, token)
    since = request.GET.get("v", "")
    if since == str(workshop.version):
        return HttpResponse(status=204)
    changes = sel.workshop_board_changes(workshop, access, since)
    if changes is not None:
        return board_changes(request, changes)
    return render(
        request,
        "methods/workshops/_board.html",
        {"workshop": workshop, "board": sel.workshop_board(workshop, access)},
    )


@require_POST
def guest_contribute(request, token: str):
    workshop, guest, access = _guest(request, token)
    form = ContributionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.contribution_add(
            access=access,
            workshop=workshop,
            by=None,
            text=data.get("text", ""),
            anonymous=data.get("anonymous", False),
            position=_position(request),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        if request.htmx:
            return render(
                request,
                "methods/workshops/_contribute.html",
                {"workshop": workshop, "contribution_form": form, "board": _board_stub(guest)},
            )
        return _page(request, workshop, guest, access, form=form, status=400)
    if request.htmx:
        response = render(
            request,
            "methods/workshops/_contribute.html",
            {
                "workshop": workshop,
                "board": _board_stub(guest),
                "contribution_form": ContributionForm(
                    initial={"anonymous": data.get("anonymous", False)}
                ),
                "sent": True,
            },
        )
        response["HX-Trigger"] = "board-changed"
        return response
    return redirect("workshops:guest_board", token)


def _board_stub(guest):
    return {"guest": guest}


def _position(request) -> int | None:
    try:
        return int(request.POST.get("position", ""))
    except ValueError:
        return None


@require_POST
def guest_vote(request, token: str, pk: int):
    workshop, guest, access = _guest(request, token)
    contribution = (
        Contribution.objects.select_related("workshop", "step").filter(pk=pk, workshop=workshop)
    ).first()
    if contribution is None:
        raise Http404
    give = request.POST.get("give")
    try:
        if give in ("0", "1"):
            services.vote_set(access=access, contribution=contribution, by=None, give=give == "1")
        else:
            services.vote_toggle(access=access, contribution=contribution, by=None)
    except ValidationError as exc:
        return _alert_or_back(request, token, error_text(exc))
    if request.htmx:
        return contribution_card(request, workshop, contribution, access)
    return redirect("workshops:guest_board", token)


@require_POST
def guest_breakout_report(request, token: str):
    workshop, guest, access = _guest(request, token)
    try:
        services.breakout_report(
            access=access, workshop=workshop, by=None, text=request.POST.get("report", "")
        )
    except ValidationError as exc:
        return _alert_or_back(request, token, error_text(exc))
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "board-changed"
        return response
    return redirect("workshops:guest_board", token)


def _alert_or_back(request, token: str, error: str):
    if request.htmx:
        response = render(request, "methods/workshops/_alert.html", {"error": error})
        response["HX-Retarget"] = "#workshop-alerts"
        response["HX-Reswap"] = "innerHTML"
        return response
    from django.contrib import messages

    messages.error(request, error)
    return redirect("workshops:guest_board", token)


__all__ = ["guest_board", "guest_contribute", "guest_join", "guest_poll", "guest_vote"]
