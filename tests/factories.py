"""Synthetic dossiers for tests (invented people; ID numbers built from the public rules)."""

from __future__ import annotations

from datetime import date

from landdesk.domain.codes import CustodyStatus, Gender, LegalForm, Role, UseForm
from landdesk.domain.model import Dossier, Holder, LandUse, Parcel
from landdesk.domain.values import PartialDate


def couple_dossier(serial: str = "CS 123456", sheet: str = "12", parcel: str = "345") -> Dossier:
    return Dossier(
        commune_code="07210",
        village="Thôn Đông",
        serial=serial,
        issue_date=date(2012, 5, 17),
        registry_no="CH 00149",
        custody=CustodyStatus.COLLECTED,
        holders=[
            Holder(name="Nguyễn Văn Thành", cccd="024080001234", birth=PartialDate(1980, 3, 2),
                   gender=Gender.MALE, address="Thôn Đông, Phường Bắc Giang",
                   legal_form=LegalForm.COUPLE, role=Role.HUSBAND),
            Holder(name="Trần Thị Hoà", cccd="024185005678", birth=PartialDate(1985, 11, 20),
                   gender=Gender.FEMALE, address="Thôn Đông, Phường Bắc Giang",
                   legal_form=LegalForm.COUPLE, role=Role.WIFE),
        ],
        parcels=[
            Parcel(sheet_cert=sheet, parcel_cert=parcel, address="Thôn Đông", area=250.0,
                   land_uses=[
                       LandUse(code="ONT", raw_text="Đất ở tại nông thôn", area=100.0, origin="Nhà nước giao đất có thu tiền",
                               use_form=UseForm.PRIVATE, term="Lâu dài"),
                       LandUse(code="CLN", raw_text="Đất trồng cây lâu năm", area=150.0, origin="Nhà nước giao đất có thu tiền",
                               use_form=UseForm.PRIVATE, term="đến ngày 15/10/2063"),
                   ]),
        ],
    )
