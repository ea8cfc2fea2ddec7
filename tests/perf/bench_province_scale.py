"""The province as it really is (issue 16 §5): a store already holding about 1.2 million dossiers from
the 99 communes of Bắc Ninh, then one commune's 12,000-dossier package imported into it.

    .venv/bin/python tests/perf/bench_province_scale.py [--records 12000] [--communes 99] [--runs 3]

The store: the package is imported for real into a scratch desk; its rows (dossiers with their packed
data and identifying keys) are copied under each of the other communes' codes (new ids, the keys made
the commune's own, except one dossier in a hundred of the first copy, whose certificate, citizen and
parcel keys stay as they are, so the measured import meets real cross-commune duplicates). Then, on a
fresh copy of that store each run:

- the import of the package (verify + apply, duplicate detection included): dossiers per second, bar
  ≥ 10,000/s; floor: the same records parsed and inserted bare into an empty table (bench_sync's);
- the progress report over the 99 communes: bar < 1 s; floor: a bare COUNT(*) GROUP BY commune;
- the open conflict queue of the importing commune (the whole queue: the service has no paging yet):
  bar < 100 ms; floor: the bare SELECT of its rows;
- the import's peak memory (a subprocess of its own): it must not grow with the store.

SQLite only: the PostgreSQL half of the issue's bar is not built yet (the store would be filled the
same way, by INSERT … SELECT on the server).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from landdesk.storage.province.keys import key_hash  # noqa: E402
from tests.perf.bench_sync import bare_import, export_once  # noqa: E402
from tests.perf.common import REPO, Row, copy_workspace, demo_workspace, print_table  # noqa: E402

IMPORT_TARGET = 10_000  # dossiers/s into the full store
REPORT_TARGET = 1.0  # s
PAGE_TARGET = 0.100  # s
DUPLICATE_EVERY = 100  # one dossier in a hundred of the first copy keeps its keys


def template_desk(package: list[str], work: Path) -> tuple[Path, str, str]:
    """A scratch desk holding the package imported for real: (its database, commune code, public key)."""
    from landdesk.services.packages import verify
    from landdesk.services.province import importer, roster
    from landdesk.workspace.province import ProvinceDesk

    header = verify.verify_package([Path(p) for p in package]).header
    desk = ProvinceDesk.create(work / "template", "24", password="bench-pass-1")
    desk.transact(lambda ctx: roster.add_key(ctx, header["commune_code"], header["sender_public_key"]))
    res = importer.import_package(desk, [Path(p) for p in package])
    assert res.status == "imported", res
    desk.close()
    return work / "template" / "province.db", header["commune_code"], header["sender_public_key"]


def full_store(package: list[str], work: Path, communes: int) -> tuple[Path, int, str]:
    """A desk whose store holds the template's dossiers under `communes - 1` other communes' codes,
    the importing commune's key approved: (its folder, dossiers stored, the importing commune)."""
    from landdesk.services.province import roster
    from landdesk.workspace.province import ProvinceDesk

    template, commune, public_key = template_desk(package, work)
    root = work / "full"
    desk = ProvinceDesk.create(root, "24", password="bench-pass-1")
    desk.transact(lambda ctx: roster.add_key(ctx, commune, public_key))
    others = [c for c in desk.read(lambda ctx: [r.code for r in _communes(ctx)]) if c != commune][:communes - 1]
    desk.close()
    con = sqlite3.connect(root / "province.db", isolation_level=None)
    con.execute("PRAGMA cache_size=-1048576")  # (building only: the desk itself runs with its own 64 MB)
    con.create_function("key_hash", 1, key_hash, deterministic=True)
    con.execute("ATTACH DATABASE ? AS t", (str(template),))
    cols = [r[1] for r in con.execute("PRAGMA t.table_info(prov_dossiers)") if r[1] != "n"]
    con.execute("BEGIN IMMEDIATE")
    for n, code in enumerate(others):
        tagged = "replace(d.key_rows, '\",', :tag || '\",')"  # key_rows: "k1","k2" → "k1~07228","k2~07228"
        same = f"d.rowid % {DUPLICATE_EVERY} = 0" if n == 0 else "0"  # the first copy: one in a hundred as is
        # ids: the same time-ordered (UUIDv7) head, a tail of the copy's own ('x' is never a hex digit), so the
        # communes' ids interleave in the id index as dossiers entered at the same time do
        picked = ", ".join({"id": "substr(d.id, 1, 33) || :p", "commune_code": ":code",
                            "key_rows": f"CASE WHEN {same} OR d.key_rows = '' THEN d.key_rows ELSE "
                                        f"substr({tagged}, 1, length({tagged}) - 1) || :tag || '\"' END"}
                           .get(c, f"d.{c}") for c in cols)
        params = {"p": f"x{n:02d}", "code": code, "tag": f"~{code}"}
        con.execute(f"INSERT INTO prov_dossiers ({', '.join(cols)}) SELECT {picked} FROM t.prov_dossiers AS d",
                    params)
    # every copied dossier's keys, in dossier order as imports add them (so the index is as full as a
    # store's grown by imports, not packed tight by a sorted load)
    con.execute("INSERT INTO prov_keys (h, n) SELECT key_hash(k.value), d.n FROM prov_dossiers AS d, "
                "json_each('[' || d.key_rows || ']') AS k")
    con.execute("COMMIT")
    stored = con.execute("SELECT count(*) FROM prov_dossiers").fetchone()[0]
    con.execute("DETACH DATABASE t")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # (no ANALYZE: a desk in use has no statistics either)
    con.close()
    return root, stored, commune


