"""One count of problems (issue 13 §6): the status bar, the records list's "problems" filter and the review
view count the same dossiers, and duplicate serials and sheet/parcel pairs show in the records list's
problem column from the moment they are saved."""

from __future__ import annotations

import sqlite3

from landdesk.demo import commune as demo
from landdesk.services import checks, dossiers, search
from landdesk.services.findings import PARCEL_DUPLICATE, SERIAL_DUPLICATE
from landdesk.services.status import desk_status
from landdesk.storage.commune import browse, schema
from landdesk.storage.engine import make_engine
from tests.factories import couple_dossier


def _problems(ws) -> int:
    return ws.read(lambda ctx: browse.count(ctx.session, browse.Filters(problems=True)))


def _spanning(ws, *ids) -> list[set]:
    rows = {s.id: s for s in ws.read(lambda ctx: search.fetch_summaries(ctx, list(ids)))}
    return [{r for r, _ in rows[i].spanning} for i in ids]


def _save(ws, d):
    return ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier


def test_a_duplicate_serial_shows_on_both_at_once_and_goes_away(ws):
    a = _save(ws, couple_dossier(serial="CS 500001", parcel="1"))
    b = _save(ws, couple_dossier(serial="CS 500002", parcel="2"))
    assert _problems(ws) == 0
    b.serial = "cs500001"  # the same serial, typed otherwise
    b = _save(ws, b)
    assert _spanning(ws, a.id, b.id) == [{SERIAL_DUPLICATE}, {SERIAL_DUPLICATE}]
    assert _problems(ws) == 2 == ws.read(desk_status).with_problems
    b.serial = "CS 500003"
    b = _save(ws, b)
    assert _spanning(ws, a.id, b.id) == [set(), set()] and _problems(ws) == 0
    b.serial = "CS 500001"
    _save(ws, b)
    ws.transact(lambda ctx: dossiers.delete_dossier(ctx, b.id, "nhập trùng"))
    assert _spanning(ws, a.id) == [set()] and _problems(ws) == 0


def test_a_duplicate_sheet_and_parcel(ws):
    a = couple_dossier(serial="CS 600001", sheet="5", parcel="77")
    from landdesk.domain.model import Parcel

    a.parcels.append(Parcel(sheet_cert="5", parcel_cert="78", address="Thôn Đông", area=10.0))
    a = _save(ws, a)
    b = _save(ws, couple_dossier(serial="CS 600002", sheet="5", parcel="78"))  # a's second parcel
    assert _spanning(ws, a.id, b.id) == [{PARCEL_DUPLICATE}, {PARCEL_DUPLICATE}]
    other_series = couple_dossier(serial="CS 600003", sheet="5", parcel="77")
    other_series.parcels[0].map_series = "Bản đồ 2001"  # the same numbers in another map series: no duplicate
    c = _save(ws, other_series)
    assert _spanning(ws, c.id) == [set()]
    b.parcels[0].parcel_cert = "79"
    _save(ws, b)
    assert _spanning(ws, a.id, b.id) == [set(), set()]


def test_status_bar_filter_and_check_run_agree(ws):
    ws.transact(lambda ctx: demo.fill_demo(ctx, 150, 3))
    for i in range(3):  # some of every kind spanning dossiers: duplicates, one ID under two names
        d = couple_dossier(serial=f"CS 70000{i}", sheet="9", parcel="1" if i < 2 else str(i))
        if i == 2:
            d.serial = "CS 700000"
            d.holders[0].name = "NGUYỄN VĂN THANH"  # the same citizen ID as the others, another name
        _save(ws, d)
    run = ws.transact(lambda ctx: checks.check_workspace(ctx))
    in_review = len({f.dossier_id for f in run.findings})
    assert {f.rule for f in run.findings} >= {SERIAL_DUPLICATE, PARCEL_DUPLICATE, "clean.id_names"}
    assert in_review == _problems(ws) == ws.read(desk_status).with_problems
    ids = ws.read(lambda ctx: browse.ids(ctx.session, browse.Filters(problems=True)))
    assert set(ids) == {f.dossier_id for f in run.findings}
    # clean dossiers: the other half of the filter
    assert ws.read(lambda ctx: browse.count(ctx.session, browse.Filters(problems=False))) == 150 + 3 - in_review


def test_upgrading_an_older_workspace_shows_its_duplicates(ws, ws_path):
    a = _save(ws, couple_dossier(serial="CS 800001", parcel="1"))
    b = _save(ws, couple_dossier(serial="CS 800001", parcel="2"))
    ws.close()
    con = sqlite3.connect(ws_path / "landdesk.db")  # as the schema was before dossier_findings
    later = ["dossier_findings"] + [r[0] for r in con.execute(  # and the station tables of 0009_stations
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'station%'")]
    for table in later:
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP INDEX ix_dossiers_village_sort_num")  # (and before the sort keys of 0010_sort_keys)
    con.execute("ALTER TABLE dossiers DROP COLUMN village_sort")
    con.execute("UPDATE alembic_version SET version_num = '0007_login_throttle'")
    con.commit()
    con.close()
    engine = make_engine(ws_path / "landdesk.db")
    schema.upgrade(engine)
    engine.dispose()
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w:
        assert _spanning(w, a.id, b.id) == [{SERIAL_DUPLICATE}, {SERIAL_DUPLICATE}]
