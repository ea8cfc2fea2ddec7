"""Export → import keeps every field each Form 01 layout has, for random dossiers (hypothesis).

PL3-01 has one ID column (the CCCD, else the CMND), no verification status, no coordinates and no
Guid; VBDLIS has them all (its identity-document columns carry both numbers, its coordinate column
any CRS). Whatever a layout has comes back exactly; re-importing the same workbook changes nothing.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landdesk.domain import reference
from landdesk.domain.codes import (
    ChangeReason,
    Gender,
    HolderKind,
    LegalForm,
    Role,
    UseForm,
    VerificationStatus,
)
from landdesk.domain.model import CurrentUser, Dossier, Holder, Housing, LandUse, Parcel
from landdesk.domain.normalise import normalise_dossier
from landdesk.domain.serialize import comparable
from landdesk.domain.values import PartialDate
from landdesk.services import dossiers
from landdesk.services.exporting import export_form01
from landdesk.services.importing import import_form01
from landdesk.storage.commune import imports
from tests.fixtures.form01.make_corpus import strip

SYLLABLES = ["NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "VĂN", "THỊ", "HOÀ", "THUỶ", "ĐỨC", "MINH", "ANH", "QUỲNH"]
PLACES = ["Thôn Đông", "Thôn Tây", "Tổ dân phố Hoà Bình", "Số 5 đường Lê Lợi", "Xóm Mới"]
CODES = ["ONT", "ODT", "CLN", "LUC", "BHK"]


def _text(words, n=(1, 3)):
    return st.lists(st.sampled_from(words), min_size=n[0], max_size=n[1]).map(" ".join)


@st.composite
def holders(draw, n: int) -> list[Holder]:
    out = []
    for i in range(n):
        if draw(st.integers(0, 5)) == 0:
            out.append(Holder(kind=HolderKind.ORGANISATION, name=f"Công ty TNHH {draw(_text(PLACES, (1, 1)))} {i}",
                              org_id=draw(st.from_regex(r"0[1-9]\d{8}", fullmatch=True)),
                              representative=f"{draw(_text(SYLLABLES, (2, 3)))} {i}".title(),
                              cccd=draw(st.from_regex(r"0\d{11}", fullmatch=True)),
                              address=draw(st.sampled_from(PLACES)), legal_form=LegalForm.ORGANISATION,
                              role=Role.REPRESENTATIVE))
            continue
        year = draw(st.integers(1930, 2005))
        full = draw(st.booleans())
        out.append(Holder(
            name=f"{draw(_text(SYLLABLES, (2, 4)))} {'ABCDEGH'[i]}",
            cccd=draw(st.from_regex(r"0\d{11}", fullmatch=True)),
            cmnd=draw(st.one_of(st.just(""), st.from_regex(r"1\d{8}", fullmatch=True))),
            birth=PartialDate(year, draw(st.integers(1, 12)), draw(st.integers(1, 28))) if full else PartialDate(year),
            gender=draw(st.sampled_from(Gender)), address=draw(st.sampled_from(PLACES)),
            legal_form=draw(st.sampled_from(LegalForm)), role=draw(st.sampled_from(Role)),
            verification=draw(st.sampled_from(VerificationStatus))))
    return out


@st.composite
def parcels(draw, n: int, coordinates: bool) -> list[Parcel]:
    out = []
    for i in range(n):
        uses = [LandUse(code=c, raw_text=reference.land_use(c).name_vi, area=draw(st.integers(1, 99999)) / 10,
                        origin=draw(st.sampled_from(["", "Nhà nước giao đất có thu tiền", "Nhận chuyển nhượng"])),
                        use_form=draw(st.sampled_from(UseForm)), term=draw(st.sampled_from(["Lâu dài",
                                                                                          "đến ngày 15/10/2063"])))
                for c in draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))]
        housing = None
        if draw(st.booleans()):
            housing = Housing(asset_type="Nhà ở riêng lẻ", construction_area=draw(st.integers(10, 9999)) / 10,
                              floor_area=draw(st.integers(10, 9999)) / 10, ownership_form="Sở hữu riêng",
                              ownership_term="Lâu dài", grade=draw(st.sampled_from(["", "Cấp 4"])))
        crs, xy = "", ""
        if coordinates and draw(st.booleans()):
            crs, xy = draw(st.sampled_from([("EPSG:4326", "21.2731, 106.1946"), ("EPSG:9209", "567890.1 2345678.2")]))
        out.append(Parcel(sheet_cert=str(draw(st.integers(1, 60))), parcel_cert=str(100 + i),
                          sheet_map=draw(st.sampled_from(["", "7"])), parcel_map=draw(st.sampled_from(["", "201"])),
                          national_id=draw(st.sampled_from(["", "w7gx2k9c4m1p"])), address=draw(st.sampled_from(PLACES)),
                          area=draw(st.integers(1, 99999)) / 10, classification=draw(st.sampled_from(["", "Nhóm 2"])),
                          land_uses=uses, housing=housing, coordinates=xy, crs=crs))
    return out


@st.composite
def dossier_lists(draw, coordinates: bool) -> list[Dossier]:
    out = []
    for k in range(draw(st.integers(1, 3))):
        letters = draw(st.sampled_from(["CS", "ĐC", "AB", "B", "CT"]))
        serial = f"{letters} {draw(st.from_regex(r'[0-9]{6}' if len(letters) < 3 else r'[0-9]{8}', fullmatch=True))}"
        cu = None
        if draw(st.booleans()):
            cu = CurrentUser(name=draw(_text(SYLLABLES, (2, 3))), cccd=draw(st.from_regex(r"0\d{11}", fullmatch=True)),
                             address=draw(st.sampled_from(PLACES)), reason=draw(st.sampled_from(ChangeReason)))
        d = Dossier(commune_code="07210", serial=f"{serial[:-1]}{k}", issue_date=draw(
            st.dates(date(1990, 1, 1), date(2024, 12, 31))), registry_no=draw(st.sampled_from(
                ["CH 00149", "00504", "H00460/NQSDĐ", "CS02952"])),
            scan_names=draw(st.sampled_from(["", f"{serial.replace(' ', '')}-GCN.pdf"])),
            holders=draw(holders(draw(st.integers(1, 3)))), parcels=draw(parcels(draw(st.integers(1, 2)), coordinates)),
            current_user=cu, id=str(uuid.UUID(int=draw(st.integers(1, 2**120)) * 8 + k)))
        out.append(normalise_dossier(d))
    return out


def _layout(c: dict, variant: str) -> dict:
    """What `variant` carries of a stripped comparable() dossier."""
    for h in c["holders"]:
        if variant == "pl3":
            h["cmnd"] = "" if h["cccd"] else h["cmnd"]
            h["verification"] = "pending"
    if variant == "pl3":
        for p in c["parcels"]:
            p["coordinates"], p["crs"] = "", ""
    return c


def _check(template, tmp_path_factory, ds: list[Dossier], variant: str) -> None:
    from landdesk.workspace import Workspace

    root = tmp_path_factory.mktemp("rt")
    src, dst = root / "src", root / "dst"
    shutil.copytree(template, src)
    shutil.copytree(template, dst)
    a, b = Workspace.open(src), Workspace.open(dst)
    try:
        for d in ds:
            a.transact(lambda ctx, d=d: dossiers.save_dossier(ctx, d, allow_errors=True))
        out = root / "mau01.xlsx"
        a.read(lambda ctx: export_form01(ctx, out, variant=variant))
        got = b.transact(lambda ctx: import_form01(ctx, out))
        assert got.committed and got.refused == 0, [p.vi for p in got.problems if p.error]

        def load(w):
            return w.read(lambda ctx: [dossiers.get_dossier(ctx, i) for i in imports.all_ids_in_order(ctx.session)])
        keep_id = variant == "vbdlis"
        before = sorted((_layout(strip(comparable(d), keep_id), variant) for d in load(a)), key=lambda c: c["serial"])
        after = sorted((strip(comparable(d), keep_id) for d in load(b)), key=lambda c: c["serial"])
        assert after == before and len(after) == len(ds)
        again = b.transact(lambda ctx: import_form01(ctx, out))
        assert (again.added, again.updated) == (0, 0)
    finally:
        a.close()
        b.close()
        shutil.rmtree(root, ignore_errors=True)


_SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_SETTINGS
@given(ds=dossier_lists(coordinates=True))
def test_vbdlis_round_trip_keeps_every_field(workspace_template, tmp_path_factory, ds):
    _check(workspace_template, tmp_path_factory, ds, "vbdlis")


@_SETTINGS
@given(ds=dossier_lists(coordinates=False))
def test_pl3_round_trip_keeps_every_field(workspace_template, tmp_path_factory, ds):
    _check(workspace_template, tmp_path_factory, ds, "pl3")
