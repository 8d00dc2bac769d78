"""The Django admin: the LFS unit's own tools, with no road to client data.

Staff of the LFS unit (`User.is_unit`, with `is_staff`) use the admin for the unit's own work:
accounts, organizations and their departments and roles, companions and their training, the
catalogue of related publications, the audit log, book renders' bookkeeping. The unit sees
programs' progress but no client data (DESIGN.md, section 2), whatever its admin rights, so:

- no model holding client data or the work about it (`CLIENT_DATA_MODELS`) is registered,
  inlined or linked: `UnitAdminSite.register` refuses it, so it cannot come back silently;
- deleting anything whose deletion would take client data with it (a person who wrote
  assessments, a department with stories...) is refused, and the page says only how many rows
  of which kind stand in the way, never what they say (`ClientSafeAdmin.get_deleted_objects`);
- the "view on site" shortcut answers only for registered models (it would otherwise tell
  which ids of any model exist);
- only the unit's staff may open the admin at all.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ImproperlyConfigured
from django.db import router
from django.http import Http404
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lfs_site import ids

#: Models that hold client data or the work about it: never in the admin.
CLIENT_DATA_MODELS = frozenset(
    {
        "organizations.Meeting",
        "organizations.MeetingDecision",
        "stories.SuccessStory",
        "stories.Assessment",
        "stories.SelectionDecision",
        "stories.DecisionNotice",
        "stories.StoryAssignment",
        "stories.ClientIdentity",
        "stories.Interview",
        "stories.Answer",
        "stories.Consent",
        "stories.StoryDraft",
        "stories.DraftComment",
        "stories.StoryApproval",
        "stories.DiversityTag",
        "stories.Principle",
        "stories.PrincipleEvidence",
        "stories.CommonPrinciple",
        "stories.StoryShare",
        "stories.PrincipleLink",
        "methods.Workshop",
        "methods.WorkshopStep",
        "methods.ContributionGroup",
        "methods.Contribution",
        "methods.ActionItem",
        "methods.LearningQuestion",
        "methods.InquiryCycle",
        "methods.LearningLogEntry",
        "methods.LearningPattern",
        "methods.PatternEvidence",
        "publications.StoryBook",
        "publications.BookEntry",
        "analysis.Code",
        "analysis.CodedPassage",
        "analysis.PrincipleSource",
    }
)


class ClientSafeAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin of the site."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Ids chosen here are checked like everywhere else (lfs_site.ids): never a 500.
        kwargs.setdefault("form_class", ids.ModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ids.ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_deleted_objects(self, objs, request):
        """What a deletion would take with it; refused, with counts only, when that includes
        client data (or is stopped by it)."""
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        counts: dict[str, int] = {}
        for model, instances in collector.model_objs.items():
            if model._meta.label in CLIENT_DATA_MODELS:
                counts[model._meta.verbose_name_plural] = len(instances)
        for obj in collector.protected:
            if obj._meta.label in CLIENT_DATA_MODELS:
                name = obj._meta.verbose_name_plural
                counts[name] = counts.get(name, 0) + 1
        if counts:
            protected = [
                _("%(count)s %(things)s (client data: deleted only through the application)")
                % {"count": n, "things": capfirst(str(name))}
                for name, n in sorted(counts.items())
            ]
            return [], {}, set(), protected
        return super().get_deleted_objects(objs, request)


class ReadOnlyAdmin(ClientSafeAdmin):
    """Shown to the unit, changed only through the application's own pages."""

    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class UnitAdminSite(admin.AdminSite):
    site_header = "LFS"
    site_title = "LFS"

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "is_unit", False))

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        admin_class = admin_class or ClientSafeAdmin
        for model in models:
            if model._meta.label in CLIENT_DATA_MODELS:
                raise ImproperlyConfigured(f"{model._meta.label} holds client data: not admin")
            for inline in getattr(admin_class, "inlines", ()):
                if inline.model._meta.label in CLIENT_DATA_MODELS:
                    raise ImproperlyConfigured(
                        f"{inline.model._meta.label} holds client data: no inline of it"
                    )
        if not issubclass(admin_class, ClientSafeAdmin):
            # Another app's admin (auth's groups...): the same guard on what deleting takes.
            admin_class = type(admin_class.__name__, (ClientSafeAdmin, admin_class), {})
        return super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        found = None
        if str(content_type_id).isdigit():
            found = ContentType.objects.filter(pk=content_type_id).first()
        if found is None or found.model_class() not in self._registry:
            raise Http404
        return shortcut(request, content_type_id, object_id)
