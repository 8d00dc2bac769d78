"""The audit log, read by directors (their organizations) and by the unit (its own events).

Summaries are written by code from ids and fixed words only (organizations.services.
audit_record callers, accounts.security, accounts.middleware): no client data, no
free text typed by anyone, so showing them to these readers reveals nothing restricted.
Each event's record is named and linked (organizations.audit_records) only where the reader
may see it.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lfs_site import ids
from lfs_site.evaluate import choices_evaluated
from organizations.audit_records import describe
from organizations.models import AuditEvent, Membership
from organizations.selectors import organizations_directed_by

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    organization = ids.ModelChoiceField(
        label=_("Organization"), queryset=None, required=False, empty_label=_("All")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All")), *AuditEvent.Action.choices]
        if organizations is None or len(organizations) < 2:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data.get("organization"):
            org = data["organization"]
            events = events.filter(
                Q(organization=org)
                | Q(
                    organization__isnull=True,
                    actor__in=Membership.objects.filter(organization=org).values("user_id"),
                )
            )
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        return events


def audit_events_for_organizations(organizations) -> QuerySet[AuditEvent]:
    """Events about the organizations, and the sign-ins and refusals of their people."""
    members = Membership.objects.filter(organization__in=organizations).values("user_id")
    return AuditEvent.objects.filter(
        Q(organization__in=organizations) | Q(organization__isnull=True, actor__in=members)
    )


def audit_events_of_unit() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor__is_unit=True)


def _page(request, events, form, *, title, organizations=None):
    events = form.apply(events).select_related("actor", "organization").order_by("-at", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = describe(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/audit/log.html",
        {
            "title": title,
            "form": choices_evaluated(form),
            "page": page,
            "query": query.urlencode(),
            "organizations": None if organizations is None else list(organizations),
        },
    )


@login_required
@require_GET
def audit_log(request):
    """A director's view of their organizations' log."""
    organizations = organizations_directed_by(request.user)
    directed = list(organizations)
    if not directed:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, organizations=organizations)
    return _page(
        request,
        audit_events_for_organizations(directed),
        form,
        title=_("Audit log"),
        organizations=directed,
    )


@login_required
@require_GET
def unit_audit_log(request):
    """The unit's own events: its staff's actions and sign-ins."""
    if not request.user.is_unit:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    return _page(request, audit_events_of_unit(), form, title=_("The unit's audit log"))
