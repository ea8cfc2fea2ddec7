"""What each commune sent: its packages (chain, receipt), the audit trail and the scans they carried."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.province.bulk import bulk_insert
from landdesk.storage.province.models import ProvAudit, ProvCommune, ProvPackage, ProvScan


def package(s: Session, package_id: str) -> ProvPackage | None:
    return s.get(ProvPackage, package_id)


def package_at(s: Session, commune_code: str, seq: int) -> ProvPackage | None:
    return s.execute(select(ProvPackage).where(ProvPackage.commune_code == commune_code,
                                               ProvPackage.seq == seq)).scalar_one_or_none()


def imported_seqs(s: Session, commune_code: str) -> list[int]:
    return list(s.execute(select(ProvPackage.seq).where(ProvPackage.commune_code == commune_code)
                          .order_by(ProvPackage.seq)).scalars())


def add_package(s: Session, **values) -> None:
    s.execute(insert(ProvPackage).values(imported_at=utcnow(), **values))


def update_commune_progress(s: Session, code: str, *, at) -> tuple[int, int]:
    """Recompute last and contiguous sequence numbers; returns (last_seq, contiguous_through)."""
    seqs = imported_seqs(s, code)
    contiguous = 0
    for n in seqs:
        if n == contiguous + 1:
            contiguous = n
        elif n > contiguous + 1:
            break
    last = seqs[-1] if seqs else 0
    s.execute(update(ProvCommune).where(ProvCommune.code == code)
              .values(last_seq=last, contiguous_through=contiguous, last_package_at=at))
    return last, contiguous


def set_receipt(s: Session, package_id: str, body_json: str) -> None:
    s.execute(update(ProvPackage).where(ProvPackage.id == package_id).values(receipt=body_json))


def packages(s: Session, commune_code: str | None = None) -> list[ProvPackage]:
    q = select(ProvPackage).order_by(ProvPackage.commune_code, ProvPackage.seq)
    if commune_code:
        q = q.where(ProvPackage.commune_code == commune_code)
    return list(s.execute(q).scalars())


# ---- the communes' audit trails, as their packages carried them -----------------------------------

def audit_hash_at(s: Session, commune_code: str, seq: int) -> str | None:
    return s.execute(select(ProvAudit.hash).where(ProvAudit.commune_code == commune_code,
                                                  ProvAudit.seq == seq)).scalar_one_or_none()


def audit_head(s: Session, commune_code: str) -> dict | None:
    """The last audit entry the province holds of a commune: returned in receipts as an anchor."""
    row = s.execute(select(ProvAudit.seq, ProvAudit.hash).where(ProvAudit.commune_code == commune_code)
                    .order_by(ProvAudit.seq.desc()).limit(1)).first()
    return {"seq": row.seq, "hash": row.hash} if row else None


def audit_seqs(s: Session, commune_code: str, lo: int, hi: int) -> set[int]:
    return set(s.execute(select(ProvAudit.seq).where(ProvAudit.commune_code == commune_code,
                                                     ProvAudit.seq >= lo, ProvAudit.seq <= hi)).scalars())


def insert_audit(s: Session, rows: list[dict]) -> None:
    if rows:
        bulk_insert(s, ProvAudit.__table__, rows)


# ---- scans --------------------------------------------------------------------------------------

def known_scans(s: Session, shas: list[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(shas), 900):
        out |= set(s.execute(select(ProvScan.sha256).where(ProvScan.sha256.in_(shas[i:i + 900]))).scalars())
    return out


def scan_index(s: Session) -> dict[str, tuple[str, int]]:
    """{sha256: (ext, size)} of every scan the store holds (for the store check)."""
    return {r.sha256: (r.ext, r.size) for r in s.execute(select(ProvScan.sha256, ProvScan.ext, ProvScan.size))}


def insert_scans(s: Session, rows: list[dict]) -> None:
    if rows:
        bulk_insert(s, ProvScan.__table__, rows)
