"""A dossier as Form 01 rows: one per certificate × parcel × person (2 parcels × 2 holders = 4 rows).

Values are typed for the workbook: real dates, areas as numbers, controlled values as the template's
Vietnamese labels, land types as official names (the importer recovers the code from the name).
"""

from __future__ import annotations

from landdesk.domain import reference
from landdesk.domain.codes import HolderKind, VerificationStatus
from landdesk.domain.coordinates import coordinate_cell
from landdesk.domain.filenames import scan_names_cell
from landdesk.domain.model import CurrentUser, Dossier, Holder, Housing, Parcel


def _label(e):
    return e.label_vi if e is not None else None


def land_type_text(code: str | None, raw: str) -> str:
    unit = reference.land_use(code) if code else None
    return unit.name_vi if unit else raw


def _holder_values(h: Holder) -> dict:
    v = {"holder_birth": None, "holder_gender": _label(h.gender), "holder_address": h.address,
         "legal_form": _label(h.legal_form), "role": _label(h.role)}
    if h.kind == HolderKind.ORGANISATION:
        v.update(org_name=h.name, org_id=h.org_id, holder_name=h.representative)
    else:
        v.update(org_id=h.org_id, holder_name=h.name)
    v["holder_id"] = h.cccd or h.cmnd
    if h.birth is not None:
        v["holder_birth"] = h.birth.as_date() or h.birth.display()  # year-only stays text "1958"
    docs = [(n, t) for n, t in ((h.cccd, "CCCD"), (h.cmnd, "CMND")) if n]
    status = h.verification.label_vi if h.verification != VerificationStatus.PENDING else \
        VerificationStatus.PENDING.label_vi
    for i, (number, kind) in enumerate(docs[:2], start=1):
        v.update({f"doc{i}_no": number, f"doc{i}_type": kind, f"doc{i}_status": status if i == 1 else None})
    return v


def _parcel_values(p: Parcel) -> dict:
    v = {"parcel_national_id": p.national_id, "sheet_cert": p.sheet_cert, "parcel_cert": p.parcel_cert,
         "sheet_map": p.sheet_map, "parcel_map": p.parcel_map, "parcel_address": p.address,
         "parcel_area": p.area, "classification": p.classification,
         "coordinates": coordinate_cell(p.coordinates, p.crs)}
    for i, lu in enumerate(p.land_uses[:3], start=1):
        v.update({f"lu{i}_type": land_type_text(lu.code, lu.raw_text), f"lu{i}_area": lu.area,
                  f"lu{i}_origin": lu.origin, f"lu{i}_form": _label(lu.use_form), f"lu{i}_term": lu.term})
    h = p.housing or Housing()
    if not h.is_empty():
        v.update(h_asset_type=h.asset_type, h_complex=h.complex_name, h_building=h.building,
                 h_apartment=h.apartment_no, h_construction_area=h.construction_area, h_floor_area=h.floor_area,
                 h_ownership_form=h.ownership_form, h_ownership_term=h.ownership_term, h_grade=h.grade)
    return v


def scan_names(d: Dossier, kinds: set[str], pattern: str = "", commune: str = "") -> str:
    """Item 49: the names its scanned documents are exported under (its own names for a kind first);
    for a dossier without scans, the names it came with, as they were."""
    if not kinds:
        return d.scan_names
    return scan_names_cell(kinds, serial=d.serial, num=d.num, commune=d.commune_code or commune,
                           scan_names=d.scan_names, pattern=pattern)


def dossier_rows(d: Dossier, kinds: set[str] = frozenset(), pattern: str = "") -> list[dict]:
    cu = d.current_user or CurrentUser()
    common = {"commune_code": d.commune_code, "serial": d.serial, "issue_date": d.issue_date,
              "registry_no": d.registry_no, "cu_name": cu.name, "cu_id": cu.cccd, "cu_address": cu.address,
              "cu_reason": _label(cu.reason), "scan_files": scan_names(d, kinds, pattern),
              "has_scans": "Có" if kinds else "Không", "cert_type": "Giấy chứng nhận", "guid": d.id}
    parcels = [_parcel_values(p) for p in d.parcels] or [{}]
    holders = [_holder_values(h) for h in d.holders] or [{}]
    return [{**common, **p, **h} for p in parcels for h in holders]


def extra_land_uses(d: Dossier) -> int:
    """Land uses beyond the three a Form 01 row holds (they are left out of the workbook)."""
    return sum(max(0, len(p.land_uses) - 3) for p in d.parcels)
