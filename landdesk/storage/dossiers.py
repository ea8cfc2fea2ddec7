"""Dossier aggregate ↔ rows. Whole-aggregate writes: children are replaced, ids preserved."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from operator import itemgetter

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session, selectinload

from landdesk.domain.codes import (
    ChangeReason,
    CustodyStatus,
    Gender,
    HolderKind,
    LegalForm,
    Role,
    UseForm,
    VerificationStatus,
    WorkflowStatus,
)
from landdesk.domain.model import CurrentUser, Dossier, Holder, Housing, LandUse, Parcel
from landdesk.domain.searchkeys import search_body
from landdesk.domain.serial import normalise_registry, normalise_serial
from landdesk.domain.text import fold
from landdesk.domain.values import PartialDate
from landdesk.storage.base import utcnow
from landdesk.storage.models import (
    Counter,
    DossierRow,
    HolderRow,
    LandUseRow,
    ParcelRow,
    Tombstone,
)


def next_counter(session: Session, name: str, step: int = 1) -> int:
    """Reserve `step` values of a counter; returns the last one reserved."""
    value = session.execute(
        update(Counter).where(Counter.name == name).values(value=Counter.value + step).returning(Counter.value)
    ).scalar_one()
    return value


def _enum(cls, value):
    return cls(value) if value else None


# ---- rows → aggregate -------------------------------------------------------------------------

def _dossier_from_row(r: DossierRow) -> Dossier:
    cu = CurrentUser(r.current_name, r.current_cccd, r.current_address, _enum(ChangeReason, r.current_reason))
    return Dossier(
        id=r.id, num=r.num, commune_code=r.commune_code, village=r.village, serial=r.serial,
        issue_date=r.issue_date, registry_no=r.registry_no, issuer=r.issuer,
        custody=CustodyStatus(r.custody), custody_note=r.custody_note, status=WorkflowStatus(r.status),
        received_on=r.received_on, notes=r.notes,
        current_user=None if cu.is_empty() else cu,
        revision=r.revision, created_at=r.created_at, created_by=r.created_by,
        updated_at=r.updated_at, updated_by=r.updated_by,
        province_status=r.province_status, province_note=r.province_note,
        parcels=[_parcel_from_row(p) for p in r.parcels],
        holders=[_holder_from_row(h) for h in r.holders],
    )


def _parcel_from_row(p: ParcelRow) -> Parcel:
    housing = Housing(
        asset_type=p.h_asset_type, complex_name=p.h_complex, building=p.h_building, apartment_no=p.h_apartment,
        construction_area=p.h_construction_area, floor_area=p.h_floor_area, ownership_form=p.h_ownership_form,
        ownership_term=p.h_ownership_term, grade=p.h_grade, id=p.h_id or p.id,
    )
    return Parcel(
        id=p.id, sheet_cert=p.sheet_cert, parcel_cert=p.parcel_cert, sheet_map=p.sheet_map,
        parcel_map=p.parcel_map, map_series=p.map_series, old_commune=p.old_commune,
        national_id=p.national_id, address=p.address, area=p.area, classification=p.classification,
        group=p.group, housing=None if p.h_id is None else housing,
        land_uses=[
            LandUse(id=lu.id, code=lu.code, raw_text=lu.raw_text, area=lu.area, origin=lu.origin,
                    use_form=_enum(UseForm, lu.use_form), term=lu.term)
            for lu in p.land_uses
        ],
    )


def _holder_from_row(h: HolderRow) -> Holder:
    return Holder(
        id=h.id, kind=HolderKind(h.kind), name=h.name, cccd=h.cccd, cmnd=h.cmnd, org_id=h.org_id,
        birth=PartialDate.from_iso(h.birth), gender=_enum(Gender, h.gender), address=h.address,
        legal_form=_enum(LegalForm, h.legal_form), role=_enum(Role, h.role), representative=h.representative,
        verification=VerificationStatus(h.verification), verification_reason=h.verification_reason,
        verification_fields=h.verification_fields,
    )


# ---- aggregate → row dicts (shared by single saves and bulk inserts) ------------------------------

def _val(e):
    # _value_ is the member's plain value; the .value property costs a descriptor call per cell,
    # which adds up over the half a million enum cells of a 100k-row import
    return e._value_ if e is not None else None


def dossier_values(d: Dossier, *, errors: int = 0, warnings: int = 0) -> dict:
    cu = d.current_user or CurrentUser()
    names = d.holder_names()
    areas = [p.area for p in d.parcels if p.area is not None]
    return dict(
        id=d.id, commune_code=d.commune_code, village=d.village, serial=d.serial,
        serial_norm=normalise_serial(d.serial), issue_date=d.issue_date, registry_no=d.registry_no,
        registry_norm=normalise_registry(d.registry_no), issuer=d.issuer, custody=d.custody._value_,
        custody_note=d.custody_note, status=d.status._value_, received_on=d.received_on, notes=d.notes,
        current_name=cu.name, current_cccd=cu.cccd, current_address=cu.address,
        current_reason=_val(cu.reason), province_status=d.province_status, province_note=d.province_note,
        holders_display="; ".join(names), holders_sort=fold(names[0]) if names else "",
        parcels_display="; ".join(
            f"{p.sheet_cert or p.sheet_map}/{p.parcel_cert or p.parcel_map}" for p in d.parcels
        ),
        total_area=round(sum(areas), 1) if areas else None, errors=errors, warnings=warnings,
    )


def child_values(d: Dossier) -> tuple[list[dict], list[dict], list[dict]]:
    parcels, uses, holders = [], [], []
    for i, p in enumerate(d.parcels):
        h = p.housing if (p.housing and not p.housing.is_empty()) else None
        parcels.append(dict(
            id=p.id, dossier_id=d.id, position=i, sheet_cert=p.sheet_cert, parcel_cert=p.parcel_cert,
            sheet_map=p.sheet_map, parcel_map=p.parcel_map, map_series=p.map_series,
            old_commune=p.old_commune, national_id=p.national_id, address=p.address, area=p.area,
            classification=p.classification, group=p.group,
            h_asset_type=h.asset_type if h else "", h_complex=h.complex_name if h else "",
            h_building=h.building if h else "", h_apartment=h.apartment_no if h else "",
            h_construction_area=h.construction_area if h else None, h_floor_area=h.floor_area if h else None,
            h_ownership_form=h.ownership_form if h else "", h_ownership_term=h.ownership_term if h else "",
            h_grade=h.grade if h else "", h_id=h.id if h else None,
        ))
        for j, lu in enumerate(p.land_uses):
            uses.append(dict(
                id=lu.id, parcel_id=p.id, position=j, code=lu.code, raw_text=lu.raw_text, area=lu.area,
                origin=lu.origin, use_form=_val(lu.use_form), term=lu.term,
            ))
    for i, h in enumerate(d.holders):
        holders.append(dict(
            id=h.id, dossier_id=d.id, position=i, kind=h.kind._value_, name=h.name, name_fold=fold(h.name),
            cccd=h.cccd, cmnd=h.cmnd, org_id=h.org_id, birth=h.birth.iso() if h.birth else None,
            gender=_val(h.gender), address=h.address, legal_form=_val(h.legal_form), role=_val(h.role),
            representative=h.representative, verification=h.verification._value_,
            verification_reason=h.verification_reason, verification_fields=h.verification_fields,
        ))
    return parcels, uses, holders


# ---- queries --------------------------------------------------------------------------------------

def load_dossier(session: Session, dossier_id: str) -> Dossier | None:
    row = session.execute(
        select(DossierRow)
        .where(DossierRow.id == dossier_id)
        .options(selectinload(DossierRow.parcels).selectinload(ParcelRow.land_uses),
                 selectinload(DossierRow.holders))
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    return _dossier_from_row(row) if row else None


def load_dossiers(session: Session, ids: Sequence[str]) -> list[Dossier]:
    """Several whole dossiers in the order given (exports and sync packages)."""
    rows = session.execute(
        select(DossierRow).where(DossierRow.id.in_(list(ids)))
        .options(selectinload(DossierRow.parcels).selectinload(ParcelRow.land_uses),
                 selectinload(DossierRow.holders))
    ).scalars().all()
    by_id = {r.id: r for r in rows}
    return [_dossier_from_row(by_id[i]) for i in ids if i in by_id]


def find_by_num(session: Session, num: int) -> str | None:
    return session.execute(select(DossierRow.id).where(DossierRow.num == num)).scalar_one_or_none()


def dossier_exists(session: Session, dossier_id: str) -> bool:
    return session.execute(select(DossierRow.id).where(DossierRow.id == dossier_id)).first() is not None


# ---- writes ---------------------------------------------------------------------------------------

def _write_children(session: Session, d: Dossier) -> None:
    parcels, uses, holders = child_values(d)
    # ON DELETE CASCADE removes land uses with their parcels
    session.execute(delete(ParcelRow).where(ParcelRow.dossier_id == d.id))
    session.execute(delete(HolderRow).where(HolderRow.dossier_id == d.id))
    if parcels:
        session.execute(insert(ParcelRow), parcels)
    if uses:
        session.execute(insert(LandUseRow), uses)
    if holders:
        session.execute(insert(HolderRow), holders)


def _index(session: Session, num: int, d: Dossier) -> None:
    session.execute(text("DELETE FROM dossier_fts WHERE rowid = :n"), {"n": num})
    session.execute(text("INSERT INTO dossier_fts(rowid, body) VALUES (:n, :b)"), {"n": num, "b": search_body(d)})


def save_dossier(session: Session, d: Dossier, user: str, *, errors: int = 0, warnings: int = 0,
                 now: datetime | None = None, keep_stamps: bool = False) -> Dossier:
    """Insert or update the whole aggregate. Returns it with bookkeeping (num, revision) filled in.

    keep_stamps: take created/updated and revision from `d` as given (imports from another site).
    """
    now = now or utcnow()
    change_no = next_counter(session, "change")
    values = dossier_values(d, errors=errors, warnings=warnings)
    existing = session.execute(
        select(DossierRow.num, DossierRow.revision, DossierRow.created_at, DossierRow.created_by)
        .where(DossierRow.id == d.id)
    ).first()
    if existing is None:
        num = next_counter(session, "dossier_num")
        stamps = dict(created_at=d.created_at or now, created_by=d.created_by or user,
                      updated_at=d.updated_at or now, updated_by=d.updated_by or user,
                      revision=d.revision or 1) if keep_stamps else \
            dict(created_at=now, created_by=user, updated_at=now, updated_by=user, revision=1)
        session.execute(insert(DossierRow).values(num=num, change_no=change_no, **stamps, **values))
        # a dossier re-created under the same id is no longer deleted
        session.execute(delete(Tombstone).where(Tombstone.entity == "dossier", Tombstone.entity_id == d.id))
    else:
        num = existing.num
        stamps = dict(updated_at=d.updated_at or now, updated_by=d.updated_by or user, revision=d.revision) \
            if keep_stamps else dict(updated_at=now, updated_by=user, revision=existing.revision + 1)
        session.execute(update(DossierRow).where(DossierRow.id == d.id)
                        .values(change_no=change_no, **stamps, **values))
    _write_children(session, d)
    _index(session, num, d)
    session.flush()
    return load_dossier(session, d.id)


def delete_dossier(session: Session, dossier_id: str, user: str, reason: str = "") -> bool:
    num = session.execute(select(DossierRow.num).where(DossierRow.id == dossier_id)).scalar_one_or_none()
    if num is None:
        return False
    change_no = next_counter(session, "change")
    session.execute(delete(DossierRow).where(DossierRow.id == dossier_id))
    session.execute(text("DELETE FROM dossier_fts WHERE rowid = :n"), {"n": num})
    session.merge(Tombstone(entity="dossier", entity_id=dossier_id, change_no=change_no, deleted_at=utcnow(),
                            deleted_by=user, reason=reason))
    session.flush()
    return True


def bulk_insert_dossiers(session: Session, dossiers: Iterable[tuple[Dossier, int, int]], user: str) -> int:
    """Fast path for new dossiers (demo, imports): executemany on the driver, one change number each.

    Items are (dossier, errors, warnings). Dossiers must not exist yet. The rows are the same
    dossier_values/child_values dicts as single saves, turned into tuples in column order; SQLAlchemy's
    per-row parameter processing cost more than SQLite's insert itself (≈ 40 % of an import).
    """
    batch = list(dossiers)
    if not batch:
        return 0
    n = len(batch)
    last_change = next_counter(session, "change", n)
    last_num = next_counter(session, "dossier_num", n)
    now = utcnow()
    rows, fts, parcels, uses, holders = [], [], [], [], []
    first_num, first_change = last_num - n + 1, last_change - n + 1
    for i, (d, errors, warnings) in enumerate(batch):
        num = first_num + i
        values = dossier_values(d, errors=errors, warnings=warnings)
        values.update(num=num, change_no=first_change + i, revision=d.revision or 1,
                      created_at=d.created_at or now, created_by=d.created_by or user,
                      updated_at=d.updated_at or now, updated_by=d.updated_by or user)
        rows.append(values)
        fts.append((num, search_body(d)))
        p, u, h = child_values(d)
        parcels += p
        uses += u
        holders += h
    conn = session.connection()
    for table, items in ((DossierRow.__table__, rows), (ParcelRow.__table__, parcels),
                         (LandUseRow.__table__, uses), (HolderRow.__table__, holders)):
        _driver_insert(conn, table, items)
    conn.exec_driver_sql("INSERT INTO dossier_fts(rowid, body) VALUES (?, ?)", fts)
    return n


def _driver_insert(conn, table, items: list[dict]) -> None:
    """INSERT of row dicts (all with the same keys) through the DBAPI cursor's executemany, values
    passed through the column types' bind processors (dates and datetimes as SQLAlchemy stores them)."""
    if not items:
        return
    if conn.dialect.paramstyle != "qmark":  # not SQLite: the portable Core path
        conn.execute(insert(table), items)
        return
    cols = list(items[0])
    get = itemgetter(*cols)
    params = [get(r) for r in items] if len(cols) > 1 else [(r[cols[0]],) for r in items]
    processed = []
    for i, c in enumerate(cols):
        proc = table.c[c].type.bind_processor(conn.dialect)
        if proc is not None:
            processed.append((i, proc))
    if processed:
        cache: dict = {}  # an import stamps every row with the same instant: format it once

        def fix(t: tuple) -> tuple:
            t = list(t)
            for i, proc in processed:
                v = t[i]
                if v is not None:
                    key = (i, v)
                    out = cache.get(key)
                    if out is None:
                        out = cache[key] = proc(v)
                    t[i] = out
            return tuple(t)

        params = [fix(t) for t in params]
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in cols)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * len(cols))})", params)


def set_problem_counts(session: Session, dossier_id: str, errors: int, warnings: int) -> None:
    """Refresh the stored rule counts without touching revision or change number (not a user edit)."""
    session.execute(update(DossierRow).where(DossierRow.id == dossier_id).values(errors=errors, warnings=warnings))
