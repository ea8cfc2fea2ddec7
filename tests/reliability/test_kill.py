"""Never lost: kill interactive saves and backups at random moments (SIGKILL) — every dossier reported
as committed is still there, the database passes integrity_check, the audit chain verifies, a killed
backup is never taken for a whole one, and nothing of a killed backup is left after the next start
(its database snapshot) or the next backup into the same folder (its .partial folder). (Demo, import,
export and province import are killed in test_kill_commands.py, scan intake in test_scan_kill.py.)"""

from __future__ import annotations

import random
import time

import pytest

from landdesk.domain.errors import LandDeskError
from landdesk.services import backup
from landdesk.storage.commune import dossiers as store
from landdesk.workspace import Workspace
from tests.reliability.harness import leftovers, rounds, workspace_whole

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # runs in `make test` (the workers are forked: POSIX)

SAVE_ROUNDS, BACKUP_ROUNDS = 12, 8


def test_killed_saves_and_backups_lose_nothing_committed(ws_path, tmp_path, child):
    rng = random.Random(2025)
    committed: list[str] = []
    backups_done: list[str] = []
    usb = tmp_path / "usb"
    for i in range(SAVE_ROUNDS):
        # After the k-th commit, somewhere in the next save (at the latest when it reports its commit).
        lines = child.run_and_kill("save", ws_path, i, after=("OK", rng.randint(1, 4)), wait=rng.uniform(0, 0.2))
        committed += [line.split()[1] for line in lines if line.startswith("OK ")]
    assert child.killed["save"] == SAVE_ROUNDS
    run = child.profile("backup", ws_path, usb)  # one whole backup: its steps and their moments
    backups_done += [line.split(" ", 1)[1] for line in run.lines if line.startswith("BACKUP ")]
    for r in rounds(child, "backup", BACKUP_ROUNDS):  # a killed backup is never taken for a whole one
        lines = child.run_and_kill("backup", ws_path, usb, **run.aim(rng, by_step=r % 2 == 1))
        backups_done += [line.split(" ", 1)[1] for line in lines if line.startswith("BACKUP ")]
    assert child.killed["backup"] == BACKUP_ROUNDS
    for folder in usb.iterdir():  # what the kills left: never a backup under a final name that is not whole
        if folder.name.endswith(".partial"):
            try:
                backup.read_manifest(folder)
            except LandDeskError as exc:
                assert "No complete backup" in exc.en, exc.en
    lines = child.run("backup", ws_path, usb)  # the next backup into that folder: the killed ones' folders go
    backups_done += [line.split(" ", 1)[1] for line in lines if line.startswith("BACKUP ")]

    workspace_whole(ws_path)  # the next start: no database snapshot left in the workspace's backups folder
    with Workspace.open(ws_path) as ws:
        present = ws.read(lambda ctx: {d.id for d in store.load_dossiers(ctx.session, committed)})
        assert present == set(committed)
    from landdesk.services.packages import keys

    assert leftovers(usb) == [], leftovers(usb)
    key = keys.backup_key(ws_path / "keys")  # backups are encrypted with it
    finished = [p for p in usb.iterdir() if p.name not in ("media", "media-encrypted")]
    for folder in finished:
        backup.verify_backup(folder, key=key)  # everything under a final name is whole
    assert set(backups_done) <= {str(p) for p in finished}


def test_a_backup_right_after_a_killed_one_works(ws_path, tmp_path):
    """A killed backup's .partial folder under the name this second (and the next) would give: the
    next backup takes another name."""
    from landdesk.services.backup import PREFIX
    from landdesk.services.packages import keys

    usb = tmp_path / "usb"
    with Workspace.open(ws_path) as ws:
        names = set()
        for _ in range(3):
            for n in range(2):
                name = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() + n))
                (usb / f".{PREFIX}07210-{name}.partial").mkdir(parents=True, exist_ok=True)
            result = ws.read(lambda ctx: backup.create_backup(ctx, usb))
            backup.verify_backup(result.folder, key=keys.backup_key(ws_path / "keys"))
            names.add(result.folder.name)
    assert len(names) == 3
