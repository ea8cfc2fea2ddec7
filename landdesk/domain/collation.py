"""Vietnamese collation with numbers in natural order: a sort key that is a plain ASCII string.

Lists are sorted the way a Vietnamese reader expects: the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ
p q r s t u ư v x y ("Đ" after "D", "Ă" after "A"), then the tones (none, huyền, hỏi, ngã, sắc, nặng),
then case; a run of digits is one number ("Tổ dân phố số 2" before "số 10"). Tone placement is unified
by the key itself ("Hoà" and "Hòa" sort together).

`sort_key(text)` compares the same as a Python string and as SQLite TEXT under its default BINARY
collation, so it is stored beside the text it sorts (an indexed column: `dossiers.holders_sort`,
`dossiers.village_sort`) and SQL-backed lists order by it without a collation function on the
connection (which sqlite3 tools and other processes would lack).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters in Vietnamese order; f j w z (foreign names, codes) where the Latin alphabet has them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter (ă â ê ô ơ ư)
# Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Key layout (byte order of the UTF-8 text = code point order, in Python and SQLite's BINARY collation):
#   primary   word gap " " (0x20) < number "#"+length+digits < letters "A"… (0x41 + alphabet rank) < any
#             other letter (itself, lower case: every one is beyond ASCII)
#   secondary "\x01" then the tone of each word (0-5, words apart by a space): a syllable has one
#             tone wherever its mark is written, so "Hoà" and "Hòa" get the same key;
#   tertiary  "\x01" then 0 (lower) / 1 (upper) per letter
_LEVEL = "\x01"
_NUMBERS = re.compile(r"\d+")


def _letter(ch: str) -> tuple[str, int] | None:
    """(primary character, tone) of a letter; None for anything else (a gap between words)."""
    if not ch.isalpha():
        return None
    parts = unicodedata.normalize("NFD", ch.lower())
    base, tone = parts[0], 0
    for m in parts[1:]:
        if m in _TONES:
            tone = _TONES[m]
        elif m in _SHAPES:
            base = unicodedata.normalize("NFC", base + m)
    return (chr(0x41 + _RANK[base]) if base in _RANK else ch.lower()), tone


def _tables(chars) -> tuple[dict, dict, dict]:
    """str.translate tables: primary characters, tones, cases."""
    primary, tone, case = {}, {}, {}
    for ch in chars:
        got = _letter(ch)
        code = ord(ch)
        primary[code] = ch if ch.isdigit() and ch.isascii() else (got[0] if got else " ")
        tone[code] = str(got[1]) if got else " "
        case[code] = ("1" if ch != ch.lower() else "0") if got else None
    return primary, tone, case


# Every character Vietnamese text is written in (Latin, Latin Extended, the combining marks, Latin Extended
# Additional), built once; text with anything else takes the same tables extended for its characters.
_COMMON = [chr(c) for r in ((0, 0x250), (0x300, 0x370), (0x1E00, 0x1F00)) for c in range(*r)]
_PRIMARY, _TONE, _CASE = _tables(_COMMON)
_KNOWN = set(_COMMON)


def _number(m: re.Match) -> str:
    n = m.group(0).lstrip("0") or "0"
    return "#" + chr(0x30 + min(len(n), 0x4E)) + n


def sort_key(text: str | None) -> str:
    """The collation key of `text` (see the module's docstring)."""
    s = unicodedata.normalize("NFC", text or "")
    if not s.isascii() and (unknown := set(s) - _KNOWN):
        for table, more in zip((_PRIMARY, _TONE, _CASE), _tables(unknown), strict=True):
            table.update(more)
        _KNOWN.update(unknown)
    primary = " ".join(s.translate(_PRIMARY).split())
    if not primary.isalpha():
        primary = _NUMBERS.sub(_number, primary)
    # one tone per word, wherever its mark is written ("Hoà" = "Hòa": 001 and 010 both give 1)
    tones = " ".join(w.strip("0")[:1] or "0" for w in s.translate(_TONE).split())
    return primary + _LEVEL + tones + _LEVEL + s.translate(_CASE)


@lru_cache(maxsize=4096)
def village_key(village: str) -> str:
    """sort_key for a village name: a commune has a few dozen, repeated on every one of its dossiers."""
    return sort_key(village)
