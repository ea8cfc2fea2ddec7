"""What the Windows build is made of, checked on any machine: the dependency floors and their
constraints file agree, the version resource of both programs, the icon, and the installer script
(compiled with NSIS against a small stand-in payload, when NSIS is here; `make package` and CI always
compile it against the real one-folder build)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image

from landdesk import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import winversion  # noqa: E402


def _floors() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(meta["dependencies"]) + [r for name in ("province", "heic") for r in meta["optional-dependencies"][name]]
    out = {}
    for req in reqs:
        m = re.match(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?>=([0-9][^,;\s]*)", req)
        assert m, f"{req}: every dependency has a floor (>=)"
        out[m.group(1).lower().replace("_", "-")] = m.group(3)
    return out


def _pins() -> dict[str, str]:
    pins = {}
    for line in (PACKAGING / "constraints-floor.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _same(a: str, b: str) -> bool:
    pad = lambda v: [int(x) for x in v.split(".")] + [0] * (3 - len(v.split(".")))  # noqa: E731
    return pad(a) == pad(b)


def test_constraints_pin_every_floor():
    floors, pins = _floors(), _pins()
    assert {n: v for n, v in floors.items() if n not in pins} == {}
    assert {n: (v, pins[n]) for n, v in floors.items() if not _same(v, pins[n])} == {}


def test_version_resource_of_both_programs():
    assert winversion.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert winversion.version_tuple("1.2.3rc4") == (1, 2, 3, 4)
    for exe in ("landdesk", "landdeskw"):
        text = winversion.version_text(__version__, exe)
        tree = ast.parse(text, mode="eval")  # PyInstaller evaluates this text on Windows
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert calls == {"VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
                         "VarFileInfo", "VarStruct"}
        strings = {n.args[0].value: n.args[1].value for n in ast.walk(tree)
                   if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "StringStruct"}
        assert strings["ProductName"] == "LandDesk" and strings["ProductVersion"] == __version__
        assert strings["OriginalFilename"] == f"{exe}.exe" and strings["CompanyName"]
        assert "LandDesk" in strings["FileDescription"]


def test_icon_sizes_and_window_icon():
    ico = Image.open(PACKAGING / "windows" / "landdesk.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    png = Image.open(ROOT / "resources" / "icons" / "landdesk.png")
    assert png.size == (256, 256) and png.mode == "RGBA"


def test_spec_keeps_the_apps_translations():
    """The spec drops Qt's own catalogues, not ours: qt_vi.qm (Qt's buttons in Vietnamese) and
    landdesk_en.qm travel in resources/translations."""
    spec = (PACKAGING / "landdesk.spec").read_text(encoding="utf-8")
    fn = next(n for n in ast.parse(spec).body if isinstance(n, ast.FunctionDef) and n.name == "_unused")
    scope: dict = {"Path": Path}
    exec(compile(ast.Module([fn], []), "landdesk.spec", "exec"), scope)
    unused = scope["_unused"]
    for kept in ("resources/translations/qt_vi.qm", "resources/translations/landdesk_en.qm",
                 "resources\\translations\\qt_vi.qm"):
        assert not unused(kept), kept
    for dropped in ("PySide6/Qt/translations/qt_de.qm", "PySide6/translations/qtbase_fr.qm"):
        assert unused(dropped), dropped


def test_spec_names_match_the_installer():
    spec = (PACKAGING / "landdesk.spec").read_text(encoding="utf-8")
    nsi = (PACKAGING / "windows" / "landdesk.nsi").read_text(encoding="utf-8")
    assert 'program("landdesk", console=True)' in spec and 'program("landdeskw", console=False)' in spec
    assert '!define APPEXE "landdeskw.exe"' in nsi and '!define CLIEXE "landdesk.exe"' in nsi
    assert "MULTIUSER_EXECUTIONLEVEL Standard" in nsi  # per user, no UAC prompt
    uninstall = nsi[nsi.index('Section "Uninstall"'):]
    assert 'RMDir /r "$INSTDIR"' not in uninstall and 'RMDir "$INSTDIR"' in uninstall  # never the data


def test_a_double_clicked_package_opens_the_desk_with_it():
    """Windows starts `landdeskw.exe FILE.ldpkg`: the app opens (no command) with that package to show
    (tests/sync/test_open_package.py shows it); a command naming a package is still that command."""
    from landdesk.cli.main import _app_only

    path = r"C:\Users\a\Downloads\24-07210-0003.LDPKG"
    args = _app_only([path])
    assert args.command is None and str(args.package) == path
    assert _app_only([]).package is None
    assert _app_only(["package", "verify", "x.ldpkg"]) is None
    assert _app_only(["a.ldpkg", "b.ldpkg"]) is None  # not a double click: argparse says what is wrong


def test_installer_script_compiles(tmp_path):
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("NSIS is not installed here (apt-get install nsis); `make package` and CI compile the script")
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    for name in ("landdesk.exe", "landdeskw.exe", "_internal/base_library.zip"):
        (payload / name).write_bytes(b"stand-in")
    out = tmp_path / f"LandDesk-{__version__}-setup.exe"
    r = subprocess.run([makensis, "-V2", "-DFAST", f"-DVERSION={__version__}", f"-DSRCDIR={payload}",
                        f"-DOUTFILE={out}", str(PACKAGING / "windows" / "landdesk.nsi")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning" not in (r.stdout + r.stderr).lower(), r.stdout + r.stderr
    assert out.read_bytes()[:2] == b"MZ"  # a Windows program
