"""Every change of who holds which role is written to the audit log, whatever road made it.

Roles are memberships (a person's role in an organization or one of its programs), partner
organizations' teams in a program, a learning community's coordinators and member
organizations, and the unit, admin and superuser flags of an account. They change through
services, the admin, demo and management commands, imports, community pages and cascades
when an organization, a program or a person is deleted. Rather than trusting each of those
roads to remember, the audit is written here, at the models:

- a row saved or deleted one at a time (`save`, `create`, `get_or_create`, `delete`, a
  queryset's `delete`, a cascade, the admin, fixtures) sends Django's signals, answered below;
- a write that sends no signal (`update`, `bulk_create`, `bulk_update`) goes through
  `RoleAuditedQuerySet` (organizations.models), the managers of these models, which asks here;
- many-to-many changes send `m2m_changed`.

Who made the change comes from `acting(...)`: the request of the page (set for every request by
`AuditContextMiddleware`) or what a command or service says; with neither, the event has no
actor and says so. Summaries hold ids and fixed words only, like every audit summary.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from lfs_site.client import client_ip

from .models import AuditEvent, Community, Membership, Organization, Program, ProgramTeam, User

Action = AuditEvent.Action
USER_FLAGS = ("is_unit", "is_staff", "is_superuser")
MEMBERSHIP_FIELDS = ("user_id", "organization_id", "program_id", "role", "department_id")
TEAM_FIELDS = ("program_id", "organization_id")


@dataclass(frozen=True)
class Context:
    user: User | None = None
    request: object = None
    via: str = ""


_context: contextvars.ContextVar[Context | None] = contextvars.ContextVar(
    "lfs_role_audit", default=None
)


def _current() -> Context:
    return _context.get() or Context()


@contextlib.contextmanager
def acting(user: User | None = None, *, request=None, via: str = ""):
    """Role changes made inside are recorded as made by `user` (or the request's person),
    from the request's address, by way of `via` (a command's name, "admin"...)."""
    token = _context.set(Context(user=user, request=request, via=via))
    try:
        yield
    finally:
        _context.reset(token)


class AuditContextMiddleware:
    """Every request's role changes are recorded as the signed-in person's, from its address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import reverse

        via = "admin" if request.path.startswith(reverse("admin:index")) else ""
        with acting(request=request, via=via):
            return self.get_response(request)


def _actor() -> User | None:
    context = _current()
    user = context.user
    if user is None and context.request is not None:
        user = getattr(context.request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False) and user.pk:
        return user
    return None


def _event(
    action: str,
    obj: Model,
    summary: str,
    organization_id: int | None,
    actor: User | None = None,
) -> AuditEvent:
    context = _current()
    actor = actor if actor is not None else _actor()
    via = context.via or ("" if actor is not None else "no signed-in person")
    if via:
        summary = f"{summary} (by way of {via})"
    return AuditEvent(
        actor=actor,
        action=action,
        organization_id=organization_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk) if obj.pk is not None else "",
        summary=summary[:300],
        ip_address=client_ip(context.request),
    )


def _write(events: list[AuditEvent]) -> None:
    if len(events) == 1:
        events[0].save()
    elif events:
        AuditEvent.objects.bulk_create(events)


# What each kind of role says --------------------------------------------------------------


def _where(values: dict) -> str:
    text = f"organization {values['organization_id']}"
    if values.get("program_id"):
        text += f", program {values['program_id']}"
    if values.get("department_id"):
        text += f", department {values['department_id']}"
    return text


def _membership_given(m: Membership) -> AuditEvent:
    values = {f: getattr(m, f) for f in MEMBERSHIP_FIELDS}
    return _event(
        Action.ROLE_GIVEN,
        m,
        f"role {m.role} given to user {m.user_id} ({_where(values)})",
        m.organization_id,
    )


def _membership_changed(m: Membership, before: dict, after: dict) -> AuditEvent | None:
    changes = [
        f"{name.removesuffix('_id')} {before[name]} -> {after[name]}"
        for name in MEMBERSHIP_FIELDS
        if before[name] != after[name]
    ]
    if not changes:
        return None
    return _event(
        Action.ROLE_CHANGED,
        m,
        f"role of user {after['user_id']} changed: {'; '.join(changes)} ({_where(after)})",
        after["organization_id"],
    )


