"""SIGKILL the real commands at random moments — `demo`, `import form01`, `package export`, `province
import` — and check after each kill what the issue asks: nothing committed lost (a command that
reported success left everything it said), nothing half-done (all or nothing, integrity_check, the audit
chain, no orphan page file or temporary part after the next start, no half package taken for a whole
one). And two `import form01` processes into one workspace at once: both land, one after the other, or
the second is told clearly.

The commands run in workers forked from one server (kill_child.py) that has imported LandDesk once, so
a kill can land anywhere from argument parsing to the last rename. Each kind of command is run once
whole first, reporting its progress (every file written or renamed, every SQL write, every commit):
each kill is aimed at a moment of that run — half of them drawn over its duration, half over its
steps — and lands between the same two steps of the killed run, however loaded the machine is.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
from landdesk.demo.scans import attach_demo_scans
from landdesk.services.exporting.form01 import export_form01
from landdesk.workspace import Workspace, is_workspace
from tests.reliability.harness import cli_status, integrity_ok, leftovers, rounds, workspace_whole

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # runs in `make test` (the workers are forked: POSIX)

CREATE_ROUNDS, DEMO_ROUNDS, IMPORT_ROUNDS, EXPORT_ROUNDS, PROVINCE_ROUNDS = 3, 6, 8, 8, 8
DEMO_RECORDS, WORKBOOK_ROWS, COMMUNE_RECORDS = 1500, 200, 300


@pytest.fixture(scope="module")
def site(workspace_template, tmp_path_factory):
    """Form 01 workbooks (LandDesk's own export of demo data), and a commune with scans linked to a
    province desk."""
    from tests.sync import helpers

    root = tmp_path_factory.mktemp("kill-site")
    books = []
    for seed in (21, 22):
        ws_root = root / f"src{seed}"
        shutil.copytree(workspace_template, ws_root)
        with Workspace.open(ws_root) as ws:
            ws.transact(lambda ctx, seed=seed: demo.fill_demo(ctx, WORKBOOK_ROWS, seed))
            book = root / f"form01-{seed}.xlsx"
            ws.read(lambda ctx, book=book: export_form01(ctx, book))
        books.append(book)
    commune = root / "commune"
    shutil.copytree(workspace_template, commune)
    desk = helpers.make_desk(root / "prov")
    with Workspace.open(commune) as ws:
        ids = ws.transact(lambda ctx: demo.fill_demo(ctx, COMMUNE_RECORDS, 31)).ids
        ws.transact(lambda ctx: attach_demo_scans(ctx, ids[:40], random.Random(3)))
        helpers.link(desk, ws, root)
    desk.close()
    return {"root": root, "books": books, "commune": commune, "prov": root / "prov"}


def _count(root: Path) -> int:
    from landdesk.storage.commune import browse

    with Workspace.open(root) as ws:
        return ws.read(lambda ctx: browse.total(ctx.session))


def test_killed_demo_and_import_are_all_or_nothing(site, workspace_template, tmp_path, child):
    rng = random.Random(11)
    undone = 0  # demo and import rounds the kill undid whole
    # demo into a new folder: killed while the workspace is created; the next demo into it works and
    # leaves nothing of the killed one beside it.
    made = child.profile("cli", tmp_path / "new.out", "--workspace", tmp_path / "new", "demo", "--records", 10)
    assert cli_status(made.lines) == 0, (tmp_path / "new.out").read_text()
    for r in rounds(child, "demo", CREATE_ROUNDS):
        folder = tmp_path / f"new{r}"
        child.run_and_kill("cli", tmp_path / f"new{r}.out", "--workspace", folder, "demo", "--records", 10,
                           **made.aim(rng, by_step=r % 2 == 1))
        if is_workspace(folder):
            workspace_whole(folder)
        else:
            again = child.run("cli", tmp_path / f"new{r}b.out", "--workspace", folder, "demo", "--records", 10)
            assert cli_status(again) == 0, (tmp_path / f"new{r}b.out").read_text()
            assert workspace_whole(folder)["dossiers"] == 10
        assert beside(folder) == [], beside(folder)
    # demo into an empty workspace: one bulk transaction (with page files in one round of three).
    whole = {}
    for scans in (False, True):
        n = DEMO_RECORDS // 10 if scans else DEMO_RECORDS
        folder = tmp_path / f"d-whole-{scans}"
        shutil.copytree(workspace_template, folder)
        whole[scans] = child.profile("cli", tmp_path / "demo.out", "--workspace", folder, "demo", "--records", n,
                                     *(["--scans"] if scans else []))
        assert cli_status(whole[scans].lines) == 0 and _count(folder) == n
    for r in rounds(child, "demo", DEMO_ROUNDS):
        folder, scans = tmp_path / f"d{r}", r % 3 == 0
        shutil.copytree(workspace_template, folder)
        n = DEMO_RECORDS // 10 if scans else DEMO_RECORDS
        lines = child.run_and_kill("cli", tmp_path / f"d{r}.out", "--workspace", folder, "demo", "--records", n,
                                   *(["--scans"] if scans else []), **whole[scans].aim(rng, by_step=r % 2 == 1))
        facts = workspace_whole(folder)  # the next start: no page file of the killed demo left
        assert facts["dossiers"] in (0, n), facts
        undone += facts["dossiers"] == 0
        if cli_status(lines) == 0:
            assert facts["dossiers"] == n
    # import form01: a fresh workspace each round, one transaction.
    book = site["books"][0]
    shutil.copytree(workspace_template, tmp_path / "i-whole")
    run = child.profile("cli", tmp_path / "imp.out", "--workspace", tmp_path / "i-whole", "import", "form01", book,
                        "--mode", "valid-only")
    assert cli_status(run.lines) in (0, 1), (tmp_path / "imp.out").read_text()
    imported = _count(tmp_path / "i-whole")
    assert imported > WORKBOOK_ROWS * 0.8
    for r in rounds(child, "import", IMPORT_ROUNDS):
        root = tmp_path / f"i{r}"
        shutil.copytree(workspace_template, root)
        lines = child.run_and_kill("cli", tmp_path / f"i{r}.out", "--workspace", root, "import", "form01", book,
                                   "--mode", "valid-only", **run.aim(rng, by_step=r % 2 == 1))
        facts = workspace_whole(root)
        assert facts["dossiers"] in (0, imported)
        undone += facts["dossiers"] == 0
        if cli_status(lines) is not None:
            assert facts["dossiers"] == imported
    assert child.killed == {"demo": CREATE_ROUNDS + DEMO_ROUNDS, "import": IMPORT_ROUNDS}, child.killed
    assert undone >= 2


def beside(folder: Path) -> list[str]:
    """What a creation of `folder` left beside it (its temporary folder and lock)."""
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}.*"))


def test_killed_package_export_and_province_import(site, tmp_path, child):
    from landdesk.services.packages import outbox, verify
    from landdesk.storage.commune import sync as sync_store
    from landdesk.workspace.province import ProvinceDesk
    from tests.sync import helpers

    commune, prov = tmp_path / "commune", tmp_path / "prov"
    shutil.copytree(site["commune"], commune)
    shutil.copytree(site["prov"], prov)
    out = tmp_path / "out"
    rng = random.Random(12)
    run = child.profile("cli", tmp_path / "x.out", "--workspace", commune, "package", "export", "--full", "--out", out)
    assert cli_status(run.lines) == 0, (tmp_path / "x.out").read_text()
    package = Path((tmp_path / "x.out").read_text().strip().splitlines()[-1])
    for r in rounds(child, "package export", EXPORT_ROUNDS):
        child.run_and_kill("cli", tmp_path / f"x{r}.out", "--workspace", commune, "package", "export", "--full",
                           "--out", out, **run.aim(rng, by_step=r % 2 == 1))
        workspace_whole(commune)  # the next start: the outbox agrees with the record, no temporary left
        with Workspace.open(commune) as ws:
            recorded = ws.read(lambda ctx: {f["name"] for p in sync_store.packages(ctx.session)
                                            for f in outbox.volumes_of(p.files)})
        for f in sorted(out.glob("*.ldpkg")) + sorted((commune / "outbox").glob("*.ldpkg")):
            verify.verify_package([f])  # a final name is a whole, valid, recorded package
            assert f.name in recorded, f"{f.name} is a valid package the workspace has no record of"
        kept = {f.name for f in (commune / "outbox").glob("*.ldpkg")}
        assert recorded <= kept, recorded - kept  # every recorded package is kept (resend works)
        assert leftovers(out) == [], leftovers(out)
    lines = child.run("cli", tmp_path / "x-last.out", "--workspace", commune, "package", "export", "--full",
                      "--out", out)
    assert cli_status(lines) == 0, (tmp_path / "x-last.out").read_text()
    workspace_whole(commune)
    with ProvinceDesk.open(prov) as desk:
        before = helpers.snapshot(desk)
    run = child.profile("cli", tmp_path / "p.out", "--workspace", prov, "province", "import", package)
    assert cli_status(run.lines) == 0, (tmp_path / "p.out").read_text()
    with ProvinceDesk.open(prov) as desk:
        after = helpers.snapshot(desk)
    assert after["dossiers"] == before["dossiers"] + COMMUNE_RECORDS
    for r in rounds(child, "province import", PROVINCE_ROUNDS):
        fresh = tmp_path / f"prov{r}"
        shutil.copytree(site["prov"], fresh)
        lines = child.run_and_kill("cli", tmp_path / f"p{r}.out", "--workspace", fresh, "province", "import",
                                   package, **run.aim(rng, by_step=r % 2 == 1))
        with ProvinceDesk.open(fresh) as desk:  # the next start: a killed import's scans and parts go
            snap = helpers.snapshot(desk)
            assert (snap["dossiers"], snap["packages"]) in ((before["dossiers"], before["packages"]),
                                                             (after["dossiers"], after["packages"]))
            if cli_status(lines) == 0:
                assert snap == after
            assert _province_orphans(desk) == []
        assert integrity_ok(fresh / "province.db")
        assert leftovers(fresh) == [], leftovers(fresh)
    assert child.killed == {"package export": EXPORT_ROUNDS, "province import": PROVINCE_ROUNDS}, child.killed


def _province_orphans(desk) -> list[str]:
    """Page files in the province's media store without a row in its database."""
    from landdesk.media.store import MediaStore
    from landdesk.storage.province import receipts as store

    files = [sha for sha, _ext, _p in MediaStore(desk.media_dir).iter_files()]
    known = desk.read(lambda ctx: store.known_scans(ctx.session, files)) if files else set()
    return [sha for sha in files if sha not in known]


def test_two_imports_at_once_into_one_workspace(site, workspace_template, tmp_path):
    """Two `landdesk import form01` processes started together: both imports land, one after the
    other (SQLite's write lock), or the second says clearly that another LandDesk is writing."""
    root = tmp_path / "ws"
    shutil.copytree(workspace_template, root)
    env = dict(os.environ, LANDDESK_LANG="en")
    procs = [subprocess.Popen([sys.executable, "-m", "landdesk", "--workspace", str(root), "import", "form01",
                               str(book), "--mode", "valid-only", "--json"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for book in site["books"]]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    for code, _out, err in results:
        assert "Traceback" not in err, err
        assert code in (0, 1) or (code == 2 and "another" in err.lower() and len(err.strip().splitlines()) == 1), err
    landed = [json.loads(out)["added"] for code, out, _ in results if code in (0, 1)]
    facts = workspace_whole(root)
    assert landed and facts["dossiers"] == sum(landed)  # each import whole (serialised), none lost
