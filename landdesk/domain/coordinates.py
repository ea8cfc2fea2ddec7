"""Coordinates in Form 01 (the VBDLIS column "Thông tin tọa độ (WGS84)"): kept as written, always
with their coordinate reference system (DOMAIN.md §3).

The CRS of a cell is the one it names ("EPSG:9209: 567890.1 2345678.2"), else the one its column
header names ("(WGS84)", "VN-2000 Bắc Ninh", "EPSG:9214"); a coordinate whose CRS cannot be told is
not stored (the import report says so). On export a coordinate in another CRS than its column's is
written with its CRS in front, so that nothing is silently reprojected or mislabelled.
"""

from __future__ import annotations

import re

from landdesk.domain.text import fold

WGS84 = "EPSG:4326"
# VN-2000 with the provinces' central meridians: old Bắc Ninh 105°30', old Bắc Giang 107°00'.
_HEADER_CRS = ((re.compile(r"\bepsg\s*:?\s*(\d{4,5})\b"), None), (re.compile(r"\bwgs\s*-?\s*84\b"), WGS84),
               (re.compile(r"vn\s*-?\s*2000.*bac ninh"), "EPSG:9209"),
               (re.compile(r"vn\s*-?\s*2000.*bac giang"), "EPSG:9214"))
_CELL_CRS = re.compile(r"^\s*EPSG\s*:\s*(\d{4,5})\s*[:;,]?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def crs_from_header(header: str) -> str:
    """The CRS a column header names, "" when it names none."""
    h = fold(header)
    for pattern, crs in _HEADER_CRS:
        m = pattern.search(h)
        if m:
            return crs or f"EPSG:{m.group(1)}"
    return ""


def split_cell(text: str, column_crs: str = "") -> tuple[str, str]:
    """(crs, coordinate text) of a cell; crs "" when neither the cell nor its column names one."""
    s = " ".join(str(text or "").split())
    m = _CELL_CRS.match(s)
    if m:
        return f"EPSG:{m.group(1)}", s[m.end():]
    return (column_crs if s else ""), s


def coordinate_problem(text: str, crs: str) -> tuple[str, str] | None:
    """(vi, en) when the text holds no coordinate pair, or WGS84 values outside Vietnam's area."""
    nums = [float(n.replace(",", ".")) for n in _NUMBER.findall(text)]
    if len(nums) < 2:
        return "không có cặp tọa độ", "no coordinate pair"
    if crs == WGS84:
        pairs = list(zip(nums[::2], nums[1::2], strict=False))
        if not all((8 <= a <= 24 and 102 <= b <= 110) or (8 <= b <= 24 and 102 <= a <= 110) for a, b in pairs):
            return "tọa độ WGS84 ngoài lãnh thổ Việt Nam", "WGS84 coordinates outside Vietnam"
    return None


def coordinate_cell(text: str, crs: str, column_crs: str = WGS84) -> str:
    """The cell written on export: the text, with its CRS in front when it is not the column's."""
    if not text:
        return ""
    return text if crs == column_crs else f"{crs}: {text}"
