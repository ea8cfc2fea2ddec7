"""What the desk's window lists a page at a time: the conflict queue and a commune's dossiers.

A province holds a million dossiers and can hold thousands of open conflicts; the window never asks
for all of them, only for one page and the total (issue 16 §5: a page in < 100 ms at 1.2 million).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import orjson

from landdesk.services.province.conflicts import ConflictView, conflict_view
from landdesk.services.users import require
from landdesk.storage.province import conflicts as conflict_store
from landdesk.storage.province import dossiers as dossier_store
from landdesk.storage.uow import UnitOfWork

PAGE_SIZE = 200
MAX_PAGE = 1000  # a caller asking for more gets this many


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    offset: int
    size: int

    @property
    def number(self) -> int:
        """1-based page number."""
        return self.offset // self.size + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True)
class DossierLine:
    """One row of a commune's dossier list at the desk."""

    id: str
    serial: str
    holders: str  # the holders' names, as the commune entered them
    status: str  # the commune's workflow status
    province_status: str  # accepted / rejected / conflict / duplicate
    errors: int
    verified: str  # "verified/holders"
    scanned: bool
    updated_at: datetime | None


def _bounds(offset: int, size: int | None, total: int) -> tuple[int, int]:
    """offset within the list (past its end: its last page, as a queue shrinks while it is settled)."""
    size = min(max(1, int(size or PAGE_SIZE)), MAX_PAGE)
    offset = max(0, int(offset))
    if offset >= total:
        offset = max(0, (total - 1) // size * size)
    return offset - offset % size, size


def conflict_page(ctx: UnitOfWork, *, status: str | None = "open", commune_code: str | None = None,
                  offset: int = 0, size: int | None = None) -> Page:
    require(ctx, "read")
    s = ctx.session
    total = conflict_store.conflict_count(s, status=status, commune_code=commune_code)
    offset, size = _bounds(offset, size, total)
    rows = conflict_store.conflicts(s, status=status, commune_code=commune_code, offset=offset, limit=size)
    return Page([conflict_view(c) for c in rows], total, offset, size)


def dossier_page(ctx: UnitOfWork, commune_code: str, *, offset: int = 0, size: int | None = None) -> Page:
    """One page of a commune's dossiers, in the order they were entered."""
    require(ctx, "read")
    s = ctx.session
    total = dossier_store.dossier_count(s, commune_code)
    offset, size = _bounds(offset, size, total)
    lines = [_line(r) for r in dossier_store.dossier_page(s, commune_code, offset, size)]
    return Page(lines, total, offset, size)


def _line(r) -> DossierLine:
    try:
        d = orjson.loads(r.data or "{}").get("dossier") or {}
    except orjson.JSONDecodeError:  # (a row a person edited by hand: listed with what the columns say)
        d = {}
    holders = d.get("holders") if isinstance(d.get("holders"), list) else []
    names = ", ".join(str(h.get("name") or "") for h in holders if isinstance(h, dict) and h.get("name"))
    return DossierLine(r.id, str(d.get("serial") or ""), names, r.status, r.province_status, r.errors,
                       f"{r.verified}/{r.holders}", bool(r.scanned), r.updated_at)


__all__ = ["ConflictView", "DossierLine", "Page", "PAGE_SIZE", "conflict_page", "dossier_page"]
