"""Scans end to end on real workspaces and real files: intake, duplicates, the viewer's edits, the store
check, cover-sheet batches through the hot folder, export, the quality gate and the 'scanned' status."""

from __future__ import annotations

import json
import random
import shutil

import pypdfium2 as pdfium
import pytest

from landdesk.cli.main import main
from landdesk.demo.scans import attach_demo_scans
from landdesk.domain.codes import WorkflowStatus
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.model import Dossier
from landdesk.media import samples
from landdesk.services import checks, dossiers, scans
from landdesk.storage import audit
from tests.factories import couple_dossier
from tests.media import pages


def new_dossier(ws, serial="CS 100001", village="Thôn Đông") -> str:
    d = Dossier(commune_code="07210", village=village, serial=serial)
    return ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier.id


def status(ws, did) -> WorkflowStatus:
    return ws.read(lambda ctx: dossiers.get_dossier(ctx, did)).status


def media_files(ws_path):
    return sorted(p for p in (ws_path / "media").rglob("*") if p.is_file())


def test_add_pages_duplicates_and_scanned_status(ws, ws_path, tmp_path):
    did = new_dossier(ws)
    assert status(ws, did) == WorkflowStatus.COLLECTED
    f1, f2 = pages.jpeg_page(tmp_path / "a.jpg", 1), pages.jpeg_page(tmp_path / "b.jpg", 2)
    rep = ws.transact(lambda ctx: scans.add_files(ctx, [f1, f2], did, "gcn"))
    assert rep.ok and [a.position for a in rep.added] == [1, 2] and rep.scanned == [did]
    assert status(ws, did) == WorkflowStatus.SCANNED
    listed = ws.read(lambda ctx: scans.list_pages(ctx, did))
    assert [p.source for p in listed] == ["a.jpg", "b.jpg"]
    stored = ws.read(lambda ctx: scans.page_path(ctx, listed[0]))
    assert stored.read_bytes() == f1.read_bytes() and stored.parent.parent.parent == ws_path / "media"
    # The same page again, even under another name and for another dossier: refused, with where it is.
    other = new_dossier(ws, "CS 100002")
    shutil.copy(f1, tmp_path / "again.jpg")
    rep2 = ws.transact(lambda ctx: scans.add_files(ctx, [tmp_path / "again.jpg"], other, "gt"))
    assert not rep2.added and rep2.refused[0].duplicate_of == listed[0].id
    num = ws.read(lambda ctx: dossiers.get_dossier(ctx, did)).num
    assert f"hồ sơ số {num}" in rep2.refused[0].message_vi and "trang 1" in rep2.refused[0].message_vi
    # A near-duplicate (the same sheet scanned again, slightly different bytes) is stored with a warning.
    im = pages.page_image(1)
    (tmp_path / "rescan.jpg").write_bytes(samples.jpeg_bytes(im, 200, quality=70))
    rep3 = ws.transact(lambda ctx: scans.add_files(ctx, [tmp_path / "rescan.jpg"], other, "gcn"))
    assert rep3.added and rep3.added[0].near


def test_low_quality_gcn_blocks_scanned_unless_setting_allows(ws, tmp_path):
    did = new_dossier(ws)
    low = pages.jpeg_page(tmp_path / "low.jpg", 3, dpi=120)
    rep = ws.transact(lambda ctx: scans.add_files(ctx, [low], did))
    assert rep.added[0].problems == ("low_dpi",) and rep.scanned == []
    assert status(ws, did) == WorkflowStatus.COLLECTED
    findings = ws.read(checks.run_checks)
    assert any(f.rule == "scan_quality" and f.dossier_id == did for f in findings)
    ws.transact(lambda ctx: scans.set_blocking_problems(ctx, ["blank"]))
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: scans.set_blocking_problems(ctx, ["nonsense"]))
    page = ws.read(lambda ctx: scans.list_pages(ctx, did))[0]
    ws.transact(lambda ctx: scans.move_page(ctx, page.id, did, "gcn"))  # re-evaluates the gate
    assert status(ws, did) == WorkflowStatus.SCANNED


