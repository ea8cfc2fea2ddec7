"""Child process for the kill tests: a small fork server over LandDesk's write paths.

    python tests/reliability/kill_child.py

Imports LandDesk (every command module, the workbook, image and PDF libraries) once, then reads
commands on stdin, one per line, and forks a worker for each (so a worker starts in milliseconds and
the test can kill it at any moment):
    save ROOT SEED           saves synthetic dossiers one by one (Workspace.transact), writing
                             "OK <id>" after each commit returns
    backup ROOT DIR          backs the workspace up into DIR, then "BACKUP <folder>"
    scan ROOT DOSSIER DIR    adds the files of DIR (scans.intake_files: one transaction per file),
                             writing "DONE <n>" once the first n files are committed, "SCANNED" at the end
    cli OUT ARG...           the real command line, `landdesk ARG...`, its output in the file OUT,
                             then "CLI <exit status>"
It writes "PID <pid>" when a worker starts and "EXIT <pid> KILLED|ENDED" when it has ended. Lines are written with
single os.write calls, so a killed worker never leaves half a line in the pipe.

Every worker reports its progress as it goes ("STEP <what>"): each file it writes, renames or removes
under the folder named by $KILL_WATCH (Python's audit hooks), each SQL write statement and each commit.
A command line may start with `stop=FIFO:PREFIX:N`: the worker then waits (reading the named pipe
FIFO) right after its N-th line starting with PREFIX (N=0: before it begins) and again after the next
one. The test kills it there, or lets it go on for a while first (a byte into the FIFO): a kill lands
between those two steps however loaded the machine is, and never after the worker has finished.
"""

from __future__ import annotations

import os
import shlex
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import openpyxl  # noqa: E402,F401  (loaded once here, not in every worker)
import pypdfium2  # noqa: E402,F401
import python_calamine  # noqa: E402,F401
from PIL import Image  # noqa: E402,F401

from landdesk.cli import main as cli_main  # noqa: E402
from landdesk.demo import commune as demo  # noqa: E402
from landdesk.services import backup, scans  # noqa: E402
from landdesk.services.dossiers import save_dossier  # noqa: E402
from landdesk.workspace import Workspace  # noqa: E402

cli_main.command_modules()
import landdesk.services.importing.service  # noqa: E402,F401
import landdesk.services.packages.export  # noqa: E402,F401
import landdesk.services.province.importer  # noqa: E402,F401

OUT = os.dup(1)  # the pipe to the test (a worker's fd 1 may be pointed at a file)


STOP: list = []  # [fifo, prefix, n]: this worker waits after its n-th and (n+1)-th line starting with prefix
_said = 0
_saying = threading.Lock()  # a worker's threads (the bulk insert's) report too: counted one at a time


def say(line: str) -> None:
    global _said
    with _saying:
        os.write(OUT, (line + "\n").encode())
        stop = bool(STOP) and line.startswith(STOP[1]) and (_said := _said + 1) in (STOP[2], STOP[2] + 1)
    if stop:
        hold()


def hold() -> None:
    """Wait until the test lets this worker go on (a byte through the FIFO), or kills it."""
    fd = os.open(STOP[0], os.O_RDONLY)
    try:
        os.read(fd, 1)
    finally:
        os.close(fd)


WRITES = os.O_WRONLY | os.O_RDWR
PATH_EVENTS = {"os.rename": "rename", "os.remove": "remove", "os.rmdir": "rmdir", "os.mkdir": "mkdir",
               "os.link": "link", "shutil.rmtree": "rmtree", "sqlite3.connect": "connect"}
SQL_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def trace(watch: str) -> None:
    """'STEP <what>' lines from inside the worker (see the module's docstring)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def hook(name: str, args: tuple) -> None:
        if name == "open":
            path, _mode, flags = args
            if isinstance(flags, int) and flags & WRITES and isinstance(path, str) and path.startswith(watch):
                say(f"STEP write {path[len(watch):]}")
        elif name in PATH_EVENTS:
            path = args[0]
            path = os.fspath(path) if isinstance(path, (str, os.PathLike)) else ""
            if isinstance(path, str) and path.startswith(watch):
                say(f"STEP {PATH_EVENTS[name]} {path[len(watch):]}")

    def sql(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip()[:7].upper().startswith(SQL_WRITES):
            say("STEP sql")

    sys.addaudithook(hook)
    event.listen(Engine, "before_cursor_execute", sql)
    event.listen(Engine, "commit", lambda _conn: say("STEP commit"))


def save_loop(root: str, seed: int) -> None:
    with Workspace.open(root) as ws:
        for batch in demo.generate_batches(100_000, seed, ws.info.commune_code, size=1):
            d = batch[0][0]
            ws.transact(lambda ctx, d=d: save_dossier(ctx, d, allow_errors=True))
            say(f"OK {d.id}")  # only after the commit has returned


def backup_to(root: str, target: str) -> None:
    with Workspace.open(root) as ws:
        result = ws.read(lambda ctx: backup.create_backup(ctx, Path(target)))
        ws.transact(lambda ctx: backup.record_backup(ctx, result))
        say(f"BACKUP {result.folder}")


def scan(root: str, dossier_id: str, folder: str) -> None:
    files = sorted(Path(folder).iterdir())
    with Workspace.open(root) as ws:
        def progress(done: int, total: int, label: str = "") -> None:
            if done:
                say(f"DONE {done}")  # progress(n) comes before file n: files[:n] are committed

        scans.intake_files(ws, files, dossier_id, progress=progress)
        say("SCANNED")


def cli(out: str, args: list[str]) -> None:
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    code = cli_main.main(args)
    sys.stdout.flush()
    sys.stderr.flush()
    say(f"CLI {code}")


def main() -> None:
    say("READY")
    for line in sys.stdin:
        cmd, *args = shlex.split(line)
        stop = None
        if cmd.startswith("stop="):  # stop=FIFO:PREFIX:N
            fifo, rest = cmd[5:].split(":", 1)
            prefix, n = rest.rsplit(":", 1)
            stop, (cmd, *args) = [fifo, prefix, int(n)], args
        pid = os.fork()
        if pid == 0:
            try:
                if stop:
                    STOP[:] = stop
                    if stop[2] == 0:
                        hold()
                if os.environ.get("KILL_WATCH"):
                    trace(os.environ["KILL_WATCH"])
                if cmd == "save":
                    save_loop(args[0], int(args[1]))
                elif cmd == "backup":
                    backup_to(args[0], args[1])
                elif cmd == "scan":
                    scan(args[0], args[1], args[2])
                elif cmd == "cli":
                    cli(args[0], args[1:])
            except BaseException as exc:  # a worker that fails says so (the test shows it)
                say(f"ERROR {type(exc).__name__}: {exc}".replace("\n", " "))
            finally:
                os._exit(0)
        say(f"PID {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"EXIT {pid} {'KILLED' if os.WIFSIGNALED(status) else 'ENDED'}")


if __name__ == "__main__":
    main()
