"""Reading a station package with the province import's guarantees: nothing is trusted before the step
that vouches for it (services.packages.verify), records are checked line by line, scan files are staged
under temporary names (hashed, pixel size checked) and put into place just before the one commit, and
removed again when the commit does not happen."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.auditchain import chain_hash
from landdesk.domain.fileio import disk_full_guard, fsync_dir, replace, temp_path
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import volumes
from landdesk.services.packages.verify import VerifiedPackage
from landdesk.services.province.scan_files import check_image as _check_image
from landdesk.services.stations import records
from landdesk.services.stations.common import scan_file


def peek(files: list[Path]) -> dict | None:
    """The header a package claims (unauthenticated: only to recognise one already taken, or its kind)."""
    try:
        vol = volumes.open_volume(Path(files[0]))
        loose = pf.load_json(vol.raw_manifest)
    except (PackageError, OSError):
        return None
    if not isinstance(loose, dict):
        return None
    return {k: v for k, v in loose.items() if k not in ("volume", "entries")}


def dossier_lines(pkg: VerifiedPackage) -> Iterator[dict]:
    for rec in pkg.records("dossiers"):
        pf.check_dossier_record({**rec, "revision": rec.get("dossier", {}).get("revision", 0)}
                                if isinstance(rec, dict) else rec)
        pages = rec.get("pages", [])
        if not isinstance(pages, list) or not all(_page_ok(p) for p in pages):
            raise _bad_record()
        base = rec.get("base")
        if base is not None and not (isinstance(base, dict) and isinstance(base.get("dossier"), dict)):
            raise _bad_record()
        yield rec


def _page_ok(p) -> bool:
    from landdesk.storage.commune.station_replica import PAGE_FIELDS

    return (isinstance(p, dict) and all(k in p for k in PAGE_FIELDS) and pf.is_text(p.get("id"), 36) and isinstance(p.get("sha256"), str)
            and len(p["sha256"]) == 64 and all(c in "0123456789abcdef" for c in p["sha256"])
            and isinstance(p.get("ext"), str) and p["ext"].isalnum() and len(p["ext"]) <= 5
            and all(pf.is_int(p.get(k, 0), 0, 2 ** 40) for k in ("size", "width", "height", "dpi", "position",
                                                                    "rotation", "source_page"))
            and all(isinstance(p.get(k, ""), str) for k in ("kind", "quality", "source", "created_by")))


def _bad_record() -> PackageError:
    return PackageError("Một bản ghi trong gói không hợp lệ; không nhập gì.",
                        "A record in the package is invalid; nothing was imported.")


def tombstone_lines(pkg: VerifiedPackage) -> Iterator[dict]:
    for t in pkg.records("tombstones"):
        pf.check_tombstone_record(t)
        if t["entity"] == "dossier":
            yield t


def audit_lines(pkg: VerifiedPackage) -> list[dict]:
    """The package's audit entries, each hash checked as the sender computed it. Entries the receiver
    holds already are left out by the sender, so links are checked only between neighbours in its chain."""
    rows, prev, prev_seq = [], None, None
    for a in pkg.records("audit"):
        pf.check_audit_record(a)
        try:
            rec = records.audit_records([a])[0]
        except (KeyError, TypeError, ValueError) as exc:
            raise PackageError("Bản ghi nhật ký trong gói không hợp lệ.", "An audit record in the package is invalid.") from exc
        linked = prev_seq is not None and a["seq"] == prev_seq + 1
        if (linked and a["prev_hash"] != prev) or chain_hash(a["prev_hash"], rec) != a["hash"]:
            raise PackageError("Nhật ký thay đổi trong gói bị đứt chuỗi; không nhập gì.",
                               "The audit trail in the package is broken; nothing was imported.")
        prev, prev_seq = a["hash"], a["seq"]
        rows.append(a)
    return rows


def staging_dir(root: Path) -> Path:
    return Path(root) / "stations" / "staging"


class ScanStage:
    """Scan files of a verified package, staged beside their final place and moved there at the end."""

    def __init__(self, media_dir: Path, pkg: VerifiedPackage):
        self.media_dir, self.pkg = Path(media_dir), pkg
        # Temporary files in one folder of their own (same drive: moved into place by rename), so what a
        # killed exchange left is found there, under the exchange lock (outgoing.clean_parts).
        self.staging = staging_dir(self.media_dir.parent)
        self.carried = {e.path[6:70]: (v, e) for v, e in pkg.entries("scan")}
        self.staged: list[tuple[Path, Path]] = []
        self._dests: set[Path] = set()  # what is staged already (a page may be in several dossiers)
        self.created: list[Path] = []

    def need(self, pages: list[dict]) -> None:
        """Every page's file is in the media store or in this package (staged now), else refused."""
        for p in pages:
            dest = scan_file(self.media_dir, p["sha256"], p["ext"])
            if dest in self._dests or dest.is_file():
                continue
            got = self.carried.get(p["sha256"])
            if got is None:
                raise PackageError(
                    "Gói cần ảnh quét nằm trong một gói trước chưa nhận; hãy đồng bộ lại. Không nhập gì.",
                    "The package needs scans carried by an earlier package not received; synchronise again. "
                    "Nothing was imported.")
            self.staged.append((self._stage(*got, dest, p["sha256"]), dest))
            self._dests.add(dest)

    def _stage(self, vol, e: pf.Entry, dest: Path, sha: str) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.staging.mkdir(parents=True, exist_ok=True)
        tmp = self.staging / temp_path(dest).name
        h = hashlib.sha256()
        try:
            with disk_full_guard(dest), open(tmp, "wb") as f:
                blocks = [self.pkg.plain_bytes(vol, e)] if e.encrypted else vol.read_entry(e)
                for block in blocks:
                    h.update(block)
                    f.write(block)
                f.flush()
                os.fsync(f.fileno())
            if h.hexdigest() != sha:
                raise PackageError("Nội dung ảnh quét không khớp tên của nó.", "A scan's content does not match its name.")
            _check_image(tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def place(self) -> None:
        """All checked: into place (call inside the transaction, just before it commits)."""
        for tmp, dest in self.staged:
            replace(tmp, dest)
            self.created.append(dest)
        for folder in {d.parent for d in self.created}:
            fsync_dir(folder)

    def undo(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        for path in self.created:
            path.unlink(missing_ok=True)
