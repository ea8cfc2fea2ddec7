"""A primary and its workstations exchanging through a folder: merges, conflicts, numbers, deletions,
scans, the province's word, revocation."""

from __future__ import annotations

from pathlib import Path

import pytest

from landdesk.domain.errors import LandDeskError
from landdesk.services import dossiers
from landdesk.services.stations import conflicts, enrol
from landdesk.services.stations import station as station_service
from landdesk.storage.commune import station_replica as replica
from tests.media.pages import jpeg_page
from tests.stations.helpers import add_page, add_station, edit, make_primary, new_dossier, snapshot, sync


@pytest.fixture
def office(tmp_path):
    primary = make_primary(tmp_path / "primary")
    d = new_dossier(primary, serial="AB 100001")
    s1 = add_station(primary, tmp_path, "Bàn 1")
    s2 = add_station(primary, tmp_path, "Bàn 2")
    folder = tmp_path / "usb"
    yield primary, s1, s2, folder, d
    for w in (s1, s2, primary):
        w.close()


def round_trip(primary, stations, folder):
    for s in stations:
        sync(s, folder)
    sync(primary, folder)
    for s in stations:
        sync(s, folder)


def same(*replicas):
    snaps = [snapshot(w) for w in replicas]
    for other in snaps[1:]:
        assert other["dossiers"] == snaps[0]["dossiers"]
        assert other["pages"] == snaps[0]["pages"]
        assert other["audit"] == snaps[0]["audit"]
    return snaps[0]


def test_enrolment_gives_the_whole_commune_and_a_block(office):
    primary, s1, s2, folder, d = office
    st = s1.read(station_service.status)
    assert st["role"] == "station" and st["station_code"] == "MT01" and st["numbers_left"] == 10_000
    assert s1.read(lambda ctx: replica.dossier_num(ctx.session, d.id)) == d.num
    assert s2.read(station_service.status)["station_code"] == "MT02"
    blocks = [s1.read(station_service.status)["blocks"][0], s2.read(station_service.status)["blocks"][0]]
    assert blocks[0][1] < blocks[1][0] and d.num < blocks[0][0]
    # the primary's own next dossier is numbered after both blocks
    assert new_dossier(primary, serial="AB 100009").num > blocks[1][1]


def test_different_fields_merge_and_same_field_is_a_conflict(office):
    primary, s1, s2, folder, d = office
    round_trip(primary, [s1, s2], folder)  # the stations' keys pinned at the primary
    edit(s1, d.id, notes="ghi chú từ bàn 1", village="Thôn Tây")
    edit(s2, d.id, registry_no="CH 99999", village="Thôn Nam")
    round_trip(primary, [s1, s2], folder)
    round_trip(primary, [s1, s2], folder)
    snap = same(primary, s1, s2)
    merged = snap["dossiers"][d.id]
    assert merged["notes"] == "ghi chú từ bàn 1" and merged["registry_no"] == "CH 99999"
    queue = primary.read(conflicts.list_conflicts)
    assert [(c.kind, c.field) for c in queue] == [("edit", "village")]
    values = {"MT01": "Thôn Tây", "MT02": "Thôn Nam"}
    waiting = values.pop(queue[0].station)
    assert queue[0].station_value == waiting
    assert merged["village"] == next(iter(values.values()))  # the first merged stays until a person decides
    primary.transact(lambda ctx: conflicts.resolve(ctx, queue[0].id, "station"))
    round_trip(primary, [s1, s2], folder)
    assert same(primary, s1, s2)["dossiers"][d.id]["village"] == waiting


