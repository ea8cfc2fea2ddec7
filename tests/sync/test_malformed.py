"""Issue 15, items 2, 3 and 13: malformed manifests, receipts and profiles are one line and exit 2
for that file while the other files of the call are still processed; sequence numbers are bounded
and missing ones kept as ranges; entry names fully match; a record line is capped on every path."""

from __future__ import annotations

import json
import zipfile

import pytest

from landdesk.cli.main import main
from landdesk.domain import i18n
from landdesk.domain import package_format as pf
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto, keys, verify
from landdesk.services.packages.volumes import _zinfo
from landdesk.services.province import importer
from tests.sync import helpers

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def raw_package(path, manifest: bytes, signature: bytes = b"\0" * 64):
    """A container in the writer's exact layout holding arbitrary manifest bytes."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(_zinfo(pf.MANIFEST, zipfile.ZIP_STORED), manifest)
        z.writestr(_zinfo(pf.SIGNATURE, zipfile.ZIP_STORED), signature)
    return path


HOSTILE = {
    "list": b"[]",
    "string": b'"a manifest"',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep-object": b'{"sender_public_key":' + b'{"a":' * 50_000 + b"1" + b"}" * 50_001,
    "key-number": b'{"sender_public_key": 5, "sender_key": "x", "format": "landdesk-package"}',
    "key-list": b'{"sender_public_key": ["AAAA"], "sender_key": null}',
    "not-utf8": b'{"sender_public_key": "\xff\xfe"}',
}


def hostile_files(folder):
    folder.mkdir(exist_ok=True)
    return [raw_package(folder / f"{name}.ldpkg", data) for name, data in HOSTILE.items()]


def signed_manifest(path, signing, header: dict) -> Path:  # noqa: F821 - a container signed for real
    raw = json.dumps(header).encode()
    return raw_package(path, raw, signing.sign(raw))


def test_hostile_manifests_refused_one_line_each_others_imported(linked, capsys):
    desk, communes, tmp = linked
    good = helpers.export_(communes["07210"], tmp / "out", encrypt=False).paths[0]
    bad = hostile_files(tmp / "bad")
    prov, ws_path = desk.root, communes["07210"].root
    desk.close()
    code, out, err = _run(capsys, "--workspace", prov, "province", "import", *bad, good, "--json")
    results = json.loads(out)
    assert code == 2 and "Traceback" not in err
    assert [r["status"] for r in results].count("refused") == len(bad)
    assert [r for r in results if r["status"] == "imported"][0]["commune_code"] == "07210"
    for r in results:
        assert r["status"] == "imported" or ("\n" not in r["error"] and r["error"])
    code, out, err = _run(capsys, "--workspace", ws_path, "package", "verify", *bad, good, "--json")
    assert code == 2 and len(err.strip().splitlines()) == len(bad)
    assert [i["ok"] for i in json.loads(out)].count(True) == 1
    for f in bad:
        code, out, err = _run(capsys, "--workspace", ws_path, "package", "profile", "import", f)
        assert code == 2 and len(err.strip().splitlines()) == 1, (f.name, err)
    receipt = sorted((prov / "receipts").glob("*.ldpkg"))[0]
    code, out, err = _run(capsys, "--workspace", ws_path, "receipt", "apply", *bad, receipt)
    assert code == 2 and len(err.strip().splitlines()) == len(bad)
    assert "accepted" in out


def test_signed_receipt_and_profile_with_wrong_shapes(linked, capsys):
    """Signed by the province's own key, yet of the wrong shape: still one line, nothing applied."""
    desk, communes, tmp = linked
    ws = communes["07210"]
    res = helpers.export_(ws, tmp / "out", encrypt=False)
    imp = helpers.import_(desk, res.paths, tmp / "rc")
    real = verify.read_signed(imp.receipt, "receipt")
    signing = desk.signing_key()
    bodies = [{**real["body"], "results": "x"}, {**real["body"], "results": [["a"]]},
              {**real["body"], "missing": [[5, 2]]}, {**real["body"], "contiguous_through": [1]},
              {**real["body"], "missing": 7}, {**real["body"], "audit_head": {"seq": "1", "hash": 5}}]
    files = []
    for i, body in enumerate(bodies):
        header = {**real, "body": body, "package_id": f"r{i}"}
        files.append(verify.write_signed(tmp / "r" / f"bad{i}.ldpkg", header, signing))
    prof = verify.read_signed(desk.root.parent / "profile.ldpkg", "profile")
    for i, body in enumerate([{**prof["body"], "encryption_key": 5}, {**prof["body"], "communes": [1]},
                              {**prof["body"], "signing_key": None}]):
        files.append(verify.write_signed(tmp / "p" / f"prof{i}.ldpkg", {**prof, "body": body}, signing))
    ws_path = ws.root
    ws.close()
    desk.close()
    code, out, err = _run(capsys, "--workspace", ws_path, "receipt", "apply", *files[:len(bodies)], imp.receipt)
    assert code == 2 and len(err.strip().splitlines()) == len(bodies), err
    assert "accepted" in out  # the good receipt after the bad ones was applied
    for f in files[len(bodies):]:
        code, out, err = _run(capsys, "--workspace", ws_path, "package", "profile", "import", f, "--replace")
        assert code == 2 and len(err.strip().splitlines()) == 1 and "invalid" in err


