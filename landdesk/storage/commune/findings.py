"""Problems spanning dossiers, kept per dossier (check_models.DossierFinding): written by check runs and,
for the duplicate serial and sheet/parcel rules, at each save; read by the records list and its count."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import and_, delete, func, insert, or_, select, text
from sqlalchemy.orm import Session

from landdesk.storage.commune.check_models import DossierFinding
from landdesk.storage.commune.models import DossierRow, ParcelRow

# Parcel numbers as the uniqueness rule reads them (storage.cleaning_queries): the map's, else the certificate's.
_SHEET = func.coalesce(func.nullif(func.trim(ParcelRow.sheet_map), ""), func.trim(ParcelRow.sheet_cert))
_PARCEL = func.coalesce(func.nullif(func.trim(ParcelRow.parcel_map), ""), func.trim(ParcelRow.parcel_cert))

# "This dossier has a problem": a rule of its own (stored counts) or one spanning dossiers.
HAS_FINDING = DossierRow.id.in_(select(DossierFinding.dossier_id))


def replace(session: Session, rules: Iterable[str] | None, rows: Iterable[tuple[str, str, str]]) -> None:
    """Rows (dossier_id, rule, severity) become the findings of `rules` (None: of every rule); one row per
    dossier and rule, an error winning over a warning."""
    stmt = delete(DossierFinding)
    if rules is not None:
        stmt = stmt.where(DossierFinding.rule.in_(list(rules)))
    session.execute(stmt)
    best: dict[tuple[str, str], str] = {}
    for did, rule, severity in rows:
        if did and best.get((did, rule)) != "error":
            best[(did, rule)] = severity
    values = [{"dossier_id": d, "rule": r, "severity": s} for (d, r), s in best.items()]
    for i in range(0, len(values), 5000):
        session.execute(insert(DossierFinding), values[i:i + 5000])


def set_rule(session: Session, rule: str, severity: str, on: Sequence[str], off: Sequence[str]) -> None:
    """One rule's finding added to the dossiers `on` and removed from those `off`."""
    if off:
        session.execute(delete(DossierFinding).where(DossierFinding.rule == rule, DossierFinding.dossier_id.in_(list(off))))
    if on:
        session.execute(delete(DossierFinding).where(DossierFinding.rule == rule, DossierFinding.dossier_id.in_(list(on))))
        session.execute(insert(DossierFinding), [{"dossier_id": d, "rule": rule, "severity": severity}
                                                 for d in dict.fromkeys(on)])


def dossiers_with_serial(session: Session, serial_norm: str) -> list[str]:
    return list(session.execute(select(DossierRow.id).where(DossierRow.serial_norm == serial_norm)).scalars())


def parcels_with_key(session: Session, series: str, sheet: str, parcel: str) -> list[tuple[str, str]]:
    """(parcel id, dossier id) of the parcels with these numbers in this map series (both indexes used)."""
    candidates = or_(and_(ParcelRow.sheet_map == sheet, ParcelRow.parcel_map == parcel),
                     and_(ParcelRow.sheet_cert == sheet, ParcelRow.parcel_cert == parcel))
    rows = session.execute(select(ParcelRow.id, ParcelRow.dossier_id).where(
        candidates, ParcelRow.map_series == series, _SHEET == sheet, _PARCEL == parcel)).all()
    return [(r.id, r.dossier_id) for r in rows]


def per_dossier(session: Session, dossier_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """{dossier_id: [(rule, severity)]} for these dossiers."""
    out: dict[str, list[tuple[str, str]]] = {}
    for i in range(0, len(dossier_ids), 900):
        for did, rule, sev in session.execute(select(DossierFinding.dossier_id, DossierFinding.rule,
                                                     DossierFinding.severity)
                                              .where(DossierFinding.dossier_id.in_(list(dossier_ids[i:i + 900])))):
            out.setdefault(did, []).append((rule, sev))
    return out


def all_rows(session: Session) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in session.execute(text("SELECT dossier_id, rule, severity FROM dossier_findings"))]
