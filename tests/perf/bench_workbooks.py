"""Form 01 workbooks at commune scale: export and import of about 100,000 rows, and peak memory.

    .venv/bin/python tests/perf/bench_workbooks.py [--records N] [--runs R] [--variant vbdlis|pl3]

The demo commune (tests/perf/common.py, cached) has N dossiers (default 42,000 ≈ 100,000 Form 01
rows: one per certificate × parcel × person). Figures:
- export: `export_form01` of every dossier; floor: the same cell values written by openpyxl's
  write-only mode with no styles (what a plain openpyxl export costs).
- import: `import_form01` end to end (read, map, convert, regroup, match, validate, write) into an
  empty workspace; floor: a bare python-calamine read of the same file (every row iterated).
- import with merged cells: the same workbook with each certificate's cells (commune, serial, issue
  date, registry number, scan names, Guid) merged down over its rows, as offices make them; floor:
  the unmerged import of the same rows, measured in the same run. Bar: within 1.2× of it.
- peak RSS of `landdesk export form01` and `landdesk import form01` run as commands.

Exits non-zero when a bar is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import PASSWORD, REPO, Row, demo_workspace, print_table, timings  # noqa: E402

EXPORT_TARGET = 20.0
IMPORT_TARGET = 15.0
MERGED_RATIO = 1.2
MERGED_FIELDS = ("commune_code", "serial", "issue_date", "registry_no", "scan_files", "guid")


def bare_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return sum(1 for _ in wb.get_sheet_by_index(0).iter_rows())


def bare_openpyxl(src: Path, out: Path) -> None:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(src)).get_sheet_by_index(0).to_python()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Mau01")
    for r in rows:
        ws.append([v if v != "" else None for v in r])
    wb.save(out)


def merged_copy(src: Path, out: Path) -> int:
    """`src` with each certificate's cells merged down over its rows (continuation cells removed, one
    <mergeCell> per column and certificate); returns the number of merged ranges."""
    import re
    import zipfile

    from openpyxl.utils import get_column_letter
    from python_calamine import CalamineWorkbook

    from landdesk.services.exporting.form01 import FIRST_DATA_ROW, HEADER_ROW
    from landdesk.services.importing.columnmaps import get_map, match

    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    head = CalamineWorkbook.from_path(str(src)).get_sheet_by_index(0).to_python(nrows=HEADER_ROW)[HEADER_ROW - 1]
    mapping = match([str(h) for h in head], get_map("vbdlis"))
    letters = {get_column_letter(c + 1) for c, f in mapping.by_column.items() if f in MERGED_FIELDS}
    guid = get_column_letter(mapping.column_of("guid") + 1)
    row_re = re.compile(r'<row r="(\d+)"[^>]*>(.*?)</row>', re.S)
    cell_re = re.compile(r'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</c>)', re.S)
    parts, merges, last = [], [], 0
    group: list[int] = []
    key = None

    def close():
        if len(group) > 1:
            merges.extend(f"{c}{group[0]}:{c}{group[-1]}" for c in sorted(letters))
    for m in row_re.finditer(xml):
        r = int(m.group(1))
        parts.append(xml[last:m.start()])
        last = m.end()
        body = m.group(2)
        if r < FIRST_DATA_ROW:
            parts.append(m.group(0))
            continue
        g = re.search(rf'<c r="{guid}{r}"[^>]*>(.*?)</c>', body, re.S)
        k = g.group(1) if g else None
        if k != key:
            close()
            group, key = [r], k
        else:
            group.append(r)
            body = cell_re.sub(lambda c: "" if c.group(1) in letters else c.group(0), body)
        parts.append(f'<row r="{r}">{body}</row>')
    close()
    parts.append(xml[last:])
    xml = "".join(parts)
    cells = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    if "<mergeCells" in xml:
        xml = re.sub(r'<mergeCells count="(\d+)">', lambda m: f'<mergeCells count="{int(m.group(1)) + len(merges)}">',
                     xml).replace("</mergeCells>", cells + "</mergeCells>")
    else:
        xml = xml.replace("</sheetData>", f'</sheetData><mergeCells count="{len(merges)}">{cells}</mergeCells>')
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as o:
        for info in z.infolist():
            o.writestr(info, xml if info.filename == "xl/worksheets/sheet1.xml" else z.read(info.filename))
    return len(merges)


# Runs the command line in a fresh interpreter and reports its own high-water mark (VmHWM): the
# rusage of a child forked from this big bench process would count the parent's pages too.
_MEASURED = ("import sys; from landdesk.cli.main import main; code = main(sys.argv[1:]); "
             "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
             "sys.stderr.write('VMHWM ' + hwm + '\\n'); sys.exit(code)")


_BARE_READ = ("import sys; from python_calamine import CalamineWorkbook; "
              "s = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0); n = sum(1 for _ in s.iter_rows()); "
              "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])")


def peak_rss_mb(args: list[str]) -> tuple[float, int]:
    """(peak resident memory in MB, exit status) of one landdesk command."""
    env = dict(os.environ, LANDDESK_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], cwd=REPO, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kb = next((int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("VMHWM ")), 0)
    if not kb:
        print(f"command failed: landdesk {' '.join(args[:4])}…\n" + done.stderr[-2000:])
    return kb / 1024, done.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=42_000, help="dossiers in the demo commune")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--variant", choices=["vbdlis", "pl3"], default="vbdlis")
    args = ap.parse_args(argv)

    from landdesk.services.exporting import export_form01
    from landdesk.services.importing import import_form01
    from landdesk.workspace import Workspace

    src, _ = demo_workspace(args.records)
    tmp = Path(tempfile.mkdtemp(prefix="bench-workbooks-"))
    try:
        empty = tmp / "empty"
        Workspace.create(empty, "07210", admin="admin", password=PASSWORD).close()
        book = tmp / "mau01.xlsx"
        ws = Workspace.open(src)
        exported = []
        t_export = timings(lambda: exported.append(ws.read(
            lambda ctx: export_form01(ctx, book, variant=args.variant))), runs=args.runs, warmup=0)
        ws.close()
        n_rows = exported[-1].rows
        size_mb = book.stat().st_size / 1e6
        f_export = timings(lambda: bare_openpyxl(book, tmp / "bare.xlsx"), runs=1, warmup=0)
        f_import = timings(lambda: bare_calamine(book), runs=args.runs, warmup=0)

        results = []

        merged_book = tmp / "mau01-merged.xlsx"
        ranges = merged_copy(book, merged_book)
        merged_results = []

        def one_import_of(path: Path, into: list):
            target = tmp / "import-ws"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(empty, target)
            w = Workspace.open(target)
            try:
                into.append(w.transact(lambda ctx: import_form01(ctx, path)))
            finally:
                w.close()

        t_import, t_merged = [], []
        for _ in range(args.runs):  # alternated, so that both see the same machine
            t_import += timings(lambda: one_import_of(book, results), runs=1, warmup=0)
            t_merged += timings(lambda: one_import_of(merged_book, merged_results), runs=1, warmup=0)
        got = results[-1]
        assert got.committed and got.added == exported[-1].dossiers, got.summary("en")
        mgot = merged_results[-1]
        assert mgot.committed and mgot.added == got.added and mgot.merged_cells > 0, mgot.summary("en")

        rss_export, code_e = peak_rss_mb(["--workspace", str(src), "export", "form01", str(tmp / "cli.xlsx"),
                                          "--variant", args.variant])
        shutil.rmtree(tmp / "import-ws", ignore_errors=True)
        shutil.copytree(empty, tmp / "import-ws")
        rss_import, code_i = peak_rss_mb(["--workspace", str(tmp / "import-ws"), "import", "form01", str(book)])
        bare = subprocess.run([sys.executable, "-c", _BARE_READ, str(book)], capture_output=True, text=True)
        rss_bare = int(bare.stdout.split()[-1]) / 1024 if bare.returncode == 0 else 0

        e, i = statistics.median(t_export), statistics.median(t_import)
        rows = [
            Row(f"export {n_rows:,} rows ({exported[-1].dossiers:,} dossiers, {args.variant}, {size_mb:.0f} MB)",
                e, statistics.median(f_export), f"< {EXPORT_TARGET:.0f} s", e < EXPORT_TARGET),
            Row(f"import {got.rows:,} rows → {got.added:,} dossiers, end to end", i, statistics.median(f_import),
                f"< {IMPORT_TARGET:.0f} s", i < IMPORT_TARGET),
            Row(f"import, certificate cells merged ({ranges:,} ranges, {mgot.merged_cells:,} cells filled); "
                "floor: the same rows unmerged", statistics.median(t_merged), i,
                f"< {MERGED_RATIO}× floor", statistics.median(t_merged) < MERGED_RATIO * i),
        ]
        print_table("Form 01 workbooks (floor: export = plain openpyxl write-only of the same values; "
                    "import = bare calamine read)", rows)
        print(f"\npeak RSS: export command {rss_export:.0f} MB (exit {code_e}), "
              f"import command {rss_import:.0f} MB (exit {code_i}), bare calamine read of the file "
              f"{rss_bare:.0f} MB; rows {n_rows:,}")
        return 0 if all(r.ok for r in rows) and code_e == 0 and code_i == 0 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
