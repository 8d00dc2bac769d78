"""The few words a printed book says by itself (Contents, Foreword, Story 3, ...).

They are translatable like every other string; until a translator has covered them, a book in
Hebrew or Arabic falls back to the wording below, so a book never mixes English labels into a
right-to-left page.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

LABELS = {
    "contents": gettext_noop("Contents"),
    "abstract": gettext_noop("Abstract"),
    "foreword": gettext_noop("Foreword"),
    "story": gettext_noop("Story"),
    "principles_in_story": gettext_noop("Principles of action in this story"),
    "principles": gettext_noop("Principles of action"),
    "principles_intro": gettext_noop(
        "The principles of action the stories share, by category. Each principle names the "
        "stories it draws on."
    ),
    "draws_on": gettext_noop("Draws on"),
    "page": gettext_noop("p."),
    "related": gettext_noop("Related publications"),
    "authors": gettext_noop("Written by"),
    "editor": gettext_noop("Editor"),
    "translator": gettext_noop("Translation"),
    "graphic_design": gettext_noop("Graphic design"),
    "pseudonyms": gettext_noop(
        "The clients in this book appear under pseudonyms. Each story is published with the "
        "written consent of the people interviewed."
    ),
    "department": gettext_noop("Department"),
}

FALLBACK = {
    "he": {
        "contents": "תוכן העניינים",
        "abstract": "תקציר",
        "foreword": "דבר פתיחה",
        "story": "סיפור",
        "principles_in_story": "עקרונות פעולה בסיפור זה",
        "principles": "עקרונות פעולה",
        "principles_intro": "עקרונות הפעולה המשותפים לסיפורים, לפי קטגוריה. לצד כל עיקרון "
        "מצוינים הסיפורים שהוא נשען עליהם.",
        "draws_on": "נשען על",
        "page": "עמ׳",
        "related": "פרסומים קשורים",
        "authors": "כתיבה",
        "editor": "עריכה",
        "translator": "תרגום",
        "graphic_design": "עיצוב גרפי",
        "pseudonyms": "הלקוחות בספר זה מופיעים בשמות בדויים. כל סיפור מתפרסם בהסכמה בכתב "
        "של המרואיינים.",
        "department": "מחלקה",
    },
    "ar": {
        "contents": "المحتويات",
        "abstract": "ملخّص",
        "foreword": "تمهيد",
        "story": "قصة",
        "principles_in_story": "مبادئ العمل في هذه القصة",
        "principles": "مبادئ العمل",
        "principles_intro": "مبادئ العمل المشتركة بين القصص، حسب الفئة. يُذكر بجانب كل مبدأ "
        "القصص التي يستند إليها.",
        "draws_on": "يستند إلى",
        "page": "ص.",
        "related": "منشورات ذات صلة",
        "authors": "تأليف",
        "editor": "تحرير",
        "translator": "ترجمة",
        "graphic_design": "تصميم غرافيكي",
        "pseudonyms": "يظهر المستفيدون في هذا الكتاب بأسماء مستعارة. تُنشر كل قصة بموافقة "
        "خطية من الأشخاص الذين أُجريت معهم المقابلات.",
        "department": "قسم",
    },
}


def labels_for(language: str) -> dict[str, str]:
    """The labels in the active translation, falling back to the built-in wording."""
    fallback = FALLBACK.get(language, {})
    result = {}
    for key, msgid in LABELS.items():
        translated = gettext(msgid)
        result[key] = fallback.get(key, translated) if translated == msgid else translated
    return result