def test_broken_file_leaves_nothing(ws, ws_path, tmp_path):
    did = new_dossier(ws)
    tif = pages.tiff_pages(tmp_path / "batch.tif", [1, 2, 3])
    data = tif.read_bytes()
    tif.write_bytes(data[: len(data) - 20_000])  # the last page is cut off
    before = media_files(ws_path)
    rep = ws.transact(lambda ctx: scans.add_files(ctx, [tif, pages.jpeg_page(tmp_path / "ok.jpg", 9)], did))
    assert rep.files_failed == ["batch.tif"] and rep.files_ok == ["ok.jpg"]
    assert [a.kind for a in rep.added] == ["gcn"] and len(rep.added) == 1
    assert len(media_files(ws_path)) == len(before) + 1  # only ok.jpg's page
    assert ws.read(lambda ctx: scans.check_store(ctx)).ok
    text = tmp_path / "note.jpg"
    text.write_text("hello")
    rep = ws.transact(lambda ctx: scans.add_files(ctx, [text], did))
    assert not rep.added and "không phải tệp ảnh" in rep.refused[0].message_vi
    with pytest.raises(NotFound):
        ws.transact(lambda ctx: scans.add_files(ctx, [text], "no-such-dossier"))


def test_viewer_edits_are_audited(ws, tmp_path):
    a, b = new_dossier(ws), new_dossier(ws, "CS 100003")
    files = [pages.jpeg_page(tmp_path / f"{i}.jpg", 20 + i) for i in range(3)]
    ws.transact(lambda ctx: scans.add_files(ctx, files, a))
    p1, p2, p3 = ws.read(lambda ctx: scans.list_pages(ctx, a))
    rev = ws.read(lambda ctx: dossiers.get_dossier(ctx, a)).revision
    out = ws.transact_changes(lambda ctx: scans.rotate_page(ctx, p1.id, 90))
    assert out.output.rotation == 90 and {"scans", "dossiers"} <= out.changes
    assert ws.read(lambda ctx: dossiers.get_dossier(ctx, a)).revision == rev + 1  # travels in the next package
    ws.transact(lambda ctx: scans.reorder_pages(ctx, [p3.id, p1.id, p2.id]))
    assert [p.id for p in ws.read(lambda ctx: scans.list_pages(ctx, a))] == [p3.id, p1.id, p2.id]
    ws.transact(lambda ctx: scans.move_page(ctx, p2.id, a, "gt"))
    ws.transact(lambda ctx: scans.move_page(ctx, p3.id, b, "gcn", position=1))
    got = ws.read(lambda ctx: scans.list_pages(ctx, a))
    assert [(p.id, p.kind, p.position) for p in got] == [(p1.id, "gcn", 1), (p2.id, "gt", 1)]
    ws.transact(lambda ctx: scans.delete_page(ctx, p1.id))
    assert [p.id for p in ws.read(scans.recycled_pages)] == [p1.id]
    ws.transact(lambda ctx: scans.restore_page(ctx, p1.id))
    assert not ws.read(scans.recycled_pages)
    with pytest.raises(LandDeskError):
        ws.transact(lambda ctx: scans.rotate_page(ctx, p1.id, 45))
    actions = [r.action for r in ws.read(lambda ctx: audit.history(ctx.session, p1.id))]
    assert actions == ["scan_rotate", "scan_delete", "scan_restore"]


