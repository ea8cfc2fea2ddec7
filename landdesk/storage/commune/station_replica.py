"""What a replica of one commune (the primary or a station) writes and reads when it takes versions
from the other side: dossiers and pages with their own numbers and ids, change numbers that do not count
as local edits, the keys duplicates are flagged by, the province's word."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.commune.models import DossierRow, Tombstone
from landdesk.storage.commune.scan_models import ScanPage

PAGE_FIELDS = ("id", "sha256", "ext", "size", "width", "height", "dpi", "dh0", "dh1", "dh2", "dh3", "quality",
               "kind", "position", "rotation", "source", "source_page", "created_by")


def page_dicts(session: Session, dossier_ids: Sequence[str]) -> dict[str, list[dict]]:
    """{dossier id: [page dict]} of the live pages attached to these dossiers, in a stable order."""
    out: dict[str, list[dict]] = {}
    ids = list(dossier_ids)
    cols = [getattr(ScanPage, f) for f in PAGE_FIELDS]
    for i in range(0, len(ids), 900):
        rows = session.execute(select(ScanPage.dossier_id, *cols).where(
            ScanPage.dossier_id.in_(ids[i:i + 900]), ScanPage.deleted_at.is_(None))
            .order_by(ScanPage.dossier_id, ScanPage.kind, ScanPage.position, ScanPage.id)).all()
        for r in rows:
            out.setdefault(r.dossier_id, []).append({f: getattr(r, f) for f in PAGE_FIELDS})
    return out


def page_owner(session: Session, sha256: str) -> tuple[str, str | None, bool] | None:
    """(page id, dossier id, live) of the page holding these bytes, if any."""
    r = session.execute(select(ScanPage.id, ScanPage.dossier_id, ScanPage.deleted_at)
                        .where(ScanPage.sha256 == sha256)).first()
    return (r.id, r.dossier_id, r.deleted_at is None) if r else None


def put_pages(session: Session, dossier_id: str, pages: list[dict], user: str) -> list[str]:
    """Make the dossier's live pages exactly `pages`: missing ones go to the recycle tray, others are
    inserted or updated (a page in the recycle tray comes back). Returns the shas of pages skipped
    because the same bytes are a live page of another dossier (exact duplicates are stored once)."""
    now = utcnow()
    keep = {p["id"] for p in pages}
    live = session.execute(select(ScanPage.id).where(ScanPage.dossier_id == dossier_id,
                                                     ScanPage.deleted_at.is_(None))).scalars().all()
    gone = [pid for pid in live if pid not in keep]
    if gone:
        session.execute(update(ScanPage).where(ScanPage.id.in_(gone)).values(deleted_at=now, deleted_by=user))
    skipped = []
    for p in pages:
        values = {f: p[f] for f in PAGE_FIELDS if f != "id" and f in p}
        values.update(dossier_id=dossier_id, deleted_at=None, deleted_by="")
        existing = session.get(ScanPage, p["id"])
        if existing is not None:
            session.execute(update(ScanPage).where(ScanPage.id == p["id"]).values(**values))
            continue
        owner = page_owner(session, p["sha256"])
        if owner is not None:
            if owner[2] and owner[1] not in (None, dossier_id):
                skipped.append(p["sha256"])
                continue
            session.execute(delete(ScanPage).where(ScanPage.id == owner[0]))  # the tray's copy gives way
        session.execute(insert(ScanPage).values(id=p["id"], created_at=now, note="", **values))
    return skipped


# ---- replica bookkeeping --------------------------------------------------------------------------------


def mark_remote(session: Session, dossier_ids: Sequence[str]) -> None:
    """At a station: versions taken from the primary are not local changes (change number 0)."""
    ids = list(dossier_ids)
    for i in range(0, len(ids), 900):
        session.execute(update(DossierRow).where(DossierRow.id.in_(ids[i:i + 900])).values(change_no=0))


def mark_remote_tombstone(session: Session, dossier_id: str) -> None:
    session.execute(update(Tombstone).where(Tombstone.entity == "dossier", Tombstone.entity_id == dossier_id)
                    .values(change_no=0))


def change_numbers(session: Session, ids: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    ids = list(ids)
    for i in range(0, len(ids), 900):
        out.update(session.execute(select(DossierRow.id, DossierRow.change_no)
                                   .where(DossierRow.id.in_(ids[i:i + 900]))).all())
    return out


def tombstoned(session: Session, dossier_id: str) -> bool:
    return session.execute(select(Tombstone.entity_id).where(
        Tombstone.entity == "dossier", Tombstone.entity_id == dossier_id)).first() is not None


def touch_dossier(session: Session, dossier_id: str) -> None:
    """Move a dossier's change number without changing it (it goes back to every workstation)."""
    from landdesk.storage.commune.dossiers import next_counter

    session.execute(update(DossierRow).where(DossierRow.id == dossier_id)
                    .values(change_no=next_counter(session, "change")))


