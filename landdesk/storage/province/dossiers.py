"""The province's dossiers as received: bookkeeping look-ups, whole-row writes, deletions, statuses."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from landdesk.storage.base import utcnow
from landdesk.storage.province.bulk import DOSSIER_ROW, in_ids, insert_rows
from landdesk.storage.province.keys import dossier_number, remove_keys
from landdesk.storage.province.models import ProvConflict, ProvDossier, ProvTombstone


def _of(s: Session, commune_code: str, ids: list[str]):
    """A commune's dossiers among ids: read on its own stretch of ix_prov_dossiers_commune."""
    return (ProvDossier.commune_code == commune_code) & in_ids(s, ProvDossier.id, ids)


def existing_dossiers(s: Session, commune_code: str, ids: list[str]) -> dict[str, ProvDossier]:
    """The bookkeeping columns of a commune's stored dossiers among ids (not their JSON: see dossier_texts)."""
    if not ids:
        return {}
    rows = s.execute(select(ProvDossier.id, ProvDossier.commune_code, ProvDossier.change_no,
                            ProvDossier.revision, ProvDossier.edited, ProvDossier.province_revision)
                     .where(_of(s, commune_code, ids))).all()
    return {r.id: r for r in rows}


def dossier_texts(s: Session, commune_code: str, ids: list[str]) -> dict[str, tuple[str, str]]:
    """{id: (data, base)} — only the dossiers a merge needs, so an update batch doesn't read every JSON."""
    if not ids:
        return {}
    rows = s.execute(select(ProvDossier.id, ProvDossier.data, ProvDossier.base)
                     .where(_of(s, commune_code, ids))).all()
    return {r.id: (r.data, r.base) for r in rows}


def tombstoned(s: Session, commune_code: str, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    return dict(s.execute(select(ProvTombstone.entity_id, ProvTombstone.change_no)
                          .where(ProvTombstone.commune_code == commune_code,
                                 in_ids(s, ProvTombstone.entity_id, ids))).all())


def insert_dossier_rows(s: Session, rows: list[tuple]) -> None:
    """New dossiers as DOSSIER_ROW tuples in the store's RowForm (on SQLite key_rows as UTF-8 bytes)."""
    insert_rows(s, ProvDossier.__table__, DOSSIER_ROW, rows, utf8=("key_rows",))


def replace_dossier_rows(s: Session, commune_code: str, rows: list[tuple]) -> None:
    """Whole-row replacement of a commune's existing dossiers (delete + executemany insert: fastest on
    both engines)."""
    if rows:
        s.execute(delete(ProvDossier).where(_of(s, commune_code, [r[0] for r in rows])))
        insert_dossier_rows(s, rows)


def any_tombstones(s: Session, commune_code: str) -> bool:
    return s.execute(select(ProvTombstone.entity_id).where(ProvTombstone.commune_code == commune_code)
                     .limit(1)).first() is not None


def delete_dossiers(s: Session, commune_code: str, tombs: list[dict]) -> int:
    """Apply tombstones newer than what is stored; returns dossiers removed."""
    if not tombs:
        return 0
    ids = [t["entity_id"] for t in tombs]
    have = existing_dossiers(s, commune_code, ids)
    known = tombstoned(s, commune_code, ids)
    removed = 0
    new_tombs, upd_tombs = [], []
    for t in tombs:
        did, cn = t["entity_id"], t["change_no"]
        row = have.get(did)
        if row is not None and row.change_no < cn:
            remove_keys(s, commune_code, [did])
            s.execute(delete(ProvDossier).where(ProvDossier.commune_code == commune_code, ProvDossier.id == did))
            s.execute(update(ProvConflict).where(ProvConflict.dossier_id == did, ProvConflict.status == "open")
                      .values(status="resolved", resolution="deleted", resolved_at=utcnow()))
            removed += 1
        if did not in known:
            new_tombs.append({"commune_code": commune_code, "entity_id": did, "change_no": cn,
                              "deleted_at": t.get("deleted_at", "")})
        elif known[did] < cn:
            upd_tombs.append((did, cn))
    if new_tombs:
        s.execute(insert(ProvTombstone.__table__), new_tombs)
    for did, cn in upd_tombs:
        s.execute(update(ProvTombstone).where(ProvTombstone.commune_code == commune_code,
                                              ProvTombstone.entity_id == did).values(change_no=cn))
    return removed


def dossier(s: Session, dossier_id: str, commune_code: str | None = None) -> ProvDossier | None:
    """A dossier by its commune and id, or by its id alone (found through the hash index)."""
    if commune_code is None:
        n = dossier_number(s, dossier_id)
        return None if n is None else s.get(ProvDossier, n)
    return s.execute(select(ProvDossier).where(ProvDossier.commune_code == commune_code,
                                               ProvDossier.id == dossier_id)).scalar_one_or_none()


def dossier_count(s: Session, commune_code: str | None = None) -> int:
    q = select(func.count()).select_from(ProvDossier)
    if commune_code:
        q = q.where(ProvDossier.commune_code == commune_code)
    return s.execute(q).scalar_one()


def dossier_page(s: Session, commune_code: str, offset: int, limit: int) -> list:
    """One page of a commune's dossiers in the order they were entered (ids are time-ordered), with
    their JSON: rows of (id, status, province_status, errors, holders, verified, scanned, updated_at,
    data). The commune's entries of ix_prov_dossiers_commune sit together, so a page is a short scan."""
    return s.execute(select(ProvDossier.id, ProvDossier.status, ProvDossier.province_status, ProvDossier.errors,
                            ProvDossier.holders, ProvDossier.verified, ProvDossier.scanned, ProvDossier.updated_at,
                            ProvDossier.data)
                     .where(ProvDossier.commune_code == commune_code)
                     .order_by(ProvDossier.id).offset(offset).limit(limit)).all()


def take_notifications(s: Session, commune_code: str) -> list[dict]:
    """Dossiers of a commune whose province status changed since its last receipt (then cleared)."""
    rows = s.execute(select(ProvDossier.id, ProvDossier.province_status, ProvDossier.revision,
                            ProvDossier.province_revision)
                     .where(ProvDossier.commune_code == commune_code, ProvDossier.notify.is_(True))).all()
    if rows:
        s.execute(update(ProvDossier).where(ProvDossier.commune_code == commune_code, ProvDossier.notify.is_(True))
                  .values(notify=False))
    return [{"id": r.id, "status": r.province_status, "revision": r.revision,
             "province_revision": r.province_revision} for r in rows]
