"""Dossiers move to 'checked' and 'verified' by the facts, and back when the facts change."""

from __future__ import annotations

import sqlite3

from landdesk.domain.codes import UserRole, VerificationStatus, WorkflowStatus
from landdesk.services import audit, checks, dossiers, users
from landdesk.workspace import Workspace
from tests.factories import couple_dossier


def _status(ws, did):
    return ws.read(lambda ctx: dossiers.get_dossier(ctx, did)).status


def test_check_run_moves_stages(ws):
    good = couple_dossier()
    dup1, dup2 = couple_dossier(serial="CS 111111", sheet="1"), couple_dossier(serial="CS 111111", sheet="2")
    for d in (good, dup1, dup2):
        ws.transact(lambda ctx, d=d: dossiers.save_dossier(ctx, d))
    assert _status(ws, good.id) == WorkflowStatus.ENTERED
    ws.transact(lambda ctx: checks.run_checks(ctx, advance=True))
    assert _status(ws, good.id) == WorkflowStatus.CHECKED
    # the duplicated serial is a cross-dossier error: those two stay 'entered'
    assert _status(ws, dup1.id) == _status(ws, dup2.id) == WorkflowStatus.ENTERED
    before = ws.read(lambda ctx: dossiers.get_dossier(ctx, good.id)).revision

    # all person holders have a population-data result → verified
    d = ws.read(lambda ctx: dossiers.get_dossier(ctx, good.id))
    d.holders[0].verification = VerificationStatus.VERIFIED
    d.holders[1].verification = VerificationStatus.INCORRECT
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    ws.transact(lambda ctx: checks.run_checks(ctx, advance=True))
    after = ws.read(lambda ctx: dossiers.get_dossier(ctx, good.id))
    assert after.status == WorkflowStatus.VERIFIED and after.revision > before
    assert ws.read(audit.verify_audit).ok


def test_viewer_check_changes_nothing(ws):
    d = couple_dossier()
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
    ws.transact(lambda ctx: users.add_user(ctx, "xem", "secret-pass-1", UserRole.VIEWER))
    with Workspace.open(ws.root, user="xem") as viewer:
        viewer.transact(lambda ctx: checks.run_checks(ctx, advance=True))
    con = sqlite3.connect(ws.root / "landdesk.db")
    assert con.execute("SELECT status FROM dossiers").fetchone() == ("entered",)
