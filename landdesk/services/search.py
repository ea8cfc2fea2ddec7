"""Search and browse: accent-, case-, tone-placement- and spacing-insensitive by default."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from landdesk.domain.codes import CustodyStatus, WorkflowStatus
from landdesk.domain.searchkeys import fts_query
from landdesk.domain.text import fold, fold_exact
from landdesk.services.users import require
from landdesk.storage.commune import browse, browse_pages, findings
from landdesk.storage.commune.browse import Filters
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class DossierSummary:
    id: str
    num: int
    serial: str
    holders: list[str]
    village: str
    parcels: str
    area: float | None
    status: WorkflowStatus
    custody: CustodyStatus
    errors: int
    warnings: int
    updated_at: datetime | None
    updated_by: str
    province_status: str
    spanning: tuple = ()  # ((rule, severity), …) of the problems spanning dossiers (duplicates …)

    def as_json(self) -> dict:
        return {"id": self.id, "num": self.num, "serial": self.serial, "holders": self.holders,
                "village": self.village, "parcels": self.parcels, "area": self.area,
                "status": self.status.value, "custody": self.custody.value, "errors": self.errors,
                "warnings": self.warnings, "province_status": self.province_status}


def _summary(r: dict) -> DossierSummary:
    return DossierSummary(
        id=r["id"], num=r["num"], serial=r["serial"],
        holders=[n for n in r["holders_display"].split("; ") if n], village=r["village"],
        parcels=r["parcels_display"], area=r["total_area"], status=WorkflowStatus(r["status"]),
        custody=CustodyStatus(r["custody"]), errors=r["errors"], warnings=r["warnings"],
        updated_at=r["updated_at"], updated_by=r["updated_by"], province_status=r["province_status"],
    )


SHEET_PARCEL = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,8})\s*$")


def make_filters(text: str = "", *, status: str | None = None, custody: str | None = None,
                 village: str | None = None, problems: bool | None = None, sort: str = "num",
                 descending: bool = False) -> Filters:
    """Typed text becomes: "3/461" → sheet 3 parcel 461 only; anything else → every word as a prefix
    (accents, case, tone placement ignored), a holder with exactly that name first."""
    sheet_parcel = SHEET_PARCEL.match(text or "")
    if sheet_parcel:
        return Filters(sheet_parcel=sheet_parcel.groups(), status=status, custody=custody, village=village,
                       problems=problems, sort=sort, descending=descending)
    return Filters(fts=fts_query(text) if text else None, exact_name=fold(text) or None, status=status,
                   custody=custody, village=village, problems=problems, sort=sort, descending=descending)


def browse_ids(ctx: UnitOfWork, filters: Filters) -> list[str]:
    require(ctx, "read")
    return browse.ids(ctx.session, filters)


def fetch_summaries(ctx: UnitOfWork, ids: list[str]) -> list[DossierSummary]:
    require(ctx, "read")
    rows = browse.summaries(ctx.session, ids)
    spanning = findings.per_dossier(ctx.session, [r["id"] for r in rows])
    return [replace(_summary(r), spanning=tuple(sorted(spanning.get(r["id"], ())))) for r in rows]


def search(ctx: UnitOfWork, text: str, limit: int = 50, *, exact: bool = False) -> list[DossierSummary]:
    """Dossiers matching every word of `text` (as a prefix), a holder of exactly that name first; "3/461"
    finds sheet 3 parcel 461. `exact` also requires the accents, as typed (tone placement still
    unified), in a holder name, serial or village."""
    require(ctx, "read")
    f = make_filters(text)
    if f.fts is None and f.sheet_parcel is None:
        return []
    if not exact or f.sheet_parcel:
        return fetch_summaries(ctx, browse_pages.first_ids(ctx.session, f, limit))
    wanted = fold_exact(text)
    found: list[DossierSummary] = []
    for s in fetch_summaries(ctx, browse_pages.all_ids(ctx.session, f)):
        hay = fold_exact(" ".join([*s.holders, s.serial, s.village]))
        if wanted in hay:
            found.append(s)
            if len(found) >= limit:
                break
    return found


def villages(ctx: UnitOfWork) -> list[str]:
    require(ctx, "read")
    return browse.villages(ctx.session)
