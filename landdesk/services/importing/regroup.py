"""Form 01 rows (one per certificate × parcel × person) back into dossiers.

Rows of one certificate share its VBDLIS Guid when the workbook has one, else its serial. Within a certificate,
distinct parcel cells give the parcels and distinct person cells the holders, in order of first
appearance: 2 parcels × 2 holders = 4 rows = 1 dossier with 2 parcels and 2 holders.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from landdesk.domain.codes import HolderKind
from landdesk.domain.model import CurrentUser, Dossier, Holder, Housing, LandUse, Parcel
from landdesk.domain.serial import normalise_serial, normalise_serial_typed
from landdesk.domain.text import fold
from landdesk.services.importing.rows import ParsedRow, land_use_code

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CERT_FIELDS = ("commune_code", "issue_date", "registry_no")
CU_FIELDS = ("cu_name", "cu_id", "cu_address", "cu_reason")
HOLDER_FIELDS = ("org_name", "org_id", "holder_name", "holder_id", "holder_birth", "holder_gender",
                 "holder_address", "legal_form", "role", "doc1_no", "doc1_type", "doc1_status",
                 "doc2_no", "doc2_type", "doc2_status")
LU_KEYS = ("type", "area", "origin", "form", "term")
HOUSING_FIELDS = {"h_asset_type": "asset_type", "h_complex": "complex_name", "h_building": "building",
                  "h_apartment": "apartment_no", "h_construction_area": "construction_area",
                  "h_floor_area": "floor_area", "h_ownership_form": "ownership_form",
                  "h_ownership_term": "ownership_term", "h_grade": "grade"}
_LU_FIELDS = tuple(tuple(f"lu{i}_{k}" for k in LU_KEYS) for i in (1, 2, 3))
_HOUSING_KEYS = frozenset(HOUSING_FIELDS)
_CU_KEYS = frozenset(CU_FIELDS)
PARCEL_FIELDS = ("parcel_national_id", "sheet_cert", "parcel_cert", "sheet_map", "parcel_map", "parcel_address",
                 "parcel_area", "classification", "coordinates", *(f"lu{i}_{k}" for i in (1, 2, 3) for k in LU_KEYS),
                 *HOUSING_FIELDS)


_DOC_FIELDS = (("doc1_no", "doc1_type"), ("doc2_no", "doc2_type"))
_fold_kind = functools.lru_cache(maxsize=256)(fold)  # "CCCD", "CMND", … on every holder row


@dataclass
class Group:
    """The rows of one certificate and the dossier built from them."""

    key: str
    rows: list[ParsedRow] = field(default_factory=list)
    dossier: Dossier | None = None
    guid: str = ""

    @property
    def refused(self) -> bool:
        return any(r.refused for r in self.rows)

    @property
    def row_numbers(self) -> list[int]:
        return [r.row for r in self.rows]


def group_key(values: dict, row_no: int) -> str:
    """The VBDLIS Guid when the row has one (two dossiers may share a mistyped serial), else the
    normalised serial; a row with neither stands alone (and is refused: no certificate)."""
    guid = str(values.get("guid", "")).strip().lower()
    if guid:
        return "g:" + guid
    serial = normalise_serial(values.get("serial", ""))
    return "s:" + serial if serial else f"r:{row_no}"


def group_rows(rows: list[ParsedRow]) -> list[Group]:
    groups: dict[str, Group] = {}
    keys: dict[tuple, str] = {}  # the rows of one certificate repeat the same serial and Guid
    for r in rows:
        raw = (r.values.get("guid"), r.values.get("serial"))
        k = keys.get(raw)
        if k is None:
            k = group_key(r.values, r.row)
            if not k.startswith("r:"):
                keys[raw] = k
        g = groups.get(k)
        if g is None:
            g = groups[k] = Group(k)
        g.rows.append(r)
    return list(groups.values())


def _holder(v: dict) -> Holder:
    if v.get("org_name"):
        h = Holder(kind=HolderKind.ORGANISATION, name=v["org_name"], org_id=v.get("org_id", ""),
                   representative=v.get("holder_name", ""))
    else:
        h = Holder(name=v.get("holder_name", ""), org_id=v.get("org_id", ""))
    number = v.get("holder_id", "")
    if len(number) == 9 and number.isdigit():
        h.cmnd = number
    else:
        h.cccd = number
    for no_field, type_field in _DOC_FIELDS:  # VBDLIS: typed identity documents
        no, kind = v.get(no_field, ""), _fold_kind(v.get(type_field, ""))
        if no and "cmnd" in kind:
            h.cmnd = no
        elif no and ("cccd" in kind or "dinh danh" in kind or "can cuoc" in kind):
            h.cccd = no
    status = v.get("doc1_status") or v.get("doc2_status")
    if status is not None:
        h.verification = status
    h.birth = v.get("holder_birth")
    h.gender = v.get("holder_gender")
    h.address = v.get("holder_address", "")
    h.legal_form = v.get("legal_form")
    h.role = v.get("role")
    return h


def _parcel(v: dict) -> Parcel:
    p = Parcel(national_id=v.get("parcel_national_id", ""), sheet_cert=v.get("sheet_cert", ""),
               parcel_cert=v.get("parcel_cert", ""), sheet_map=v.get("sheet_map", ""),
               parcel_map=v.get("parcel_map", ""), address=v.get("parcel_address", ""),
               area=v.get("parcel_area"), classification=v.get("classification", ""))
    if "coordinates" in v:
        p.crs, p.coordinates = v["coordinates"]
    for type_, area, origin, form, term in _LU_FIELDS:
        if type_ in v or area in v or origin in v or form in v or term in v:
            raw = v.get(type_, "")
            p.land_uses.append(LandUse(code=land_use_code(raw) if raw else None, raw_text=raw, area=v.get(area),
                                       origin=v.get(origin, ""), use_form=v.get(form), term=v.get(term, "")))
    if not _HOUSING_KEYS.isdisjoint(v):
        p.housing = Housing(**{attr: v.get(f, None if "area" in attr else "") for f, attr in HOUSING_FIELDS.items()})
    return p


def build_dossier(g: Group, commune_code: str) -> Dossier:
    first = g.rows[0].values
    guid = str(first.get("guid", "")).strip().lower()
    d = Dossier(commune_code=first.get("commune_code") or commune_code, serial=first.get("serial", ""),
                issue_date=first.get("issue_date"), registry_no=first.get("registry_no", ""))
    if guid and _UUID.match(guid):
        d.id = guid
        g.guid = guid
    d.scan_names = next((r.values["scan_files"] for r in g.rows if r.values.get("scan_files")), "")
    cu_row = next((r.values for r in g.rows if not _CU_KEYS.isdisjoint(r.values)), None)
    if cu_row:
        d.current_user = CurrentUser(cu_row.get("cu_name", ""), cu_row.get("cu_id", ""),
                                     cu_row.get("cu_address", ""), cu_row.get("cu_reason"))
    parcels: dict[tuple, Parcel] = {}
    holders: dict[tuple, Holder] = {}
    for r in g.rows:
        v = r.values
        pk = tuple(map(v.get, PARCEL_FIELDS))
        if pk.count(None) != len(pk) and pk not in parcels:
            parcels[pk] = _parcel(v)
        hk = tuple(map(v.get, HOLDER_FIELDS))
        if hk.count(None) != len(hk) and hk not in holders:
            holders[hk] = _holder(v)
    d.parcels = list(parcels.values())
    d.holders = list(holders.values())
    _normalise(d)
    g.dossier = d
    return d


def _normalise(d: Dossier) -> None:
    """What domain.normalise adds to cells that are already NFC and trimmed (rows._text): upper-case
    serial and person names, IDs without spaces. Much cheaper than normalise_dossier at 100k rows;
    tests check the result is a fixed point of normalise_dossier."""
    d.serial, d.serial_typed = normalise_serial_typed(d.serial)
    for h in d.holders:
        if h.kind == HolderKind.PERSON:
            h.name = h.name.upper()
        h.cccd = h.cccd.replace(" ", "")
        h.cmnd = h.cmnd.replace(" ", "")
    if d.current_user:
        d.current_user.name = d.current_user.name.upper()
        d.current_user.cccd = d.current_user.cccd.replace(" ", "")


def disagreements(g: Group) -> list[tuple[ParsedRow, str]]:
    """(row, field) where a later row of the same certificate says something else than the first."""
    first = g.rows[0].values
    out = []
    for r in g.rows[1:]:
        for f in CERT_FIELDS:
            if f in r.values and f in first and r.values[f] != first[f]:
                out.append((r, f))
    return out
