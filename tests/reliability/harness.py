"""What the kill tests share: the fork server (kill_child.py) and the checks made after the kills.

The checks are the issue's: nothing committed is lost (every save, page or import reported done is
there), nothing half-done is left (the database passes integrity_check, the audit chain verifies, no
orphan page file or temporary part after the next start, no half package or backup under a final name).
"""

from __future__ import annotations

import os
import queue
import random
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CHILD = Path(__file__).with_name("kill_child.py")
# What a writer may leave while it works; none of it may stay after the next start: temporary files,
# a workspace or desk being created, a backup being made (its folder, lock and database snapshot).
TEMPORARY = (".part", ".journal", ".thumb", ".tmp")  # files (media/.tmp is the store's folder for them)
IN_PROGRESS = (".building-", ".creating-", ".partial")
STARTS = (".snapshot-", ".landdesk-backup-")


@dataclass
class Profile:
    """A whole run of a command: when its progress lines came (seconds from its start) and its lines."""

    steps: list[float]
    lines: list[str]

    def aim(self, rng: random.Random, by_step: bool = False) -> dict:
        """Where to kill a run of the same command (keyword arguments of `Child.run_and_kill`): at a
        moment drawn uniformly over the whole run's duration, or (by_step) after a step drawn uniformly
        among its steps (short moments such as the one between a commit and a rename get their share),
        somewhere before the next one. Never after the last step but one: the kill must come before
        the command ends (after its last step it only prints and exits)."""
        steps = self.steps
        assert len(steps) >= 2, "the command reported no progress"
        if by_step:
            k = rng.randint(0, len(steps) - 2)
            start = steps[k - 1] if k else 0.0
            return {"after": ("STEP", k), "wait": rng.random() * (steps[k] - start), "expected_at": start or None}
        t = rng.uniform(0, steps[-2])
        k = sum(s <= t for s in steps)
        return {"after": ("STEP", k), "wait": t - (steps[k - 1] if k else 0.0),
                "expected_at": steps[k - 1] if k else None}


