"""The desk's lists a page at a time (issue 16 §5): the conflict queue and a commune's dossiers, on both
engines, from the services and from the command line."""

from __future__ import annotations

import pytest

from landdesk.cli.main import main
from landdesk.domain.codes import UserRole
from landdesk.services import users
from landdesk.services.province import pages
from landdesk.workspace.province import ProvinceDesk
from tests.sync import helpers


def _fill(desk, communes, tmp) -> None:
    """07210: 23 dossiers; 07228: 7 whose serials 07210 has (7 duplicates queued)."""
    helpers.send(tmp, communes["07210"], desk, "a1", b"".join(
        helpers.dossier_line(f"a-{i:02d}", f"AA {i:06d}", f"0012{i:08d}", str(i), i) for i in range(1, 24)))
    helpers.send(tmp, communes["07228"], desk, "b1", b"".join(
        helpers.dossier_line(f"b-{i:02d}", f"AA {i:06d}", f"0099{i:08d}", str(100 + i), i) for i in range(1, 8)))


def test_pages_of_dossiers_and_conflicts(desk_and_communes):
    desk, communes, tmp = desk_and_communes
    _fill(desk, communes, tmp)
    first = desk.read(lambda ctx: pages.dossier_page(ctx, "07210", size=10))
    assert (first.total, first.number, first.pages) == (23, 1, 3)
    assert [d.id for d in first.rows] == [f"a-{i:02d}" for i in range(1, 11)]
    assert first.rows[0].serial == "AA 000001" and first.rows[0].province_status == "accepted"
    assert first.rows[0].verified == "1/1" and first.rows[0].status == "entered"
    last = desk.read(lambda ctx: pages.dossier_page(ctx, "07210", offset=20, size=10))
    assert [d.id for d in last.rows] == ["a-21", "a-22", "a-23"] and last.number == 3
    # past the end (the list shrank while it was shown): its last page; a huge page: capped
    beyond = desk.read(lambda ctx: pages.dossier_page(ctx, "07210", offset=500, size=10))
    assert beyond.offset == 20 and len(beyond.rows) == 3
    assert desk.read(lambda ctx: pages.dossier_page(ctx, "07210", size=10 ** 9)).size == pages.MAX_PAGE
    assert desk.read(lambda ctx: pages.dossier_page(ctx, "07246")).rows == []  # a commune with nothing yet
    queue = desk.read(lambda ctx: pages.conflict_page(ctx, size=5))
    assert (queue.total, len(queue.rows)) == (7, 5)
    rest = desk.read(lambda ctx: pages.conflict_page(ctx, offset=5, size=5))
    assert len(rest.rows) == 2 and not {c.id for c in rest.rows} & {c.id for c in queue.rows}
    assert desk.read(lambda ctx: pages.conflict_page(ctx, commune_code="07210")).total == 0
    assert [d.province_status for d in desk.read(lambda ctx: pages.dossier_page(ctx, "07228")).rows] == ["duplicate"] * 7


def test_a_viewer_reads_pages(linked):
    desk, communes, tmp = linked
    _fill(desk, communes, tmp)
    desk.transact(lambda ctx: users.add_user(ctx, "view1", "viewer-pass-7", UserRole.VIEWER))
    viewer = ProvinceDesk.open_for_login(desk.root)
    viewer.login("view1", "viewer-pass-7", via="cli")
    try:
        assert viewer.read(lambda ctx: pages.dossier_page(ctx, "07210")).total == 23
        assert viewer.read(lambda ctx: pages.conflict_page(ctx)).total == 7
    finally:
        viewer.close()


def test_the_command_line_pages(linked, monkeypatch, capsys):
    desk, communes, tmp = linked
    _fill(desk, communes, tmp)
    desk.close()
    monkeypatch.setenv("LANDDESK_PASSWORD", helpers.PASSWORD)
    monkeypatch.setattr(pages, "PAGE_SIZE", 10)
    base = ["--workspace", str(desk.root), "--user", "admin", "province"]
    assert main([*base, "dossiers", "07210", "--page", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[:-1]] == ["a-21", "a-22", "a-23"]
    assert out[-1] == "Trang 3/3 — 23 hồ sơ."
    assert main([*base, "conflicts", "--page", "1"]) == 1  # open conflicts: exit 1, as without --page
    assert capsys.readouterr().out.splitlines()[-1] == "Trang 1/1 — 7 xung đột."
    for bad in ("0", "-1", "abc"):
        with pytest.raises(SystemExit) as exc:
            main([*base, "dossiers", "07210", "--page", bad])
        assert exc.value.code == 2
        assert "số trang không hợp lệ" in capsys.readouterr().err
