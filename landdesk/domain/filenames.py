"""File names LandDesk writes (scan PDFs, workbooks, reports): valid on Windows, named as the province
expects.

Windows refuses the characters <>:"/\\|?* and control characters in a name, the device names CON, PRN,
AUX, NUL, COM1–9 and LPT1–9 (with any extension: "CON.pdf" too), and silently drops trailing dots
and spaces; a path is limited to 260 characters unless long paths are enabled. `safe_filename` makes
any text a name that means the same thing on every system.

Scan PDFs are named `{serial}-{kind}.pdf` with the serial without spaces (as provincial tools
write them, DOMAIN.md §2), or as the dossier's own scan file-name column (Form 01 item 49) names
them, or by a pattern the province profile sets.
"""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from landdesk.domain.errors import LandDeskError

MAX_NAME = 150  # characters; leaves room for the folder under Windows' 260-character path limit
_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
                      *(f"{p}{n}" for p in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³"))})


def safe_filename(name: str, *, max_len: int = MAX_NAME, fallback: str = "_") -> str:
    """`name` (NFC) as one valid file name on Windows and elsewhere: reserved characters become "-",
    trailing dots/spaces go, a device name gets a leading "_", and a long name is cut before its
    extension. An empty result is `fallback`."""
    s = unicodedata.normalize("NFC", str(name or ""))
    s = _RESERVED_CHARS.sub("-", " ".join(s.split()))  # tabs and runs of spaces: one space
    s = s.rstrip(". ").lstrip(" ")
    if not s:
        s = fallback
    stem, dot, ext = s.rpartition(".")
    if not dot or not stem or len(ext) > 8 or " " in ext:
        stem, ext = s, ""
    if stem.split(".")[0].rstrip(" ").upper() in _DEVICES:
        stem = "_" + stem
    if ext:
        ext = "." + ext
    if len(stem) + len(ext) > max_len:
        stem = stem[:max(1, max_len - len(ext))].rstrip(". ")
    out = stem + ext
    return out if out.rstrip(". ") else fallback


# ---- scan PDF names ---------------------------------------------------------------------------

SCAN_SUFFIX = {"gcn": "GCN", "gt": "GT", "tbxn": "TBXN", "ddk": "DDK", "other": "KHAC"}
SCAN_ORDER = ("gcn", "gt", "tbxn", "ddk", "other")
DEFAULT_SCAN_PATTERN = "{serial}-{kind}"
PATTERN_FIELDS = frozenset({"serial", "serial_spaced", "kind", "num", "commune"})


def check_scan_pattern(pattern: str) -> str:
    """A province's file-name pattern, checked: only known fields, {kind} and one of {serial},
    {serial_spaced}, {num} (else two documents or two dossiers would get one name)."""
    try:
        parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(pattern or "") if f is not None]
    except ValueError:
        parts = [("?", "", None)]
    fields = {f for f, _, _ in parts}
    shown = "".join(ch if ch.isprintable() else "?" for ch in (pattern or "")[:100])  # one line in a message
    if (not pattern or len(pattern) > 100 or any(f not in PATTERN_FIELDS or spec or conv for f, spec, conv in parts)
            or "kind" not in fields or not fields & {"serial", "serial_spaced", "num"}):
        raise LandDeskError(
            f"Mẫu tên tệp quét không hợp lệ: “{shown}” (cần {{kind}} và {{serial}} hoặc {{num}}).",
            f"Invalid scan file-name pattern: “{shown}” (needs {{kind}} and {{serial}} or {{num}}).")
    # the pattern names one file in the folder the officer chose: its own text must be a valid name
    # on Windows too (no folder separators or reserved characters, no device name, no trailing dot)
    sample = pattern.format(serial="AB123456", serial_spaced="AB 123456", kind="GCN", num=1, commune="07210") + ".pdf"
    if _RESERVED_CHARS.search(pattern) or safe_filename(sample) != sample or sample.startswith("."):
        raise LandDeskError(
            f"Mẫu tên tệp quét không hợp lệ: “{shown}” (không được có thư mục, ký tự \\ / : * ? \" < > |, "
            "tên thiết bị như CON hay dấu chấm, khoảng trắng ở đầu/cuối).",
            f"Invalid scan file-name pattern: “{shown}” (no folders, no \\ / : * ? \" < > | characters, "
            "no device names such as CON, no leading or trailing dots or spaces).")
    return pattern


def names_by_kind(scan_names: str) -> dict[str, str]:
    """The names of a Form 01 scan file-name cell ("AB123456-GCN.pdf; AB123456-GT.pdf") by document
    kind, told by the suffix before ".pdf"."""
    by_suffix = {v: k for k, v in SCAN_SUFFIX.items()}
    out: dict[str, str] = {}
    for raw in re.split(r"[;,\n]", scan_names or ""):
        name = raw.strip()
        m = re.search(r"[-_ ]([A-Za-z]+)\.pdf$", name, re.IGNORECASE)
        kind = by_suffix.get(m.group(1).upper()) if m else None
        if kind and kind not in out:
            out[kind] = name
    return out


def scan_file_name(kind: str, *, serial: str, num: int, commune: str = "", scan_names: str = "",
                   pattern: str = "") -> str:
    """The PDF name of one document of a dossier: the dossier's own name for that kind when its
    scan file-name column has one, else the pattern (the province's, or `{serial}-{kind}`)."""
    own = names_by_kind(scan_names).get(kind)
    if own:
        return safe_filename(own if own.lower().endswith(".pdf") else own + ".pdf")
    spaced = " ".join(serial.split())
    values = {"serial": spaced.replace(" ", "") or f"HS{num}", "serial_spaced": spaced or f"HS{num}",
              "kind": SCAN_SUFFIX.get(kind, kind.upper()), "num": num, "commune": commune}
    return safe_filename(check_scan_pattern(pattern or DEFAULT_SCAN_PATTERN).format(**values) + ".pdf")


def scan_names_cell(kinds: set[str] | frozenset[str], **name_args) -> str:
    """The Form 01 scan file-name cell for the document kinds a dossier has scans of."""
    return "; ".join(scan_file_name(k, **name_args) for k in SCAN_ORDER if k in kinds)


def checked_output(path) -> Path:
    """`path` when its file name is valid on Windows; otherwise refused, naming a valid one (the files
    LandDesk writes travel to Windows PCs: "CON.xlsx" or "mau 01?.xlsx" would not open there)."""
    path = Path(path)
    good = safe_filename(path.name)
    if good != path.name:
        raise LandDeskError(f"Tên tệp “{path.name}” không dùng được trên Windows; hãy đặt tên khác, ví dụ “{good}”.",
                            f"The file name “{path.name}” is not valid on Windows; use another, e.g. “{good}”.")
    return path
