"""Whether a text reveals a client's real name: the one decision every check calls.

A story refers to its client by a pseudonym; the real name lives in `ClientIdentity`, seen only
by the assigned students and the director. `reveals_real_name(text, real_names)` says whether a
text would show one of those names to a reader, and everything that keeps names out calls it:
saving a draft, a comment, a principle, an evidence quote or a book's details; approving a
draft; withholding earlier versions from those who may not see the identity; the book and
slide-deck renderers. `real_name_places` says where (for the approval refusal), with the name
masked.

What counts as the name
    Every word of the real name of at least MIN_LETTERS letters, on its own (a first name alone
    or a family name alone), and the whole name however short, its words separated by spaces,
    hyphens, dots or nothing ("Moshe-Cohen", "MosheCohen"). A connecting particle ("ben",
    "abu", "abd", "al", "van", "בן", "بن", "عبد"...) is never matched alone, only with the word
    it belongs to ("Abu Ali", "Abd Allah" / "Abdallah"); "Allah" and "al-Din" attach to the
    word before them. Names match as whole words: "Eli" does not match inside "Elizabeth" or
    "delight". Hebrew words also match behind the attached prefixes ו ה ש ב כ ל מ (up to four of
    them: "וכשמשה"), Arabic words behind و ف ب ك ل and the article ("والحسن", "بمحمد", "للحسن"),
    when the word has MIN_LETTERS letters or more (with a two-letter Hebrew name a prefix makes
    an ordinary word: ב+טל is "בטל").

What counts as the text
    What a reader would see: the text as typed, and as rendered (Markdown, for drafts: markdown-
    it and nh3, as `richtext.render_markdown` does), with tags taken out and HTML entities
    decoded (``&#77;oshe``), repeatedly (``&amp;#77;``); emphasis inside a word ("Mo**sh**e",
    "Mo<em>sh</em>e") joins the word, and the Markdown marks * _ ~ ` are read as nothing, shown
    or not. Then folded: Unicode compatibility forms (NFKD: full-width letters, ligatures,
    Arabic presentation forms), case-folded, combining marks dropped (Hebrew niqqud, Arabic
    harakat, accents), the Arabic tatweel dropped, invisible characters (soft hyphen, zero-width
    characters, bidi controls, every format character) dropped, and - as a second reading -
    turned into spaces (a zero-width space between two names reads as a space). A run under a
    bidi override (U+202D, U+202E) is also read reversed, as it is shown. Hebrew final letters
    read as their ordinary forms, Arabic ة as ه, أ إ آ ٱ as ا (ى stays apart from ي: "على" is
    not "علي").

    The folded readings are cut into words (runs of letters); a name is found where a word, or
    words on one line separated only by spaces, hyphens, dots or apostrophes and run together,
    equal a word or a word sequence of the name (after taking off attached prefixes). The
    distinct words of a reading are looked up first (a set, fast), so a book of a hundred
    stories is read in well under a second.

Known limits: a transliteration ("Moshe" for "משה"), a look-alike letter of another script
(Cyrillic "о" in "Moshe"), or a word of the name split by visible characters ("Mo-she",
"M o s h e") is not found.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .richtext import render_markdown

#: A word of the real name counts on its own from this many letters (a shorter one only with
#: the rest of the name): "Eva", "Ali", "רון", "علي" count; "Li", "דן", "טל" do not.
MIN_LETTERS = 3

_LETTER = r"[^\W\d_]"


#: Particles that join the next word and never count alone (folded forms).
_LEADING = frozenset(
    "ben bin ibn bint bat bar abu abou abd al el de da di du del della der den van von la le "
    "mac mc st "
    "בן בת בר אבו אבן עבד אל "
    "بن ابن بنت ابو ام عبد ال".split()
)
#: Particles that join the word before them ("Abd Allah", "Nur al-Din").
_TRAILING = frozenset("allah ullah alla eddin uddin الله الدين אללה".split())

_INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|"
    "strike|strong|sub|sup|time|tt|u|var|wbr"
)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})(?:\s[^>]*)?/?>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
_OVERRIDE_RUN = re.compile("[\u202d\u202e]([^\u202c\n]*)")

_FOLDED_LETTERS = {
    # Hebrew final forms read as the ordinary letter
    "ך": "כ",
    "ם": "מ",
    "ן": "נ",
    "ף": "פ",
    "ץ": "צ",
    # Arabic: ta marbuta, alef wasla, Persian yeh and keheh
    "ة": "ه",
    "ٱ": "ا",
    "ی": "ي",
    "ک": "ك",
}
_APOSTROPHES = "'’‘ʼʹ´׳′＇"
_EMPHASIS = "*_~`"
_DASHES = "-‐‑‒–—―־﹘﹣－"
#: Letters that are not shown as anything: the Arabic tatweel and the Hangul fillers.
_BLANK_LETTERS = frozenset("\u0640\u115f\u1160\u3164\uffa0")


class _FoldTable(dict):
    """A `str.translate` table that works out each character's folded form the first time it
    meets it (a text has few distinct characters: the rest is a lookup at C speed)."""

    def __init__(self, invisible: str) -> None:
        super().__init__()
        self.invisible = invisible  # what an invisible character becomes: "" or " "

    #: Kept for this many characters at most (a text written to fill memory gains nothing).
    LIMIT = 20_000

    def __missing__(self, ordinal: int) -> str:
        folded = self._fold(chr(ordinal))
        if len(self) < self.LIMIT:
            self[ordinal] = folded
        return folded

    def _fold(self, char: str) -> str:
        if char in "\n\t ":
            return char
        if char in _EMPHASIS:
            return self.invisible  # Markdown emphasis, shown or not: "Mo**sh**e"
        if char in _APOSTROPHES:
            return "'"
        if char in _DASHES:
            return "-"
        out = []
        decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
        for part in decomposed:
            category = unicodedata.category(part)
            if category in ("Mn", "Me") or part in _BLANK_LETTERS:
                continue  # niqqud, harakat, accents, tatweel: part of the word, not shown apart
            if part.isspace():
                out.append(" ")
                continue
            if category in ("Cf", "Cc", "Co", "Cn"):
                out.append(self.invisible)  # soft hyphen, zero-width, bidi controls
                continue
            if part in _APOSTROPHES:
                out.append("'")
            elif part in _DASHES:
                out.append("-")
            else:
                out.append(_FOLDED_LETTERS.get(part, part))
        return "".join(out)


_JOINED = _FoldTable("")
_SPLIT = _FoldTable(" ")


def fold(text: str) -> str:
    """The text as the matcher reads it (invisible characters dropped)."""
    return text.translate(_JOINED)


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index of the character it came from."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = char.translate(_JOINED)
        out.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(out), offsets


# The name ---------------------------------------------------------------------------------

_TOKEN = re.compile(rf"{_LETTER}+")
#: What may separate the words of a name on one line: nothing shown, spaces, hyphens, dots.
_JOINABLE = re.compile(r"[ \t\-_.·']+")
_HEBREW_PREFIX_LETTERS = frozenset("והשבכלמ")
#: Attached Arabic prefixes: a conjunction, a preposition, the article, in that order.
_ARABIC_PREFIXES = tuple(
    sorted(
        {
            conj + prep + art
            for conj in ("", "و", "ف")
            for prep in ("", "ب", "ك", "ل", "لل")
            for art in ("", "ال")
        }
        - {""},
        key=len,
        reverse=True,
    )
)
#: Prefixes in which "لل" is ل before the article (للحسن: for al-Hassan).
_ARABIC_ARTICLE_CONTRACTIONS = ("ولل", "فلل", "لل")


def _words(name: str) -> list[str]:
    """The words of a name, folded (apostrophes and hyphens separate them)."""
    return _TOKEN.findall(fold(name))


def _units(words: list[str]) -> list[list[str]]:
    """The name's words grouped with their particles: "abu ali hassan" -> [abu ali] [hassan];
    "abd allah hassan" -> [abd allah] [hassan]; "nur al din" -> [nur] [al din]."""
    units: list[list[str]] = []
    pending: list[str] = []
    for word in words:
        if word in _TRAILING and (pending or units):
            if pending:
                units.append([*pending, word])
                pending = []
            else:
                units[-1].append(word)
        elif word in _LEADING:
            pending.append(word)
        else:
            units.append([*pending, word])
            pending = []
    if pending:
        if units:
            units[-1].extend(pending)
        else:
            units.append(pending)
    return units


@dataclass(frozen=True)
class _Names:
    """What to look for, as the words of the text are compared with it: each sequence of name
    words as one string (its words run together: a text's words are run together the same way
    while only spaces, hyphens or dots separate them)."""

    #: matched as a whole word, also behind attached prefixes
    prefixed: frozenset[str]
    #: matched as a whole word only (a one-word name shorter than MIN_LETTERS)
    bare: frozenset[str]
    #: the first words of a sequence of several, run together: where a match may begin
    starts: frozenset[str]


def _sequences(real_name: str) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """The word sequences that reveal one name: (behind prefixes too, bare only)."""
    words = _words(real_name)
    prefixed: set[tuple[str, ...]] = set()
    bare: set[tuple[str, ...]] = set()
    if not words:
        return prefixed, bare
    if len(words) > 1 or len(words[0]) >= MIN_LETTERS:
        prefixed.add(tuple(words))  # the whole name
    else:
        bare.add(tuple(words))
    for unit in _units(words):
        if len(unit) > 1:
            prefixed.add(tuple(unit))
        for word in unit:
            if word not in _LEADING and word not in _TRAILING and len(word) >= MIN_LETTERS:
                prefixed.add((word,))
    return prefixed, bare


@functools.lru_cache(maxsize=512)
def _compiled(names: tuple[str, ...]) -> _Names | None:
    prefixed: set[tuple[str, ...]] = set()
    bare: set[tuple[str, ...]] = set()
    for name in names:
        more_prefixed, more_bare = _sequences(name)
        prefixed |= more_prefixed
        bare |= more_bare
    if not prefixed and not bare:
        return None
    starts = {"".join(seq[:k]) for seq in prefixed | bare for k in range(1, len(seq))}
    return _Names(
        prefixed=frozenset("".join(seq) for seq in prefixed),
        bare=frozenset("".join(seq) for seq in bare),
        starts=frozenset(starts),
    )


def _names_key(real_names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({" ".join(n.split()) for n in real_names if n and n.strip()}))


def _behind_prefixes(token: str) -> Iterator[str]:
    """The word a token may be behind its attached prefixes (Hebrew, Arabic)."""
    first = token[0]
    if "\u0590" <= first <= "\u05ff":
        for k in range(1, min(4, len(token) - 1) + 1):
            if token[k - 1] not in _HEBREW_PREFIX_LETTERS:
                break
            yield token[k:]
    elif "\u0600" <= first <= "\u06ff":
        for prefix in _ARABIC_PREFIXES:
            if token.startswith(prefix) and len(token) > len(prefix) + 1:
                yield token[len(prefix) :]
        for prefix in _ARABIC_ARTICLE_CONTRACTIONS:
            if token.startswith(prefix) and len(token) > len(prefix) + 1:
                yield "ال" + token[len(prefix) :]


def _readings_of(token: str) -> Iterator[tuple[str, bool]]:
    """(the word, whether it was behind a prefix)."""
    yield token, False
    for word in _behind_prefixes(token):
        yield word, True


def _is_name(names: _Names, word: str, behind_prefix: bool) -> bool:
    return word in names.prefixed or (not behind_prefix and word in names.bare)


def _spans(names: _Names, reading: str) -> Iterator[tuple[int, int]]:
    """Where the folded reading holds a name: (start, end) of each (longest) occurrence."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(reading)]
    i = 0
    while i < len(tokens):
        start, end, token = tokens[i]
        found: tuple[int, int] | None = None
        for word, behind_prefix in _readings_of(token):
            if _is_name(names, word, behind_prefix):
                found = (i, end) if found is None or found[1] < end else found
            run, j, run_end = word, i, end
            while run in names.starts and j + 1 < len(tokens):
                next_start, next_end, next_token = tokens[j + 1]
                if not _JOINABLE.fullmatch(reading, run_end, next_start):
                    break
                run, j, run_end = run + next_token, j + 1, next_end
                if _is_name(names, run, behind_prefix) and (found is None or found[1] < run_end):
                    found = (j, run_end)
        if found is None:
            i += 1
            continue
        yield start, found[1]
        i = found[0] + 1


