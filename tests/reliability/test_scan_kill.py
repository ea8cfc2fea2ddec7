"""Killing scan intake (SIGKILL, many times, at random moments): every file reported committed keeps
its pages, the file being added when the kill came loses its page files at the next start (no orphan,
no temporary part), never a row without its file. The same through the real `scans add` and the hot
folder (`scans watch --once`): a file killed mid-way stays in the hot folder and is taken whole at the
next look; nothing is stored twice."""

from __future__ import annotations

import random
import time

import pytest

from landdesk.demo.scans import _with_comment
from landdesk.domain.fileio import sha256_file
from landdesk.domain.model import Dossier
from landdesk.media import samples
from landdesk.media.hotfolder import CLAIM as HOT_CLAIM
from landdesk.services import dossiers, scans
from landdesk.workspace import Workspace
from tests.media import pages
from tests.reliability.harness import Child, cli_status, report, workspace_whole

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # about 20 s; runs in `make test` (the workers are forked: POSIX)

ROUNDS, FILES_PER_ROUND, CLI_ROUNDS, WATCH_ROUNDS = 10, 10, 3, 3


def _files(folder, base, tag: str, n: int, multi: bool = False):
    """n distinct real 300-dpi pages (own hashes); multi: one 3-page TIFF in the middle."""
    folder.mkdir()
    out = []
    for i in range(n):
        p = folder / f"p{i:02d}.jpg"
        p.write_bytes(_with_comment(base[i % len(base)], f"{tag} {i}"))
        out.append(p)
    if multi:
        out.append(pages.tiff_pages(folder / "p50.tif", [hash(tag) % 1000 + j for j in range(3)], dpi=150))
    return out


def test_killed_intake_loses_only_the_file_being_added(ws_path, tmp_path):
    with Workspace.open(ws_path) as ws:
        did = ws.transact(lambda ctx: dossiers.save_dossier(
            ctx, Dossier(commune_code="07210", village="Thôn Đông", serial="CS 900001"), allow_errors=True)).dossier.id
    base = [samples.jpeg_bytes(pages.page_image(s, dpi=300), 300) for s in range(3)]
    rng = random.Random(4242)
    committed: list = []  # files reported committed
    partial = 0  # rounds killed between two files
    child = Child()
    try:
        t = time.perf_counter()  # one whole round first: how long a batch takes on this machine now
        files = _files(tmp_path / "whole", base, "whole", FILES_PER_ROUND)
        assert "SCANNED" in child.run("scan", ws_path, did, tmp_path / "whole")
        committed += files
        whole = time.perf_counter() - t
        for r in range(ROUNDS):
            files = _files(tmp_path / f"in{r}", base, f"kill {r}", FILES_PER_ROUND)
            # After the k-th file's commit, somewhere inside the next file (or two).
            lines = child.run_and_kill("scan", ws_path, did, tmp_path / f"in{r}", when=("DONE", rng.randint(1, 8)),
                                       after=rng.uniform(0.0, 2.0) * whole / FILES_PER_ROUND)
            done = max([int(line.split()[1]) for line in lines if line.startswith("DONE ")], default=0)
            if "SCANNED" in lines:
                done = len(files)
            partial += 0 < done < len(files)
            committed += sorted(files)[:done]
        for r in range(CLI_ROUNDS):  # the real command: pages reported by its output are there
            files = _files(tmp_path / f"cli{r}", base, f"cli {r}", 8, multi=True)
            out = tmp_path / f"cli{r}.out"
            lines = child.run_and_kill("cli", out, "--workspace", ws_path, "scans", "add", *files, "--dossier", did,
                                       after=rng.uniform(0.3, 1.2) * whole)
            if cli_status(lines) is not None:
                assert cli_status(lines) == 0, out.read_text()
                committed += files
    finally:
        child.close()
    assert child.kills >= ROUNDS and partial >= ROUNDS // 2  # most kills landed between two files

    findings: list[str] = []
    facts = workspace_whole(ws_path, findings)  # the next start: no orphan, no part, integrity, audit chain
    with Workspace.open(ws_path) as ws:
        stored = {p.sha256 for p in ws.read(lambda ctx: scans.list_pages(ctx, did))}
    assert facts["pages"] == len(stored)
    # JPEG pages are stored as they came: a committed file's bytes are a stored page.
    missing = [f for f in committed if f.suffix == ".jpg" and sha256_file(f) not in stored]
    assert missing == []
    report(findings)


def test_killed_hot_folder_takes_each_file_once(ws_path, tmp_path):
    base = [samples.jpeg_bytes(pages.page_image(s, dpi=300), 300) for s in range(3)]
    hot = tmp_path / "hot"
    files = _files(hot, base, "hot", 9, multi=True)
    rng = random.Random(77)
    findings: list[str] = []
    child = Child()
    try:
        for r in range(WATCH_ROUNDS):
            child.run_and_kill("cli", tmp_path / f"w{r}.out", "--workspace", ws_path, "scans", "watch", hot,
                               "--once", "--settle", "0.1", after=rng.uniform(0.4, 1.6))
            workspace_whole(ws_path, findings)  # every kill: the next start leaves nothing half-done
        lines = child.run("cli", tmp_path / "last.out", "--workspace", ws_path, "scans", "watch", hot,
                          "--once", "--settle", "0.1")
        assert cli_status(lines) == 0, (tmp_path / "last.out").read_text()
    finally:
        child.close()
    assert sorted(p.name for p in (hot / "done").iterdir()) == sorted(f.name for f in files)
    assert [p.name for p in hot.iterdir() if p.is_file() and p.name != HOT_CLAIM] == []
    facts = workspace_whole(ws_path, findings)
    assert facts["pages"] == 9 + 3  # each page exactly once (the TIFF's three included)
    report(findings)
