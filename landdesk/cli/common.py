"""What every command shares: opening the workspace, printing text or JSON, progress on stderr."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landdesk.domain.errors import LandDeskError, current_language


@dataclass
class CliEnv:
    workspace_path: Path
    user: str | None
    lang: str
    _ws: Any = field(default=None, repr=False)

    def open(self):
        """The workspace (opened once per command)."""
        if self._ws is None:
            from landdesk.workspace import Workspace

            self._ws = Workspace.open(self.workspace_path, user=self.user)
        return self._ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None


def t(vi: str, en: str) -> str:
    """Pick the message for the CLI's language."""
    return vi if current_language() == "vi" else en


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def usage_error(vi: str, en: str) -> LandDeskError:
    return LandDeskError(vi, en)


class StderrProgress:
    """A progress bar on stderr (only when it is a terminal), throttled to whole percents."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = -1

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        pct = int(done * 100 / total)
        if pct == self._last:
            return
        self._last = pct
        bar = "#" * (pct // 4)
        sys.stderr.write(f"\r[{bar:<25}] {pct:3d}% {label[:40]:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
