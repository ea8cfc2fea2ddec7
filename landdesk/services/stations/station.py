"""A station's side of an exchange: write what changed here since the primary's last confirmation (or a
signed hello when nothing did), and apply the primary's answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.errors import LandDeskError
from landdesk.domain.package_format import PackageError
from landdesk.services.findings import refresh_all_duplicates
from landdesk.services.packages import crypto, keys
from landdesk.services.packages.verify import stage_signed, verify_package
from landdesk.services.stations import common, incoming, records
from landdesk.services.stations.outgoing import (
    Content,
    build,
    clean_parts,
    exchange_lock,
    outbox_dir,
    publish,
)
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import station_replica as replica
from landdesk.storage.commune import stations as store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork


def primary_row(ctx: UnitOfWork):
    row = store.station_by_code(ctx.session, common.PRIMARY_CODE)
    if row is None:
        raise LandDeskError("Máy trạm này chưa có máy chính (tệp đăng ký chưa được mở).",
                            "This workstation has no primary desk (no enrolment file was opened).")
    return row


def _state(ctx: UnitOfWork, row) -> dict:
    _, sid, _code = common.role(ctx)
    seqs = sorted(p.seq for p in store.packages(ctx.session, row.id, "in"))
    return {"their_change": row.their_change, "their_audit": row.their_audit, "their_receipts": row.their_receipts,
            "applied": pf.ranges_of(seqs)[-1000:], "numbers_left": store.numbers_left(ctx.session, sid),
            "blocks_held": len(store.blocks(ctx.session, sid)),
            "encryption_key": common.public_b64(common.exchange_key(ctx.keys_dir)),
            "proof": common.proof(row.secret, crypto.b64(crypto.raw_public(keys.signing_key(ctx.keys_dir).public_key())),
                                  common.public_b64(common.exchange_key(ctx.keys_dir)))}


def _local_changes(ctx: UnitOfWork, row) -> tuple[list[str], bool]:
    st = sync_store.state(ctx.session)
    ids = sync_store.changed_dossier_ids(ctx.session, row.our_change, st.change_now)
    joined = settings_store.get(ctx.session, "station_joined_audit")
    own = row.our_audit < joined or replica.own_audit_after(ctx.session, row.our_audit, common.role(ctx)[2])
    return ids, bool(ids or replica.tombstones_after(ctx.session, row.our_change) or own)


@dataclass
class Sent:
    paths: list[Path]
    kind: str  # station-changes / station-hello
    seq: int
    counts: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"paths": [str(p) for p in self.paths], "kind": self.kind, "seq": self.seq, "counts": self.counts}


def send(ws, out_dir: Path | None = None) -> Sent:
    """This station's package for the primary (everything since its last confirmation), or a hello."""
    with exchange_lock(ws.root):
        clean_parts(ws.root)
        return _send(ws, out_dir)


def _send(ws, out_dir: Path | None) -> Sent:
    keep = outbox_dir(ws.root)
    keep.mkdir(parents=True, exist_ok=True)
    signing = keys.signing_key(Path(ws.root) / "keys")

    def make(ctx: UnitOfWork):
        common.require_station(ctx)
        row = primary_row(ctx)
        _, sid, code = common.role(ctx)
        st = sync_store.state(ctx.session)
        ids, any_change = _local_changes(ctx, row)
        header = common.base_header(ctx, signing, "station-changes" if any_change else "station-hello", sid, code)
        header["station"] = _state(ctx, row)
        if not any_change:
            header.update(seq=row.out_seq, prev_hash="", change_range=[row.our_change, row.our_change],
                          audit={"from_seq": 0, "to_seq": 0, "head_hash": ""}, counts={}, encryption=None)
            return None, header
        header.update(seq=row.out_seq + 1, prev_hash=row.out_hash, change_range=[row.our_change, st.change_now],
                      audit={"from_seq": row.our_audit, "to_seq": st.audit_now, "head_hash": st.audit_head_hash})
        data_key = crypto.new_data_key()
        recipient = crypto.unb64(row.encryption_key)
        header["encryption"] = {"scheme": pf.ENC_SCHEME, "recipient": crypto.fingerprint(recipient),
                                "enc_key": crypto.b64(crypto.wrap_key(data_key, recipient))}
        content = Content(dossier_ids=ids, with_base=True, tombstones=(row.our_change, st.change_now),
                          audit=(row.our_audit, st.audit_now), known_scans=row.id)
        stem = common.stem(header["commune_code"], code, header["seq"], "station-changes")
        return build(ctx, keep, stem, header, content, signing.sign, data_key=data_key), header

    built, header = ws.read(make)
    if built is None:
        path = keep / f"{header['commune_code']}-{header['station_code']}-hello{pf.SUFFIX}"
        writer = stage_signed(path, header, signing)
        paths = writer.publish()
        kind, counts = "station-hello", {}
    else:
        def advance(ctx: UnitOfWork) -> None:
            row = primary_row(ctx)
            row.out_seq, row.out_hash = built.header["seq"], pf.header_hash(built.header)

        paths = publish(ws, built, header["station_id"], "station-changes", advance)
        kind, counts = "station-changes", built.counts
    if out_dir is not None and Path(out_dir).resolve() != keep.resolve():
        from landdesk.services.packages.outbox import deliver

        paths = deliver(paths, Path(out_dir), header["seq"])
    return Sent(paths, kind, header["seq"], counts)