def test_sequence_number_bounded_missing_kept_as_ranges(linked):
    desk, communes, tmp = linked
    ws = communes["07210"]
    signing = keys.signing_key(ws.root / "keys")
    line = helpers.dossier_line("d-seq", "AA 000001", "001090000001", "11", 1)
    for seq in (10 ** 7, 2 ** 62):
        pkg = helpers.forge(tmp / f"s{seq}", signing, "07210", seq=seq, prev="1" * 64, records=line)
        before = helpers.snapshot(desk)
        with pytest.raises(PackageError, match="too far beyond|sequence number"):
            importer.import_package(desk, [pkg])
        assert helpers.snapshot(desk) == before
    pkg = helpers.forge(tmp / "s900", signing, "07210", seq=900, prev="1" * 64, records=line)
    res = importer.import_package(desk, [pkg], receipts_dir=tmp / "rc")
    assert res.status == "imported" and res.missing == [[1, 899]]
    body = verify.read_signed(res.receipt, "receipt")["body"]
    assert body["missing"] == [[1, 899]] and body["next_expected_seq"] == 1
    assert importer.gaps([2, 3, 7], 10) == [[1, 1], [4, 6], [8, 9]]
    assert importer.gaps([], 1) == [] and importer.gaps([1, 2], 3) == []


def test_receipt_never_over_its_limit(linked, monkeypatch):
    desk, communes, tmp = linked
    res = helpers.export_(communes["07210"], tmp / "out", encrypt=False)
    monkeypatch.setattr(pf, "MAX_RECEIPT_BYTES", 2000)
    before = helpers.snapshot(desk)
    with pytest.raises(PackageError, match="too large for a receipt"):
        helpers.import_(desk, res.paths, tmp / "rc")
    assert helpers.snapshot(desk) == before and not list((tmp / "rc").glob("*.ldpkg"))


def test_entry_names_match_in_full():
    ok = "records/dossiers-0001.jsonl"
    assert pf.is_safe_entry_name(ok) and pf.is_safe_entry_name("scans/" + "a" * 64 + ".jpg")
    for name in (ok + "\n", "scans/" + "a" * 64 + ".jpg\n", "\n" + ok, ok + "\r\n"):
        assert not pf.is_safe_entry_name(name)
    base = {"format": pf.FORMAT, "format_version": 2, "kind": "receipt", "package_id": "x", "province_code": "24",
            "sender_key": "k", "sender_public_key": "p", "created_at": "t", "app_version": "0",
            "contents_digest": "0" * 64 + "\n", "volume": {"index": 1, "count": 1}, "entries": []}
    with pytest.raises(PackageError, match="contents digest"):
        pf.parse_manifest(json.dumps(base).encode())
    base["contents_digest"] = "0" * 64
    entry = {"path": ok + "\n", "size": 1, "sha256": "0" * 64, "kind": "dossiers", "plain_size": 1}
    with pytest.raises(PackageError, match="unsafe or invalid entry name"):
        pf.parse_manifest(json.dumps({**base, "entries": [entry]}).encode())


def test_one_long_line_refused_quickly_on_every_path(linked):
    """A line over the cap inside a chunk under its cap: refused by the streaming reader the
    importer uses (not quadratic: seconds, not minutes), and by records()."""
    import time

    desk, communes, tmp = linked
    signing = keys.signing_key(communes["07210"].root / "keys")
    import base64
    import random

    noise = base64.b64encode(random.Random(1).randbytes(7 * 1024 * 1024))  # does not deflate away
    line = b'{"dossier": {"id": "x", "notes": "' + noise + b'"}}\n'
    pkg = helpers.forge(tmp / "long", signing, "07210", records=line)
    before = helpers.snapshot(desk)
    t0 = time.perf_counter()
    with pytest.raises(PackageError, match="too large"):
        importer.import_package(desk, [pkg])
    assert time.perf_counter() - t0 < 10
    assert helpers.snapshot(desk) == before
    vp = verify.verify_package([pkg])
    with pytest.raises(PackageError, match="too large"):
        list(vp.raw_lines("dossiers"))
    with pytest.raises(PackageError, match="too large"):
        list(vp.records("dossiers"))
    # a chunk whose plain size is over its cap is refused from the manifest alone
    huge = b"a" * (pf.MAX_RECORD_CHUNK_BYTES + 1) + b"\n"
    big = helpers.forge(tmp / "huge", signing, "07210", records=huge)
    with pytest.raises(PackageError, match="records chunk too large"):
        verify.verify_package([big])


def test_deep_record_lines_refused(linked):
    desk, communes, tmp = linked
    signing = keys.signing_key(communes["07210"].root / "keys")
    deep = b'{"dossier": {"id": "x", "holders": [], "parcels": [], "notes": ' + b"[" * 5000 + b"]" * 5000
    deep += b'}, "revision": 1}\n'
    pkg = helpers.forge(tmp / "deep", signing, "07210", records=deep)
    with pytest.raises(PackageError, match="not valid JSON|invalid"):
        importer.import_package(desk, [pkg])
    assert crypto  # the module is used by the helpers above
