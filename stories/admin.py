"""Nothing of the stories app is in the admin: stories, their selection, documentation,
principles and shares are client data or the work about it (lfs_site/admin_site.py), which
the unit does not see; they are kept through the application's own pages."""
