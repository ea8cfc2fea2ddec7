"""Queries of the station tables (storage/station_models.py) and the few dossier/page writes a replica
makes when it takes a version from the other side."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.models import Counter
from landdesk.storage.commune.station_models import (
    NumberBlock,
    Station,
    StationBase,
    StationConflict,
    StationOrigin,
    StationPackage,
    StationPackageScan,
    StationScan,
)

# ---- roster ------------------------------------------------------------------------------------------


def stations(session: Session) -> list[Station]:
    return list(session.execute(select(Station).order_by(Station.code)).scalars())


def station(session: Session, station_id: str) -> Station | None:
    return session.get(Station, station_id)


def station_by_code(session: Session, code: str) -> Station | None:
    return session.execute(select(Station).where(Station.code == code)).scalar_one_or_none()


def station_by_name(session: Session, name: str) -> Station | None:
    """By code (MT02) or by the name the officer gave (case-insensitive)."""
    found = station_by_code(session, name.strip().upper())
    if found is not None:
        return found
    rows = [s for s in stations(session) if s.name.casefold() == name.strip().casefold()]
    return rows[0] if len(rows) == 1 else None


def station_by_fingerprint(session: Session, fingerprint: str) -> Station | None:
    return session.execute(select(Station).where(Station.fingerprint == fingerprint)).scalar_one_or_none()


def add_station(session: Session, **values) -> Station:
    row = Station(**values)
    session.add(row)
    session.flush()
    return row


def next_code(session: Session) -> str:
    """MT01, MT02, …: never reused (a revoked station keeps its code)."""
    codes = [s.code for s in stations(session) if s.code.startswith("MT") and s.code[2:].isdigit()]
    return f"MT{max([int(c[2:]) for c in codes] or [0]) + 1:02d}"


# ---- packages ---------------------------------------------------------------------------------------


def record_package(session: Session, *, scan_shas: Iterable[str] = (), **values) -> StationPackage:
    row = StationPackage(**values)
    session.add(row)
    session.flush()
    shas = sorted(set(scan_shas))
    if shas:
        session.execute(insert(StationPackageScan), [{"package_id": row.id, "sha256": s} for s in shas])
    session.flush()
    return row


def package(session: Session, package_id: str) -> StationPackage | None:
    return session.get(StationPackage, package_id)


def package_at(session: Session, station_id: str, direction: str, seq: int) -> StationPackage | None:
    return session.execute(select(StationPackage).where(
        StationPackage.station_id == station_id, StationPackage.direction == direction,
        StationPackage.seq == seq)).scalar_one_or_none()


def packages(session: Session, station_id: str, direction: str) -> list[StationPackage]:
    return list(session.execute(select(StationPackage).where(
        StationPackage.station_id == station_id, StationPackage.direction == direction)
        .order_by(StationPackage.seq)).scalars())


def confirm_packages(session: Session, station_id: str, seqs: Sequence[int]) -> list[str]:
    """Outgoing packages the other side applied: their scans are held there from now on. Returns the
    newly confirmed packages' ids."""
    if not seqs:
        return []
    rows = session.execute(select(StationPackage.id).where(
        StationPackage.station_id == station_id, StationPackage.direction == "out",
        StationPackage.seq.in_(list(seqs)), StationPackage.confirmed.is_(False))).scalars().all()
    if rows:
        session.execute(update(StationPackage).where(StationPackage.id.in_(rows)).values(confirmed=True))
        shas = session.execute(select(StationPackageScan.sha256).where(
            StationPackageScan.package_id.in_(rows)).distinct()).scalars().all()
        add_known_scans(session, station_id, shas)
    return list(rows)


# ---- scans the other side holds ---------------------------------------------------------------------


