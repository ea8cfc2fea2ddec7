"""Vietnamese text: NFC at every boundary, fold keys for search and matching, tone placement,
and conversion of legacy 8-bit font encodings (TCVN3/ABC and VNI-Windows) to Unicode.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

# Đ does not decompose under NFD, so folding maps it explicitly. Ð/ð (Icelandic eth) is a common
# look-alike typed or converted in place of Đ, so it folds the same way.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str | None) -> str:
    """NFC with whitespace trimmed and runs of spaces collapsed; None becomes ''."""
    if not text:
        return ""
    # str.split() splits on exactly the characters \s matches: the same as re.sub + strip, faster
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def fold(text: str | None) -> str:
    """Search/match key: marks removed, đ→d, case folded, spaces collapsed.

    Removing every mark also unifies tone placement ("Hoà" and "Hòa" both give "hoa"), which NFC
    alone does not.
    """
    if not text:
        return ""
    text = str(text)
    # Fast path (bulk imports, the search index): Vietnamese text decomposes into ASCII letters and
    # combining marks, which one encode drops; anything else takes the general path (the same key).
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if _NOT_ASCII_OR_MARK.search(decomposed) is None:
        return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())
    return _fold_general(text)


def _fold_general(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# what the fast path may drop: the combining marks of U+0300–U+036F (not U+034F, which combines nothing)
_NOT_ASCII_OR_MARK = re.compile(
    "[^\x00-\x7f" + "".join(re.escape(chr(c)) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]")


def upper_name(text: str | None) -> str:
    """Names are written in upper case on the forms; str.upper() is correct for Vietnamese."""
    return nfc(text).upper()


# --- Tone placement --------------------------------------------------------------------------

# The five tone marks (sắc, huyền, hỏi, ngã, nặng). The other marks (breve, circumflex, horn)
# change the vowel itself and never move.
_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")
_SHAPED = frozenset("ăâêôơư")
_WORD = re.compile(r"\w+")


def _is_vietnamese_letter(ch: str) -> bool:
    return ("a" <= ch.lower() <= "z") or ch in VIETNAMESE_LETTERS


def _split_tone(ch: str) -> tuple[str, str]:
    """(letter without tone, tone mark or '') for one precomposed character."""
    decomposed = unicodedata.normalize("NFD", ch)
    tones = [m for m in decomposed if m in _TONES]
    if not tones:
        return ch, ""
    base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
    return base, tones[0] if len(tones) == 1 else "".join(tones)


def _tone_index(nucleus: str, has_final: bool, old_style: bool = False) -> int | None:
    """Index of the vowel that carries the tone, "new style" unless old_style (see tone_normalize)."""
    n = len(nucleus)
    if n == 1:
        return 0
    shaped = [i for i, v in enumerate(nucleus) if v in _SHAPED]
    if shaped:
        return shaped[-1]  # the marked vowel; in ươ it is ơ
    if n == 3:
        return 1  # oai, oay, uya, uyu, oeo
    if n == 2:
        if has_final or (nucleus in ("oa", "oe", "uy") and not old_style):
            return 1
        return 0  # ai, ao, au, ay, eo, ia, iu, oi, ua, ui ...
    return None


def _retone_word(word: str, old_style: bool = False) -> str:
    parts = [_split_tone(ch) for ch in word]
    toned = [i for i, (_, t) in enumerate(parts) if t]
    if len(toned) != 1 or len(parts[toned[0]][1]) != 1:
        return word  # no tone, or not a single syllable: leave as typed
    if not all(_is_vietnamese_letter(c) for c in word):
        return word  # foreign letters (ñ, ü) or digits: not a Vietnamese syllable
    lows = [b.lower() for b, _ in parts]
    vowel_at = [i for i, b in enumerate(lows) if b in _VOWELS]
    start, end = vowel_at[0], vowel_at[-1] + 1
    if end - start != len(vowel_at):
        return word  # two vowel groups ("café"): not one syllable
    # In "qu" and "gi" the u / i belong to the initial consonant ("quý", "già").
    if end - start > 1 and start > 0 and lows[start - 1] == "q" and lows[start] == "u":
        start += 1
    elif end - start > 1 and start == 1 and lows[0] == "g" and lows[1] == "i":
        start += 1
    target = _tone_index("".join(lows[start:end]), has_final=end < len(lows), old_style=old_style)
    if target is None:
        return word
    tone = parts[toned[0]][1]
    out = [b for b, _ in parts]
    out[start + target] = unicodedata.normalize("NFC", out[start + target] + tone)
    return "".join(out)


def tone_normalize(text: str | None) -> str:
    """NFC text with every syllable's tone mark moved to one canonical vowel; accents are kept.

    Canonical = the "new style" (kiểu mới) placement used by current school textbooks: the tone
    sits on the main vowel, so open syllables with oa / oe / uy carry it on the second vowel
    ("Hòa" → "Hoà", "Thủy" → "Thuỷ", "khỏe" → "khoẻ"). Everything else is placed the same way in
    both styles: a vowel with ˘ ˆ or horn takes the tone (ươ → ơ), a closed syllable takes it on
    the second vowel ("hoàng"), a triple on the middle one ("ngoài"), and the u of "qu" / i of
    "gi" count as consonants ("quý", "già"). Words that are not a single Vietnamese syllable
    are left alone. For matching only: display keeps what was typed.
    """
    s = unicodedata.normalize("NFC", text or "")
    return _WORD.sub(lambda m: _retone_word(m.group(0)), s)


def fold_exact(text: str | None) -> str:
    """Key for the "exact" search mode: accents kept, tone placement, case and spaces unified."""
    return unicodedata.normalize("NFC", nfc(tone_normalize(nfc(text))).casefold())


# --- Legacy 8-bit font encodings ---------------------------------------------------------------
#
# Old spreadsheets typed with the ABC (TCVN3, fonts ".VnTime") or VNI ("VNI-Times") fonts store
# Vietnamese in 8-bit codes; read as cp1252/latin-1 they look like "NguyÔn V¨n A" (TCVN3) or
# "Nguyeãn Vaên A" (VNI). The two share no layout, so each has its own table. Both tables are
# laid out as base vowel × tone, in the order: none, sắc, huyền, hỏi, ngã, nặng.

_TONE_ORDER = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_BASES = "aăâeêioôơuưy"


def _letter(base: str, tone_index: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_ORDER[tone_index])


# TCVN3: one byte per lower-case letter. Upper-case toned letters have no code of their own:
# the ABC "H" fonts (.VnTimeH) draw the lower-case codes as capitals. Only the 7 unmarked
# modified capitals (Ă Â Đ Ê Ô Ơ Ư) have codes.
_TCVN3_GRID = {
    "a": "a¸µ¶·¹",
    "ă": "¨¾»¼½Æ",
    "â": "©ÊÇÈÉË",
    "e": "eÐÌÎÏÑ",
    "ê": "ªÕÒÓÔÖ",
    "i": "iÝ×ØÜÞ",
    "o": "oãßáâä",
    "ô": "«èåæçé",
    "ơ": "¬íêëìî",
    "u": "uóïñòô",
    "ư": "\u00adøõö÷ù",
    "y": "yýúûüþ",
}
_TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§", "đ": "®"}

# VNI: base letter plus a second byte for the mark; i, ơ, ư, đ and ỵ are single bytes.
# Capitals are the same bytes upper-cased ("AÙ" = Á).
_VNI_TONE = "\u00f9\u00f8\u00fb\u00f5\u00ef"  # ù ø û õ ï : sắc huyền hỏi ngã nặng
_VNI_GRID = {
    "a": ["a"] + ["a" + t for t in _VNI_TONE],
    "ă": ["aê", "aé", "aè", "aú", "aü", "aë"],
    "â": ["aâ", "aá", "aà", "aå", "aã", "aä"],
    "e": ["e"] + ["e" + t for t in _VNI_TONE],
    "ê": ["eâ", "eá", "eà", "eå", "eã", "eä"],
    "i": ["i", "í", "ì", "æ", "ó", "ò"],
    "o": ["o"] + ["o" + t for t in _VNI_TONE],
    "ô": ["oâ", "oá", "oà", "oå", "oã", "oä"],
    "ơ": ["ô"] + ["ô" + t for t in _VNI_TONE],
    "u": ["u"] + ["u" + t for t in _VNI_TONE],
    "ư": ["ö"] + ["ö" + t for t in _VNI_TONE],
    "y": ["y", "yù", "yø", "yû", "yõ", "î"],
}


def _build_tables():
    tcvn_decode: dict[str, str] = {}
    tcvn_encode: dict[str, str] = {}
    vni_decode: dict[str, str] = {}
    vni_encode: dict[str, str] = {}
    for base in _BASES:
        for k in range(6):
            lower = _letter(base, k)
            upper = lower.upper()
            code = _TCVN3_GRID[base][k]
            vni = _VNI_GRID[base][k]
            if not code.isascii():
                tcvn_decode[code] = lower
                tcvn_encode[lower] = code
                tcvn_encode.setdefault(upper, code)  # capitals share the lower-case code
            if not vni.isascii():
                vni_decode[vni] = lower
                vni_decode[vni.upper()] = upper
                vni_encode[lower] = vni
                vni_encode[upper] = vni.upper()
                if len(vni) == 2:
                    vni_decode.setdefault(vni[0].upper() + vni[1], upper)  # "Aù": capital + small mark
    for letter, code in _TCVN3_CAPITALS.items():
        tcvn_decode[code] = letter
        tcvn_encode[letter] = code
    for lower, vni in (("đ", "ñ"), ("Đ", "Ñ")):
        vni_decode[vni] = lower
        vni_encode[lower] = vni
    return tcvn_decode, tcvn_encode, vni_decode, vni_encode


_TCVN3_DECODE, _TCVN3_ENCODE, _VNI_DECODE, _VNI_ENCODE = _build_tables()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))
# Vietnamese letters outside ASCII: all 134 (67 small, 67 capital).
VIETNAMESE_LETTERS = frozenset(_VNI_ENCODE)
_AMBIGUOUS_CASE = frozenset(v for v in _TCVN3_DECODE.values() if _split_tone(v)[1])  # toned letters

ENCODINGS = ("tcvn3", "vni")


def _tcvn3_case(text: str) -> str:
    """Capitalise toned letters inside words written in capitals ("NGUYễN" → "NGUYỄN")."""

    def definite(word: str) -> list[str]:
        return [c for c in word if c.isalpha() and c not in _AMBIGUOUS_CASE]

    # A word of toned letters only ("Ở") follows the text: capitals if nothing in it is small and
    # at least one word is clearly written in capitals.
    words = _WORD.findall(text)
    text_upper = not any(c.islower() for c in definite(text)) and any(
        len(d) >= 2 and all(c.isupper() for c in d) for d in map(definite, words))

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if not any(c in _AMBIGUOUS_CASE for c in word):
            return word
        letters = definite(word)
        if not letters:
            upper = text_upper
        else:
            # "Tú" (capital first, nothing else known) stays title case; "ÔN" / "NGUYÔN" are caps.
            upper = all(c.isupper() for c in letters) and (len(letters) >= 2 or word[0] != letters[0])
        return word.upper() if upper else word

    return _WORD.sub(fix, text)


def legacy_to_unicode(text: str | None, encoding: str, *, upper: bool | None = None) -> str:
    """Convert TCVN3 ('tcvn3') or VNI ('vni') text, as read through cp1252/latin-1, to NFC Unicode.

    TCVN3 has no codes for capital toned letters, so `upper` decides their case: True when the
    source font was an all-capitals ".VnTimeH"-style font, False to keep them small, None to
    capitalise them only inside words otherwise written in capitals.
    """
    if not text:
        return ""
    s = str(text)
    if encoding == "tcvn3":
        out = "".join(_TCVN3_DECODE.get(c, c) for c in s)
        if upper:
            out = out.upper()
        elif upper is None:
            out = _tcvn3_case(out)
    elif encoding == "vni":
        out = _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group(0)], s)
        if upper:
            out = out.upper()
    else:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    return unicodedata.normalize("NFC", out)


def unicode_to_legacy(text: str | None, encoding: str) -> str:
    """The reverse of legacy_to_unicode (TCVN3 writes capital toned letters as small ones)."""
    table = {"tcvn3": _TCVN3_ENCODE, "vni": _VNI_ENCODE}.get(encoding)
    if table is None:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    s = unicodedata.normalize("NFC", text or "")
    return "".join(table.get(c, c) for c in s)


# --- Detection ---------------------------------------------------------------------------------

# Vowel groups that may take a final consonant, and those that end the syllable themselves.
_NUCLEI_CLOSABLE = "uyê iê yê oa oă oe oo uâ uê uô ươ uy a ă â e ê i o ô ơ u ư y".split()
_NUCLEI_OPEN = "uyu uya uôi ươi ươu uây oai oay oeo iêu yêu ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu".split()
_NUCLEI_PALATAL = "oa uê uy a ê i y".split()  # the only ones before -nh and -ch ("anh", "ích"; never "ònh")
_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_SYLLABLE = re.compile(
    rf"{_INITIAL}(?:(?:{'|'.join(_NUCLEI_CLOSABLE)})(?:ng|[cmnpt])?|(?:{'|'.join(_NUCLEI_PALATAL)})(?:nh|ch)"
    rf"|(?:{'|'.join(_NUCLEI_OPEN)}))"
)
_EDGE_PUNCT = string.punctuation + "“”‘’…–—"


def looks_vietnamese(word: str) -> bool:
    """True for one word that is a well-formed Vietnamese syllable: Vietnamese letters in one case
    style, a valid initial / vowel group / final, at most one tone, placed where either the old or
    the new spelling style puts it."""
    w = unicodedata.normalize("NFC", word)
    if not w or not all(_is_vietnamese_letter(c) for c in w):
        return False
    if not (w.islower() or w.isupper() or (w[0].isupper() and w[1:].islower())):
        return False
    parts = [_split_tone(c) for c in w.lower()]
    tones = sum(1 for _, t in parts if t)
    if tones > 1 or any(len(t) > 1 for _, t in parts):
        return False
    if _SYLLABLE.fullmatch("".join(b for b, _ in parts)) is None:
        return False
    # The tone must sit where one of the two spelling styles puts it ("tàu", never "taù").
    return tones == 0 or w in (_retone_word(w), _retone_word(w, old_style=True))


def _has_unicode_vietnamese(s: str) -> bool:
    return any(ord(c) > 0xFF and (c in VIETNAMESE_LETTERS or unicodedata.combining(c)) for c in s)


def detect_legacy(texts: Iterable[str | None]) -> str | None:
    """'tcvn3' or 'vni' when the texts (e.g. all cells of a sheet) look legacy-encoded, else None.

    Each non-ASCII word votes for an encoding when it is not Vietnamese as it stands but becomes
    a well-formed syllable after conversion; a text holding a word that is Vietnamese only as it
    stands (Unicode letters, no conversion makes it Vietnamese) votes against both. A word that is
    Vietnamese both as it stands and converted (VNI writes "Hồ" as "Hoà", itself Vietnamese) only
    breaks a tie between the encodings. Plain English and normal Unicode Vietnamese therefore never
    trigger it.
    """
    votes, weak = legacy_votes(texts)
    best = max(ENCODINGS, key=lambda e: (votes[e], weak[e]))
    other = "vni" if best == "tcvn3" else "tcvn3"
    if votes[best] == 0 or votes[best] <= votes["unicode"] or (votes[best], weak[best]) == (votes[other], weak[other]):
        return None
    return best


def legacy_votes(texts: Iterable[str | None]) -> tuple[dict[str, int], dict[str, int]]:
    """The votes detect_legacy decides by: (strong votes for 'tcvn3', 'vni' and 'unicode', weak
    votes for 'tcvn3' and 'vni'), so that a caller deciding cell by cell can break a tie itself."""
    votes = {"tcvn3": 0, "vni": 0, "unicode": 0}
    weak = {"tcvn3": 0, "vni": 0}
    for text in texts:
        if not text or str(text).isascii():
            continue
        s = unicodedata.normalize("NFC", str(text))
        found, maybe = {"tcvn3": 0, "vni": 0}, {"tcvn3": 0, "vni": 0}
        unicode_word = False
        for raw in s.split():
            word = raw.strip(_EDGE_PUNCT)
            if len(word) < 2 or word.isascii() or any(c.isdecimal() for c in word):
                continue  # one character ("©", "ë") is too little to judge; TCVN3's "¹" is a letter
            converts = [enc for enc in ENCODINGS
                        if (converted := legacy_to_unicode(word, enc)) != word and looks_vietnamese(converted)]
            if not looks_vietnamese(word):
                for enc in converts:
                    found[enc] += 1
            elif converts:
                for enc in converts:
                    maybe[enc] += 1
            elif _has_unicode_vietnamese(word):
                unicode_word = True
        if unicode_word:
            votes["unicode"] += 1
            continue
        for enc in ENCODINGS:
            votes[enc] += found[enc]
            weak[enc] += maybe[enc]
    return votes, weak