class Child:
    """The fork server and a thread reading its lines (each with the moment it came)."""

    def __init__(self, watch: Path | None = None):
        env = dict(os.environ, KILL_WATCH=str(watch)) if watch else None
        self.fifo = Path(tempfile.mkdtemp(prefix="kill-")) / "go"  # outside `watch`: no progress line
        os.mkfifo(self.fifo)
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1, env=env, start_new_session=True)
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.seen: list[str] = []
        self.seen_at: list[float] = []
        self.kills = 0
        self.killed: Counter[str] = Counter()  # kills by command (`cli` ones by their subcommand)
        threading.Thread(target=self._read, daemon=True).start()
        assert self.expect("READY", 120)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put((time.monotonic(), line.rstrip("\n")))

    def _next(self, timeout: float) -> tuple[float, str]:
        at, line = self.lines.get(timeout=max(0.001, timeout))
        self.seen.append(line)
        self.seen_at.append(at)
        return at, line

    def expect(self, prefix: str, timeout: float = 60) -> str:
        """The next line starting with prefix; every line read is kept in self.seen."""
        deadline = time.monotonic() + timeout
        while True:
            _, line = self._next(deadline - time.monotonic())
            if line.startswith(prefix):
                return line

    def _start(self, command, stop: tuple[str, int] | None = None) -> tuple[int, float]:
        """Send a command; its worker's pid and the moment it was sent. The worker may write lines
        before the server's PID line: they are in self.seen too."""
        self.seen, self.seen_at = [], []
        words = list(map(str, command))
        if stop is not None:
            words.insert(0, f"stop={self.fifo}:{stop[0]}:{stop[1]}")
        sent = time.monotonic()
        self.proc.stdin.write(shlex.join(words) + "\n")
        self.proc.stdin.flush()
        pid = int(self.expect("PID").split()[1])
        return pid, sent

    def _release(self) -> None:
        """Let the waiting worker go on (it opens the FIFO to read as soon as it waits)."""
        deadline = time.monotonic() + 120
        while True:
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:  # ENXIO: no reader yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.001)
        try:
            os.write(fd, b"g")
        finally:
            os.close(fd)

    def run_and_kill(self, *command: str | Path, after: tuple[str, int] = ("STEP", 0), wait: float = 0.0,
                     expected_at: float | None = None) -> list[str]:
        """Start a worker and SIGKILL it between two of its progress lines: after its n-th line
        starting with prefix (after=(prefix, n); n=0: before it begins), where it waits for the test
        (kill_child.py), or `wait` seconds later — or when its next such line comes first (it waits
        there again). `expected_at`: when the n-th line came in the run the kill was aimed at
        (`Profile.aim`); the wait is stretched or shrunk by how much slower or faster this run is.
        Returns the worker's lines; `kills` counts the workers the signal really ended."""
        prefix, n = after
        pid, t0 = self._start(command, stop=after)
        ended = f"EXIT {pid}"
        seen, now, done = sum(line.startswith(prefix) for line in self.seen), t0, False
        if seen:
            now = max(at for at, line in zip(self.seen_at, self.seen, strict=True) if line.startswith(prefix))
        while seen < n and not done:
            now, line = self._next(300)
            seen += line.startswith(prefix)
            done = line.startswith(ended)
        if not done and wait > 0:
            if expected_at:
                wait *= (now - t0) / expected_at
            self._release()
            deadline = time.monotonic() + wait
            while not done and time.monotonic() < deadline:
                try:
                    _, line = self._next(deadline - time.monotonic())
                except queue.Empty:
                    break
                done = line.startswith(ended)
                if line.startswith(prefix):
                    break
        if not done:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it had already ended
            if self.expect(ended, 120).endswith("KILLED"):  # only what the kill really ended
                self.kills += 1
                self.killed[_label(command)] += 1
        errors = [line for line in self.seen if line.startswith("ERROR")]
        assert not errors, errors
        return list(self.seen)

    def run(self, *command: str | Path, timeout: float = 300) -> list[str]:
        """Start a worker and let it finish; its lines."""
        return self.profile(*command, timeout=timeout).lines

    def profile(self, *command: str | Path, timeout: float = 300) -> Profile:
        """Run a worker whole: its lines and when its progress lines came."""
        pid, t0 = self._start(command)
        while not self.seen[-1].startswith(f"EXIT {pid}"):
            self._next(t0 + timeout - time.monotonic())
        errors = [line for line in self.seen if line.startswith("ERROR")]
        assert not errors, errors
        steps = [at - t0 for at, line in zip(self.seen_at, self.seen, strict=True) if line.startswith("STEP")]
        return Profile(steps, list(self.seen))

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a worker left waiting by a failed test: end the server and them
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise
        finally:
            shutil.rmtree(self.fifo.parent, ignore_errors=True)


def rounds(child: Child, label: str, n: int):
    """Round numbers until `n` workers of `label` were killed (at most 2n rounds: a kill aimed near the
    end of a run can find the worker finished when this run has fewer steps than the one aimed at)."""
    start = child.killed[label]
    for r in range(2 * n):
        if child.killed[label] - start >= n:
            return
        yield r


def _label(command: tuple) -> str:
    args = [str(a) for a in command]
    if args[0] != "cli":
        return args[0]
    rest = args[2:]
    if rest[:1] == ["--workspace"]:
        rest = rest[2:]
    return " ".join(rest[:2]) if rest[:1] in (["package"], ["province"], ["scans"]) else rest[0]


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
                  if (p.is_file() and p.name.endswith(TEMPORARY)) or p.name.startswith(STARTS)
                  or any(m in p.name for m in IN_PROGRESS))


def workspace_whole(root: Path) -> dict:
    """Open the workspace (the next start: recovery runs) and check everything the issue asks: the
    database passes integrity_check, the audit chain verifies, every page has its file and every file
    its page, and no temporary file is left anywhere in it. Returns facts for the caller's own checks."""
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
    assert leftovers(root) == [], leftovers(root)
    return {"dossiers": dossiers, "pages": store.rows}