def known_scans(session: Session, station_id: str, shas: Sequence[str]) -> set[str]:
    out: set[str] = set()
    shas = list(shas)
    for i in range(0, len(shas), 900):
        out.update(session.execute(select(StationScan.sha256).where(
            StationScan.station_id == station_id, StationScan.sha256.in_(shas[i:i + 900]))).scalars())
    return out


def add_known_scans(session: Session, station_id: str, shas: Iterable[str]) -> None:
    shas = sorted(set(shas))
    if not shas:
        return
    have = known_scans(session, station_id, shas)
    new = [{"station_id": station_id, "sha256": s} for s in shas if s not in have]
    if new:
        session.execute(insert(StationScan), new)


# ---- pages of dossiers as records carry them ----------------------------------------------------------

def bases(session: Session, dossier_ids: Sequence[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    ids = list(dossier_ids)
    for i in range(0, len(ids), 900):
        for did, data in session.execute(select(StationBase.dossier_id, StationBase.data)
                                         .where(StationBase.dossier_id.in_(ids[i:i + 900]))):
            out[did] = json.loads(data)
    return out


def put_base(session: Session, dossier_id: str, record: dict | None) -> None:
    session.execute(delete(StationBase).where(StationBase.dossier_id == dossier_id))
    if record is not None:
        session.execute(insert(StationBase).values(dossier_id=dossier_id,
                                                   data=json.dumps(record, ensure_ascii=False)))


def origins(session: Session, dossier_id: str) -> dict[str, tuple[str, str]]:
    raw = session.execute(select(StationOrigin.data).where(StationOrigin.dossier_id == dossier_id)).scalar_one_or_none()
    return {u: (v[0], v[1]) for u, v in json.loads(raw or "{}").items()}


def set_origins(session: Session, dossier_id: str, station_id: str, written: dict[str, str]) -> None:
    """unit -> value hash written by `station_id` into this dossier."""
    if not written:
        return
    data = {u: list(v) for u, v in origins(session, dossier_id).items()}
    data.update({u: [station_id, h] for u, h in written.items()})
    session.execute(delete(StationOrigin).where(StationOrigin.dossier_id == dossier_id))
    session.execute(insert(StationOrigin).values(dossier_id=dossier_id, data=json.dumps(data)))


def new_origins(session: Session, rows: list[tuple[str, str, dict[str, str]]]) -> None:
    """Origins of dossiers a station created: (dossier id, station id, {unit: value hash})."""
    if rows:
        session.execute(insert(StationOrigin), [
            {"dossier_id": did, "data": json.dumps({u: [sid, h] for u, h in units.items()})}
            for did, sid, units in rows])


def drop_origins(session: Session, dossier_id: str) -> None:
    session.execute(delete(StationOrigin).where(StationOrigin.dossier_id == dossier_id))


# ---- dossier number blocks --------------------------------------------------------------------------------


def blocks(session: Session, station_id: str | None = None) -> list[NumberBlock]:
    stmt = select(NumberBlock).order_by(NumberBlock.first)
    if station_id is not None:
        stmt = stmt.where(NumberBlock.station_id == station_id)
    return list(session.execute(stmt).scalars())


def add_block(session: Session, first: int, last: int, station_id: str) -> None:
    if session.get(NumberBlock, first) is None:
        session.add(NumberBlock(first=first, last=last, station_id=station_id, granted_at=utcnow()))
        session.flush()


def counter(session: Session, name: str) -> int:
    return session.execute(select(Counter.value).where(Counter.name == name)).scalar_one_or_none() or 0


def set_counter(session: Session, name: str, value: int) -> None:
    session.execute(update(Counter).where(Counter.name == name).values(value=value))


def numbers_left(session: Session, station_id: str) -> int:
    """At a station: numbers still free in its blocks."""
    used = counter(session, "dossier_num")
    return sum(b.last - max(used, b.first - 1) for b in blocks(session, station_id) if b.last > used)


# ---- the primary's station conflict queue -------------------------------------------------------------------


def add_conflict(session: Session, **values) -> StationConflict:
    row = StationConflict(**values)
    session.add(row)
    session.flush()
    return row


def conflicts(session: Session, status: str | None = "open") -> list[StationConflict]:
    stmt = select(StationConflict).order_by(StationConflict.created_at, StationConflict.id)
    if status:
        stmt = stmt.where(StationConflict.status == status)
    return list(session.execute(stmt).scalars())


def conflict(session: Session, conflict_id: str) -> StationConflict | None:
    return session.get(StationConflict, conflict_id)


def open_conflict(session: Session, kind: str, dossier_id: str, field: str, station_id: str,
                  other: str = "") -> StationConflict | None:
    """The open conflict of this station on this unit (each station's value waits on its own)."""
    return session.execute(select(StationConflict).where(
        StationConflict.status == "open", StationConflict.kind == kind, StationConflict.dossier_id == dossier_id,
        StationConflict.field == field, StationConflict.station_id == station_id,
        StationConflict.other_dossier_id == other)).scalars().first()


def open_conflicts(session: Session, kind: str, dossier_id: str, field: str, station_id: str,
                   other: str = "") -> list[StationConflict]:
    """Every open conflict of this station on this unit, oldest first."""
    return list(session.execute(select(StationConflict).where(
        StationConflict.status == "open", StationConflict.kind == kind, StationConflict.dossier_id == dossier_id,
        StationConflict.field == field, StationConflict.station_id == station_id,
        StationConflict.other_dossier_id == other).order_by(StationConflict.created_at)).scalars())


def open_conflict_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(StationConflict)
                           .where(StationConflict.status == "open")).scalar_one()


def touch_exchange(row: Station, at: datetime | None = None) -> None:
    row.last_exchange_at = at or utcnow()


# ---- the role of this workspace (cached per transaction: every save asks) --------------------------------


def role(session: Session) -> tuple[str, str, str]:
    """(role, station id, station code): ("", "", "") for a plain commune desk, ("primary", "", "") for a
    primary that enrolled stations, ("station", id, "MT02") for a station."""
    from landdesk.storage.settings import station_role

    return station_role(session)


def reserve_station_numbers(session: Session, step: int) -> int | None:
    """At a station: reserve `step` consecutive dossier numbers inside its blocks and return the last;
    None elsewhere (the plain counter applies)."""
    r, station_id, _ = role(session)
    if r != "station":
        return None
    used = counter(session, "dossier_num")
    for b in blocks(session, station_id):
        start = max(used, b.first - 1)
        if start + step <= b.last:
            set_counter(session, "dossier_num", start + step)
            return start + step
    from landdesk.domain.errors import LandDeskError

    raise LandDeskError(
        f"Máy trạm đã dùng hết số hồ sơ được cấp (cần {step}); hãy đồng bộ với máy chính để nhận khối số mới.",
        f"This station has used up the dossier numbers it was given (needs {step}); synchronise with the "
        "primary desk to receive a new block.")


def any_conflict(session: Session, kind: str, dossier_id: str, other: str) -> bool:
    """A duplicate pair already flagged (open or settled, either way round)."""
    return session.execute(select(StationConflict.id).where(
        StationConflict.kind == kind,
        ((StationConflict.dossier_id == dossier_id) & (StationConflict.other_dossier_id == other))
        | ((StationConflict.dossier_id == other) & (StationConflict.other_dossier_id == dossier_id)))).first() is not None


def put_bases(session: Session, records: list[dict]) -> None:
    """The merge bases of dossiers just taken from the primary, in bulk."""
    ids = [r["dossier"]["id"] for r in records]
    for i in range(0, len(ids), 900):
        session.execute(delete(StationBase).where(StationBase.dossier_id.in_(ids[i:i + 900])))
    if records:
        session.execute(insert(StationBase), [{"dossier_id": r["dossier"]["id"],
                                               "data": json.dumps(r, ensure_ascii=False)} for r in records])