def duplicate_candidates(session: Session, dossier_id: str) -> list[tuple[str, str, str]]:
    """(kind, field, other dossier id) for the keys this dossier shares with another: the same
    certificate serial, the same CCCD under another name, the same sheet + parcel (+ map series)."""
    from landdesk.storage.commune.models import HolderRow, ParcelRow

    out: list[tuple[str, str, str]] = []
    me = session.get(DossierRow, dossier_id)
    if me is None:
        return out
    if me.serial_norm:
        for other in session.execute(select(DossierRow.id).where(
                DossierRow.serial_norm == me.serial_norm, DossierRow.id != dossier_id).limit(5)).scalars():
            out.append(("serial", "serial", other))
    mine = session.execute(select(HolderRow.cccd, HolderRow.name_fold).where(
        HolderRow.dossier_id == dossier_id, HolderRow.cccd != "")).all()
    for cccd, name in mine:
        for other, other_name in session.execute(select(HolderRow.dossier_id, HolderRow.name_fold).where(
                HolderRow.cccd == cccd, HolderRow.dossier_id != dossier_id).limit(5)):
            if other_name != name:
                out.append(("cccd", "holders.cccd", other))
    parcels = session.execute(select(ParcelRow.sheet_cert, ParcelRow.parcel_cert, ParcelRow.map_series).where(
        ParcelRow.dossier_id == dossier_id, ParcelRow.sheet_cert != "", ParcelRow.parcel_cert != "")).all()
    for sheet, num, series in parcels:
        for other in session.execute(select(ParcelRow.dossier_id).where(
                ParcelRow.sheet_cert == sheet, ParcelRow.parcel_cert == num, ParcelRow.map_series == series,
                ParcelRow.dossier_id != dossier_id).limit(5)).scalars():
            out.append(("parcel", "parcels.sheet_parcel", other))
    return list(dict.fromkeys(out))


def province_words(session: Session) -> list[dict]:
    """The province's latest word on each dossier, as the primary holds it."""
    return [{"id": i, "status": st, "note": note} for i, st, note in session.execute(
        select(DossierRow.id, DossierRow.province_status, DossierRow.province_note)
        .where(DossierRow.province_status != ""))]


def put_province_words(session: Session, words: list[dict]) -> None:
    for w in words:
        session.execute(update(DossierRow).where(DossierRow.id == w["id"]).values(
            province_status=w.get("status", ""), province_note=w.get("note", "")))


def receipts_count(session: Session) -> int:
    from landdesk.storage.commune.sync_models import SyncReceipt

    return session.execute(select(func.count()).select_from(SyncReceipt)).scalar_one()


def own_audit_after(session: Session, after: int, code: str) -> int:
    """Audit entries written on station `code` after seq `after`."""
    from landdesk.storage.desk_models import AuditEntry

    return session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.seq > after, AuditEntry.user.like(f"%@{code}"))).scalar_one()


def tombstones_after(session: Session, after: int) -> bool:
    return session.execute(select(Tombstone.entity_id).where(Tombstone.change_no > after)).first() is not None


def tombstone_change(session: Session, dossier_id: str) -> int | None:
    return session.execute(select(Tombstone.change_no).where(
        Tombstone.entity == "dossier", Tombstone.entity_id == dossier_id)).scalar_one_or_none()


def dossier_num(session: Session, dossier_id: str) -> int | None:
    return session.execute(select(DossierRow.num).where(DossierRow.id == dossier_id)).scalar_one_or_none()


def touch_tombstone(session: Session, dossier_id: str) -> None:
    """Move a deletion's change number: it goes back to every workstation (one that kept the dossier
    edited is told again)."""
    from landdesk.storage.commune.dossiers import next_counter

    session.execute(update(Tombstone).where(Tombstone.entity == "dossier", Tombstone.entity_id == dossier_id)
                    .values(change_no=next_counter(session, "change")))


