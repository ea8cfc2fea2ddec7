"""The verification test set (synthetic people only): Form 01 holders, the population register's
records for them, and the outcome the campaign's rules (DOMAIN.md §5) give each.

Cases: tone-placement pairs, year-only (and month-only) births, swapped day/month, representatives of
an organisation and of a community, an absent person, an ID typo, another ID, an old-ID-only record,
a name without accents, a real name difference, another gender, and one citizen on two certificates.
The register fixture files (tests/verification/fixtures/) are written from REGISTER by
make_extract_fixtures.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from landdesk.domain.codes import CustodyStatus, Gender, HolderKind, LegalForm, Role, UseForm
from landdesk.domain.model import Dossier, Holder, LandUse, Parcel
from landdesk.domain.values import PartialDate

M, F = Gender.MALE, Gender.FEMALE
ADDRESS = "Thôn Đông, Phường Bắc Giang"


@dataclass(frozen=True)
class Case:
    key: str
    holder: Holder  # as Form 01 has it
    record: dict | None  # the register's row: name, cccd, cmnd, birth (date), gender, address; None = absent
    expected: tuple[str, str, str]  # status, reason, fields
    proposals: tuple[tuple[str, str, str], ...] = ()  # (field, old, new) in stored form
    serial: str = ""  # certificate; cases sharing one are on the same dossier
    legal_form: LegalForm = LegalForm.INDIVIDUAL
    extra: dict = field(default_factory=dict)


def _h(name, cccd, birth, gender, address=ADDRESS, **kw) -> Holder:
    return Holder(name=name, cccd=cccd, birth=birth, gender=gender, address=address, **kw)


def _rec(name, cccd, birth: date, gender, address=ADDRESS, cmnd="") -> dict:
    return {"name": name, "cccd": cccd, "cmnd": cmnd, "birth": birth, "gender": gender, "address": address}


V, INC, P = "verified", "incorrect", "needs_police"
CASES = [
    # Tone placement folded: the same name (item 9)
    Case("tone_hoa", _h("TRẦN VĂN HÒA", "024075100001", PartialDate(1975, 3, 12), M, role=Role.HUSBAND),
         _rec("Trần Văn Hoà", "024075100001", date(1975, 3, 12), M), (V, "", ""), serial="CS 100001",
         legal_form=LegalForm.COUPLE),
    Case("tone_thuy", _h("LÊ THỊ THỦY", "024178100002", PartialDate(1978, 6, 5), F, role=Role.WIFE),
         _rec("Lê Thị Thuỷ", "024178100002", date(1978, 6, 5), F), (V, "", ""), serial="CS 100001",
         legal_form=LegalForm.COUPLE),
    Case("tone_thuy_sac", _h("NGÔ THỊ THUÝ", "024180100003", PartialDate(1980, 1, 20), F),
         _rec("Ngô Thị Thúy", "024180100003", date(1980, 1, 20), F), (V, "", ""), serial="CS 100002"),
    Case("tone_thuy_nang", _h("ĐẶNG VĂN THỤY", "024065100004", PartialDate(1965, 2, 2), M),
         _rec("Đặng Văn Thuỵ", "024065100004", date(1965, 2, 2), M), (V, "", ""), serial="CS 100003"),
    # Year-only birth, no gender, no address: verified, and the register's values proposed (item 10)
    Case("year_only", _h("PHẠM VĂN KHẢI", "024058100005", PartialDate(1958), None, address=""),
         _rec("Phạm Văn Khải", "024058100005", date(1958, 7, 14), M), (V, "", ""),
         (("birth", "1958", "1958-07-14"), ("gender", "", "male"), ("address", "", ADDRESS)), serial="CS 100004"),
    Case("month_only", _h("VŨ THỊ NGA", "024170100006", PartialDate(1970, 3), F),
         _rec("Vũ Thị Nga", "024170100006", date(1970, 3, 21), F), (V, "", ""),
         (("birth", "1970-03", "1970-03-21"),), serial="CS 100005"),
    # Day and month swapped: incorrect information, birth
    Case("swapped", _h("HOÀNG VĂN MINH", "024082100007", PartialDate(1982, 9, 4), M),
         _rec("Hoàng Văn Minh", "024082100007", date(1982, 4, 9), M), (INC, "day_month_swapped", "birth"),
         serial="CS 100006"),
    # ID typo (one digit): found by name + birth date, incorrect information, ID
    Case("id_typo", _h("BÙI THỊ HẠNH", "024185100008", PartialDate(1985, 11, 11), F),
         _rec("Bùi Thị Hạnh", "024185100009", date(1985, 11, 11), F), (INC, "id_one_digit", "cccd"),
         serial="CS 100007"),
    # Absent from the register: needs police coordination
    Case("absent", _h("ĐỖ VĂN VẮNG", "024060100010", PartialDate(1960, 10, 10), M), None,
         (P, "not_found", ""), serial="CS 100008"),
    # Found only under another ID number: needs police coordination
    Case("other_id", _h("TRỊNH VĂN KHÁC", "024077100011", PartialDate(1977, 7, 7), M),
         _rec("Trịnh Văn Khác", "024077555555", date(1977, 7, 7), M), (P, "other_id", "cccd"), serial="CS 100009"),
    # Representatives: a person, checked like one (item 11)
    Case("rep_org", Holder(kind=HolderKind.ORGANISATION, name="CÔNG TY TNHH AN PHÚ (DỮ LIỆU THỬ)",
                           org_id="2400123456", representative="NGUYỄN VĂN ĐẠI", cccd="024070100012",
                           birth=PartialDate(1970, 8, 8), gender=M, address=ADDRESS, role=Role.REPRESENTATIVE),
         _rec("Nguyễn Văn Đại", "024070100012", date(1970, 8, 8), M), (V, "", ""), serial="CS 100010",
         legal_form=LegalForm.ORGANISATION),
    Case("rep_community", Holder(kind=HolderKind.ORGANISATION, name="CỘNG ĐỒNG DÂN CƯ THÔN ĐÔNG (DỮ LIỆU THỬ)",
                                 representative="LƯU THỊ HƯƠNG", cccd="024168100013", birth=PartialDate(1968),
                                 gender=F, address=ADDRESS, role=Role.REPRESENTATIVE),
         _rec("Lưu Thị Hương", "024168100013", date(1968, 12, 1), F), (V, "", ""),
         (("birth", "1968", "1968-12-01"),), serial="CS 100011", legal_form=LegalForm.COMMUNITY),
    # The citizen of tone_thuy_sac on a second certificate: two links, one person (item 12)
    Case("second_certificate", _h("NGÔ THỊ THUÝ", "024180100003", PartialDate(1980, 1, 20), F), None,
         (V, "", ""), serial="CS 100012"),
    # Only the old 9-digit ID on the land record: verified, the 12-digit one proposed
    Case("old_id_only", Holder(name="TẠ VĂN CŨ", cmnd="121000014", birth=PartialDate(1950, 1, 1), gender=M,
                               address=ADDRESS),
         _rec("Tạ Văn Cũ", "024050100014", date(1950, 1, 1), M, cmnd="121000014"), (V, "", ""),
         (("cccd", "", "024050100014"),), serial="CS 100013"),
    # A name typed without accents: the same person; the register's spelling proposed
    Case("no_accents", _h("DUONG VAN AN", "024090100015", PartialDate(1990, 5, 5), M),
         _rec("Dương Văn An", "024090100015", date(1990, 5, 5), M), (V, "", ""),
         (("name", "DUONG VAN AN", "DƯƠNG VĂN AN"),), serial="CS 100014"),
    # Real differences: another middle name, another gender
    Case("real_name", _h("CAO VĂN SƠN", "024088100016", PartialDate(1988, 8, 16), M),
         _rec("Cao Hữu Sơn", "024088100016", date(1988, 8, 16), M), (INC, "real_difference", "name"),
         serial="CS 100015"),
    Case("real_gender", _h("MAI THỊ LỆ", "024192100017", PartialDate(1992, 2, 17), F),
         _rec("Mai Thị Lệ", "024192100017", date(1992, 2, 17), M), (INC, "real_difference", "gender"),
         serial="CS 100016"),
]

# People in the register who hold no land here (a real extract lists the whole commune).
FILLERS = [_rec("Nguyễn Thị Lành", "024195200001", date(1995, 1, 2), F),
           _rec("Lý Văn Tư", "024047200002", date(1947, 4, 4), M),
           _rec("Hà Thị Mơ", "024301200003", date(2001, 6, 30), F)]

REGISTER = [c.record for c in CASES if c.record is not None] + FILLERS

# Figures after the register is matched and stored (item 12): per holder link and per person.
LINKS = {"holders": {"verified": 9, "incorrect": 4, "needs_police": 2, "pending": 0, "total": 15},
         "representatives": {"verified": 2, "incorrect": 0, "needs_police": 0, "pending": 0, "total": 2}}
PERSONS = {"holders": {"verified": 8, "incorrect": 4, "needs_police": 2, "pending": 0, "total": 14},
           "representatives": {"verified": 2, "incorrect": 0, "needs_police": 0, "pending": 0, "total": 2}}


def _id(text: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "landdesk-test:" + text))


def holder_id(key: str) -> str:
    return _id("holder:" + key)


def dossier_id(serial: str) -> str:
    return _id("dossier:" + serial)


def dossiers() -> list[Dossier]:
    """One dossier per certificate serial, holders in case order; ids fixed by serial and case key."""
    by_serial: dict[str, Dossier] = {}
    for i, c in enumerate(CASES):
        d = by_serial.get(c.serial)
        if d is None:
            d = by_serial[c.serial] = Dossier(
                id=dossier_id(c.serial), commune_code="07210", village="Thôn Đông", serial=c.serial, issue_date=date(2012, 5, 17),
                registry_no=f"CH {i + 1:05d}", custody=CustodyStatus.COLLECTED,
                parcels=[Parcel(sheet_cert="12", parcel_cert=str(100 + i), address="Thôn Đông", area=200.0,
                                land_uses=[LandUse(code="ONT", raw_text="Đất ở tại nông thôn", area=200.0,
                                                   origin="Nhà nước giao đất có thu tiền",
                                                   use_form=UseForm.PRIVATE, term="Lâu dài")])])
        h = Holder(**{k: getattr(c.holder, k) for k in ("kind", "name", "cccd", "cmnd", "org_id", "birth", "gender",
                                                         "address", "role", "representative")})
        h.id = holder_id(c.key)
        h.legal_form = c.legal_form
        if h.role is None:
            h.role = Role.INDIVIDUAL
        d.holders.append(h)
    return list(by_serial.values())
