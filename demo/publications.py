"""Demo story books: one in English and one in Hebrew, composed and ready to render, with a
catalogue of related publications. Called by `manage.py load_demo` (idempotent)."""

from __future__ import annotations

import datetime as dt

from organizations.selectors import program_access
from publications import services
from publications.models import RelatedPublication, StoryBook

CATALOGUE = [
    # authors, year, title, series code, language, link
    (
        "Rosenfeld, J. M., Sykes, I. J. and Weiss-Gal, I.",
        2018,
        "Learning from success as a way of improving welfare services",
        "RR-783-18",
        "en",
        "https://brookdale.jdc.org.il/en/",
    ),
    (
        "Sykes, I. J. and Rosenfeld, J. M.",
        2015,
        "Principles of action from successful practice with families in distress",
        "RR-701-15",
        "en",
        "",
    ),
    ("רוזנפלד, ג'. ושגיא, ת.", 2020, "ללמוד מהצלחות: מדריך לצוותים", "RR-812-20", "he", ""),
    (
        "Haddad, S. and Levi, D.",
        2023,
        "Success stories in Arab and Jewish municipal welfare departments",
        "",
        "en",
        "",
    ),
]

ENGLISH = {
    "title": "What worked: stories of success 2025",
    "subtitle": "Riverside Social Services learns from its own successful practice",
    "authors": "The Riverside steering committee and the social-work students of 2025",
    "editor": "Dana Levi",
    "translator": "",
    "graphic_design": "Studio Riverside",
    "publisher": "Riverside Social Services\n12 Harbour Street, Riverside\n"
    "© 2026 Riverside Social Services. Published with the consent of every person "
    "interviewed.",
    "place": "Riverside",
    "published_on": dt.date(2026, 6, 1),
    "language": "en",
    "abstract": "This book brings the stories our steering committee selected in 2025, "
    "documented by social-work students through interviews with the clients and the "
    "professionals who worked with them. From each story we drew principles of action: in "
    "situation X, to achieve Y, we do Z. The last chapter gathers the principles the stories "
    "share.",
    "foreword": "Every day our staff achieve things that rarely get written down. This book "
    "is an attempt to learn from them.\n\nWe thank the clients who agreed to tell their "
    "stories, the workers who nominated them, and the students who listened.",
}

HEBREW = {
    "title": "מה שעבד: סיפורי הצלחה 2025",
    "subtitle": "המחלקה לשירותים חברתיים לומדת מהעשייה המוצלחת שלה",
    "authors": "ועדת ההיגוי וסטודנטיות לעבודה סוציאלית",
    "editor": "דנה לוי",
    "translator": "סמירה חדאד",
    "graphic_design": "סטודיו ריברסייד",
    "publisher": "המחלקה לשירותים חברתיים\nרחוב הנמל 12\n© 2026 כל הזכויות שמורות.",
    "organization_name": "השירותים החברתיים של ריברסייד",
    "place": "ריברסייד",
    "published_on": dt.date(2026, 6, 1),
    "language": "he",
    "abstract": "הספר מביא את הסיפורים שבחרה ועדת ההיגוי ב־2025, כפי שתיעדו אותם סטודנטיות "
    "בראיונות עם הלקוחות ועם אנשי המקצוע. מכל סיפור נגזרו עקרונות פעולה, והפרק האחרון מרכז "
    "את העקרונות המשותפים.",
    "foreword": "בכל יום אנשי הצוות שלנו משיגים דברים שכמעט אינם נכתבים. הספר הזה הוא ניסיון "
    "ללמוד מהם.\n\nתודה ללקוחות שהסכימו לספר, לעובדים שהציעו את הסיפורים ולסטודנטיות "
    "שהקשיבו.",
}


def load_demo(organization, users: dict, programs) -> list[StoryBook]:
    """Compose the demo books in the program with approved stories (the documented one)."""
    director = users["director@demo.lfs"]
    catalogue = []
    for authors, year, title, code, language, url in CATALOGUE:
        publication, _created = RelatedPublication.objects.get_or_create(
            organization=organization,
            title=title,
            year=year,
            defaults={"authors": authors, "series_code": code, "language": language, "url": url},
        )
        catalogue.append(publication)
    program = next((p for p in programs if p.stories.filter(approval__isnull=False).exists()), None)
    if program is None:
        return []
    access = program_access(director, program)
    books = []
    for fields, chosen in ((ENGLISH, [0, 1, 3]), (HEBREW, [2, 0])):
        book = StoryBook.objects.filter(program=program, title=fields["title"]).first()
        if book is None:
            book = services.book_create(access=access, by=director, **fields)
            services.book_publications_set(
                access=access, book=book, ids=[catalogue[i].pk for i in chosen]
            )
        books.append(book)
    return books
