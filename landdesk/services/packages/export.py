"""Export a sync package: what changed since the province's last acknowledgement (or everything).

Under the workspace's export lock (one export at a time): the package is built inside one read
snapshot (WAL) into uniquely named `.part` files in the outbox; one short write transaction records
it (names, temporary names, SHA-256); only then are the files renamed into place, and copied to the
folder asked for. A kill before the record leaves `.part` files the next export removes; a kill after
it leaves a recorded package the next export finishes (services.packages.outbox.reconcile).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from landdesk import __version__
from landdesk.domain import filelock, rules
from landdesk.domain import package_format as pf
from landdesk.domain.changes import Change
from landdesk.domain.codes import Severity
from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import disk_full_guard
from landdesk.domain.ids import new_id
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services import audit as audit_service
from landdesk.services.packages import crypto, keys, outbox
from landdesk.services.packages.volumes import VolumeWriter
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import schema
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork

RECORD_CHUNK = 4 * 1024 * 1024  # plain bytes per records entry: bounds memory and volume granularity
BATCH = 500


@dataclass
class ExportResult:
    paths: list[Path]
    package_id: str
    seq: int
    kind: str
    dossiers: int
    tombstones: int
    audit: int
    scans: int
    encrypted: bool
    bytes: int

    def as_json(self) -> dict:
        return {"paths": [str(p) for p in self.paths], "package_id": self.package_id, "seq": self.seq,
                "kind": self.kind, "dossiers": self.dossiers, "tombstones": self.tombstones,
                "audit": self.audit, "scans": self.scans, "encrypted": self.encrypted, "bytes": self.bytes}


@dataclass
class _Pending:
    writer: VolumeWriter
    header: dict
    scans: list[str] = field(default_factory=list)
    audit_to: int = 0
    dossier_ids: list[str] = field(default_factory=list)


class _Records:
    """JSON Lines of one kind, cut into chunks of about RECORD_CHUNK bytes."""

    def __init__(self, writer: VolumeWriter, kind: str):
        self.writer, self.kind = writer, kind
        self.buf = bytearray()
        self.n_chunks = 0
        self.count = 0

    def add(self, obj: dict) -> None:
        self.buf += json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
        self.buf += b"\n"
        self.count += 1
        if len(self.buf) >= RECORD_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.buf:
            return
        self.n_chunks += 1
        self.writer.add_records(f"records/{self.kind}-{self.n_chunks:04d}.jsonl", self.kind, bytes(self.buf))
        self.buf.clear()


def default_out_dir(root: Path) -> Path:
    return Path(root) / "outbox"


def scan_path(media_dir: Path, sha: str, ext: str) -> Path:
    return Path(media_dir) / sha[:2] / sha[2:4] / f"{sha}.{ext}"


def _profile_keys(ctx: UnitOfWork) -> tuple[str, str]:
    prof = sync_store.get_profile(ctx.session)
    return (prof.encryption_key, prof.province_code) if prof else ("", "")


def _error_problems(d) -> list[dict]:
    return [{"rule": p.rule, "path": p.path, "vi": p.message_vi, "en": p.message_en}
            for p in rules.validate_dossier(d) if p.severity == Severity.ERROR]


def _build(ctx: UnitOfWork, out_dir: Path, signing, *, full: bool, max_bytes: int | None, encrypt: bool | None,
           progress: Progress, cancel: CancelToken) -> _Pending:
    require(ctx, "edit")
    from landdesk.services.stations.common import require_not_station

    require_not_station(ctx)  # only the commune's primary desk sends to the province (docs/stations.md)
    s = ctx.session
    st = sync_store.state(s)
    commune = settings_store.get(s, "commune_code")
    province = settings_store.get(s, "province_code")
    enc_key_b64, _ = _profile_keys(ctx)
    if encrypt and not enc_key_b64:
        raise LandDeskError("Chưa nhập hồ sơ tỉnh có khóa mã hóa; không thể mã hóa gói.",
                            "No province profile with an encryption key has been imported; cannot encrypt.")
    use_enc = bool(enc_key_b64) if encrypt is None else encrypt
    data_key = crypto.new_data_key() if use_enc else None
    seq = st.last_seq + 1
    kind = "full" if full else "changes"
    after = 0 if full else st.acked_change
    audit_after = 0 if full else st.acked_audit
    ids = sync_store.changed_dossier_ids(s, after, st.change_now)
    acked = set() if full else sync_store.acked_scans(s)
    stem = pf.package_stem(commune, seq, kind)
    writer = VolumeWriter(out_dir, stem, max_bytes=max_bytes, data_key=data_key)
    try:
        dossiers = _Records(writer, "dossiers")
        scans: dict[str, str] = {}  # sha256 -> ext, in first-seen order
        blocking = set(sync_store.blocking_dossiers(s, ids))
        total = len(ids) + 1
        for i in range(0, len(ids), BATCH):
            cancel.check()
            chunk = ids[i:i + BATCH]
            prov_revs = sync_store.province_revisions(s, chunk)
            change_nos = sync_store.change_numbers(s, chunk)
            refs = sync_store.scan_refs(s, chunk)
            for d in sync_store.dossier_dicts(s, chunk):
                did = d["id"]
                rec = {"dossier": d, "revision": d["revision"], "base_revision": prov_revs.get(did, 0),
                       "change_no": change_nos.get(did, 0), "scans": refs.get(did, [])}
                if did in blocking:
                    rec["problems"] = _error_problems(dossier_store.load_dossier(s, did))
                dossiers.add(rec)
                for ref in rec["scans"]:
                    if ref["sha256"] not in acked:
                        scans.setdefault(ref["sha256"], ref["ext"])
            progress(min(i + BATCH, len(ids)), total, "hồ sơ / dossiers")
        dossiers.flush()
        tombs = _Records(writer, "tombstones")
        for t in sync_store.tombstones(s, after, st.change_now):
            tombs.add(t)
        tombs.flush()
        audit = _Records(writer, "audit")
        for batch in sync_store.audit_batches(s, audit_after, st.audit_now):
            cancel.check()
            for a in batch:
                audit.add(a)
        audit.flush()
        scan_total = len(scans) or 1
        for n, (sha, ext) in enumerate(scans.items(), 1):
            cancel.check()
            src = scan_path(ctx.media_dir, sha, ext)
            if not src.is_file():
                raise LandDeskError(f"Thiếu tệp ảnh quét {sha[:12]}… trong kho ảnh; hãy chạy kiểm tra trước khi xuất.",
                                    f"Scan file {sha[:12]}… is missing from the media store; run the pre-flight check.")
            writer.add_file(f"scans/{sha}.{ext}", src, expect_sha256=sha)
            progress(n, scan_total, "ảnh quét / scans")
        enc = None
        if data_key is not None:
            enc = {"scheme": pf.ENC_SCHEME, "recipient": crypto.fingerprint(crypto.unb64(enc_key_b64)),
                   "enc_key": crypto.b64(crypto.wrap_key(data_key, crypto.unb64(enc_key_b64)))}
        pub = signing.public_key()
        nxt = keys.pending_next_key(ctx.keys_dir)
        header = {
            "format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": __version__,
            "schema_version": schema.head_revision(), "package_id": new_id(), "kind": kind,
            "province_code": province, "commune_code": commune,
            "sender_key": crypto.fingerprint(pub), "sender_public_key": crypto.b64(crypto.raw_public(pub)),
            "seq": seq, "prev_hash": st.last_hash, "change_range": [after, st.change_now],
            "created_at": utcnow().isoformat(timespec="seconds") + "Z",
            "counts": {"dossiers": dossiers.count, "tombstones": tombs.count, "audit": audit.count,
                       "scans": len(scans)},
            "audit": {"from_seq": audit_after, "to_seq": st.audit_now, "head_hash": st.audit_head_hash},
            "contents_digest": pf.contents_digest(writer.all_entries()),
            "encryption": enc,
        }
        if nxt is not None:  # key rotation: announced under the current key's signature
            header["next_key"] = crypto.b64(crypto.raw_public(nxt.public_key()))
        writer.finish(header, signing.sign)
        progress(total, total, "")
        return _Pending(writer, header, list(scans), st.audit_now, ids)
    except BaseException:
        writer.abort()
        raise


def _commit(ctx: UnitOfWork, p: _Pending, files: list[dict]) -> None:
    """Record the package (its volumes' names, temporary names and SHA-256) before any has its final
    name: a kill from here on leaves a recorded package that the next export finishes (reconcile)."""
    h = p.header
    if sync_store.seq_taken(ctx.session, h["seq"]):
        raise LandDeskError("Một gói khác vừa được xuất cùng lúc; hãy xuất lại.",
                            "Another package was exported at the same time; export again.")
    sync_store.record_package(
        ctx.session, package_id=h["package_id"], seq=h["seq"], kind=h["kind"], header_hash=pf.header_hash(h),
        prev_hash=h["prev_hash"], change_from=h["change_range"][0], change_to=h["change_range"][1],
        audit_to=p.audit_to, dossiers=h["counts"]["dossiers"], tombstones=h["counts"]["tombstones"],
        scans=p.scans, files=files, user=ctx.actor.username)
    # Its dossiers now wait for the province's answer ("Đã gửi tỉnh"), and the export is in the trail.
    sent = sync_store.mark_sent(ctx.session, p.dossier_ids)
    audit.append(ctx.session, user=ctx.actor.username, action="export_package", entity="package",
                 entity_id=h["package_id"],
                 changes=[{"field": k, "old": None, "new": v} for k, v in (
                     ("seq", h["seq"]), ("kind", h["kind"]), ("dossiers", h["counts"]["dossiers"]),
                     ("tombstones", h["counts"]["tombstones"]), ("scans", h["counts"]["scans"]),
                     ("encrypted", h["encryption"] is not None), ("marked_sent", sent))])
    audit_service.write_checkpoint(ctx)  # the head this package carries is anchored beside the database too
    ctx.touch(Change.SYNC, Change.DOSSIERS)


def export_lock(root: Path):
    """One export (or resend) at a time per workspace, across windows and commands."""
    return filelock.exclusive(default_out_dir(root) / ".export.lock", "Việc xuất gói của không gian làm việc này",
                              "A package export of this workspace")


def export_package(ws, out_dir: Path | None = None, *, full: bool = False, split_mb: float | None = None,
                   encrypt: bool | None = None, progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCEL, max_bytes: int | None = None) -> ExportResult:
    """Build, sign, record and publish the next package of this workspace (`ws`: anything with
    read/transact and root).

    The package is written into the workspace's outbox (kept there, so package N can be sent again
    byte for byte) and copied to `out_dir` when that is another folder.
    split_mb: volumes of at most that many MB (max_bytes: the same in bytes, for tests)."""
    keep = default_out_dir(ws.root)
    out = Path(out_dir) if out_dir else keep
    if split_mb is not None and split_mb < 1:
        raise LandDeskError("Kích thước tập phải từ 1 MB trở lên.", "The volume size must be at least 1 MB.")
    if split_mb:
        max_bytes = int(split_mb * 1024 * 1024)
    with disk_full_guard(keep):
        keep.mkdir(parents=True, exist_ok=True)
    with export_lock(ws.root):
        outbox.reconcile(ws)
        signing = keys.signing_key(Path(ws.root) / "keys")
        with disk_full_guard(keep):
            pending = ws.read(lambda ctx: _build(ctx, keep, signing, full=full, max_bytes=max_bytes,
                                                 encrypt=encrypt, progress=progress, cancel=cancel))
        try:
            files = outbox.describe(pending.writer)
            ws.transact(lambda ctx: _commit(ctx, pending, files))
        except BaseException:
            pending.writer.abort()
            raise
        kept = pending.writer.publish()  # a kill before this: the next export renames them (reconcile)
        h = pending.header
        if "next_key" in h:
            keys.finish_rotation(Path(ws.root) / "keys")
        paths = kept if out.resolve() == keep.resolve() else outbox.deliver(kept, out, h["seq"])
    return ExportResult(paths, h["package_id"], h["seq"], h["kind"], h["counts"]["dossiers"],
                        h["counts"]["tombstones"], h["counts"]["audit"], h["counts"]["scans"],
                        h["encryption"] is not None, sum(os.path.getsize(p) for p in paths))


def resend_package(ws, seq: int, out_dir: Path) -> list[Path]:
    """Copy package `seq`, exactly as it was first written (checked against its record), to `out_dir`."""
    with export_lock(ws.root):
        outbox.reconcile(ws)
        return outbox.resend(ws, seq, Path(out_dir))


# ---- pre-flight ------------------------------------------------------------------------------------

@dataclass
class Preflight:
    dossiers: int
    tombstones: int
    blocking: list[str]  # dossier ids with errors (the province will return them)
    scans: int
    scans_missing: list[str]
    scans_bad_hash: list[str]
    predicted_bytes: int
    encrypted: bool
    seq: int

    @property
    def ok(self) -> bool:
        return not (self.scans_missing or self.scans_bad_hash)

    def as_json(self) -> dict:
        return {"dossiers": self.dossiers, "tombstones": self.tombstones, "blocking": self.blocking,
                "scans": self.scans, "scans_missing": self.scans_missing, "scans_bad_hash": self.scans_bad_hash,
                "predicted_bytes": self.predicted_bytes, "encrypted": self.encrypted, "seq": self.seq, "ok": self.ok}


def preflight(ctx: UnitOfWork, *, full: bool = False, progress: Progress = no_progress) -> Preflight:
    """What the next export would carry and what would stop it (missing or damaged scans)."""
    import hashlib

    require(ctx, "read")
    s = ctx.session
    st = sync_store.state(s)
    after = 0 if full else st.acked_change
    ids = sync_store.changed_dossier_ids(s, after, st.change_now)
    acked = set() if full else sync_store.acked_scans(s)
    scans: dict[str, str] = {}
    for i in range(0, len(ids), BATCH):
        for refs in sync_store.scan_refs(s, ids[i:i + BATCH]).values():
            for ref in refs:
                if ref["sha256"] not in acked:
                    scans.setdefault(ref["sha256"], ref["ext"])
    missing, bad, size = [], [], 0
    for n, (sha, ext) in enumerate(scans.items(), 1):
        path = scan_path(ctx.media_dir, sha, ext)
        if not path.is_file():
            missing.append(sha)
            continue
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while block := f.read(1024 * 1024):
                h.update(block)
                size += len(block)
        if h.hexdigest() != sha:
            bad.append(sha)
        progress(n, len(scans), "ảnh quét / scans")
    tombs = len(sync_store.tombstones(s, after, st.change_now))
    enc_key, _ = _profile_keys(ctx)
    predicted = size + len(ids) * 700 + tombs * 120 + 4096
    return Preflight(len(ids), tombs, sync_store.blocking_dossiers(s, ids), len(scans), missing, bad,
                     predicted, bool(enc_key), st.last_seq + 1)


@dataclass(frozen=True)
class BlockingDossier:
    """A dossier the province will return (errors), for the pre-export summary: no ID numbers in it."""

    id: str
    num: int
    serial: str
    holders: str  # names, as the records list shows them
    problems_vi: list[str]
    problems_en: list[str]

    def problems(self, lang: str = "vi") -> list[str]:
        return self.problems_vi if lang == "vi" else self.problems_en


def blocking_details(ctx: UnitOfWork, dossier_ids: list[str], limit: int = 200) -> list[BlockingDossier]:
    """The first `limit` of `dossier_ids` with their errors (the rules the save uses), by dossier number."""
    require(ctx, "read")
    out = []
    for d in dossier_store.load_dossiers(ctx.session, list(dossier_ids)[:limit]):
        errors = [p for p in rules.validate_dossier(d) if p.severity == Severity.ERROR]
        out.append(BlockingDossier(d.id, d.num, d.serial, "; ".join(h.name for h in d.holders),
                                   [p.message_vi for p in errors], [p.message_en for p in errors]))
    out.sort(key=lambda b: b.num)
    return out
