"""Workspace at 100k dossiers: demo build, search as you type, records browser, save one dossier.

    .venv/bin/python tests/perf/bench_workspace.py [--records N] [--seed S] [--rebuild]

Floors are the same work done bare in raw sqlite3 on the same file: the FTS5 query with the
browser's columns; the ordered id list and count; an insert of comparable rows + commit with
synchronous=FULL.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import Row, bars_met, copy_workspace, demo_workspace, print_table, timings  # noqa: E402

# What officers type: prefixes of real names, serial fragments, ID and sheet/parcel fragments.
QUERIES = ("ng", "nguyen v", "tran thi h", "le van", "pham thi thu", "hoang", "dang quang", "bui thi",
           "cs 12", "dh 0", "bđ", "0270", "02418", "12/3", "7/15", "to dan pho so 3")
SEARCH_TARGET, SAVE_TARGET, BROWSE_TARGET, DEMO_TARGET = 0.030, 0.050, 0.300, 60.0

_SUMMARY_SQL = (
    "SELECT id, num, serial, holders_display, village, parcels_display, total_area, status, custody, errors, "
    "warnings, updated_at, updated_by, province_status FROM dossiers "
    "WHERE num IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?) ORDER BY num LIMIT 50"
)


def bench_search(ws, db: Path) -> list[Row]:
    from landdesk.domain.searchkeys import fts_query
    from landdesk.services import search

    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ours, floor, worst = [], [], (0.0, "")
    for q in QUERIES:
        t = timings(lambda q=q: ws.read(lambda ctx: search.search(ctx, q, limit=50)), runs=9)
        match = fts_query(q)
        f = timings(lambda m=match: raw.execute(_SUMMARY_SQL, (m,)).fetchall(), runs=9)
        ours += t
        floor += f
        worst = max(worst, (statistics.median(t), q))
    raw.close()
    med = statistics.median(ours)
    return [
        Row(f"search, {len(QUERIES)} typed queries (limit 50)", med, statistics.median(floor),
            "< 30 ms", med < SEARCH_TARGET),
        Row(f"  slowest query ({worst[1]!r})", worst[0], None, "-", None),
    ]


def bench_browse(ws, db: Path) -> Row:
    from landdesk.services import search
    from landdesk.storage.commune import browse

    def ours():
        ws.read(lambda ctx: (search.browse_ids(ctx, search.make_filters()),
                             browse.count(ctx.session, search.make_filters())))

    raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def bare():
        raw.execute("SELECT id FROM dossiers ORDER BY num").fetchall()
        raw.execute("SELECT count(*) FROM dossiers").fetchone()

    value = statistics.median(timings(ours, runs=5))
    floor = statistics.median(timings(bare, runs=5))
    raw.close()
    return Row("browser: ordered ids + count", value, floor, "< 300 ms", value < BROWSE_TARGET)


def _new_dossier(i: int):
    from landdesk.domain.codes import CustodyStatus, Gender, LegalForm, Role, UseForm
    from landdesk.domain.model import Dossier, Holder, LandUse, Parcel
    from landdesk.domain.values import PartialDate

    return Dossier(
        commune_code="07210", village="Tổ dân phố số 3", serial=f"ĐK {900000 + i:06d}",
        issue_date=date(2015, 6, 1), registry_no=f"CH {i:05d}", custody=CustodyStatus.COLLECTED,
        holders=[
            Holder(name="Nguyễn Văn Bench", cccd=f"024085{i:06d}", birth=PartialDate(1985, 3, 2),
                   gender=Gender.MALE, legal_form=LegalForm.COUPLE, role=Role.HUSBAND,
                   address="Tổ dân phố số 3, Phường Bắc Giang, Tỉnh Bắc Ninh"),
            Holder(name="Trần Thị Bench", cccd=f"024188{i:06d}", birth=PartialDate(1988, 5, 9),
                   gender=Gender.FEMALE, legal_form=LegalForm.COUPLE, role=Role.WIFE,
                   address="Tổ dân phố số 3, Phường Bắc Giang, Tỉnh Bắc Ninh"),
        ],
        parcels=[Parcel(sheet_cert="999", parcel_cert=str(i), address="Tổ dân phố số 3", area=250.0, land_uses=[
            LandUse(code="ODT", raw_text="Đất ở tại đô thị", area=100.0, use_form=UseForm.PRIVATE, term="Lâu dài"),
            LandUse(code="CLN", raw_text="Đất trồng cây lâu năm", area=150.0, use_form=UseForm.PRIVATE,
                    term="Lâu dài"),
        ])],
    )


def bench_save(src: Path) -> Row:
    from landdesk.domain.searchkeys import search_body
    from landdesk.services import dossiers
    from landdesk.storage.commune.dossiers import child_values, dossier_values
    from landdesk.workspace import DB_NAME, Workspace

    with tempfile.TemporaryDirectory(prefix="landdesk-bench-") as tmp:
        root = copy_workspace(src, Path(tmp) / "ws")
        counter = iter(range(1, 10_000))
        with Workspace.open(root) as ws:  # engine default: synchronous=FULL
            value = statistics.median(timings(
                lambda: ws.transact(lambda ctx: dossiers.save_dossier(ctx, _new_dossier(next(counter)))), runs=25))

        # Floor: the same rows inserted by raw sqlite3 with synchronous=FULL, one commit each.
        raw = sqlite3.connect(root / DB_NAME, isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        num = raw.execute("SELECT max(num) FROM dossiers").fetchone()[0]
        prepared = []
        for k in range(30):
            d = _new_dossier(5000 + k)
            num += 1
            row = dossier_values(d)
            row.update(num=num, change_no=num, revision=1, created_at="2025-11-01 00:00:00",
                       created_by="bench", updated_at="2025-11-01 00:00:00", updated_by="bench")
            row = {k2: (v.isoformat() if isinstance(v, date) else v) for k2, v in row.items()}
            prepared.append((row, *child_values(d), search_body(d)))

        def insert(table: str, rows: list[dict]) -> None:
            if rows:
                cols = list(rows[0])
                names = ",".join(f'"{c}"' for c in cols)
                raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({','.join('?' * len(cols))})",
                                [tuple(r[c] for c in cols) for r in rows])

        items = iter(prepared)

        def bare():
            row, parcels, uses, holders, body = next(items)
            raw.execute("BEGIN IMMEDIATE")
            insert("dossiers", [row])
            insert("parcels", parcels)
            insert("land_uses", uses)
            insert("holders", holders)
            raw.execute("INSERT INTO dossier_fts(rowid, body) VALUES (?, ?)", (row["num"], body))
            raw.execute("COMMIT")

        floor = statistics.median(timings(bare, runs=25, warmup=1))
        raw.close()
    return Row("save one dossier (synchronous=FULL)", value, floor, "< 50 ms", value < SAVE_TARGET)


def bench_backup(ws, root: Path) -> list[Row]:
    """Backup (snapshot + integrity check + hashes, verified) and verified restore, against a bare
    copy + SHA-256 of the same database file."""
    import hashlib
    import shutil

    from landdesk.services import backup
    from landdesk.services.packages import keys
    from landdesk.workspace import DB_NAME
    from tests.perf.common import PASSWORD

    with tempfile.TemporaryDirectory(prefix="landdesk-bench-") as tmp:
        tmp = Path(tmp)
        made = []

        def run_backup():
            made.append(ws.read(lambda ctx: backup.create_backup(ctx, tmp / "usb")))

        def bare_copy():
            shutil.copyfile(root / DB_NAME, tmp / "raw.db")
            h = hashlib.sha256()
            with open(tmp / "raw.db", "rb") as f:
                while chunk := f.read(1 << 20):
                    h.update(chunk)

        value = statistics.median(timings(run_backup, runs=3, warmup=0))
        floor = statistics.median(timings(bare_copy, runs=3, warmup=0))
        n = iter(range(100))
        restore = statistics.median(timings(
            lambda: backup.restore_backup(made[0].folder, tmp / f"restored-{next(n)}", password=PASSWORD,
                                          key=keys.backup_key(root / "keys")), runs=3, warmup=0))
    return [Row("backup (db snapshot, encrypted, verified)", value, floor, "-", None),
            Row("restore (verify, stage, swap)", restore, floor, "-", None)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rebuild", action="store_true", help="build the demo workspace again (times it)")
    args = p.parse_args(argv)

    from landdesk.workspace import DB_NAME, Workspace

    root, info = demo_workspace(args.records, args.seed, rebuild=args.rebuild)
    note = f" (cached build of {info['built_at']})" if info["cached"] else ""
    rows = [Row(f"demo --records {args.records}{note}", info["seconds"], None, "< 60 s",
                info["seconds"] < DEMO_TARGET if args.records == 100_000 else None)]
    if "cpu_seconds" in info:  # the same run's CPU time: what it costs on an otherwise idle machine
        rows.append(Row(f"  its CPU time (load average then {info['load']:.1f})", info["cpu_seconds"], None,
                        "-", None))
    with Workspace.open(root) as ws:
        rows += bench_search(ws, root / DB_NAME)
        rows.append(bench_browse(ws, root / DB_NAME))
        rows += bench_backup(ws, root)
    rows.append(bench_save(root))
    print_table(f"Workspace at {args.records:,} dossiers".replace(",", "."), rows)
    return 0 if bars_met(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
