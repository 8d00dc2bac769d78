"""Signing in for the benchmarks the way a person does: the login form, its CSRF token, the
e-mail address and the password. The session the server then holds is the one every request
of the app is checked against (accounts/middleware.py reads when the person signed in and
was last seen, accounts/security.py writes them on sign-in), so a benchmark measures the
pages, not a redirect to the login page.

`sign_in` is used by benchmarks/load.py and benchmarks/workshop_load.py; `login_redirect`
tells a redirect to the login page from an answer, for the benchmarks to count it as the error
it is.
"""

from __future__ import annotations

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOGIN_PATH = "/accounts/login/"


def login_redirect(status: int, location: str | None) -> bool:
    """Whether an answer sends the person to the login page (signed out, session expired)."""
    return status in (301, 302, 303, 307) and urlsplit(location or "").path == LOGIN_PATH


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value


def sign_in(base_url: str, email: str, password: str, *, timeout: float = 60) -> dict[str, str]:
    """The cookies (the session and its CSRF token) of `email` signed in through the login
    form of the server at `base_url`. Raises SystemExit, saying why, when it is refused."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    host = parts.netloc
    jar: dict[str, str] = {}
    try:
        conn.request("GET", LOGIN_PATH, headers={"Host": host})
        page = conn.getresponse()
        body = page.read().decode(errors="replace")
        _cookies(page, jar)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if page.status != 200 or token is None or "csrftoken" not in jar:
            raise SystemExit(f"sign-in as {email}: the login page answered HTTP {page.status}")
        form = urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
        )
        conn.request(
            "POST",
            LOGIN_PATH,
            body=form,
            headers={
                "Host": host,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                "Referer": f"{base_url}{LOGIN_PATH}",
            },
        )
        answer = conn.getresponse()
        answer.read()
        _cookies(answer, jar)
        if answer.status != 302 or "sessionid" not in jar:
            raise SystemExit(
                f"sign-in as {email} refused: HTTP {answer.status} (wrong password, throttled, "
                "or the login form changed)"
            )
    finally:
        conn.close()
    return jar
