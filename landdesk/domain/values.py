"""Small value types: partial dates (year-only birth dates are common in legacy data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from landdesk.domain.codes import DatePrecision


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError("year out of range")
        if self.day is not None and self.month is None:
            raise ValueError("day without month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("month out of range")
        if self.day is not None:
            date(self.year, self.month, self.day)  # raises ValueError for 31/02 etc.

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def iso(self) -> str:
        """Storage form: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (sorts correctly as text)."""
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @classmethod
    def from_iso(cls, text: str | None) -> PartialDate | None:
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)

    def display(self) -> str:
        """dd/mm/yyyy, mm/yyyy or yyyy, as on Vietnamese forms."""
        if self.day is not None:
            return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        if self.month is not None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.year:04d}"

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day is not None else None

    @classmethod
    def from_date(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day)


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_MY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_Y = re.compile(r"^\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_ISO_YM = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")  # PartialDate.iso() for month precision
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")  # ddmmyyyy, as in the chip-card QR
# Short forms officers type: 12/3/19, 12-3-19, 120319 (two-digit year)
_DMY2 = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2})\s*$")
_COMPACT2 = re.compile(r"^\s*(\d{2})(\d{2})(\d{2})\s*$")


def full_year(yy: int, today: date | None = None) -> int:
    """A two-digit year in the century that does not put it in the future: 19 → 2019, 45 → 1945."""
    this = (today or date.today()).year
    year = this - this % 100 + yy
    return year if year <= this else year - 100


def parse_partial_date(text: str | date | None) -> PartialDate | None:
    """Parse dd/mm/yyyy, mm/yyyy, yyyy, ISO (yyyy-mm-dd, yyyy-mm) or ddmmyyyy; day and month may
    have one digit and the separator may be / - or . ("12-3-2019"); a two-digit year (12/3/19,
    120319) is taken in the century that does not make it a future year (`full_year`).

    Raises ValueError for text it cannot read.
    """
    if text is None:
        return None
    if isinstance(text, date):
        return PartialDate.from_date(text)
    s = str(text).strip()
    if not s:
        return None
    patterns = ((_DMY, "dmy"), (_ISO, "ymd"), (_COMPACT, "dmy"), (_ISO_YM, "ym"), (_MY, "my"), (_Y, "y"),
                (_DMY2, "dmy2"), (_COMPACT2, "dmy2"))
    for pattern, order in patterns:
        m = pattern.match(s)
        if m:
            g = [int(x) for x in m.groups()]
            if order == "dmy2":
                return PartialDate(full_year(g[2]), g[1], g[0])
            if order == "dmy":
                return PartialDate(g[2], g[1], g[0])
            if order == "ymd":
                return PartialDate(g[0], g[1], g[2])
            if order == "my":
                return PartialDate(g[1], g[0])
            if order == "ym":
                return PartialDate(g[0], g[1])
            return PartialDate(g[0])
    raise ValueError("unreadable date")


def parse_date(text: str | date | None) -> date | None:
    """A full date (day precision) or None; raises ValueError otherwise."""
    p = parse_partial_date(text)
    if p is None:
        return None
    d = p.as_date()
    if d is None:
        raise ValueError("date needs day, month and year")
    return d


def format_date(d: date | None) -> str:
    # Not strftime: "%Y" does not zero-pad years below 1000 on every platform.
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}" if d else ""


def format_local_time(moment: datetime | str | None, *, seconds: bool = False) -> str:
    """dd/mm/yyyy HH:MM on this computer's clock. The database stores UTC without a zone (naive), so
    a naive value is UTC; shown as it is, it would read seven hours early in Vietnam."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def parse_area(text: str | float | int | None) -> float | None:
    """Area in m² from '1.234,5' / '1234,5' / '1234.5' / 1234.5; one decimal. Raises ValueError."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        s = str(text).strip().replace("\u00a0", "").replace(" ", "")
        s = s.removesuffix("m2").removesuffix("m²")
        if not s:
            return None
        if "," in s and "." in s:
            # the later separator is the decimal one: 1.234,5 or 1,234.5
            if s.rfind(",") > s.rfind("."):
                s = s.replace(".", "").replace(",", ".")
            else:
                s = s.replace(",", "")
        elif "," in s:
            s = s.replace(",", ".")
        elif s.count(".") > 1:
            s = s.replace(".", "")
        if not re.fullmatch(r"\d+(\.\d+)?", s):
            raise ValueError("not a number")
        value = float(s)
    if value < 0 or value != value or value == float("inf"):
        raise ValueError("area must be a positive number")
    return round(value, 1)


_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # thousands, decimal point


def format_number(value: float, lang: str = "vi", decimals: int = 0) -> str:
    """'1.234.567' and '1.234,5' in Vietnamese, '1,234,567' and '1,234.5' in English."""
    thousands, point = _SEPARATORS.get(lang, _SEPARATORS["en"])
    return f"{value:,.{decimals}f}".translate(str.maketrans({",": thousands, ".": point}))


def format_area(value: float | None, lang: str = "vi") -> str:
    """'1.234,5' in Vietnamese, '1,234.5' in English."""
    return "" if value is None else format_number(value, lang, 1)
