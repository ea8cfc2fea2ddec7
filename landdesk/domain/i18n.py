"""The language of messages outside the Qt interface (errors, command output, reports' labels).

Each message is written as a Vietnamese/English pair at its call site (`LandDeskError(vi, en)`, the
CLI's `t(vi, en)`, `pick(vi, en, lang)`). Vietnamese and English need nothing more. Any other language
is a gettext catalogue, `resources/messages/<lang>.po` (compiled to .mo by tools/i18n_build.py): its
msgids are the English side of every pair, extracted by `tools/messages.py` into
`resources/messages/landdesk.pot`, with an f-string's fields kept as written (`{path.name}`). A
message built at run time is found again by matching its English text against those templates, and
its fields are put into the translation; a message the catalogue lacks stays in English.

The front end chooses the language once and says so here (`use_language`): the command line from
`--lang` or LANDDESK_LANG, the window from the user's setting. Nothing below the front ends reads the
environment for it.
"""

from __future__ import annotations

import functools
import gettext
import re
import string
from pathlib import Path

from landdesk.domain.resources import resources_dir

SOURCE_LANGUAGES = ("vi", "en")
_language = "vi"


def messages_dir() -> Path:
    return resources_dir() / "messages"


def available() -> tuple[str, ...]:
    """Vietnamese, English, and every language with a compiled catalogue."""
    found = sorted(p.stem for p in messages_dir().glob("*.mo") if p.stem not in SOURCE_LANGUAGES)
    return SOURCE_LANGUAGES + tuple(found)


def normalize(lang: str | None) -> str:
    """A language LandDesk has, from what a user typed ('EN', 'en_US.UTF-8', 'id'); else Vietnamese."""
    code = (lang or "").strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in SOURCE_LANGUAGES or code in available() else "vi"


def use_language(lang: str) -> None:
    """The front end's choice, for every message shown from now on."""
    global _language
    _language = normalize(lang)


def language() -> str:
    return _language


def pick(vi: str, en: str, lang: str | None = None) -> str:
    """The message in `lang` (the front end's language when None)."""
    lang = lang or _language
    if lang == "vi":
        return vi
    if lang == "en" or not en:
        return en
    return _catalogue(messages_dir() / f"{lang}.mo").translate(en)


# ---- catalogues ---------------------------------------------------------------------------------------


def fields(template: str) -> list[tuple[str, str | None]]:
    """A template as (literal text, field as written or None): 'File {path.name} is {n:,}' →
    [('File ', '{path.name}'), (' is ', '{n:,}')]."""
    out = []
    for literal, name, spec, conv in string.Formatter().parse(template):
        field = None
        if name is not None:
            field = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        out.append((literal, field))
    return out


class Catalogue:
    def __init__(self, path: Path):
        self.exact: dict[str, str] = {}
        self.templates: dict[str, list[tuple[re.Pattern, list[str], str]]] = {}
        try:
            with open(path, "rb") as f:
                # every msgid → msgstr, as the standard library read them (it offers no public listing)
                entries = gettext.GNUTranslations(f)._catalog
        except OSError:
            entries = {}
        for msgid, msgstr in entries.items():
            if not isinstance(msgid, str) or not msgid or not msgstr:
                continue  # the header, or not translated yet
            try:
                parts = fields(msgid)
                fields(msgstr)
            except ValueError:  # a stray brace in a hand-edited catalogue: that entry is left out
                continue
            names = [f for _, f in parts if f]
            if not names:
                self.exact[msgid.replace("{{", "{").replace("}}", "}")] = _unescape(msgstr)
                continue
            pattern = "".join(re.escape(lit) + ("(.*?)" if f else "") for lit, f in parts)
            head = parts[0][0][:3]  # templates grouped by how they start: few are tried per message
            self.templates.setdefault(head, []).append((re.compile(pattern, re.S), names, msgstr))
        for group in self.templates.values():  # the most literal text first: the closest template wins
            group.sort(key=lambda t: -len(t[0].pattern))

    def translate(self, en: str) -> str:
        hit = self.exact.get(en)
        if hit is not None:
            return hit
        for head in {en[:3], en[:2], en[:1], ""}:
            for pattern, names, msgstr in self.templates.get(head, ()):
                m = pattern.fullmatch(en)
                if m:
                    return _fill(msgstr, dict(zip(names, m.groups(), strict=True)))
        return en


def _unescape(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def _fill(msgstr: str, values: dict[str, str]) -> str:
    out = []
    for literal, field in fields(msgstr):
        out.append(literal)
        if field:
            out.append(values.get(field, field))
    return "".join(out)


@functools.cache
def _catalogue(path: Path) -> Catalogue:
    return Catalogue(path)
