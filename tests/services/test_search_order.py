"""Issue 13 §15: search ranked by relevance, "3/461" finds sheet 3 parcel 461 only, lists in Vietnamese order
with natural numbers — in the SQL-backed lists (stored sort keys), on a real workspace."""

from __future__ import annotations

import uuid
from dataclasses import replace

from landdesk.domain.model import Holder
from landdesk.services import dossiers, records, search
from tests.factories import couple_dossier


def _add(ws, name: str, village: str = "Thôn Đông", sheet: str = "12", parcel: str = "345", map_=("", "")):
    base = couple_dossier(serial=f"CS {uuid.uuid4().int % 900000 + 100000}", sheet=sheet, parcel=parcel)
    p = replace(base.parcels[0], sheet_map=map_[0], parcel_map=map_[1])
    d = replace(base, id=str(uuid.uuid4()), village=village, holders=[Holder(name=name)], parcels=[p])
    return ws.transact(lambda ctx: dossiers.save_dossier(ctx, d)).dossier


def _names(ws, text: str) -> list[str]:
    return [s.holders[0] for s in ws.read(lambda ctx: search.search(ctx, text, limit=50))]


def test_an_exact_name_comes_first(ws):
    for name in ["Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Ấn", "Nguyễn Văn A", "Nguyễn Văn Ánh"]:
        _add(ws, name)
    assert _names(ws, "nguyen van a")[0] == "NGUYỄN VĂN A"  # the fourth dossier, first in the results
    assert set(_names(ws, "nguyen van a")) == {"NGUYỄN VĂN AN", "NGUYỄN VĂN ANH", "NGUYỄN VĂN ẤN", "NGUYỄN VĂN A",
                                               "NGUYỄN VĂN ÁNH"}
    ranked = ws.read(lambda ctx: records.first_ids(ctx, search.make_filters("NGUYỄN VĂN A"), 2))
    full = ws.read(lambda ctx: records.all_ids(ctx, search.make_filters("NGUYỄN VĂN A")))
    assert full[:2] == ranked and len(full) == 5  # the first page and the whole list agree
    by_number = ws.read(lambda ctx: records.all_ids(ctx, search.make_filters("nguyen van a", sort="num",
                                                                              descending=True)))
    assert len(by_number) == 5 and by_number[-1] != full[0]  # a chosen order is kept as chosen


def test_sheet_slash_parcel_finds_that_parcel_only(ws):
    _add(ws, "Lê Văn Ba", sheet="3", parcel="461")
    _add(ws, "Lê Văn Bốn", sheet="3", parcel="4610")
    _add(ws, "Lê Văn Năm", sheet="13", parcel="461")
    _add(ws, "Lê Văn Sáu", sheet="30", parcel="46")
    _add(ws, "Lê Văn Bảy", sheet="9", parcel="9", map_=("03", "461"))  # the map's numbers, a leading zero
    assert sorted(_names(ws, "3/461")) == ["LÊ VĂN BA", "LÊ VĂN BẢY"]
    assert sorted(_names(ws, " 3 / 461 ")) == ["LÊ VĂN BA", "LÊ VĂN BẢY"]
    assert _names(ws, "3/462") == []


def test_villages_and_names_in_vietnamese_order(ws):
    for village, name in [("Tổ dân phố số 10", "Đặng Văn Em"), ("Tổ dân phố số 2", "Dương Thị Gấm"),
                          ("Tổ dân phố Đông", "Ân Văn Hải"), ("Tổ dân phố Dương", "An Thị Lan"),
                          ("Tổ dân phố số 1", "Bùi Văn Tư")]:
        _add(ws, name, village=village)
    assert ws.read(search.villages) == ["Tổ dân phố Dương", "Tổ dân phố Đông", "Tổ dân phố số 1", "Tổ dân phố số 2",
                                        "Tổ dân phố số 10"]

    def listed(sort: str) -> list:
        ids = ws.read(lambda ctx: records.all_ids(ctx, search.make_filters(sort=sort)))
        return ws.read(lambda ctx: search.fetch_summaries(ctx, ids))

    assert [s.village for s in listed("village")] == ["Tổ dân phố Dương", "Tổ dân phố Đông", "Tổ dân phố số 1",
                                                      "Tổ dân phố số 2", "Tổ dân phố số 10"]
    assert [s.holders[0] for s in listed("holder")] == ["AN THỊ LAN", "ÂN VĂN HẢI", "BÙI VĂN TƯ", "DƯƠNG THỊ GẤM",
                                                       "ĐẶNG VĂN EM"]


def test_a_parcel_typed_with_spaces_is_not_a_sheet_search(ws):
    _add(ws, "Trịnh Văn Sơn", parcel="461", sheet="3")
    f = search.make_filters("3 461")
    assert f.sheet_parcel is None and f.fts  # words, as before
    assert search.make_filters("3/461").sheet_parcel == ("3", "461")
