"""The province's communes (name, target, how far their package chain has arrived) and their signing keys."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.province.models import ProvCommune, ProvRosterKey


def put_communes(s: Session, communes: Iterable[tuple[str, str, int]]) -> None:
    for code, name, target in communes:
        row = s.get(ProvCommune, code)
        if row is None:
            s.add(ProvCommune(code=code, name=name, target=target))
        else:
            row.name, row.target = name, target
    s.flush()


def communes(s: Session) -> list[ProvCommune]:
    return list(s.execute(select(ProvCommune).order_by(ProvCommune.code)).scalars())


def commune(s: Session, code: str) -> ProvCommune | None:
    return s.get(ProvCommune, code)


def roster(s: Session) -> list[ProvRosterKey]:
    return list(s.execute(select(ProvRosterKey).order_by(ProvRosterKey.commune_code, ProvRosterKey.added_at)).scalars())


def roster_key(s: Session, fingerprint: str) -> ProvRosterKey | None:
    return s.get(ProvRosterKey, fingerprint)


def add_roster_key(s: Session, commune_code: str, fingerprint: str, public_key: str, status: str) -> ProvRosterKey:
    row = s.get(ProvRosterKey, fingerprint)
    if row is None:
        row = ProvRosterKey(fingerprint=fingerprint, commune_code=commune_code, public_key=public_key,
                            status=status, added_at=utcnow())
        s.add(row)
    elif status == "approved":
        row.status = "approved"
    if status == "approved":
        row.approved_at = utcnow()
    s.flush()
    return row


def retire_roster_key(s: Session, fingerprint: str, *, before_seq: int | None) -> None:
    """Retire a key (rotation: valid below `before_seq`) or revoke it (before_seq None)."""
    row = s.get(ProvRosterKey, fingerprint)
    if row is not None:
        row.status = "retired" if before_seq is not None else "revoked"
        row.valid_before_seq = before_seq
        row.retired_at = utcnow()
        s.flush()


def drop_old_pending(s: Session, commune_code: str, keep: int) -> None:
    """Keep only the newest `keep` pending keys of a commune (anyone can make a key and sign a package)."""
    rows = list(s.execute(select(ProvRosterKey).where(ProvRosterKey.commune_code == commune_code,
                                                      ProvRosterKey.status == "pending")
                          .order_by(ProvRosterKey.added_at.desc(), ProvRosterKey.fingerprint)).scalars())
    for row in rows[keep:]:
        s.delete(row)
    s.flush()


def approved_keys(s: Session, commune_code: str) -> list[ProvRosterKey]:
    return list(s.execute(select(ProvRosterKey).where(ProvRosterKey.commune_code == commune_code,
                                                      ProvRosterKey.status == "approved")).scalars())
