"""Never lost: kill interactive saves and backups at random moments (SIGKILL) — every dossier reported
as committed is still there, the database passes integrity_check, the audit chain verifies, and a
killed backup is never taken for a whole one. (Demo, import, export and province import are killed in
test_kill_commands.py, scan intake in test_scan_kill.py.)"""

from __future__ import annotations

import random
import time

import pytest

from landdesk.domain.errors import LandDeskError
from landdesk.services import backup
from landdesk.storage.commune import dossiers as store
from landdesk.workspace import Workspace
from tests.reliability.harness import Child, report, workspace_whole

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # about 15 s; runs in `make test` (the workers are forked: POSIX)

SAVE_ROUNDS, BACKUP_ROUNDS = 12, 6


def test_killed_saves_and_backups_lose_nothing_committed(ws_path, tmp_path):
    rng = random.Random(2025)
    committed: list[str] = []
    backups_done: list[str] = []
    usb = tmp_path / "usb"
    child = Child()
    try:
        for i in range(SAVE_ROUNDS):
            # After the k-th commit, at a random moment of the next saves.
            lines = child.run_and_kill("save", ws_path, i, when=("OK", rng.randint(1, 4)), after=rng.uniform(0, 0.15))
            committed += [line.split()[1] for line in lines if line.startswith("OK ")]
        t = time.perf_counter()  # one whole backup first: how long one takes on this machine now
        lines = child.run("backup", ws_path, usb)
        backups_done += [line.split(" ", 1)[1] for line in lines if line.startswith("BACKUP ")]
        whole = time.perf_counter() - t
        killed = 0
        for _ in range(3 * BACKUP_ROUNDS):  # a killed backup is never taken for a whole one
            if killed >= BACKUP_ROUNDS:
                break
            time.sleep(1 - time.time() % 1)  # a new second: see the xfail test below
            before = child.kills
            lines = child.run_and_kill("backup", ws_path, usb, after=rng.uniform(0.1, 1.0) * whole)
            backups_done += [line.split(" ", 1)[1] for line in lines if line.startswith("BACKUP ")]
            killed += child.kills - before
            if child.kills == before:  # it finished first: aim earlier (the first run was slow)
                whole *= 0.7
    finally:
        child.close()
    assert len(committed) >= SAVE_ROUNDS

    findings: list[str] = []
    workspace_whole(ws_path, findings)
    with Workspace.open(ws_path) as ws:
        present = ws.read(lambda ctx: {d.id for d in store.load_dossiers(ctx.session, committed)})
        assert present == set(committed)
    from landdesk.services.packages import keys

    key = keys.backup_key(ws_path / "keys")  # backups are encrypted with it
    for folder in usb.iterdir() if usb.exists() else ():
        if folder.name in ("media", "media-encrypted"):
            continue
        if folder.name.endswith(".partial"):  # interrupted: refused as incomplete, or whole (killed
            try:                                  # between its manifest and its rename)
                backup.read_manifest(folder)
            except LandDeskError as exc:
                assert "No complete backup" in exc.en, exc.en
                continue
        backup.verify_backup(folder, key=key)  # everything under a final name, and every manifest, is whole
    assert set(backups_done) <= {str(p) for p in usb.iterdir()}
    assert child.kills == SAVE_ROUNDS + BACKUP_ROUNDS
    report(findings + [f"leftover backups/{p.name}" for p in usb.glob(".snapshot-*")])


@pytest.mark.xfail(strict=True, reason="services/backup.py picks the backup's name checking only finished "
                   "backups: the .partial folder a killed backup left in the same second makes the next backup "
                   "fail with FileExistsError (a traceback). The backup owner fixes it (skip names whose .partial "
                   "exists too); then remove this marker.")
def test_a_backup_right_after_a_killed_one_works(ws_path, tmp_path):
    from landdesk.services.backup import PREFIX
    from landdesk.services.packages import keys

    usb = tmp_path / "usb"
    with Workspace.open(ws_path) as ws:
        for _ in range(3):  # a killed backup's .partial, under the names this second and the next give
            for n in range(2):
                name = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() + n))
                (usb / f".{PREFIX}07210-{name}.partial").mkdir(parents=True, exist_ok=True)
            result = ws.read(lambda ctx: backup.create_backup(ctx, usb))
            backup.verify_backup(result.folder, key=keys.backup_key(ws_path / "keys"))
