"""Issue 12 items 9–12 on the verification test set (tests/verification/campaign_set.py): the register
files made by LibreOffice give exactly the expected statuses; enrichment proposals are listed,
accepted one by one and in bulk, rejected, audited and refused without the role; the figures per
holder link and per person are right; a community needs no organisation ID and its representative's
CCCD follows the CCCD rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from landdesk.cli.main import main
from landdesk.domain import rules
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.domain.values import PartialDate
from landdesk.services import audit as audit_service
from landdesk.services import enrichment, reports
from landdesk.services import verification as v
from landdesk.services.dossiers import get_dossier, save_dossier
from landdesk.storage.uow import Actor
from landdesk.workspace import Workspace
from tests.verification import campaign_set as cs

FIXTURES = Path(__file__).parent / "fixtures"
PRODUCED = ("register_lo.xlsx", "register_lo.xls", "register_lo.ods")


@pytest.fixture(scope="module")
def campaign_template(workspace_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("campaign") / "ws"
    shutil.copytree(workspace_template, root)
    with Workspace.open(root) as ws:
        for d in cs.dossiers():
            ws.transact(lambda ctx, d=d: save_dossier(ctx, d, allow_errors=True))
    return root


@pytest.fixture
def cws(campaign_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(campaign_template, root)
    w = Workspace.open(root)
    yield w
    w.close()


def _case_of(ws) -> dict[str, cs.Case]:
    return {cs.holder_id(c.key): c for c in cs.CASES}


@pytest.mark.parametrize("name", PRODUCED)
def test_every_case_gets_exactly_its_status(cws, name):
    cases = _case_of(cws)
    preview = cws.read(lambda ctx: v.preview_extract(ctx, FIXTURES / name))
    assert preview.records == len(cs.REGISTER)
    got = {c.holder.holder_id: (c.outcome.status.value, c.outcome.reason, c.outcome.fields) for c in preview.items}
    assert len(got) == len(cases)
    wrong = {cases[h].key: (got[h], cases[h].expected) for h in got if got[h] != cases[h].expected}
    assert wrong == {}
    proposals = {cases[c.holder.holder_id].key: tuple((p.field, p.old, p.new) for p in c.outcome.proposals)
                 for c in preview.items if c.outcome.proposals}
    assert proposals == {c.key: c.proposals for c in cs.CASES if c.proposals}
    assert preview.summary()["representatives"] == 2


def test_figures_per_link_and_per_person(cws, capsys):
    preview = cws.read(lambda ctx: v.preview_extract(ctx, FIXTURES / PRODUCED[0]))
    cws.transact(lambda ctx: v.commit_preview(ctx, preview))
    assert main(["--workspace", str(cws.root), "verify", "figures"]) == 0
    text = capsys.readouterr().out
    assert "Người (mỗi công dân một lần)" in text and "Lượt chủ hộ/cá nhân (theo GCN)" in text
    line = next(x for x in text.splitlines() if x.startswith("Người ("))
    assert line.split()[-5:] == ["10", "4", "2", "0", "16"]
    assert main(["--workspace", str(cws.root), "report", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["persons"], totals["holders"]) == (16, 17)
    f = cws.read(v.verification_figures)
    for cat in ("holders", "representatives"):
        assert f["links"][cat] == cs.LINKS[cat]
        assert f["persons"][cat] == cs.PERSONS[cat]
    assert f["persons"]["total"] == 16 and f["links"]["total"] == 17  # one citizen holds two certificates
    t = cws.read(reports.campaign_figures).totals
    assert (t.persons, t.persons_verified, t.persons_incorrect, t.persons_needs_police) == (16, 10, 4, 2)
    assert (t.holders, t.holders_verified, t.representatives, t.holders_organisations) == (17, 11, 2, 0)
    assert f["proposals"]["open"] == sum(len(c.proposals) for c in cs.CASES)


def test_proposals_listed_accepted_singly_and_in_bulk_rejected_audited(cws, tmp_path, capsys):
    cases = _case_of(cws)
    preview = cws.read(lambda ctx: v.preview_extract(ctx, FIXTURES / "register_lo.ods"))
    cws.transact(lambda ctx: v.commit_preview(ctx, preview))
    base = ["--workspace", str(cws.root)]
    cws.close()
    assert main(base + ["verify", "proposals", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["proposals"]
    assert len(listed) == 7 and {p["field"] for p in listed} == {"birth", "gender", "address", "cccd", "name"}
    birth = next(p for p in listed if p["field"] == "birth" and p["old"] == "1958")
    assert birth["new"] == "14/07/1958" and not birth["informative"]
    assert next(p for p in listed if p["field"] == "address")["informative"]

    # an officer may not accept: refused, exit 2, nothing changed
    officer = Workspace.open(cws.root)
    officer.actor = Actor("officer1", UserRole.OFFICER)
    with pytest.raises(PermissionDenied):
        officer.transact(lambda ctx: enrichment.accept(ctx, [birth["id"]]))
    officer.close()

    # one by one
    assert main(base + ["verify", "accept", birth["id"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"accepted": 1, "stale": 0}
    assert main(base + ["verify", "accept", birth["id"]]) == 2  # already handled
    assert "đã được xử lý" in capsys.readouterr().err
    # reject the informative address
    address = next(p for p in listed if p["field"] == "address")
    assert main(base + ["verify", "reject", address["id"], "--note", "Địa chỉ trên GCN"]) == 0
    capsys.readouterr()
    # the rest in bulk
    assert main(base + ["verify", "accept", "--all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"accepted": 5, "stale": 0}
    assert main(base + ["verify", "accept", "--all"]) == 2  # nothing left to accept
    capsys.readouterr()

    with Workspace.open(cws.root) as ws:
        holders = {cases[h.id].key: h for d in cs.dossiers()
                   for h in ws.read(lambda ctx, d=d: get_dossier(ctx, d.id)).holders}
        assert holders["year_only"].birth == PartialDate(1958, 7, 14)
        assert holders["year_only"].gender.value == "male" and holders["year_only"].address == ""  # rejected
        assert holders["month_only"].birth == PartialDate(1970, 3, 21)
        assert holders["rep_community"].birth == PartialDate(1968, 12, 1)
        assert holders["old_id_only"].cccd == "024050100014"
        assert holders["no_accents"].name == "DƯƠNG VĂN AN"
        # each acceptance in the audit trail: old → new, who, when
        year_only_dossier = next(dd for dd in cs.dossiers() if dd.serial == "CS 100004")
        history = ws.read(lambda ctx: audit_service.history(ctx, year_only_dossier.id))
        enriched = [e for e in history if e.reason.startswith("Làm giàu dữ liệu")]
        assert len(enriched) == 2 and all(e.user == "admin" and e.at is not None for e in enriched)
        changes = {c["field"].rsplit(".", 1)[-1]: (c["old"], c["new"]) for e in enriched for c in e.changes}
        print(changes)
        assert changes["birth"] == ("1958", "1958-07-14") and changes["gender"] == (None, "male")
        assert ws.read(audit_service.verify_audit).ok
        f = ws.read(v.verification_figures)["proposals"]
        assert f == {"open": 0, "accepted": 6, "rejected": 1}


def test_stale_proposal_is_not_applied(cws):
    cases = _case_of(cws)
    preview = cws.read(lambda ctx: v.preview_extract(ctx, FIXTURES / "register_lo.xlsx"))
    cws.transact(lambda ctx: v.commit_preview(ctx, preview))
    year_only = next(h for h, c in cases.items() if c.key == "year_only")
    props = [p for p in cws.read(enrichment.list_proposals) if p.holder_id == year_only]
    d = cws.read(lambda ctx: get_dossier(ctx, props[0].dossier_id))
    next(h for h in d.holders if h.id == year_only).birth = PartialDate(1958, 7, 15)  # the officer typed it meanwhile
    cws.transact(lambda ctx: save_dossier(ctx, d, allow_errors=True))
    result = cws.transact(lambda ctx: enrichment.accept(ctx, [p.id for p in props]))
    assert result == {"accepted": 2, "stale": 1}
    d = cws.read(lambda ctx: get_dossier(ctx, props[0].dossier_id))
    assert next(h for h in d.holders if h.id == year_only).birth == PartialDate(1958, 7, 15)
    with pytest.raises(LandDeskError):
        cws.transact(lambda ctx: enrichment.reject(ctx, []))


def test_swapped_columns_refused_and_nothing_written(cws, capsys):
    before = cws.read(lambda ctx: [(h.status, h.reason) for h in v.load_holders(ctx)])
    with pytest.raises(LandDeskError) as err:
        cws.read(lambda ctx: v.preview_extract(ctx, FIXTURES / "register_swapped_lo.xlsx"))
    assert "Họ và tên" in err.value.vi and "đổi chỗ" in err.value.vi and "swapped" in err.value.en
    cws.close()
    assert main(["--workspace", str(cws.root), "verify", "extract", str(FIXTURES / "register_swapped_lo.xlsx"),
                 "--commit"]) == 2
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "024" not in out.err  # one line, no personal data
    with Workspace.open(cws.root) as ws:
        assert ws.read(lambda ctx: [(h.status, h.reason) for h in v.load_holders(ctx)]) == before
        assert ws.read(v.verification_figures)["runs"] == 0


def test_community_needs_no_org_id_and_representative_cccd_is_checked():
    d = next(d for d in cs.dossiers() if d.serial == "CS 100011")
    found = {p.rule for p in rules.validate_dossier(d)}
    assert "org.id_missing" not in found and "cccd.birth_year" not in found
    d.holders[0].birth = PartialDate(1969)  # the CCCD says 1968
    d.holders[0].gender = None
    found = {(p.rule, p.path) for p in rules.validate_dossier(d)}
    assert ("cccd.birth_year", "holders[0].cccd") in found
    org = next(d for d in cs.dossiers() if d.serial == "CS 100010")
    org.holders[0].org_id = ""
    org.holders[0].gender = cs.F  # the CCCD's gender digit says male
    found = {p.rule for p in rules.validate_dossier(org)}
    assert {"org.id_missing", "cccd.gender"} <= found

