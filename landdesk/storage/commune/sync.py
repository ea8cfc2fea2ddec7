"""Commune-side sync queries: what changed since the province's last acknowledgement, and the
bookkeeping of packages sent and receipts applied."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.models import Counter, DossierRow, Tombstone
from landdesk.storage.commune.sync_models import (
    SyncDossierAck,
    SyncPackage,
    SyncPackageScan,
    SyncProvinceProfile,
    SyncReceipt,
    SyncScanAck,
)
from landdesk.storage.desk_models import AuditEntry


@dataclass(frozen=True)
class SyncState:
    last_seq: int  # highest package sequence number written
    last_hash: str  # its header hash ("" before the first package)
    acked_change: int  # change counter covered by acknowledged packages
    acked_audit: int  # audit seq covered by acknowledged packages
    change_now: int  # the change counter at this snapshot
    audit_now: int
    audit_head_hash: str


def state(session: Session) -> SyncState:
    last = session.execute(select(SyncPackage.seq, SyncPackage.header_hash)
                           .order_by(SyncPackage.seq.desc()).limit(1)).first()
    acked = session.execute(select(SyncPackage.change_to, SyncPackage.audit_to)
                            .where(SyncPackage.acknowledged_at.is_not(None))
                            .order_by(SyncPackage.seq.desc()).limit(1)).first()
    change_now = session.execute(select(Counter.value).where(Counter.name == "change")).scalar_one_or_none() or 0
    head = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return SyncState(last.seq if last else 0, last.header_hash if last else "",
                     acked.change_to if acked else 0, acked.audit_to if acked else 0,
                     change_now, head.seq if head else 0, head.hash if head else "0" * 64)


def changed_dossier_ids(session: Session, after: int, upto: int) -> list[str]:
    """Dossiers whose change number is in (after, upto], in change order."""
    return list(session.execute(select(DossierRow.id).where(DossierRow.change_no > after, DossierRow.change_no <= upto)
                                .order_by(DossierRow.change_no)).scalars())


def dossier_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(DossierRow)).scalar_one()


def tombstones(session: Session, after: int, upto: int) -> list[dict]:
    rows = session.execute(select(Tombstone).where(Tombstone.change_no > after, Tombstone.change_no <= upto)
                           .order_by(Tombstone.change_no)).scalars()
    return [{"entity": t.entity, "entity_id": t.entity_id, "change_no": t.change_no,
             "deleted_at": t.deleted_at.isoformat(timespec="seconds") if t.deleted_at else "",
             "reason": t.reason} for t in rows]


def change_numbers(session: Session, ids: list[str]) -> dict[str, int]:
    return dict(session.execute(select(DossierRow.id, DossierRow.change_no).where(DossierRow.id.in_(ids))).all())


def acked_scans(session: Session) -> set[str]:
    return set(session.execute(select(SyncScanAck.sha256)).scalars())


def province_revisions(session: Session, ids: list[str]) -> dict[str, int]:
    return dict(session.execute(select(SyncDossierAck.dossier_id, SyncDossierAck.province_revision)
                                .where(SyncDossierAck.dossier_id.in_(ids))).all())


def seq_taken(session: Session, seq: int) -> bool:
    return session.execute(select(SyncPackage.id).where(SyncPackage.seq == seq)).first() is not None


def record_package(session: Session, *, package_id: str, seq: int, kind: str, header_hash: str, prev_hash: str,
                   change_from: int, change_to: int, audit_to: int, dossiers: int, tombstones: int,
                   scans: Iterable[str], files: list[dict], user: str) -> None:
    scans = sorted(set(scans))
    session.execute(insert(SyncPackage).values(
        id=package_id, seq=seq, kind=kind, header_hash=header_hash, prev_hash=prev_hash, change_from=change_from,
        change_to=change_to, audit_to=audit_to, dossiers=dossiers, tombstones=tombstones, scans=len(scans),
        files=json.dumps(files), created_at=utcnow(), created_by=user))
    if scans:
        session.execute(insert(SyncPackageScan), [{"package_id": package_id, "sha256": s} for s in scans])


def mark_sent(session: Session, dossier_ids: list[str]) -> int:
    """The dossiers of a package just exported wait for the province's answer ('sent'), except those the
    province already answered about at this very revision (a full package re-sends them unchanged).
    Bookkeeping: the change counter is not bumped (nothing to send again)."""
    answered = dict(session.execute(select(SyncDossierAck.dossier_id, SyncDossierAck.revision)).all())
    n = 0
    for i in range(0, len(dossier_ids), 500):
        chunk = dossier_ids[i:i + 500]
        rows = session.execute(select(DossierRow.id, DossierRow.revision).where(DossierRow.id.in_(chunk))).all()
        ids = [r.id for r in rows if answered.get(r.id) != r.revision]
        if ids:
            session.execute(update(DossierRow).where(DossierRow.id.in_(ids))
                            .values(province_status="sent", province_note=""))
            n += len(ids)
    return n


def last_package(session: Session) -> SyncPackage | None:
    return session.execute(select(SyncPackage).order_by(SyncPackage.seq.desc()).limit(1)).scalar_one_or_none()


def package_by_seq(session: Session, seq: int) -> SyncPackage | None:
    return session.execute(select(SyncPackage).where(SyncPackage.seq == seq)).scalar_one_or_none()


def packages(session: Session) -> list[SyncPackage]:
    return list(session.execute(select(SyncPackage).order_by(SyncPackage.seq)).scalars())


def package_by_id(session: Session, package_id: str) -> SyncPackage | None:
    return session.get(SyncPackage, package_id)


def receipt_applied(session: Session, receipt_id: str) -> bool:
    return session.get(SyncReceipt, receipt_id) is not None


def apply_receipt(session: Session, *, receipt_id: str, package_id: str, contiguous_through: int,
                  results: list[dict], seq: int) -> dict[str, int]:
    """Mark packages acknowledged, their scans sent for good, and each dossier's province status.

    Dossier status changes are bookkeeping: they do not bump the change counter (nothing to re-send).
    """
    now = utcnow()
    session.execute(update(SyncPackage).where(SyncPackage.id == package_id).values(received_at=now))
    session.execute(update(SyncPackage).where(SyncPackage.seq <= contiguous_through,
                                              SyncPackage.acknowledged_at.is_(None)).values(acknowledged_at=now))
    have = acked_scans(session)
    new_scans = [s for s in session.execute(select(SyncPackageScan.sha256)
                                            .where(SyncPackageScan.package_id == package_id)).scalars()
                 if s not in have]
    if new_scans:
        session.execute(insert(SyncScanAck), [{"sha256": s, "acked_at": now} for s in new_scans])
    revisions = dict(session.execute(select(DossierRow.id, DossierRow.revision)
                                     .where(DossierRow.id.in_([r["id"] for r in results]))).all())
    counts: dict[str, int] = {}
    for r in results:
        did = r["id"]
        if r.get("status") not in ("accepted", "rejected", "conflict", "duplicate"):
            continue  # "unchanged"/"superseded": an earlier receipt already spoke
        old = session.get(SyncDossierAck, did)
        if old is not None and old.package_seq > seq:
            continue  # a newer receipt already spoke about this dossier
        if old is None:
            old = SyncDossierAck(dossier_id=did)
            session.add(old)
        old.status, old.revision, old.province_revision = r["status"], r.get("revision", 0), r.get("province_revision", 0)
        old.note, old.package_seq, old.at = r.get("note", ""), seq, now
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        if did in revisions and revisions[did] == r.get("revision"):
            session.execute(update(DossierRow).where(DossierRow.id == did).values(
                province_status=r["status"], province_note=r.get("note", "")))
    session.add(SyncReceipt(id=receipt_id, package_id=package_id, applied_at=now))
    session.flush()
    return counts


def dossier_acks(session: Session) -> dict[str, tuple[str, str]]:
    return {a.dossier_id: (a.status, a.note) for a in session.execute(select(SyncDossierAck)).scalars()}


def get_profile(session: Session) -> SyncProvinceProfile | None:
    return session.execute(select(SyncProvinceProfile).limit(1)).scalar_one_or_none()


def put_profile(session: Session, *, province_code: str, province_name: str, signing_key: str,
                encryption_key: str, fingerprint: str, body: dict, at: datetime | None = None) -> None:
    for old in session.execute(select(SyncProvinceProfile)).scalars():
        session.delete(old)
    session.flush()
    session.add(SyncProvinceProfile(province_code=province_code, province_name=province_name,
                                    signing_key=signing_key, encryption_key=encryption_key,
                                    fingerprint=fingerprint, body=json.dumps(body, ensure_ascii=False),
                                    imported_at=at or utcnow()))
    session.flush()


def scan_refs(session: Session, dossier_ids: list[str]) -> dict[str, list[dict]]:
    """Scan files referenced by pages of these dossiers: {dossier_id: [{sha256, ext, ...}]}.

    Empty until the scan store exists in this workspace's schema.
    """
    import importlib.util

    if importlib.util.find_spec("landdesk.storage.commune.scan_models") is None:
        return {}
    return _scan_refs(session, dossier_ids)


def _scan_refs(session: Session, dossier_ids: list[str]) -> dict[str, list[dict]]:
    from landdesk.storage.commune.scan_models import ScanPage

    out: dict[str, list[dict]] = {}
    for i in range(0, len(dossier_ids), 900):
        rows = session.execute(
            select(ScanPage.dossier_id, ScanPage.sha256, ScanPage.ext, ScanPage.kind, ScanPage.position,
                   ScanPage.size, ScanPage.rotation)
            .where(ScanPage.dossier_id.in_(dossier_ids[i:i + 900]), ScanPage.deleted_at.is_(None))
            .order_by(ScanPage.dossier_id, ScanPage.kind, ScanPage.position)).all()
        for r in rows:
            out.setdefault(r.dossier_id, []).append({"sha256": r.sha256, "ext": r.ext, "kind": r.kind,
                                                     "position": r.position, "size": r.size,
                                                     "rotation": r.rotation})
    return out


def audit_batches(session: Session, after: int, upto: int, size: int = 2000):
    """Audit entries in (after, upto] as package records, in batches (memory bounded)."""
    last = after
    while True:
        rows = session.execute(select(AuditEntry).where(AuditEntry.seq > last, AuditEntry.seq <= upto)
                               .order_by(AuditEntry.seq).limit(size)).scalars().all()
        if not rows:
            return
        yield [{"seq": r.seq, "hash": r.hash, "prev_hash": r.prev_hash,
                "record": {"id": r.id, "at": r.at.isoformat(timespec="microseconds"), "user": r.user,
                           "action": r.action, "entity": r.entity, "entity_id": r.entity_id,
                           "changes": json.loads(r.changes), "reason": r.reason}} for r in rows]
        last = rows[-1].seq


def blocking_dossiers(session: Session, ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in range(0, len(ids), 500):
        out += session.execute(select(DossierRow.id).where(DossierRow.id.in_(ids[i:i + 500]),
                                                           DossierRow.errors > 0)).scalars().all()
    return out


# ---- fast dossier dicts for packages ---------------------------------------------------------------
# The same JSON shape as domain.serialize.dossier_to_dict(load_dossier(...)), built straight from Core
# rows: an export of 100k dossiers must not pay for ORM objects and a recursive serializer per field.
# tests/sync/test_format.py checks the two agree field for field.

def _iso(v):
    return v.isoformat() if v is not None else None


def _iso_s(v):
    return v.isoformat(timespec="seconds") if v is not None else None


def _birth(text):
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def dossier_dicts(session: Session, ids: list[str]) -> list[dict]:
    from landdesk.storage.commune.models import HolderRow, LandUseRow, ParcelRow

    if not ids:
        return []
    d_cols = DossierRow.__table__.c
    p_cols = ParcelRow.__table__.c
    lu_cols = LandUseRow.__table__.c
    h_cols = HolderRow.__table__.c
    drows = session.execute(select(DossierRow.__table__).where(d_cols.id.in_(ids))).mappings().all()
    prow = session.execute(select(ParcelRow.__table__).where(p_cols.dossier_id.in_(ids))
                           .order_by(p_cols.dossier_id, p_cols.position)).mappings().all()
    pids = [p["id"] for p in prow]
    uses: dict[str, list] = {}
    for i in range(0, len(pids), 900):
        for u in session.execute(select(LandUseRow.__table__).where(lu_cols.parcel_id.in_(pids[i:i + 900]))
                                 .order_by(lu_cols.parcel_id, lu_cols.position)).mappings():
            uses.setdefault(u["parcel_id"], []).append({
                "code": u["code"], "raw_text": u["raw_text"], "area": u["area"], "origin": u["origin"],
                "use_form": u["use_form"], "term": u["term"], "id": u["id"]})
    parcels: dict[str, list] = {}
    for p in prow:
        housing = None if p["h_id"] is None else {
            "asset_type": p["h_asset_type"], "complex_name": p["h_complex"], "building": p["h_building"],
            "apartment_no": p["h_apartment"], "construction_area": p["h_construction_area"],
            "floor_area": p["h_floor_area"], "ownership_form": p["h_ownership_form"],
            "ownership_term": p["h_ownership_term"], "grade": p["h_grade"], "id": p["h_id"] or p["id"]}
        parcels.setdefault(p["dossier_id"], []).append({
            "sheet_cert": p["sheet_cert"], "parcel_cert": p["parcel_cert"], "sheet_map": p["sheet_map"],
            "parcel_map": p["parcel_map"], "map_series": p["map_series"], "old_commune": p["old_commune"],
            "national_id": p["national_id"], "address": p["address"], "area": p["area"],
            "classification": p["classification"], "coordinates": p["coordinates"], "crs": p["crs"],
            "group": p["group"], "land_uses": uses.get(p["id"], []),
            "housing": housing, "id": p["id"]})
    holders: dict[str, list] = {}
    for h in session.execute(select(HolderRow.__table__).where(h_cols.dossier_id.in_(ids))
                             .order_by(h_cols.dossier_id, h_cols.position)).mappings():
        holders.setdefault(h["dossier_id"], []).append({
            "kind": h["kind"], "name": h["name"], "cccd": h["cccd"], "cmnd": h["cmnd"], "org_id": h["org_id"],
            "birth": _birth(h["birth"]), "gender": h["gender"], "address": h["address"],
            "legal_form": h["legal_form"], "role": h["role"], "representative": h["representative"],
            "verification": h["verification"], "verification_reason": h["verification_reason"],
            "verification_fields": h["verification_fields"], "id": h["id"]})
    by_id = {}
    for r in drows:
        empty_cu = not (r["current_name"] or r["current_cccd"] or r["current_address"] or r["current_reason"])
        by_id[r["id"]] = {
            "commune_code": r["commune_code"], "village": r["village"], "serial": r["serial"],
            "serial_typed": r["serial_typed"],
            "issue_date": _iso(r["issue_date"]), "registry_no": r["registry_no"], "issuer": r["issuer"],
            "custody": r["custody"], "custody_note": r["custody_note"], "status": r["status"],
            "received_on": _iso(r["received_on"]), "notes": r["notes"],
            "scan_names": r["scan_names"], "parcels": parcels.get(r["id"], []),
            "holders": holders.get(r["id"], []),
            "current_user": None if empty_cu else {"name": r["current_name"], "cccd": r["current_cccd"],
                                                   "address": r["current_address"], "reason": r["current_reason"]},
            "id": r["id"], "num": r["num"], "revision": r["revision"], "created_at": _iso_s(r["created_at"]),
            "created_by": r["created_by"], "updated_at": _iso_s(r["updated_at"]), "updated_by": r["updated_by"],
            "province_status": r["province_status"], "province_note": r["province_note"]}
    return [by_id[i] for i in ids if i in by_id]


def errors_of(session: Session, ids: list[str]) -> dict[str, int]:
    return dict(session.execute(select(DossierRow.id, DossierRow.errors).where(DossierRow.id.in_(ids))).all())
