"""The shipped schema revisions, read from the migration files without importing Alembic.

Opening a workspace only needs to know whether its database is at the head revision; importing
Alembic (and Mako, Pygments, its dialect modules) for that costs more than the rest of start-up.
Each migration file declares `revision = "..."` and `down_revision = ...` at top level; the head is
the revision no other one revises. tests/storage/test_schema.py checks this against Alembic's own
ScriptDirectory.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"

_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*['"]([^'"]+)['"]""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(None|['"]([^'"]+)['"])""", re.MULTILINE)


@cache
def revisions() -> dict[str, str | None]:
    """revision id -> the revision it revises (None for the first)."""
    out: dict[str, str | None] = {}
    for path in sorted(VERSIONS_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            continue  # not a migration (e.g. __init__.py)
        out[rev.group(1)] = down.group(2)
    return out


def known_revisions() -> set[str]:
    return set(revisions())


def head_revision() -> str:
    revs = revisions()
    heads = set(revs) - {down for down in revs.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the shipped migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()