def insert_replica_dossiers(session: Session, items: list, user: str) -> None:
    """New dossiers taken from another replica of this commune, in bulk (their numbers, stamps and
    revisions kept): items are (Dossier, errors, warnings). The same rows as storage.dossiers' bulk path,
    with each dossier's own number."""
    from landdesk.domain.searchkeys import search_body
    from landdesk.storage.commune.dossiers import _driver_rows, child_values, dossier_values, next_counter
    from landdesk.storage.commune.models import HolderRow, LandUseRow, ParcelRow

    if not items:
        return
    first_change = next_counter(session, "change", len(items)) - len(items) + 1
    now = utcnow()
    rows, fts, parcels, uses, holders = [], [], [], [], []
    for i, (d, errors, warnings) in enumerate(items):
        values = dossier_values(d, errors=errors, warnings=warnings)
        values.update(num=d.num, change_no=first_change + i, revision=d.revision or 1,
                      created_at=d.created_at or now, created_by=d.created_by or user,
                      updated_at=d.updated_at or now, updated_by=d.updated_by or user)
        rows.append(values)
        fts.append((d.num, search_body(d)))
        p, u, h = child_values(d)
        parcels += p
        uses += u
        holders += h
    conn = session.connection()
    dialect = session.get_bind().dialect
    for table, batch in ((DossierRow.__table__, rows), (ParcelRow.__table__, parcels), (LandUseRow.__table__, uses),
                         (HolderRow.__table__, holders)):
        if batch:
            cols, params = _driver_rows(dialect, table, batch)
            conn.exec_driver_sql(f"INSERT INTO {table.name} ({cols}) VALUES ({', '.join('?' * len(batch[0]))})", params)
    conn.exec_driver_sql("INSERT INTO dossier_fts(rowid, body) VALUES (?, ?)", fts)
    ids = [d.id for d, _, _ in items]
    for i in range(0, len(ids), 900):
        session.execute(delete(Tombstone).where(Tombstone.entity == "dossier", Tombstone.entity_id.in_(ids[i:i + 900])))


def insert_pages(session: Session, pages: list[tuple[str, dict]], user: str) -> list[str]:
    """Pages of dossiers just inserted, in bulk: (dossier id, page dict). A page whose bytes are
    already a live page elsewhere is skipped (returned); a tray copy of the same bytes gives way."""
    if not pages:
        return []
    shas = [p["sha256"] for _, p in pages]
    owners: dict[str, tuple[str, str | None, bool]] = {}
    for i in range(0, len(shas), 900):
        for r in session.execute(select(ScanPage.id, ScanPage.sha256, ScanPage.dossier_id, ScanPage.deleted_at)
                                 .where(ScanPage.sha256.in_(shas[i:i + 900]))):
            owners[r.sha256] = (r.id, r.dossier_id, r.deleted_at is None)
    now, rows, skipped, gone = utcnow(), [], [], []
    for did, p in pages:
        owner = owners.get(p["sha256"])
        if owner is not None:
            if owner[2] and owner[1] is not None:
                skipped.append(p["sha256"])
                continue
            gone.append(owner[0])
        owners[p["sha256"]] = (p["id"], did, True)
        rows.append({**{f: p[f] for f in PAGE_FIELDS if f in p}, "dossier_id": did, "created_at": now,
                     "deleted_at": None, "deleted_by": "", "note": ""})
    if gone:
        session.execute(delete(ScanPage).where(ScanPage.id.in_(gone)))
    if rows:
        session.execute(insert(ScanPage), rows)
    return skipped


def existing_ids(session: Session, ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    ids = list(ids)
    for i in range(0, len(ids), 900):
        out.update(session.execute(select(DossierRow.id).where(DossierRow.id.in_(ids[i:i + 900]))).scalars())
    return out


def tombstone_changes(session: Session, dossier_ids: Sequence[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    ids = list(dossier_ids)
    for i in range(0, len(ids), 900):
        out.update(session.execute(select(Tombstone.entity_id, Tombstone.change_no).where(
            Tombstone.entity == "dossier", Tombstone.entity_id.in_(ids[i:i + 900]))).all())
    return out
