"""Writes of workshops, learning questions, inquiry cycles, learning logs and patterns.

One function per use case, keyword-only, in a transaction, permission checked first. Every
change to a live workshop that others may see bumps its `version`, which is what the
participants' screens poll; every change but a new contribution also moves its
`layout_version`, so that a screen is sent only the new contributions when nothing else
changed (`selectors.workshop_board_changes`).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lfs_site.mail import send_to_user
from methods.models_workshops import (
    MAX_CONTRIBUTION_CHARS,
    PROTOCOL_STEPS,
    VOTES_PER_STEP,
    ActionItem,
    BreakoutMember,
    Contribution,
    ContributionGroup,
    InquiryCycle,
    LearningLogEntry,
    LearningPattern,
    LearningQuestion,
    Method,
    Participation,
    PatternEvidence,
    ProspectiveStage,
    Vote,
    Workshop,
    WorkshopGuest,
    WorkshopStep,
)
from methods.selectors import question_set_current
from organizations.models import User
from organizations.selectors import program_access
from reflection.selectors import templates_visible_to
from reflection.services import template_steps_for_workshop
from stories.principles.services import principle_add
from stories.selectors import story_get_for_user
from workshops.selectors import (
    MethodsAccess,
    action_items_of,
    can_edit_cycles,
    workshop_summary,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 6
CODE_LIFETIME = dt.timedelta(hours=12)
#: Guests one workshop takes: a link passed around further than meant cannot flood the board.
MAX_GUESTS = 200


def _clean(value: str | None) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def _require_runner(access: MethodsAccess) -> None:
    if not access.can_run_workshops:
        raise PermissionDenied


def _require_member(access: MethodsAccess) -> None:
    if not access.can_view:
        raise PermissionDenied


def _bump(workshop: Workshop) -> None:
    """A change to the board's layout (anything but a new contribution): screens redraw it."""
    Workshop.objects.filter(pk=workshop.pk).update(
        version=F("version") + 1, layout_version=F("version") + 1
    )
    workshop.version += 1
    workshop.layout_version = workshop.version


def _bump_for_contribution(workshop: Workshop) -> int:
    """A new contribution alone: the workshop's new version, which the contribution keeps.
    The UPDATE locks the workshop's row until the transaction commits, so versions are given
    (and become visible) in order, each contribution with the version it made."""
    Workshop.objects.filter(pk=workshop.pk).update(version=F("version") + 1)
    workshop.version = Workshop.objects.filter(pk=workshop.pk).values_list("version", flat=True)[0]
    return workshop.version


def _require_open(workshop: Workshop) -> None:
    if workshop.status != Workshop.Status.OPEN:
        raise ValidationError(
            _("The workshop is not open: nothing can be added now.")
            if workshop.status == Workshop.Status.PLANNED
            else _("The workshop has been closed: nothing can be added any more.")
        )


def _require_contributable(workshop: Workshop) -> None:
    """Contributions (and dots) are taken while the workshop runs live, and ahead of it when
    it is open for input (the async phase)."""
    if workshop.status != Workshop.Status.ASYNC:
        _require_open(workshop)


def _require_guest_of(access, workshop: Workshop) -> WorkshopGuest | None:
    """The guest acting (a GuestAccess), refused outside the one workshop they joined."""
    guest = getattr(access, "guest", None)
    if guest is not None and guest.workshop_id != workshop.pk:
        raise PermissionDenied
    return guest


def _current_step(workshop: Workshop) -> WorkshopStep:
    step = WorkshopStep.objects.filter(
        workshop=workshop, position=workshop.current_position
    ).first()
    if step is None:
        raise ValidationError(_("The workshop has no step to add to."))
    return step


# Planning, opening, joining -------------------------------------------------------------


