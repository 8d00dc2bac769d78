"""E-mails: plain text, in the language of the person who receives them.

Every e-mail the project sends goes through `send_to_user`. Its subject and body are rendered
from text templates by the "text" template engine (settings.TEMPLATES), which escapes nothing:
an e-mail is not HTML, so "Tal's story & more" arrives as typed, not as "Tal&#x27;s story &amp;
more". The subject is one line whatever the values in it hold, so that no text a person typed
(a title, a name) can end the header and add another. Both are rendered under the recipient's
language (`language_of`), not the language of whoever caused the e-mail: a committee member
working in English decides, and a Hebrew-speaking teller reads the decision in Hebrew.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template import engines
from django.utils import translation

#: The template engine that renders e-mails (autoescaping off).
ENGINE = "text"


def language_of(user) -> str:
    """The language to write to `user` in: the one they last chose with the site's language
    switcher, or the site's default when they never chose (or chose one no longer offered)."""
    chosen = getattr(user, "language", "") or ""
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


def render_text(template_name: str, context: dict) -> str:
    """A text template rendered with nothing escaped."""
    return engines[ENGINE].get_template(template_name).render(context)


def one_line(text: str) -> str:
    """`text` with every run of white space (line breaks included) made one space: a subject."""
    return " ".join(text.split())


def send_to_user(user, *, subject_template: str, body_template: str, context: dict) -> bool:
    """E-mail `user` the subject and body rendered from the two templates with `context`, in
    the user's language. False (nothing sent) when they have no address; errors of the mail
    server are the caller's to handle (a task retries them)."""
    if not getattr(user, "email", ""):
        return False
    with translation.override(language_of(user)):
        subject = one_line(render_text(subject_template, context))
        body = render_text(body_template, context)
    send_mail(subject, body, None, [user.email])
    return True
