"""Run every tests/perf/bench_*.py in its own subprocess and print their tables (`make bench`).

    .venv/bin/python tests/perf/run_all.py [NAME ...]     e.g. run_all.py workspace scans

Each bench prints its own table and exits 0 when it met its targets. A summary at the end lists
the benches that missed a target or failed; the exit status is 1 if any did.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def benches(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if names:
        found = [p for p in found if p.stem.removeprefix("bench_") in names or p.stem in names]
    return found


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    results: list[tuple[str, int, float]] = []
    for path in benches(names):
        print(f"\n=== {path.name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(path)], cwd=REPO, env=env)
        results.append((path.stem, code, time.perf_counter() - started))
    if not results:
        print("no benchmarks found" + (f" for {names}" if names else ""))
        return 2
    print("\n=== summary ===")
    for name, code, seconds in results:
        verdict = "ok" if code == 0 else ("missed a target" if code == 1 else f"failed (exit {code})")
        print(f"{name:<28} {verdict:<22} {seconds:7.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
