"""The commune's outbox: every exported package is kept in <workspace>/outbox, exactly as written, so
package N can be sent again byte for byte (the province asks for it by number when it is missing).

An export records a package (its volumes' final names, temporary names and sizes, and the package's
header hash) before the files get their final names. A kept copy is checked the way the province
checks a package (verify_package: every byte is compared, hashed or signed) and must carry the
recorded header hash: it is then the package exactly as written, without hashing it once more at
every export. `reconcile` runs under the export lock at the start of every export or
resend and makes the outbox agree with the record: a recorded package whose rename a kill
interrupted gets its final names, and temporary files of exports that never got recorded are removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import DiskFullError, atomic_output, fsync_dir, is_disk_full, replace
from landdesk.services.packages import verify
from landdesk.services.users import require
from landdesk.storage.commune import sync as sync_store


def outbox_dir(root: Path) -> Path:
    return Path(root) / "outbox"


def describe(writer) -> list[dict]:
    """What the record keeps of each finished (fsynced, still temporary) volume."""
    return [{"name": final.name, "part": tmp.name, "size": tmp.stat().st_size}
            for tmp, final in zip(writer.temp_paths(), writer.final_paths, strict=True)]


def volumes_of(files_json: str) -> list[dict]:
    """A record's volumes; packages recorded before checksums were kept list names only."""
    return [f if isinstance(f, dict) else {"name": f} for f in json.loads(files_json or "[]")]


def reconcile(ws) -> list[str]:
    """Finish what a killed export left (call under the export lock); returns the names published."""
    keep = outbox_dir(ws.root)
    last = ws.read(lambda ctx: sync_store.last_package(ctx.session))
    published = []
    for f in volumes_of(last.files) if last is not None else []:
        part, final = keep / f.get("part", ""), keep / f["name"]
        if f.get("part") and part.is_file() and not final.exists() and part.stat().st_size == f.get("size"):
            replace(part, final)
            published.append(final.name)
    for stale in keep.glob(".*.part"):  # never recorded (or already published under its final name)
        stale.unlink(missing_ok=True)
    return published


def _altered(seq: int, name: str) -> LandDeskError:
    return LandDeskError(f"Bản lưu của gói số {seq} ({name}) đã bị thay đổi; không gửi lại.",
                         f"The kept copy of package {seq} ({name}) was altered; not resent.")


def deliver(kept: list[Path], out: Path, seq: int) -> list[Path]:
    """Copy the kept volumes to `out` (each whole or absent); on failure none of them is left there."""
    done: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for stale in {p for src in kept for p in out.glob(f".{src.name.split('-')[0]}-*.part")}:
            stale.unlink(missing_ok=True)  # a copy a kill interrupted (we hold the export lock)
        for src in kept:
            dest = out / src.name
            try:  # the same drive: a second name for the kept (whole, fsynced) file, made in one step
                os.link(src, dest)
            except OSError:  # a copy already there (replaced whole), or another drive (a temporary
                with atomic_output(dest) as tmp:  # a kill leaves there goes with the next copy into it)
                    try:
                        os.link(src, tmp)
                    except OSError:
                        _copy(src, tmp)
            done.append(dest)
        fsync_dir(out)
    except (OSError, LandDeskError) as exc:
        for d in done:
            d.unlink(missing_ok=True)
        if isinstance(exc, DiskFullError) or (isinstance(exc, OSError) and is_disk_full(exc)):
            reason_vi, reason_en = f"Ổ đĩa đã đầy, không chép được gói vào {out}.", f"The drive is full; cannot copy the package to {out}."
        elif isinstance(exc, LandDeskError):
            reason_vi, reason_en = exc.vi, exc.en
        else:
            reason_vi = reason_en = f"{out}: {exc.strerror or exc}"
        raise LandDeskError(
            f"{reason_vi} Gói số {seq} đã được ghi nhận và lưu trong {src.parent}; khi xong, hãy chạy: "
            f"landdesk package resend {seq} --out \"{out}\"",
            f"{reason_en} Package {seq} is recorded and kept in {src.parent}; when ready, run: "
            f"landdesk package resend {seq} --out \"{out}\"") from None
    return done


def _copy(src: Path, tmp: Path) -> None:
    with open(src, "rb") as f, open(tmp, "wb") as g:
        while block := f.read(1 << 20):
            g.write(block)


def resend(ws, seq: int, out: Path) -> list[Path]:
    """Package `seq` again, byte for byte: the kept volumes, verified and matched with the record."""
    rec = ws.read(lambda ctx: (require(ctx, "edit"), sync_store.package_by_seq(ctx.session, seq))[1])
    if rec is None:
        raise LandDeskError(f"Chưa xuất gói số {seq}.", f"Package {seq} was never exported.")
    keep = outbox_dir(ws.root)
    kept = []
    for f in volumes_of(rec.files):
        path = keep / f["name"]
        if not path.is_file():
            raise LandDeskError(
                f"Bản lưu của gói số {seq} ({f['name']}) không còn trong {keep} (đã bị chuyển hoặc xóa); "
                "không gửi lại đúng từng byte được. Hãy tìm tệp đó ở nơi đã chép ra.",
                f"The kept copy of package {seq} ({f['name']}) is no longer in {keep} (moved or deleted); it cannot "
                "be resent byte for byte. Look for that file where it was copied to.")
        if f.get("size") not in (None, path.stat().st_size):
            raise _altered(seq, f["name"])
        kept.append(path)
    try:
        same = pf.header_hash(verify.verify_package(kept).header) == rec.header_hash
    except pf.PackageError:
        same = False
    if not same:
        raise _altered(seq, kept[0].name)
    out = Path(out)
    if out.resolve() == keep.resolve():
        return kept
    return deliver(kept, out, seq)
