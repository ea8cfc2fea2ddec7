"""One path type for rules, audit diffs, the editor's cards and the review queue's fixes."""

from __future__ import annotations

import pytest

from landdesk.domain.fieldpath import FieldPath
from landdesk.domain.model import Holder, Housing, LandUse, Parcel
from tests.factories import couple_dossier


@pytest.mark.parametrize("text", ["serial", "holders[0].cccd", "parcels[1].land_uses[0].area",
                                  "parcels[0].housing.grade", "current_user.name", "holders[12]"])
def test_parse_and_print_round_trip(text):
    assert str(FieldPath.parse(text)) == text


@pytest.mark.parametrize("text", ["", "a..b", "holders[0", "holders[x].name", ".name", "holders[0]."])
def test_not_a_path(text):
    assert FieldPath.parse(text) is None


def test_parts():
    fp = FieldPath.parse("parcels[1].land_uses[0].area")
    assert fp.name == "area" and fp.head == ("parcels", 1)
    assert str(fp.tail()) == "land_uses[0].area" and fp.tail(3) is None
    assert FieldPath.of(("holders", 0), "cccd") == FieldPath.parse("holders[0].cccd")
    assert str(FieldPath.parse("holders[0]").child("name")) == "holders[0].name"


def test_locate_in_a_dossier():
    d = couple_dossier()
    obj, attr = FieldPath.parse("holders[1].cccd").locate(d)
    assert obj is d.holders[1] and attr == "cccd"
    obj, attr = FieldPath.parse("parcels[0].land_uses[1].area").locate(d)
    assert getattr(obj, attr) == 150.0
    assert FieldPath.parse("holders[2].cccd").locate(d) is None  # no third holder
    assert FieldPath.parse("parcels[0].housing.grade").locate(d) is None  # no housing
    assert FieldPath.parse("holders").locate(d) == (d, "holders")
    assert FieldPath.parse("holders[0].nothing").locate(d) is None


def test_labels_in_both_languages():
    assert FieldPath.parse("holders[1].cccd").label("vi") == "Chủ sử dụng 2 · Số CCCD"
    assert FieldPath.parse("holders[1].cccd").label("en") == "Holder 2 · Citizen ID"
    assert FieldPath.parse("parcels[0].land_uses[1].code").label("vi") == "Thửa 1, loại đất 2 · Mã loại đất"
    assert FieldPath.parse("registry_no").label("vi") == "Số vào sổ cấp GCN"
    assert FieldPath.parse("custody").label("en") == "Certificate custody"
    assert FieldPath.parse("holders[2]").label("en") == "Holder 3"


def test_blank_parts_of_a_dossier_are_empty():
    assert Holder().is_empty() and not Holder(name="A").is_empty()
    assert LandUse().is_empty() and not LandUse(raw_text="thổ cư").is_empty()
    assert Parcel(land_uses=[LandUse()]).is_empty()
    assert not Parcel(land_uses=[LandUse(code="ONT")]).is_empty()
    assert Parcel(housing=Housing()).is_empty() and not Parcel(housing=Housing(grade="III")).is_empty()
    assert not Parcel(area=0.0).is_empty()
