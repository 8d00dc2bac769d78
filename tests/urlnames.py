"""URL names as the tests' tables write them: reverse() wants the app's namespace."""

from django.urls import get_resolver


def view_name(url_name: str) -> str:
    """`url_name` with its app's namespace ("home" -> "dashboard:home"); a name that is already
    namespaced, or one of the project's global names (sign-in, password), as it is."""
    if ":" in url_name:
        return url_name
    for pattern in get_resolver().url_patterns:
        namespace = getattr(pattern, "namespace", None)
        if namespace and namespace != "admin" and url_name in pattern.reverse_dict:
            return f"{namespace}:{url_name}"
    return url_name