# ---- the primary's answer ---------------------------------------------------------------------------------


@dataclass
class Applied:
    seq: int
    status: str  # applied / replayed / acknowledged
    counts: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return dict(self.__dict__)


def trust_primary(ws, kinds=("station-answer",)):
    def trust(header: dict) -> None:
        if header.get("kind") not in kinds:
            raise _refused("Tệp này không phải là câu trả lời của máy chính.",
                           "This file is not an answer from the primary desk.")
        row, role = ws.read(lambda ctx: (store.station_by_code(ctx.session, common.PRIMARY_CODE), common.role(ctx)))
        if row is None or role[0] != "station":
            raise _refused("Máy này không phải máy trạm.", "This desk is not a workstation.")
        if header.get("station_id") != role[1]:
            raise _refused(f"Gói dành cho máy trạm {header.get('station_code')}, không phải máy này ({role[2]}).",
                           f"The package is for workstation {header.get('station_code')}, not this one ({role[2]}).")
        if header.get("sender_public_key") != row.signing_key:
            raise _refused("Gói không được ký bằng khóa đã ghim của máy chính.",
                           "The package is not signed with the primary desk's pinned key.")

    return trust


def _refused(vi: str, en: str) -> PackageError:
    return PackageError(vi + " Không áp dụng gì.", en + " Nothing was applied.")


def apply_answer(ws, files: list[Path]) -> Applied:
    with exchange_lock(ws.root):
        clean_parts(ws.root)
        loose = incoming.peek(files) or {}
        known = ws.read(lambda ctx: store.package(ctx.session, loose.get("package_id", "")))
        if known is not None and known.header_hash == pf.header_hash(loose):
            return Applied(loose.get("seq", 0), "replayed")
        pkg = verify_package(files, trust=trust_primary(ws), decrypt_key=common.exchange_key(Path(ws.root) / "keys"))
        return apply_verified(ws, pkg)


def apply_verified(ws, pkg, *, user: str = "primary", before=None) -> Applied:
    """Apply a verified answer (or the enrolment's first content) in one transaction; `before(ctx)`
    runs first in it (a joining station's set-up)."""
    h = pkg.header
    stage = incoming.ScanStage(Path(ws.root) / "media", pkg)

    def run(ctx: UnitOfWork) -> Applied:
        if before is not None:
            before(ctx)
        row = primary_row(ctx)
        same = store.package_at(ctx.session, row.id, "in", h["seq"])
        if same is not None:
            if same.header_hash != pf.header_hash(h):
                raise _refused(f"Máy chính đã gửi một gói khác mang số {h['seq']} (rẽ nhánh).",
                               f"The primary already sent another package numbered {h['seq']} (a fork).")
            return Applied(h["seq"], "replayed")
        st = h.get("station") or {}
        sid = common.role(ctx)[1]
        for first, last in st.get("blocks", []):
            store.add_block(ctx.session, first, last, sid)
        row.our_change = max(row.our_change, int(st.get("their_change", 0)))
        row.our_audit = max(row.our_audit, int(st.get("their_audit", 0)))
        store.confirm_packages(ctx.session, row.id, list(range(1, min(int(st.get("their_seq", 0)), row.out_seq) + 1))[-10_000:])
        lo, hi = h["change_range"]
        out = Applied(h["seq"], "acknowledged", {"dossiers": 0, "deleted": 0, "kept_local": 0, "audit": 0})
        if lo > row.their_change:
            raise _refused("Câu trả lời này cần một câu trả lời trước của máy chính chưa nhận được; hãy đồng bộ lại.",
                           "This answer needs an earlier answer of the primary that was not received; synchronise again.")
        if hi > row.their_change or h["kind"] == "station-enrol":
            _apply_records(ctx, row, pkg, stage, out, user)
            refresh_all_duplicates(ctx)  # the records list counts a duplicate from another desk at once
            row.their_change = hi
            out.status = "applied"
        new_audit = [a for a in incoming.audit_lines(pkg)]
        out.counts["audit"] = records.append_audit(ctx, new_audit)
        row.their_audit = max(row.their_audit, h["audit"]["to_seq"])
        users = list(pkg.records("users"))
        if users:
            records.put_users(ctx, users)
        receipts = int(st.get("receipts", 0))
        if receipts > row.their_receipts:
            replica.put_province_words(ctx.session, list(pkg.records("province")))
            row.their_receipts = receipts
        row.their_seq = max(row.their_seq, h["seq"])
        store.record_package(ctx.session, id=h["package_id"], station_id=row.id, direction="in", kind=h["kind"],
                             seq=h["seq"], header_hash=pf.header_hash(h), prev_hash=h["prev_hash"], change_from=lo,
                             change_to=hi, audit_to=h["audit"]["to_seq"], dossiers=h["counts"].get("dossiers", 0),
                             scans=h["counts"].get("scans", 0))
        store.touch_exchange(row)
        stage.place()
        ctx.touch("dossiers", "scans", "users", "stations")
        return out

    try:
        return ws.transact(run)
    except BaseException as exc:
        stage.undo()
        if isinstance(exc, (KeyError, TypeError, AttributeError, ValueError)):
            raise PackageError("Một bản ghi trong gói không hợp lệ; không áp dụng gì.",
                               "A record in the package is invalid; nothing was applied.") from exc
        raise


