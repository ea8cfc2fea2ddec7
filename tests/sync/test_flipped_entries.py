"""Issue 15 "done when": one flipped byte in EVERY entry of a package (each records chunk of each
kind, each scan, the manifest and its signature) is refused, and nothing is written — the probe's
22 of 22, kept in the suite. Both plain and encrypted packages."""

from __future__ import annotations

import zipfile

import pytest

from landdesk.domain import i18n
from landdesk.domain.package_format import PackageError
from landdesk.services import dossiers
from landdesk.services.packages import export
from landdesk.storage.commune import sync as sync_store
from tests.sync import helpers


def data_span(path, info: zipfile.ZipInfo) -> tuple[int, int]:
    """(offset, length) of an entry's stored bytes in the archive."""
    with open(path, "rb") as f:
        f.seek(info.header_offset + 26)
        nlen, xlen = int.from_bytes(f.read(2), "little"), int.from_bytes(f.read(2), "little")
    return info.header_offset + 30 + nlen + xlen, info.compress_size


@pytest.mark.parametrize("encrypt", [False, True])
def test_a_flipped_byte_in_every_entry_is_refused(linked, monkeypatch, encrypt):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    ws = communes["07228"]
    ids = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9))
    helpers.attach_scans(ws, ids[:8], pages=2, size=3000)
    ws.transact(lambda ctx: dossiers.delete_dossier(ctx, ids[-1], reason="trùng"))  # a tombstone
    monkeypatch.setattr(export, "RECORD_CHUNK", 20_000)  # several chunks of each records kind
    res = export.export_package(ws, tmp / "out", encrypt=encrypt)
    src = res.paths[0]
    with zipfile.ZipFile(src) as z:
        infos = z.infolist()
    kinds = {i.filename.split("/")[0].split("-")[0] for i in infos}
    assert {"records", "scans", "manifest.json", "manifest.sig"} <= kinds
    assert {i.filename.split("/")[1].split("-")[0] for i in infos if i.filename.startswith("records/")} == {
        "dossiers", "tombstones", "audit"}
    original = src.read_bytes()
    before = helpers.snapshot(desk)
    refused = 0
    for info in infos:
        start, length = data_span(src, info)
        for where in (start, start + length // 2, start + length - 1, info.header_offset + 14):
            bad = bytearray(original)
            bad[where] ^= 0x20
            src.write_bytes(bytes(bad))
            with pytest.raises(PackageError):
                helpers.import_(desk, [src], tmp / "rc")
        refused += 1
    src.write_bytes(original)
    print(f"\nflipped bytes: {refused} of {len(infos)} entries refused ({'encrypted' if encrypt else 'plain'})")
    assert refused == len(infos) >= 22
    assert helpers.snapshot(desk) == before and not list(desk.media_dir.rglob("*.*"))
    assert helpers.import_(desk, [src], tmp / "rc").status == "imported"  # the untouched package is fine