@transaction.atomic
def workshop_plan(
    *,
    access: MethodsAccess,
    by: User,
    method: str,
    title: str,
    scheduled_for: dt.datetime,
    story=None,
    learning_question: LearningQuestion | None = None,
    participants: list[User] | tuple = (),
    template=None,
) -> Workshop:
    """A planned workshop with its method's steps: the ten guiding questions of the
    organization's current set for a retrospective one, the method's stages otherwise; or,
    planned from a reflection template, the template's steps, prompts and timers (copied, so
    a later edit of the template leaves the workshop as planned)."""
    _require_runner(access)
    program = access.program
    errors: dict[str, str] = {}
    if template is not None:
        if not templates_visible_to(by).filter(pk=template.pk).exists():
            errors["template"] = _("Choose a template you may use.")
        method = template.method
    if story is not None and (
        story.program_id != program.pk or story.organization_id != program.organization_id
    ):
        errors["story"] = _("Choose a success of this program.")
    if learning_question is not None and learning_question.program_id != program.pk:
        errors["learning_question"] = _("Choose a learning question of this program.")
    if method == Method.RETROSPECTIVE and story is None and template is None:
        errors["story"] = _("A retrospective workshop is about one success: choose it.")
    if method == Method.PROSPECTIVE and learning_question is None and template is None:
        errors["learning_question"] = _(
            "A prospective workshop pursues a learning question: choose it."
        )
    if errors:
        raise ValidationError(errors)
    workshop = Workshop(
        program=program,
        method=method,
        title=" ".join(_clean(title).split()),
        scheduled_for=scheduled_for,
        story=story,
        learning_question=learning_question,
        template=template,
        facilitator=by,
    )
    workshop.full_clean()
    workshop.save()
    if template is not None:
        steps = [
            WorkshopStep(workshop=workshop, position=i, key=f"t{i}", **fields)
            for i, fields in enumerate(template_steps_for_workshop(template), start=1)
        ]
    elif method == Method.RETROSPECTIVE:
        questions = question_set_current(program.organization).questions.order_by("position")
        steps = [
            WorkshopStep(workshop=workshop, position=i, question=q, key=f"q{q.position}")
            for i, q in enumerate(questions, start=1)
        ]
    else:
        steps = [
            WorkshopStep(workshop=workshop, position=i, key=key)
            for i, (key, _label, _prompt) in enumerate(PROTOCOL_STEPS[method], start=1)
        ]
    WorkshopStep.objects.bulk_create(steps)
    Participation.objects.bulk_create(
        [Participation(workshop=workshop, user=u, invited=True) for u in participants]
    )
    return workshop


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Workshop.objects.filter(code=code, status=Workshop.Status.OPEN).exists():
            return code


@transaction.atomic
def workshop_open(*, access: MethodsAccess, workshop: Workshop) -> Workshop:
    """Open the workshop for joining, with a fresh short code valid for twelve hours."""
    _require_runner(access)
    if workshop.status == Workshop.Status.CLOSED:
        raise ValidationError(_("A closed workshop cannot be opened again."))
    now = timezone.now()
    if workshop.status == Workshop.Status.ASYNC:
        # What was written ahead stays hidden until the facilitator has read it and reveals
        # it step by step during the session.
        WorkshopStep.objects.filter(
            workshop=workshop, contributions__removed_at__isnull=True
        ).update(revealed=False)
    workshop.status = Workshop.Status.OPEN
    workshop.code = _new_code()
    workshop.code_expires_at = now + CODE_LIFETIME
    workshop.opened_at = workshop.opened_at or now
    workshop.save(update_fields=["status", "code", "code_expires_at", "opened_at"])
    _bump(workshop)
    return workshop


def workshop_find_by_code(*, user: User, code: str) -> Workshop:
    """The open workshop a code opens, for a member of its program. The same answer for a code
    that does not exist and one of a program the person is not in."""
    code = "".join((code or "").split()).upper()
    if not code:
        raise ValidationError({"code": _("Type the code the facilitator shows on the screen.")})
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise ValidationError(
            {"code": _("A workshop code has six letters and digits, like K7PQ2M. Check it.")}
        )
    workshop = Workshop.objects.select_related("program").filter(code=code).order_by("-pk").first()
    if workshop is None or not program_access(user, workshop.program).is_member:
        raise ValidationError(
            {"code": _("No workshop has this code. Check it with the facilitator.")}
        )
    if workshop.status != Workshop.Status.OPEN or (
        workshop.code_expires_at and workshop.code_expires_at < timezone.now()
    ):
        raise ValidationError(
            {
                "code": _(
                    "This code has expired: the workshop is no longer open. Ask the facilitator "
                    "for the current code."
                )
            }
        )
    return workshop


