"""The next start finishes what killed writers left inside the workspace (issue 15 item 12).

Each writer leaves something a kill can interrupt; each is told apart from a writer still running in
another process by a lock the operating system drops when its holder dies, however it dies:
- the hidden folder a creation of the workspace was made in, beside it (storage/private.creating);
- page files of a scan transaction: its journal (scan_store.recover_intake);
- a backup's plain database snapshot and its `.partial` folder in the workspace's own backups folder
  (backup_work: their lock files);
- the audit checkpoint's temporary file (written inside a write transaction: removed under SQLite's
  write lock);
- a package export's temporary volumes, and a recorded package not yet under its final name (under
  the export lock: outbox.reconcile).
When nothing was interrupted this costs a few folder listings.
"""

from __future__ import annotations

import os
from pathlib import Path

from landdesk.services import backup_work, scan_store
from landdesk.services.audit import CHECKPOINT
from landdesk.storage import private


def finish_interrupted(ws) -> None:
    root = Path(ws.root)
    private.remove_abandoned(root)  # beside it: what a killed creation of this folder left
    scan_store.recover_intake(ws)
    backup_work.clean_snapshots(root / "backups")
    backup_work.clean_target(root / "backups")
    _checkpoint_parts(ws, root)
    _outbox(ws, root / "outbox")


def _checkpoint_parts(ws, root: Path) -> None:
    parts = [root / n for n in os.listdir(root) if n.startswith(f".{CHECKPOINT}.") and n.endswith(".part")]
    if not parts:
        return
    try:  # inside a write transaction: no other process is between writing its checkpoint and renaming it
        ws.transact(lambda _ctx: [p.unlink(missing_ok=True) for p in parts])
    except Exception:  # noqa: BLE001 - a busy or read-only workspace: left for a later start
        return


def _outbox(ws, keep: Path) -> None:
    try:
        if not any(n.startswith(".") and n.endswith(".part") for n in os.listdir(keep)):
            return
    except OSError:  # no outbox: nothing was ever exported
        return
    from landdesk.domain import filelock
    from landdesk.services.packages import export, outbox

    try:
        with export.export_lock(ws.root):
            outbox.reconcile(ws)
    except filelock.LockHeld:  # an export is running: it reconciles first itself
        return
