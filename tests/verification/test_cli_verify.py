"""`landdesk verify ...`: dry run by default, --commit stores, --json prints one document, exit 2 on bad input."""

from __future__ import annotations

import json

from landdesk.cli.main import main
from landdesk.demo import commune as demo
from landdesk.demo import extract as ed
from landdesk.services import verification as v
from landdesk.workspace import Workspace


def test_verify_commands(ws_path, tmp_path, capsys):
    with Workspace.open(ws_path) as ws:
        ws.transact(lambda ctx: demo.fill_demo(ctx, 60, 3))
        ex = ed.make_extract(ws.read(v.load_holders), seed=1, rate=0.05)
    extract = tmp_path / "extract.csv"
    ed.write_extract(extract, ex.records)
    base = ["--workspace", str(ws_path)]

    assert main(base + ["verify", "extract", str(extract), "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["committed"] is False and dry["holders"] + dry["not_in_file"] == len(ex.truth) + ex.unjudged
    with Workspace.open(ws_path) as ws:
        assert ws.read(v.verification_figures)["runs"] == 0

    assert main(base + ["verify", "extract", str(extract), "--commit", "--force"]) == 0
    text = capsys.readouterr().out
    assert "Đã xác thực" in text and "Đã lưu kết quả" in text
    with Workspace.open(ws_path) as ws:
        figures = ws.read(v.verification_figures)
    assert figures["runs"] == 1 and figures["verified"] >= dry["verified"]

    out = tmp_path / "request.xlsx"
    assert main(base + ["verify", "request", str(out), "--all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holders"] == dry["holders"] + dry["not_in_file"]
    assert main(base + ["verify", "apply", str(out), "--json"]) == 0  # nothing answered yet
    assert json.loads(capsys.readouterr().out)["holders"] == 0
    assert main(base + ["verify", "apply", str(out), "--commit"]) == 2  # nothing to store
    assert "Không có kết quả" in capsys.readouterr().err

    bad = tmp_path / "bad.csv"
    bad.write_text("Tên,Số điện thoại\nA,0912\n", encoding="utf-8")
    assert main(base + ["verify", "extract", str(bad), "--commit"]) == 2
    err = capsys.readouterr().err
    assert "thiếu cột" in err and err.count("\n") == 1


def test_demo_extract_scores_the_matcher(ws_path, tmp_path, capsys):
    with Workspace.open(ws_path) as ws:
        ws.transact(lambda ctx: demo.fill_demo(ctx, 80, 5))
    out = tmp_path / "demo.xlsx"
    assert main(["--workspace", str(ws_path), "verify", "demo-extract", str(out), "--headers", "variant",
                 "--rate", "0.05", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["flag_precision"] == 1.0 and result["flag_recall"] == 1.0 and result["wrong"] == []
    truth = json.loads((tmp_path / "demo.truth.json").read_text())
    assert len(truth) == result["judged"] and sum(t["planted"] for t in truth.values()) > 0
    with Workspace.open(ws_path) as ws:
        assert ws.read(v.verification_figures)["runs"] == 0  # a dry run: nothing stored
