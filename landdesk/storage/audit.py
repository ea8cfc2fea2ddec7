"""Append to and verify the hash-chained audit trail."""

from __future__ import annotations

import json

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from landdesk.domain.auditchain import GENESIS, AuditRecord, chain_hash
from landdesk.domain.ids import new_id
from landdesk.storage.base import utcnow
from landdesk.storage.desk_models import AuditEntry
from landdesk.storage.settings import station_role

_PG_CHAIN_LOCK = 0x4C44_4155  # 'LDAU': the audit chain's advisory lock on PostgreSQL


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the last entry; (0, GENESIS) when the trail is empty."""
    row = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def hash_at(session: Session, seq: int) -> str | None:
    return session.execute(select(AuditEntry.hash).where(AuditEntry.seq == seq)).scalar_one_or_none()


def append(session: Session, *, user: str, action: str, entity: str, entity_id: str = "",
           changes: list | None = None, reason: str = "") -> AuditRecord:
    # Runs inside the writer's transaction: on SQLite it holds the write lock (BEGIN IMMEDIATE), so
    # reading the head and appending cannot interleave with another writer; a PostgreSQL province
    # store takes a transaction-scoped lock for the same (two operators writing at once).
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CHAIN_LOCK})
    _, prev = head(session)
    site = station_role(session)
    if site[0] == "station":  # who entered what on which workstation: "lan@MT02" (docs/stations.md)
        user = f"{user}@{site[2]}"
    rec = AuditRecord(id=new_id(), at=utcnow(), user=user, action=action, entity=entity,
                      entity_id=entity_id, changes=changes or [], reason=reason)
    session.add(AuditEntry(
        id=rec.id, at=rec.at, user=rec.user, action=rec.action, entity=rec.entity, entity_id=rec.entity_id,
        changes=json.dumps(rec.changes, ensure_ascii=False, default=str), reason=rec.reason,
        prev_hash=prev, hash=chain_hash(prev, rec),
    ))
    session.flush()
    return rec


def _record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(id=row.id, at=row.at, user=row.user, action=row.action, entity=row.entity,
                       entity_id=row.entity_id, changes=json.loads(row.changes), reason=row.reason)


def verify(session: Session) -> tuple[int, list[int]]:
    """Walk the chain; returns (entries checked, seq numbers where it breaks)."""
    prev = GENESIS
    broken: list[int] = []
    count = 0
    expected_seq = None
    for row in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        count += 1
        if expected_seq is not None and row.seq != expected_seq:
            broken.append(row.seq)  # a gap: an entry was deleted
        if row.prev_hash != prev or chain_hash(prev, _record(row)) != row.hash:
            broken.append(row.seq)
        prev = row.hash
        expected_seq = row.seq + 1
    return count, sorted(set(broken))


def history(session: Session, entity_id: str) -> list[AuditRecord]:
    rows = session.execute(select(AuditEntry).where(AuditEntry.entity_id == entity_id)
                           .order_by(AuditEntry.seq)).scalars()
    return [_record(r) for r in rows]


def since(session: Session, seq: int) -> list[tuple[int, str, AuditRecord]]:
    """(seq, hash, record) after `seq`, for sync packages."""
    rows = session.execute(select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)).scalars()
    return [(r.seq, r.hash, _record(r)) for r in rows]


def present(session: Session, ids: list[str]) -> set[str]:
    """Which of these entry ids the trail holds (entries from another workstation arrive once)."""
    out: set[str] = set()
    for i in range(0, len(ids), 900):
        out.update(session.execute(select(AuditEntry.id).where(AuditEntry.id.in_(ids[i:i + 900]))).scalars())
    return out


def append_records(session: Session, records: list[AuditRecord]) -> int:
    """Append entries written elsewhere (a workstation of this commune) to this trail's chain, their
    content unchanged; returns how many were new."""
    have = present(session, [r.id for r in records])
    _, prev = head(session)
    rows = []
    for rec in records:
        if rec.id in have:
            continue
        have.add(rec.id)
        h = chain_hash(prev, rec)
        rows.append(AuditEntry(id=rec.id, at=rec.at, user=rec.user, action=rec.action, entity=rec.entity,
                               entity_id=rec.entity_id, changes=json.dumps(rec.changes, ensure_ascii=False, default=str),
                               reason=rec.reason, prev_hash=prev, hash=h))
        prev = h
    session.add_all(rows)
    session.flush()
    return len(rows)
