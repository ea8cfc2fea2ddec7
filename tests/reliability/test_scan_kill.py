"""Killing scan intake (SIGKILL, many times, at random moments): every file reported committed keeps
its pages, the file being added when the kill came loses its page files at the next start (no orphan,
no temporary part), never a row without its file. The same through the real `scans add` and the hot
folder (`scans watch --once`): a file killed mid-way stays in the hot folder and is taken whole at the
next look; nothing is stored twice."""

from __future__ import annotations

import random

import pytest

from landdesk.demo.scans import _with_comment
from landdesk.domain.fileio import sha256_file
from landdesk.domain.model import Dossier
from landdesk.media import samples
from landdesk.media.hotfolder import CLAIM as HOT_CLAIM
from landdesk.services import dossiers, scans
from landdesk.workspace import Workspace
from tests.media import pages
from tests.reliability.harness import cli_status, rounds, workspace_whole

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # runs in `make test` (the workers are forked: POSIX)

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


def test_killed_intake_loses_only_the_file_being_added(ws_path, tmp_path, child):
    with Workspace.open(ws_path) as ws:
        did = ws.transact(lambda ctx: dossiers.save_dossier(
            ctx, Dossier(commune_code="07210", village="Thôn Đông", serial="CS 900001"), allow_errors=True)).dossier.id
    base = [samples.jpeg_bytes(pages.page_image(s, dpi=300), 300) for s in range(3)]
    rng = random.Random(4242)
    committed: list = []  # files reported committed
    partial = 0  # rounds killed between two files
    files = _files(tmp_path / "whole", base, "whole", FILES_PER_ROUND)
    run = child.profile("scan", ws_path, did, tmp_path / "whole")  # one whole batch: how long a file takes now
    assert "SCANNED" in run.lines
    committed += files
    per_file = max(run.steps) / FILES_PER_ROUND
    for r in rounds(child, "scan", ROUNDS):
        files = _files(tmp_path / f"in{r}", base, f"kill {r}", FILES_PER_ROUND)
        # After the k-th file's commit, somewhere inside the next file (at the latest at its commit).
        lines = child.run_and_kill("scan", ws_path, did, tmp_path / f"in{r}", after=("DONE", rng.randint(1, 8)),
                                   wait=rng.uniform(0.0, 1.0) * per_file)
        done = max([int(line.split()[1]) for line in lines if line.startswith("DONE ")], default=0)
        if "SCANNED" in lines:
            done = len(files)
        partial += 0 < done < len(files)
        committed += sorted(files)[:done]
    cli = []  # the real command: pages reported by its output are there
    files = _files(tmp_path / "cli", base, "cli", 8, multi=True)
    run = child.profile("cli", tmp_path / "cli.out", "--workspace", ws_path, "scans", "add", *files, "--dossier", did)
    assert cli_status(run.lines) == 0, (tmp_path / "cli.out").read_text()
    committed += files
    for r in rounds(child, "scans add", CLI_ROUNDS):
        files = _files(tmp_path / f"cli{r}", base, f"cli {r}", 8, multi=True)
        out = tmp_path / f"cli{r}.out"
        lines = child.run_and_kill("cli", out, "--workspace", ws_path, "scans", "add", *files, "--dossier", did,
                                   **run.aim(rng, by_step=r % 2 == 1))
        if cli_status(lines) is not None:
            assert cli_status(lines) == 0, out.read_text()
            committed += files
        cli.append(files)
    assert child.killed == {"scan": ROUNDS, "scans add": CLI_ROUNDS} and partial == ROUNDS, (child.killed, partial)

    facts = workspace_whole(ws_path)  # the next start: no orphan, no part, integrity, audit chain
    with Workspace.open(ws_path) as ws:
        stored = {p.sha256 for p in ws.read(lambda ctx: scans.list_pages(ctx, did))}
    assert facts["pages"] == len(stored)
    # JPEG pages are stored as they came: a committed file's bytes are a stored page.
    missing = [f for f in committed if f.suffix == ".jpg" and sha256_file(f) not in stored]
    assert missing == []


def test_killed_hot_folder_takes_each_file_once(ws_path, tmp_path, child):
    base = [samples.jpeg_bytes(pages.page_image(s, dpi=300), 300) for s in range(3)]
    hot = tmp_path / "hot"
    files = _files(hot, base, "hot", 9, multi=True)
    rng = random.Random(77)
    for r in rounds(child, "scans watch", WATCH_ROUNDS):
        # after a file was renamed (a page into the store, or a file into done/), before the next rename
        child.run_and_kill("cli", tmp_path / f"w{r}.out", "--workspace", ws_path, "scans", "watch", hot,
                           "--once", "--settle", "0.1", after=("STEP rename", r + 1), wait=rng.uniform(0, 0.3))
        workspace_whole(ws_path)  # every kill: the next start leaves nothing half-done
    lines = child.run("cli", tmp_path / "last.out", "--workspace", ws_path, "scans", "watch", hot,
                      "--once", "--settle", "0.1")
    assert cli_status(lines) == 0, (tmp_path / "last.out").read_text()
    assert child.killed["scans watch"] == WATCH_ROUNDS
    assert sorted(p.name for p in (hot / "done").iterdir()) == sorted(f.name for f in files)
    assert [p.name for p in hot.iterdir() if p.is_file() and p.name != HOT_CLAIM] == []
    facts = workspace_whole(ws_path)
    assert facts["pages"] == 9 + 3  # each page exactly once (the TIFF's three included)
