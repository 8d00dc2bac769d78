"""The facilitator's room screen (a projector view), and a workshop's summary taken away: PDF
(the books' WeasyPrint pipeline), CSV, e-mail to the participants, and its .ics invitation."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lfs_site.downloads import attachment, csv_bytes
from lfs_site.ics import ics_response, invitation
from workshops import selectors as sel
from workshops import services
from workshops.selectors import ProjectorAccess
from workshops.views_common import qr_data_uri


def _runner(request, pk: int):
    workshop, access = sel.workshop_get_for_user(request.user, pk)
    if not access.can_run_workshops:
        raise PermissionDenied
    return workshop, access


@login_required
@require_GET
def workshop_room(request, pk: int):
    """The projector view: the current step, the join code and QR codes, the timer and the
    revealed contributions, in large type, updated live. Drawn as nobody in particular: no
    "you", nothing hidden shown, no dot counts before the vote ends."""
    workshop, _access = _runner(request, pk)
    join_url = request.build_absolute_uri(reverse("workshops:workshop_join"))
    if workshop.code:
        join_url += f"?code={workshop.code}"
    guest_url = (
        request.build_absolute_uri(reverse("workshops:guest_join", args=[workshop.guest_token]))
        if workshop.guest_token
        else ""
    )
    return render(
        request,
        "methods/workshops/room.html",
        {
            "workshop": workshop,
            "board": sel.workshop_board(workshop, ProjectorAccess()),
            "join_url": join_url,
            "join_qr": qr_data_uri(join_url, scale=8),
            "guest_url": guest_url,
            "guest_qr": qr_data_uri(guest_url, scale=8) if guest_url else "",
        },
    )


@login_required
@require_GET
def room_board(request, pk: int):
    workshop, _access = sel.workshop_version_for_user(request.user, pk)
    if request.GET.get("v") == str(workshop.version):
        return HttpResponse(status=204)
    access = sel.board_access_or_404(request.user, workshop)
    if not access.can_run_workshops:
        raise PermissionDenied
    return render(
        request,
        "methods/workshops/_room_board.html",
        {"workshop": workshop, "board": sel.workshop_board(workshop, ProjectorAccess())},
    )


# The summary taken away -----------------------------------------------------------------


@login_required
@require_GET
def summary_csv(request, pk: int):
    """One row per contribution, as the reader may see it (an anonymous one names nobody)."""
    workshop, _access = sel.workshop_get_for_user(request.user, pk)
    rows = [[_("Step"), _("Question"), _("Group"), _("Contribution"), _("By"), _("Dots")]]
    for row in sel.workshop_summary(workshop, request.user):
        for item in row["items"]:
            rows.append(
                [
                    row["step"].position,
                    row["step"].label,
                    item.group_name,
                    item.text,
                    item.author_label,
                    item.votes,
                ]
            )
    return attachment(csv_bytes(rows), "text/csv; charset=utf-8", f"workshop-{workshop.pk}.csv")


@login_required
@require_GET
def summary_pdf(request, pk: int):
    """The summary as a PDF, laid out by the books' renderer (WeasyPrint through its fetcher
    that reads nothing but the app's own files), in the reader's language and direction."""
    from workshops.pdf import summary_pdf_bytes

    workshop, _access = sel.workshop_get_for_user(request.user, pk)
    rows = sel.workshop_summary(workshop, request.user)
    pdf = summary_pdf_bytes(
        workshop=workshop,
        rows=rows,
        action_items=list(sel.action_items_of(workshop)),
        rtl=(get_language() or "en")[:2] in ("he", "ar"),
    )
    return attachment(pdf, "application/pdf", f"workshop-{workshop.pk}.pdf")


@login_required
@require_POST
def summary_send(request, pk: int):
    """E-mail the summary to every participant with an address, each in their language and
    as they may see it."""
    workshop, access = _runner(request, pk)
    sent = services.summary_send(access=access, workshop=workshop)
    messages.success(
        request,
        _("The summary has been e-mailed to %(n)d participants.") % {"n": sent},
    )
    return redirect("workshops:workshop_summary", workshop.pk)


@login_required
@require_GET
def workshop_ics(request, pk: int):
    workshop, _access = sel.workshop_get_for_user(request.user, pk)
    url = request.build_absolute_uri(workshop.get_absolute_url())
    data = invitation(
        uid=f"workshop-{workshop.pk}@lfs",
        summary=workshop.title,
        starts_at=workshop.scheduled_for,
        duration=dt.timedelta(hours=2),
        description=f"{workshop.get_method_display()}\n{url}",
        url=url,
        cancelled=False,
    )
    return ics_response(data, f"workshop-{workshop.pk}")
