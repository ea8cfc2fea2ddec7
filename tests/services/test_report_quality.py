"""`landdesk report --json` carries verification, cleaning and double-entry figures beside the campaign ones."""

from __future__ import annotations

import json

from landdesk.cli.main import main
from landdesk.domain.codes import VerificationStatus
from landdesk.services import dossiers
from landdesk.workspace import Workspace
from tests.factories import couple_dossier


def test_report_json_has_quality_figures(ws_path, capsys):
    with Workspace.open(ws_path) as ws:
        d = couple_dossier()
        d.holders[0].verification = VerificationStatus.VERIFIED
        d.holders[1].verification = VerificationStatus.NEEDS_POLICE
        ws.transact(lambda ctx: dossiers.save_dossier(ctx, d))
        ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier(serial="CS 123456", sheet="9")))
    assert main(["--workspace", str(ws_path), "report", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["holders_verified"] == data["verification"]["verified"] == 1
    assert data["verification"]["needs_police"] == 1 and data["verification"]["pending"] == 2
    assert data["cleaning"]["problems_by_rule"].get("clean.serial_duplicate") == 2
    assert data["double_entry"]["fields"] == 0
