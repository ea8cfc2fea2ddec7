"""A process for the station kill tests: runs one exchange step on a workspace, to be SIGKILLed.

    python tests/stations/kill_child.py send STATION_ROOT
    python tests/stations/kill_child.py import PRIMARY_ROOT FILE
    python tests/stations/kill_child.py serve PRIMARY_ROOT PORT
    python tests/stations/kill_child.py lan STATION_ROOT HOST:PORT

It prints START once the workspace is open and DONE when the step finished.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from landdesk.workspace import Workspace  # noqa: E402


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def main() -> None:
    cmd, root, *rest = sys.argv[1:]
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
            server.serve_until(threading.Event(), 300)
        elif cmd == "lan":
            lan.sync_lan(ws, rest[0])
        say("DONE")


if __name__ == "__main__":
    main()
