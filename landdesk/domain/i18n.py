"""The language of messages outside the Qt interface (errors, command output, reports' labels).

Each message is written as a Vietnamese/English pair at its call site. The front end chooses the
language once and says so here: the command line from `--lang` or LANDDESK_LANG, the window from the
user's setting. Nothing below the front ends reads the environment for it.
"""

from __future__ import annotations

SOURCE_LANGUAGES = ("vi", "en")
_language = "vi"


def normalize(lang: str | None) -> str:
    """'vi' or 'en' from what a user typed ('EN', 'en_US.UTF-8'); Vietnamese otherwise."""
    code = (lang or "").strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in SOURCE_LANGUAGES else "vi"


def use_language(lang: str) -> None:
    """The front end's choice, for every message shown from now on."""
    global _language
    _language = normalize(lang)


def language() -> str:
    return _language


def pick(vi: str, en: str, lang: str | None = None) -> str:
    """The message in `lang` (the front end's language when None)."""
    return vi if (lang or _language) == "vi" else en
