"""Hypothesis strategies for domain tests: synthetic people only, ID numbers built from the rules."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import strategies as st

from landdesk.domain import reference
from landdesk.domain.codes import Gender
from landdesk.domain.text import VIETNAMESE_LETTERS
from landdesk.domain.values import PartialDate

# Real name syllables, so generated text is what an officer actually types.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Thân", "Tạ", "Hà"]
MIDDLE = ["Văn", "Thị", "Đức", "Hữu", "Minh", "Ngọc", "Quang", "Thanh", "Xuân", "Công", "Thế", "Bá"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hoà", "Hòa", "Huệ", "Hương", "Khoa", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Ngọc", "Phúc", "Phương", "Quý", "Quỳnh", "Sơn", "Tâm", "Thảo",
         "Thắng", "Thuỷ", "Thủy", "Trang", "Tuấn", "Uyên", "Việt", "Xoan", "Yến", "Khỏe", "Khuê", "Nguyệt",
         "Hường", "Tú", "Hà", "Thái", "Lưu", "Giàu", "Gấm", "Khuyến", "Hoàng", "Toản", "Loan"]

vietnamese_name = st.builds(lambda f, m, g: f"{f} {m} {g}", st.sampled_from(FAMILY),
                            st.sampled_from(MIDDLE), st.sampled_from(GIVEN))

LOWER_VIET = sorted(c for c in VIETNAMESE_LETTERS if c.islower())


def base_letter(ch: str) -> str:
    """The ASCII letter under a Vietnamese letter (ễ → e, đ → d)."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


viet_char = st.sampled_from(sorted(VIETNAMESE_LETTERS))
viet_text = st.text(alphabet=st.one_of(viet_char, st.sampled_from("abcdeghiklmnopqrstuvxyABCDGHNT  ")),
                    max_size=30)


def century_digit(year: int, gender: Gender) -> int:
    base = {19: 0, 20: 2, 21: 4, 22: 6, 23: 8}[year // 100]
    return base + (1 if gender == Gender.FEMALE else 0)


def make_cccd(province: str, birth_year: int, gender: Gender, tail: int) -> str:
    return f"{province}{century_digit(birth_year, gender)}{birth_year % 100:02d}{tail:06d}"


@st.composite
def person(draw, max_year: int = 2024):
    """(cccd, birth PartialDate, gender) for a synthetic person, consistent by construction."""
    province = draw(st.sampled_from(sorted(reference.cccd_provinces())))
    gender = draw(st.sampled_from(list(Gender)))
    d = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(max_year, 12, 31)))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    birth = PartialDate(d.year, d.month if precision != "year" else None, d.day if precision == "day" else None)
    return make_cccd(province, d.year, gender, draw(st.integers(0, 999_999))), birth, gender
