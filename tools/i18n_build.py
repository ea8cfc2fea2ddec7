"""Compile the Qt Linguist sources (resources/translations/*.ts) to .qm files:
`python tools/i18n_build.py` (a developer tool, not shipped: the app carries the .qm files it makes).

Run at set-up and build time (make venv/test/package, packaging/windows/build.ps1): compiled binaries
are not committed. Without Qt's lrelease available the app still runs, in Vietnamese source strings.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from landdesk.domain.resources import resources_dir


def lrelease() -> str | None:
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name, path=str(here)) or shutil.which(name)
        if found:
            return found
    return None


def build() -> int:
    folder = resources_dir() / "translations"
    sources = sorted(folder.glob("*.ts"))
    tool = lrelease()
    if not sources:
        return 0
    if tool is None:
        print("lrelease not found; translations not compiled", file=sys.stderr)
        return 0
    for ts in sources:
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(build())
