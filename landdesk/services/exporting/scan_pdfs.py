"""Scanned documents exported as named PDFs: one per document kind of a dossier.

Names (domain.filenames): the dossier's own scan file-name column (Form 01 item 49) when it names
that document, else the province profile's pattern, else `{serial}-{kind}.pdf` with the serial
without spaces ("AB123456-GCN.pdf"); always valid on Windows. One run writes whole files or none:
on any error (a full drive, a missing page file, a cancel) the PDFs this run wrote are removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import disk_full_guard
from landdesk.domain.filenames import SCAN_ORDER, scan_file_name
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media import pdfexport
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import scans as q
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class ExportedFile:
    dossier_num: int
    path: Path
    pages: int
    size: int


def name_pattern(ctx: UnitOfWork) -> str:
    """The province profile's scan file-name pattern, "" when it sets none."""
    from landdesk.services.packages.profile import current_profile

    prof = current_profile(ctx)
    return prof.scan_name_pattern if prof else ""


def _export_one(ctx: UnitOfWork, did: str, out_dir: Path, pattern: str, written: list[Path]) -> list[ExportedFile]:
    from landdesk.services.scans import page_path

    d = dossier_store.load_dossier(ctx.session, did)
    by_kind: dict[str, list] = {}
    for p in q.pages(ctx.session, did):
        by_kind.setdefault(p.kind, []).append(p)
    commune = d.commune_code or settings_store.get(ctx.session, "commune_code") or ""
    out = []
    for kind in sorted(by_kind, key=lambda k: SCAN_ORDER.index(k) if k in SCAN_ORDER else len(SCAN_ORDER)):
        pages = by_kind[kind]
        missing = [p for p in pages if not page_path(ctx, p).is_file()]
        if missing:
            raise LandDeskError(
                f"Hồ sơ số {d.num}: thiếu tệp của {len(missing)} trang; hãy chạy 'landdesk scans check'.",
                f"Dossier {d.num}: the files of {len(missing)} page(s) are missing; run 'landdesk scans check'.")
        name = scan_file_name(kind, serial=d.serial, num=d.num, commune=commune, scan_names=d.scan_names,
                              pattern=pattern)
        target = out_dir / name
        if target in written:  # two dossiers under one serial (a typing twin): neither overwrites the other
            target = out_dir / f"{target.stem}-HS{d.num}.pdf"
        size = pdfexport.export_pdf([pdfexport.ExportPage(page_path(ctx, p), p.ext, p.rotation, p.dpi)
                                     for p in pages], target)
        written.append(target)
        out.append(ExportedFile(d.num, target, len(pages), size))
    return out


def export_scans(ctx: UnitOfWork, out_dir: Path | str, dossier_ids: Sequence[str] | None = None, *,
                 progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> list[ExportedFile]:
    """The named PDFs of the given dossiers (default: every dossier with scans) into `out_dir`."""
    require(ctx, "read")
    out_dir = Path(out_dir)
    ids = list(dossier_ids) if dossier_ids is not None else q.scanned_dossier_ids(ctx.session)
    pattern = name_pattern(ctx)
    written: list[Path] = []
    out: list[ExportedFile] = []
    made_dir = not out_dir.exists()
    try:
        with disk_full_guard(out_dir):
            out_dir.mkdir(parents=True, exist_ok=True)
            for i, did in enumerate(ids):
                cancel.check()
                out += _export_one(ctx, did, out_dir, pattern, written)
                progress(i + 1, len(ids), "")
    except BaseException:
        remove_files(written)
        if made_dir:
            try:
                out_dir.rmdir()
            except OSError:
                pass
        raise
    return out


def remove_files(paths: Sequence[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except OSError:
            pass
