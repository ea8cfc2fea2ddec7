"""Vietnamese collation with natural numbers (landdesk/domain/collation.py), in Python and in SQLite."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from landdesk.domain.collation import sort_key


def ordered(items: list[str]) -> list[str]:
    return sorted(items, key=sort_key)


def test_the_vietnamese_alphabet():
    assert ordered(["Em", "Đào", "Dung", "Bình", "Âu", "Ăn", "Anh"]) == ["Anh", "Ăn", "Âu", "Bình", "Dung", "Đào", "Em"]
    assert ordered(["Ư", "U", "Ơ", "Ô", "O", "Ê", "E"]) == ["E", "Ê", "O", "Ô", "Ơ", "U", "Ư"]


def test_tones_in_dictionary_order_after_the_letters():
    assert ordered(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert ordered(["Mạnh", "Mai"]) == ["Mai", "Mạnh"]  # letters first, tones only between equal letters


def test_numbers_in_natural_order():
    villages = ["Tổ dân phố số 10", "Tổ dân phố số 2", "Tổ dân phố Đông", "Tổ dân phố số 1", "Tổ dân phố Dương",
                "Tổ dân phố số 02b"]
    assert ordered(villages) == ["Tổ dân phố Dương", "Tổ dân phố Đông", "Tổ dân phố số 1", "Tổ dân phố số 2",
                                 "Tổ dân phố số 02b", "Tổ dân phố số 10"]
    assert ordered(["Thửa 100", "Thửa 9", "Thửa 0010"]) == ["Thửa 9", "Thửa 0010", "Thửa 100"]


def test_case_and_tone_placement_and_spacing():
    assert sort_key("Hoà") == sort_key("Hòa")  # tone placement unified
    assert sort_key("nguyễn  văn a") == sort_key("nguyễn văn a")
    assert ordered(["NGUYỄN VĂN A", "nguyễn văn a"]) == ["nguyễn văn a", "NGUYỄN VĂN A"]
    assert ordered(["Nguyễn Văn Ân", "Nguyễn Văn An", "Nguyễn Văn A"]) == ["Nguyễn Văn A", "Nguyễn Văn An", "Nguyễn Văn Ân"]


WORDS = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịĐĂñßΩ -/0123456789", max_size=12)


@given(st.lists(WORDS, max_size=20))
def test_sqlite_orders_the_stored_key_as_python_does(texts):
    keys = [sort_key(t) for t in texts]
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (i INTEGER, k TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(keys)))
    in_sql = [keys[i] for (i,) in con.execute("SELECT i FROM t ORDER BY k, i")]
    assert in_sql == sorted(keys)
