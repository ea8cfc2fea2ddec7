"""Compile the Qt Linguist sources (resources/translations/*.ts) to .qm files, and the message
catalogues of other languages (resources/messages/*.po, landdesk/domain/i18n.py) to .mo files:
`python tools/i18n_build.py` (a developer tool, not shipped: the app carries the files it makes).

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


def build_messages() -> None:
    """resources/messages/<lang>.po → <lang>.mo (polib, installed with the test and package extras)."""
    sources = sorted((resources_dir() / "messages").glob("*.po"))
    if not sources:
        return
    try:
        import polib
    except ImportError:
        print("polib not installed; message catalogues not compiled", file=sys.stderr)
        return
    for po in sources:
        mo = po.with_suffix(".mo")
        if not (mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime):
            polib.pofile(str(po)).save_as_mofile(str(mo))


def build() -> int:
    build_messages()
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
