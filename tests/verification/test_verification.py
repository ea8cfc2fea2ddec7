"""Verification on a demo commune: a generated extract with planted errors, police answers, corrections."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from landdesk.demo import commune as demo
from landdesk.demo import extract as ed
from landdesk.domain import matching
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError, PermissionDenied
from landdesk.services import audit as audit_service
from landdesk.services import verification as v
from landdesk.services.dossiers import get_dossier
from landdesk.storage.uow import Actor
from landdesk.workspace import Workspace

RECORDS = 400


@pytest.fixture(scope="module")
def demo_template(workspace_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("verify") / "ws"
    shutil.copytree(workspace_template, root)
    ws = Workspace.open(root)
    ws.transact(lambda ctx: demo.fill_demo(ctx, RECORDS, 11))
    ws.transact(lambda ctx: ed.plant_old_ids(ctx, 6, seed=2))
    ws.close()
    return root


@pytest.fixture
def dws(demo_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(demo_template, root)
    w = Workspace.open(root)
    yield w
    w.close()


def _extract(ws, tmp_path, name="extract.xlsx", seed=5, **kw):
    holders = ws.read(v.load_holders)
    ex = ed.make_extract(holders, seed=seed, rate=0.05, fillers=300)
    path = tmp_path / name
    ed.write_extract(path, ex.records, **kw)
    return ex, path


def _outcomes(preview):
    return {c.holder.holder_id: (c.outcome.status.value, c.outcome.reason) for c in preview.items}


def _statuses(ws):
    return ws.read(lambda ctx: [(h.status, h.reason) for h in v.load_holders(ctx)])


def test_every_planted_error_classified_and_no_correct_holder_flagged(dws, tmp_path):
    ex, path = _extract(dws, tmp_path, headers=ed.HEADERS_VARIANT, extra_columns=True)
    preview = dws.read(lambda ctx: v.preview_extract(ctx, path))
    score = ed.score(ex.truth, _outcomes(preview))
    kinds = {k for k, c in score["per_kind"].items() if c.get("expected")}
    print(f"\nprecision {score['flag_precision']:.3f} recall {score['flag_recall']:.3f} "
          f"reason accuracy {score['reason_accuracy']:.3f} over {score['judged']} holders; per kind {score['per_kind']}")
    # every reason kind is represented, including the legacy ones
    assert kinds >= set(ed.PLANTED_KINDS) | {matching.OLD_NEW_ID, "verified"}
    same_person = [t for t in ex.truth.values() if t.kind in (matching.TONE_PLACEMENT, matching.ACCENTS_SPACING,
                                                              matching.YEAR_ONLY_BIRTH, matching.OLD_NEW_ID)]
    assert same_person and all(t.status.value == "verified" for t in same_person)
    assert score["wrong"] == []
    assert score["flag_precision"] == 1.0 and score["flag_recall"] == 1.0 and score["reason_accuracy"] == 1.0
    assert "STT" in preview.notes.ignored_columns  # extra columns reported, not refused


def test_dry_run_changes_nothing_commit_stores(dws, tmp_path):
    ex, path = _extract(dws, tmp_path)
    before = _statuses(dws)
    preview = dws.read(lambda ctx: v.preview_extract(ctx, path))
    assert _statuses(dws) == before
    summary = dws.transact(lambda ctx: v.commit_preview(ctx, preview, force=True))
    figures = dws.read(v.verification_figures)
    assert figures["verified"] == summary["verified"] and figures["incorrect"] == summary["incorrect"]
    assert figures["needs_police"] == summary["needs_police"] and figures["pending"] == 0
    assert figures["incorrect_by_reason"][matching.ID_ONE_DIGIT] > 0
    assert figures["runs"] == 1
    assert dws.read(audit_service.verify_audit).ok
    # committing the same results again changes no holder
    again = dws.read(lambda ctx: v.preview_extract(ctx, path))
    assert again.summary()["changes"] == 0


def test_legacy_csv_and_other_headers(dws, tmp_path):
    ex, path = _extract(dws, tmp_path, name="tcvn3.csv", encoding="tcvn3", headers=ed.HEADERS_VARIANT)
    preview = dws.read(lambda ctx: v.preview_extract(ctx, path))
    assert preview.notes.legacy_encoding == "tcvn3"
    assert any("TCVN3" in line for line in preview.notes.lines("vi"))
    score = ed.score(ex.truth, _outcomes(preview))
    assert score["flag_precision"] == 1.0 and score["flag_recall"] == 1.0
    # the same file as an old 8-bit export (bytes, not UTF-8)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    again = dws.read(lambda ctx: v.preview_extract(ctx, path))
    assert again.notes.legacy_encoding == "tcvn3" and _outcomes(again) == _outcomes(preview)


def test_missing_columns_and_bad_files_are_refused(dws, tmp_path):
    before = _statuses(dws)
    _, path = _extract(dws, tmp_path, drop=("birth",))
    with pytest.raises(LandDeskError) as err:
        dws.read(lambda ctx: v.preview_extract(ctx, path))
    assert "Ngày sinh" in err.value.vi and "Date of birth" in err.value.en
    _, path = _extract(dws, tmp_path, name="noid.xlsx", drop=("cccd", "cmnd"))
    with pytest.raises(LandDeskError, match="định danh"):
        dws.read(lambda ctx: v.preview_extract(ctx, path))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook at all")
    with pytest.raises(LandDeskError, match="hỏng|không phải là bảng tính"):
        dws.read(lambda ctx: v.preview_extract(ctx, junk))
    with pytest.raises(LandDeskError):
        dws.read(lambda ctx: v.preview_extract(ctx, tmp_path / "missing.xlsx"))
    assert _statuses(dws) == before


def test_correction_applied_with_audit_or_kept(dws, tmp_path):
    _, path = _extract(dws, tmp_path)
    preview = dws.read(lambda ctx: v.preview_extract(ctx, path))
    dws.transact(lambda ctx: v.commit_preview(ctx, preview, force=True))
    open_ = dws.read(v.open_results)
    accents = next(r for r in open_ if r.reason == matching.REAL_DIFFERENCE and r.fields == "name")
    diff = accents.differences[0]
    dws.transact(lambda ctx: v.apply_correction(ctx, accents.id))
    d = dws.read(lambda ctx: get_dossier(ctx, accents.dossier_id))
    h = next(h for h in d.holders if h.id == accents.holder_id)
    assert h.name == diff["theirs"].upper()
    assert (h.verification.value, h.verification_reason) == ("verified", matching.CORRECTED)
    last = dws.read(lambda ctx: audit_service.history(ctx, accents.dossier_id))[-1]
    assert last.reason.startswith("Sửa theo dữ liệu dân cư")
    assert any(c["old"] == diff["ours"] and c["new"] == h.name for c in last.changes)
    with pytest.raises(LandDeskError):  # one action, once
        dws.transact(lambda ctx: v.apply_correction(ctx, accents.id))
    tone = next(r for r in open_ if r.reason == matching.ID_ONE_DIGIT)
    dws.transact(lambda ctx: v.keep_record(ctx, tone.id, "Viết như trên GCN"))
    figures = dws.read(v.verification_figures)
    assert figures["corrected"] == 1 and figures["kept"] == 1
    swapped = [r.id for r in dws.read(v.open_results) if r.reason == matching.DAY_MONTH_SWAPPED]
    police = [r.id for r in dws.read(v.open_results) if r.status == "needs_police"][:1]
    assert dws.transact(lambda ctx: v.apply_corrections(ctx, swapped + police)) == len(swapped) > 0
    assert dws.read(v.verification_figures)["corrected"] == 1 + len(swapped)
    remaining = {r.id for r in dws.read(v.open_results)}
    assert accents.id not in remaining and tone.id not in remaining


def test_request_list_and_police_answers(dws, tmp_path):
    out = tmp_path / "request.xlsx"
    n = dws.transact(lambda ctx: v.write_request(ctx, out))
    holders = dws.read(v.load_holders)
    assert n == sum(1 for h in holders if h.status == "pending")
    wb = load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[3]]
    col = {name: header.index(name) + 1 for name in header}
    rows = list(range(4, 4 + 5))
    ws.cell(rows[0], col["Kết quả xác minh"], "Đúng")
    ws.cell(rows[1], col["Kết quả xác minh"], "Sai thông tin")
    name = ws.cell(rows[1], col["Họ và tên"]).value
    ws.cell(rows[1], col["Họ và tên theo CSDL dân cư"], ed.real_variant(name))
    ws.cell(rows[0], col["Họ và tên theo CSDL dân cư"], ed.tone_variant(ws.cell(rows[0], col["Họ và tên"]).value)
            or ws.cell(rows[0], col["Họ và tên"]).value)  # tone placement: still the same person
    ws.cell(rows[2], col["Kết quả xác minh"], "Không tìm thấy")
    ws.cell(rows[3], col["Kết quả xác minh"], "Nhiều người trùng")
    ws.cell(rows[4], col["Kết quả xác minh"], "chưa rõ")
    wb.save(out)
    preview = dws.read(lambda ctx: v.preview_answers(ctx, out))
    got = [(c.outcome.status.value, c.outcome.reason) for c in preview.items]
    assert got == [("verified", ""), ("incorrect", matching.REAL_DIFFERENCE), ("needs_police", matching.NOT_FOUND),
                   ("needs_police", matching.SEVERAL_CANDIDATES)]
    assert preview.unreadable == 1
    verified = dws.read(v.verification_figures)["verified"]
    dws.transact(lambda ctx: v.commit_preview(ctx, preview, force=True))
    assert dws.read(v.verification_figures)["verified"] == verified + 1
    # answers naming nobody in this workspace are refused
    wb = load_workbook(out)
    for r in wb.active.iter_rows(min_row=4):
        r[0].value = "not-a-holder"
    wb.save(out)
    with pytest.raises(LandDeskError, match="Mã tham chiếu"):
        dws.read(lambda ctx: v.preview_answers(ctx, out))


def test_only_supervisors_verify(dws, tmp_path):
    _, path = _extract(dws, tmp_path)
    dws.actor = Actor("officer1", UserRole.OFFICER)
    with pytest.raises(PermissionDenied):
        dws.read(lambda ctx: v.preview_extract(ctx, path))
    dws.read(v.verification_figures)  # figures are readable by everyone
