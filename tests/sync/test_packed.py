"""The SQLite province store keeps dossier JSON LZ4-packed; everything reads it back as the text
the commune sent, including rows stored as plain text before packing; PostgreSQL keeps text."""

from __future__ import annotations

import json

from sqlalchemy import text

from landdesk.services.packages import keys
from landdesk.services.province import conflicts, importer, roster
from landdesk.storage.province import packed
from tests.sync import helpers


def test_pack_round_trip_and_empty():
    body = '{"dossier":{"id":"x","village":"Tổ dân phố Đông Giang"}}'
    blob = packed.pack(body)
    assert isinstance(blob, bytes) and packed.unpack(blob) == body
    assert packed.pack(body.encode()) == blob
    assert packed.pack("") == "" and packed.unpack("") == "" and packed.unpack(None) is None
    assert packed.unpack("plain text stays") == "plain text stays"


def test_stored_packed_and_read_back(desk_and_communes):
    desk, communes, tmp = desk_and_communes
    line = helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1)
    helpers.send(tmp, communes["07210"], desk, "a1", line + helpers.dossier_line("a-2", "AA 000002", "001200000002", "12", 2))
    raw = desk.read(lambda ctx: ctx.session.execute(text("SELECT data FROM prov_dossiers WHERE id = 'a-1'")).scalar())
    if desk.engine.dialect.name == "sqlite":  # a BLOB, smaller than the line
        assert isinstance(raw, bytes) and len(raw) < len(line)
    else:  # PostgreSQL: the text, compressed by the server
        assert raw == line.decode().strip()
    assert desk.read(lambda ctx: conflicts.get_dossier(ctx, "a-1"))["dossier"] == json.loads(line)["dossier"]
    # a province edit keeps the commune's version as merge base, both readable
    desk.transact(lambda ctx: conflicts.edit_dossier(ctx, "a-1", {"notes": "sửa tại tỉnh"}))
    got = desk.read(lambda ctx: conflicts.get_dossier(ctx, "a-1"))
    assert got["dossier"]["notes"] == "sửa tại tỉnh" and got["edited"]


def test_plain_text_rows_from_before_packing_still_read(linked):
    """A SQLite store holding a row written as text (as before packing): read as it is."""
    _, communes, tmp = linked
    desk = helpers.make_desk(tmp / "plain-desk")
    ws = communes["07210"]
    desk.transact(lambda ctx: roster.add_key(ctx, "07210", ws.read(keys.public_key_b64)))
    line = helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1)
    helpers.send(tmp, ws, desk, "a1", line)
    desk.transact(lambda ctx: ctx.session.execute(text("UPDATE prov_dossiers SET data = :t WHERE id = 'a-1'"),
                                      {"t": line.decode().strip()}))
    assert desk.read(lambda ctx: ctx.session.execute(text("SELECT typeof(data) FROM prov_dossiers")).scalar()) == "text"
    assert desk.read(lambda ctx: conflicts.get_dossier(ctx, "a-1"))["dossier"]["serial"] == "AA 000001"
    desk.close()


def test_receipt_kept_packed_and_reissued_on_replay(desk_and_communes):
    desk, communes, tmp = desk_and_communes
    lines = b"".join(helpers.dossier_line(f"a-{i}", f"AA {i:06d}", f"0012{i:08d}", str(i), i) for i in range(1, 30))
    first, _ = helpers.send(tmp, communes["07210"], desk, "a1", lines)
    stored = desk.read(lambda ctx: ctx.session.execute(text("SELECT receipt FROM prov_packages")).scalar())
    if desk.engine.dialect.name == "sqlite":
        body = json.loads(packed.unpack(stored))
        assert len(stored) < len(json.dumps(body)) / 3 and len(body["results"]) == 29
    pkg = next((tmp / "a1").glob("*.ldpkg"))
    replay = importer.import_package(desk, [pkg])
    assert replay.status == "replayed" and replay.counts == first.counts and replay.counts["accepted"] == 29
