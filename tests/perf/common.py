"""Shared benchmark helpers: median timings, the results table, and a cached 100k demo workspace.

The demo workspace is built once per (seed, records) under LANDDESK_BENCH_CACHE (default
/tmp/landdesk-bench) by the real `landdesk demo` command, so every bench measures the same data and
reruns take seconds. A build is written to a temporary folder and renamed when finished, so a build
that was interrupted is never reused.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "bench-pass-1"


def cache_dir() -> Path:
    return Path(os.environ.get("LANDDESK_BENCH_CACHE", "/tmp/landdesk-bench"))


def timings(fn: Callable[[], object], runs: int = 7, warmup: int = 1) -> list[float]:
    """Seconds taken by each of `runs` calls (after `warmup` untimed calls)."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def median(fn: Callable[[], object], runs: int = 7, warmup: int = 1) -> float:
    return statistics.median(timings(fn, runs, warmup))


@dataclass
class Row:
    figure: str
    value: float  # seconds
    floor: float | None  # the same work done bare, seconds
    target: str  # e.g. "< 30 ms"
    ok: bool | None = None  # met the target (None: no target)

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None


def bars_met(rows: list[Row]) -> bool:
    """No row missed its bar (a row without a bar, ok None, is reported only)."""
    return all(r.ok is not False for r in rows)


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "-"
    if s >= 1:
        return f"{s:.2f} s"
    return f"{s * 1000:.1f} ms"


def print_table(title: str, rows: Sequence[Row]) -> None:
    header = ("figure", "median", "floor", "ratio", "target", "")
    body = [(r.figure, fmt_seconds(r.value), fmt_seconds(r.floor), f"{r.ratio:.1f}×" if r.ratio else "-",
             r.target, {True: "ok", False: "MISSED", None: ""}[r.ok]) for r in rows]
    widths = [max(len(str(x[i])) for x in (header, *body)) for i in range(len(header))]
    line = " | ".join
    print(f"\n## {title}")
    print(line(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line("-" * w for w in widths))
    for b in body:
        print(line(str(x).ljust(w) for x, w in zip(b, widths, strict=True)))
    sys.stdout.flush()


def landdesk(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess."""
    env = dict(os.environ, LANDDESK_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "landdesk", *args], cwd=REPO, env=env, check=check,
                          capture_output=True, text=True)


def demo_workspace(records: int = 100_000, seed: int = 1, *, rebuild: bool = False) -> tuple[Path, dict]:
    """(path, build info) of a demo workspace with `records` dossiers, built once and cached.

    build info: {"seconds": how long `landdesk demo` took, "built_at": ..., "cached": bool}.
    """
    from landdesk.demo.commune import GENERATOR_VERSION

    root = cache_dir() / f"demo-v{GENERATOR_VERSION}-s{seed}-n{records}"
    info_file = root / "bench-build.json"
    root.parent.mkdir(parents=True, exist_ok=True)
    # Several benches (and engineers) may ask for the same workspace at once: one builds, the
    # others wait for it under the lock.
    with open(root.with_name(root.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if rebuild and root.exists():
            shutil.rmtree(root)
        if info_file.is_file():
            info = json.loads(info_file.read_text())
            return root / "ws", {**info, "cached": True}
        tmp = root.with_name(f"{root.name}.building-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        t, before = time.perf_counter(), _children_cpu()
        landdesk("--workspace", str(tmp / "ws"), "demo", "--records", str(records), "--seed", str(seed), "--json")
        info = {"seconds": time.perf_counter() - t, "cpu_seconds": _children_cpu() - before,
                "load": os.getloadavg()[0], "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                "records": records, "seed": seed}
        (tmp / "bench-build.json").write_text(json.dumps(info))
        os.replace(tmp, root)
    return root / "ws", {**info, "cached": False}


def _children_cpu() -> float:
    """CPU seconds (user + system) used by finished child processes: unlike wall time, it does not
    grow when other work shares the machine."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def copy_workspace(src: Path, dest: Path) -> Path:
    """A private copy of a (closed) workspace for benches that write."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    return dest
