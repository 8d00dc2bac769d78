"""The admin's sign-in, throttled like the site's."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from accounts.forms import ThrottledLoginMixin


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form, throttled like the site's."""


admin.site.login_form = ThrottledAdminAuthenticationForm
