import sys
from pathlib import Path

import pytest

from landdesk.domain import reference
from landdesk.domain.text import fold


@pytest.fixture
def fresh_cache():
    reference.clear_cache()
    yield
    reference.clear_cache()


def test_resources_dir_default_env_and_frozen(monkeypatch, tmp_path):
    monkeypatch.delenv("LANDDESK_RESOURCES", raising=False)
    repo = Path(reference.__file__).resolve().parents[2]
    assert reference.resources_dir() == repo / "resources"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert reference.resources_dir() == tmp_path / "resources"
    monkeypatch.setenv("LANDDESK_RESOURCES", str(tmp_path / "mine"))
    assert reference.resources_dir() == tmp_path / "mine"


def test_communes():
    units = reference.communes()
    assert len(units) == 99
    assert sum(u.kind == "xa" for u in units) == 66 and sum(u.kind == "phuong" for u in units) == 33
    assert all(len(u.code) == 5 and u.code.isdigit() for u in units)
    c = reference.commune("07210")
    assert c.name == "Phường Bắc Giang" and c.is_urban and c.province_code == "24"
    assert "Thọ Xương" in c.predecessors
    assert reference.commune(" 07210 ") == c
    assert reference.commune("99999") is None and reference.commune(None) is None


def test_provinces():
    assert [(p.code, p.name) for p in reference.provinces()] == [("24", "Tỉnh Bắc Ninh")]


def test_cccd_provinces():
    codes = reference.cccd_provinces()
    assert len(codes) == 63
    assert codes["001"] == "Hà Nội" and codes["027"] == "Bắc Ninh" and codes["024"] == "Bắc Giang"


def test_land_use_codes():
    codes = reference.land_use_codes()
    assert {u.status for u in codes} == {"current", "verify", "legacy"}
    ont = reference.land_use("ont")
    assert ont.name_vi == "Đất ở tại nông thôn" and ont.name("en") == "Rural residential land"
    assert reference.land_use("XYZ") is None and reference.land_use(None) is None


def test_every_legacy_code_has_a_current_replacement():
    for u in reference.land_use_codes():
        if u.status == "legacy":
            new = reference.land_use_replacement(u.code)
            assert new and reference.land_use(new).status != "legacy", u.code
    assert reference.land_use_replacement("ONT") is None


def test_aliases_point_at_known_current_codes():
    for urban in (False, True):
        for alias, code in reference.legacy_land_use_map(urban=urban).items():
            unit = reference.land_use(code)
            assert unit is not None and unit.status != "legacy", (alias, code)
            assert alias == fold(alias)
    table = reference.legacy_land_use_map()
    assert table["tho cu"] == "ONT" and table["t"] == "ONT" and table["lua"] == "LUC"
    assert reference.legacy_land_use_map(urban=True)["tho cu"] == "ODT"


@pytest.mark.parametrize("raw, codes", [
    ("ONT+CLN", ["ONT", "CLN"]), ("ont + cln", ["ONT", "CLN"]), ("ONT, CLN", ["ONT", "CLN"]),
    ("Đất ở tại nông thôn", ["ONT"]), ("thổ cư", ["ONT"]), ("Thổ cư", ["ONT"]), ("T", ["ONT"]),
    ("LUA", ["LUC"]), ("LNQ", ["CLN"]), ("Đất trồng cây ăn quả lâu năm", ["CLN"]),
    ("Đất ở + đất vườn", ["ONT", "CLN"]), ("đất ở và đất ao", ["ONT", "NTS"]),
    ("Đất thương mại, dịch vụ", ["TMD"]),  # a name with a comma stays whole
    ("Đất xây dựng cơ sở giáo dục và đào tạo", ["DGD"]),  # ... and one with "và"
    ("Đất trồng cây hàng năm khác", ["HNK"]), ("ONT/ONT", ["ONT"]),
    ("", []), (None, []), ("không rõ", []), ("ONT + không rõ", ["ONT"]),
])
def test_parse_land_use_text(raw, codes):
    assert reference.parse_land_use_text(raw) == codes


def test_parse_land_use_text_urban():
    assert reference.parse_land_use_text("thổ cư", urban=True) == ["ODT"]
    assert reference.parse_land_use_text("Đất ở tại nông thôn", urban=True) == ["ONT"]  # named: kept


def test_form01_columns():
    cols = reference.form01_columns()
    items = [c.item for c in cols if c.item is not None]
    assert items == list(range(1, 51))
    assert cols[0].column == "A" and cols[0].item is None
    by_item = {c.item: c for c in cols}
    assert by_item[2].header_vi == "Số phát hành GCN" and by_item[8].group == "holder"


def test_env_override_and_extra_province(monkeypatch, tmp_path, fresh_cache):
    ref = tmp_path / "reference"
    ref.mkdir()
    src = Path(reference.__file__).resolve().parents[2] / "resources" / "reference"
    for name in ("cccd_province_codes.csv", "land_use_codes.csv", "form01_columns.csv", "admin_units_bac_ninh.csv"):
        (ref / name).write_bytes((src / name).read_bytes())
    (ref / "admin_units_other.csv").write_text(
        "\ufeffcode,name,kind,province_code,province_name,predecessors\n"
        "00001,Phường Thử Nghiệm,phuong,01,Thành phố Hà Nội,\n", encoding="utf-8")
    monkeypatch.setenv("LANDDESK_RESOURCES", str(tmp_path))
    assert len(reference.communes()) == 100
    assert reference.commune("00001").province_name == "Thành phố Hà Nội"
    assert {p.code for p in reference.provinces()} == {"24", "01"}
    # no aliases file: codes and official names still resolve
    assert reference.parse_land_use_text("ONT+CLN") == ["ONT", "CLN"]
    assert reference.parse_land_use_text("thổ cư") == []
