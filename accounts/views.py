"""Signing out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, whose answer also tells the browser to clear the site's storage: the
    copies of typed text kept there (static/js/saved_copies.js) go with the person, also where
    the sign-out form was sent without JavaScript (the form's own script clears them first)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response
