"""Commune targets from a CSV: with or without a header; a wrong code or an empty file refuses the
whole file and changes nothing."""

from __future__ import annotations

import json

import pytest

from landdesk.cli.main import main
from landdesk.domain import i18n


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _targets(capsys, desk) -> dict[str, int]:
    code, out, _ = _run(capsys, "--workspace", desk, "province", "report", "--json")
    assert code == 0
    return {r["code"]: r["target"] for r in json.loads(out)["communes"]}


@pytest.fixture
def desk(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    root = tmp_path / "desk"
    assert _run(capsys, "--workspace", root, "province", "init", "--province", "24")[0] == 0
    return root


def test_with_and_without_header(desk, tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("07210,1.000\n07228,250\n", encoding="utf-8")  # no header, Vietnamese thousands dot
    code, out, _ = _run(capsys, "--workspace", desk, "province", "targets", f)
    assert code == 0 and "2 communes" in out
    t = _targets(capsys, desk)
    assert t["07210"] == 1000 and t["07228"] == 250
    f.write_text("\ufeffMã xã,Chỉ tiêu\n07210,900\n", encoding="utf-8")  # Excel's UTF-8 CSV with a header
    assert _run(capsys, "--workspace", desk, "province", "targets", f)[0] == 0
    assert _targets(capsys, desk)["07210"] == 900
    code, out, _ = _run(capsys, "--workspace", desk, "province", "report")
    assert code == 0 and "Total: collected 0/1150," in out


def test_the_report_before_any_target_says_so(desk, capsys):
    code, out, _ = _run(capsys, "--workspace", desk, "province", "report")
    assert code == 0 and "Total: collected 0 (no targets set)," in out and "/0" not in out


@pytest.mark.parametrize("content, message", [
    ("07210,900\n99999,10\n", "not in this province: 99999"),
    ("07210,-5\n", "cannot be negative"),
    ("07210,many\n", "Cannot read the targets file"),
    ("", "has no rows"),
])
def test_bad_file_changes_nothing(desk, tmp_path, capsys, content, message):
    f = tmp_path / "t.csv"
    f.write_text("07210,300\n", encoding="utf-8")
    assert _run(capsys, "--workspace", desk, "province", "targets", f)[0] == 0
    f.write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "--workspace", desk, "province", "targets", f)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert _targets(capsys, desk)["07210"] == 300


def test_init_refuses_unknown_code_before_creating(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    f = tmp_path / "t.csv"
    f.write_text("code,target\n01234,5\n", encoding="utf-8")
    code, _, err = _run(capsys, "--workspace", tmp_path / "d", "province", "init", "--province", "24", "--targets", f)
    assert code == 2 and "01234" in err and not (tmp_path / "d").exists()
