"""Output piped into a reader that stops early (`landdesk search x | head -1`): no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

from landdesk.demo import commune as demo
from landdesk.workspace import Workspace


def test_reader_closing_the_pipe_early(ws_path):
    ws = Workspace.open(ws_path)
    ws.transact(lambda ctx: demo.fill_demo(ctx, 1500, seed=3))
    ws.close()
    p = subprocess.Popen([sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "search", "n", "--limit", "5000"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, LANDDESK_LANG="en"))
    first = p.stdout.readline()
    p.stdout.close()  # what `| head -1` does
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0
    assert first.strip() and err == ""