def _membership_removed(m: Membership, organization_id: int | None) -> AuditEvent:
    values = {f: getattr(m, f) for f in MEMBERSHIP_FIELDS}
    return _event(
        Action.ROLE_REMOVED,
        m,
        f"role {m.role} of user {m.user_id} removed ({_where(values)})",
        organization_id,
    )


def _host_of(team: ProgramTeam) -> int | None:
    """The organization whose program the team takes part in."""
    host = Program.objects.filter(pk=team.program_id).values_list("organization_id", flat=True)
    return host.first()


def _team_event(action: str, team: ProgramTeam, verb: str, organization_id) -> AuditEvent:
    return _event(
        action,
        team,
        f"team of organization {team.organization_id} {verb} program {team.program_id}",
        organization_id,
    )


def _flags(values: dict) -> str:
    return ", ".join(f.removeprefix("is_") for f in USER_FLAGS if values.get(f)) or "none"


def _user_changed(user: User, before: dict | None) -> AuditEvent | None:
    after = {f: getattr(user, f) for f in USER_FLAGS}
    if before is None:
        if not any(after.values()):
            return None
        return _event(
            Action.ROLE_GIVEN, user, f"user {user.pk} created with rights: {_flags(after)}", None
        )
    changes = [
        f"{f.removeprefix('is_')} {'on' if after[f] else 'off'}"
        for f in USER_FLAGS
        if bool(before[f]) != bool(after[f])
    ]
    if not changes:
        return None
    return _event(
        Action.ROLE_CHANGED, user, f"rights of user {user.pk} changed: {', '.join(changes)}", None
    )


# Signals: one row at a time -----------------------------------------------------------------


def _stored(model, pk, fields) -> dict | None:
    if pk is None:
        return None
    return model._base_manager.filter(pk=pk).values(*fields).first()


def _before_membership_save(sender, instance: Membership, raw=False, **kwargs) -> None:
    instance._role_audit_before = _stored(Membership, instance.pk, MEMBERSHIP_FIELDS)


def _after_membership_save(sender, instance: Membership, created, raw=False, **kwargs) -> None:
    before = getattr(instance, "_role_audit_before", None)
    if created or before is None:
        _write([_membership_given(instance)])
        return
    after = {f: getattr(instance, f) for f in MEMBERSHIP_FIELDS}
    event = _membership_changed(instance, before, after)
    if event is not None:
        _write([event])


def _deleted_with(origin, model) -> bool:
    """Whether the deletion started from rows of `model` (which are gone by the time the
    event is saved, so the event cannot refer to them)."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


def _after_membership_delete(sender, instance: Membership, origin=None, **kwargs) -> None:
    organization_id = None if _deleted_with(origin, Organization) else instance.organization_id
    _write([_membership_removed(instance, organization_id)])


def _after_team_save(sender, instance: ProgramTeam, created, raw=False, **kwargs) -> None:
    if created:
        _write([_team_event(Action.ROLE_GIVEN, instance, "joins", _host_of(instance))])


def _after_team_delete(sender, instance: ProgramTeam, origin=None, **kwargs) -> None:
    host = None if _deleted_with(origin, Organization) else _host_of(instance)
    _write([_team_event(Action.ROLE_REMOVED, instance, "leaves", host)])


def _before_user_save(sender, instance: User, raw=False, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not set(update_fields) & set(USER_FLAGS):
        instance._role_audit_skip = True  # a sign-in's last_login, a new password...
        return
    instance._role_audit_skip = False
    instance._role_audit_before = _stored(User, instance.pk, USER_FLAGS)


def _after_user_save(sender, instance: User, created, raw=False, **kwargs) -> None:
    if getattr(instance, "_role_audit_skip", False):
        return
    before = None if created else getattr(instance, "_role_audit_before", None)
    if not created and before is None:
        return
    event = _user_changed(instance, before)
    if event is not None:
        _write([event])


def _community_m2m(kind: str):
    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
        if action == "pre_clear":
            through = sender.objects.filter(**{_source(sender, reverse): instance.pk})
            instance._role_audit_cleared = set(
                through.values_list(_target(sender, reverse), flat=True)
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        pks = pk_set if action != "post_clear" else instance.__dict__.pop("_role_audit_cleared")
        joined = action == "post_add"
        events = []
        for other in sorted(pks or ()):
            community_id, member_id = (other, instance.pk) if reverse else (instance.pk, other)
            community = Community(pk=community_id)
            if kind == "coordinators":
                summary = (
                    f"user {member_id} made a coordinator of community {community_id}"
                    if joined
                    else f"user {member_id} no longer coordinates community {community_id}"
                )
                organization_id = None
            else:
                summary = (
                    f"organization {member_id} joins community {community_id}"
                    if joined
                    else f"organization {member_id} leaves community {community_id}"
                )
                organization_id = member_id
            action_name = Action.ROLE_GIVEN if joined else Action.ROLE_REMOVED
            events.append(_event(action_name, community, summary, organization_id))
        _write(events)

    return receiver


def _source(through, reverse: bool) -> str:
    """The through table's column of the side the change was made from."""
    community, other = _columns(through)
    return other if reverse else community


