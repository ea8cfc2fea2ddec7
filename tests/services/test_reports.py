"""Campaign figures: cumulative stages, holder verification, custody reasons, villages, days, target."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from landdesk.domain.codes import CustodyStatus, VerificationStatus, WorkflowStatus
from landdesk.domain.errors import LandDeskError
from landdesk.domain.ids import new_id
from landdesk.services import reports
from landdesk.storage.commune import dossiers as store
from tests.factories import couple_dossier


def _dossier(i: int, status: WorkflowStatus, *, village="Thôn Đông", custody=CustodyStatus.COLLECTED,
             received=date(2025, 9, 3), province_status="", verif=(VerificationStatus.PENDING,) * 2):
    d = couple_dossier(serial=f"CS {100000 + i}")
    d.id = new_id()
    for p in d.parcels:
        p.id = new_id()
        for lu in p.land_uses:
            lu.id = new_id()
    d.holders = [dataclasses.replace(h, id=new_id(), verification=v) for h, v in zip(d.holders, verif, strict=True)]
    d.status, d.village, d.custody, d.received_on, d.province_status = status, village, custody, received, province_status
    return d


def _fill(ws):
    V, Inc, N, P = (VerificationStatus.VERIFIED, VerificationStatus.INCORRECT, VerificationStatus.NEEDS_POLICE,
                  VerificationStatus.PENDING)
    items = [
        _dossier(1, WorkflowStatus.COLLECTED),
        _dossier(2, WorkflowStatus.SCANNED),
        _dossier(3, WorkflowStatus.ENTERED, received=date(2025, 9, 4)),
        _dossier(4, WorkflowStatus.VERIFIED, verif=(V, Inc), village="Thôn Tây"),
        _dossier(5, WorkflowStatus.ACCEPTED, verif=(V, V), province_status="accepted", village="Thôn Tây"),
        _dossier(6, WorkflowStatus.RETURNED, verif=(V, N), province_status="returned", received=date(2025, 9, 4)),
        _dossier(7, WorkflowStatus.COLLECTED, custody=CustodyStatus.BANK, received=None),
        _dossier(8, WorkflowStatus.COLLECTED, custody=CustodyStatus.BANK, received=None),
        _dossier(9, WorkflowStatus.COLLECTED, custody=CustodyStatus.LOST, received=None, verif=(P, P)),
    ]
    ws.transact(lambda ctx: store.bulk_insert_dossiers(ctx.session, [(d, 0, 0) for d in items], "admin"))


def test_cumulative_figures(ws):
    _fill(ws)
    f = ws.read(reports.campaign_figures)
    t = f.totals
    assert (t.dossiers, t.collected, t.not_collected) == (9, 6, 3)
    assert (t.scanned, t.entered, t.checked, t.verified) == (5, 4, 3, 3)
    assert (t.sent, t.accepted, t.returned) == (2, 1, 1)
    assert (t.holders, t.holders_verified, t.holders_incorrect, t.holders_needs_police, t.holders_pending) == \
        (18, 4, 1, 1, 12)
    assert [(n.custody, n.count) for n in f.not_collected] == [(CustodyStatus.BANK, 2), (CustodyStatus.LOST, 1)]
    villages = {v.village: v.figures for v in f.by_village}
    assert villages["Thôn Tây"].collected == 2 and villages["Thôn Tây"].holders_verified == 3
    assert villages["Thôn Đông"].dossiers == 7 and villages["Thôn Đông"].not_collected == 3
    assert [(d.day, d.received, d.cumulative) for d in f.by_day] == \
        [(date(2025, 9, 3), 4, 4), (date(2025, 9, 4), 2, 6)]
    assert f.target is None and f.progress is None
    js = f.as_json()
    assert js["totals"]["collected"] == 6 and js["by_day"][0]["day"] == "2025-09-03"


def test_target_setting(ws):
    _fill(ws)
    ws.transact(lambda ctx: reports.set_target(ctx, 12))
    f = ws.read(reports.campaign_figures)
    assert f.target == 12 and f.progress == pytest.approx(0.5) and f.as_json()["progress_pct"] == 50.0
    for bad in (0, -3, True):
        with pytest.raises(LandDeskError):
            ws.transact(lambda ctx, b=bad: reports.set_target(ctx, b))
    assert ws.read(reports.get_target) == 12


def test_empty_workspace(ws):
    f = ws.read(reports.campaign_figures)
    assert f.totals.dossiers == 0 and f.by_village == () and f.by_day == () and f.commune_code == "07210"
