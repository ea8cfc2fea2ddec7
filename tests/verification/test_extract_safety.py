"""Issue 15 item 14, extract part: an extract decides only the holders it contains; a commit that would
undo many verified statuses needs --force (the window asks); oversized extracts are refused clearly."""

from __future__ import annotations

import json
import shutil

import pytest

from landdesk.cli.main import main
from landdesk.demo import commune as demo
from landdesk.demo import extract as ed
from landdesk.domain.errors import LandDeskError
from landdesk.services import verification as v
from landdesk.services import verification_io as vio
from landdesk.workspace import Workspace


@pytest.fixture(scope="module")
def verified_template(workspace_template, tmp_path_factory):
    """A demo commune whose holders were all matched against a clean full extract."""
    root = tmp_path_factory.mktemp("safety") / "ws"
    shutil.copytree(workspace_template, root)
    with Workspace.open(root) as ws:
        ws.transact(lambda ctx: demo.fill_demo(ctx, 120, 4))
        holders = ws.read(v.load_holders)
        full = ed.make_extract(holders, seed=3, rate=0.0)
        path = root.parent / "full.csv"
        ed.write_extract(path, full.records)
        preview = ws.read(lambda ctx: v.preview_extract(ctx, path))
        ws.transact(lambda ctx: v.commit_preview(ctx, preview, force=True))
    return root


@pytest.fixture
def vws(verified_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(verified_template, root)
    return root


def _verified(root) -> int:
    with Workspace.open(root) as ws:
        return ws.read(v.verification_figures)["verified"]


def test_a_small_extract_after_a_full_one_keeps_the_others(vws, tmp_path, capsys):
    before = _verified(vws)
    assert before > 100
    with Workspace.open(vws) as ws:
        holders = ws.read(v.load_holders)
    ten = ed.make_extract(holders[:10], seed=3, rate=0.0)
    path = tmp_path / "ten.xlsx"
    ed.write_extract(path, ten.records)
    assert main(["--workspace", str(vws), "verify", "extract", str(path), "--commit", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["committed"] and summary["undone"] == 0
    assert summary["not_in_file"] >= before - 10
    assert _verified(vws) == before


def test_undoing_many_verified_needs_force(vws, tmp_path, capsys):
    before = _verified(vws)
    with Workspace.open(vws) as ws:
        holders = ws.read(v.load_holders)
    # the same people, every birth date another year: a wrong file for the whole commune
    ex = ed.make_extract(holders, seed=3, rate=0.0)
    wrong = [r if r.birth is None else r.__class__(**{**r.__dict__, "birth": r.birth.__class__(r.birth.year - 1, 1, 1)})
             for r in ex.records]
    path = tmp_path / "wrong.csv"
    ed.write_extract(path, wrong)
    base = ["--workspace", str(vws), "verify", "extract", str(path)]
    assert main(base + ["--json"]) == 0  # a dry run says so
    assert json.loads(capsys.readouterr().out)["undone"] > 100
    assert main(base + ["--commit"]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and err.count("\n") == 1
    assert _verified(vws) == before  # nothing written
    assert main(base + ["--commit", "--force", "--json"]) == 0
    capsys.readouterr()
    assert _verified(vws) < 10


def test_oversized_extracts_refused(tmp_path, monkeypatch):
    long_name = tmp_path / "long.csv"
    long_name.write_text("Họ và tên,Ngày sinh,Số định danh\n" + "A" * 300 + ",01/01/1980,024080001234\n",
                         encoding="utf-8")
    with pytest.raises(LandDeskError, match="dòng 2.*200 ký tự"):
        vio.read_extract(long_name)
    huge_field = tmp_path / "huge.csv"
    huge_field.write_text('Họ và tên,Ngày sinh,Số định danh\n"' + "B" * 200_000 + '",01/01/1980,024080001234\n',
                          encoding="utf-8")
    with pytest.raises(LandDeskError, match="dòng 2"):
        vio.read_extract(huge_field)
    rows = tmp_path / "rows.csv"
    rows.write_text("Họ và tên,Ngày sinh,Số định danh\n" + "C,01/01/1980,024080001234\n" * 30, encoding="utf-8")
    monkeypatch.setattr(vio, "MAX_ROWS", 20)
    with pytest.raises(LandDeskError, match="20 dòng"):
        vio.read_extract(rows)
    monkeypatch.setattr(vio, "MAX_FILE_BYTES", 100)
    with pytest.raises(LandDeskError, match="MB"):
        vio.read_extract(rows)


def test_swapped_csv_columns_refused(tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text("Họ và tên,Ngày sinh,Số định danh\n" + "".join(
        f"02408000{i:04d},01/01/1980,Nguyễn Văn {chr(65 + i)}\n" for i in range(8)), encoding="utf-8")
    with pytest.raises(LandDeskError, match="đổi chỗ"):
        vio.read_extract(path)
