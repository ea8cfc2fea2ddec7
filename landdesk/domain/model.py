"""The dossier aggregate: one certificate with its parcels, land uses, housing and holders.

Plain dataclasses: they cross threads and process boundaries (GUI worker, sync packages), so they
carry ids and values, never database handles. Form 01 rows are an export view of this.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime

from landdesk.domain.codes import (
    ChangeReason,
    CustodyStatus,
    Gender,
    HolderKind,
    LegalForm,
    Role,
    UseForm,
    VerificationStatus,
    WorkflowStatus,
)
from landdesk.domain.ids import new_id
from landdesk.domain.values import PartialDate


@dataclass
class LandUse:
    code: str | None = None  # normalised land-use code (ONT, CLN, ...); None when not recognised
    raw_text: str = ""  # as written on the certificate ("thổ cư", "ONT+CLN", "Đất ở tại nông thôn")
    area: float | None = None  # m², one decimal
    origin: str = ""  # nguồn gốc sử dụng
    use_form: UseForm | None = None
    term: str = ""  # "Lâu dài" or "đến ngày dd/mm/yyyy", as written
    id: str = field(default_factory=new_id)

    def is_empty(self) -> bool:
        """Nothing typed: the blank row a new parcel starts with."""
        return not any([self.code, self.area is not None, self.origin, self.use_form, self.term, self.raw_text])


@dataclass
class Housing:
    """Items 40–48 of Form 01 (attached assets)."""

    asset_type: str = ""
    complex_name: str = ""
    building: str = ""
    apartment_no: str = ""
    construction_area: float | None = None
    floor_area: float | None = None
    ownership_form: str = ""
    ownership_term: str = ""
    grade: str = ""
    id: str = field(default_factory=new_id)

    def is_empty(self) -> bool:
        return not any(
            getattr(self, f.name) not in (None, "") for f in dataclasses.fields(self) if f.name != "id"
        )


@dataclass
class Parcel:
    sheet_cert: str = ""  # map sheet number printed on the certificate
    parcel_cert: str = ""  # parcel number printed on the certificate
    sheet_map: str = ""  # on the current cadastral map (may differ after series merged)
    parcel_map: str = ""
    map_series: str = ""  # which cadastral map series / old commune the numbers belong to
    old_commune: str = ""
    national_id: str = ""  # 12-char GeoHash, if available
    address: str = ""  # verbatim
    area: float | None = None  # m², one decimal
    classification: str = ""  # item 50 (provincial value set)
    coordinates: str = ""  # as in the workbook's coordinate column (VBDLIS), in `crs`
    crs: str = ""  # "EPSG:4326", "EPSG:9209" ...: always stored with a coordinate (DOMAIN.md §3)
    group: int | None = None  # campaign parcel group: Nhóm 1/2/3, computed by cleaning
    land_uses: list[LandUse] = field(default_factory=list)
    housing: Housing | None = None
    id: str = field(default_factory=new_id)

    def is_empty(self) -> bool:
        """Nothing typed (its land uses and housing blank too): the blank card a new dossier starts with."""
        return not any([self.sheet_cert, self.parcel_cert, self.sheet_map, self.parcel_map, self.map_series,
                        self.old_commune, self.national_id, self.address, self.area is not None,
                        self.classification]) \
            and all(lu.is_empty() for lu in self.land_uses) and (self.housing is None or self.housing.is_empty())


@dataclass
class Holder:
    kind: HolderKind = HolderKind.PERSON
    name: str = ""  # person full name (upper case on forms) or organisation name
    cccd: str = ""  # 12-digit citizen ID
    cmnd: str = ""  # old 9-digit ID card
    org_id: str = ""  # organisation identifier / tax code
    birth: PartialDate | None = None
    gender: Gender | None = None
    address: str = ""  # permanent address
    legal_form: LegalForm | None = None
    role: Role | None = None
    representative: str = ""  # organisation holder: the person representing it
    verification: VerificationStatus = VerificationStatus.PENDING
    verification_reason: str = ""  # code of the likely reason (see services.verification)
    verification_fields: str = ""  # comma-separated fields that differ
    id: str = field(default_factory=new_id)

    def is_empty(self) -> bool:
        """Nothing typed (the kind alone is a default, not data)."""
        return not any([self.name, self.cccd, self.cmnd, self.org_id, self.birth, self.gender, self.address,
                        self.legal_form, self.role, self.representative])


@dataclass
class CurrentUser:
    """The person actually using the land when that is not the certificate holder (items 14–17)."""

    name: str = ""
    cccd: str = ""
    address: str = ""  # new 2-level address
    reason: ChangeReason | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.cccd or self.address or self.reason)


@dataclass
class Dossier:
    commune_code: str = ""
    village: str = ""  # thôn / tổ dân phố
    serial: str = ""  # certificate serial, normalised ("CS 045821"): shown, searched, exported
    serial_typed: str = ""  # the serial as typed when that differs ("cs045821"), kept for the record
    issue_date: date | None = None
    registry_no: str = ""  # số vào sổ cấp GCN, as typed
    issuer: str = ""
    custody: CustodyStatus = CustodyStatus.COLLECTED
    custody_note: str = ""
    status: WorkflowStatus = WorkflowStatus.COLLECTED
    received_on: date | None = None  # when the file was handed in
    notes: str = ""
    scan_names: str = ""  # Form 01 item 49 as received ("AB123456-GCN.pdf; AB123456-GT.pdf")
    parcels: list[Parcel] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)
    current_user: CurrentUser | None = None
    id: str = field(default_factory=new_id)
    # Bookkeeping maintained by storage; ignored on save.
    num: int = 0  # local dossier number shown to officers ("Hồ sơ số 123"); never travels
    revision: int = 0
    created_at: datetime | None = None
    created_by: str = ""
    updated_at: datetime | None = None
    updated_by: str = ""
    province_status: str = ""  # "", "accepted", "returned"
    province_note: str = ""

    def holder_names(self) -> list[str]:
        return [h.name for h in self.holders if h.name]

    def land_uses(self) -> list[LandUse]:
        return [lu for p in self.parcels for lu in p.land_uses]


BOOKKEEPING_FIELDS = frozenset(
    {"num", "revision", "created_at", "created_by", "updated_at", "updated_by", "province_status", "province_note"}
)
