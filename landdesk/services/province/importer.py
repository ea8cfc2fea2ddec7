"""Import commune packages into the province store and write a signed receipt for each.

Everything is verified first (signature, roster, hashes, format, chain) by services.packages.verify;
the records are then applied in ONE transaction: a bad record, a broken chain or a crash leaves the
store as it was. Re-importing a package changes nothing (it is recognised by id and hash, and each
dossier carries the commune's change number, so older versions never overwrite newer ones).

Speed (≥ 20,000 dossiers/s on SQLite): the records are parsed and checked in a worker process
(services.province.records), the lookups for a batch run on a reader connection while the previous
batch is written, and rows go to the driver as tuples (executemany / COPY), keys as one JSON array.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from landdesk import __version__
from landdesk.domain import package_format as pf
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import DiskFullError, disk_full_guard
from landdesk.domain.ids import new_id
from landdesk.domain.package_format import PackageError
from landdesk.domain.progress import Progress, no_progress
from landdesk.services.packages import crypto, volumes
from landdesk.services.packages.verify import stage_signed, verify_package, write_signed
from landdesk.services.province import scan_files
from landdesk.services.province.apply import Apply, gaps
from landdesk.services.province.roster import trust_for
from landdesk.services.province.scan_files import import_lock  # noqa: F401  (callers find it here too)
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.base import utcnow
from landdesk.storage.province import dossiers as dossier_store
from landdesk.storage.province import receipts as receipt_store
from landdesk.storage.province import roster as roster_store
from landdesk.storage.province import schema as prov_schema
from landdesk.storage.uow import UnitOfWork


@dataclass
class ImportResult:
    files: list[str]
    package_id: str = ""
    commune_code: str = ""
    seq: int = 0
    status: str = ""  # imported / replayed / refused
    counts: dict = field(default_factory=dict)
    missing: list[list[int]] = field(default_factory=list)  # [first, last] ranges of packages not received
    receipt: str = ""
    error: str = ""

    def as_json(self) -> dict:
        return dict(self.__dict__)


def group_files(paths: list[Path]) -> list[list[Path]]:
    """Volumes grouped by package (by the manifest header, whatever the file names became)."""
    groups: dict[str, list[Path]] = {}
    order: list[tuple] = []
    for p in paths:
        try:
            vol = volumes.open_volume(Path(p))
            loose = pf.load_json(vol.raw_manifest)
            if not isinstance(loose, dict):
                raise TypeError("manifest")
            key = pf.header_hash({k: v for k, v in loose.items() if k not in ("volume", "entries")})
            sort = (str(loose.get("commune_code", "")), int(loose.get("seq", 0) or 0))
        except (PackageError, ValueError, TypeError):
            key, sort = f"file:{p}", ("", 0)
        if key not in groups:
            groups[key] = []
            order.append((sort, key))
        groups[key].append(Path(p))
    return [groups[k] for _, k in sorted(order)]


def receipt_header(desk, body: dict) -> dict:
    key = desk.signing_key()
    pub = key.public_key()
    return {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": __version__,
            "package_id": new_id(), "kind": "receipt", "province_code": desk.province_code,
            "commune_code": body["commune_code"], "sender_key": crypto.fingerprint(pub),
            "sender_public_key": crypto.b64(crypto.raw_public(pub)),
            "created_at": utcnow().isoformat(timespec="seconds") + "Z", "encryption": None, "body": body}


def _receipt_path(body: dict, out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    with disk_full_guard(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / f"{body['commune_code']}-{body['seq']:06d}-receipt{pf.SUFFIX}"


def write_receipt(desk, body: dict, out_dir: Path) -> Path:
    return write_signed(_receipt_path(body, out_dir), receipt_header(desk, body), desk.signing_key())


def import_package(desk, files: list[Path], *, receipts_dir: Path | None = None,
                   progress: Progress = no_progress) -> ImportResult:
    """Verify and import one package (all its volumes) on the open desk: an operator's or the
    administrator's. Raises PackageError when refused."""
    desk.read(lambda ctx: require(ctx, "operate"))  # before the trust check records a pending key
    with import_lock(desk):
        scan_files.recover_locked(desk, receipts_dir or desk.root / "receipts")  # what a killed import left
        return _import_unlocked(desk, files, receipts_dir, progress)


def _import_unlocked(desk, files, receipts_dir, progress) -> ImportResult:
    # No garbage collection while importing: records, rows and results hold no reference cycles,
    # and a collection would only traverse them while they are alive (a full one cost a tenth of
    # an import). They are freed by reference counting when _import returns, before it is back on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(desk, files, receipts_dir, progress)
    finally:
        if collecting:
            gc.enable()


