"""A process for the station kill tests: runs one exchange step on a workspace, to be SIGKILLed.

    python tests/stations/kill_child.py send STATION_ROOT [--hold MODULE:ATTR:N]
    python tests/stations/kill_child.py import PRIMARY_ROOT FILE [--hold ...]
    python tests/stations/kill_child.py serve PRIMARY_ROOT PORT [--hold ...]
    python tests/stations/kill_child.py lan STATION_ROOT HOST:PORT [--hold ...]

It prints START once the workspace is open, LISTENING when a server listens and DONE when the step
finished. `--hold MODULE:ATTR:N` (ATTR may be Class.method) makes the Nth call of that function print
HOLD and wait to be killed: the test kills the process at a point where it is certainly still working,
however loaded the machine, never after a guessed delay.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from landdesk.workspace import Workspace  # noqa: E402


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def hold(spec: str) -> None:
    module, attr, n = spec.split(":")
    owner = importlib.import_module(module)
    *path, name = attr.split(".")
    for part in path:
        owner = getattr(owner, part)
    real, calls = getattr(owner, name), [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == int(n):
            say("HOLD")
            time.sleep(600)  # killed here
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)


def main() -> None:
    argv = sys.argv[1:]
    if "--hold" in argv:
        i = argv.index("--hold")
        hold(argv[i + 1])
        del argv[i:i + 2]
    cmd, root, *rest = argv
    from landdesk.services.stations import lan, primary, station

    with Workspace.open(root) as ws:
        say("START")
        if cmd == "send":
            station.send(ws)
        elif cmd == "import":
            primary.import_files(ws, [Path(rest[0])])
        elif cmd == "serve":
            import threading

            server = lan.StationServer(ws, "127.0.0.1", int(rest[0]))
            say("LISTENING")
            server.serve_until(threading.Event(), 1800)  # killed long before
        elif cmd == "lan":
            lan.sync_lan(ws, rest[0])
        say("DONE")


if __name__ == "__main__":
    main()
