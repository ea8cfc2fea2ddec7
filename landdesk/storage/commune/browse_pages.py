"""The records browser's first page, fast at 100k dossiers.

storage.browse.ids() filters full-text matches with `num IN (SELECT rowid FROM dossier_fts ...)`,
which makes SQLite collect every match before the first row comes out (tens of ms for a common
prefix such as "nguyen"). For the default order (dossier number) this module drives the query from
the FTS index in rowid order instead (rowid = num), so LIMIT stops after the first page: under 10 ms
for any prefix. Other orders fall back to storage.browse.
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
                                          problems=f.problems))
    stmt = stmt.order_by(fts.c.num.desc() if f.descending else fts.c.num)
    return stmt.limit(limit) if limit else stmt


def first_ids(session: Session, f: Filters, limit: int) -> list[str]:
    """The first `limit` ids in the browser's order."""
    if f.fts and f.sort == "num":
        return list(session.execute(_fts_ordered(f, limit)).scalars())
    return browse.ids(session, f, limit=limit)


def all_ids(session: Session, f: Filters) -> list[str]:
    """Every matching id, in the same order as first_ids."""
    if f.fts and f.sort == "num":
        return list(session.execute(_fts_ordered(f, None)).scalars())
    return browse.ids(session, f)
