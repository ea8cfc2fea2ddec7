"""The records browser's first page, fast at 100k dossiers.

storage.browse.ids() filters full-text matches with `num IN (SELECT rowid FROM dossier_fts ...)`,
which makes SQLite collect every match before the first row comes out (tens of ms for a common
prefix such as "nguyen"). For the default order (dossier number) this module drives the query from
the FTS index in rowid order instead (rowid = num), so LIMIT stops after the first page: under 10 ms
for any prefix. Other orders fall back to storage.browse. Search results in that default order are ranked:
the dossiers with a holder of exactly the typed name (one indexed lookup) come first.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from landdesk.storage.commune import browse
from landdesk.storage.commune.browse import Filters
from landdesk.storage.commune.models import DossierRow


def _fts_ordered(f: Filters, limit: int | None):
    fts = text("SELECT rowid AS num FROM dossier_fts WHERE dossier_fts MATCH :q").bindparams(q=f.fts) \
        .columns(DossierRow.num).subquery("fts")
    stmt = select(DossierRow.id).join(fts, fts.c.num == DossierRow.num)
    stmt = browse._filtered(stmt, Filters(status=f.status, custody=f.custody, village=f.village,
                                          problems=f.problems, sheet_parcel=f.sheet_parcel))
    stmt = stmt.order_by(fts.c.num.desc() if f.descending else fts.c.num)
    return stmt.limit(limit) if limit else stmt


def _ranked(f: Filters) -> bool:
    """Search results in the default order are ranked: an exact name first, then dossier order."""
    return bool(f.exact_name) and f.sort == "num" and not f.descending


def _first_exact(session: Session, f: Filters, rest: list[str], limit: int | None) -> list[str]:
    exact = browse.exact_ids(session, f)
    if not exact:
        return rest
    seen = set(exact)
    out = exact + [i for i in rest if i not in seen]
    return out[:limit] if limit else out


def first_ids(session: Session, f: Filters, limit: int) -> list[str]:
    """The first `limit` ids in the browser's order."""
    if f.fts and f.sort == "num":
        rest = list(session.execute(_fts_ordered(f, limit)).scalars())
    else:
        rest = browse.ids(session, f, limit=limit)
    return _first_exact(session, f, rest, limit) if _ranked(f) else rest


def all_ids(session: Session, f: Filters) -> list[str]:
    """Every matching id, in the same order as first_ids."""
    if f.fts and f.sort == "num":
        rest = list(session.execute(_fts_ordered(f, None)).scalars())
    else:
        rest = browse.ids(session, f)
    return _first_exact(session, f, rest, None) if _ranked(f) else rest
