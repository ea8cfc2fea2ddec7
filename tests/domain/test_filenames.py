"""File names valid on Windows, and the names of exported scan PDFs."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landdesk.domain.errors import LandDeskError
from landdesk.domain.filenames import check_scan_pattern, names_by_kind, safe_filename, scan_file_name

RESERVED = set('<>:"/\\|?*')


@pytest.mark.parametrize(("name", "expected"), [
    ("AB 123456-GCN.pdf", "AB 123456-GCN.pdf"),
    ("H00460/NQSDĐ-GCN.pdf", "H00460-NQSDĐ-GCN.pdf"),
    ('a<b>c:d"e|f?g*h\\i.xlsx', "a-b-c-d-e-f-g-h-i.xlsx"),
    ("CON.pdf", "_CON.pdf"), ("con", "_con"), ("LPT1.xlsx", "_LPT1.xlsx"), ("COM9.tar.gz", "_COM9.tar.gz"),
    ("NUL .txt", "_NUL .txt"), ("CONSOLE.pdf", "CONSOLE.pdf"),
    ("bao cao. . .", "bao cao"), ("  tên  \t tệp ", "tên tệp"), ("...", "_"), ("", "_"),
    ("Hoa\u0300.pdf", "Hoà.pdf"),  # NFC
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_long_names_keep_their_extension():
    out = safe_filename("Đ" * 400 + ".pdf")
    assert out.endswith(".pdf") and len(out) == 150


@given(st.text(max_size=300))
def test_any_text_is_a_valid_windows_name(text):
    out = safe_filename(text)
    assert out and len(out) <= 150 and not RESERVED & set(out) and all(ord(c) >= 32 for c in out)
    assert out == out.rstrip(". ") and PureWindowsPath(out).name == out
    assert out.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_scan_names_default_own_and_pattern():
    assert scan_file_name("gcn", serial="CS 045821", num=3) == "CS045821-GCN.pdf"
    assert scan_file_name("gt", serial="", num=7) == "HS7-GT.pdf"
    own = "AB123456-GCN.pdf; AB123456-GT.pdf"
    assert names_by_kind(own) == {"gcn": "AB123456-GCN.pdf", "gt": "AB123456-GT.pdf"}
    assert scan_file_name("gt", serial="AB 123456", num=1, scan_names=own) == "AB123456-GT.pdf"
    assert scan_file_name("tbxn", serial="AB 123456", num=1, scan_names=own) == "AB123456-TBXN.pdf"
    assert scan_file_name("gcn", serial="AB 123456", num=1, commune="07210",
                          pattern="{commune}_{serial_spaced}_{kind}") == "07210_AB 123456_GCN.pdf"
    assert scan_file_name("gcn", serial="H00460/NQSDĐ", num=1) == "H00460-NQSDĐ-GCN.pdf"


@pytest.mark.parametrize("bad", ["{serial}", "{kind}", "{kind}-{serial.__class__}", "{kind}{serial:>99}",
                                 "{kind}-{serial!r}", "{kind}-{name}", "{kind", ""])
def test_bad_patterns_refused(bad):
    with pytest.raises(LandDeskError):
        check_scan_pattern(bad)


@pytest.mark.parametrize("bad", ["../{serial}-{kind}", "scans/{serial}-{kind}", "..\\{serial}-{kind}",
                                 "C:{serial}-{kind}", "{serial}:{kind}", "{serial}-{kind}?", "{serial}\n{kind}",
                                 "CON.{serial}-{kind}", "nul.{num}_{kind}", " {serial}-{kind}", ".{serial}-{kind}",
                                 "{kind}-{serial}" + "x" * 90])
def test_hostile_patterns_refused_in_one_line(bad):
    """A pattern names a file inside the chosen folder: a folder, a drive, a reserved character, a
    device name, a hidden or over-long name is refused, and the message stays one line."""
    with pytest.raises(LandDeskError) as caught:
        check_scan_pattern(bad)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("good", ["{serial}-{kind}", "{commune}_{serial_spaced}_{kind}", "HS{num}-{kind}", "Giấy {kind} {serial}", "{serial}.{kind}"])
def test_usual_patterns_accepted(good):
    assert check_scan_pattern(good) == good