@transaction.atomic
def workshop_join(*, access: MethodsAccess, workshop: Workshop, by: User) -> Participation:
    _require_member(access)
    _require_contributable(workshop)
    participation, created = Participation.objects.get_or_create(
        workshop=workshop, user=by, defaults={"joined_at": timezone.now()}
    )
    if participation.joined_at is None:
        participation.joined_at = timezone.now()
        participation.save(update_fields=["joined_at"])
        created = True
    if created:
        _bump(workshop)
    return participation


@transaction.atomic
def workshop_go_to_step(*, access: MethodsAccess, workshop: Workshop, position: int) -> Workshop:
    _require_runner(access)
    _require_open(workshop)
    if not WorkshopStep.objects.filter(workshop=workshop, position=position).exists():
        raise ValidationError(_("There is no such step."))
    workshop.current_position = position
    workshop.save(update_fields=["current_position"])
    _bump(workshop)
    return workshop


@transaction.atomic
def workshop_close(*, access: MethodsAccess, workshop: Workshop) -> Workshop:
    _require_runner(access)
    if workshop.status == Workshop.Status.CLOSED:
        return workshop
    workshop.status = Workshop.Status.CLOSED
    workshop.closed_at = timezone.now()
    workshop.code_expires_at = workshop.closed_at
    workshop.save(update_fields=["status", "closed_at", "code_expires_at"])
    WorkshopStep.objects.filter(workshop=workshop).update(timer_ends_at=None, voting_open=False)
    _bump(workshop)
    return workshop


# Contributions --------------------------------------------------------------------------


@transaction.atomic
def contribution_add(
    *,
    access,
    workshop: Workshop,
    by: User | None,
    text: str,
    anonymous: bool = False,
    position: int | None = None,
) -> Contribution:
    """A participant's note on the current step (or, ahead of the session, on the step at
    `position`). Plain text: markup is kept as typed and escaped wherever it is shown. `access`
    is a GuestAccess for a guest (then `by` is None)."""
    _require_member(access)
    guest = _require_guest_of(access, workshop)
    _require_contributable(workshop)
    text = _clean(text)
    if not text:
        raise ValidationError({"text": _("Write something before you send it.")})
    if len(text) > MAX_CONTRIBUTION_CHARS:
        raise ValidationError(
            {
                "text": _(
                    "At most %(limit)d characters (this has %(n)d): shorten it or split it "
                    "into two contributions."
                )
                % {"limit": MAX_CONTRIBUTION_CHARS, "n": len(text)}
            }
        )
    if workshop.status == Workshop.Status.ASYNC and position is not None:
        step = WorkshopStep.objects.filter(workshop=workshop, position=position).first()
        if step is None:
            raise ValidationError({"step": _("There is no such step.")})
    else:
        step = _current_step(workshop)
    group = None
    if step.breakout_active:  # what is written in a breakout goes to the writer's group
        group = breakout_group_of(step, user=by if guest is None else None, guest=guest)
    joined = False
    if guest is None:
        _participation, joined = Participation.objects.get_or_create(
            workshop=workshop, user=by, defaults={"joined_at": timezone.now()}
        )
    contribution = Contribution(
        workshop=workshop,
        step=step,
        author=None if guest is not None else by,
        guest=guest,
        anonymous=anonymous,
        text=text,
        group=group,
    )
    contribution.full_clean(exclude=["author"])  # a guest's has none
    if joined:  # the number of participants on every screen changes too
        _bump(workshop)
        contribution.added_version = Workshop.objects.values_list("version", flat=True).get(
            pk=workshop.pk
        )
    else:
        contribution.added_version = _bump_for_contribution(workshop)
    contribution.save()
    return contribution


@transaction.atomic
def step_set_revealed(*, access: MethodsAccess, workshop: Workshop, revealed: bool) -> None:
    """Hide the current step's contributions while people think, then reveal them together."""
    _require_runner(access)
    _require_open(workshop)
    step = _current_step(workshop)
    step.revealed = revealed
    step.save(update_fields=["revealed"])
    _bump(workshop)


