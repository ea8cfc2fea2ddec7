"""Workstations of one commune: a station's day merged into a primary holding 30,000 dossiers, the
answer built, and the same exchange over the office network (loopback here).

    .venv/bin/python tests/perf/bench_stations.py [--primary 30000] [--day 2000] [--pages 6000]
                                                  [--page-kb 100] [--runs 3]

The day: 2,000 new dossiers (the demo generator's) with 6,000 scanned pages (incompressible, like JPEG)
entered at the station, sent as one encrypted station package.

Figures, each beside a bare floor measured in the same run (medians of --runs):
- merge: verify + decrypt + stage the pages + merge the records at the primary, in one transaction.
  Floor: the same dossiers inserted bare (raw sqlite3 executemany of the dossier, parcel, land-use and
  holder rows into a copy of the primary's database, one transaction) plus a bare copy + SHA-256 of
  the page files into the media folder (each file fsynced, as the import must before it commits).
  Target ≤ 4× the floor: the import hashes every byte twice (signature check of the whole package
  before anything is read, then each scan as it is staged), decrypts, checks each image's header,
  validates and indexes every dossier (full-text index, duplicate keys) — about three passes over the
  bytes and the rows the floor touches once.
- answer: the answer package for the station (the 2,000 merged dossiers go back; their pages are not
  sent again), built and encrypted. Floor: the same dossier rows read bare (raw sqlite3 SELECT of the
  four tables) and written as JSON lines. Target ≤ 6×: the answer builds whole dossier records
  (pages included), compresses, encrypts, signs and records the package.
- network: the same station package posted to the primary's listener over loopback and the answer
  received and applied at the station. Floor: the folder exchange of the same (merge + answer + the
  station applying it) plus a bare loopback transfer of the package's bytes. Target ≤ 1.5×.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import PASSWORD, Row, bars_met, copy_workspace, demo_workspace, print_table  # noqa: E402

MERGE_RATIO = 4.0
ANSWER_RATIO = 6.0
LAN_RATIO = 1.5


def build_office(args, tmp: Path) -> dict:
    """A primary with `--primary` dossiers, one station enrolled from it (the whole commune), and the
    station's day: new dossiers with pages, sent as one package."""
    from landdesk.demo import commune as demo
    from landdesk.domain.ids import new_id
    from landdesk.media.store import MediaStore
    from landdesk.services.stations import enrol, join, primary, station
    from landdesk.storage.commune import scans as scan_store
    from landdesk.storage.commune import stations as store
    from landdesk.storage.commune import sync as sync_store
    from landdesk.workspace import Workspace

    src, _ = demo_workspace(args.primary, seed=3)
    p_root = copy_workspace(src, tmp / "primary")
    p = Workspace.open(p_root)
    t = time.perf_counter()
    got = enrol.enrol_station(p, "Bàn bench", tmp / "enrol.ldpkg")
    enrol_s = time.perf_counter() - t
    t = time.perf_counter()
    s = join.join(lambda code, user, pw: Workspace.create(tmp / "station", code, admin=user, password=pw),
                  got.paths, "admin", PASSWORD)
    join_s = time.perf_counter() - t
    primary.import_files(p, station.send(s).paths)  # keys pinned
    sid = s.read(lambda ctx: store.role(ctx.session)[1])
    for path in primary.answer(p, sid, force=True):
        station.apply_answer(s, [path])
    before = s.read(lambda ctx: set(sync_store.changed_dossier_ids(ctx.session, -1, 10 ** 12)))
    from landdesk.storage.commune import dossiers as dossier_store

    def enter_day(ctx):
        for batch in demo.generate_batches(args.day, 11, ctx.session and s.info.commune_code):
            dossier_store.bulk_insert_dossiers(ctx.session, batch, ctx.actor.username)

    s.transact(enter_day)
    day_ids = sorted(s.read(lambda ctx: set(sync_store.changed_dossier_ids(ctx.session, -1, 10 ** 12))) - before)
    rng = random.Random(5)
    media = MediaStore(tmp / "station" / "media")
    rows, files = [], []
    for i in range(args.pages):
        stored = media.put_bytes(rng.randbytes(args.page_kb * 1024), "jpg")
        files.append(stored.path)
        rows.append(dict(id=new_id(), sha256=stored.sha256, ext="jpg", size=args.page_kb * 1024, width=2480,
                         height=3508, dpi=300, dh0=0, dh1=0, dh2=0, dh3=0, quality="",
                         dossier_id=day_ids[i % len(day_ids)], kind="gcn", position=i // len(day_ids) + 1,
                         rotation=0, source="bench.jpg", source_page=1, created_by="admin", deleted_by="", note=""))
    for i in range(0, len(rows), 5000):
        s.transact(lambda ctx, chunk=rows[i:i + 5000]: scan_store.insert_many(ctx.session, chunk))
    s.transact(lambda ctx: scan_store.bump_dossiers(ctx.session, day_ids, "admin"))
    sent = station.send(s)
    p.close()
    s.close()
    return {"primary": p_root, "station": tmp / "station", "package": sent.paths, "files": files,
            "day_ids": day_ids, "station_id": sid, "enrol_s": enrol_s, "join_s": join_s,
            "package_mb": sum(x.stat().st_size for x in sent.paths) / 1024 / 1024}


