"""Issue 15, items 4, 11 and 12 at the commune: one export at a time per workspace, the package
recorded before its final name appears (a kill is finished by the next export), package N resent
byte for byte, and a full drive is one message with nothing left on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from landdesk.cli.main import main
from landdesk.domain import filelock, i18n
from landdesk.domain import package_format as pf
from landdesk.domain.fileio import DiskFullError
from landdesk.services.packages import export, outbox, verify
from landdesk.services.packages.volumes import VolumeWriter
from landdesk.storage.commune import sync as sync_store
from tests.conftest import fill_disk
from tests.sync import helpers

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose


def records(ws) -> list:
    return ws.read(lambda ctx: [(p.seq, outbox.volumes_of(p.files), p.header_hash)
                                for p in sync_store.packages(ctx.session)])


def assert_consistent(ws, out):
    """Every recorded volume is in the outbox and in `out` with its recorded hash; nothing else is."""
    recs = records(ws)
    assert [s for s, _, _ in recs] == list(range(1, len(recs) + 1))
    names = {f["name"] for _, files, _ in recs for f in files}
    for _, files, header_hash in recs:
        kept = [ws.root / "outbox" / f["name"] for f in files]
        assert [p.stat().st_size for p in kept] == [f["size"] for f in files]
        assert pf.header_hash(verify.verify_package(kept).header) == header_hash
        for p in kept:
            assert (out / p.name).read_bytes() == p.read_bytes()
    assert {p.name for p in out.iterdir() if p.name != ".export.lock"} == names
    assert {p.name for p in (ws.root / "outbox").iterdir() if not p.name.startswith(".")} == names
    assert not [p for p in (ws.root / "outbox").iterdir() if p.name.endswith(".part")]


def test_two_exports_at_once_several_rounds(linked):
    _, communes, tmp = linked
    ws = communes["07210"]
    root, out = ws.root, tmp / "out"
    out.mkdir()
    env = dict(os.environ, LANDDESK_LANG="en")
    ok = 0
    for _ in range(3):
        cmd = [sys.executable, "-m", "landdesk", "--workspace", str(root), "package", "export", "--out", str(out)]
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        for p in procs:
            stdout, stderr = p.communicate(timeout=120)
            if p.returncode == 0:
                ok += 1
                assert os.path.isfile(stdout.strip().splitlines()[-1])
            else:
                assert p.returncode == 2 and "already running" in stderr and "Traceback" not in stderr
    assert ok >= 3
    assert len(records(ws)) == ok
    assert_consistent(ws, out)


def test_second_export_is_told_at_once(linked):
    _, communes, tmp = linked
    ws = communes["07210"]
    with export.export_lock(ws.root), pytest.raises(filelock.LockHeld, match="already running"):
        export.export_package(ws, tmp / "out")
    assert records(ws) == []
    assert export.export_package(ws, tmp / "out").seq == 1


def test_kill_between_record_and_rename_is_finished_by_the_next_export(linked, monkeypatch):
    _, communes, tmp = linked
    ws = communes["07210"]

    def killed(self):
        raise KeyboardInterrupt  # as if the process died here: recorded, still .part

    monkeypatch.setattr(VolumeWriter, "publish", killed)
    with pytest.raises(KeyboardInterrupt):
        export.export_package(ws, split_mb=1)
    monkeypatch.undo()
    (rec,) = [r[:2] for r in records(ws)]
    assert not (ws.root / "outbox" / rec[1][0]["name"]).exists()
    second = export.export_package(ws)
    assert second.seq == 2
    first = [ws.root / "outbox" / f["name"] for f in rec[1]]
    pkg = verify.verify_package(first)  # the recorded package 1, whole and valid
    assert pkg.header["seq"] == 1 and pf_hash(pkg) == verify.verify_package(second.paths).header["prev_hash"]
    assert_consistent(ws, ws.root / "outbox")


def pf_hash(pkg):
    from landdesk.domain import package_format as pf

    return pf.header_hash(pkg.header)


def test_resend_byte_for_byte(linked, capsys):
    _, communes, tmp = linked
    ws = communes["07210"]
    first = export.export_package(ws, tmp / "usb")
    original = first.paths[0].read_bytes()
    first.paths[0].unlink()  # the stick was lost
    export.export_package(ws, tmp / "usb")
    root = ws.root
    ws.close()
    assert main(["--workspace", str(root), "package", "resend", "1", "--out", str(tmp / "again"), "--json"]) == 0
    again = json.loads(capsys.readouterr()[0])["paths"]
    assert open(again[0], "rb").read() == original
    kept = root / "outbox" / first.paths[0].name
    data = bytearray(kept.read_bytes())
    data[100] ^= 1
    kept.write_bytes(bytes(data))
    assert main(["--workspace", str(root), "package", "resend", "1", "--out", str(tmp / "x")]) == 2
    assert "altered" in capsys.readouterr()[1]
    assert main(["--workspace", str(root), "package", "resend", "9", "--out", str(tmp / "x")]) == 2


def test_export_to_a_full_drive(linked, small_fs, capsys):
    _, communes, tmp = linked
    ws = communes["07210"]
    helpers.attach_scans(ws, ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[:5],
                         pages=4, size=60_000)
    stick = small_fs(4096)
    fill_disk(stick, leave=200_000)
    root = ws.root
    ws.close()
    code = main(["--workspace", str(root), "package", "export", "--out", str(stick)])
    out, err = capsys.readouterr()
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "drive is full" in err and "package resend 1" in err and "Traceback" not in err
    assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"]
    (stick / "filler.bin").unlink()
    assert main(["--workspace", str(root), "package", "resend", "1", "--out", str(stick)]) == 0, capsys.readouterr()
    verify.verify_package([capsys.readouterr()[0].strip().splitlines()[-1]])


def test_export_when_the_workspace_drive_is_full(tmp_path, small_fs):
    fs = small_fs(6144)
    ws = helpers.make_commune(fs / "c", "07210", 30, seed=1)
    helpers.attach_scans(ws, ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[:5],
                         pages=4, size=60_000)
    fill_disk(fs, leave=400_000)
    with pytest.raises(DiskFullError, match="drive is full"):
        export.export_package(ws, encrypt=False)
    assert records(ws) == []
    assert [p.name for p in (fs / "c" / "outbox").iterdir()] == [".export.lock"]
    ws.close()
