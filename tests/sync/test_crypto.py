"""Encryption to the province key (HPKE-wrapped data key, AES-256-GCM entries) and key files."""

from __future__ import annotations

import stat
import zipfile

import pytest

from landdesk.domain import i18n
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto, keys, verify
from tests.sync import helpers


def test_hpke_wrap_and_seal_roundtrip():
    recipient = crypto.new_encryption_key()
    key = crypto.new_data_key()
    wrapped = crypto.wrap_key(key, crypto.raw_public(recipient.public_key()))
    assert crypto.unwrap_key(wrapped, recipient) == key
    with pytest.raises(PackageError):
        crypto.unwrap_key(wrapped, crypto.new_encryption_key())
    blob = crypto.seal(key, "records/dossiers-0001.jsonl", b"abc")
    assert crypto.open_sealed(key, "records/dossiers-0001.jsonl", blob) == b"abc"
    with pytest.raises(PackageError):  # the entry name is associated data: entries cannot be swapped
        crypto.open_sealed(key, "records/audit-0001.jsonl", blob)
    assert crypto.seal(key, "x", b"abc") != crypto.seal(key, "x", b"abc")  # fresh nonce each time


def test_encrypted_package_needs_this_province(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    res = helpers.export_(communes["07210"], tmp / "out")
    assert res.encrypted
    with zipfile.ZipFile(res.paths[0]) as z:
        raw = b"".join(z.read(n) for n in z.namelist() if n.startswith("records/"))
    assert "Thôn".encode() not in raw and b"holders" not in raw  # nothing readable in transit
    pkg = verify.verify_package(res.paths)  # hashes verify without the key
    with pytest.raises(PackageError, match="encrypted"):
        list(pkg.records("dossiers"))
    with pytest.raises(PackageError, match="not encrypted to this province"):
        verify.verify_package(res.paths, decrypt_key=crypto.new_encryption_key())
    assert helpers.import_(desk, res.paths, tmp / "rc").status == "imported"


def test_signing_key_file_is_private(linked):
    desk, communes, tmp = linked
    ws = communes["07228"]
    path = ws.root / "keys" / keys.SIGNING_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(ws.read(keys.key_fingerprint)) == 39
    # a workspace made before keys existed gets one on first export
    path.unlink()
    res = helpers.export_(ws, tmp / "o", encrypt=False)
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify.verify_package(res.paths).header["sender_key"] == ws.read(keys.key_fingerprint)


def test_key_rotation_announced_by_the_current_key(linked):
    desk, communes, tmp = linked
    ws = communes["07228"]
    old = ws.read(keys.key_fingerprint)
    new = ws.transact(keys.start_rotation)
    p1 = helpers.export_(ws, tmp / "o")
    assert verify.verify_package(p1.paths).header["sender_key"] == old  # signed by the current key
    assert ws.read(keys.key_fingerprint) == new  # the workspace switched after writing it
    p2 = helpers.export_(ws, tmp / "o")
    assert verify.verify_package(p2.paths).header["sender_key"] == new
    assert helpers.import_(desk, p1.paths, tmp / "rc").status == "imported"
    assert helpers.import_(desk, p2.paths, tmp / "rc").status == "imported"  # no operator step needed
