"""Dossier aggregate ↔ rows. Whole-aggregate writes: children are replaced, ids preserved."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
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
from landdesk.domain.collation import sort_key, village_key
from landdesk.domain.model import CurrentUser, Dossier, Holder, Housing, LandUse, Parcel
from landdesk.domain.searchkeys import search_body
from landdesk.domain.serial import normalise_registry, normalise_serial
from landdesk.domain.text import fold
from landdesk.domain.values import PartialDate
from landdesk.storage.base import utcnow
from landdesk.storage.commune.models import (
    Counter,
    DossierRow,
    HolderRow,
    LandUseRow,
    ParcelRow,
    Tombstone,
)
from landdesk.storage.commune.stations import reserve_station_numbers


def next_counter(session: Session, name: str, step: int = 1) -> int:
    """Reserve `step` values of a counter; returns the last one reserved."""
    if name == "dossier_num":  # a commune's workstation numbers from the blocks its primary gave it
        last = reserve_station_numbers(session, step)
        if last is not None:
            return last
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
        serial_typed=r.serial_typed, scan_names=r.scan_names, issue_date=r.issue_date, registry_no=r.registry_no, issuer=r.issuer,
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
        coordinates=p.coordinates, crs=p.crs, group=p.group, housing=None if p.h_id is None else housing,
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
        id=d.id, commune_code=d.commune_code, village=d.village, village_sort=village_key(d.village), serial=d.serial,
        serial_norm=normalise_serial(d.serial), serial_typed=d.serial_typed, scan_names=d.scan_names, issue_date=d.issue_date, registry_no=d.registry_no,
        registry_norm=normalise_registry(d.registry_no), issuer=d.issuer, custody=d.custody._value_,
        custody_note=d.custody_note, status=d.status._value_, received_on=d.received_on, notes=d.notes,
        current_name=cu.name, current_cccd=cu.cccd, current_address=cu.address,
        current_reason=_val(cu.reason), province_status=d.province_status, province_note=d.province_note,
        holders_display="; ".join(names), holders_sort=sort_key(names[0]) if names else "",
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
            classification=p.classification, coordinates=p.coordinates, crs=p.crs, group=p.group,
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
                 now: datetime | None = None, keep_stamps: bool = False, keep_num: bool = False) -> Dossier:
    """Insert or update the whole aggregate. Returns it with bookkeeping (num, revision) filled in.

    keep_stamps: take created/updated and revision from `d` as given (imports from another site).
    keep_num: a new dossier keeps `d.num` (a replica of the same commune: numbers never collide).
    """
    now = now or utcnow()
    change_no = next_counter(session, "change")
    values = dossier_values(d, errors=errors, warnings=warnings)
    existing = session.execute(
        select(DossierRow.num, DossierRow.revision, DossierRow.created_at, DossierRow.created_by)
        .where(DossierRow.id == d.id)
    ).first()
    if existing is None:
        num = d.num if keep_num and d.num else next_counter(session, "dossier_num")
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
    conn = session.connection()
    for table, cols, rows in _bulk_rows(session, batch, user):
        conn.exec_driver_sql(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(rows[0]))})", rows)
    return len(batch)


def _bulk_rows(session: Session, batch: list[tuple[Dossier, int, int]], user: str,
               numbers: tuple[int, int] | None = None) -> list[tuple[str, str, list]]:
    """(table, quoted column list, row tuples) for each table the batch writes, dossier_fts last.

    numbers: the first dossier number and change number reserved for the batch (else reserved here).
    """
    n = len(batch)
    if numbers is None:
        numbers = (next_counter(session, "dossier_num", n) - n + 1, next_counter(session, "change", n) - n + 1)
    first_num, first_change = numbers
    now = utcnow()
    rows, fts, parcels, uses, holders = [], [], [], [], []
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
    dialect = session.get_bind().dialect
    out = [(table.name, *_driver_rows(dialect, table, items))
           for table, items in ((DossierRow.__table__, rows), (ParcelRow.__table__, parcels),
                                (LandUseRow.__table__, uses), (HolderRow.__table__, holders)) if items]
    out.append(("dossier_fts", "rowid, body", fts))
    return out


def _driver_rows(dialect, table, items: list[dict]) -> tuple[str, list[tuple]]:
    """(quoted column list, row tuples) of row dicts (all with the same keys) for the DBAPI cursor's
    executemany, values passed through the column types' bind processors (dates and datetimes as
    SQLAlchemy stores them). The workspace database is SQLite: "?" parameters."""
    cols = list(items[0])
    get = itemgetter(*cols)
    params = [get(r) for r in items] if len(cols) > 1 else [(r[cols[0]],) for r in items]
    processed = []
    for i, c in enumerate(cols):
        proc = table.c[c].type.bind_processor(dialect)
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
    return ", ".join(dialect.identifier_preparer.quote(c) for c in cols), params


class BulkInserter:
    """bulk_insert_dossiers for the batches of one large write, with SQLite's share of the work
    overlapped with the caller's.

    Each batch is staged into TEMP tables (in memory, no indexes: cheap), then copied into the
    real tables with one INSERT … SELECT per table in a helper thread. That copy is where SQLite
    maintains the indexes and the full-text index — most of the write — and the driver releases
    the GIL while a statement runs, so the caller prepares the next batch meanwhile. add() waits
    for the previous copy before it touches the connection, and leaving the block waits for the
    last one, also on error, so the transaction never rolls back under a running statement.
    Between add() calls the caller must not use the session.
    """

    def __init__(self, session: Session, user: str, expected: int = 0):
        """expected: how many dossiers will be added; their numbers are reserved up front, so a
        batch's rows are built before waiting for the previous copy."""
        self.session, self.user = session, user
        self._conn = session.connection()
        self._staged: set[str] = set()
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future | None = None
        self._num = self._change = self._left = 0
        self._reserve(expected)

    def _reserve(self, n: int) -> None:
        """n more numbers; they follow the ones still left unless someone else took some meanwhile."""
        if n <= 0:
            return
        num = next_counter(self.session, "dossier_num", n) - n + 1
        change = next_counter(self.session, "change", n) - n + 1
        if (num, change) != (self._num + self._left, self._change + self._left):
            self._num, self._change, self._left = num, change, 0
        self._left += n

    def __enter__(self) -> BulkInserter:
        return self

    def add(self, dossiers: Iterable[tuple[Dossier, int, int]]) -> int:
        batch = list(dossiers)
        if not batch:
            return 0
        if len(batch) > self._left:
            self.wait()
            self._reserve(len(batch) - self._left)
        numbers = (self._num, self._change)
        self._num += len(batch)
        self._change += len(batch)
        self._left -= len(batch)
        prepared = _bulk_rows(self.session, batch, self.user, numbers)
        self.wait()
        moves = []
        for table, cols, rows in prepared:
            width = len(rows[0])
            stage = f"landdesk_bulk_{table}"
            if stage not in self._staged:
                # no declared types: values keep what was bound; the real table's affinity applies on the copy
                self._conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage}")
                self._conn.exec_driver_sql(f"CREATE TEMP TABLE {stage} ({', '.join(f'c{i}' for i in range(width))})")
                self._staged.add(stage)
            self._conn.exec_driver_sql(f"INSERT INTO temp.{stage} VALUES ({', '.join('?' * width)})", rows)
            # a rowid table is scanned in insertion order: rows land in the real table as staged
            moves += [f"INSERT INTO main.{table} ({cols}) SELECT * FROM temp.{stage}", f"DELETE FROM temp.{stage}"]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="landdesk-bulk-insert")
        self._pending = self._pool.submit(self._run, moves)
        return len(batch)

    def _run(self, statements: list[str]) -> None:
        # the caller's thread leaves the connection alone until wait(): one user at a time
        for sql in statements:
            self._conn.exec_driver_sql(sql)

    def wait(self) -> None:
        """Until the last batch is in the real tables; raises what failed there."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.wait()
            elif self._pending is not None:
                wait_futures([self._pending])  # the caller's error wins; the copy only has to stop
                self._pending = None
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
        if exc_type is None:
            for stage in self._staged:
                self._conn.exec_driver_sql(f"DROP TABLE temp.{stage}")
        # on error the transaction rolls back, and the TEMP tables created in it with it


def set_problem_counts(session: Session, dossier_id: str, errors: int, warnings: int) -> None:
    """Refresh the stored rule counts without touching revision or change number (not a user edit)."""
    session.execute(update(DossierRow).where(DossierRow.id == dossier_id).values(errors=errors, warnings=warnings))
