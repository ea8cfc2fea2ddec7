"""The same province code on a real PostgreSQL server: schema, import, replay, conflicts, report, and
the desk's audit chain."""

from __future__ import annotations

from landdesk.services import audit
from landdesk.services.province import conflicts, report
from landdesk.storage.province import receipts as receipt_store
from landdesk.storage.province import schema as prov_schema
from tests.sync import helpers


def test_province_desk_on_postgresql(pg_server, linked_template, tmp_path):
    import shutil

    from landdesk.workspace import Workspace
    from landdesk.workspace.province import ProvinceDesk

    url = pg_server.new_database()
    site = tmp_path / "site"
    shutil.copytree(linked_template, site)
    desk = helpers.make_desk(tmp_path / "pgdesk", db_url=url, targets={"07210": 40})
    assert desk.read(lambda ctx: ctx.session.bind.dialect.name) == "postgresql"
    assert prov_schema.check_models_match(desk.engine) == []
    out, rc = tmp_path / "out", tmp_path / "rc"
    total = 0
    for code in ("07210", "07228"):
        ws = Workspace.open(site / code)
        helpers.link(desk, ws, tmp_path, replace=True)
        res = helpers.export_(ws, out)
        imp = helpers.import_(desk, res.paths, rc)
        assert imp.status == "imported"
        total += imp.counts["accepted"] + imp.counts["rejected"]
        assert helpers.import_(desk, res.paths, rc).status == "replayed"
        ws.close()
    assert helpers.snapshot(desk)["dossiers"] == total == 80
    rows = {r.code: r for r in desk.read(report.progress_report)}
    assert rows["07210"].band == "done" and rows["07228"].collected == 40
    d = desk.read(lambda ctx: receipt_store.packages(ctx.session)[0].commune_code)
    assert d == "07210"
    assert desk.read(conflicts.list_conflicts) == []
    check = desk.read(audit.verify_audit)  # the desk's own chain on the server: keys approved, imports
    assert check.ok and check.entries == 5, check
    desk.close()
    reopened = ProvinceDesk.open(tmp_path / "pgdesk")  # the URL is kept in the desk's marker
    assert helpers.snapshot(reopened)["dossiers"] == 80
    reopened.close()
