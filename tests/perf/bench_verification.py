"""Population-data verification at commune scale: 150,000 holders against a 500,000-person extract.

    .venv/bin/python tests/perf/bench_verification.py [--holders N] [--extract N] [--runs R]

Holders come from the cached 100k demo workspace (tests/perf/common.py); the extract is made from
them by landdesk.demo.extract with planted errors and filler people. Figures:
- matching: index the extract + classify every holder (services.verification.match_holders);
  floor: a bare dictionary join of the same holders and records on the 12-digit ID.
- reading the extract CSV (verification_io.read_extract); floor: csv.reader over the same file.
- the whole dry run from the file (preview_extract: read holders, read file, match).
- cleaning at 100k dossiers: the four cross-dossier rules (services.cleaning.cleaning_findings);
  floor: the same SQL run in bare sqlite3; and the parcel groups (compute_groups), target seconds.
Also prints the matcher's precision and recall on the planted errors.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import Row, bars_met, demo_workspace, print_table, timings  # noqa: E402

MATCH_TARGET = 30.0
CLEANING_TARGET = 10.0  # "runs in seconds at 100k dossiers"


def bare_join(holders, records) -> int:
    index = {}
    for p in records:
        index[p.cccd] = p
    found = 0
    for h in holders:
        if h.person.cccd in index:
            found += 1
    return found


def bench_cleaning(ws, path: Path, runs: int) -> list[Row]:
    from landdesk.services import cleaning
    from landdesk.storage.commune import cleaning_queries as q

    raw = sqlite3.connect(f"file:{path / 'landdesk.db'}?mode=ro", uri=True)
    sqls = (q.ID_NAMES_SQL, q.PERSON_IDS_SQL, q.SERIALS_SQL, q.PARCELS_SQL)
    t = timings(lambda: ws.read(cleaning.cleaning_findings), runs=runs)
    f = timings(lambda: [raw.execute(sql).fetchall() for sql in sqls], runs=runs)
    raw.close()
    med = statistics.median(t)
    out = [Row("cleaning rules (4 cross-dossier aggregates)", med, statistics.median(f),
               f"< {CLEANING_TARGET:.0f} s", med < CLEANING_TARGET)]
    t = statistics.median(timings(lambda: ws.read(cleaning.compute_groups), runs=runs))
    out.append(Row("parcel groups (Nhóm 1/2/3) for every parcel", t, None, f"< {CLEANING_TARGET:.0f} s",
                   t < CLEANING_TARGET))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--holders", type=int, default=150_000)
    ap.add_argument("--extract", type=int, default=500_000)
    ap.add_argument("--records", type=int, default=100_000, help="dossiers in the demo workspace")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    from landdesk.demo import extract as ed
    from landdesk.services import verification as v
    from landdesk.services import verification_io as vio
    from landdesk.workspace import Workspace

    path, _ = demo_workspace(args.records)
    ws = Workspace.open(path)
    try:
        holders = ws.read(v.load_holders)[: args.holders]
        demo = ed.make_extract(holders, seed=1, rate=0.02, size=args.extract)
        records = demo.records
        print(f"{len(holders)} holders, {len(records)} people in the extract, planted {sum(demo.planted.values())}")

        rows: list[Row] = []
        result: list = []

        def run_match():
            result[:] = v.match_holders(holders, records)

        t = timings(run_match, runs=args.runs, warmup=0)
        f = timings(lambda: bare_join(holders, records), runs=args.runs, warmup=0)
        med = statistics.median(t)
        rows.append(Row(f"match {len(holders):,} holders × {len(records):,} people", med, statistics.median(f),
                        f"< {MATCH_TARGET:.0f} s", med < MATCH_TARGET))

        score = ed.score(demo.truth, {c.holder.holder_id: (c.outcome.status.value, c.outcome.reason) for c in result})

        with tempfile.TemporaryDirectory() as tmp:
            csv_path = Path(tmp) / "extract.csv"
            ed.write_extract(csv_path, records)

            def bare_csv():
                with open(csv_path, encoding="utf-8", newline="") as fh:
                    return sum(1 for _ in csv.reader(fh))

            t = timings(lambda: vio.read_extract(csv_path), runs=args.runs, warmup=0)
            f = timings(bare_csv, runs=args.runs, warmup=0)
            rows.append(Row("read extract CSV", statistics.median(t), statistics.median(f), "-"))
            t = timings(lambda: ws.read(lambda ctx: v.preview_extract(ctx, csv_path)), runs=1, warmup=0)
            rows.append(Row(f"dry run from the file (all holders, {len(records):,} people)", t[0], None, "-"))
        rows += bench_cleaning(ws, path, args.runs)
    finally:
        ws.close()
    print_table("Population-data verification", rows)
    print(f"\nplanted errors: precision {score['flag_precision']:.4f}, recall {score['flag_recall']:.4f}, "
          f"reason accuracy {score['reason_accuracy']:.4f} over {score['judged']:,} judged holders "
          f"({score['false_flags']} false flags, {score['missed']} missed)")
    return 0 if bars_met(rows) and not score["wrong"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