def _holds(names: _Names, reading: str) -> bool:
    """Whether the folded reading holds a name: its distinct words first (a set, fast), and
    the words in order only where a name of several words may begin."""
    may_begin = False
    for token in set(_TOKEN.findall(reading)):
        for word, behind_prefix in _readings_of(token):
            if _is_name(names, word, behind_prefix):
                return True
            may_begin = may_begin or word in names.starts
    return may_begin and next(_spans(names, reading), None) is not None


# The text ---------------------------------------------------------------------------------


def _without_tags(text: str, *, joined: bool) -> str:
    if joined:
        text = _INLINE_TAG.sub("", text)
        text = _BREAK_TAG.sub("\n", text)
        return _ANY_TAG.sub("\n\n", text)
    return _ANY_TAG.sub(" ", text)


def _unwrapped(text: str, *, joined: bool) -> Iterator[str]:
    """The text with its tags taken out and its entities decoded, again while that changes
    something (an entity can hide a tag, a tag an entity): at most four rounds."""
    for _round in range(4):
        unwrapped = html_lib.unescape(_without_tags(text, joined=joined))
        if unwrapped == text:
            return
        yield unwrapped
        text = unwrapped


def _reversed_overrides(text: str) -> str:
    return _OVERRIDE_RUN.sub(lambda m: m.group(1)[::-1], text)