def test_a_waiting_value_stays_queued_when_its_station_edits_again(office):
    """Found by the 60-example convergence run: a station's value waiting in the queue was replaced by
    that station's next edit of the field, made on the primary's value it had received back — the first
    value left the queue without anyone deciding on it."""
    primary, s1, s2, folder, d = office
    round_trip(primary, [s1, s2], folder)
    edit(s2, d.id, issuer="Sở A")
    round_trip(primary, [s2], folder)  # the primary takes A (MT02's)
    edit(s1, d.id, issuer="Sở B")
    round_trip(primary, [s1], folder)  # B meets A: it waits; MT01 gets A back
    assert s1.read(lambda ctx: dossiers.get_dossier(ctx, d.id)).issuer == "Sở A"
    edit(s2, d.id, issuer="Sở D")
    round_trip(primary, [s2], folder)  # MT02 overwrites its own value: the primary holds D
    edit(s1, d.id, issuer="Sở C")  # made on A, the value MT01 holds
    round_trip(primary, [s1], folder)  # C meets D: it waits too, beside B
    waiting = sorted(c.station_value for c in primary.read(conflicts.list_conflicts) if c.field == "issuer")
    assert waiting == ["Sở B", "Sở C"]
    round_trip(primary, [s1, s2], folder)  # the same packages' values again: no new entries
    assert len([c for c in primary.read(conflicts.list_conflicts) if c.field == "issuer"]) == 2


def test_numbers_never_collide_and_audit_names_the_station(office):
    primary, s1, s2, folder, d = office
    a = new_dossier(s1, serial="AB 200001", sheet="1", parcel="1")
    b = new_dossier(s2, serial="AB 300001", sheet="2", parcel="2")
    c = new_dossier(primary, serial="AB 400001", sheet="3", parcel="3")
    assert len({a.num, b.num, c.num, d.num}) == 4
    round_trip(primary, [s1, s2], folder)
    round_trip(primary, [s1, s2], folder)
    snap = same(primary, s1, s2)
    assert {x["num"] for x in snap["dossiers"].values()} == {a.num, b.num, c.num, d.num}
    users = {e[1] for e in snap["audit"].values() if e[4] in (a.id, b.id)}
    assert users == {"admin@MT01", "admin@MT02"}


def test_deletions_and_pages_travel(office, tmp_path):
    primary, s1, s2, folder, d = office
    other = new_dossier(s1, serial="AB 500001", sheet="5", parcel="5")
    add_page(s1, other.id, jpeg_page(tmp_path / "p1.jpg", 1, dpi=60))
    round_trip(primary, [s1, s2], folder)
    round_trip(primary, [s1, s2], folder)
    snap = same(primary, s1, s2)
    assert len(snap["pages"][other.id]) == 1
    sha = snap["pages"][other.id][0]["sha256"]
    assert (Path(s2.root) / "media" / sha[:2] / sha[2:4] / f"{sha}.jpg").is_file()
    from landdesk.services import dossiers

    s2.transact(lambda ctx: dossiers.delete_dossier(ctx, d.id, "trùng"))
    round_trip(primary, [s1, s2], folder)
    round_trip(primary, [s1, s2], folder)
    assert d.id not in same(primary, s1, s2)["dossiers"]


def test_same_serial_from_two_stations_is_flagged(office):
    primary, s1, s2, folder, d = office
    a = new_dossier(s1, serial="XY 777777", sheet="7", parcel="1")
    b = new_dossier(s2, serial="XY 777777", sheet="8", parcel="1")
    round_trip(primary, [s1, s2], folder)
    kinds = [c.kind for c in primary.read(conflicts.list_conflicts)]
    assert "serial" in kinds
    # and the records list of every desk counts both as a duplicate at once (services.findings)
    from landdesk.services.findings import SERIAL_DUPLICATE
    from landdesk.storage.commune import findings

    for w in (primary, s1, s2):
        found = w.read(lambda ctx: findings.per_dossier(ctx.session, [a.id, b.id]))
        assert all(SERIAL_DUPLICATE in dict(found.get(did, [])) for did in (a.id, b.id)), found


def test_revoked_station_is_refused(office):
    primary, s1, s2, folder, d = office
    round_trip(primary, [s1], folder)
    primary.transact(lambda ctx: enrol.revoke(ctx, "MT01"))
    new_dossier(s1, serial="AB 600001", sheet="6", parcel="6")
    before = snapshot(primary)
    sync(s1, folder)
    got = sync(primary, folder)
    assert got.refused and "thu hồi" in got.refused[0]["error"]
    assert snapshot(primary)["dossiers"] == before["dossiers"]


def test_a_station_cannot_export_to_the_province(office):
    _, s1, _, _, _ = office
    from landdesk.services.packages import export

    with pytest.raises(LandDeskError, match="máy chính"):
        export.export_package(s1)
