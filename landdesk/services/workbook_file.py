"""Saving an openpyxl workbook whole or not at all."""

from __future__ import annotations

import io
from pathlib import Path

from landdesk.domain.fileio import atomic_write, disk_full_guard


def save_workbook(wb, out: Path) -> Path:
    """Into `out` whole, or not at all: a full drive is one clear message (DiskFullError), a workbook open
    in Excel is retried, then named (FileLockedError). Saved in memory first: openpyxl leaves its zip
    open when a write fails."""
    with disk_full_guard(out):
        out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(out, buf.getvalue())
    return out
