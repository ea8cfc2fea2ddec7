"""What the kill tests share: the fork server (kill_child.py) and the checks made after the kills.

The checks are the issue's: nothing committed is lost (every save, page or import reported done is
there), nothing half-done is left (the database passes integrity_check, the audit chain verifies, no
orphan page file or temporary part after the next start, no half package or backup under a final name).
"""

from __future__ import annotations

import os
import queue
import shlex
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

CHILD = Path(__file__).with_name("kill_child.py")
# What a writer may leave while it works; none of it may stay after the next start.
TEMPORARY = (".part", ".journal", ".thumb", ".tmp")
# Breaches of issue 15 item 12 whose fixes belong to other work: (finding prefix, what is to be fixed).
# The checks run every time; while these are a test's only findings it is reported as an expected
# failure that lists them (`report`). Anything else fails it.
KNOWN = (
    ("leftover .audit-head.json.", "the audit checkpoint written at close: its temporary file outlives a kill"),
    ("leftover backups/.snapshot-", "backup: the database snapshot's temporary file outlives a kill"),
    ("leftover backups/..snapshot-", "backup: the database snapshot's temporary file outlives a kill"),
    ("leftover outbox/.", "package export: temporary volumes wait for the next export, not the next start"),
    ("export:", "package export: record the package before its final name appears, reconcile at the next start"),
    ("province import:", "province import: nothing of a killed import left after the next start"),
    ("demo killed during creation", "workspace creation: create under a temporary name, rename at the end"),
)


class Child:
    """The fork server and a thread reading its lines."""

    def __init__(self, env: dict | None = None):
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.kills = 0
        threading.Thread(target=self._read, daemon=True).start()
        assert self.expect("READY", 120)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, prefix: str, timeout: float = 60) -> str:
        """The next line starting with prefix; every line read is kept in self.seen."""
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def run_and_kill(self, *command: str | Path, after: float, when: tuple[str, int] | None = None) -> list[str]:
        """Start a worker, SIGKILL it after `after` seconds (if it is still running); its lines.
        `kills` counts the workers the signal really ended (not those that had finished).
        when=(prefix, n): the seconds count from the worker's n-th line starting with prefix (a kill
        in the middle of a batch whatever the machine's load)."""
        self.seen = []
        self.proc.stdin.write(shlex.join(map(str, command)) + "\n")
        self.proc.stdin.flush()
        pid = int(self.expect("PID").split()[1])
        ended = f"EXIT {pid}"
        if when is not None:
            prefix, n = when
            while sum(line.startswith(prefix) for line in self.seen) < n and not self.seen[-1].startswith(ended):
                self.expect("", 120)
        if not self.seen[-1].startswith(ended):
            time.sleep(after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it had already ended
            self.kills += self.expect(ended, 120).endswith("KILLED")  # only what the kill really ended
        errors = [line for line in self.seen if line.startswith("ERROR")]
        assert not errors, errors
        return list(self.seen)

    def run(self, *command: str | Path, timeout: float = 120) -> list[str]:
        """Start a worker and let it finish; its lines."""
        self.seen = []
        self.proc.stdin.write(shlex.join(map(str, command)) + "\n")
        self.proc.stdin.flush()
        pid = int(self.expect("PID").split()[1])
        self.expect(f"EXIT {pid}", timeout)
        errors = [line for line in self.seen if line.startswith("ERROR")]
        assert not errors, errors
        return list(self.seen)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def cli_status(lines: list[str]) -> int | None:
    """The exit status a `cli` worker reported (None: it was killed first)."""
    for line in lines:
        if line.startswith("CLI "):
            return int(line.split()[1])
    return None


def integrity_ok(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    """Temporary files and folders under `folder` (writers' parts, journals, interrupted builds)."""
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*")
                  if (p.is_file() and p.name.endswith(TEMPORARY)) or ".building-" in p.name)


def report(findings: list[str]) -> None:
    """Fail on any finding that is not a known breach; list the known ones as an expected failure."""
    import pytest

    findings = sorted(set(findings))
    unknown = [f for f in findings if not f.startswith(tuple(k for k, _ in KNOWN))]
    assert unknown == [], "\n".join(unknown)
    if findings:
        owners = sorted({why for key, why in KNOWN for f in findings if f.startswith(key)})
        pytest.xfail("known breaches (issue 15 item 12), to be fixed in " + "; ".join(owners) + ":\n"
                     + "\n".join(findings))


def workspace_whole(root: Path, findings: list[str] | None = None) -> dict:
    """Open the workspace (the next start: recovery runs) and check everything the issue asks.
    Temporary files left after the start fail the check, or go to `findings` ("leftover <path>") when
    the caller collects them for `report`. Returns facts for the caller's own checks."""
    from landdesk.services import scans
    from landdesk.services.audit import verify_audit
    from landdesk.storage.commune import browse
    from landdesk.workspace import DB_NAME, Workspace

    assert integrity_ok(root / DB_NAME), root
    with Workspace.open(root) as ws:
        audit = ws.read(verify_audit)
        assert audit.ok, audit
        store = ws.read(lambda ctx: scans.check_store(ctx))
        assert store.ok, store.as_json()
        dossiers = ws.read(lambda ctx: browse.total(ctx.session))
    left = leftovers(root)
    if findings is None:
        assert left == [], left
    else:
        findings += [f"leftover {p}" for p in left]
    return {"dossiers": dossiers, "pages": store.rows, "leftovers": left}
