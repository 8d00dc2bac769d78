from django.contrib.admin.apps import AdminConfig


class LFSAdminConfig(AdminConfig):
    """Django's admin, served by the unit's site (lfs_site/admin_site.py)."""

    default_site = "lfs_site.admin_site.UnitAdminSite"
