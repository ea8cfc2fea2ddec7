"""SIGKILL the real commands at random moments — `demo`, `import form01`, `package export`, `province
import` — and check after each kill what the issue asks: nothing committed lost (a command that
reported success left everything it said), nothing half-done (all or nothing, integrity_check, the audit
chain, no orphan page file or temporary part after the next start, no half package taken for a whole
one). And two `import form01` processes into one workspace at once: both land, one after the other, or
the second is told clearly.

The commands run in workers forked from one server (kill_child.py) that has imported LandDesk once, so
a kill can land anywhere from argument parsing to the last rename. Each kind of command is run once
whole first: the kill moments are drawn from that duration, whatever the machine's load.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from landdesk.demo import commune as demo
from landdesk.demo.scans import attach_demo_scans
from landdesk.services.exporting.form01 import export_form01
from landdesk.workspace import Workspace, is_workspace
from tests.reliability.harness import Child, cli_status, integrity_ok, leftovers, report, workspace_whole

pytestmark = [pytest.mark.slow, pytest.mark.posix]  # about 40 s; runs in `make test` (the workers are forked: POSIX)

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


def _timed(child: Child, *command) -> tuple[list[str], float]:
    t = time.perf_counter()
    lines = child.run(*command)
    return lines, time.perf_counter() - t


def test_killed_demo_and_import_are_all_or_nothing(site, workspace_template, tmp_path):
    rng = random.Random(11)
    child = Child()
    findings: list[str] = []
    undone = 0  # demo and import rounds the kill undid whole
    try:
        # demo into a new folder: killed while the workspace is created, the folder must not be refused.
        for r in range(CREATE_ROUNDS):
            folder = tmp_path / f"new{r}"
            lines = child.run_and_kill("cli", tmp_path / f"new{r}.out", "--workspace", folder, "demo", "--records", 10,
                                       after=rng.uniform(0.05, 0.6))
            if is_workspace(folder):
                workspace_whole(folder, findings)
            elif folder.exists():
                again = child.run("cli", tmp_path / f"new{r}b.out", "--workspace", folder, "demo", "--records", 10)
                if cli_status(again) != 0:
                    findings.append(f"demo killed during creation: then {(tmp_path / f'new{r}b.out').read_text().strip()}")
        # demo into an empty workspace: one bulk transaction (with page files in one round of three).
        shutil.copytree(workspace_template, tmp_path / "d-whole")
        lines, whole = _timed(child, "cli", tmp_path / "demo.out", "--workspace", tmp_path / "d-whole", "demo",
                              "--records", DEMO_RECORDS)
        assert cli_status(lines) == 0 and _count(tmp_path / "d-whole") == DEMO_RECORDS
        for r in range(DEMO_ROUNDS):
            folder, scans = tmp_path / f"d{r}", r % 3 == 0
            shutil.copytree(workspace_template, folder)
            n = DEMO_RECORDS // 10 if scans else DEMO_RECORDS
            lines = child.run_and_kill("cli", tmp_path / f"d{r}.out", "--workspace", folder, "demo", "--records", n,
                                       *(["--scans"] if scans else []), after=rng.uniform(0.05, 0.8) * whole)
            facts = workspace_whole(folder, findings)  # the next start: no page file of the killed demo left
            assert facts["dossiers"] in (0, n), facts
            undone += facts["dossiers"] == 0
            if cli_status(lines) == 0:
                assert facts["dossiers"] == n
        # import form01: a fresh workspace each round, one transaction.
        book = site["books"][0]
        shutil.copytree(workspace_template, tmp_path / "i-whole")
        lines, whole = _timed(child, "cli", tmp_path / "imp.out", "--workspace", tmp_path / "i-whole", "import",
                              "form01", book, "--mode", "valid-only")
        assert cli_status(lines) in (0, 1), (tmp_path / "imp.out").read_text()
        imported = _count(tmp_path / "i-whole")
        assert imported > WORKBOOK_ROWS * 0.8
        for r in range(IMPORT_ROUNDS):
            root = tmp_path / f"i{r}"
            shutil.copytree(workspace_template, root)
            lines = child.run_and_kill("cli", tmp_path / f"i{r}.out", "--workspace", root, "import", "form01", book,
                                       "--mode", "valid-only", after=rng.uniform(0.05, 0.8) * whole)
            facts = workspace_whole(root, findings)
            assert facts["dossiers"] in (0, imported)
            undone += facts["dossiers"] == 0
            if cli_status(lines) is not None:
                assert facts["dossiers"] == imported
    finally:
        child.close()
    assert child.kills >= (CREATE_ROUNDS + DEMO_ROUNDS + IMPORT_ROUNDS) * 3 // 4 and undone >= 2
    report(findings)


def test_killed_package_export_and_province_import(site, tmp_path):
    from landdesk.services.packages import outbox, verify
    from landdesk.storage.commune import sync as sync_store
    from landdesk.workspace.province import ProvinceDesk
    from tests.sync import helpers

    commune, prov = tmp_path / "commune", tmp_path / "prov"
    shutil.copytree(site["commune"], commune)
    shutil.copytree(site["prov"], prov)
    out, receipts = tmp_path / "out", tmp_path / "receipts"
    rng = random.Random(12)
    child = Child()
    findings: list[str] = []
    try:
        lines, whole = _timed(child, "cli", tmp_path / "x.out", "--workspace", commune, "package", "export",
                              "--full", "--out", out)
        assert cli_status(lines) == 0, (tmp_path / "x.out").read_text()
        package = Path((tmp_path / "x.out").read_text().strip().splitlines()[-1])
        for r in range(EXPORT_ROUNDS):
            lines = child.run_and_kill("cli", tmp_path / f"x{r}.out", "--workspace", commune, "package", "export",
                                       "--full", "--out", out, after=rng.uniform(0.05, 0.8) * whole)
            workspace_whole(commune, findings)  # the next start
            with Workspace.open(commune) as ws:
                recorded = ws.read(lambda ctx: {f["name"] for p in sync_store.packages(ctx.session)
                                                for f in outbox.volumes_of(p.files)})
            for f in sorted(out.glob("*.ldpkg")):  # a final name is a whole, valid, recorded package
                verify.verify_package([f])
                if f.name not in recorded:
                    findings.append(f"export: {f.name} is a valid package the workspace has no record of")
            assert leftovers(out) == [], leftovers(out)
        lines = child.run("cli", tmp_path / "x-last.out", "--workspace", commune, "package", "export", "--full",
                          "--out", out)  # the next export finishes whatever a kill left
        assert cli_status(lines) == 0, (tmp_path / "x-last.out").read_text()
        facts = workspace_whole(commune, findings)
        assert not [p for p in facts["leftovers"] if p.startswith("outbox/")]  # the export finished them
        with ProvinceDesk.open(prov) as desk:
            before = helpers.snapshot(desk)
        lines, whole = _timed(child, "cli", tmp_path / "p.out", "--workspace", prov, "province", "import", package,
                              "--receipts", receipts)
        assert cli_status(lines) == 0, (tmp_path / "p.out").read_text()
        with ProvinceDesk.open(prov) as desk:
            after = helpers.snapshot(desk)
        assert after["dossiers"] == before["dossiers"] + COMMUNE_RECORDS
        for r in range(PROVINCE_ROUNDS):
            fresh = tmp_path / f"prov{r}"
            shutil.copytree(site["prov"], fresh)
            lines = child.run_and_kill("cli", tmp_path / f"p{r}.out", "--workspace", fresh, "province", "import",
                                       package, "--receipts", tmp_path / f"rc{r}", after=rng.uniform(0.05, 0.8) * whole)
            with ProvinceDesk.open(fresh) as desk:
                snap = helpers.snapshot(desk)
                assert (snap["dossiers"], snap["packages"]) in ((before["dossiers"], before["packages"]),
                                                                 (after["dossiers"], after["packages"]))
                if cli_status(lines) == 0:
                    assert snap == after
                orphans = _province_orphans(desk)
            assert integrity_ok(fresh / "province.db") if (fresh / "province.db").exists() else True
            if orphans:
                findings.append(f"province import: {len(orphans)} scan file(s) without a row after the kill")
            if leftovers(fresh):
                findings.append(f"province import: {len(leftovers(fresh))} temporary file(s) left after the kill "
                                f"and the next start, e.g. {leftovers(fresh)[0]}")
    finally:
        child.close()
    assert child.kills >= (EXPORT_ROUNDS + PROVINCE_ROUNDS) * 3 // 4
    report(findings)


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