def _import(desk, files: list[Path], receipts_dir: Path | None, progress: Progress) -> ImportResult:
    result = ImportResult([str(f) for f in files])
    pkg = verify_package(files, trust=trust_for(desk), decrypt_key=desk.encryption_key(), progress=progress)
    h = pkg.header
    if h["kind"] not in ("changes", "full"):
        raise PackageError("Tệp này không phải là gói dữ liệu của xã.", "This file is not a commune data package.")
    result.package_id, result.commune_code, result.seq = h["package_id"], h["commune_code"], h["seq"]
    existing = desk.read(lambda ctx: receipt_store.package(ctx.session, h["package_id"]))
    if existing is not None:
        if existing.header_hash != pf.header_hash(h):
            raise PackageError("Hai gói khác nhau mang cùng mã gói; không nhập gì.",
                               "Two different packages carry the same package id; nothing was imported.")
        body = json.loads(existing.receipt)
        result.status, result.counts = "replayed", body.get("counts", {})
        result.missing = [list(r) for r in pf.missing_ranges(body.get("missing", []))]
        if receipts_dir is not None:
            result.receipt = str(write_receipt(desk, body, receipts_dir))
        return result

    def apply(ctx: UnitOfWork):
        require(ctx, "operate")
        s = ctx.session
        a = Apply(desk, ctx, pkg, progress)
        a.files = files  # scans put into place: removed below if the commit does not happen
        missing = a.chain()
        a.dossiers()
        a.tombstones()
        a.audit()
        a.scans(missing)
        receipt_store.add_package(s, id=a.package_id, commune_code=a.commune, seq=a.seq, kind=h["kind"],
                          header_hash=pf.header_hash(h), prev_hash=h["prev_hash"], created_at=h["created_at"],
                          dossiers=h["counts"].get("dossiers", 0), tombstones=h["counts"].get("tombstones", 0),
                          scans=a.counts["scans"], receipt="{}")
        if h.get("next_key"):  # announced by the commune's approved key: approve its successor
            nxt = crypto.unb64(h["next_key"])
            if len(nxt) == 32 and nxt != crypto.unb64(h["sender_public_key"]):
                row = roster_store.roster_key(s, crypto.fingerprint(nxt))
                if row is None or (row.commune_code == a.commune and row.status in ("pending", "approved")):
                    roster_store.add_roster_key(s, a.commune, crypto.fingerprint(nxt), h["next_key"], "approved")
                    # the announcing key is retired: valid only for the packages written before this one
                    roster_store.retire_roster_key(s, h["sender_key"], before_seq=a.seq)
                    ctx.touch(Change.ROSTER)
        last, contiguous = receipt_store.update_commune_progress(s, a.commune, at=a.now)
        missing_now = gaps(receipt_store.imported_seqs(s, a.commune), last)
        results = list(a.results.values())
        for upd in dossier_store.take_notifications(s, a.commune):  # settled at the province since the last receipt
            if upd["id"] not in a.results:
                results.append({**upd, "note": "Tỉnh đã xử lý xung đột.", "reasons": []})
        body = {"commune_code": a.commune, "package_id": a.package_id, "package_hash": pf.header_hash(h),
                "seq": a.seq, "contiguous_through": contiguous, "next_expected_seq": contiguous + 1,
                "missing": missing_now, "counts": a.counts, "results": results,
                "audit_head": receipt_store.audit_head(s, a.commune)}
        encoded = orjson.dumps(body)
        if len(encoded) > pf.MAX_RECEIPT_BYTES:  # the commune could never read it: refuse the package
            raise PackageError(
                f"Xã {a.commune}: gói số {a.seq} quá lớn để lập biên nhận; hãy chia nhỏ gói (ít hồ sơ hơn). Không nhập gì.",
                f"Commune {a.commune}: package {a.seq} is too large for a receipt; send it as smaller packages. "
                "Nothing was imported.")
        receipt_store.set_receipt(s, a.package_id, encoded.decode())
        if receipts_dir is not None:  # written before the commit: a full drive refuses the import whole
            staged.append(stage_signed(_receipt_path(body, receipts_dir), receipt_header(desk, body),
                                       desk.signing_key()))
        # last: on PostgreSQL the desk's audit chain is locked from here to the commit
        audit.append(s, user=ctx.actor.username, action="import", entity="package", entity_id=a.package_id,
                     changes=[{"field": "commune", "old": None, "new": a.commune},
                              {"field": "seq", "old": None, "new": a.seq},
                              {"field": "counts", "old": None, "new": a.counts}])
        ctx.touch(Change.RECEIVED, Change.CONFLICTS)
        return body

    staged: list = []
    files = scan_files.ScanFiles(desk.media_dir)
    try:
        body = desk.transact(apply)
    except BaseException as exc:
        files.rolled_back()
        for writer in staged:
            writer.abort()
        if isinstance(exc, PackageError) or not isinstance(exc, Exception):
            raise
        if prov_schema.is_disk_full(exc):
            raise DiskFullError(desk.root) from None
        if isinstance(exc, (KeyError, TypeError, AttributeError, ValueError, RecursionError)):  # a record of the wrong shape
            raise PackageError("Một bản ghi trong gói không hợp lệ; không nhập gì.",
                               "A record in the package is invalid; nothing was imported.") from exc
        raise
    files.committed()
    result.status, result.counts, result.missing = "imported", body["counts"], body["missing"]
    if staged:  # kill here: the import stands, its receipt is re-issued by importing the package again
        result.receipt = str(staged[0].publish()[0])
    return result


def import_files(desk, paths: list[Path], *, receipts_dir: Path | None = None,
                 progress: Progress = no_progress) -> list[ImportResult]:
    """Import several packages (volumes grouped automatically, in sequence order); refusals don't stop others."""
    out = []
    for group in group_files([Path(p) for p in paths]):
        try:
            out.append(import_package(desk, group, receipts_dir=receipts_dir, progress=progress))
        except LandDeskError as exc:  # this package alone is refused; the others are still imported
            out.append(ImportResult([str(p) for p in group], status="refused", error=exc.message()))
    return out
