"""Certificate serial (số phát hành) and registry entry number (số vào sổ).

Serial shapes (DOMAIN.md §3): 1 letter + 6 digits (old forms), 2 letters + 6 digits (2009–2024),
2 letters + 8 digits (2025 form). Letters may include Đ, so they are not limited to A–Z.
Stored both as printed and normalised ("AB 123456").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from landdesk.domain.codes import CertificateGeneration
from landdesk.domain.text import fold, nfc

# Ð (eth) is the usual wrong key for Đ on some keyboards and in converted data; "§" and "Ñ" are Đ
# in the legacy TCVN3 and VNI fonts (a serial typed in .VnTime / VNI-Times reads "§C 123456").
_LOOKALIKES = str.maketrans({"Ð": "Đ", "§": "Đ", "Ñ": "Đ"})
_SHAPE = re.compile(r"([^\W\d_]+)[\s.\-_/]*(\d+)")
_LETTERS = re.compile(r"[A-ZĐ]+")


@functools.lru_cache(maxsize=8192, typed=True)  # an import asks for each certificate's about four times
def normalise_serial(text: str | None) -> str:
    """NFC, upper case, one space between the letter block and the digit block ("ab123456" →
    "AB 123456"). Text of another shape comes back upper case with spaces collapsed."""
    s = nfc(text).upper().translate(_LOOKALIKES)
    m = _SHAPE.fullmatch(s)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    return s


def normalise_serial_typed(serial: str | None, typed: str | None = "") -> tuple[str, str]:
    """(normalised serial, text as typed when it differs, else ""). A typed text left from an
    earlier serial is dropped: it must still normalise to the serial it records."""
    norm = normalise_serial(serial)
    raw = nfc(serial)
    if raw != norm:
        return norm, raw
    typed = nfc(typed)
    return norm, typed if typed and normalise_serial(typed) == norm and typed != norm else ""


def serial_key(text: str | None) -> str:
    """The serial without any space: "CS 045821", "CS045821" and "cs 045 821" are one serial."""
    return "".join(normalise_serial(text).split())


def serial_parts(text: str | None) -> tuple[str, str] | None:
    """(letters, digits) of a letters-then-digits serial, else None."""
    m = _SHAPE.fullmatch(normalise_serial(text))
    return (m.group(1), m.group(2)) if m else None


def serial_generation(text: str | None) -> CertificateGeneration:
    parts = serial_parts(text)
    if parts is None or not _LETTERS.fullmatch(parts[0]):
        return CertificateGeneration.UNKNOWN
    shape = (len(parts[0]), len(parts[1]))
    return {
        (1, 6): CertificateGeneration.OLD,
        (2, 6): CertificateGeneration.FORM_2009,
        (2, 8): CertificateGeneration.FORM_2025,
    }.get(shape, CertificateGeneration.UNKNOWN)


def is_valid_serial(text: str | None) -> bool:
    return serial_generation(text) != CertificateGeneration.UNKNOWN


def is_serial_shape(text: str | None) -> bool:
    """Letters (A–Z, Đ) then digits, whatever their counts: readable, if perhaps unusual."""
    parts = serial_parts(text)
    return parts is not None and bool(_LETTERS.fullmatch(parts[0]))


def normalise_registry(text: str | None) -> str:
    """Comparison key for the registry entry number ("CH 00149" = "ch-00149", "QSDĐ" = "QSDD").

    Keep the typed text for display; this key only decides whether two entries are the same.
    """
    s = fold(unicodedata.normalize("NFC", text or "")).upper()
    return "".join(ch for ch in s if ch.isalnum())
