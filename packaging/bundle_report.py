"""Size of the one-folder app, its largest parts, and what must not be in it:

    python packaging/bundle_report.py dist/landdesk [--budget-mb 230]

Exits 1 when an optional extra (PostgreSQL driver, HEIC) or something left out on purpose (pikepdf,
lxml, Qt's own translations, QtWebEngine…) is in the folder, or when it is over the budget.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

LEFT_OUT = ["psycopg", "psycopg_binary", "pillow_heif", "pikepdf", "lxml", "PySide6/Qt/translations",
            "PySide6/QtWebEngineCore", "PySide6/QtQml", "PySide6/QtQuick", "tkinter"]


def size(path: Path) -> int:
    """Bytes on disk, symbolic links not followed (PyInstaller links libraries into _internal/)."""
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--budget-mb", type=float, default=None)
    args = ap.parse_args(argv)
    internal = args.folder / "_internal"
    total = size(args.folder)
    print(f"{args.folder}: {total / 1e6:.1f} MB unpacked ({total / 2**20:.1f} MiB)")
    parts = sorted(((size(p), p) for p in internal.iterdir()), key=lambda x: x[0], reverse=True)
    for n, p in parts[:12]:
        print(f"  {n / 1e6:7.1f} MB  {p.relative_to(args.folder)}")
    present = [name for name in LEFT_OUT if (internal / name).exists()]
    ok = True
    if present:
        print("left out on purpose, yet present: " + ", ".join(present))
        ok = False
    if args.budget_mb is not None and total / 1e6 > args.budget_mb:
        print(f"over the budget of {args.budget_mb:.0f} MB")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