def _target(through, reverse: bool) -> str:
    community, other = _columns(through)
    return community if reverse else other


def _columns(through) -> tuple[str, str]:
    community = next(f.attname for f in through._meta.fields if f.related_model is Community)
    other = next(
        f.attname
        for f in through._meta.fields
        if f.is_relation and f.related_model is not Community
    )
    return community, other


# Writes without signals (RoleAuditedQuerySet) ----------------------------------------------


def fields_of(model) -> tuple[str, ...]:
    if model is Membership:
        return MEMBERSHIP_FIELDS
    if model is ProgramTeam:
        return TEAM_FIELDS
    return USER_FLAGS


def snapshot(queryset: QuerySet) -> dict[int, dict]:
    """The role fields of the rows a bulk write is about to change."""
    fields = fields_of(queryset.model)
    return {row.pop("pk"): row for row in queryset.values("pk", *fields)}


def bulk_changed(model, before: dict[int, dict]) -> None:
    """Rows changed without signals: compare with what they were."""
    fields = fields_of(model)
    after = {
        row.pop("pk"): row
        for row in model._base_manager.filter(pk__in=list(before)).values("pk", *fields)
    }
    events = []
    for pk, old in before.items():
        new = after.get(pk)
        if new is None:
            continue
        obj = model(pk=pk, **new)
        if model is Membership:
            event = _membership_changed(obj, old, new)
        elif model is User:
            event = _user_changed(obj, old)
        else:
            event = None
            if old != new:
                event = _team_event(Action.ROLE_CHANGED, obj, "moved to", _host_of(obj))
        if event is not None:
            events.append(event)
    _write(events)


def bulk_created(objs: list[Model]) -> None:
    events = []
    for obj in objs:
        if isinstance(obj, Membership):
            events.append(_membership_given(obj))
        elif isinstance(obj, ProgramTeam):
            events.append(_team_event(Action.ROLE_GIVEN, obj, "joins", _host_of(obj)))
        elif isinstance(obj, User):
            event = _user_changed(obj, None)
            if event is not None:
                events.append(event)
    _write(events)


def connect() -> None:
    uid = "lfs_role_audit"
    pre_save.connect(_before_membership_save, sender=Membership, dispatch_uid=f"{uid}_m_pre")
    post_save.connect(_after_membership_save, sender=Membership, dispatch_uid=f"{uid}_m_post")
    post_delete.connect(_after_membership_delete, sender=Membership, dispatch_uid=f"{uid}_m_del")
    post_save.connect(_after_team_save, sender=ProgramTeam, dispatch_uid=f"{uid}_t_post")
    post_delete.connect(_after_team_delete, sender=ProgramTeam, dispatch_uid=f"{uid}_t_del")
    pre_save.connect(_before_user_save, sender=User, dispatch_uid=f"{uid}_u_pre")
    post_save.connect(_after_user_save, sender=User, dispatch_uid=f"{uid}_u_post")
    m2m_changed.connect(
        _community_m2m("coordinators"),
        sender=Community.coordinators.through,
        dispatch_uid=f"{uid}_coordinators",
        weak=False,
    )
    m2m_changed.connect(
        _community_m2m("organizations"),
        sender=Community.organizations.through,
        dispatch_uid=f"{uid}_organizations",
        weak=False,
    )