def test_check_finds_missing_wrong_and_orphans_and_cleans(ws, ws_path, tmp_path):
    did = new_dossier(ws)
    files = [pages.jpeg_page(tmp_path / f"{i}.jpg", 40 + i) for i in range(3)]
    ws.transact(lambda ctx: scans.add_files(ctx, files, did))
    p1, p2, p3 = ws.read(lambda ctx: scans.list_pages(ctx, did))
    path = lambda p: ws.read(lambda ctx: scans.page_path(ctx, p))  # noqa: E731
    path(p1).unlink()
    path(p2).write_bytes(b"tampered")
    orphan = ws_path / "media" / "ab" / "cd" / ("ab" + "cd" + "0" * 60 + ".jpg")
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    rep = ws.read(lambda ctx: scans.check_store(ctx))
    assert rep.missing == [p1.id] and rep.wrong_hash == [p2.id] and len(rep.orphan_files) == 1
    rep = ws.transact(lambda ctx: scans.check_store(ctx, clean=True, grace_seconds=0))
    assert rep.cleaned_files == 1 and rep.cleaned_rows == 1 and not orphan.exists()
    after = ws.read(lambda ctx: scans.check_store(ctx))
    assert not after.missing and not after.orphan_files and after.wrong_hash == [p2.id]
    assert [p.id for p in ws.read(lambda ctx: scans.list_pages(ctx, did))] == [p2.id, p3.id]


def test_export_embeds_jpeg_without_reencoding(ws, tmp_path):
    d = couple_dossier(serial="CS 654321")
    did = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d)).dossier.id
    g = [pages.jpeg_page(tmp_path / f"g{i}.jpg", 60 + i) for i in range(2)]
    gt = pages.tiff_pages(tmp_path / "gt.tif", [70], compression="group4", bilevel=True)
    ws.transact(lambda ctx: scans.add_files(ctx, g, did, "gcn"))
    ws.transact(lambda ctx: scans.add_files(ctx, [gt], did, "gt"))
    files = ws.read(lambda ctx: scans.export_dossier(ctx, did, tmp_path / "out"))
    names = sorted(f.path.name for f in files)
    assert names == ["CS654321-GCN.pdf", "CS654321-GT.pdf"]  # serial without spaces (issue 12 item 15)
    gcn = next(f for f in files if f.path.name.endswith("GCN.pdf"))
    jpeg_bytes = sum(p.stat().st_size for p in g)
    assert jpeg_bytes < gcn.size < jpeg_bytes + 20_000  # the JPEGs themselves, plus a little PDF
    pdf = pdfium.PdfDocument(gcn.path)
    assert len(pdf) == 2 and abs(pdf[0].get_size()[0] - 595) < 2  # A4 from the page's 200 dpi
    pdf.close()


def test_cover_sheet_batch_split_via_hot_folder_cli(ws, ws_path, tmp_path, capsys):
    a, b = new_dossier(ws, "CS 200001"), new_dossier(ws, "CS 200002")
    sheets = tmp_path / "covers.pdf"
    assert main(["--workspace", str(ws_path), "cover-sheets", "--dossier", a, b, "--out", str(sheets)]) == 0
    capsys.readouterr()
    cover_pages = [pg.render(scale=200 / 72).to_pil().convert("L") for pg in pdfium.PdfDocument(sheets)]
    batch = [pages.page_image(80), cover_pages[0], pages.page_image(81), pages.page_image(82),
             cover_pages[1], pages.page_image(83)]
    hot = tmp_path / "hot"
    hot.mkdir()
    pages.pdf_of(hot / "scan0001.pdf", batch)
    (hot / "broken.jpg").write_text("not a scan")
    code = main(["--workspace", str(ws_path), "scans", "watch", str(hot), "--once", "--settle", "0.2", "--json"])
    results = json.loads(capsys.readouterr().out)
    assert code == 1 and {r["file"]: r["ok"] for r in results} == {"scan0001.pdf": True, "broken.jpg": False}
    assert (hot / "done" / "scan0001.pdf").is_file() and (hot / "failed" / "broken.jpg").is_file()
    assert "không phải" in (hot / "failed" / "broken.jpg.reason.txt").read_text()
    assert [p.source_page for p in ws.read(lambda ctx: scans.list_pages(ctx, a))] == [3, 4]
    assert [p.source_page for p in ws.read(lambda ctx: scans.list_pages(ctx, b))] == [6]
    assert [p.source_page for p in ws.read(scans.unassigned_pages)] == [1]


