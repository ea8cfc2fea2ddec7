"""Point look-ups behind the editor's duplicate warnings: is this ID / serial / sheet+parcel already
in another dossier? Each uses an index (holders.cccd, holders.cmnd, dossiers.serial_norm,
parcels(sheet_cert, parcel_cert))."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from landdesk.storage.commune.models import DossierRow, HolderRow, ParcelRow

LIMIT = 5  # a warning names a few dossiers, not hundreds


def holders_with_ids(session: Session, cccds: Sequence[str], cmnds: Sequence[str], exclude: str) -> list[dict]:
    """Holders in other dossiers with one of these CCCD / CMND numbers."""
    conds = []
    if cccds:
        conds.append(HolderRow.cccd.in_(list(cccds)))
    if cmnds:
        conds.append(HolderRow.cmnd.in_(list(cmnds)))
    if not conds:
        return []
    rows = session.execute(
        select(HolderRow.cccd, HolderRow.cmnd, DossierRow.id, DossierRow.num, DossierRow.serial)
        .join(DossierRow, DossierRow.id == HolderRow.dossier_id)
        .where(or_(*conds), HolderRow.dossier_id != exclude).order_by(DossierRow.num).limit(LIMIT * 4)
    ).mappings()
    return [dict(r) for r in rows]


def dossiers_with_serial(session: Session, serial_norm: str, exclude: str) -> list[dict]:
    if not serial_norm:
        return []
    rows = session.execute(
        select(DossierRow.id, DossierRow.num, DossierRow.serial)
        .where(DossierRow.serial_norm == serial_norm, DossierRow.id != exclude).order_by(DossierRow.num).limit(LIMIT)
    ).mappings()
    return [dict(r) for r in rows]


def parcels_with_numbers(session: Session, pairs: Sequence[tuple[str, str]], exclude: str) -> list[dict]:
    """Parcels in other dossiers with the same (sheet, parcel) printed on the certificate."""
    pairs = [(s, p) for s, p in pairs if s and p]
    if not pairs:
        return []
    rows = session.execute(
        select(ParcelRow.sheet_cert, ParcelRow.parcel_cert, DossierRow.id, DossierRow.num, DossierRow.serial)
        .join(DossierRow, DossierRow.id == ParcelRow.dossier_id)
        .where(or_(*[and_(ParcelRow.sheet_cert == s, ParcelRow.parcel_cert == p) for s, p in pairs]),
               ParcelRow.dossier_id != exclude).order_by(DossierRow.num).limit(LIMIT * 4)
    ).mappings()
    return [dict(r) for r in rows]
