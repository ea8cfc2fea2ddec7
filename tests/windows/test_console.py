"""Command-line output in a Windows console: with the console or the redirection in code page 1252 or
1258 (PYTHONIOENCODING stands in for them here), Vietnamese output is written as UTF-8 — plain text and
--json, to a file and to a pipe — and errors are one UTF-8 line with exit 2, never a UnicodeEncodeError
and exit 1 (the contract keeps 1 for "problems found")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from landdesk.demo import commune as demo
from landdesk.workspace import Workspace

CODEPAGES = ["cp1252", "cp1258"]


@pytest.fixture(scope="module")
def demo_ws(workspace_template, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("console") / "ws"
    shutil.copytree(workspace_template, path)
    ws = Workspace.open(path)
    ws.transact(lambda ctx: demo.fill_demo(ctx, 30, seed=4))
    ws.close()
    return path


def _run(args, encoding: str, out_file=None, lang: str = "vi") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding, LANDDESK_LANG=lang)
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "landdesk", *args], env=env, timeout=120,
                          stdout=out_file if out_file is not None else subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("encoding", CODEPAGES)
def test_json_redirected_to_a_file_is_utf8(demo_ws, tmp_path, encoding):
    out = tmp_path / "out.json"
    with open(out, "wb") as f:
        r = _run(["--workspace", str(demo_ws), "search", "a", "--json"], encoding, out_file=f)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    found = json.loads(out.read_bytes().decode("utf-8"))
    names = [n for d in found for n in d["holders"]]
    assert any(ch in "".join(names) for ch in "ĂÂĐÊÔƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ")


@pytest.mark.parametrize("encoding", CODEPAGES)
def test_plain_text_through_a_pipe_is_utf8(demo_ws, encoding):
    r = _run(["--workspace", str(demo_ws), "show", "1"], encoding)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    text = r.stdout.decode("utf-8")  # strict: every byte is UTF-8
    assert "Hồ sơ số 1" in text and "Thửa 1" in text


@pytest.mark.parametrize("encoding", CODEPAGES)
def test_an_error_is_one_utf8_line_and_exit_2(demo_ws, encoding):
    r = _run(["--workspace", str(demo_ws), "show", "999999"], encoding)
    assert r.returncode == 2
    err = r.stderr.decode("utf-8").strip()
    assert err.startswith("landdesk: ") and "\n" not in err and "Traceback" not in err
    assert any(ord(ch) > 127 for ch in err)  # the Vietnamese message, intact


def test_usage_error_and_help_under_cp1258(tmp_path):
    r = _run(["--workspace", str(tmp_path / "none"), "search"], "cp1258")
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode("utf-8")
    r = _run(["--help"], "cp1252")
    assert r.returncode == 0 and "địa chính xã" in r.stdout.decode("utf-8")