def test_cli_add_check_export_and_bad_input(ws_path, tmp_path, capsys):
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        did = new_dossier(w, "AB 777777")
        num = w.read(lambda ctx: dossiers.get_dossier(ctx, did)).num
    f = pages.jpeg_page(tmp_path / "p.jpg", 90)
    base = ["--workspace", str(ws_path)]
    assert main([*base, "scans", "add", str(f), "--dossier", str(num), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"][0]["dossier_id"] == did
    # Every file refused and nothing stored is bad input (exit 2, the reason on stderr); some stored
    # and some refused is exit 1.
    assert main([*base, "scans", "add", str(f), "--dossier", did]) == 2
    out = capsys.readouterr()
    assert "đã có trong hồ sơ số" in out.err and out.out == ""
    g = pages.jpeg_page(tmp_path / "q.jpg", 91)
    assert main([*base, "scans", "add", str(f), str(g), "--dossier", did]) == 1
    assert "đã có trong hồ sơ số" in capsys.readouterr().out
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a scan")
    assert main([*base, "scans", "add", str(bad), "--dossier", did, "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["files_failed"] == ["bad.jpg"]
    assert main([*base, "scans", "add", str(tmp_path / "none.jpg"), "--dossier", did]) == 2
    capsys.readouterr()
    assert main([*base, "scans", "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main([*base, "scans", "export", "--all", "--out", str(tmp_path / "x"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["file"].endswith("AB777777-GCN.pdf") and out[0]["bytes"] > 0
    assert main([*base, "cover-sheets", "--all-unscanned", "--out", str(tmp_path / "c.pdf")]) == 2
    capsys.readouterr()
    assert main([*base, "scans", "gate", "--block", "blank,skewed", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["blocking"] == ["blank", "skewed"]
    assert main([*base, "scans", "gate", "--block", "bogus"]) == 2


def test_demo_scans_are_fast_distinct_and_consistent(ws):
    ids = [new_dossier(ws, f"CS {300000 + i}") for i in range(20)]
    n = ws.transact(lambda ctx: attach_demo_scans(ctx, ids, random.Random(5)))
    assert n == 20
    counts = [len(ws.read(lambda ctx, d=d: scans.list_pages(ctx, d))) for d in ids]
    assert all(1 <= c <= 3 for c in counts)
    rep = ws.read(lambda ctx: scans.check_store(ctx))
    assert rep.ok and rep.rows == sum(counts)


# ---- one transaction per file, the journal and the recovery at the next start -------------------


def leftovers(ws_path) -> list[str]:
    """Everything intake may leave behind: temporary parts, journals, partial thumbnails."""
    return sorted(str(p.relative_to(ws_path)) for p in ws_path.rglob("*")
                  if p.is_file() and (p.name.endswith((".part", ".thumb", ".journal"))))


def test_intake_commits_each_file_and_a_cancel_keeps_what_was_stored(ws, ws_path, tmp_path):
    from landdesk.domain.progress import CancelToken

    did = new_dossier(ws)
    files = [pages.jpeg_page(tmp_path / f"c{i}.jpg", 150 + i) for i in range(5)]
    token = CancelToken()
    seen = []

    def progress(done, total, label):
        seen.append(done)
        if done == 2:  # files 0 and 1 are committed by now; cancel while file 2 is being added
            token.cancel()

    rep = scans.intake_files(ws, files, did, "gcn", progress=progress, cancel=token)
    assert rep.cancelled and not rep.ok and rep.files_ok == ["c0.jpg", "c1.jpg"]
    assert rep.not_stored == ["c2.jpg", "c3.jpg", "c4.jpg"] and "Đã hủy" in rep.stop_message("vi")
    assert [p.source for p in ws.read(lambda ctx: scans.list_pages(ctx, did))] == ["c0.jpg", "c1.jpg"]
    assert {"scans", "dossiers"} <= rep.changes and rep.scanned == [did]
    assert ws.read(lambda ctx: scans.check_store(ctx)).ok and leftovers(ws_path) == []
    # Two audit entries, one per committed file: each file is its own unit of work.
    assert [r.action for r in ws.read(lambda ctx: audit.history(ctx.session, did))].count("scan_add") == 2


def test_a_failed_commit_takes_its_page_files_with_it(ws, ws_path, tmp_path):
    did = new_dossier(ws)
    f = pages.jpeg_page(tmp_path / "r.jpg", 170)

    def add_then_fail(ctx):
        scans.add_files(ctx, [f], did)
        assert len(media_files(ws_path)) == 2 and leftovers(ws_path)  # the page and its open journal
        raise RuntimeError("the transaction fails after the files were written")

    with pytest.raises(RuntimeError):
        ws.transact(add_then_fail)
    assert media_files(ws_path) == [] and leftovers(ws_path) == []


def test_the_next_start_removes_what_a_killed_intake_left(ws_path, tmp_path):
    """A journal whose process died (its lock is free) is finished at the next Workspace.open: files
    without a row go, files whose row was committed stay; a live writer's journal is left alone."""
    import os

    from landdesk.media.store import MediaStore, sha256_bytes
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        did = new_dossier(w)
        kept = pages.jpeg_page(tmp_path / "kept.jpg", 180)
        w.transact(lambda ctx: scans.add_files(ctx, [kept], did))
    st = MediaStore(ws_path / "media")
    dead, live = st.pending(), st.pending()
    for j, tag in ((dead, b"dead"), (live, b"live")):
        s = j.store.put_bytes(tag * 1000, "jpg", pending=j)
        j.part(s.sha256).write_bytes(b"half")  # what a kill mid-write leaves
    kept_sha = sha256_bytes(kept.read_bytes())
    dead.add(kept_sha, "jpg")  # a file that did get its row before the kill: it stays
    os.close(dead._fd)  # the process "dies": its lock goes, its journal stays
    dead._fd = None
    with Workspace.open(ws_path) as w:
        rep = w.read(lambda ctx: scans.check_store(ctx))
        assert rep.ok and rep.in_progress == 1  # the live writer's file is no orphan
        assert st.path_for(kept_sha, "jpg").is_file()
        assert not st.path_for(sha256_bytes(b"dead" * 1000), "jpg").exists()
        assert not dead.path.exists() and live.path.exists()
    live.rolled_back()
    assert leftovers(ws_path) == [] and len(media_files(ws_path)) == 1


# ---- a full drive --------------------------------------------------------------------------------


@pytest.mark.parametrize("leave_kb", [0, 150, 340, 650, 900])  # open, page, commit, commit, page
def test_full_drive_one_clear_message_and_nothing_half_written(ws_path, tmp_path, small_fs, leave_kb, capsys):
    """The workspace on a small filesystem that fills up during `scans add`: exit 2 if nothing was
    stored, 1 if some pages were (which files were not is said), never a traceback; no temporary
    file, journal or orphan left; after freeing space the files not stored are added again."""
    import sqlite3

    from tests.conftest import fill_disk

    disk = small_fs(3072)
    root = disk / "ws"
    shutil.copytree(ws_path, root)
    from landdesk.workspace import Workspace

    with Workspace.open(root) as w:
        did = new_dossier(w)
    files = [pages.jpeg_page(tmp_path / f"full{i}.jpg", 190 + i) for i in range(6)]
    fill_disk(disk, leave=leave_kb * 1024)
    code = main(["--workspace", str(root), "scans", "add", *map(str, files), "--dossier", did])
    out = capsys.readouterr()
    assert "Traceback" not in out.err and code in (1, 2), (code, out)
    assert "Ổ đĩa đã đầy" in out.err + out.out
    (disk / "filler.bin").unlink()
    with Workspace.open(root) as w:
        stored = [p.source for p in w.read(lambda ctx: scans.list_pages(ctx, did))]
        assert w.read(lambda ctx: scans.check_store(ctx)).ok
    assert leftovers(root) == []
    conn = sqlite3.connect(root / "landdesk.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    if code == 2:
        assert stored == [] and out.out == ""
    else:
        assert stored and stored == [f.name for f in files[:len(stored)]]
        assert f"chưa lưu {len(files) - len(stored)} tệp" in out.out and files[len(stored)].name in out.out
    rest = [str(f) for f in files if f.name not in stored]
    assert main(["--workspace", str(root), "scans", "add", *rest, "--dossier", did]) == 0, capsys.readouterr()