def merge_once(office, work: Path) -> tuple[float, float, Path]:
    """(merge seconds, answer seconds, answer path) on a fresh copy of the primary."""
    from landdesk.services.stations import primary
    from landdesk.workspace import Workspace

    root = copy_workspace(office["primary"], work / "p")
    p = Workspace.open(root)
    try:
        os.sync()
        t = time.perf_counter()
        got = primary.import_files(p, office["package"])
        merge = time.perf_counter() - t
        assert got.status == "imported" and got.counts["new"] == len(office["day_ids"]), got
        t = time.perf_counter()
        paths = primary.answer(p, office["station_id"])
        answer = time.perf_counter() - t
        assert paths
    finally:
        p.close()
    return merge, answer, paths[0]


TABLES = ("dossiers", "parcels", "land_uses", "holders")


def bare_merge(office, work: Path) -> float:
    """Raw sqlite3 insert of the day's rows into a copy of the primary's database + copy/hash/fsync of
    the page files."""
    root = copy_workspace(office["primary"], work / "bare")
    ids = office["day_ids"]
    src = sqlite3.connect(office["station"] / "landdesk.db")
    rows = {}
    q = ",".join("?" * len(ids))
    rows["dossiers"] = src.execute(f"SELECT * FROM dossiers WHERE id IN ({q})", ids).fetchall()
    rows["parcels"] = src.execute(f"SELECT * FROM parcels WHERE dossier_id IN ({q})", ids).fetchall()
    pids = [r[0] for r in rows["parcels"]]
    rows["land_uses"] = [r for i in range(0, len(pids), 900) for r in src.execute(
        f"SELECT * FROM land_uses WHERE parcel_id IN ({','.join('?' * len(pids[i:i + 900]))})", pids[i:i + 900])]
    rows["holders"] = src.execute(f"SELECT * FROM holders WHERE dossier_id IN ({q})", ids).fetchall()
    src.close()
    con = sqlite3.connect(root / "landdesk.db", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    media = root / "media"
    os.sync()
    t = time.perf_counter()
    for f in office["files"]:
        h = hashlib.sha256()
        dest = media / f.parent.parent.name / f.parent.name / f.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(f, "rb") as a, open(dest, "wb") as b:
            while block := a.read(1 << 20):
                h.update(block)
                b.write(block)
            b.flush()
            os.fsync(b.fileno())
    con.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        if rows[table]:
            con.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[table][0]))})", rows[table])
    con.execute("COMMIT")
    took = time.perf_counter() - t
    con.close()
    return took


def bare_answer(office, root: Path) -> float:
    """Raw SELECT of the day's rows from the merged primary, written as JSON lines."""
    ids = office["day_ids"]
    con = sqlite3.connect(root / "landdesk.db")
    t = time.perf_counter()
    out = bytearray()
    q = ",".join("?" * len(ids))
    for table, col in (("dossiers", "id"), ("parcels", "dossier_id"), ("holders", "dossier_id")):
        for r in con.execute(f"SELECT * FROM {table} WHERE {col} IN ({q})", ids):
            out += json.dumps(r, default=str).encode() + b"\n"
    took = time.perf_counter() - t
    con.close()
    return took


