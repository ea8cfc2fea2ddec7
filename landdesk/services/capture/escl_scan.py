"""Scan from a network scanner into a dossier or the batch tray, page by page through the same intake
as a file; find scanners on the office network (mDNS `_uscan._tcp`); remember the ones used.

Each page is stored in its own transaction as it arrives, so a scanner that jams or goes away mid-job
leaves every page already received stored, and the report says what happened. Into the tray, cover
sheets split the batch exactly as in the hot folder (the pages after a cover go to its dossier).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import i18n
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media import intake
from landdesk.services import scans
from landdesk.services.capture import escl, photos
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import scans as q
from landdesk.storage.uow import UnitOfWork

SCANNERS_SETTING = "capture.escl_scanners"  # addresses typed or found once, most recent first
KEEP_SCANNERS = 8
_EXT = {"image/jpeg": ".jpg", "application/pdf": ".pdf", "image/png": ".png", "image/tiff": ".tif"}


@dataclass(frozen=True)
class ScanRequest:
    source: str = "feeder"  # or "flatbed"
    dpi: int = 300
    color: bool = True


@dataclass
class ScanReport:
    scanner: str
    pages: list[scans.AddedPage] = field(default_factory=list)
    refused: list[scans.Refusal] = field(default_factory=list)
    covers: int = 0
    error: LandDeskError | None = None

    def as_json(self, lang: str = "vi") -> dict:
        return {"scanner": self.scanner, "pages": [{"page_id": a.page_id, "dossier_id": a.dossier_id,
                                                    "dossier_num": a.dossier_num, "kind": a.kind,
                                                    "position": a.position, "problems": list(a.problems)}
                                                   for a in self.pages],
                "refused": [r.message(lang) for r in self.refused], "cover_sheets": self.covers,
                "error": self.error.message(lang) if self.error else None}

    def lines(self, lang: str = "vi") -> list[str]:
        out = []
        for a in self.pages:
            where = i18n.pick(f"hồ sơ số {a.dossier_num}", f"dossier {a.dossier_num}", lang) if a.dossier_id else \
                i18n.pick("khay chưa gán", "unassigned tray", lang)
            out.append(f"+ {where}, {a.kind.upper()} {i18n.pick('trang', 'page', lang)} {a.position}")
        out += [f"✗ {r.message(lang)}" for r in self.refused]
        if self.error:
            out.append(f"✗ {self.error.message(lang)}")
        out.append(i18n.pick(f"Đã lưu {len(self.pages)} trang từ máy quét; tờ bìa: {self.covers}.",
                             f"Stored {len(self.pages)} page(s) from the scanner; cover sheets: {self.covers}.", lang))
        return out


# ---- remembered scanners --------------------------------------------------------------------


def known_scanners(ctx: UnitOfWork) -> list[str]:
    value = settings_store.get(ctx.session, SCANNERS_SETTING)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def last_scanner(ctx: UnitOfWork) -> str | None:
    found = known_scanners(ctx)
    return found[0] if found else None


def remember_scanner(ctx: UnitOfWork, url: str) -> None:
    require(ctx, "edit")
    urls = [url] + [u for u in known_scanners(ctx) if u != url]
    settings_store.put(ctx.session, SCANNERS_SETTING, urls[:KEEP_SCANNERS])
    ctx.touch(Change.SETTINGS)


# ---- storing pages --------------------------------------------------------------------------


def store_page(ctx: UnitOfWork, path: Path, target: str | None, kind: str, batch: bool
               ) -> tuple[scans.IntakeReport, str | None, str]:
    """One received page (or a scanner's multi-page PDF) into the workspace; returns the report and the
    dossier and kind the next pages go to (a cover sheet in a batch changes them)."""
    rep = scans.add_files(ctx, [path], target, kind, covers=batch)
    if batch and rep.covers:
        for page in intake.read_pages(path, covers=True):
            if page.cover is not None:
                cover_id, cover_kind = page.cover
                known = q.dossier_status(ctx.session, cover_id) is not None
                target, kind = (cover_id, photos.check_kind(cover_kind)) if known else (None, kind)
    return rep, target, kind


def _choose(caps: escl.Capabilities, req: ScanRequest) -> tuple[escl.Source, int, str, str]:
    name = "Feeder" if req.source == "feeder" else "Platen"
    src = caps.sources.get(name)
    if src is None:
        raise escl.EsclError("Máy quét này không có khay nạp giấy tự động." if name == "Feeder" else
                             "Máy quét này không có mặt kính quét.",
                             "This scanner has no document feeder." if name == "Feeder" else
                             "This scanner has no flatbed.")
    dpi = min(src.resolutions, key=lambda r: (abs(r - req.dpi), -r))
    wanted = ("RGB24",) if req.color else ("Grayscale8", "RGB24")
    mode = next((m for m in wanted if m in src.color_modes), src.color_modes[0])
    fmt = next((f for f in ("image/jpeg", "application/pdf") if f in src.formats), "")
    if not fmt:
        raise escl.EsclError("Máy quét không gửi được ảnh JPEG hay PDF.", "The scanner sends neither JPEG nor PDF.")
    return src, dpi, mode, fmt


def scan_job(client: escl.EsclClient, req: ScanRequest, on_page: Callable[[Path], None], work: Path, *,
             progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> int:
    """Run one scan job, handing each page file to on_page as it arrives; the number of pages.
    Raises EsclError (jam, scanner gone) after the pages received so far were handed on."""
    src, dpi, mode, fmt = _choose(client.capabilities(), req)
    width, height = min(src.max_width, escl.A4_300THS[0]), min(src.max_height, escl.A4_300THS[1])
    job = client.start(escl.scan_settings(src.name, dpi, mode, fmt, width, height))
    done = 0
    finished = False
    try:
        while True:
            cancel.check()
            progress(done, 0, f"{done + 1}")
            fd, tmp = tempfile.mkstemp(prefix=".escl-", suffix=_EXT.get(fmt, ".bin"), dir=work)
            os.close(fd)
            page = Path(tmp)
            try:
                if not client.next_document(job, page):
                    finished = True
                    break
                named = page.with_name(f"may-quet-{time.strftime('%Y%m%d-%H%M%S')}-{done + 1}{page.suffix}")
                os.replace(page, named)
                page = named
                on_page(page)
                done += 1
                if src.name == "Platen":  # a flatbed job is one page
                    finished = True
                    break
            finally:
                page.unlink(missing_ok=True)
    finally:
        if not finished:
            client.cancel(job)
    return done


def scan_into(ws, url: str, dossier: str | None, kind: str, req: ScanRequest, *,
              progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL,
              on_stored: Callable[[scans.IntakeReport], None] | None = None,
              client: escl.EsclClient | None = None) -> ScanReport:
    """Scan into a dossier (or, dossier None, the batch tray split at cover sheets); each page committed as
    it arrives. The front ends pass their open workspace (CLI) or run this on a worker (GUI)."""
    kind = photos.check_kind(kind)
    client = client or escl.EsclClient(url)
    report = ScanReport(client.url)
    state = {"target": ws.read(lambda ctx: photos.target(ctx, dossier)[0]) if dossier else None, "kind": kind}
    work = ws.read(photos.work_dir)

    def on_page(path: Path) -> None:
        rep, state["target"], state["kind"] = ws.transact(
            lambda ctx: store_page(ctx, path, state["target"], state["kind"], dossier is None))
        report.pages += rep.added
        report.refused += rep.refused
        report.covers += rep.covers
        if on_stored is not None:
            on_stored(rep)

    try:
        scan_job(client, req, on_page, work, progress=progress, cancel=cancel)
    except escl.EsclError as exc:
        report.error = exc
    if report.pages or report.error is None or not isinstance(report.error, escl.ScannerGone):
        ws.transact(lambda ctx: remember_scanner(ctx, client.url))
    return report


# ---- discovery ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundScanner:
    name: str
    url: str
    model: str


def discover(seconds: float = 3.0, interfaces: list[str] | None = None) -> list[FoundScanner]:
    """Scanners announcing eSCL on the office network (mDNS _uscan._tcp / _uscans._tcp)."""
    from zeroconf import InterfaceChoice, ServiceBrowser, ServiceStateChange, Zeroconf

    types = ["_uscan._tcp.local.", "_uscans._tcp.local."]
    names: set[tuple[str, str]] = set()

    def changed(zeroconf, service_type, name, state_change):
        if state_change is ServiceStateChange.Added:
            names.add((service_type, name))

    zc = Zeroconf(interfaces=interfaces or InterfaceChoice.All)
    try:
        ServiceBrowser(zc, types, handlers=[changed])
        time.sleep(seconds)
        out = []
        for service_type, name in sorted(names):
            info = zc.get_service_info(service_type, name, timeout=1500)
            if info is None or not info.parsed_addresses():
                continue
            props = {k.decode(errors="replace"): (v or b"").decode(errors="replace")
                     for k, v in info.properties.items()}
            scheme = "https" if service_type.startswith("_uscans") else "http"
            addr = next((a for a in info.parsed_addresses() if ":" not in a), info.parsed_addresses()[0])
            host = f"[{addr}]" if ":" in addr else addr
            path = "/" + (props.get("rs") or "eSCL").strip("/")
            label = name.removesuffix("." + service_type)
            out.append(FoundScanner(label, f"{scheme}://{host}:{info.port}{path}", props.get("ty", "")))
        return out
    finally:
        zc.close()
