"""CCCD tests. Every number is synthetic: built from the public layout with random tails."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landdesk.domain import reference
from landdesk.domain.cccd import (
    BIRTH_YEAR,
    FORMAT,
    GENDER,
    PROVINCE,
    birth_year_range,
    check_against,
    clean_number,
    implied_birth_year,
    implied_gender,
    is_cccd_format,
    is_valid_cmnd,
    parse_cccd,
    parse_qr_payload,
)
from landdesk.domain.codes import Gender
from landdesk.domain.values import PartialDate
from tests.domain.strategies import make_cccd, person

TODAY = date(2025, 10, 1)


def test_parse_decodes_every_part():
    info = parse_cccd("024 185 005678")
    assert info is not None
    assert (info.province_code, info.gender, info.century, info.year_2digits) == ("024", Gender.FEMALE, 19, 85)
    assert info.birth_year == 1985
    assert info.province_known and info.province_name == "Bắc Giang"


@pytest.mark.parametrize("digit, year, gender", [
    ("0", 1980, Gender.MALE), ("1", 1980, Gender.FEMALE), ("2", 2080, Gender.MALE), ("3", 2080, Gender.FEMALE),
    ("4", 2180, Gender.MALE), ("5", 2180, Gender.FEMALE), ("8", 2380, Gender.MALE), ("9", 2380, Gender.FEMALE),
])
def test_century_gender_digit(digit, year, gender):
    info = parse_cccd(f"027{digit}80123456")
    assert info.birth_year == year and info.gender == gender


@pytest.mark.parametrize("text", ["", None, "12345678901", "1234567890123", "02408000123A", "024-080-00123"])
def test_not_a_cccd(text):
    assert parse_cccd(text) is None
    assert not is_cccd_format(text)
    assert check_against(text, None, None) == [FORMAT]


def test_clean_number_accepts_spacing_and_full_width_digits():
    assert clean_number("024.080-001 234") == "024080001234"
    assert clean_number(unicodedata.normalize("NFC", "０２４０８０００１２３４")) == "024080001234"


def test_birth_year_range_while_typing():
    assert birth_year_range("024") is None
    assert birth_year_range("0241") == (1900, 1999)
    assert birth_year_range("02438") == (2080, 2089)  # digit 4 = 3: 2000s
    assert birth_year_range("024185") == (1985, 1985)
    assert birth_year_range("024185005678") == (1985, 1985)
    assert implied_birth_year("024185005678") == 1985
    assert implied_birth_year("x") is None
    assert implied_gender("0241") == Gender.FEMALE and implied_gender("02") is None


def test_check_against():
    n = make_cccd("001", 1985, Gender.FEMALE, 5678)
    assert check_against(n, PartialDate(1985, 11, 20), Gender.FEMALE, today=TODAY) == []
    assert check_against(n, None, None, today=TODAY) == []
    assert check_against(n, date(1986, 1, 1), Gender.FEMALE, today=TODAY) == [BIRTH_YEAR]
    assert check_against(n, PartialDate(1985), Gender.MALE, today=TODAY) == [GENDER]
    assert check_against("999185005678", None, None, today=TODAY) == [PROVINCE]
    assert check_against("001485005678", None, None, today=TODAY) == [BIRTH_YEAR]  # born 2185


@given(person())
def test_every_valid_generated_cccd_passes(p):
    number, birth, gender = p
    assert is_cccd_format(number)
    assert check_against(number, birth, gender, today=TODAY) == []
    assert parse_cccd(number).birth_year == birth.year


@given(person(), st.integers(0, 9))
def test_century_digit_mutation_is_caught(p, new_digit):
    """Changing digit 4 always changes the gender or the century: caught when both are known."""
    number, birth, gender = p
    if int(number[3]) == new_digit:
        return
    mutated = number[:3] + str(new_digit) + number[4:]
    assert check_against(mutated, birth, gender, today=TODAY) != []


@given(person(), st.integers(0, 2), st.integers(0, 9))
def test_prefix_mutation_is_caught_unless_it_makes_another_province(p, position, new_digit):
    """A province prefix changed by one digit is caught exactly when the result is not a province
    code. (Hà Nội 001 → Hà Giang 002 is another real province: no check on the number alone can
    see that, only the population data.)"""
    number, birth, gender = p
    if int(number[position]) == new_digit:
        return
    mutated = number[:position] + str(new_digit) + number[position + 1:]
    caught = PROVINCE in check_against(mutated, birth, gender, today=TODAY)
    assert caught == (mutated[:3] not in reference.cccd_provinces())


def test_share_of_prefix_mutations_caught():
    codes = set(reference.cccd_provinces())
    mutations = [c[:i] + d + c[i + 1:] for c in codes for i in range(3) for d in "0123456789" if c[i] != d]
    caught = sum(1 for m in mutations if m not in codes)
    # 63 of the 100 prefixes 000–099 are provinces, so a slip in digit 1 is always caught but one
    # in digit 2 or 3 often lands on another province: about 58% are caught on the number alone.
    assert caught / len(mutations) > 0.55


def test_cmnd():
    assert is_valid_cmnd("123456789")
    assert is_valid_cmnd("123 456 789")
    for bad in ("12345678", "1234567890", "024080001234", "000000000", "12345678A", "", None):
        assert not is_valid_cmnd(bad)


# --- QR --------------------------------------------------------------------------------------

NUMBER = make_cccd("027", 1980, Gender.MALE, 1234)
QR = f"{NUMBER}|123456789|Nguyễn Văn Thành|02031980|Nam|Thôn Đông, Phường Bắc Giang, Bắc Ninh|15062021"


def test_qr_full_payload():
    q = parse_qr_payload(QR)
    assert q.cccd == NUMBER and q.cmnd == "123456789"
    assert q.name == "NGUYỄN VĂN THÀNH"
    assert q.birth == PartialDate(1980, 3, 2) and q.gender == Gender.MALE
    assert q.address == "Thôn Đông, Phường Bắc Giang, Bắc Ninh"
    assert q.issued == date(2021, 6, 15)
    assert check_against(q.cccd, q.birth, q.gender) == []


@pytest.mark.parametrize("payload", [
    QR.replace("|123456789|", "||"),  # empty CMND field
    QR + "\r\n", QR + "   ",  # keyboard-wedge scanners add line ends
    unicodedata.normalize("NFD", QR),
])
def test_qr_variants(payload):
    q = parse_qr_payload(payload)
    assert q is not None
    assert q.cccd == NUMBER and q.name == "NGUYỄN VĂN THÀNH" and q.birth == PartialDate(1980, 3, 2)
    assert q.cmnd in ("", "123456789")
    assert unicodedata.is_normalized("NFC", q.name + q.address)


def test_qr_female():
    n = make_cccd("001", 2001, Gender.FEMALE, 42)
    q = parse_qr_payload(f"{n}||Trần thị hoà|20112001|Nữ|Hà Nội|01022022")
    assert q.gender == Gender.FEMALE and q.name == "TRẦN THỊ HOÀ" and q.issued == date(2022, 2, 1)


@pytest.mark.parametrize(("text", "says"), [
    (QR.replace("|123456789|", "|"), "có 6"),  # CMND left out: the issue date would land in the address
    (f"{NUMBER}||Trần Thị Hoà|20112001|Nữ|Hà Nội", "có 6"),  # no issue date
    (QR + "|extra", "có 8"),
    (QR.replace(NUMBER, NUMBER[:-1]), "trường 1"),
    (QR.replace("|123456789|", "|12345678|"), "trường 2"),
    (QR.replace("Nguyễn Văn Thành", "12345"), "trường 3"),
    (QR.replace("02031980", "31021980"), "trường 4"),
    (QR.replace("|Nam|", "|Male|"), "trường 5"),
    (QR.replace("Thôn Đông, Phường Bắc Giang, Bắc Ninh", "15062021"), "trường 6"),
    (QR.replace("15062021", "2021"), "trường 7"),
    (QR.replace("15062021", "15061970"), "trường 7"),  # issued before the birth
])
def test_qr_refused_with_the_field_named(text, says):
    from landdesk.domain.cccd import QrPayloadError, read_qr_payload

    with pytest.raises(QrPayloadError) as err:
        read_qr_payload(text)
    assert says in err.value.vi and "Nguyễn" not in err.value.vi and NUMBER not in err.value.vi
    assert parse_qr_payload(text) is None


@pytest.mark.parametrize("text", [
    None, "", "hello", "CS 123456", NUMBER, "a|b|c|d|e|f|g",
    QR.replace("02031980", "31021980"),  # impossible birth date
    QR.replace("|Nam|", "|X|"),
    QR.replace(NUMBER, NUMBER[:-1]),
    f"{NUMBER}|123456789|Nguyễn Văn Thành|02031980",
])
def test_not_a_qr_payload(text):
    assert parse_qr_payload(text) is None


@given(st.text(max_size=80))
def test_qr_parser_never_crashes(text):
    parse_qr_payload(text)