@transaction.atomic
def step_timer_set(*, access: MethodsAccess, workshop: Workshop, minutes: int) -> None:
    """Start a countdown of `minutes` on the current step (0 stops it)."""
    _require_runner(access)
    _require_open(workshop)
    if not 0 <= minutes <= 60:
        raise ValidationError({"minutes": _("Choose between 1 and 60 minutes.")})
    step = _current_step(workshop)
    step.timer_ends_at = timezone.now() + dt.timedelta(minutes=minutes) if minutes else None
    step.save(update_fields=["timer_ends_at"])
    _bump(workshop)


@transaction.atomic
def group_create(*, access: MethodsAccess, workshop: Workshop, name: str) -> ContributionGroup:
    _require_runner(access)
    _require_open(workshop)
    name = " ".join(_clean(name).split())
    if not name:
        raise ValidationError({"name": _("Name the group.")})
    group = ContributionGroup(step=_current_step(workshop), name=name)
    group.full_clean()
    group.save()
    _bump(workshop)
    return group


@transaction.atomic
def contribution_set_group(
    *, access: MethodsAccess, contribution: Contribution, group: ContributionGroup | None
) -> None:
    _require_runner(access)
    _require_open(contribution.workshop)
    if group is not None and group.step_id != contribution.step_id:
        raise ValidationError({"group": _("Choose a group of the same step.")})
    contribution.group = group
    contribution.save(update_fields=["group"])
    _bump(contribution.workshop)


@transaction.atomic
def step_set_voting(*, access: MethodsAccess, workshop: Workshop, open_: bool) -> None:
    _require_runner(access)
    _require_open(workshop)
    step = _current_step(workshop)
    step.voting_open = open_
    step.save(update_fields=["voting_open"])
    _bump(workshop)


@transaction.atomic
def vote_set(*, access, contribution: Contribution, by: User | None, give: bool) -> bool:
    """Give (`give`) or take back a dot; each participant (member or guest) has
    VOTES_PER_STEP dots per step. Idempotent: a second "give" from a double click finds the
    dot there and changes nothing, so rapid clicks never double or lose a dot. The step row is
    locked (select_for_update) so that two tabs cannot together exceed the dots; the unique
    constraints on (contribution, voter) and (contribution, guest) are the last guard.
    Returns whether the contribution now carries the person's dot."""
    _require_member(access)
    workshop = contribution.workshop
    guest = _require_guest_of(access, workshop)
    _require_contributable(workshop)
    step = WorkshopStep.objects.select_for_update().get(pk=contribution.step_id)
    if not step.voting_open:
        raise ValidationError(_("Voting is not open on this step."))
    if contribution.removed_at is not None or contribution.merged_into_id is not None:
        raise ValidationError(_("This contribution is no longer on the board."))
    who: dict[str, object] = {"guest": guest} if guest is not None else {"voter": by}
    existing = Vote.objects.filter(contribution=contribution, **who)
    # No screen but the voter's changes while the vote is open (nobody sees counts until it
    # ends), and the voter's card is answered at once: a dot does not bump the version, so 40
    # people voting do not redraw 40 boards each.
    if not give:
        existing.delete()
        return False
    if existing.exists():
        return True
    if Vote.objects.filter(contribution__step=step, **who).count() >= VOTES_PER_STEP:
        raise ValidationError(
            _("You have used your %(n)d dots on this step: take one back to move it.")
            % {"n": VOTES_PER_STEP}
        )
    try:
        with transaction.atomic():  # a savepoint: the unique constraint is the last guard
            Vote.objects.create(contribution=contribution, **who)
    except IntegrityError:  # the same dot given at the same instant elsewhere: it is there
        return True
    return True


def vote_toggle(*, access, contribution: Contribution, by: User | None) -> bool:
    """Give a dot if the person has none on the contribution, else take it back."""
    guest = getattr(access, "guest", None)
    who: dict[str, object] = {"guest": guest} if guest is not None else {"voter": by}
    give = not Vote.objects.filter(contribution=contribution, **who).exists()
    return vote_set(access=access, contribution=contribution, by=by, give=give)


# Guests ---------------------------------------------------------------------------------