def lan_once(office, work: Path) -> float:
    """Station package over loopback into a fresh copy of the primary, answer back and applied."""
    from landdesk.services.stations import lan
    from landdesk.workspace import Workspace

    p_root = copy_workspace(office["primary"], work / "lp")
    s_root = copy_workspace(office["station"], work / "ls")
    p, s = Workspace.open(p_root), Workspace.open(s_root)
    server = lan.StationServer(p, "127.0.0.1", 0).start()
    try:
        os.sync()
        t = time.perf_counter()
        got = lan.sync_lan(s, f"127.0.0.1:{server.port}")
        took = time.perf_counter() - t
        assert got["answer"] and got["answer"]["status"] == "applied", got
    finally:
        server.stop()
        p.close()
        s.close()
    return took


def folder_exchange_once(office, work: Path) -> float:
    """The same by files: merge + answer + the station applying it (the network's floor, with the
    bare transfer below)."""
    from landdesk.services.stations import primary, station
    from landdesk.workspace import Workspace

    p_root = copy_workspace(office["primary"], work / "fp")
    s_root = copy_workspace(office["station"], work / "fs")
    p, s = Workspace.open(p_root), Workspace.open(s_root)
    try:
        os.sync()
        t = time.perf_counter()
        primary.import_files(p, office["package"])
        paths = primary.answer(p, office["station_id"])
        station.apply_answer(s, paths)
        return time.perf_counter() - t
    finally:
        p.close()
        s.close()


def bare_transfer(path: Path) -> float:
    """The package's bytes through a loopback TCP connection."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)

    def sink():
        conn, _ = srv.accept()
        while conn.recv(1 << 20):
            pass
        conn.close()

    th = threading.Thread(target=sink)
    th.start()
    t = time.perf_counter()
    with socket.create_connection(srv.getsockname()) as c, open(path, "rb") as f:
        while block := f.read(1 << 20):
            c.sendall(block)
    th.join()
    took = time.perf_counter() - t
    srv.close()
    return took


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--primary", type=int, default=30_000)
    ap.add_argument("--day", type=int, default=2_000)
    ap.add_argument("--pages", type=int, default=6_000)
    ap.add_argument("--page-kb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("LANDDESK_PASSWORD", PASSWORD)
    tmp = Path(tempfile.mkdtemp(prefix="bench-stations-"))
    try:
        office = build_office(args, tmp)
        merges, answers, floors, afloors, lans, folders, transfers = [], [], [], [], [], [], []
        for i in range(args.runs):
            work = tmp / f"run{i}"
            work.mkdir()
            floors.append(bare_merge(office, work))
            m, a, _ = merge_once(office, work)
            merges.append(m)
            answers.append(a)
            afloors.append(bare_answer(office, work / "p"))
            shutil.rmtree(work)
            work.mkdir()
            folders.append(folder_exchange_once(office, work))
            transfers.append(bare_transfer(office["package"][0]))
            lans.append(lan_once(office, work))
            shutil.rmtree(work)
        med = statistics.median
        merge_floor = med(floors)
        lan_floor = med(folders) + med(transfers)
        rows = [
            Row(f"merge a day ({args.day} dossiers, {args.pages} pages, {office['package_mb']:.0f} MB) into "
                f"{args.primary:,}", med(merges), merge_floor, f"≤ {MERGE_RATIO:g}× floor",
                med(merges) <= MERGE_RATIO * merge_floor),
            Row("answer package built", med(answers), med(afloors), f"≤ {ANSWER_RATIO:g}× floor",
                med(answers) <= ANSWER_RATIO * med(afloors)),
            Row("network exchange (loopback)", med(lans), lan_floor, f"≤ {LAN_RATIO:g}× floor",
                med(lans) <= LAN_RATIO * lan_floor),
            Row("(set-up) enrolment file of the whole commune", office["enrol_s"], None, ""),
            Row("(set-up) station join: the whole commune taken in", office["join_s"], None, ""),
        ]
        print_table(f"stations — load {os.getloadavg()[0]:.1f}, runs {args.runs}, "
                    f"merge runs {[round(x, 2) for x in merges]}, floors {[round(x, 2) for x in floors]}", rows)
        return 0 if bars_met(rows) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
