"""The demo commune: deterministic by seed, realistic, consistent, with planted problems the checks find."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import unicodedata
from collections import Counter

import pytest
from sqlalchemy import text

from landdesk.cli.main import main
from landdesk.demo import commune as demo
from landdesk.demo.names import SURNAMES
from landdesk.domain import cccd, rules
from landdesk.domain.codes import CustodyStatus, HolderKind, LegalForm, WorkflowStatus
from landdesk.domain.errors import LandDeskError
from landdesk.domain.serial import serial_generation
from landdesk.domain.serialize import comparable
from landdesk.services import checks
from landdesk.services.audit import verify_audit
from landdesk.storage.commune import dossiers as store
from landdesk.workspace import Workspace

CLEANING = "landdesk.services.cleaning"


@pytest.fixture(scope="module")
def sample():
    return demo.generate(2000, 11, "07210")


def test_same_seed_gives_identical_dossiers():
    a, pa = demo.generate(150, 5, "07210")
    b, pb = demo.generate(150, 5, "07210")
    assert [comparable(d) for d in a] == [comparable(d) for d in b]
    assert [d.id for d in a] == [d.id for d in b] and pa == pb
    c, _ = demo.generate(150, 6, "07210")
    assert {d.id for d in a}.isdisjoint(d.id for d in c)
    assert [d.serial for d in a] != [d.serial for d in c]


def test_ids_are_uuid7_shaped_and_unique(sample):
    dossiers, _ = sample
    ids = [d.id for d in dossiers] + [h.id for d in dossiers for h in d.holders] + \
          [p.id for d in dossiers for p in d.parcels] + [lu.id for d in dossiers for lu in d.land_uses()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", i) for i in ids)


def test_names_are_nfc_vietnamese(sample):
    dossiers, _ = sample
    people = [h for d in dossiers for h in d.holders if h.kind == HolderKind.PERSON]
    assert all(unicodedata.is_normalized("NFC", h.name) and h.name == h.name.upper() for h in people)
    assert sum(not h.name.isascii() for h in people) > 0.9 * len(people)
    surnames = Counter(h.name.split()[0] for h in people)
    assert surnames.most_common(1)[0][0] == "NGUYỄN"
    assert set(surnames) <= {s.upper() for s, _ in SURNAMES}
    assert {"THỊ", "VĂN"} <= {w for h in people for w in h.name.split()[1:-1]}


def test_clean_dossiers_pass_every_rule(sample):
    dossiers, planted = sample
    for d in dossiers:
        if d.id in planted:
            continue
        assert rules.validate_dossier(d) == [], d.id
        for h in d.holders:
            if h.kind == HolderKind.PERSON:
                assert cccd.parse_cccd(h.cccd).birth_year == h.birth.year


def test_realistic_spread(sample):
    dossiers, planted = sample
    custody = Counter(d.custody for d in dossiers)
    assert set(custody) == set(CustodyStatus) and custody[CustodyStatus.COLLECTED] > 0.8 * len(dossiers)
    forms = Counter(d.holders[0].legal_form for d in dossiers)
    assert {LegalForm.COUPLE, LegalForm.HOUSEHOLD, LegalForm.INDIVIDUAL, LegalForm.CO_USERS} <= set(forms)
    assert forms[LegalForm.ORGANISATION] + forms[LegalForm.COMMUNITY] > 0
    assert {len(d.parcels) for d in dossiers} == {1, 2, 3}
    assert len({d.status for d in dossiers}) >= 8 and WorkflowStatus.UPDATED in {d.status for d in dossiers}
    eras = Counter(serial_generation(d.serial).value for d in dossiers if d.serial)
    assert {"old", "2009", "2025"} <= set(eras)
    assert any("Đ" in d.serial for d in dossiers)
    assert all(d.issue_date is None or d.issue_date.year >= 1987 for d in dossiers)
    days = {d.received_on for d in dossiers}
    assert len(days) > 60 and min(days).isoformat() >= "2025-09-01" and max(days).isoformat() <= "2025-11-30"
    assert any(d.current_user and d.current_user.reason for d in dossiers)
    assert any(p.housing for d in dossiers for p in d.parcels)
    assert 0.015 < len(planted) / len(dossiers) < 0.035
    assert set(planted.values()) == set(demo.PROBLEM_KINDS)


def test_fill_demo_and_checks_find_planted_problems(ws):
    cleaning = importlib.import_module(CLEANING) if importlib.util.find_spec(CLEANING) else None
    result = ws.transact(lambda ctx: demo.fill_demo(ctx, 2000, 3))
    assert len(result.ids) == 2000
    findings = ws.read(checks.run_checks)
    flagged = {f.dossier_id for f in findings if f.rule in rules.RULES}
    per_dossier = {i for i, kind in result.planted.items() if kind in demo.PER_DOSSIER_KINDS}
    assert per_dossier and per_dossier <= flagged
    assert flagged <= set(result.planted)  # nothing else breaks a rule
    with ws.engine.connect() as conn:  # the duplicates are there for the workspace-wide checks
        dup_serials = conn.execute(text(
            "SELECT count(*) FROM (SELECT serial_norm FROM dossiers WHERE serial_norm != '' "
            "GROUP BY serial_norm HAVING count(*) > 1)")).scalar_one()
        dup_parcels = conn.execute(text(
            "SELECT count(*) FROM (SELECT 1 FROM parcels GROUP BY map_series, sheet_map, parcel_map "
            "HAVING count(*) > 1)")).scalar_one()
    kinds = Counter(result.planted.values())
    assert dup_serials == kinds[demo.DUPLICATE_SERIAL] > 0
    assert dup_parcels == kinds[demo.DUPLICATE_PARCEL] > 0
    if cleaning is not None:  # the cleaning rules are in this build: they find the planted ones
        by_rule = {(f.rule, f.dossier_id) for f in findings}
        for i, kind in result.planted.items():
            if kind == demo.DUPLICATE_SERIAL:
                assert (cleaning.SERIAL_DUPLICATE, i) in by_rule
            elif kind == demo.DUPLICATE_PARCEL:
                assert (cleaning.PARCEL_DUPLICATE, i) in by_rule
    # one audit entry for the whole import, and the chain holds
    check = ws.read(verify_audit)
    assert check.ok
    # what was saved is what was generated
    first, _ = demo.generate(5, 3, "07210")
    saved = ws.read(lambda ctx: store.load_dossiers(ctx.session, [d.id for d in first]))
    assert [comparable(d) for d in saved] == [comparable(d) for d in first]


def test_demo_refuses_a_workspace_with_dossiers(ws):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 10, 1))
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: demo.fill_demo(ctx, 10, 2))
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM dossiers")).scalar_one() == 10


def test_cli_demo_creates_the_workspace(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LANDDESK_PASSWORD")  # no password given: demo makes one up and prints it
    root = tmp_path / "new"
    assert main(["--workspace", str(root), "demo", "--records", "40", "--seed", "9", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] and out["records"] == 40 and out["admin_password"]
    with Workspace.open(root) as w:
        assert w.info.commune_code == "07210"
        assert w.read(lambda ctx: store.load_dossier(ctx.session, demo.generate(1, 9, "07210")[0][0].id))
    # --scans: the scans module attaches synthetic pages through the hook
    assert demo.scans_available()
    assert main(["--workspace", str(tmp_path / "scanned"), "demo", "--records", "6", "--scans"]) == 0
    assert list((tmp_path / "scanned" / "media").rglob("*.jpg"))
    # a build without the scans module refuses --scans before writing anything
    monkeypatch.setattr(demo, "SCANS_MODULE", "landdesk.services.no_scans_here")
    assert main(["--workspace", str(tmp_path / "other"), "demo", "--scans"]) == 2
    assert not (tmp_path / "other").exists() and "--scans" in capsys.readouterr().err
    # a negative count: refused, nothing written
    assert main(["--workspace", str(tmp_path / "neg"), "demo", "--records", "-1"]) == 2
    assert not (tmp_path / "neg").exists()
