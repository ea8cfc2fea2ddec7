"""Issue 15, item 6: deleting the last audit entries, or all of them, is caught. The head is anchored
outside the table (a signed checkpoint beside the database, every backup, every package, the
province's receipts) and `audit verify` compares with every anchor it has."""

from __future__ import annotations

import json
import sqlite3

import pytest

from landdesk.cli.main import main
from landdesk.domain import i18n
from landdesk.services import audit, backup
from landdesk.services.packages import export
from landdesk.storage import audit as audit_store
from landdesk.workspace import Workspace
from tests.conftest import ADMIN_PASSWORD
from tests.sync import helpers

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose


def truncate(root, keep: int) -> None:
    """What the probe did: delete the trail's last entries straight in the database file."""
    con = sqlite3.connect(root / "landdesk.db")
    con.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
    con.commit()
    con.close()


def audited(ws, n: int = 6) -> None:
    """Audited writes (as creating a user or changing a setting leaves)."""
    ws.transact(lambda ctx: [audit_store.append(ctx.session, user="admin", action="update", entity="settings",
                                                entity_id=f"s{i}") for i in range(n)])


def verify_cli(capsys, root) -> tuple[int, dict]:
    code = main(["--workspace", str(root), "audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr()[0])


def test_tail_and_whole_truncation_detected_by_the_checkpoint(linked, capsys):
    _, communes, tmp = linked
    ws = communes["07210"]
    audited(ws)
    export.export_package(ws, tmp / "out")  # writes the checkpoint (and the package carries the head)
    head, _ = ws.read(lambda ctx: audit_store.head(ctx.session))
    assert head > 3 and (ws.root / audit.CHECKPOINT).is_file()
    root = ws.root
    ws.close()
    code, res = verify_cli(capsys, root)
    assert code == 0 and res["ok"] and len(res["anchors"]) == 2
    # Each command's login is itself an audit entry: the first verify's made the head head + 1 (and its
    # clean verify re-anchored there); after a truncation the next login takes the first deleted number.
    truncate(root, head - 3)
    code, res = verify_cli(capsys, root)
    assert code == 1 and not res["broken_at"]  # every remaining link still checks
    assert any(f"entries {head - 1}–{head + 1}" in p.lower() and "missing" in p for p in res["problems"]), res
    truncate(root, 0)
    code, res = verify_cli(capsys, root)
    assert code == 1 and res["entries"] == 1 and any(f"2–{head + 1}" in p for p in res["problems"]), res


def test_checkpoint_deleted_or_forged(linked, capsys):
    _, communes, tmp = linked
    ws = communes["07210"]
    audited(ws)
    export.export_package(ws, tmp / "out")
    head, _ = ws.read(lambda ctx: audit_store.head(ctx.session))
    root = ws.root
    ws.close()
    doc = json.loads((root / audit.CHECKPOINT).read_text())
    (root / audit.CHECKPOINT).write_text(json.dumps({**doc, "seq": head - 2}))  # moved back by hand
    truncate(root, head - 2)
    code, res = verify_cli(capsys, root)
    assert code == 1 and any("invalid or was altered" in p for p in res["problems"])
    # the package anchor still holds (the export's own entry, after the head it carries, shifts the numbers:
    # the verify's login takes the number of the entry the package recorded)
    assert any("package 1" in p and ("missing" in p or "differs" in p) for p in res["problems"]), res
    (root / audit.CHECKPOINT).unlink()
    code, res = verify_cli(capsys, root)
    assert code == 1 and any("was deleted" in p for p in res["problems"])


def test_the_province_receipt_is_an_anchor(linked, capsys):
    desk, communes, tmp = linked
    ws = communes["07210"]
    audited(ws)
    res = export.export_package(ws, tmp / "out")
    imp = helpers.import_(desk, res.paths, tmp / "rc")
    from landdesk.services.packages import verify

    body = verify.read_signed(imp.receipt, "receipt")["body"]
    head = body["audit_head"]["seq"]
    assert head == ws.read(lambda ctx: audit_store.head(ctx.session))[0] - 1  # (then the export's own entry)
    helpers.apply(ws, imp.receipt)
    root = ws.root
    ws.close()
    # everything local gone: the checkpoint, its flag, the kept package
    (root / audit.CHECKPOINT).unlink()
    for p in (root / "outbox").glob("*.ldpkg"):
        p.unlink()
    con = sqlite3.connect(root / "landdesk.db")
    con.execute("DELETE FROM settings WHERE key = ?", (audit.CHECKPOINT_WRITTEN,))
    con.commit()
    con.close()
    truncate(root, head - 1)
    code, res = verify_cli(capsys, root)
    assert code == 1 and res["anchors"] == ["the province's receipt (package 1)"]
    # (the command's own login entry took the deleted number: it differs from what the receipt recorded)
    assert any(f"entry {head} " in p.lower() and ("missing" in p or "differs" in p) for p in res["problems"]), res


def test_every_backup_carries_the_head(linked, tmp_path):
    _, communes, _ = linked
    ws = communes["07210"]
    audited(ws)
    result = ws.read(lambda ctx: backup.create_backup(ctx, tmp_path / "usb"))
    manifest = json.loads(result.manifest.read_text())
    assert audit.CHECKPOINT in [f["path"] for f in manifest["files"]]
    head, _ = ws.read(lambda ctx: audit_store.head(ctx.session))
    from landdesk.services.packages import keys

    backup.restore_backup(result.manifest, tmp_path / "new", password=ADMIN_PASSWORD,
                          key=keys.backup_key(ws.root / "keys"))
    truncate(tmp_path / "new", head - 1)
    with Workspace.open(tmp_path / "new") as new:
        check = new.read(audit.verify_audit)
    assert not check.ok and check.anchors == ["the checkpoint beside the database"]


def test_close_moves_the_checkpoint_forward_never_back(linked, capsys):
    _, communes, _ = linked
    ws = communes["07210"]
    audited(ws, 4)
    head, _ = ws.read(lambda ctx: audit_store.head(ctx.session))
    root = ws.root
    ws.close()  # audited writes since the last checkpoint: it is rewritten at close
    assert json.loads((root / audit.CHECKPOINT).read_text())["seq"] == head
    truncate(root, head - 2)
    with Workspace.open(root) as again:
        audited(again, 1)  # a new entry where the deleted ones were
    assert json.loads((root / audit.CHECKPOINT).read_text())["seq"] == head  # kept as the evidence
    code, res = verify_cli(capsys, root)
    assert code == 1 and any("missing" in p or "differs" in p for p in res["problems"])