def _readings(text: str, *, markdown: bool) -> Iterator[str]:
    """Every way the text may be read, folded; the cheap ones first."""
    sources = [text]
    if markdown:
        sources.append(render_markdown(text))
    for source in sources:
        for joined, table in ((True, _JOINED), (False, _SPLIT)):
            for reading in (source, *_unwrapped(source, joined=joined)):
                yield reading.translate(table)
                if joined and ("\u202d" in reading or "\u202e" in reading):
                    yield _reversed_overrides(reading).translate(table)


def reveals_real_name(text: str, real_names: Iterable[str], *, markdown: bool = False) -> bool:
    """Whether `text` would show a reader one of `real_names` (or a word of one): the one
    decision every check of real names calls. `markdown`: the text is rendered as Markdown
    (a draft), so its rendering is read as well."""
    names = _compiled(_names_key(real_names))
    if names is None or not text:
        return False
    return any(_holds(names, reading) for reading in _readings(text, markdown=markdown))


# Where, for the person who has to take it out -------------------------------------------------

MASK = "█████"


def visible_paragraphs(text: str, *, markdown: bool) -> list[str]:
    """The text's paragraphs as a reader sees them (rendered, tags out, entities decoded)."""
    if markdown:
        text = render_markdown(text)
    for unwrapped in _unwrapped(text, joined=True):
        text = unwrapped
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _masked(paragraph: str, names: _Names) -> str:
    """The paragraph with every occurrence of a name (as the folded text finds it) masked."""
    folded, offsets = _folded_with_offsets(paragraph)
    spans = [(offsets[start], offsets[end - 1] + 1) for start, end in _spans(names, folded)]
    for start, end in reversed(spans):
        paragraph = paragraph[:start] + MASK + paragraph[end:]
    return paragraph


