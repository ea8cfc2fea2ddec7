"""Sync packages: export throughput and memory, province import speed on SQLite and PostgreSQL.

    .venv/bin/python tests/perf/bench_sync.py [--records 10000] [--pages 30000] [--page-kb 60] [--runs 3]
                                              [--import-only]

Export: 10,000 demo dossiers with 30,000 scan pages (synthetic, incompressible like JPEG). Floor: a
bare copy + SHA-256 of the same scan bytes into one file, fsynced — what any packager must at least
do. The figure is the export's throughput as a share of the floor's (target ≥ 0.5), and the export
process's peak memory (it must not grow with the package).
Import: the records-only package of the same dossiers into a fresh province store (verify + apply in
one transaction), dossiers per second; SQLite and, when PostgreSQL is installed, PostgreSQL. Floor:
the same records inflated, parsed and inserted bare (raw sqlite3, one table, id + JSON, one
transaction in WAL mode with synchronous=FULL, the store's page size) — the least any importer must do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import PASSWORD, REPO, Row, copy_workspace, demo_workspace, print_table  # noqa: E402

EXPORT_RATIO_TARGET = 0.5
IMPORT_TARGET = 20_000  # dossiers/s


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANDDESK_PASSWORD=PASSWORD, LANDDESK_LANG="en")
    return subprocess.run([sys.executable, "-m", "landdesk", *args], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True)


def attach_pages(ws_path: Path, pages: int, page_kb: int) -> list[Path]:
    """Incompressible page files in the media store + their scan_pages rows, spread over all dossiers."""
    from landdesk.domain.ids import new_id
    from landdesk.media.store import MediaStore
    from landdesk.storage.commune import scans as scan_store
    from landdesk.storage.commune import sync as sync_store
    from landdesk.workspace import Workspace

    rng = random.Random(1)
    ws = Workspace.open(ws_path)
    ids = ws.read(lambda ctx: sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 12))
    media = MediaStore(ws_path / "media")
    files, rows = [], []
    for i in range(pages):
        stored = media.put_bytes(rng.randbytes(page_kb * 1024), "jpg")
        files.append(stored.path)
        rows.append(dict(id=new_id(), sha256=stored.sha256, ext="jpg", size=page_kb * 1024, width=2480,
                         height=3508, dpi=300, dh0=0, dh1=0, dh2=0, dh3=0, quality="", dossier_id=ids[i % len(ids)],
                         kind="gcn", position=i // len(ids), rotation=0, source="bench.jpg", source_page=1,
                         created_by="admin", deleted_by="", note=""))
    for i in range(0, len(rows), 5000):
        ws.transact(lambda ctx, chunk=rows[i:i + 5000]: scan_store.insert_many(ctx.session, chunk))
    ws.close()
    return files


def bare_copy_hash(files: list[Path], out: Path) -> float:
    t = time.perf_counter()
    with open(out, "wb") as dst:
        for f in files:
            h = hashlib.sha256()
            with open(f, "rb") as src:
                while block := src.read(1024 * 1024):
                    h.update(block)
                    dst.write(block)
            h.hexdigest()
        dst.flush()
        os.fsync(dst.fileno())
    return time.perf_counter() - t


def export_once(ws: Path, out: Path) -> tuple[float, float, list[str]]:
    """(seconds, peak RSS MB of the export process, paths) — a fresh subprocess each run."""
    shutil.rmtree(out, ignore_errors=True)
    code = ("import resource, sys, time, json;"
            "from pathlib import Path;"
            "from landdesk.workspace import Workspace;"
            "from landdesk.services.packages import export;"
            f"ws = Workspace.open(Path({str(ws)!r}));"
            "t = time.perf_counter();"
            f"r = export.export_package(ws, Path({str(out)!r}), full=True, encrypt=False);"
            "dt = time.perf_counter() - t;"
            "print(json.dumps({'s': dt, 'rss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
            " 'paths': [str(p) for p in r.paths], 'dossiers': r.dossiers, 'scans': r.scans}))")
    res = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True, text=True)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    return data["s"], data["rss"], data["paths"]


def baseline_rss() -> float:
    code = ("import resource; from landdesk.workspace import Workspace; from landdesk.services.packages import export;"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    return float(subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True,
                                text=True).stdout.strip())


def import_rate(package: list[str], db_url: str | None, work: Path, runs: int, records: int) -> float:
    """Median seconds of verify + import of the package into a fresh province store."""
    from landdesk.services.packages import verify
    from landdesk.services.province import importer, roster
    from landdesk.workspace.province import ProvinceDesk

    header = verify.verify_package([Path(p) for p in package]).header
    times = []
    for i in range(runs):
        root = work / f"desk{i}"
        shutil.rmtree(root, ignore_errors=True)
        url = db_url() if callable(db_url) else db_url
        desk = ProvinceDesk.create(root, "24", password="bench-pass-1", db_url=url)
        desk.transact(lambda ctx: roster.add_key(ctx, header["commune_code"], header["sender_public_key"]))
        os.sync()  # start from a quiet disk: the commit's fsync must not wait for other writes
        t = time.perf_counter()
        res = importer.import_package(desk, [Path(p) for p in package])
        times.append(time.perf_counter() - t)
        assert res.status == "imported", res
        n = res.counts["accepted"] + res.counts["rejected"] + res.counts["duplicate"]
        assert n == records, (n, records)
        desk.close()
    return statistics.median(times)


def bare_import(package: list[str], work: Path, runs: int) -> float:
    """Median seconds of the floor: read + parse every dossier line and insert (id, json) bare."""
    import sqlite3

    import orjson

    from landdesk.services.packages import verify
    from landdesk.storage.province.schema import PAGE_SIZE

    times = []
    for i in range(runs):
        db = work / f"bare{i}.db"
        db.unlink(missing_ok=True)
        con = sqlite3.connect(db, isolation_level=None)
        con.execute(f"PRAGMA page_size={PAGE_SIZE}")  # the province store's: the floor gets it too
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("CREATE TABLE d (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        os.sync()
        t = time.perf_counter()
        pkg = verify.verify_package([Path(p) for p in package])
        con.execute("BEGIN IMMEDIATE")
        con.executemany("INSERT INTO d VALUES (?, ?)",
                        ((orjson.loads(line)["dossier"]["id"], line.decode()) for line in pkg.raw_lines("dossiers")))
        con.execute("COMMIT")
        times.append(time.perf_counter() - t)
        con.close()
    return statistics.median(times)


def export_figures(args, src: Path, tmp: Path) -> dict:
    """Export throughput against the bare copy + hash floor, and the export's peak memory."""
    ws = copy_workspace(src, tmp / "ws")
    files = attach_pages(ws, args.pages, args.page_kb)
    total_mb = args.pages * args.page_kb / 1024
    # alternate bare floor and export runs, medians of each
    floors, exports, rss = [], [], []
    paths: list[str] = []
    for _ in range(args.runs):
        floors.append(bare_copy_hash(files, tmp / "bare.bin"))
        (tmp / "bare.bin").unlink()
        s, peak, paths = export_once(ws, tmp / "out")
        exports.append(s)
        rss.append(peak)
    floor, exp = statistics.median(floors), statistics.median(exports)
    ratio = floor / exp
    row = Row(f"export {args.records:,} dossiers + {args.pages:,} pages ({total_mb:,.0f} MB)", exp, floor,
              f"throughput ≥ {EXPORT_RATIO_TARGET} of floor", ratio >= EXPORT_RATIO_TARGET)
    notes = (f"export throughput {total_mb / exp:,.0f} MB/s vs bare copy+SHA-256 {total_mb / floor:,.0f} MB/s "
             f"(ratio {ratio:.2f}); {len(paths)} volume(s)\n"
             f"export peak memory: {statistics.median(rss):,.0f} MB (interpreter + imports alone: "
             f"{baseline_rss():,.0f} MB)")
    return {"ok": ratio >= EXPORT_RATIO_TARGET, "row": row, "notes": notes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--pages", type=int, default=30_000)
    ap.add_argument("--page-kb", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--import-only", action="store_true", help="skip the export figures")
    args = ap.parse_args(argv)
    src, _ = demo_workspace(args.records, seed=1)
    rows: list[Row] = []
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-sync-", dir=os.environ.get("LANDDESK_BENCH_TMP")) as tmp:
        tmp = Path(tmp)
        # ---- import: the records of the same dossiers (scans are plain file copies) ----
        rec_ws = copy_workspace(src, tmp / "ws2")
        _, _, rec_paths = export_once(rec_ws, tmp / "out2")
        sqlite_s = import_rate(rec_paths, None, tmp, args.runs, args.records)
        bare_s = bare_import(rec_paths, tmp, args.runs)
        rate = args.records / sqlite_s
        ok &= rate >= IMPORT_TARGET
        rows.append(Row(f"province import {args.records:,} dossiers, SQLite ({rate:,.0f}/s)", sqlite_s, bare_s,
                        f"≥ {IMPORT_TARGET:,}/s", rate >= IMPORT_TARGET))
        if not args.import_only:
            export = export_figures(args, src, tmp)
            ok &= export["ok"]
            rows.append(export["row"])
        pg_rate = None
        try:
            from tests.sync.pgserver import PgServer, pg_bin

            if pg_bin() is not None:
                server = PgServer()
                try:
                    pg_s = import_rate(rec_paths, server.new_database, tmp, args.runs, args.records)
                finally:
                    server.stop()
                pg_rate = args.records / pg_s
                # the bar is SQLite's; on PostgreSQL it asks for the same run, reported
                rows.append(Row(f"province import {args.records:,} dossiers, PostgreSQL ({pg_rate:,.0f}/s)", pg_s,
                                None, "same run, reported"))
        except Exception as exc:  # noqa: BLE001 - report, don't hide
            print(f"PostgreSQL run failed: {exc}")
    print_table("Sync packages", rows)
    print(f"\nSQLite import: {rate:,.0f} dossiers/s (bare parse + insert floor: {args.records / bare_s:,.0f}/s)")
    if not args.import_only:
        print(export["notes"])
    if pg_rate is not None:
        print(f"PostgreSQL import: {pg_rate:,.0f} dossiers/s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
