"""Text output that works in any console: UTF-8 always, and no console at all for the windowed app.

On Windows, output redirected to a file or a pipe is encoded in the ANSI code page (cp1252, cp1258),
and PYTHONIOENCODING can name any other: Vietnamese text then raised UnicodeEncodeError and the command
exited 1, which the contract keeps for "problems found". The command line writes UTF-8 whatever the
console, which is what `--json` promises (PowerShell users set [Console]::OutputEncoding to UTF-8).
"""

from __future__ import annotations

import os
import sys


def utf8_console() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # the windowed app (console=False) has no console: print() must not fail
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the process)
            continue
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot change (already read/closed)
                pass
