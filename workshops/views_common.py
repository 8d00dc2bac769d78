"""What the workshop views of several modules share: an error's text, the QR code of a
link, and the one contribution's card a dot answers with."""

from __future__ import annotations

import segno
from django.core.exceptions import ValidationError
from django.shortcuts import render

from methods.models_workshops import VOTES_PER_STEP, Contribution, Vote, Workshop
from workshops import selectors as sel


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def qr_data_uri(url: str, *, scale: int = 6) -> str:
    """The QR code of `url` as an SVG data URI, drawn here (segno): no service sees the link."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


def contribution_card(request, workshop: Workshop, contribution: Contribution, access):
    """The voter's own dot at once: the contribution's card as the voter now sees it, and the
    dots they have left (out of band), without waiting for the next poll."""
    guest = getattr(access, "guest", None)
    step = contribution.step
    step.workshop = workshop
    c = sel._contributions([step.pk], access.user, guest).filter(pk=contribution.pk).first()
    who: dict[str, object] = {"guest": guest} if guest is not None else {"voter": access.user}
    used = Vote.objects.filter(contribution__step=step, **who).count()
    board = {
        "guest": guest,
        "can_run": access.can_run_workshops,
        "groups": [],
        "my_votes_left": max(0, VOTES_PER_STEP - used),
    }
    return render(
        request,
        "methods/workshops/_vote_answer.html",
        {
            "workshop": workshop,
            "step": step,
            "c": sel._view(c, access.user, guest, counts=not step.voting_open),
            "board": board,
        },
    )


def board_changes(request, changes: sel.BoardChanges):
    """A poll's answer when only contributions were added since the screen's version: the new
    cards and counts, each swapped into its own place by id (nothing in the board's place)."""
    response = render(
        request,
        "methods/workshops/_board_changes.html",
        {"workshop": changes.workshop, "board": changes},
    )
    response["HX-Reswap"] = "none"
    return response