def real_name_places(
    text: str,
    real_names: Iterable[str],
    *,
    markdown: bool = False,
    context: int = 40,
    with_context: bool = True,
) -> list[tuple[int, str | None]]:
    """Where the text reveals a real name: (paragraph number, the words around it with every
    occurrence masked, or None). The words around are given only when asked, and only when,
    masked, they no longer reveal anything. Paragraph 0: somewhere no paragraph shows (a link's
    address or title)."""
    key = _names_key(real_names)
    names = _compiled(key)
    if names is None or not reveals_real_name(text, key, markdown=markdown):
        return []
    places: list[tuple[int, str | None]] = []
    for number, paragraph in enumerate(visible_paragraphs(text, markdown=markdown), start=1):
        if not reveals_real_name(paragraph, key):
            continue
        if not with_context:
            places.append((number, None))
            continue
        masked = _masked(paragraph, names)
        found = [m.start() for m in re.finditer(re.escape(MASK), masked)] or [0]
        for start in found:
            before = masked[max(0, start - context) : start]
            after = masked[start : start + len(MASK) + context]
            snippet = ("…" if start > context else "") + before + after
            snippet += "…" if start + len(MASK) + context < len(masked) else ""
            place = (number, None if reveals_real_name(snippet, key) else snippet)
            if place not in places:
                places.append(place)
    return places or [(0, None)]
