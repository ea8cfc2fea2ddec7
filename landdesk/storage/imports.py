"""Bulk lookups for Form 01 workbooks: certificates and ids already here (import), dossier order and
scanned document kinds (export)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from landdesk.storage.models import DossierRow

_CHUNK = 900  # stay under SQLite's bound-parameter limit


def _chunks(items: list[str]):
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def ids_by_serial(session: Session, serial_norms: Iterable[str]) -> dict[str, str]:
    """Normalised serial → dossier id (the oldest dossier when a serial is there twice)."""
    out: dict[str, str] = {}
    for part in _chunks(sorted({s for s in serial_norms if s})):
        q = (select(DossierRow.serial_norm, DossierRow.id).where(DossierRow.serial_norm.in_(part))
             .order_by(DossierRow.num.desc()))
        out.update({s: i for s, i in session.execute(q)})
    return out


def existing_ids(session: Session, ids: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for part in _chunks(sorted(set(ids))):
        out.update(session.execute(select(DossierRow.id).where(DossierRow.id.in_(part))).scalars())
    return out


def all_ids_in_order(session: Session) -> list[str]:
    """Every dossier id by dossier number (exports walk these in batches)."""
    return list(session.execute(select(DossierRow.id).order_by(DossierRow.num)).scalars())


def scan_kinds(session: Session) -> dict[str, set[str]]:
    """dossier id → kinds of scanned documents it has (gcn, gt, ...), for the Form 01 file names."""
    from landdesk.storage.scan_models import ScanPage

    q = (select(ScanPage.dossier_id, ScanPage.kind).where(ScanPage.dossier_id.is_not(None),
                                                          ScanPage.deleted_at.is_(None)).distinct())
    out: dict[str, set[str]] = {}
    for did, kind in session.execute(q):
        out.setdefault(did, set()).add(kind)
    return out
