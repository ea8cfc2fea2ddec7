"""The reader trusts nothing: each hostile or broken package is refused with its own message and
nothing is written to the province store."""

from __future__ import annotations

import zipfile
import zlib

import pytest

from landdesk.domain import i18n
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto, keys, verify
from tests.sync import helpers


@pytest.fixture
def one(linked):
    desk, communes, tmp = linked
    ws = communes["07210"]
    res = helpers.export_(ws, tmp / "out", encrypt=False)
    return desk, ws, tmp, res.paths[0]


def _refused(desk, paths, tmp, match: str):
    before = helpers.snapshot(desk)
    receipts_before = sorted((tmp / "rc").glob("*")) if (tmp / "rc").exists() else []
    with pytest.raises(PackageError, match=match):
        helpers.import_(desk, paths, tmp / "rc")
    assert helpers.snapshot(desk) == before
    assert (sorted((tmp / "rc").glob("*")) if (tmp / "rc").exists() else []) == receipts_before


def test_every_flipped_byte_is_refused(linked, monkeypatch):
    desk, communes, tmp = linked
    ws = communes["07246"]
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    res = helpers.export_(ws, tmp / "out", encrypt=False)
    src = res.paths[0].read_bytes()
    bad = tmp / "flip.ldpkg"
    # every header/manifest byte region, and a stride through the data
    positions = sorted(set(range(0, len(src), 251)) | set(range(len(src) - 1200, len(src), 3)))
    for i in positions:
        b = bytearray(src)
        b[i] ^= 0x40
        bad.write_bytes(bytes(b))
        with pytest.raises(PackageError):
            pkg = verify.verify_package([bad])
            list(pkg.records("dossiers"))
            list(pkg.records("audit"))
    b = bytearray(src)
    b[len(src) // 2] ^= 0x01
    bad.write_bytes(bytes(b))
    _refused(desk, [bad], tmp, "damaged|altered|signature")


def test_path_traversal_and_absolute_names(one, monkeypatch):
    desk, ws, tmp, pkg = one
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    for name in ("../evil.txt", "/etc/passwd", "scans/../../x", "C:/windows/x", "records\\..\\x"):
        bad = helpers.rebuild_zip(pkg, tmp / "bad.ldpkg", extra=[(name, b"x")])
        _refused(desk, [bad], tmp, "unsafe entry name")


def test_entry_not_in_manifest(one, monkeypatch):
    desk, ws, tmp, pkg = one
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    bad = helpers.rebuild_zip(pkg, tmp / "bad.ldpkg", extra=[("records/dossiers-0099.jsonl", b"{}\n")])
    _refused(desk, [bad], tmp, "not in its signed manifest")


def test_zip_bomb(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    signing = keys.signing_key(communes["07210"].root / "keys")
    bomb = helpers.forge(tmp / "o", signing, "07210", records=b" " * (40 * 1024 * 1024) + b"\n")
    _refused(desk, [bomb], tmp, "zip bomb")


def test_duplicate_entry_names(one, monkeypatch):
    desk, ws, tmp, pkg = one
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    with zipfile.ZipFile(pkg) as z:
        name = next(n for n in z.namelist() if n.startswith("records/"))
        data = z.read(name)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bad = helpers.rebuild_zip(pkg, tmp / "bad.ldpkg", extra=[(name, data)])
    _refused(desk, [bad], tmp, "same name")


def test_wrong_key_unknown_key_and_forged(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    intruder = crypto.new_signing_key()
    rec = b'{"dossier":{"id":"x1","holders":[],"parcels":[]},"revision":1,"scans":[]}\n'
    forged = helpers.forge(tmp / "o", intruder, "07210", records=rec)
    _refused(desk, [forged], tmp, "other than its approved key")
    # a commune with no approved key yet: pending, approve after comparing fingerprints
    from landdesk.services.province import roster
    from landdesk.storage.province import roster as roster_store

    desk.transact(lambda ctx: [ctx.session.delete(r) for r in roster_store.roster(ctx.session) if r.commune_code == "07246"])
    res = helpers.export_(communes["07246"], tmp / "out")
    _refused(desk, res.paths, tmp, "not approved yet")
    pending = [r for r in desk.read(roster.list_keys) if r.commune_code == "07246"]
    assert [r.status for r in pending] == ["pending"]
    desk.transact(lambda ctx: roster.approve(ctx, "07246", pending[0].fingerprint.replace(" ", "").lower()))
    assert helpers.import_(desk, res.paths, tmp / "rc").status == "imported"
    # a manifest signed by the commune but altered afterwards
    res2 = helpers.export_(communes["07210"], tmp / "out", encrypt=False)
    with zipfile.ZipFile(res2.paths[0]) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["manifest.json"] = entries["manifest.json"].replace(b'"seq": 1', b'"seq": 9')
    bad = tmp / "altered.ldpkg"
    with zipfile.ZipFile(bad, "w") as z:
        from landdesk.services.packages.volumes import _zinfo

        for n, data in entries.items():
            z.writestr(_zinfo(n, zipfile.ZIP_STORED), data)
    _refused(desk, [bad], tmp, "signature")


def test_replay_is_idempotent(one, monkeypatch):
    desk, ws, tmp, pkg = one
    first = helpers.import_(desk, [pkg], tmp / "rc")
    state = helpers.snapshot(desk)
    again = helpers.import_(desk, [pkg], tmp / "rc2")
    assert again.status == "replayed" and again.counts == first.counts
    assert helpers.snapshot(desk) == state
    from landdesk.services.packages import receipts

    helpers.apply(ws, first.receipt)
    status = ws.read(receipts.dossier_status)
    helpers.apply(ws, again.receipt)  # the re-issued receipt says the same: nothing changes
    assert ws.read(receipts.dossier_status) == status
    assert helpers.apply(ws, first.receipt).already_applied


def test_volumes_any_order_and_missing(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    from landdesk.services.packages import export, volumes

    monkeypatch.setattr(export, "RECORD_CHUNK", 3000)  # small records chunks, so they spread over volumes
    monkeypatch.setattr(volumes, "MANIFEST_BASE", 2048)
    res = helpers.export_(communes["07228"], tmp / "vols", encrypt=False, max_bytes=16 * 1024)
    paths = res.paths
    assert len(paths) >= 3 and all(p.stat().st_size <= 16 * 1024 for p in paths)
    assert verify.verify_package(list(reversed(paths))).header["counts"]["dossiers"] == 40
    _refused(desk, paths[:1] + paths[2:], tmp, r"Volume\(s\) 2 of")
    other = helpers.export_(communes["07210"], tmp / "o", encrypt=False)
    _refused(desk, [paths[0], other.paths[0]], tmp, "different packages")
    r = helpers.import_(desk, list(reversed(paths)), tmp / "rc")  # any order
    assert r.status == "imported" and r.counts["accepted"] + r.counts["rejected"] == 40


def test_fork_and_out_of_order(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    ws = communes["07210"]
    p1 = helpers.export_(ws, tmp / "a")
    from landdesk.services import dossiers as ds
    from landdesk.storage.commune import sync as sync_store

    did = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[0]

    def touch(ctx):
        d = ds.get_dossier(ctx, did)
        d.notes = "sửa lần 2"
        ds.save_dossier(ctx, d, allow_errors=True)

    ws.transact(touch)
    p2 = helpers.export_(ws, tmp / "a")
    # package 2 first: it does not depend on 1 (no scans), so it imports and reports 1 missing
    r2 = helpers.import_(desk, p2.paths, tmp / "rc")
    assert r2.status == "imported" and r2.missing == [[1, 1]]
    r1 = helpers.import_(desk, p1.paths, tmp / "rc")
    assert r1.missing == [] and r1.counts["superseded"] == 1  # the older version did not overwrite
    from landdesk.services.province import conflicts

    assert desk.read(lambda ctx: conflicts.get_dossier(ctx, did))["dossier"]["notes"] == "sửa lần 2"
    # a second, different package numbered 2 (e.g. a restored old backup exported again): fork
    signing = keys.signing_key(ws.root / "keys")
    fork = helpers.forge(tmp / "f", signing, "07210", seq=2, prev="cd" * 32)
    _refused(desk, [fork], tmp, "a different package number 2 was already imported")
    fork3 = helpers.forge(tmp / "g", signing, "07210", seq=3, prev="ab" * 32)
    _refused(desk, [fork3], tmp, "does not follow")


def test_truncated_and_part_files_are_not_packages(one, monkeypatch):
    desk, ws, tmp, pkg = one
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    data = pkg.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, 10):
        bad = tmp / "cut.ldpkg"
        bad.write_bytes(data[:cut])
        _refused(desk, [bad], tmp, "damaged|complete")



def _png_claiming(width: int, height: int) -> bytes:
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_image_decompression_bomb(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    ws = communes["07246"]
    from landdesk.storage.commune import sync as sync_store

    did = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))[0]
    helpers.attach_scans(ws, [did], pages=1, payload=_png_claiming(60000, 60000), ext="png")
    res = helpers.export_(ws, tmp / "out")
    _refused(desk, res.paths, tmp, "decompression bomb")


def test_bad_records_inside_a_signed_package(linked, monkeypatch):
    """Signed by the approved key but with bad content: refused as a whole, nothing written."""
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    signing = keys.signing_key(communes["07210"].root / "keys")
    good = b'{"dossier":{"id":"d1","holders":[],"parcels":[]},"revision":1,"change_no":5,"scans":[]}\n'
    cases = [(good + good, "twice"), (good + b"{not json\n", "not valid JSON"),
             (good + b'{"dossier":{"id":"d2"},"revision":"x"}\n', "invalid"),
             (b'{"dossier":{"id":"d3","holders":[],"parcels":[]},"revision":1,"change_no":"9"}\n', "invalid"),
             (b'{"dossier":{"id":"d4","holders":[7],"parcels":[]},"revision":1}\n', "invalid")]
    for i, (records, match) in enumerate(cases):
        pkg = helpers.forge(tmp / f"f{i}", signing, "07210", records=records)
        _refused(desk, [pkg], tmp, match)
