"""Exported scan PDFs: named as the dossier's scan file-name column says, else by the province
profile's pattern, else by the serial without spaces; a full drive leaves nothing behind."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from landdesk.services import scans
from landdesk.services.dossiers import save_dossier
from landdesk.services.exporting import export_form01
from tests.conftest import fill_disk
from tests.factories import couple_dossier


def _page(tmp_path: Path, text: str) -> Path:
    img = Image.new("L", (827, 1170), 255)  # A4 at 100 dpi
    ImageDraw.Draw(img).text((100, 150), text, fill=0)
    path = tmp_path / f"{text}.png"
    img.save(path, dpi=(100, 100))
    return path


def _scanned(ws, tmp_path, serial: str, **changes) -> str:
    d = dataclasses.replace(couple_dossier(serial=serial), **changes)
    did = ws.transact(lambda ctx: save_dossier(ctx, d, allow_errors=True)).dossier.id
    for kind in ("gcn", "gt"):
        path = _page(tmp_path, f"{serial}-{kind}".replace("/", "_"))
        ws.transact(lambda ctx, p=path, k=kind: scans.add_files(ctx, [p], did, k))
    return did


def test_default_names_own_names_and_serial_typed_without_space(ws, tmp_path):
    _scanned(ws, tmp_path, "cs045821")  # stored as "CS 045821"
    _scanned(ws, tmp_path, "AB 111222", scan_names="AB111222_GCN.pdf; AB111222 chu GT.pdf")
    _scanned(ws, tmp_path, "H00460/NQSDĐ")  # not a serial's shape: its "/" cannot be in a file name
    out = tmp_path / "pdf"
    files = ws.read(lambda ctx: scans.export_all(ctx, out))
    assert sorted(p.name for p in out.iterdir()) == sorted(f.path.name for f in files) == [
        "AB111222 chu GT.pdf", "AB111222_GCN.pdf", "CS045821-GCN.pdf", "CS045821-GT.pdf",
        "H00460-NQSDĐ-GCN.pdf", "H00460-NQSDĐ-GT.pdf"]
    assert not [p for p in out.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]


def test_profile_pattern_names_pdfs_and_column(ws, tmp_path):
    from landdesk import __version__
    from landdesk.domain import package_format as pf
    from landdesk.domain.ids import new_id
    from landdesk.services.packages import crypto, profile
    from landdesk.services.packages.verify import write_signed
    from landdesk.storage.base import utcnow
    from landdesk.workspace.province import ProvinceDesk

    desk = ProvinceDesk.create(tmp_path / "desk", "24", password="admin-pass-1")

    def signed(pattern: str) -> Path:
        key = desk.signing_key()
        body = {"province_code": "24", "province_name": "Bắc Ninh", "scan_name_pattern": pattern,
                "signing_key": crypto.b64(crypto.raw_public(key.public_key())),
                "encryption_key": crypto.b64(crypto.raw_public(desk.encryption_key().public_key())),
                "communes": [{"code": "07210", "name": "Xã", "target": 10}]}
        header = {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": __version__,
                  "package_id": new_id(), "kind": "profile", "province_code": "24",
                  "sender_key": crypto.fingerprint(key.public_key()), "sender_public_key": body["signing_key"],
                  "created_at": utcnow().isoformat(timespec="seconds") + "Z", "encryption": None, "body": body}
        return write_signed(tmp_path / f"p{len(pattern)}.ldpkg", header, key)

    from landdesk.domain.errors import LandDeskError

    with pytest.raises(LandDeskError, match="Mẫu tên tệp quét"):
        ws.transact(lambda ctx: profile.import_profile(ctx, signed("{serial}")))  # no {kind}: refused
    with pytest.raises(LandDeskError, match="Mẫu tên tệp quét"):  # a folder in the name: refused by the commune too
        ws.transact(lambda ctx: profile.import_profile(ctx, signed("..\\{serial}-{kind}")))
    ws.transact(lambda ctx: profile.import_profile(ctx, signed("{commune}_{serial}_{kind}")))
    _scanned(ws, tmp_path, "CS 045821")
    out = tmp_path / "mau01.xlsx"
    res = ws.read(lambda ctx: export_form01(ctx, out, scans_dir=tmp_path / "pdf"))
    assert res.scan_files == 2
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["07210_CS045821_GCN.pdf", "07210_CS045821_GT.pdf"]
    from openpyxl import load_workbook

    from landdesk.services.exporting.form01 import FIRST_DATA_ROW, HEADER_ROW
    sheet = load_workbook(out).active
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert sheet.cell(FIRST_DATA_ROW, headers.index("Tên file quét GCN/CCCD") + 1).value == \
        "07210_CS045821_GCN.pdf; 07210_CS045821_GT.pdf"


def test_export_with_scans_on_a_full_drive_leaves_nothing(ws_path, small_fs, tmp_path):
    from landdesk.workspace import Workspace

    w = Workspace.open(ws_path)
    for i in range(6):
        _scanned(w, tmp_path, f"CS 04582{i}")
    w.close()
    drive = small_fs(1024)
    fill_disk(drive, leave=60 * 1024)  # room for the workbook, not for every PDF
    before = sorted(os.listdir(drive))
    cmd = [sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "export", "form01",
           str(drive / "mau01.xlsx"), "--scans", str(drive / "pdf")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 2, done.stderr
    assert "Ổ đĩa đã đầy" in done.stderr and "Traceback" not in done.stderr and done.stderr.count("\n") <= 2
    assert sorted(os.listdir(drive)) == before  # no workbook, no PDF, no folder, no temporary file


@pytest.mark.parametrize("name", ["CON.xlsx", "mau 01?.xlsx", "bao cao.xlsx."])
def test_workbook_names_invalid_on_windows_refused(ws, tmp_path, name):
    from landdesk.domain.errors import LandDeskError

    with pytest.raises(LandDeskError, match="Windows"):
        ws.read(lambda ctx: export_form01(ctx, tmp_path / name))
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]


def test_province_sets_the_pattern_and_the_commune_names_scans_by_it(ws, tmp_path, capsys):
    """Both ends: `province profile export --scan-names` writes the pattern into the signed profile, the
    commune imports that profile and its exported PDFs carry the province's names."""
    from landdesk.cli.main import main
    from landdesk.services.packages import profile
    from landdesk.workspace.province import ProvinceDesk

    ProvinceDesk.create(tmp_path / "desk", "24", password="admin-pass-1").close()
    code = main(["--workspace", str(tmp_path / "desk"), "province", "profile", "export", str(tmp_path / "p"),
                 "--scan-names", "{commune}_{serial}_{kind}"])
    assert code == 0, capsys.readouterr().err
    info = ws.transact(lambda ctx: profile.import_profile(ctx, tmp_path / "p.ldpkg"))
    assert info.scan_name_pattern == "{commune}_{serial}_{kind}"
    _scanned(ws, tmp_path, "CS 045821")
    files = ws.read(lambda ctx: scans.export_all(ctx, tmp_path / "pdf"))
    assert sorted(f.path.name for f in files) == ["07210_CS045821_GCN.pdf", "07210_CS045821_GT.pdf"]


@pytest.mark.parametrize("bad", ["../{serial}-{kind}", "scans\\{serial}-{kind}", "C:{serial}-{kind}",
                                 "CON.{serial}-{kind}", "{serial}-{kind}" + "x" * 200, "{serial}", "{kind}-{id}"])
def test_hostile_pattern_refused_by_the_province_in_one_line(tmp_path, capsys, bad):
    from landdesk.cli.main import main
    from landdesk.workspace.province import ProvinceDesk

    ProvinceDesk.create(tmp_path / "desk", "24", password="admin-pass-1").close()
    capsys.readouterr()
    code = main(["--workspace", str(tmp_path / "desk"), "province", "profile", "export", str(tmp_path / "p"),
                 "--scan-names", bad])
    out, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "scan" in err.lower() or "quét" in err
    assert not list(tmp_path.glob("p*")) and not list(tmp_path.glob("*.ldpkg"))
