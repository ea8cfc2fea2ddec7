from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landdesk.domain.codes import DatePrecision
from landdesk.domain.values import (
    PartialDate,
    format_area,
    format_date,
    format_number,
    parse_area,
    parse_date,
    parse_partial_date,
)


@st.composite
def partial_dates(draw):
    d = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    precision = draw(st.sampled_from(list(DatePrecision)))
    if precision == DatePrecision.YEAR:
        return PartialDate(d.year)
    if precision == DatePrecision.MONTH:
        return PartialDate(d.year, d.month)
    return PartialDate(d.year, d.month, d.day)


@given(partial_dates())
def test_display_parse_round_trip(p):
    assert parse_partial_date(p.display()) == p


@given(partial_dates())
def test_iso_round_trip(p):
    assert PartialDate.from_iso(p.iso()) == p
    assert parse_partial_date(p.iso()) == p  # storage form is readable too


@given(st.dates())
def test_full_date_round_trip(d):
    assert parse_date(format_date(d)) == d


@pytest.mark.parametrize("text, expected", [
    ("02/03/1980", PartialDate(1980, 3, 2)),
    ("2.3.1980", PartialDate(1980, 3, 2)),
    ("03/1980", PartialDate(1980, 3)),
    ("1980", PartialDate(1980)),
    ("1980-03-02", PartialDate(1980, 3, 2)),
    ("1980-03-02T00:00:00", PartialDate(1980, 3, 2)),
    ("1980-03", PartialDate(1980, 3)),
    ("02031980", PartialDate(1980, 3, 2)),  # chip-card QR
    (date(1980, 3, 2), PartialDate(1980, 3, 2)),
    ("", None),
    (None, None),
])
def test_parse_partial_date(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2020", "13/2020", "abc", "1/1/8", "00/01/2020", "1/1/198"])
def test_parse_partial_date_rejects(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_parse_date_needs_a_day():
    with pytest.raises(ValueError):
        parse_date("1980")
    assert parse_date("") is None


@pytest.mark.parametrize("text, expected", [
    ("1.234,5", 1234.5), ("1234,5", 1234.5), ("1234.5", 1234.5), ("1,234.5", 1234.5),
    ("1.234.567", 1234567.0), ("250 m2", 250.0), ("250m²", 250.0), ("1 234,56", 1234.6), (250, 250.0),
    ("", None), (None, None),
])
def test_parse_area(text, expected):
    assert parse_area(text) == expected


@pytest.mark.parametrize("text", ["abc", "-5", "1,2,3,4.5.6x", float("nan"), float("inf"), -1])
def test_parse_area_rejects(text):
    with pytest.raises(ValueError):
        parse_area(text)


def test_format_area():
    assert format_area(1234.5) == "1.234,5"
    assert format_area(1234.5, "en") == "1,234.5"
    assert format_area(None) == ""


def test_format_number():
    assert format_number(1234567) == "1.234.567" and format_number(1234567, "en") == "1,234,567"
    assert format_number(98.25, "vi", 1) == "98,2" and format_number(1234.56, "en", 1) == "1,234.6"
    assert format_number(2.6) == "3" and format_number(0) == "0"


@pytest.mark.parametrize("lang", ["vi", "en"])
@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_area_round_trip(lang, x):
    assert parse_area(format_area(x, lang)) == round(x, 1)


def test_local_time_reads_stored_utc_as_utc(monkeypatch):
    import time
    from datetime import UTC, datetime, timedelta, timezone

    from landdesk.domain.values import format_local_time

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        stored = datetime(2025, 10, 1, 2, 30)  # naive UTC, as the database keeps it
        assert format_local_time(stored) == "01/10/2025 09:30"
        assert format_local_time(stored.replace(tzinfo=UTC).isoformat()) == "01/10/2025 09:30"
        ict = timezone(timedelta(hours=7))
        assert format_local_time(datetime(2025, 10, 1, 23, 59, 58, tzinfo=ict), seconds=True) == "01/10/2025 23:59:58"
        assert format_local_time(None) == "" and format_local_time("") == ""
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("text,shown", [
    ("12032019", "12/03/2019"), ("12/3/19", "12/03/2019"), ("12-3-2019", "12/03/2019"), ("1.2.2003", "01/02/2003"),
    ("120319", "12/03/2019"), ("5/7/45", "05/07/1945"), ("3/2019", "03/2019"), ("1980", "1980"),
])
def test_short_date_forms_officers_type(text, shown):
    assert parse_partial_date(text).display() == shown


def test_two_digit_years_never_land_in_the_future():
    from datetime import date

    from landdesk.domain.values import full_year

    assert full_year(19, date(2026, 1, 1)) == 2019
    assert full_year(26, date(2026, 1, 1)) == 2026
    assert full_year(27, date(2026, 1, 1)) == 1927
    with pytest.raises(ValueError):
        parse_partial_date("31/2/19")
