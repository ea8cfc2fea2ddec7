"""Double entry: blind re-keying by a second officer, mismatches to the supervisor, error rates."""

from __future__ import annotations

import pytest

from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.services import double_entry as de
from landdesk.services.dossiers import get_dossier, save_dossier
from landdesk.services.users import add_user
from landdesk.storage.uow import Actor
from tests.factories import couple_dossier

ADMIN = Actor("admin", UserRole.ADMIN)
OFFICER1 = Actor("officer1", UserRole.OFFICER)
OFFICER2 = Actor("officer2", UserRole.OFFICER)


def _as(ws, actor, fn, write=True):
    ws.actor = actor
    return ws.transact(fn) if write else ws.read(fn)


def _correct_values(ws, dossier_id):
    d = ws.read(lambda ctx: get_dossier(ctx, dossier_id))
    values = {"serial": d.serial.lower().replace(" ", ""), "registry_no": "ch-00149"}  # same on normal forms
    for h in d.holders:
        values[f"holder:{h.id}:cccd"] = h.cccd
    for p in d.parcels:
        values[f"parcel:{p.id}:sheet_cert"] = p.sheet_cert
        values[f"parcel:{p.id}:parcel_cert"] = p.parcel_cert
        values[f"parcel:{p.id}:area"] = "250,0"
    return d, values


def test_double_entry_flow(ws):
    for name in ("officer1", "officer2"):
        ws.transact(lambda ctx, name=name: add_user(ctx, name, "secret-pass-1", UserRole.OFFICER))
    for i in range(3):
        _as(ws, OFFICER1, lambda ctx, i=i: save_dossier(ctx, couple_dossier(f"CS 40000{i}", "4", str(i))))
    with pytest.raises(PermissionDenied):
        _as(ws, OFFICER1, lambda ctx: de.request_double_entry(ctx))
    assert _as(ws, ADMIN, lambda ctx: de.request_double_entry(ctx)) == 3
    assert _as(ws, ADMIN, lambda ctx: de.request_double_entry(ctx)) == 0  # already queued
    assert _as(ws, OFFICER1, de.next_dossier, write=False) is None  # never one's own dossiers

    first = _as(ws, OFFICER2, de.next_dossier, write=False)
    form = _as(ws, OFFICER2, lambda ctx: de.blind_form(ctx, first), write=False)
    assert [f.key for f in form][:3] == ["serial", "registry_no", form[2].key] and not hasattr(form[0], "value")
    d, values = _correct_values(ws, first)
    values[f"holder:{d.holders[0].id}:cccd"] = "024080001243"  # two digits swapped
    with pytest.raises(LandDeskError, match="Chưa nhập"):
        _as(ws, OFFICER2, lambda ctx: de.submit_keying(ctx, first, {"serial": "x"}))
    mism = _as(ws, OFFICER2, lambda ctx: de.submit_keying(ctx, first, values))
    assert [(m.field.rsplit(":", 1)[-1], m.first_by, m.second_by) for m in mism] == [("cccd", "officer1", "officer2")]
    with pytest.raises(LandDeskError):
        _as(ws, OFFICER2, lambda ctx: de.submit_keying(ctx, first, values))  # once per dossier

    second = _as(ws, OFFICER2, de.next_dossier, write=False)
    d2, values = _correct_values(ws, second)
    values[f"parcel:{d2.parcels[0].id}:area"] = "205"
    area_mismatch = _as(ws, OFFICER2, lambda ctx: de.submit_keying(ctx, second, values))

    queue = _as(ws, ADMIN, de.open_mismatches, write=False)
    assert len(queue) == 2
    _as(ws, ADMIN, lambda ctx: de.resolve_mismatch(ctx, mism[0].id, "first"))  # the re-keyer slipped
    _as(ws, ADMIN, lambda ctx: de.resolve_mismatch(ctx, area_mismatch[0].id, "second"))  # the first entry was wrong
    assert ws.read(lambda ctx: get_dossier(ctx, second)).parcels[0].area == 205.0
    with pytest.raises(LandDeskError):
        _as(ws, ADMIN, lambda ctx: de.resolve_mismatch(ctx, mism[0].id, "second"))

    rates = ws.read(de.error_rates)
    fields_per_dossier = len(form)
    assert rates["dossiers_queued"] == 3 and rates["dossiers_keyed"] == 2
    assert rates["fields"] == 2 * fields_per_dossier and rates["mismatches"] == 2
    o1, o2 = rates["officers"]["officer1"], rates["officers"]["officer2"]
    assert (o1["fields_entered"], o1["errors"], o1["pending"]) == (2 * fields_per_dossier, 1, 0)
    assert o1["error_rate"] == pytest.approx(1 / (2 * fields_per_dossier))
    assert (o2["fields_rekeyed"], o2["rekey_errors"]) == (2 * fields_per_dossier, 1)


def test_sample_fraction(ws):
    for i in range(10):
        ws.transact(lambda ctx, i=i: save_dossier(ctx, couple_dossier(f"CS 50000{i}", "5", str(i))))
    assert ws.transact(lambda ctx: de.request_double_entry(ctx, fraction=0.3, seed=1)) == 3
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: de.request_double_entry(ctx, fraction=0))


def test_cli(ws_path, capsys):
    import json

    from landdesk.cli.main import main
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        w.transact(lambda ctx: save_dossier(ctx, couple_dossier()))
    base = ["--workspace", str(ws_path), "double-entry"]
    assert main(base + ["request", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"queued": 1}
    assert main(base + ["rates", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dossiers_queued"] == 1
    assert main(base + ["mismatches"]) == 0
    assert main(base + ["request", "--sample", "2"]) == 2
