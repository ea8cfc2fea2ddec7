"""The Windows version resource of LandDesk's .exe files (Properties → Details, Task Manager's name).

Used by packaging/landdesk.spec; tests/windows/test_packaging.py checks it on Linux (PyInstaller writes
it into the .exe only when it builds on Windows).
"""

from __future__ import annotations

import re

PRODUCT = "LandDesk"
COMPANY = "LandDesk project"
COPYRIGHT = "© LandDesk project"
DESCRIPTIONS = {
    "landdesk": "LandDesk — command line (phần mềm địa chính xã)",
    "landdeskw": "LandDesk — phần mềm địa chính xã / commune land office desk",
}


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); a suffix such as '0.2.0rc1' keeps its numbers only."""
    nums = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    return tuple((nums + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_text(version: str, exe_name: str) -> str:
    """The resource in PyInstaller's version-file syntax (what `pyi-grab_version` writes), for
    `EXE(version=FILE)`: it is read only on Windows, where PyInstaller has its Windows helpers."""
    nums = version_tuple(version)
    strings = [
        ("CompanyName", COMPANY),
        ("FileDescription", DESCRIPTIONS[exe_name]),
        ("FileVersion", version),
        ("InternalName", exe_name),
        ("LegalCopyright", COPYRIGHT),
        ("OriginalFilename", f"{exe_name}.exe"),
        ("ProductName", PRODUCT),
        ("ProductVersion", version),
    ]
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings)
    # 042A = Vietnamese, 04B0 = code page 1200 (UTF-16): the strings are Unicode
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('042A04B0', [
{table}
    ])]),
    VarFileInfo([VarStruct('Translation', [0x042A, 1200])])
  ]
)
"""


def write_version_file(version: str, exe_name: str, folder) -> str:
    from pathlib import Path

    path = Path(folder) / f"{exe_name}-version.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_text(version, exe_name), encoding="utf-8")
    return str(path)