def _communes(ctx):
    from landdesk.storage.province import roster as roster_store

    return roster_store.communes(ctx.session)


IMPORT_CODE = """
import json, resource, sys, time
from pathlib import Path
from landdesk.services.province import importer
from landdesk.workspace.province import ProvinceDesk
desk = ProvinceDesk.open(Path(sys.argv[1]))
t = time.perf_counter()
res = importer.import_package(desk, [Path(p) for p in sys.argv[2:]])
dt = time.perf_counter() - t
desk.close()
print(json.dumps({"s": dt, "status": res.status, "counts": res.counts,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def import_once(store: Path, package: list[str], work: Path) -> dict:
    """One import into a fresh copy of the full store, in a process of its own (its peak memory)."""
    root = work / "run"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(store, root)
    os.sync()  # start from a quiet disk: the commit's fsync must not wait for the copy's writes
    env = dict(os.environ, LANDDESK_LANG="en")
    p = subprocess.run([sys.executable, "-c", IMPORT_CODE, str(root), *package], cwd=REPO, env=env, check=True,
                       capture_output=True, text=True)
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out["root"] = root
    return out


def queries(root: Path, commune: str, runs: int = 5) -> dict[str, float]:
    """Median seconds of the progress report and the commune's open conflict queue (through the
    services, as the desk's window asks), and of their bare floors on the same file."""
    from landdesk.services.province import conflicts, report
    from landdesk.workspace.province import ProvinceDesk

    desk = ProvinceDesk.open(root)
    rep, queue = [], []
    for _ in range(runs + 1):  # the first of each warms the page cache, as a desk in use has it
        t = time.perf_counter()
        rows = desk.read(report.progress_report)
        rep.append(time.perf_counter() - t)
        t = time.perf_counter()
        found = desk.read(lambda ctx: conflicts.list_conflicts(ctx, commune_code=commune))
        queue.append(time.perf_counter() - t)
    desk.close()
    con = sqlite3.connect(root / "province.db")
    bare_rep, bare_queue = [], []
    for _ in range(runs + 1):
        t = time.perf_counter()
        con.execute("SELECT commune_code, count(*) FROM prov_dossiers GROUP BY commune_code").fetchall()
        bare_rep.append(time.perf_counter() - t)
        t = time.perf_counter()
        con.execute("SELECT * FROM prov_conflicts WHERE commune_code = ? AND status = 'open'", (commune,)).fetchall()
        bare_queue.append(time.perf_counter() - t)
    con.close()
    med = lambda xs: statistics.median(xs[1:])  # noqa: E731
    return {"report": med(rep), "report_floor": med(bare_rep), "queue": med(queue), "queue_floor": med(bare_queue),
            "communes": len(rows), "conflicts": len(found)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=12_000)
    ap.add_argument("--communes", type=int, default=99)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    src, _ = demo_workspace(args.records, seed=1)
    with tempfile.TemporaryDirectory(prefix="bench-province-", dir=os.environ.get("LANDDESK_BENCH_TMP")) as tmp:
        tmp = Path(tmp)
        ws = copy_workspace(src, tmp / "ws")
        _, _, package = export_once(ws, tmp / "out")
        t = time.perf_counter()
        store, stored, commune = full_store(package, tmp, args.communes)
        built = time.perf_counter() - t
        size_mb = (store / "province.db").stat().st_size / 2 ** 20
        runs = [import_once(store, package, tmp) for _ in range(args.runs)]
        assert all(r["status"] == "imported" for r in runs), runs
        seconds = statistics.median(r["s"] for r in runs)
        rss = statistics.median(r["rss"] for r in runs)
        counts = runs[-1]["counts"]
        q = queries(runs[-1]["root"], commune)
        floor = bare_import(package, tmp, args.runs)
    rate = args.records / seconds
    rows = [
        Row(f"import {args.records:,} into {stored:,} dossiers of {args.communes - 1} communes ({rate:,.0f}/s)",
            seconds, floor, f"≥ {IMPORT_TARGET:,}/s", rate >= IMPORT_TARGET),
        Row(f"progress report, {q['communes']} communes", q["report"], q["report_floor"], f"< {REPORT_TARGET:g} s",
            q["report"] < REPORT_TARGET),
        Row(f"the commune's open conflict queue ({q['conflicts']:,}, whole)", q["queue"], q["queue_floor"],
            f"< {PAGE_TARGET * 1000:g} ms", q["queue"] < PAGE_TARGET),
    ]
    print_table("Province at full scale (SQLite)", rows)
    print(f"\nstore: {stored:,} dossiers, {size_mb:,.0f} MB, built in {built:,.0f} s; import counts {counts}; "
          f"import peak memory {rss:,.0f} MB; load average {os.getloadavg()[0]:.1f}; "
          f"medians of {args.runs} imports, {args.runs} floors")
    print("not measured yet: PostgreSQL at this scale, a commune's dossier list paged (no such list at the desk)")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
