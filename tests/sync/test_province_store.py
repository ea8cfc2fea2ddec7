"""Issue 15, items 11–13 at the province: scans reach the media store only once the whole package
checks out (and leave again if the commit does not happen), `province check [--clean]`, a full
drive, and the roster: keys retired by rotation, `roster revoke`, one commune per key, bounded
pending keys."""

from __future__ import annotations

import os
import struct
import zlib

import pytest

from landdesk.cli.main import main
from landdesk.domain import i18n
from landdesk.domain.fileio import DiskFullError
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto, keys
from landdesk.services.province import check, importer, roster
from landdesk.services.province import profile as prov_profile
from landdesk.storage.province import receipts as receipt_store
from tests.conftest import fill_disk
from tests.sync import helpers

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height (Pillow reads only the header to size it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def media_files(desk) -> list:
    return sorted(p for p in desk.media_dir.rglob("*") if p.is_file())


def _ids(ws, n):
    from landdesk.storage.commune import sync as sync_store

    return ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[:n]


def test_bomb_scan_leaves_no_other_scan_behind(linked):
    desk, communes, tmp = linked
    ws = communes["07210"]
    ids = _ids(ws, 3)
    helpers.attach_scans(ws, ids[:2], pages=3)  # six good scans
    helpers.attach_scans(ws, ids[2:], pages=1, payload=png_header(30000, 30000), ext="png")
    res = helpers.export_(ws, tmp / "out", encrypt=False)
    before = helpers.snapshot(desk)
    with pytest.raises(PackageError, match="decompression bomb"):
        helpers.import_(desk, res.paths, tmp / "rc")
    assert media_files(desk) == [] and helpers.snapshot(desk) == before


def test_scans_removed_when_the_commit_does_not_happen(linked, monkeypatch):
    desk, communes, tmp = linked
    ws = communes["07210"]
    helpers.attach_scans(ws, _ids(ws, 2), pages=2)
    res = helpers.export_(ws, tmp / "out")

    def fail(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(receipt_store, "set_receipt", fail)
    with pytest.raises(DiskFullError):
        helpers.import_(desk, res.paths, tmp / "rc")
    assert media_files(desk) == [] and helpers.snapshot(desk)["packages"] == 0
    assert not list((tmp / "rc").glob("*")) if (tmp / "rc").exists() else True
    monkeypatch.undo()
    ok = helpers.import_(desk, res.paths, tmp / "rc")
    assert ok.status == "imported" and len(media_files(desk)) == 4


def test_province_check_finds_and_cleans_orphans(linked, capsys):
    desk, communes, tmp = linked
    ws = communes["07210"]
    helpers.attach_scans(ws, _ids(ws, 2), pages=2)
    helpers.import_(desk, helpers.export_(ws, tmp / "out").paths, tmp / "rc")
    assert check.check_store(desk).ok
    kept = media_files(desk)
    orphan = desk.media_dir / "ab" / "cd" / ("ab" + "c" * 62 + ".jpg")  # as a killed import leaves one
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    (desk.media_dir / "ab" / ".x.jpg.1.2.part").write_bytes(b"y")
    kept[0].unlink()  # and a row whose file is gone
    r = check.check_store(desk)
    assert not r.ok and r.orphans == ["ab/cd/" + orphan.name] and len(r.temporary) == 1
    assert r.missing == [kept[0].name.split(".")[0]] and r.database == "ok"
    root = desk.root
    desk.close()
    code, out = main(["--workspace", str(root), "province", "check"]), capsys.readouterr()[0]
    assert code == 1 and "orphan files 1" in out and "--clean" in out
    code, out = main(["--workspace", str(root), "province", "check", "--clean"]), capsys.readouterr()[0]
    assert code == 1 and "Removed 2" in out  # the missing file is still reported
    assert not orphan.exists() and sorted(media_files(desk)) == kept[1:]


def test_a_killed_import_leaves_nothing_after_the_next_start(linked, monkeypatch):
    """What a kill between the scans' placement and the commit leaves — the journal (its lock dropped
    by the dead process), scans without rows, a receipt not yet named — goes when the desk is opened
    next, unless an import is running (the import lock is held): then it stays for that import."""
    from landdesk.services.province import scan_files
    from landdesk.workspace.province import ProvinceDesk

    desk, communes, tmp = linked
    ws = communes["07210"]
    helpers.attach_scans(ws, _ids(ws, 2), pages=2)
    res = helpers.export_(ws, tmp / "out")

    def died(self):  # the process ends here: nothing is undone, the OS drops the journal's lock
        os.close(self.pending._fd)
        self.pending._fd = None

    def killed(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(scan_files.ScanFiles, "rolled_back", died)
    monkeypatch.setattr(receipt_store, "set_receipt", killed)
    with pytest.raises(KeyboardInterrupt):
        helpers.import_(desk, res.paths, tmp / "rc")
    monkeypatch.undo()
    left = media_files(desk)
    assert len([p for p in left if p.suffix == ".jpg"]) == 4 and len(left) == 5  # four scans, the journal
    part = desk.root / "receipts" / ".07210-000001-receipt.001.99-ab12.part"
    part.parent.mkdir(exist_ok=True)
    part.write_bytes(b"x")
    root = desk.root
    desk.close()
    with scan_files.import_lock(desk):  # an import running in another process: its files are left alone
        ProvinceDesk.open(root).close()
    assert media_files(desk) == left and part.exists()
    with ProvinceDesk.open(root) as again:
        assert media_files(again) == [] and not part.exists()
        assert check.check_store(again).ok
        assert helpers.import_(again, res.paths, tmp / "rc").status == "imported"
        assert len(media_files(again)) == 4


def test_import_on_a_full_drive(linked, small_fs):
    """The desk on a small filesystem: a package whose scans do not fit is refused with one line,
    nothing in the store, no scan and no temporary file left."""
    _, communes, tmp = linked
    ws = communes["07210"]
    fs = small_fs(4096)
    desk = helpers.make_desk(fs / "prov")
    desk.transact(lambda ctx: roster.add_key(ctx, "07210", ws.read(keys.public_key_b64)))
    helpers.attach_scans(ws, _ids(ws, 4), pages=4, size=100_000)
    res = helpers.export_(ws, tmp / "out", encrypt=False)  # this desk is not the one the profile names
    fill_disk(fs, leave=600_000)
    before = helpers.snapshot(desk)
    with pytest.raises(DiskFullError, match="drive is full"):
        importer.import_package(desk, res.paths, receipts_dir=fs / "receipts")
    assert helpers.snapshot(desk) == before and media_files(desk) == []
    assert not [p for p in fs.rglob("*.part")]
    # the receipts folder full (the store has room): refused whole too
    (fs / "filler.bin").unlink()
    rfs = small_fs(64)
    fill_disk(rfs)
    with pytest.raises(DiskFullError):
        importer.import_package(desk, res.paths, receipts_dir=rfs)
    assert helpers.snapshot(desk) == before and media_files(desk) == []
    assert importer.import_package(desk, res.paths, receipts_dir=fs / "receipts").status == "imported"
    desk.close()


def test_retired_and_revoked_keys_are_refused(linked, capsys):
    desk, communes, tmp = linked
    ws = communes["07210"]
    old = keys.signing_key(ws.root / "keys")
    ws.transact(keys.start_rotation)
    p1 = helpers.export_(ws, tmp / "out")
    assert helpers.import_(desk, p1.paths, tmp / "rc").status == "imported"
    status = {r.fingerprint: r.status for r in desk.read(roster.list_keys)}
    assert status[crypto.fingerprint(old.public_key())] == "retired"
    line = helpers.dossier_line("d-old", "AA 000009", "001090000009", "19", 99)
    late = helpers.forge(tmp / "late", old, "07210", seq=2, prev=p1.paths and _hash(p1.paths), records=line)
    before = helpers.snapshot(desk)
    with pytest.raises(PackageError, match="withdrawn or replaced"):
        importer.import_package(desk, [late])
    assert helpers.snapshot(desk) == before
    p2 = helpers.export_(ws, tmp / "out")  # signed by the new key
    assert helpers.import_(desk, p2.paths, tmp / "rc").status == "imported"
    # revoke: refused at once, from the command line
    other = communes["07228"]
    fp = other.read(keys.key_fingerprint)
    root = desk.root
    desk.close()
    assert main(["--workspace", str(root), "province", "roster", "revoke", "07228", fp]) == 0
    assert "Revoked the key of commune 07228" in capsys.readouterr()[0]
    from landdesk.workspace.province import ProvinceDesk

    with ProvinceDesk.open(root) as desk2:
        with pytest.raises(PackageError, match="withdrawn or replaced"):
            helpers.import_(desk2, helpers.export_(other, tmp / "out2").paths, tmp / "rc")
    assert main(["--workspace", str(root), "province", "roster", "revoke", "07228", "0" * 32]) == 2


def _hash(paths):
    from landdesk.domain import package_format as pf
    from landdesk.services.packages import verify

    return pf.header_hash(verify.verify_package(paths).header)


def test_a_key_belongs_to_one_commune(linked, capsys):
    desk, communes, tmp = linked
    key_07210 = communes["07210"].read(keys.public_key_b64)
    root = desk.root
    desk.close()
    code = main(["--workspace", str(root), "province", "roster", "add", "--commune", "07228", "--key", key_07210])
    out, err = capsys.readouterr()
    assert code == 2 and "belongs to commune 07210, not to commune 07228" in err and "Approved" not in out
    from landdesk.workspace.province import ProvinceDesk

    with ProvinceDesk.open(root) as d:
        assert {r.commune_code for r in d.read(roster.list_keys) if r.fingerprint ==
                crypto.fingerprint(crypto.unb64(key_07210))} == {"07210"}


def test_pending_keys_are_bounded(linked):
    desk, communes, tmp = linked
    line = helpers.dossier_line("d-x", "AA 000001", "001090000001", "11", 1)
    for i in range(3 * roster.MAX_PENDING):
        pkg = helpers.forge(tmp / f"k{i}", crypto.new_signing_key(), "07246", records=line)
        with pytest.raises(PackageError):
            importer.import_package(desk, [pkg])
    pending = [r for r in desk.read(roster.list_keys) if r.status == "pending"]
    assert len(pending) == roster.MAX_PENDING
    assert prov_profile  # the desk's profile module stays importable beside the roster
