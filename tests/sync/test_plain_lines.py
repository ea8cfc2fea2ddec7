"""Records inflated a piece at a time give exactly the lines of the whole entry, and a stored entry
whose inflated size is not the signed one is refused."""

from __future__ import annotations

import dataclasses

import pytest

from landdesk.domain.package_format import PackageError
from landdesk.services.packages import keys, verify
from tests.sync import helpers

RECORDS = (b'{"a":1}\n\n{"b":"x\\r\\ny"}\r\n' + b'{"c":"' + b"z" * 5000 + b'"}\r\n\r\n'
           + b"\n".join(b'{"n":%d}' % i for i in range(300)) + b'\n{"last":true}')


@pytest.fixture
def package(linked):
    _, communes, tmp = linked
    ws = communes["07210"]
    path = helpers.forge(tmp / "lines", keys.signing_key(ws.root / "keys"), "07210", records=RECORDS + b"\n")
    pkg = verify.verify_package([path])
    ((vol, entry),) = list(pkg.entries("dossiers"))
    return pkg, vol, entry


@pytest.mark.parametrize("piece", [1, 7, 4096, verify.VerifiedPackage.INFLATE_PIECE])
def test_pieces_give_the_lines_of_the_whole_entry(package, monkeypatch, piece):
    pkg, vol, entry = package
    monkeypatch.setattr(verify.VerifiedPackage, "INFLATE_PIECE", piece)
    whole = [line for line in pkg.plain_bytes(vol, entry).splitlines() if line]
    assert list(pkg.plain_lines(vol, entry)) == whole
    assert whole[-1] == b'{"last":true}' and len(whole) == 304


@pytest.mark.parametrize("delta", [-1, 1])
def test_an_inflated_size_other_than_the_signed_one_is_refused(package, delta):
    pkg, vol, entry = package
    wrong = dataclasses.replace(entry, plain_size=entry.plain_size + delta)
    with pytest.raises(PackageError) as err:
        list(pkg.plain_lines(vol, wrong))
    assert "size" in err.value.en
