"""CPU time of the same work at two commits, interleaved runs, medians — for a machine too loaded for
wall-clock figures to mean anything.

    .venv/bin/python tests/perf/cpu_compare.py --old /tmp/perf-old WORKLOAD [--runs 5] [-- ARGS]

`--old` is a worktree of an earlier commit (`git worktree add /tmp/perf-old 0494113`); `--new` defaults
to this checkout. Each run is a fresh interpreter with PYTHONPATH at one tree (cwd outside both, so the
editable install of this checkout does not win), which prepares untimed and then reports the CPU time
(`time.process_time`: every thread of the process, plus any child it waited for) and the wall time of
the measured work alone. Runs alternate old/new so both see the same machine. CPU time does not grow
with other work sharing the cores as wall time does (contention for caches still inflates it a little,
alike on both sides); old CPU × the old figure's quiet wall/CPU gives what the new code would take
on a quiet machine.

Workloads (the same calls the benches time; each tree's data made by its own code, cached under
LANDDESK_BENCH_CACHE/<tree>):
  import BOOK          import_form01 of BOOK into an empty workspace (floor: calamine read of BOOK)
  export               export_form01 of the 42k demo commune
  match                match_holders, 150k holders × 500k extract (floor: dict join)
  search / browse / save   the bench_workspace calls at 100k dossiers (per call)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
NEW = HERE.parents[2]
PASSWORD = "bench-pass-1"


# ---- the child: runs in a fresh interpreter with one tree on PYTHONPATH ----------------------------

def _measure(fn, reps: int = 1) -> dict:
    import resource
    import time

    cpu, wall = [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        fn()
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        cpu.append(time.process_time() - c0 + children)
        wall.append(time.perf_counter() - w0)
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}


def _cache(tree: str) -> Path:
    return Path(os.environ.get("LANDDESK_BENCH_CACHE", "/tmp/landdesk-bench")) / f"cmp-{Path(tree).name}"


def _demo(tree: str, records: int) -> Path:
    os.environ["LANDDESK_BENCH_CACHE"] = str(_cache(tree))
    sys.path.insert(0, tree)
    from tests.perf.common import demo_workspace  # the tree's own helper: its own `landdesk demo`

    return demo_workspace(records)[0]


def child(workload: str, tree: str, args: list[str]) -> dict:
    import shutil

    from landdesk.workspace import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="cpu-compare-"))
    try:
        if workload in ("import", "import-floor"):
            book = Path(args[0])
            if workload == "import-floor":
                from python_calamine import CalamineWorkbook

                return _measure(lambda: sum(1 for _ in CalamineWorkbook.from_path(str(book))
                                            .get_sheet_by_index(0).iter_rows()))
            from landdesk.services.importing import import_form01

            empty = _cache(tree) / "empty-import"
            if not empty.exists():
                Workspace.create(tmp / "e", "07210", admin="admin", password=PASSWORD).close()
                empty.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(tmp / "e", empty)
            shutil.copytree(empty, tmp / "ws")
            ws = Workspace.open(tmp / "ws")
            out = []
            got = _measure(lambda: out.append(ws.transact(lambda ctx: import_form01(ctx, book))))
            ws.close()
            got["added"] = out[0].added
            return got
        if workload == "export":
            from landdesk.services.exporting import export_form01

            ws = Workspace.open(_demo(tree, 42_000))
            got = _measure(lambda: ws.read(lambda ctx: export_form01(ctx, tmp / "out.xlsx", variant="vbdlis")))
            ws.close()
            return got
        if workload in ("match", "match-floor"):
            from landdesk.services import extract_demo as ed
            from landdesk.services import verification as v

            ws = Workspace.open(_demo(tree, 100_000))
            holders = ws.read(v.load_holders)[:150_000]
            ws.close()
            records = ed.make_extract(holders, seed=1, rate=0.02, size=500_000).records
            if workload == "match-floor":
                from tests.perf.bench_verification import bare_join

                return _measure(lambda: bare_join(holders, records))
            return _measure(lambda: v.match_holders(holders, records))
        if workload in ("search", "browse"):
            from landdesk.services import search
            from landdesk.storage import browse

            ws = Workspace.open(_demo(tree, 100_000))
            if workload == "search":
                from tests.perf.bench_workspace import QUERIES

                queries = iter(QUERIES * 100)
                return _measure(lambda: ws.read(lambda ctx: search.search(ctx, next(queries), limit=50)),
                                reps=len(QUERIES) * 3)
            return _measure(lambda: ws.read(lambda ctx: (search.browse_ids(ctx, search.make_filters()),
                                                         browse.count(ctx.session, search.make_filters()))), reps=9)
        if workload == "save":
            from landdesk.services import dossiers
            from tests.perf.bench_workspace import _new_dossier

            root = tmp / "ws"
            shutil.copytree(_demo(tree, 100_000), root)
            counter = iter(range(1, 10_000))
            with Workspace.open(root) as ws:
                return _measure(lambda: ws.transact(lambda ctx: dossiers.save_dossier(ctx, _new_dossier(next(counter)))),
                                reps=25)
        raise SystemExit(f"unknown workload {workload}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- the parent -------------------------------------------------------------------------------------

def run_child(tree: Path, workload: str, args: list[str]) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree), LANDDESK_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(HERE), "--child", "--tree", str(tree), workload, *args],
                          cwd=tempfile.gettempdir(), env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{workload} at {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workload")
    ap.add_argument("args", nargs="*")
    ap.add_argument("--old", type=Path)
    ap.add_argument("--new", type=Path, default=NEW)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--tree", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.workload, a.tree, a.args)))
        return 0
    trees = {"old": a.old, "new": a.new} if a.old else {"new": a.new}
    got: dict[str, list[dict]] = {k: [] for k in trees}
    for i in range(a.runs):
        order = list(trees) if i % 2 == 0 else list(reversed(trees))
        for k in order:
            r = run_child(trees[k], a.workload, a.args)
            got[k].append(r)
            print(f"run {i + 1} {k}: cpu {r['cpu']:.3f} s, wall {r['wall']:.3f} s, load {os.getloadavg()[0]:.1f}",
                  flush=True)
    med = {k: (statistics.median(r["cpu"] for r in v), statistics.median(r["wall"] for r in v)) for k, v in got.items()}
    for k, (c, w) in med.items():
        print(f"{a.workload} {k}: median cpu {c:.3f} s, wall {w:.3f} s")
    if "old" in med:
        print(f"{a.workload}: new/old CPU {med['new'][0] / med['old'][0]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
