"""The shape of a register around its rows: merged cells and the end of the table.

Offices merge the certificate cells (serial, issue date, registry number, often more) down over the
rows of one certificate, and the holder cells over a holder's parcels; a reader sees the value only
in the merged range's first cell. `MergeFill` gives it to every row the range covers (in its first
column: the other columns of a wide range are not that field).

Below the table come the signature block ("Người lập biểu", "(Ký, ghi rõ họ tên)"), the date line
("…, ngày … tháng … năm …"), totals and notes. `end_of_table` tells those rows apart from data so
they are skipped and reported, not refused as data rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from landdesk.domain.text import fold

Merge = tuple[int, int, int, int]


class MergeFill:
    """Fills the rows of a sheet (0-based row index, rows in order) from the merged ranges that start
    at or below `first_row` and span more than one row."""

    def __init__(self, merges: list[Merge], first_row: int):
        self.starts: dict[int, list[tuple[int, int]]] = {}
        for r0, c0, r1, _c1 in merges:
            if r1 > r0 and r0 >= first_row:
                self.starts.setdefault(r0, []).append((c0, r1))
        self.active: list[tuple[int, int, object]] = []  # (column, last row, value)
        self.filled = 0

    def __bool__(self) -> bool:
        return bool(self.starts)

    def apply(self, index: int, row: list) -> list:
        if self.active:
            keep = []
            for col, last, value in self.active:
                if index > last:
                    continue
                keep.append((col, last, value))
                if col >= len(row):
                    row = row + [""] * (col + 1 - len(row))
                if row[col] == "" or row[col] is None:
                    row[col] = value
                    self.filled += 1
            self.active = keep
        starts = self.starts.pop(index, None)
        if starts:
            for col, last in starts:
                value = row[col] if col < len(row) else ""
                if value != "" and value is not None:
                    self.active.append((col, last, value))
        return row

    def rows(self, rows: Iterator[list], start: int = 0) -> Iterator[list]:
        for i, row in enumerate(rows, start):
            yield self.apply(i, row)


# ---- end of the table -----------------------------------------------------------------------------

_FOOTER = re.compile(
    r"\bnguoi lap (?:bieu|bang|danh sach)\b|\bky,? ghi ro ho ten\b|\bky ten\b|\bghi ro ho ten\b|\bdong dau\b"
    r"|\bngay\b.{0,12}\bthang\b.{0,12}\bnam\b|\btong (?:cong|so)\b|^cong\b|^tong\b|^ghi chu\b|^luu y\b"
    r"|\bthu truong\b|\bchu tich\b|\bt ?/ ?m\b|\btm\.? ?ubnd\b|\bxac nhan cua\b|\bcan bo dia chinh\b"
    r"|\bkt\.? ?chu tich\b|\bpho chu tich\b|\btruong phong\b|\bcong chuc\b")


@dataclass
class FooterHit:
    reason_vi: str
    reason_en: str
    text: str


_KINDS = (
    (re.compile(r"\btong (?:cong|so)\b|^cong\b|^tong\b"), "dòng tổng cộng", "a totals row"),
    (re.compile(r"\bngay\b.{0,12}\bthang\b.{0,12}\bnam\b"), "dòng ngày tháng dưới bảng", "the date line under the table"),
    (re.compile(r"^ghi chu\b|^luu y\b"), "ghi chú dưới bảng", "notes under the table"),
)


def footer_text(row: list) -> FooterHit | None:
    """Why this row belongs to what is under the table (signature, date line, totals, notes), or None."""
    texts = [str(c).strip() for c in row if isinstance(c, str) and c.strip()]
    if not texts or len(texts) > 6:
        return None
    for t in texts:
        key = fold(t)
        if _FOOTER.search(key):
            for pattern, vi, en in _KINDS:
                if pattern.search(key):
                    return FooterHit(vi, en, t[:80])
            return FooterHit("khối chữ ký dưới bảng", "the signature block under the table", t[:80])
    return None