@transaction.atomic
def guest_link_create(*, access: MethodsAccess, workshop: Workshop) -> Workshop:
    """A fresh guest link (the old one stops working): for people without an account, for
    this workshop only, until it closes."""
    _require_runner(access)
    if workshop.status == Workshop.Status.CLOSED:
        raise ValidationError(_("The workshop has been closed: guests can no longer join."))
    workshop.guest_token = secrets.token_urlsafe(24)
    workshop.save(update_fields=["guest_token"])
    _bump(workshop)
    return workshop


@transaction.atomic
def guest_link_revoke(*, access: MethodsAccess, workshop: Workshop) -> Workshop:
    """No more guests join; those who joined are shut out too (their link no longer opens)."""
    _require_runner(access)
    workshop.guest_token = ""
    workshop.save(update_fields=["guest_token"])
    _bump(workshop)
    return workshop


@transaction.atomic
def guest_join(*, workshop: Workshop, display_name: str) -> WorkshopGuest:
    """A person without an account joins the workshop its guest link opens."""
    if not workshop.guest_token or workshop.status == Workshop.Status.CLOSED:
        raise ValidationError(_("This guest link no longer works."))
    name = " ".join(_clean(display_name).split())
    if not name:
        raise ValidationError({"display_name": _("Write the name the others will see.")})
    if len(name) > 60:
        raise ValidationError({"display_name": _("At most 60 characters.")})
    if WorkshopGuest.objects.filter(workshop=workshop).count() >= MAX_GUESTS:
        raise ValidationError(
            _("This workshop has all the guests it can take. Ask the facilitator.")
        )
    guest = WorkshopGuest(workshop=workshop, display_name=name)
    guest.full_clean()
    guest.save()
    _bump(workshop)
    return guest


def summary_send(*, access: MethodsAccess, workshop: Workshop) -> int:
    """E-mail the summary to each participant with an address: plain text, in their own
    language, drawn as they may see it (their own contributions as "you", an anonymous one
    naming nobody). Returns how many were sent."""
    _require_runner(access)
    people = User.objects.filter(
        participations__workshop=workshop, participations__joined_at__isnull=False
    ).distinct()
    sent = 0
    for person in people:
        context = {
            "workshop": workshop,
            "rows": workshop_summary(workshop, person),
            "action_items": list(action_items_of(workshop)),
        }
        sent += send_to_user(
            person,
            subject_template="methods/workshops/email/summary_subject.txt",
            body_template="methods/workshops/email/summary_body.txt",
            context=context,
        )
    workshop.summary_sent_at = timezone.now()
    workshop.save(update_fields=["summary_sent_at"])
    return sent


# Breakout groups -----------------------------------------------------------------------

MAX_BREAKOUTS = 8


def breakout_group_of(step: WorkshopStep, *, user=None, guest=None) -> ContributionGroup | None:
    """The breakout group of the step a person (a member or a guest) works in."""
    who: dict[str, object] = {"guest": guest} if guest is not None else {"user": user}
    member = BreakoutMember.objects.filter(group__step=step, **who).select_related("group").first()
    return member.group if member else None


@transaction.atomic
def breakout_start(*, access: MethodsAccess, workshop: Workshop, count: int) -> list:
    """Split the people present (members who joined and guests) into `count` breakout groups
    for the current step, dealt at random; each group sees its own contributions until
    `breakout_end`. The facilitator stays with everyone."""
    _require_runner(access)
    _require_open(workshop)
    if not 2 <= count <= MAX_BREAKOUTS:
        raise ValidationError(
            {"count": _("Choose between 2 and %(n)d groups.") % {"n": MAX_BREAKOUTS}}
        )
    step = WorkshopStep.objects.select_for_update().get(pk=_current_step(workshop).pk)
    if step.breakout_active:
        raise ValidationError(_("This step is already in breakout groups."))
    people: list[dict] = [
        {"user_id": p.user_id}
        for p in Participation.objects.filter(workshop=workshop, joined_at__isnull=False)
        if p.user_id != workshop.facilitator_id
    ] + [{"guest_id": g.pk} for g in WorkshopGuest.objects.filter(workshop=workshop)]
    if len(people) < count:
        raise ValidationError(
            {"count": _("Fewer people have joined than groups: choose fewer groups.")}
        )
    secrets.SystemRandom().shuffle(people)
    groups = [
        ContributionGroup.objects.create(step=step, name=_("Group %(n)d") % {"n": i}, breakout=True)
        for i in range(1, count + 1)
    ]
    BreakoutMember.objects.bulk_create(
        [BreakoutMember(group=groups[i % count], **who) for i, who in enumerate(people)]
    )
    step.breakout_active = True
    step.save(update_fields=["breakout_active"])
    _bump(workshop)
    return groups


