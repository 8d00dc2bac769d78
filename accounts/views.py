"""Signing out, and the language switch."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.views.i18n import LANGUAGE_QUERY_PARAMETER, set_language

from organizations import services


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, whose answer also tells the browser to clear the site's storage: the
    copies of typed text kept there (static/js/saved_copies.js) go with the person, also where
    the sign-out form was sent without JavaScript (the form's own script clears them first)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response


def language_set(request):
    """The site's language switcher (Django's set_language: the cookie and the redirect), and
    for a signed-in person the choice remembered, so that e-mails to them are in it."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.user_language_remember(
                user=request.user, language=request.POST.get(LANGUAGE_QUERY_PARAMETER, "")
            )
        except ValidationError:
            pass  # a language the site does not offer: set_language ignored it too
    return response
