"""Migrations: models == migrations, and a workspace from the first release upgrades cleanly."""

from __future__ import annotations

import sqlite3

from landdesk.storage.commune import schema
from landdesk.storage.engine import make_engine


def test_models_match_migrations(tmp_path):
    engine = make_engine(tmp_path / "x.db")
    schema.upgrade(engine)
    assert schema.check_models_match(engine) == []
    assert schema.current_revision(engine) == schema.head_revision()


def test_first_release_schema_upgrades_with_data(tmp_path):
    db = tmp_path / "old.db"
    engine = make_engine(db)
    schema.upgrade(engine, "0001")
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO dossiers(id, num, commune_code, village, serial, serial_norm, registry_no, registry_norm,"
        " issuer, custody, custody_note, status, notes, current_name, current_cccd, current_address,"
        " province_status, province_note, revision, change_no, holders_display, holders_sort, parcels_display,"
        " errors, warnings, created_at, created_by, updated_at, updated_by)"
        " VALUES ('d1', 1, '07210', 'Thôn Đông', 'AB 123456', 'AB 123456', '', '', '', 'collected', '',"
        " 'collected', '', '', '', '', '', '', 1, 1, 'NGUYỄN VĂN A', 'nguyen van a', '', 0, 0,"
        " '2025-01-01', 'admin', '2025-01-01', 'admin')")
    con.commit()
    con.close()
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision()
    con = sqlite3.connect(db)
    assert con.execute("SELECT serial FROM dossiers WHERE id='d1'").fetchone() == ("AB 123456",)
    from landdesk.domain.collation import sort_key  # 0008: the sort keys recomputed for existing dossiers

    assert con.execute("SELECT village_sort, holders_sort FROM dossiers WHERE id='d1'").fetchone() == (
        sort_key("Thôn Đông"), sort_key("NGUYỄN VĂN A"))
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_connection_pragmas(tmp_path):
    engine = make_engine(tmp_path / "p.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_head_known_without_alembic_matches_alembic():
    # Workspace.open compares against storage/version.py; it must agree with Alembic's own chain.
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    assert schema.head_revision() == schema.alembic_head_revision() == script.get_current_head()
    assert schema.known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_current_revision_read_directly(tmp_path):
    engine = make_engine(tmp_path / "v.db")
    assert schema.current_revision(engine) is None  # never migrated
    schema.upgrade(engine, "0001")
    assert schema.current_revision(engine) == "0001"
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision()


def test_open_does_not_import_alembic_when_at_head(ws_path):
    # Start-up speed: a workspace already at head opens without loading Alembic (or cryptography).
    import subprocess
    import sys

    code = ("import sys; from landdesk.workspace import Workspace; Workspace.open(sys.argv[1]).close();"
            "print(sorted(m for m in ('alembic', 'cryptography') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(ws_path)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_open_upgrades_an_older_workspace(ws_path):
    from alembic import command

    from landdesk.workspace import Workspace

    engine = make_engine(ws_path / "landdesk.db")
    with engine.begin() as conn:
        command.downgrade(schema.alembic_config(conn), "0003")  # as a workspace made before sync shipped
    assert schema.current_revision(engine) == "0003"
    engine.dispose()
    with Workspace.open(ws_path) as w:
        assert schema.current_revision(w.engine) == schema.head_revision()
        assert w.info.commune_code == "07210"