@transaction.atomic
def breakout_end(*, access: MethodsAccess, workshop: Workshop) -> None:
    """Bring everyone back: every group's contributions and report are shown to all."""
    _require_runner(access)
    step = _current_step(workshop)
    step.breakout_active = False
    step.save(update_fields=["breakout_active"])
    _bump(workshop)


@transaction.atomic
def breakout_report(*, access, workshop: Workshop, by: User | None, text: str) -> ContributionGroup:
    """A member of a breakout group (or a guest in one) writes the group's report back."""
    _require_member(access)
    guest = _require_guest_of(access, workshop)
    _require_open(workshop)
    step = _current_step(workshop)
    group = breakout_group_of(step, user=by if guest is None else None, guest=guest)
    if group is None or not step.breakout_active:
        raise ValidationError(_("You are not in a breakout group on this step."))
    text = _clean(text)
    if len(text) > 2000:
        raise ValidationError(
            {
                "report": _("At most %(limit)d characters (this has %(n)d).")
                % {"limit": 2000, "n": len(text)}
            }
        )
    group.report = text
    group.save(update_fields=["report"])
    _bump(workshop)
    return group


# Moderation -----------------------------------------------------------------------------


@transaction.atomic
def contribution_merge(
    *, access: MethodsAccess, contribution: Contribution, into: Contribution
) -> Contribution:
    """Merge a duplicate into another contribution of the same step: the duplicate leaves
    the board (kept, pointing at the one it joined) and its dots move there, none doubled."""
    _require_runner(access)
    _require_contributable(contribution.workshop)
    if (
        into.pk == contribution.pk
        or into.step_id != contribution.step_id
        or into.removed_at is not None
        or into.merged_into_id is not None
    ):
        raise ValidationError({"into": _("Choose another contribution of the same step.")})
    for vote in Vote.objects.filter(contribution=contribution):
        taken = Vote.objects.filter(contribution=into)
        if (vote.voter_id and taken.filter(voter_id=vote.voter_id).exists()) or (
            vote.guest_id and taken.filter(guest_id=vote.guest_id).exists()
        ):
            vote.delete()
        else:
            vote.contribution = into
            vote.save(update_fields=["contribution"])
    Contribution.objects.filter(merged_into=contribution).update(merged_into=into)
    contribution.merged_into = into
    contribution.save(update_fields=["merged_into"])
    _bump(contribution.workshop)
    return into


