"""Crafted inputs (issue 15): the time and peak memory of the real command on each hostile package,
workbook and image, beside the floor of the same command on a normal file of the same kind and size.

    .venv/bin/python tests/perf/bench_hostile.py [--runs R] [--only WORD]

Each input goes to the command an officer would run, in a fresh interpreter that reports its own
high-water mark (VmHWM): workbooks to `import form01`, images to `scans add` (a fresh copy of a small
demo workspace each run), packages to `package verify`. The floor is the same command on a normal
file of that kind, as large as the crafted one up to FLOOR_CAP (its size is printed: a normal 24 MB
workbook is 400,000 rows, a bench of its own); a package's is `package verify` of the demo workspace's
own signed package; the interpreter's own floor is `landdesk --version`.
Time is the child's CPU time, median of R runs (the wall time stretches with the machine's load and is
printed beside it). Bars (issue 15 'Done when'): under 500 MB and 10 s for every crafted input; the
crafted input refused or imported as the suite expects (tests/importing/test_crafted.py,
tests/media/test_intake.py, tests/sync/test_malformed.py). Exits 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import PASSWORD, REPO  # noqa: E402

MAX_MB, MAX_SECONDS = 500, 10.0
FLOOR_CAP = 4 * 1024 * 1024
_MEASURED = ("import sys; from landdesk.cli.main import main\ntry: code = main(sys.argv[1:])\n"
             "except SystemExit as e: code = e.code\n"
             "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
             "sys.stderr.write('VMHWM ' + hwm + '\\n'); sys.exit(code)")


@dataclass
class Run:
    code: int
    cpu: float
    wall: float
    mb: float
    line: str  # the command's last line of output (its message)


def measure(args: list[str], env: dict) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True, env=env,
                          timeout=600, cwd=REPO)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    kb = next((int(x.split()[1]) for x in done.stderr.splitlines() if x.startswith("VMHWM ")), 0)
    text = [x for x in (done.stdout + done.stderr).splitlines() if x.strip() and not x.startswith("VMHWM")]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return Run(done.returncode, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall,
               kb / 1024, text[-1][:90] if text else "")


def median_run(make_args, env: dict, runs: int) -> Run:
    got = [measure(make_args(), env) for _ in range(runs)]
    mid = lambda f: statistics.median(f(r) for r in got)  # noqa: E731
    return Run(got[-1].code, mid(lambda r: r.cpu), mid(lambda r: r.wall), max(r.mb for r in got), got[-1].line)


# ---- normal files of a given size (the floors) ------------------------------------------------------


def normal_xlsx(path: Path, size: int) -> Path:
    """A Form 01-like workbook of distinct plausible rows, grown until it is about `size` bytes."""
    from openpyxl import Workbook

    from tests.importing.test_crafted import HEAD

    rows = 200
    while True:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Mau01")
        ws.append(HEAD)
        for i in range(rows):
            ws.append([f"CS {100000 + i:06d}", "17/05/2012", f"Nguyễn Văn An {i}", f"0240800{i:05d}", "Nam"])
        wb.save(path)
        have = path.stat().st_size
        if have >= size * 0.8 or rows > 400_000:
            return path
        rows = int(rows * size / have) + 1


def normal_csv(path: Path, size: int) -> Path:
    from tests.importing.test_crafted import HEAD

    lines, i, total = [";".join(HEAD)], 0, 0
    while total < size:
        line = f"CS {100000 + i:06d};17/05/2012;Nguyễn Văn An {i};0240800{i % 100000:05d};Nam"
        lines.append(line)
        total += len(line.encode()) + 1
        i += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def normal_image(path: Path, size: int) -> Path:
    """A scanned page (JPEG) of about `size` bytes: quality and resolution grown until it is."""
    from landdesk.media import samples
    from tests.media import pages

    img = pages.page_image(7, dpi=300)
    q = 60
    data = samples.jpeg_bytes(img, 300, q)
    while len(data) < size * 0.8 and q < 95:
        q = min(q + 10, 95)
        data = samples.jpeg_bytes(img, 300, q)
    path.write_bytes(data)
    return path


# ---- the crafted inputs ---------------------------------------------------------------------------


def workbook_cases() -> dict:
    from tests.importing.test_crafted import CASES

    return {name: (build, "csv" if name.startswith("csv") else "xlsx") for name, (build, _c, _t) in CASES.items()
            if not name.startswith("ods")} | {
        name: (build, "ods") for name, (build, _c, _t) in CASES.items() if name.startswith("ods")}


def image_cases() -> dict:
    from tests.media import pages

    return {"tiff_header_200000x200000": lambda d: pages.huge_tiff_header(d / "huge.tif"),
            "png_bomb_30000x30000": lambda d: pages.png_bomb(d / "bomb.png"),
            "tiff_of_100000_pages": lambda d: pages.many_page_tiff(d / "many.tif")}


def package_cases() -> dict:
    from tests.sync.test_malformed import HOSTILE, raw_package

    return {f"package_manifest_{name}": (lambda d, n=name, b=data: raw_package(d / f"{n}.ldpkg", b))
            for name, data in HOSTILE.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    opts = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANDDESK_PASSWORD=PASSWORD, LANDDESK_LANG="en")
    try:
        return _bench(tmp, env, opts)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bench(tmp: Path, env: dict, opts) -> int:
    template = tmp / "ws"
    made = measure(["--workspace", str(template), "demo", "--records", "5"], env)
    assert made.code == 0, made.line
    counter = iter(range(10**9))

    def fresh() -> Path:  # a copy of the small workspace per run: scans are stored, imports write
        ws = tmp / f"ws{next(counter)}"
        shutil.copytree(template, ws)
        return ws

    commands = {
        "xlsx": lambda p: ["--workspace", str(fresh()), "import", "form01", str(p), "--mode", "valid-only"],
        "csv": lambda p: ["--workspace", str(fresh()), "import", "form01", str(p), "--mode", "valid-only"],
        "ods": lambda p: ["--workspace", str(fresh()), "import", "form01", str(p), "--mode", "valid-only"],
        "image": lambda p: ["--workspace", str(fresh()), "scans", "add", "--dossier", "1", str(p)],
        "package": lambda p: ["package", "verify", str(p)],
    }

    def normal_package(path: Path, _size: int) -> Path:
        out = tmp / "normal-package"
        done = measure(["--workspace", str(fresh()), "package", "export", "--full", "--out", str(out)], env)
        assert done.code == 0, done.line
        return next(out.glob("*.ldpkg"))

    normal = {"xlsx": normal_xlsx, "csv": normal_csv, "ods": normal_xlsx, "image": normal_image,
              "package": normal_package}
    inputs = [(n, kind, b) for n, (b, kind) in workbook_cases().items()]
    inputs += [(n, "image", b) for n, b in image_cases().items()] + [(n, "package", b) for n, b in package_cases().items()]
    inputs = [i for i in inputs if opts.only in i[0]]

    base = median_run(lambda: ["--version"], env, opts.runs)
    print(f"interpreter floor (`landdesk --version`): {base.cpu:.2f} s CPU, {base.mb:.0f} MB peak")
    floors: dict[tuple[str, int], tuple[Run, int]] = {}
    header = (f"{'input':<40} {'size':>9} {'exit':>4} {'CPU':>7} {'wall':>7} {'peak':>7} | "
              f"{'floor: normal file':>18} {'CPU':>7} {'peak':>7}  bar")
    print(header)
    print("-" * len(header))
    missed = []
    for name, kind, build in inputs:
        folder = tmp / name
        folder.mkdir()
        path = build(folder)
        size = path.stat().st_size
        run = median_run(lambda p=path, k=kind: commands[k](p), env, opts.runs)
        if kind in normal:
            want = min(size, FLOOR_CAP)
            key = (kind, 0 if kind == "package" else want // 65536)
            if key not in floors:
                ext = "xlsx" if kind == "ods" else {"image": "jpg", "package": "ldpkg"}.get(kind, kind)
                f = normal[kind](tmp / f"normal-{kind}-{want}.{ext}", want)
                floors[key] = (median_run(lambda f=f, k=kind: commands["xlsx" if k == "ods" else k](f), env, opts.runs),
                               f.stat().st_size)
            floor, fsize = floors[key]
            floor_text = f"{fsize / 1024:>10,.0f} KB {floor.cpu:>6.2f}s {floor.mb:>5.0f}MB"
        ok = run.mb < MAX_MB and run.cpu < MAX_SECONDS and run.code in (1, 2)
        print(f"{name:<40} {size / 1024:>7,.0f}KB {run.code:>4} {run.cpu:>6.2f}s {run.wall:>6.2f}s "
              f"{run.mb:>5.0f}MB | {floor_text}  {'ok' if ok else 'MISSED'}", flush=True)
        print(f"    {run.line}")
        if not ok:
            missed.append(name)
    if missed:
        print("missed:", ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
