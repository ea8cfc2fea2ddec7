"""Versioned Form 01 column maps (resources/form01_maps/*.json): read and write by header text.

Provincial copies of Form 01 differ (PL3-01, the VBDLIS variant, 38/49-column copies, columns in
other orders), so a column is known by its header text, never by its position. Each map lists its
columns in template order as (field, header); `aliases.json` adds header texts seen in hand-made
registers. Headers that repeat ("Diện tích" under each land use) are told apart by their order.
Maps a user builds in the mapping dialog are saved in the workspace settings and join the built-ins.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain.errors import LandDeskError
from landdesk.domain.resources import resources_dir
from landdesk.domain.text import fold

MAP_FORMAT = "landdesk-form01-map"
CUSTOM_MAPS_SETTING = "form01_custom_maps"

# Every field a Form 01 column can hold, with Vietnamese / English labels for the mapping dialog.
FIELDS: dict[str, tuple[str, str]] = {
    "stt": ("STT", "Row number"),
    "commune_code": ("Mã ĐVHC cấp xã", "Commune code"),
    "serial": ("Số phát hành GCN", "Certificate serial"),
    "issue_date": ("Ngày cấp GCN", "Issue date"),
    "registry_no": ("Số vào sổ GCN", "Registry entry number"),
    "org_name": ("Tên tổ chức", "Organisation name"),
    "org_id": ("Số định danh tổ chức", "Organisation ID"),
    "holder_name": ("Họ và tên chủ sử dụng", "Holder name"),
    "holder_id": ("Số định danh cá nhân/CCCD", "Holder ID number"),
    "holder_birth": ("Ngày, tháng, năm sinh", "Date of birth"),
    "holder_gender": ("Giới tính", "Gender"),
    "holder_address": ("Địa chỉ thường trú", "Permanent address"),
    "legal_form": ("Pháp nhân trên GCN", "Legal form"),
    "role": ("Vai trò pháp nhân trên GCN", "Role"),
    "cu_name": ("Tên người sử dụng hiện tại", "Current user name"),
    "cu_id": ("Số định danh người sử dụng hiện tại", "Current user ID"),
    "cu_address": ("Địa chỉ người sử dụng hiện tại", "Current user address"),
    "cu_reason": ("Lý do thay đổi", "Reason for change"),
    "parcel_national_id": ("Mã định danh thửa đất", "Parcel national ID"),
    "sheet_cert": ("Số tờ ghi trên GCN", "Sheet on certificate"),
    "parcel_cert": ("Số thửa ghi trên GCN", "Parcel on certificate"),
    "sheet_map": ("Số tờ bản đồ địa chính", "Sheet on cadastral map"),
    "parcel_map": ("Số thửa bản đồ địa chính", "Parcel on cadastral map"),
    "parcel_address": ("Địa chỉ thửa đất", "Parcel address"),
    "parcel_area": ("Diện tích thửa đất", "Parcel area"),
    **{f"lu{i}_{k}": (f"{vi} {i}", f"Land use {i}: {en}") for i in (1, 2, 3) for k, vi, en in (
        ("type", "Loại đất", "type"), ("area", "Diện tích loại đất", "area"),
        ("origin", "Nguồn gốc sử dụng", "origin"), ("form", "Hình thức sử dụng", "form"),
        ("term", "Thời hạn sử dụng", "term"))},
    "h_asset_type": ("Loại tài sản gắn liền với đất", "Attached asset type"),
    "h_complex": ("Khu nhà chung cư, nhà hỗn hợp", "Apartment complex"),
    "h_building": ("Nhà chung cư", "Apartment building"),
    "h_apartment": ("Số căn hộ", "Apartment number"),
    "h_construction_area": ("Diện tích xây dựng", "Construction area"),
    "h_floor_area": ("Diện tích sàn", "Floor area"),
    "h_ownership_form": ("Hình thức sở hữu", "Form of ownership"),
    "h_ownership_term": ("Thời hạn sở hữu", "Term of ownership"),
    "h_grade": ("Cấp hạng", "Grade"),
    "scan_files": ("Tên file quét GCN/CCCD", "Scan file names"),
    "classification": ("Phân loại thửa đất", "Parcel classification"),
    "doc1_no": ("Số giấy tờ 1", "Document 1 number"),
    "doc1_type": ("Loại giấy tờ 1", "Document 1 type"),
    "doc1_status": ("Trạng thái xác thực số giấy tờ 1", "Document 1 verification"),
    "doc2_no": ("Số giấy tờ 2", "Document 2 number"),
    "doc2_type": ("Loại giấy tờ 2", "Document 2 type"),
    "doc2_status": ("Trạng thái xác thực số giấy tờ 2", "Document 2 verification"),
    "has_scans": ("Có file hồ sơ quét", "Has scanned files"),
    "cert_type": ("Loại giấy chứng nhận", "Certificate type"),
    "coordinates": ("Thông tin tọa độ (WGS84)", "Coordinates (WGS84)"),
    "guid": ("Guid", "Guid"),
}

_ITEM_SUFFIX = re.compile(r"\s*\(\d+\)\s*$")
_NON_WORD = re.compile(r"[^\w]+")


def header_key(text) -> str:
    """Comparison key of a header cell: accents, case, line breaks, punctuation and "(12)" ignored."""
    s = _ITEM_SUFFIX.sub("", str(text or "").replace("\n", " "))
    return _NON_WORD.sub(" ", fold(s)).strip()


@dataclass(frozen=True)
class MapColumn:
    field: str
    header: str
    item: int | None = None
    group: str = ""


@dataclass(frozen=True)
class ColumnMap:
    id: str
    version: int
    name_vi: str
    name_en: str
    columns: tuple[MapColumn, ...]
    export: bool = False
    custom: bool = False

    def to_json(self) -> dict:
        return {"format": MAP_FORMAT, "format_version": 1, "id": self.id, "version": self.version,
                "name_vi": self.name_vi, "name_en": self.name_en, "export": self.export,
                "columns": [{k: v for k, v in (("field", c.field), ("header", c.header), ("item", c.item),
                                               ("group", c.group)) if v not in (None, "")}
                            for c in self.columns]}

    @classmethod
    def from_json(cls, data: dict, *, custom: bool = False) -> ColumnMap:
        try:
            if data.get("format") != MAP_FORMAT:
                raise ValueError("format")
            cols = tuple(MapColumn(c["field"], str(c["header"]), c.get("item"), c.get("group", ""))
                         for c in data["columns"])
            unknown = [c.field for c in cols if c.field not in FIELDS]
            if unknown or not cols:
                raise ValueError("fields")
            return cls(str(data["id"]), int(data.get("version", 1)), str(data.get("name_vi", data["id"])),
                       str(data.get("name_en", data["id"])), cols, bool(data.get("export", False)), custom)
        except (KeyError, TypeError, ValueError) as exc:
            raise LandDeskError("Bảng ánh xạ cột không hợp lệ.", "The column map is not valid.") from exc


def _maps_dir() -> Path:
    return resources_dir() / "form01_maps"


@functools.cache
def builtin_maps() -> tuple[ColumnMap, ...]:
    out = []
    for path in sorted(_maps_dir().glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == MAP_FORMAT:
            out.append(ColumnMap.from_json(data))
    # the two export layouts first: they win ties
    return tuple(sorted(out, key=lambda m: (m.id not in ("pl3-01", "vbdlis"), m.id)))


def get_map(map_id: str, extra: tuple[ColumnMap, ...] = ()) -> ColumnMap:
    for m in (*builtin_maps(), *extra):
        if m.id == map_id:
            return m
    raise LandDeskError(f"Không có bảng ánh xạ cột '{map_id}'.", f"No column map '{map_id}'.")


@functools.cache
def aliases() -> dict[str, tuple[str, ...]]:
    path = _maps_dir() / "aliases.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {f: tuple(header_key(h) for h in hs) for f, hs in data.get("aliases", {}).items()}


@functools.cache
def code_widths() -> dict[str, tuple[int, ...]]:
    """Known widths of codes typed as numbers (resources/form01_maps/code_widths.json)."""
    path = _maps_dir() / "code_widths.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {f: tuple(sorted(int(w) for w in ws)) for f, ws in data.get("widths", {}).items()}


@dataclass
class Mapping:
    """Which sheet column (0-based) holds which field, under one map."""

    map: ColumnMap
    by_column: dict[int, str] = field(default_factory=dict)
    unmatched: list[int] = field(default_factory=list)  # header cells no field claimed

    @property
    def score(self) -> int:
        return len(self.by_column)

    def column_of(self, field_name: str) -> int | None:
        return next((c for c, f in self.by_column.items() if f == field_name), None)


def match(headers: list[str], cmap: ColumnMap) -> Mapping:
    """Assign header cells to the map's fields: exact header text first (in order, so repeated
    headers go to successive fields), then aliases for fields still free."""
    pending = [(header_key(c.header), c.field) for c in cmap.columns]
    taken: set[str] = set()
    result = Mapping(cmap)
    keys = [header_key(h) for h in headers]
    for i, key in enumerate(keys):
        if not key:
            continue
        hit = next((f for k, f in pending if k == key and f not in taken), None)
        if hit:
            result.by_column[i] = hit
            taken.add(hit)
    fields_in_map = {c.field for c in cmap.columns}
    alias_table = aliases()
    for i, key in enumerate(keys):
        if not key or i in result.by_column:
            continue
        hit = next((f for f in FIELDS if f not in taken and key in alias_table.get(f, ())
                    and (f in fields_in_map or cmap.custom is False)), None)
        if hit:
            result.by_column[i] = hit
            taken.add(hit)
        else:
            result.unmatched.append(i)
    return result


def best_mapping(headers: list[str], maps: tuple[ColumnMap, ...]) -> Mapping:
    """The map matching the most columns; on a tie the one with the fewest columns missing (a
    38-column copy is the 38-column map, not PL3-01 with 13 columns absent)."""
    best, best_key = None, None
    for m in maps:
        got = match(headers, m)
        key = (got.score, -(len(m.columns) - got.score))
        if best is None or key > best_key:
            best, best_key = got, key
    return best


def known_header_keys(maps: tuple[ColumnMap, ...]) -> frozenset[str]:
    keys = {header_key(c.header) for m in maps for c in m.columns}
    keys.update(k for ks in aliases().values() for k in ks)
    return frozenset(k for k in keys if k)