@transaction.atomic
def contribution_remove(
    *, access: MethodsAccess, contribution: Contribution, by: User, reason: str
) -> Contribution:
    """Take a contribution off the board with a reason; it is kept for the record (text,
    reason, who removed it and when) and its dots go back to those who gave them."""
    _require_runner(access)
    reason = " ".join(_clean(reason).split())
    if not reason:
        raise ValidationError({"reason": _("Say why the contribution is removed.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("At most 300 characters.")})
    if contribution.removed_at is not None:
        raise ValidationError(_("This contribution has already been removed."))
    contribution.removed_at = timezone.now()
    contribution.removed_reason = reason
    contribution.removed_by = by
    contribution.save(update_fields=["removed_at", "removed_reason", "removed_by"])
    Vote.objects.filter(contribution=contribution).delete()
    _bump(contribution.workshop)
    return contribution


@transaction.atomic
def workshop_open_ahead(*, access: MethodsAccess, workshop: Workshop) -> Workshop:
    """Open a planned workshop for contributions on any of its steps, days before it runs
    live (the async phase). Members join with the program's pages; guests with the link."""
    _require_runner(access)
    if workshop.status != Workshop.Status.PLANNED:
        raise ValidationError(_("Only a planned workshop can be opened for input ahead."))
    workshop.status = Workshop.Status.ASYNC
    workshop.save(update_fields=["status"])
    _bump(workshop)
    return workshop


@transaction.atomic
def action_item_add(
    *, access: MethodsAccess, workshop: Workshop, text: str, owner: User, due_on: dt.date
) -> ActionItem:
    _require_runner(access)
    if workshop.status == Workshop.Status.CLOSED:
        raise ValidationError(_("The workshop has been closed: nothing can be added any more."))
    item = ActionItem(
        workshop=workshop, text=" ".join(_clean(text).split()), owner=owner, due_on=due_on
    )
    item.full_clean()
    item.save()
    _bump(workshop)
    return item


@transaction.atomic
def action_item_mark_done(*, access: MethodsAccess, item: ActionItem, by: User) -> ActionItem:
    """The owner or a facilitator marks an action item done."""
    if not (access.can_run_workshops or item.owner_id == by.pk):
        raise PermissionDenied
    if item.done_at is None:
        item.done_at = timezone.now()
        item.save(update_fields=["done_at"])
        _bump(item.workshop)
    return item


@transaction.atomic
def contribution_promote(
    *,
    access: MethodsAccess,
    contribution: Contribution,
    by: User,
    target: str,
    situation: str = "",
    goal: str = "",
    action: str = "",
    kind: str = "",
    name: str = "",
) -> Contribution:
    """Turn a contribution into a principle of action of the workshop's success, a learning
    pattern of the program, or a new inquiry cycle of the workshop's learning question."""
    _require_runner(access)
    workshop = contribution.workshop
    if contribution.promoted_to:
        raise ValidationError(_("This contribution has already been promoted."))
    if target == Contribution.PromotedTo.PRINCIPLE:
        if workshop.story_id is None:
            raise ValidationError(_("This workshop is not about a success: no principle to add."))
        story, story_access = story_get_for_user(by, workshop.story_id)
        contribution.principle = principle_add(
            access=story_access,
            story=story,
            by=by,
            situation=situation,
            goal=goal,
            action=action,
        )
    elif target == Contribution.PromotedTo.PATTERN:
        pattern = pattern_create(
            access=access,
            by=by,
            kind=kind,
            name=name or contribution.text[:200],
            description=contribution.text,
        )
        PatternEvidence.objects.create(
            pattern=pattern, workshop=workshop, note=contribution.text[:500]
        )
        contribution.pattern = pattern
    elif target == Contribution.PromotedTo.CYCLE:
        learning_question = workshop.learning_question
        if learning_question is None:
            raise ValidationError(_("This workshop pursues no learning question: no cycle to add."))
        contribution.cycle = cycle_add(
            access=access,
            learning_question=learning_question,
            by=by,
            goal=name or contribution.text[:400],
            theory_of_action=contribution.text if name else "",
        )
    else:
        raise ValidationError(_("Choose what to promote the contribution to."))
    contribution.promoted_to = target
    contribution.save(update_fields=["promoted_to", "principle", "pattern", "cycle"])
    _bump(workshop)
    return contribution


# Prospective method ---------------------------------------------------------------------


@transaction.atomic
def learning_question_create(
    *,
    access: MethodsAccess,
    by: User,
    question: str,
    why_it_matters: str = "",
    team: list[User] | tuple = (),
) -> LearningQuestion:
    if not access.can_manage_prospective:
        raise PermissionDenied
    lq = LearningQuestion(
        program=access.program,
        question=" ".join(_clean(question).split()),
        why_it_matters=_clean(why_it_matters),
        stage=ProspectiveStage.QUESTION,
        created_by=by,
    )
    lq.full_clean()
    lq.save()
    lq.team.set(team)
    return lq


@transaction.atomic
def learning_question_set_stage(
    *, access: MethodsAccess, learning_question: LearningQuestion, stage: str
) -> LearningQuestion:
    if not can_edit_cycles(access, learning_question):
        raise PermissionDenied
    if stage not in ProspectiveStage.values:
        raise ValidationError({"stage": _("Choose one of the method's stages.")})
    learning_question.stage = stage
    learning_question.save(update_fields=["stage"])
    return learning_question


CYCLE_FIELDS = (
    "goal",
    "theory_of_action",
    "experiment",
    "data_collected",
    "learned",
    "next_step",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
)


def _check_dates(cycle: InquiryCycle) -> None:
    errors = {}
    if cycle.planned_start and cycle.planned_end and cycle.planned_end < cycle.planned_start:
        errors["planned_end"] = _("The planned end comes before the planned start.")
    if cycle.actual_start and cycle.actual_end and cycle.actual_end < cycle.actual_start:
        errors["actual_end"] = _("The actual end comes before the actual start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cycle_add(
    *, access: MethodsAccess, learning_question: LearningQuestion, by: User, goal: str, **fields
) -> InquiryCycle:
    if not can_edit_cycles(access, learning_question):
        raise PermissionDenied
    LearningQuestion.objects.select_for_update().filter(pk=learning_question.pk).first()
    number = (learning_question.cycles.aggregate(n=Max("number"))["n"] or 0) + 1
    cycle = InquiryCycle(
        learning_question=learning_question, number=number, goal=goal, created_by=by
    )
    for name, value in fields.items():
        if name in CYCLE_FIELDS:
            setattr(cycle, name, _clean(value) if isinstance(value, str) else value)
    cycle.goal = " ".join(_clean(goal).split())
    _check_dates(cycle)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_update(*, access: MethodsAccess, cycle: InquiryCycle, **fields) -> InquiryCycle:
    if not can_edit_cycles(access, cycle.learning_question):
        raise PermissionDenied
    for name, value in fields.items():
        if name in CYCLE_FIELDS:
            setattr(cycle, name, _clean(value) if isinstance(value, str) else value)
    cycle.goal = " ".join(cycle.goal.split())
    _check_dates(cycle)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def log_entry_add(
    *,
    access: MethodsAccess,
    by: User,
    written_on: dt.date,
    learnt: str,
    patterns: str = "",
    learning_question: LearningQuestion | None = None,
    share: bool = False,
) -> LearningLogEntry:
    """A private journal entry (shared with the team only if the writer says so)."""
    _require_member(access)
    if learning_question is not None and learning_question.program_id != access.program.pk:
        raise ValidationError({"learning_question": _("Choose a question of this program.")})
    entry = LearningLogEntry(
        program=access.program,
        author=by,
        learning_question=learning_question,
        written_on=written_on,
        learnt=_clean(learnt),
        patterns=_clean(patterns),
        shared_at=timezone.now() if share else None,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def log_entry_set_shared(*, entry: LearningLogEntry, by: User, shared: bool) -> LearningLogEntry:
    """Only the writer shares an entry with the team (or takes it back)."""
    if entry.author_id != by.pk:
        raise PermissionDenied
    entry.shared_at = (entry.shared_at or timezone.now()) if shared else None
    entry.save(update_fields=["shared_at"])
    return entry


# Learning about learning ----------------------------------------------------------------


@transaction.atomic
def pattern_create(
    *, access: MethodsAccess, by: User, kind: str, name: str, description: str = ""
) -> LearningPattern:
    if not access.can_manage_prospective:
        raise PermissionDenied
    pattern = LearningPattern(
        program=access.program,
        kind=kind,
        name=" ".join(_clean(name).split())[:200],
        description=_clean(description),
        created_by=by,
    )
    pattern.full_clean()
    pattern.save()
    return pattern


@transaction.atomic
def pattern_evidence_add(
    *,
    access: MethodsAccess,
    pattern: LearningPattern,
    workshop: Workshop | None = None,
    cycle: InquiryCycle | None = None,
    log_entry: LearningLogEntry | None = None,
    note: str = "",
) -> PatternEvidence:
    if not access.can_manage_prospective:
        raise PermissionDenied
    program_id = pattern.program_id
    if not (workshop or cycle or log_entry):
        raise ValidationError(_("Link the evidence to a workshop, a cycle or a shared log entry."))
    if (
        (workshop and workshop.program_id != program_id)
        or (cycle and cycle.learning_question.program_id != program_id)
        or (log_entry and (log_entry.program_id != program_id or not log_entry.is_shared))
    ):
        raise ValidationError(_("Link the evidence to this program's own work."))
    evidence = PatternEvidence(
        pattern=pattern,
        workshop=workshop,
        cycle=cycle,
        log_entry=log_entry,
        note=" ".join(_clean(note).split()),
    )
    evidence.full_clean()
    evidence.save()
    return evidence
