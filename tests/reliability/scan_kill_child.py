"""Child process for the scan kill test: a fork server doing intake into one workspace.

    python tests/reliability/scan_kill_child.py ROOT DOSSIER_ID

Reads `scan DIR` lines on stdin and forks a worker for each; the worker adds the files of DIR in
groups of three (one transaction per group) and writes "OK <file>" for each stored file only after
the commit has returned. "PID <pid>" when a worker starts, "EXIT <pid>" when it has ended.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from landdesk.services import scans  # noqa: E402
from landdesk.workspace import Workspace  # noqa: E402


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def scan_loop(root: str, dossier_id: str, folder: str) -> None:
    files = sorted(Path(folder).iterdir())
    with Workspace.open(root) as ws:
        for i in range(0, len(files), 3):
            group = files[i:i + 3]
            rep = ws.transact(lambda ctx, g=group: scans.add_files(ctx, g, dossier_id))
            for a in rep.added:
                say(f"OK {a.page_id}")


def main() -> None:
    root, dossier_id = sys.argv[1], sys.argv[2]
    say("READY")
    for line in sys.stdin:
        cmd, *args = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                if cmd == "scan":
                    scan_loop(root, dossier_id, args[0])
            finally:
                os._exit(0)
        say(f"PID {pid}")
        os.waitpid(pid, 0)
        say(f"EXIT {pid}")


if __name__ == "__main__":
    main()