def _apply_records(ctx: UnitOfWork, row, pkg, stage: incoming.ScanStage, out: Applied, user: str) -> None:
    s = ctx.session
    shas: set[str] = set()
    chunk: list[dict] = []
    for rec in incoming.dossier_lines(pkg):
        chunk.append(rec)
        if len(chunk) >= 500:
            _apply_chunk(ctx, row, chunk, stage, out, user, shas)
    _apply_chunk(ctx, row, chunk, stage, out, user, shas)
    for t in incoming.tombstone_lines(pkg):
        did = t["entity_id"]
        if _unmerged_here(ctx, row, did):
            out.counts["kept_local"] += 1
            continue
        if dossier_store.delete_dossier(s, did, user, t.get("reason", "")):
            out.counts["deleted"] += 1
        replica.mark_remote_tombstone(s, did)
        store.put_base(s, did, None)
    store.add_known_scans(s, row.id, shas)


def _apply_chunk(ctx: UnitOfWork, row, chunk: list[dict], stage, out: Applied, user: str, shas: set[str]) -> None:
    s = ctx.session
    ids = [r["dossier"]["id"] for r in chunk]
    changes = replica.change_numbers(s, ids)
    tombs = replica.tombstone_changes(s, ids)
    new: list[dict] = []
    for rec in chunk:
        did = rec["dossier"]["id"]
        pages = rec.get("pages") or []
        stage.need(pages)  # every file the answer carries is taken: the primary counts them as held here
        shas.update(p["sha256"] for p in pages)
        n = changes.get(did, tombs.get(did))
        if n is not None and n > row.our_change:
            out.counts["kept_local"] += 1  # changed here again since: kept until the primary merged it
            continue
        version = {"dossier": rec["dossier"], "pages": pages}
        if did in changes:
            records.write_dossier(ctx, version, user)
            replica.mark_remote(s, [did])
            store.put_base(s, did, version)
        else:
            new.append(version)
        out.counts["dossiers"] += 1
    _take_new(ctx, new, user)
    chunk.clear()


def _take_new(ctx: UnitOfWork, new: list[dict], user: str) -> None:
    if new:
        records.write_new_dossiers(ctx, new, user)
        replica.mark_remote(ctx.session, [r["dossier"]["id"] for r in new])
        store.put_bases(ctx.session, new)
        new.clear()


def _unmerged_here(ctx: UnitOfWork, row, dossier_id: str) -> bool:
    """Changed (or deleted) here after what the primary has merged."""
    n = replica.change_numbers(ctx.session, [dossier_id]).get(dossier_id)
    if n is not None:
        return n > row.our_change
    t = replica.tombstone_change(ctx.session, dossier_id)
    return t is not None and t > row.our_change


def status(ctx: UnitOfWork) -> dict:
    """What a station shows about itself: which station, its primary, when it last synchronised."""
    r, sid, code = common.role(ctx)
    row = store.station_by_code(ctx.session, common.PRIMARY_CODE)
    ids, _ = _local_changes(ctx, row) if row is not None else ([], False)
    # (audit entries always wait: each login is one; what an officer asks is whether dossiers wait)
    pending = bool(ids) or (row is not None and replica.tombstones_after(ctx.session, row.our_change))
    return {"role": r or "commune", "station_id": sid, "station_code": code,
            "station_name": settings_store.get(ctx.session, "station_name"),
            "primary_fingerprint": row.fingerprint if row else "",
            "last_exchange_at": row.last_exchange_at.isoformat(timespec="seconds") if row and row.last_exchange_at else None,
            "pending_dossiers": len(ids), "pending": pending,
            "numbers_left": store.numbers_left(ctx.session, sid) if r == "station" else None,
            "blocks": [[b.first, b.last] for b in store.blocks(ctx.session, sid)] if r == "station" else []}
