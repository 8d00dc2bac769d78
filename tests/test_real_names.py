"""The one decision "does this text reveal this client's real name" (stories.realnames), on its
own: many spellings in English, Hebrew and Arabic, what must not block, and where it is."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stories.realnames import MIN_LETTERS, real_name_places, reveals_real_name

BOUNDED = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ENGLISH = "Moshe Cohen"
HEBREW = "מֹשֶׁה כֹּהֵן"  # with niqqud, as a student may type it
ARABIC = "مُحَمَّد الحسن"  # with harakat; the family name with its article


def reveals(text: str, name: str, *, markdown: bool = True) -> bool:
    return reveals_real_name(text, [name], markdown=markdown)


# What reveals the name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Moshe came to us in 2019.",
        "We met MOSHE at the office.",
        "moshe's mother called.",
        "Cohen said the group helped.",  # the family name alone
        "Mr. Moshe Cohen found work.",
        "Moshe-Cohen",
        "MosheCohen",
        "Moshe\u200bCohen",  # a zero-width space between the two names
        "&#77;oshe came.",  # an HTML entity
        "&amp;#77;oshe came.",  # an entity of an entity
        "M&#x6F;she came.",
        "Mo**sh**e came.",  # emphasis inside the word (Markdown)
        "Mo*sh*e came.",
        "Mo<em>sh</em>e came.",  # shown as typed, but a tag inside the word
        "Mo<strong>sh</strong>e came.",
        "Mo\u00adshe came.",  # soft hyphen
        "M&shy;oshe came.",
        "Mo\u200bshe came.",  # zero-width space
        "Mo\u200cshe came.",  # zero-width non-joiner
        "Mo\u200dshe came.",  # zero-width joiner
        "Mo\u2060she came.",  # word joiner
        "Mo\ufeffshe came.",  # zero-width no-break space
        "Mo\u200fshe came.",  # right-to-left mark
        "Mo\u202ashe came.",  # left-to-right embedding
        "Mo\u2066she\u2069 came.",  # isolates
        "\u202eehsoM\u202c came.",  # shown reversed by a right-to-left override
        "ＭＯＳＨＥ came.",  # full-width letters
        "Môshé came.",  # accents
        "`Moshe` came.",  # code
        "[Moshe](https://example.org) came.",
        "[a link](https://example.org/moshe)",  # in the link's address
        '[a link](https://example.org "Moshe")',  # in its title
        "> Moshe said so.",
        "- Moshe\n- Cohen",
        "## Moshe",
    ],
)
def test_the_english_name_is_found_however_it_is_written(text):
    assert reveals(text, ENGLISH)


@pytest.mark.parametrize(
    "text",
    [
        "משה הגיע אלינו.",
        "מֹשֶׁה הגיע אלינו.",  # with niqqud in the text
        "ומשה אמר",  # and Moshe
        "המשה",  # prefixes, one to four of them
        "שמשה",
        "במשה",
        "כמשה",
        "למשה",
        "ממשה",
        "וכשמשה הגיע",  # and when Moshe came
        "ושלמשה",
        "ו-משה",
        "כהן אמר",  # the family name alone
        "לכהן",
        "משה כהן",
        "משה-כהן",
        "משה־כהן",  # maqaf
        "מש\u200bה הגיע",  # zero-width space
        "מש\u00adה",  # soft hyphen
        "\u202dהשמ\u202c",  # shown as משה by a left-to-right override
        "&#1502;&#1513;&#1492;",  # entities
        "מ**ש**ה",
        "משׁה",  # shin dot alone
    ],
)
def test_the_hebrew_name_is_found_behind_prefixes_and_niqqud(text):
    assert reveals(text, HEBREW)


@pytest.mark.parametrize(
    "text",
    [
        "محمد جاء إلينا.",
        "مُحَمَّد جاء.",  # with harakat in the text
        "ومحمد قال",
        "فمحمد",
        "بمحمد",
        "لمحمد",
        "كمحمد",
        "والمحمد",
        "فبالمحمد",
        "مـحـمـد",  # tatweel
        "ﻣﺤﻤﺪ",  # presentation forms
        "الحسن قال",  # the family name alone, with its article
        "والحسن",
        "بالحسن",
        "فالحسن",
        "للحسن",  # for al-Hassan: ل before the article
        "وللحسن",
        "محمد الحسن",
        "محمد\u200cالحسن",
        "مح\u200dمد",
        "&#1605;&#1581;&#1605;&#1583;",
        "مح**م**د",
    ],
)
def test_the_arabic_name_is_found_behind_prefixes_and_harakat(text):
    assert reveals(text, ARABIC)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Abd Allah Hassan", "Abdallah came."),  # a compound first name, run together
        ("Abd Allah Hassan", "Abd-Allah came."),
        ("Abu Ali Haddad", "Abu Ali came."),
        ("Abu Ali Haddad", "Ali came."),
        ("Li Wei", "Li Wei came."),  # a short word counts with the rest of the name
        ("Li Wei", "Wei came."),
        ("Jean-Pierre Dupont", "Pierre came."),  # each part of a hyphenated name
        ("O'Brien", "OBrien came."),
        ("O'Brien", "O’Brien came."),
        ("דן", "דן הגיע."),  # a one-word name is found however short
        ("פאטמה בנת עלי", "פאטמה"),
        ("فاطمة", "فاطمه جاءت."),  # ta marbuta written as ha
        ("أحمد", "احمد جاء."),  # alef with or without hamza
        ("Straße", "STRASSE"),  # case folding beyond lower case
    ],
)
def test_compound_short_and_variant_names(name, text):
    assert reveals(text, name)


# What does not ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Eli Levi", "Elizabeth and Levine delighted the Levites."),  # inside longer words
        ("Eli Levi", "He relied on the televised news."),
        ("Moshe Cohen", "Mosheh and Cohens are other people."),
        ("Moshe Cohen", "Mo-she"),  # letters with a visible hyphen between: a known limit
        ("Li Wei", "Li came, and so did Ling."),  # a two-letter word alone
        ("Abd Allah Hassan", "Allah is great. Abd is a word."),  # particles alone
        ("Ben Cohen", "Ben came."),  # "Ben": a particle, only with the name after it
        ("טל", "הפגישה בוטלה ובטל הכול."),  # a two-letter name behind a prefix
        ("רון", "רונית"),  # a longer word
        ("علي", "على الطاولة"),  # "on" is not Ali: ى and ي stay apart
        (ARABIC, "كان حسن الخلق"),  # al-Hassan needs its article
        (HEBREW, "ממשהו"),
        (HEBREW, "כהנים"),
        (ENGLISH, "Mrs. H. found a flat in 2025."),
        ("", "Anything at all."),
        ("  ", "Anything at all."),
        ("123", "Room 123."),  # no letters: nothing to look for
    ],
)
def test_what_does_not_reveal_the_name(name, text):
    assert not reveals(text, name)


def test_the_minimum_length_is_three_letters():
    assert MIN_LETTERS == 3
    assert reveals("Eva came.", "Eva Stone")
    assert not reveals("Ev came.", "Ev Stone")


# Many spellings at once --------------------------------------------------------------------

HIDDEN = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u061c"]
NIQQUD = ["\u05b0", "\u05b4", "\u05b7", "\u05b8", "\u05bc", "\u05c1"]
HARAKAT = ["\u064b", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640"]
FILLER = st.sampled_from(
    ["the", "worker", "came", "back", "והמשפחה", "מצאה", "בית", "ووجدت", "العائلة", "بيتا", "."]
)


@st.composite
def disguised(draw, word: str, marks: list[str]) -> str:
    """The word with invisible characters, marks, entities and emphasis scattered in it."""
    out = []
    for i, char in enumerate(word):
        piece = char
        how = draw(st.integers(0, 6))
        if how == 1:
            piece = html.escape(char) if char in "<>&" else f"&#{ord(char)};"
        elif how == 2:
            piece = char.upper() if draw(st.booleans()) else char.lower()
        elif how == 3 and marks:
            piece = char + draw(st.sampled_from(marks))
        out.append(piece)
        if 0 < i < len(word) - 1 and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(HIDDEN)))
    text = "".join(out)
    if len(word) > 3 and draw(st.booleans()):
        cut = draw(st.integers(1, len(word) - 2))
        text = f"{''.join(out[:cut])}**{''.join(out[cut : cut + 1])}**{''.join(out[cut + 1 :])}"
    return text


@st.composite
def sentence_with(draw, word: str, marks: list[str], prefixes: list[str]) -> str:
    before = draw(st.lists(FILLER, max_size=5))
    after = draw(st.lists(FILLER, max_size=5))
    prefix = draw(st.sampled_from(prefixes)) if prefixes else ""
    return " ".join([*before, prefix + draw(disguised(word, marks)), *after])


@BOUNDED
@given(text=sentence_with("Rivka", [], []))
def test_an_english_name_disguised_in_many_ways_is_found(text):
    assert reveals(text, "Rivka Azulay"), text


@BOUNDED
@given(text=sentence_with("אזולאי", NIQQUD, ["", "ו", "ה", "ש", "ב", "כ", "ל", "מ", "וכש", "ומה"]))
def test_a_hebrew_name_disguised_in_many_ways_is_found(text):
    assert reveals(text, "רבקה אזולאי"), text


@BOUNDED
@given(text=sentence_with("نصار", HARAKAT, ["", "و", "ف", "ب", "ل", "ك", "وب", "فل"]))
def test_an_arabic_name_disguised_in_many_ways_is_found(text):
    assert reveals(text, "وداد نصار"), text


@BOUNDED
@given(
    words=st.lists(
        st.sampled_from(
            ["Eliza", "delight", "Elias", "relied", "Levine", "televised", "Eliot", "Levites"]
            + ["the", "worker", "came", "**back**", "&amp;", "\u200b", "ומשהו", "כהנים", "كان"]
        ),
        max_size=30,
    )
)
def test_a_short_name_never_blocks_longer_words_that_hold_it(words):
    assert not reveals(" ".join(words), "Eli Levi")


# Where, without the name -------------------------------------------------------------------


def test_the_places_name_the_paragraph_and_mask_every_occurrence():
    text = "R. came to us.\n\nLater Moshe said **Co**hen helped, and Mo\u200bshe again."
    places = real_name_places(text, [ENGLISH], markdown=True)
    assert [number for number, _snippet in places] == [2]
    snippet = places[0][1]
    assert snippet.count("█████") == 3
    assert not reveals(snippet, ENGLISH)
    assert "moshe" not in snippet.lower() and "cohen" not in snippet.lower()


def test_the_places_without_context_give_the_paragraph_only():
    places = real_name_places("One.\n\nTwo Moshe.", [ENGLISH], markdown=True, with_context=False)
    assert places == [(2, None)]


def test_a_name_only_in_a_link_address_is_placed_nowhere_visible():
    assert real_name_places("[here](https://x.org/moshe)", [ENGLISH], markdown=True) == [(0, None)]


def test_no_places_for_a_clean_text():
    assert real_name_places("R. came to us.", [ENGLISH], markdown=True) == []


@BOUNDED
@given(text=sentence_with("Azulay", [], []))
def test_a_context_shown_never_reveals_the_name(text):
    for _number, snippet in real_name_places(text, ["Rivka Azulay"], markdown=True):
        assert snippet is None or not reveals(snippet, "Rivka Azulay"), snippet


# A whole book ----------------------------------------------------------------------------------
# (its speed is measured by benchmarks/realnames.py, not timed here)


def test_a_book_sized_text_with_none_of_a_hundred_names_passes_the_gate():
    from benchmarks.realnames import book_text, client_names

    assert not reveals_real_name(book_text(), client_names())


def test_a_text_of_every_character_does_not_grow_the_fold_table_without_bound():
    from stories import realnames

    text = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 30_000)) + " Moshe"
    assert reveals_real_name(text, [ENGLISH])
    assert len(realnames._JOINED) <= realnames._FoldTable.LIMIT
    assert len(realnames._SPLIT) <= realnames._FoldTable.LIMIT
