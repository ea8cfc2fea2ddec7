"""Child process for the kill test: a tiny fork server over one workspace.

    python tests/reliability/kill_child.py ROOT

Imports LandDesk once, then reads commands on stdin, one per line, and forks a worker for each:
    save SEED       saves synthetic dossiers one by one (Workspace.transact), writing "OK <id>" after
                    each commit returns
    bulk SEED N     saves N demo dossiers in one transaction (the demo's bulk path), then "BULK SEED"
    backup DIR      backs the workspace up into DIR, then "BACKUP <folder>"
It writes "PID <pid>" when a worker starts and "EXIT <pid>" when it has ended (the test kills
workers with SIGKILL at random moments). Lines are written with single os.write calls, so a killed
worker never leaves half a line in the pipe.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from landdesk.demo import commune as demo  # noqa: E402
from landdesk.services import backup  # noqa: E402
from landdesk.services.dossiers import save_dossier  # noqa: E402
from landdesk.storage import audit  # noqa: E402
from landdesk.storage.commune import dossiers as store  # noqa: E402
from landdesk.workspace import Workspace  # noqa: E402


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def save_loop(root: str, seed: int) -> None:
    with Workspace.open(root) as ws:
        for batch in demo.generate_batches(100_000, seed, ws.info.commune_code, size=1):
            d = batch[0][0]
            ws.transact(lambda ctx, d=d: save_dossier(ctx, d, allow_errors=True))
            say(f"OK {d.id}")  # only after the commit has returned


def bulk(root: str, seed: int, n: int) -> None:
    with Workspace.open(root) as ws:
        def work(ctx):
            for batch in demo.generate_batches(n, seed, ws.info.commune_code):
                store.bulk_insert_dossiers(ctx.session, batch, ctx.actor.username)
            audit.append(ctx.session, user=ctx.actor.username, action="import", entity="workspace",
                         entity_id="demo", changes=[{"field": "dossiers", "old": 0, "new": n}])
        ws.transact(work)
        say(f"BULK {seed}")


def backup_to(root: str, target: str) -> None:
    with Workspace.open(root) as ws:
        result = ws.read(lambda ctx: backup.create_backup(ctx, Path(target)))
        ws.transact(lambda ctx: backup.record_backup(ctx, result))
        say(f"BACKUP {result.folder}")


def main() -> None:
    root = sys.argv[1]
    say("READY")
    for line in sys.stdin:
        cmd, *args = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                if cmd == "save":
                    save_loop(root, int(args[0]))
                elif cmd == "bulk":
                    bulk(root, int(args[0]), int(args[1]))
                elif cmd == "backup":
                    backup_to(root, args[0])
            finally:
                os._exit(0)
        say(f"PID {pid}")
        os.waitpid(pid, 0)
        say(f"EXIT {pid}")


if __name__ == "__main__":
    main()
