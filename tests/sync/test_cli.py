"""The command line: paths printed last, --json documents, exit codes, one-line refusals."""

from __future__ import annotations

import json

from landdesk.cli.main import main
from landdesk.domain import i18n


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_commune_and_province_commands(linked, capsys, monkeypatch):
    desk, communes, tmp = linked
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    ws_path = communes["07210"].root
    prov = desk.root
    desk.close()
    for ws in communes.values():
        ws.close()
    code, out, _ = _run(capsys, "--workspace", ws_path, "package", "key", "--json")
    key = json.loads(out)
    assert code == 0 and len(key["fingerprint"]) == 39
    code, out, _ = _run(capsys, "--workspace", prov, "province", "roster", "list", "--json")
    assert key["fingerprint"] in [r["fingerprint"] for r in json.loads(out) if r["status"] == "approved"]
    code, out, _ = _run(capsys, "--workspace", ws_path, "package", "preflight", "--json")
    assert code == 0 and json.loads(out)["dossiers"] == 40
    code, out, _ = _run(capsys, "--workspace", ws_path, "package", "export", "--out", tmp / "out", "--split-mb", "1")
    assert code == 0
    package = out.strip().splitlines()[-1]
    assert package.endswith("07210-000001-changes.ldpkg")
    code, out, _ = _run(capsys, "--workspace", ws_path, "package", "verify", package, "--json")
    assert code == 0 and json.loads(out)["counts"]["dossiers"] == 40
    code, out, _ = _run(capsys, "--workspace", prov, "province", "import", package, "--receipts", tmp / "rc")
    receipt = out.strip().splitlines()[-1]
    assert code == 0 and receipt.endswith("07210-000001-receipt.ldpkg")
    code, out, _ = _run(capsys, "--workspace", prov, "province", "import", package, "--json")
    assert json.loads(out)[0]["status"] == "replayed"
    code, out, _ = _run(capsys, "--workspace", ws_path, "receipt", "apply", receipt, "--json")
    res = json.loads(out)
    assert sum(res["counts"].values()) == 40 and code == (1 if res["rejected"] else 0)
    code, out, _ = _run(capsys, "--workspace", ws_path, "package", "list", "--json")
    assert json.loads(out)[0]["acknowledged"] is True
    code, out, _ = _run(capsys, "--workspace", prov, "province", "report", tmp / "r.xlsx", "--json")
    data = json.loads(out)
    assert code == 0 and data["totals"]["collected"] == 40 and (tmp / "r.xlsx").is_file()
    from openpyxl import load_workbook

    sheet = load_workbook(tmp / "r.xlsx").active
    assert sheet.cell(1, 1).value == "Commune code" and any(r[0].value == "07210" for r in sheet.iter_rows(min_row=2))
    code, out, _ = _run(capsys, "--workspace", prov, "province", "report")
    assert "07210" in out and "Total" in out
    # refusals: one line, exit 2, nothing imported
    bad = tmp / "bad.ldpkg"
    bad.write_bytes(b"PK\x03\x04 not a package")
    code, out, err = _run(capsys, "--workspace", prov, "province", "import", bad)
    assert code == 2 and "REFUSED" in out
    code, out, err = _run(capsys, "--workspace", ws_path, "package", "verify", bad)
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, err = _run(capsys, "--workspace", ws_path, "receipt", "apply", package)
    assert code == 2 and "not signed with the province's key" in err


def test_province_init_and_profile(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    targets = tmp_path / "t.csv"
    targets.write_text("code,target\n07210,500\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--workspace", tmp_path / "desk", "province", "init", "--province", "24",
                        "--targets", targets, "--json")
    assert code == 0 and json.loads(out)["province_code"] == "24"
    code, out, _ = _run(capsys, "--workspace", tmp_path / "desk", "province", "profile", "export", tmp_path / "p")
    assert code == 0 and out.strip().splitlines()[-1].endswith("p.ldpkg")
    code, out, err = _run(capsys, "--workspace", tmp_path / "desk", "province", "init", "--province", "24")
    assert code == 2 and "already" in err
    code, out, err = _run(capsys, "--workspace", tmp_path / "x", "province", "init", "--province", "99")
    assert code == 2


def test_province_report_onto_a_full_drive(linked, capsys, monkeypatch, small_fs):
    """`province report OUT.xlsx` onto a full USB stick: one line saying so, exit 2, no file and no
    traceback (openpyxl used to leave its zip open, whose clean-up then failed again at exit)."""
    import gc
    import sys

    from tests.conftest import fill_disk
    from tests.sync.helpers import PASSWORD

    desk, _communes, _tmp = linked
    root = desk.root
    desk.close()
    stick = small_fs(64)
    fill_disk(stick)
    monkeypatch.setenv("LANDDESK_PASSWORD", PASSWORD)
    unraisable: list = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    code, _, err = _run(capsys, "--workspace", root, "--user", "admin", "province", "report", stick / "tien-do.xlsx")
    gc.collect()  # an unclosed zip would fail to close here, "Exception ignored" on stderr at exit
    assert code == 2 and "đầy" in err and "Traceback" not in err, err
    assert [u.exc_value for u in unraisable] == []
    assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"]
