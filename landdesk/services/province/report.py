"""The province progress report across all communes, from what the province has received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from landdesk.services.users import require
from landdesk.services.workbook_file import save_workbook
from landdesk.storage.base import utcnow
from landdesk.storage.province import receipts as receipt_store
from landdesk.storage.province import report as report_store
from landdesk.storage.province import roster as roster_store
from landdesk.storage.uow import UnitOfWork

BANDS = ("done", "above_80", "50_80", "below_50", "no_target")
BAND_LABELS = {"done": ("Hoàn thành 100%", "100% done"), "above_80": ("Trên 80%", "Above 80%"),
               "50_80": ("Từ 50% đến 80%", "50% to 80%"), "below_50": ("Dưới 50%", "Below 50%"),
               "no_target": ("Chưa có chỉ tiêu", "No target")}
FIGURES = ("collected", "scanned", "entered", "verified", "incorrect", "needs_police", "accepted")


def band(collected: int, target: int) -> str:
    if target <= 0:
        return "no_target"
    pct = collected * 100 / target
    if pct >= 100:
        return "done"
    if pct > 80:
        return "above_80"
    if pct >= 50:
        return "50_80"
    return "below_50"


@dataclass
class CommuneProgress:
    code: str
    name: str
    target: int
    collected: int = 0
    scanned: int = 0
    entered: int = 0
    verified: int = 0
    incorrect: int = 0
    needs_police: int = 0
    accepted: int = 0
    percent: float = 0.0
    band: str = "no_target"
    last_seq: int = 0
    missing_packages: int = 0
    days_since_last: int | None = None

    def as_json(self) -> dict:
        return dict(self.__dict__)


def progress_report(ctx: UnitOfWork, *, today: datetime | None = None) -> list[CommuneProgress]:
    require(ctx, "read")
    now = today or utcnow()
    s = ctx.session
    counts = report_store.progress_rows(s)
    out = []
    for c in roster_store.communes(s):
        row = CommuneProgress(c.code, c.name, c.target, **counts.get(c.code, {}))
        row.percent = round(row.collected * 100 / c.target, 1) if c.target else 0.0
        row.band = band(row.collected, c.target)
        row.last_seq = c.last_seq
        row.missing_packages = c.last_seq - len(receipt_store.imported_seqs(s, c.code)) if c.last_seq else 0
        row.days_since_last = (now - c.last_package_at).days if c.last_package_at else None
        out.append(row)
    return out


def totals(rows: list[CommuneProgress]) -> dict:
    t = {f: sum(getattr(r, f) for r in rows) for f in FIGURES}
    t["target"] = sum(r.target for r in rows)
    t["bands"] = {b: sum(1 for r in rows if r.band == b) for b in BANDS}
    return t


def write_workbook(rows: list[CommuneProgress], out: Path, lang: str = "vi") -> Path:
    """One sheet per report: communes with figures, percent, band, days since the last package."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    vi = lang == "vi"
    heads = (["Mã xã", "Tên xã", "Chỉ tiêu", "Đã thu", "Đã quét", "Đã nhập", "Đã xác thực", "Sai thông tin",
              "Cần phối hợp công an", "Tỉnh đã nhận", "% chỉ tiêu", "Nhóm tiến độ", "Gói gần nhất",
              "Thiếu gói", "Số ngày từ gói cuối"] if vi else
             ["Commune code", "Commune", "Target", "Collected", "Scanned", "Entered", "Verified", "Incorrect",
              "Needs police", "Accepted", "% of target", "Band", "Last package", "Missing packages",
              "Days since last package"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiến độ" if vi else "Progress"
    ws.append(heads)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.code, r.name, r.target, r.collected, r.scanned, r.entered, r.verified, r.incorrect,
                   r.needs_police, r.accepted, r.percent / 100, BAND_LABELS[r.band][0 if vi else 1], r.last_seq,
                   r.missing_packages, r.days_since_last])
        ws.cell(ws.max_row, 11).number_format = "0.0%"
    t = totals(rows)
    ws.append(["", "Tổng" if vi else "Total", t["target"], *[t[f] for f in FIGURES]])
    ws.freeze_panes = "C2"
    ws.column_dimensions["B"].width = 28
    bands = wb.create_sheet("Nhóm" if vi else "Bands")
    bands.append(["Nhóm tiến độ" if vi else "Band", "Số xã" if vi else "Communes"])
    for b in BANDS:
        bands.append([BAND_LABELS[b][0 if vi else 1], t["bands"][b]])
    # whole or not at all: a full drive is one clear message, a workbook open in Excel retried, then named
    return save_workbook(wb, Path(out))
