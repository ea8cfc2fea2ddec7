"""Hostile or wrong input to a station exchange: refused with one line, nothing written — a package from
an unknown or revoked station, a replay, a station signing for another commune or as another station,
flipped bytes, files that are not packages, an answer for another station."""

from __future__ import annotations

import shutil

import pytest

from landdesk.domain.errors import LandDeskError
from landdesk.services.stations import enrol, primary, station
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import stations as store
from tests.stations.helpers import add_station, make_primary, new_dossier, snapshot


@pytest.fixture(scope="module")
def office_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    p = make_primary(root / "primary")
    s1 = add_station(p, root, "Bàn 1")
    s2 = add_station(p, root, "Bàn 2")
    for s in (s1, s2):
        primary.import_files(p, station.send(s).paths)  # keys pinned
    other = make_primary(root / "other")
    (root / "x").mkdir()
    stranger = add_station(other, root / "x", "Lạ")
    for w in (p, s1, s2, other, stranger):
        w.close()
    return root


@pytest.fixture
def office(office_dir, tmp_path):
    from landdesk.workspace import Workspace

    for name in ("primary", "station-MT01", "station-MT02"):
        shutil.copytree(office_dir / name, tmp_path / name)
    shutil.copytree(office_dir / "x" / "station-MT01", tmp_path / "stranger")
    ws = [Workspace.open(tmp_path / n) for n in ("primary", "station-MT01", "station-MT02", "stranger")]
    yield ws
    for w in ws:
        w.close()


def _state(p):
    return snapshot(p), p.read(lambda ctx: len(store.packages(ctx.session, store.station_by_code(ctx.session, "MT01").id, "in")))


def _refused(p, files, match: str) -> None:
    before = _state(p)
    with pytest.raises(LandDeskError, match=match) as err:
        primary.import_files(p, files)
    assert "\n" not in err.value.message()
    assert _state(p) == before


def test_unknown_station_is_refused(office):
    p, s1, s2, stranger = office
    new_dossier(stranger, serial="ZZ 000001")
    _refused(p, station.send(stranger).paths, "không có trong danh sách")


def test_revoked_station_is_refused(office):
    p, s1, s2, _ = office
    new_dossier(s1, serial="ZZ 000002")
    pkg = station.send(s1).paths
    p.transact(lambda ctx: enrol.revoke(ctx, "MT01"))
    _refused(p, pkg, "thu hồi")


def test_replay_changes_nothing(office):
    p, s1, s2, _ = office
    new_dossier(s1, serial="ZZ 000003")
    pkg = station.send(s1).paths
    copy = pkg[0].with_name("copy.ldpkg")
    shutil.copy(pkg[0], copy)
    assert primary.import_files(p, pkg).status == "imported"
    before = _state(p)
    assert primary.import_files(p, [copy]).status == "replayed"
    assert _state(p) == before


def test_station_signing_for_another_commune_is_refused(office):
    p, s1, s2, _ = office
    s1.transact(lambda ctx: settings_store.put(ctx.session, "commune_code", "07228"))
    new_dossier(s1, serial="ZZ 000004")
    _refused(p, station.send(s1).paths, "không phải xã 07210")


def test_station_posing_as_another_is_refused(office):
    p, s1, s2, _ = office
    sid1 = s1.read(lambda ctx: store.role(ctx.session)[1])

    def pose(ctx):
        settings_store.put(ctx.session, "station_id", sid1)
        settings_store.put(ctx.session, "station_code", "MT01")

    new_dossier(s2, serial="ZZ 000005")
    s2.transact(pose)
    _refused(p, station.send(s2).paths, "khóa đã ghim")


def test_flipped_byte_and_not_a_package(office, tmp_path):
    p, s1, _, _ = office
    new_dossier(s1, serial="ZZ 000006")
    pkg = station.send(s1).paths[0]
    data = bytearray(pkg.read_bytes())
    data[len(data) // 2] ^= 0x40
    bad = tmp_path / "07210-MT01-000009-station-changes.ldpkg"
    bad.write_bytes(bytes(data))
    _refused(p, [bad], "hỏng|sửa")
    junk = tmp_path / "junk.ldpkg"
    junk.write_bytes(b"not a zip at all" * 100)
    _refused(p, [junk], "hỏng|sửa")


def test_answer_for_another_station_is_refused(office):
    p, s1, s2, _ = office
    sid1 = s1.read(lambda ctx: store.role(ctx.session)[1])
    answer = primary.answer(p, sid1, force=True)
    before = snapshot(s2)
    with pytest.raises(LandDeskError, match="không phải máy này"):
        station.apply_answer(s2, answer)
    assert snapshot(s2) == before
