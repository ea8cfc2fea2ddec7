"""A hot folder: the folder a scanner writes into, watched by polling (works on network shares,
where change notifications do not arrive).

A file is taken only once its size and modification time have stayed the same for `settle`
seconds (the scanner has finished writing it). After processing it is moved to done/ or failed/
(failed/ gets a `<name>.reason.txt` beside it); originals are never deleted. A file that another program
still holds when it is to be moved (the scanner driver, an antivirus: Windows refuses the rename) stays
where it is, is not taken again, and its move is tried again at each later poll: the watch never stops
on it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain.fileio import is_locked
from landdesk.domain.filelock import exclusive

DONE, FAILED = "done", "failed"
CLAIM = ".landdesk-hotfolder.lock"  # held while a window or `scans watch` takes files from the folder
IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".reason.txt")


@dataclass
class HotFolder:
    root: Path
    settle: float = 2.0
    clock: Callable[[], float] = time.monotonic
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)
    _moves: dict[Path, tuple[bool, str]] = field(default_factory=dict)  # processed, still held: move later

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    @contextmanager
    def claimed(self) -> Iterator[None]:
        """Only one watcher per folder (two windows, a window and `scans watch`, two PCs on a share):
        the second is told at once (LockHeld) instead of taking the same files."""
        with exclusive(self.root / CLAIM, f"Việc theo dõi thư mục quét {self.root}",
                       f"Watching the scan folder {self.root}"):
            yield

    def candidates(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        out = []
        for p in sorted(self.root.iterdir()):
            name = p.name
            if name.startswith(".") or name.startswith("~") or name.lower().endswith(IGNORED_SUFFIXES):
                continue
            if p.is_file():
                out.append(p)
        return out

    def poll(self) -> list[Path]:
        """Files that have stopped changing; the others are remembered for the next poll."""
        self.retry_moves()
        now = self.clock()
        ready, current = [], {}
        for p in self.candidates():
            if p in self._moves:
                continue  # already taken; waiting for its holder to let go
            try:
                st = p.stat()
            except OSError:
                continue  # vanished or locked by the writer
            sig = (st.st_size, st.st_mtime_ns)
            old = self._seen.get(p)
            since = old[2] if old and (old[0], old[1]) == sig else now
            current[p] = (*sig, since)
            if st.st_size > 0 and now - since >= self.settle:
                ready.append(p)
        self._seen = current
        return ready

    def take_ready(self) -> list[Path]:
        """For one-shot runs: look twice, `settle` seconds apart; files unchanged in between are ready."""
        self.poll()
        time.sleep(self.settle)
        return self.poll()

    def finish(self, path: Path, ok: bool, reason: str = "") -> Path | None:
        """Move a processed file to done/ or failed/ (never overwriting); returns where it went, or None
        when another program still holds it (then it is moved by a later poll, and not taken again)."""
        dest_dir = self.root / (DONE if ok else FAILED)
        dest_dir.mkdir(exist_ok=True)
        dest = _free_name(dest_dir / path.name)
        try:
            os.replace(path, dest)  # same folder tree, same drive: a rename (no copy left behind)
        except PermissionError as exc:
            if not is_locked(exc):
                raise
            self._moves[path] = (ok, reason)
            return None
        self._moves.pop(path, None)
        if not ok:
            note = dest.with_name(dest.name + ".reason.txt")
            note.write_text(reason.strip() + "\n", encoding="utf-8")
        self._seen.pop(path, None)
        return dest

    def retry_moves(self) -> None:
        for path, (ok, reason) in list(self._moves.items()):
            if path.exists():
                self.finish(path, ok, reason)
            else:
                self._moves.pop(path, None)

    @property
    def held(self) -> list[Path]:
        """Processed files whose move waits for another program to let go of them."""
        return list(self._moves)


def _free_name(path: Path) -> Path:
    if not path.exists():
        return path
    stem, suffix = path.stem, path.suffix
    n = 2
    while True:
        cand = path.with_name(f"{stem} ({n}){suffix}")
        if not cand.exists():
            return cand
        n += 1

