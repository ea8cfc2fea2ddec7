"""The province's duplicate-detection keys follow their dossier: replaced when a newer version
arrives, removed with it, and carried over by the schema upgrade that made dossiers list them
(p0003), on both engines."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import text

from landdesk.storage.province import conflicts as conflict_store
from landdesk.storage.province import dossiers as dossier_store
from landdesk.storage.province import keys as key_store
from landdesk.storage.province import models as prov_models
from landdesk.storage.province import receipts as receipt_store
from landdesk.storage.province import schema as prov_schema
from landdesk.storage.province.bulk import pg_array
from tests.sync import helpers


def _keys(desk) -> dict[str, set]:
    def run(ctx):
        s = ctx.session
        out: dict[str, set] = {}
        for key, dossier_id, commune in key_store.stored_keys(s):  # each hash read back through its dossier
            out.setdefault(dossier_id, set()).add((*key.split(":", 1), commune))
        return out

    return desk.read(run)


def _key_rows(desk) -> dict[str, set]:
    """Each dossier's key_rows column, parsed: {(kind, value)}."""
    def run(ctx):
        s = ctx.session
        return {d.id: {tuple(k.split(":", 1)) for k in json.loads(f"[{d.key_rows}]")} for d in s.query(prov_models.ProvDossier)}

    return desk.read(run)


def test_a_new_version_replaces_the_dossiers_keys(desk_and_communes):
    desk, communes, tmp = desk_and_communes
    a, b = communes["07210"], communes["07228"]
    _, h1 = helpers.send(tmp, a, desk, "a1", helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1)
                  + helpers.dossier_line("a-2", "AA 000002", "001200000002", "12", 2))
    assert _keys(desk)["a-1"] == {("serial", "AA 000001", "07210"), ("cccd", "001200000001", "07210"),
                                  ("parcel", "2015|4|11", "07210")}
    # round 2: a-1 changes its serial, citizen ID and parcel; a-2 is unchanged
    helpers.send(tmp, a, desk, "a2", helpers.dossier_line("a-1", "AA 000009", "001200000009", "19", 3), seq=2, prev=h1)
    stored = _keys(desk)
    assert stored["a-1"] == {("serial", "AA 000009", "07210"), ("cccd", "001200000009", "07210"),
                             ("parcel", "2015|4|19", "07210")}
    assert stored["a-2"] == {("serial", "AA 000002", "07210"), ("cccd", "001200000002", "07210"),
                             ("parcel", "2015|4|12", "07210")}
    assert _key_rows(desk)["a-1"] == {k[:2] for k in stored["a-1"]}
    # another commune sending a-1's OLD keys is no duplicate any more; its NEW keys are
    second, _ = helpers.send(tmp, b, desk, "b1", helpers.dossier_line("b-1", "AA 000001", "001200000001", "11", 1)
                      + helpers.dossier_line("b-2", "AA 000009", "001200000009", "19", 2))
    assert second.counts["accepted"] == 1 and second.counts["duplicate"] == 1
    queue = desk.read(lambda ctx: conflict_store.conflicts(ctx.session))
    assert {(c.dossier_id, c.other_dossier_id) for c in queue} == {("b-2", "a-1")} and len(queue) == 3


def test_a_deleted_dossier_takes_its_keys_along(desk_and_communes):
    desk, communes, tmp = desk_and_communes
    helpers.send(tmp, communes["07210"], desk, "a1", helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1)
          + helpers.dossier_line("a-2", "AA 000002", "001200000002", "12", 2))
    removed = desk.transact(lambda ctx: dossier_store.delete_dossiers(ctx.session, "07210", [{"entity_id": "a-1", "change_no": 5}]))
    assert removed == 1
    assert set(_keys(desk)) == {"a-2"}


def test_the_upgrade_fills_key_rows_from_the_keys_table(desk_and_communes):
    """A store made before p0003 (downgraded here, which drops key_rows): the upgrade lists each
    dossier's keys as they are, and a later version still replaces them."""
    desk, communes, tmp = desk_and_communes
    a = communes["07210"]
    _, h1 = helpers.send(tmp, a, desk, "a1", b"".join(helpers.dossier_line(f"a-{i}", f"AA {i:06d}", f"0012{i:08d}", str(i), i)
                                               for i in range(1, 41)))
    before = _keys(desk)
    with desk.engine.begin() as conn:
        command.downgrade(prov_schema._config(conn), "p0002")
        # the columns p0003 dropped come back filled from the keys
        old = conn.execute(text("SELECT serial_norm, cccd_list FROM prov_dossiers WHERE id = 'a-7'")).one()
        assert tuple(old) == ("AA 000007", "001200000007")
    prov_schema.upgrade(desk.engine)
    assert prov_schema.current_revision(desk.engine) == prov_schema.head_revision()
    assert _key_rows(desk) == {d: {k[:2] for k in rows} for d, rows in before.items()}
    assert _keys(desk) == before  # the hashed key index (p0007) rebuilt from them
    assert sorted(desk.read(lambda ctx: key_store.stored_ids(ctx.session))) == sorted((d, "07210") for d in before)
    helpers.send(tmp, a, desk, "a2", helpers.dossier_line("a-7", "AA 999999", "001299999999", "999", 50), seq=2, prev=h1)
    assert _keys(desk)["a-7"] == {("serial", "AA 999999", "07210"), ("cccd", "001299999999", "07210"),
                                  ("parcel", "2015|4|999", "07210")}


def test_the_upgrade_to_a_current_run_keeps_every_key_where_lookups_find_it(desk_and_communes):
    """A store of p0010 (downgraded here) kept the keys added since the last seal in prov_keys_recent;
    p0011 moves them to the run their dossiers name, and imports go on adding to it: no key is lost,
    duplicates are found in the sealed run and in the moved one, and the next seal starts a new run."""
    desk, communes, tmp = desk_and_communes
    a, b = communes["07210"], communes["07228"]
    _, h1 = helpers.send(tmp, a, desk, "a1", b"".join(helpers.dossier_line(f"a-{i}", f"AA {i:06d}", f"0012{i:08d}", str(i), i)
                                               for i in range(1, 11)))
    desk.transact(lambda ctx: key_store.seal_recent(ctx.session, at_least=0))  # run 1: a-1 … a-10
    helpers.send(tmp, a, desk, "a2", helpers.dossier_line("a-11", "AA 000011", "001200000011", "11", 11), seq=2, prev=h1)
    before = _keys(desk)
    with desk.engine.begin() as conn:
        command.downgrade(prov_schema._config(conn), "p0010_key_runs")
        assert conn.execute(text("SELECT count(*) FROM prov_keys_recent")).scalar_one() == 4  # a-11's
    prov_schema.upgrade(desk.engine)
    assert _keys(desk) == before and _tiers(desk) == (40, 4)  # a-11's keys in run 2, the current one
    second, _ = helpers.send(tmp, b, desk, "b1", helpers.dossier_line("b-1", "AA 000003", "001299000001", "91", 1)
                             + helpers.dossier_line("b-2", "BB 000002", "001200000011", "92", 2))
    assert second.counts["duplicate"] == 2  # a-3's serial (run 1), a-11's citizen id (run 2)
    assert desk.read(lambda ctx: key_store.key_tiers(ctx.session).current) == 2 and _tiers(desk) == (40, 12)
    desk.transact(lambda ctx: key_store.seal_recent(ctx.session, at_least=0))
    assert desk.read(lambda ctx: key_store.key_tiers(ctx.session).current) == 3 and _tiers(desk) == (52, 0)


def test_a_hash_collision_is_not_a_duplicate(desk_and_communes, monkeypatch):
    """Keys are matched by their 64-bit hash, then confirmed on the other dossier's own keys: with a
    hash that collides for every key of the same length, only the truly shared serial is a duplicate."""
    from landdesk.services.province import records

    weak = len  # "serial:AA 000001" and "serial:AA 000002" collide, as do any two citizen ids
    monkeypatch.setattr(key_store, "key_hash", weak)
    monkeypatch.setattr(records, "key_hash", weak)
    desk, communes, tmp = desk_and_communes
    helpers.send(tmp, communes["07210"], desk, "a1", helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1))
    second, _ = helpers.send(tmp, communes["07228"], desk, "b1",
                             helpers.dossier_line("b-1", "AA 000002", "001200000002", "12", 1)
                             + helpers.dossier_line("b-2", "AA 000001", "001200000003", "13", 2))
    assert second.counts["accepted"] == 1 and second.counts["duplicate"] == 1
    queue = desk.read(lambda ctx: conflict_store.conflicts(ctx.session))
    assert [(c.dossier_id, c.kind, c.other_dossier_id) for c in queue] == [("b-2", "serial", "a-1")]
    assert _keys(desk)["b-1"] == {("serial", "AA 000002", "07228"), ("cccd", "001200000002", "07228"),
                                  ("parcel", "2015|4|12", "07228")}


def _current(s) -> int:
    """The current run, as the current run's filter names it (without one: the last run, key_tiers)."""
    return s.execute(text(f"SELECT coalesce((SELECT run FROM prov_key_filter WHERE id = {key_store.RECENT_FILTER}), "
                          "(SELECT max(run) FROM prov_key_runs), 1)")).scalar_one()


def _tiers(desk) -> tuple[int, int]:
    """(keys sealed, keys in the current run)."""
    def run(ctx):
        s = ctx.session
        current = _current(s)
        runs = dict(s.execute(text("SELECT run = :c, count(*) FROM prov_key_runs GROUP BY run = :c"), {"c": current}).all())
        return s.execute(text("SELECT count(*) FROM prov_keys")).scalar_one() + runs.get(0, 0), runs.get(1, 0)

    return desk.read(run)


def test_an_id_another_commune_has_is_refused_from_either_tier(desk_and_communes, monkeypatch):
    """Dossier ids are unique per commune in the table and across communes through the key index: a
    package carrying another commune's dossier id gets that record rejected (sync.id_taken), whether the
    id's hash is still in the recent tier or sealed in a run, and the other dossier is untouched."""
    from landdesk.services.province import conflicts as prov_conflicts

    desk, communes, tmp = desk_and_communes
    a, b = communes["07210"], communes["07228"]
    helpers.send(tmp, a, desk, "a1", helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1))
    assert _tiers(desk) == (0, 4)  # its id and three keys, in the recent tier
    taken, h1 = helpers.send(tmp, b, desk, "b1", helpers.dossier_line("a-1", "BB 000001", "001200000091", "91", 7)
                             + helpers.dossier_line("b-2", "BB 000002", "001200000092", "92", 8))
    assert taken.counts["rejected"] == 1 and taken.counts["accepted"] == 1
    desk.transact(lambda ctx: key_store.seal_recent(ctx.session, at_least=0))
    assert _tiers(desk) == (8, 0)
    again, _ = helpers.send(tmp, b, desk, "b2", helpers.dossier_line("a-1", "BB 000003", "001200000093", "93", 9),
                            seq=2, prev=h1)
    assert again.counts["rejected"] == 1
    for result in (taken, again):
        body = json.loads(desk.read(lambda ctx, r=result: receipt_store.package(ctx.session, r.package_id)).receipt)
        assert [x["reasons"][0]["rule"] for x in body["results"] if x["id"] == "a-1"] == ["sync.id_taken"]
    kept = desk.read(lambda ctx: prov_conflicts.get_dossier(ctx, "a-1"))  # found by its id alone
    assert kept["commune_code"] == "07210" and kept["dossier"]["serial"] == "AA 000001"
    assert sorted(desk.read(lambda ctx: key_store.stored_ids(ctx.session))) == [("a-1", "07210"), ("b-2", "07228")]


def test_the_recent_tier_is_sealed_when_full_and_read_with_the_sealed_runs(desk_and_communes, monkeypatch):
    """An import adds its keys to the recent tier; the import that fills it (RECENT_MAX keys) moves them
    all into a sealed run. Duplicates are found in either, and a replaced dossier's keys leave
    whichever tier holds them."""
    desk, communes, tmp = desk_and_communes
    a, b = communes["07210"], communes["07228"]
    monkeypatch.setattr(key_store, "RECENT_MAX", 10)
    _, h1 = helpers.send(tmp, a, desk, "a1", helpers.dossier_line("a-1", "AA 000001", "001200000001", "11", 1)
                         + helpers.dossier_line("a-2", "AA 000002", "001200000002", "12", 2))
    assert _tiers(desk) == (0, 8)  # under ten: kept recent
    _, h2 = helpers.send(tmp, a, desk, "a2", helpers.dossier_line("a-3", "AA 000003", "001200000003", "13", 3),
                         seq=2, prev=h1)
    assert _tiers(desk) == (12, 0)  # twelve: sealed by the import that reached ten
    _, h3 = helpers.send(tmp, a, desk, "a3", helpers.dossier_line("a-4", "AA 000004", "001200000004", "14", 4),
                         seq=3, prev=h2)
    assert _tiers(desk) == (12, 4)
    # b's dossiers share a serial with a-1 (sealed, run 1) and a citizen id with a-4 (recent tier)
    second, _ = helpers.send(tmp, b, desk, "b1", helpers.dossier_line("b-1", "AA 000001", "001200000081", "81", 1)
                             + helpers.dossier_line("b-2", "BB 000002", "001200000004", "82", 2))
    assert second.counts["duplicate"] == 2
    queue = desk.read(lambda ctx: conflict_store.conflicts(ctx.session))
    assert sorted((c.dossier_id, c.kind, c.other_dossier_id) for c in queue) == [("b-1", "serial", "a-1"),
                                                                                ("b-2", "cccd", "a-4")]
    assert _tiers(desk) == (24, 0)  # b's eight keys filled it again
    # a new version of a-1: its old keys leave run 1, its new ones go to the recent tier
    monkeypatch.setattr(key_store, "RECENT_MAX", 100)
    helpers.send(tmp, a, desk, "a4", helpers.dossier_line("a-1", "AA 000091", "001200000091", "91", 9),
                 seq=4, prev=h3)
    assert _tiers(desk) == (20, 4)
    stored = _keys(desk)
    assert stored["a-1"] == {("serial", "AA 000091", "07210"), ("cccd", "001200000091", "07210"),
                             ("parcel", "2015|4|91", "07210")}
    assert "?" not in {k for keys in stored.values() for k, *_ in keys}
    assert len(desk.read(lambda ctx: key_store.stored_ids(ctx.session))) == 6


def test_sealed_keys_are_probed_only_for_what_their_filter_may_hold(desk_and_communes, monkeypatch):
    """Every seal keeps the sealed keys' Bloom filter (no sealed key is ever missing from it) and appends
    a run; a store without a filter (just upgraded) makes it at its next import; a crowded one is made
    again bigger; and an import probes the sealed runs only with the keys the filter may hold, one probe
    per run, the duplicates among them."""
    from landdesk.storage.province import keyfilter

    desk, communes, tmp = desk_and_communes
    a, b = communes["07210"], communes["07228"]

    def sealed_all_held() -> bool:
        def run(ctx):
            kept = key_store.key_tiers(ctx.session).sealed
            hashes = [*ctx.session.execute(text("SELECT h FROM prov_keys")).scalars(),
                      *ctx.session.execute(text("SELECT h FROM prov_key_runs WHERE run < :c"),
                                           {"c": _current(ctx.session)}).scalars()]
            return bool(hashes) and all(map(kept.may_hold, hashes))

        return desk.read(run)

    monkeypatch.setattr(keyfilter, "MIN_BITS", 64)  # tiny: crowded after a few keys, so it grows
    h = None
    for r in range(3):  # three runs of ten dossiers (40 keys each)
        sent = b"".join(helpers.dossier_line(f"a-{i}", f"AA {i:06d}", f"0012{i:08d}", str(i), i)
                        for i in range(10 * r + 1, 10 * r + 11))
        _, h = helpers.send(tmp, a, desk, f"a{r + 1}", sent, seq=r + 1, prev=h or "")
        desk.transact(lambda ctx: key_store.seal_recent(ctx.session, at_least=0))
    assert desk.read(lambda ctx: key_store.key_tiers(ctx.session).current) == 4
    assert _tiers(desk) == (120, 0) and sealed_all_held()
    size = desk.read(lambda ctx: key_store.key_tiers(ctx.session).sealed.mask + 1)
    assert size >= 120 * keyfilter.MIN_BITS_PER_KEY  # 120 keys: made again bigger as they came

    desk.transact(lambda ctx: ctx.session.execute(text("DELETE FROM prov_key_filter WHERE id = 1")))  # as after p0009
    probed: list[tuple[str, int, set]] = []
    real_probe = key_store._probe

    def probe(s, table, commune_code, dossiers, runs):
        probed.append((table, runs, {h for d in dossiers for h in d[1:]}))
        return real_probe(s, table, commune_code, dossiers, runs)

    monkeypatch.setattr(key_store, "_probe", probe)
    second, _ = helpers.send(tmp, b, desk, "b1", helpers.dossier_line("b-1", "AA 000017", "001299000001", "91", 1)
                             + helpers.dossier_line("b-2", "BB 000002", "001200000027", "92", 2))
    assert second.counts["duplicate"] == 2  # a-17's serial (run 2) and a-27's citizen id (run 3)
    recent = set().union(*(hs for table, runs, hs in probed if list(runs) == [4]))
    runs = set().union(*(hs for table, n, hs in probed if list(n) == [1, 2, 3]))
    sent = {key_store.id_hash("b-1"), key_store.id_hash("b-2")} | {key_store.key_hash(k) for k in (
        "serial:AA 000017", "cccd:001299000001", "parcel:2015|4|91", "serial:BB 000002", "cccd:001200000027",
        "parcel:2015|4|92")}
    assert {key_store.key_hash("serial:AA 000017"), key_store.key_hash("cccd:001200000027")} <= runs < sent
    assert not recent  # the recent tier is empty since the seal: its filter holds nothing
    assert desk.read(lambda ctx: ctx.session.execute(text("SELECT count(*) FROM prov_key_filter")).scalar_one()) == 2
    assert sealed_all_held()
    # a dossier replaced: its keys leave the run that holds them (key_run), none left behind
    helpers.send(tmp, a, desk, "a4", helpers.dossier_line("a-15", "AA 999999", "001299999999", "999", 99),
                 seq=4, prev=h)
    assert _tiers(desk) == (116, 8 + 4)
    assert _keys(desk)["a-15"] == {("serial", "AA 999999", "07210"), ("cccd", "001299999999", "07210"),
                                   ("parcel", "2015|4|999", "07210")}
    assert desk.read(lambda ctx: key_store.dossier_number(ctx.session, "a-27")) is not None  # found in run 3


def test_the_recent_tier_is_probed_only_for_what_its_filter_may_hold(desk_and_communes, monkeypatch):
    """Every import adds its keys to the recent tier's filter as well (no key there is ever missing from
    it); a store without that filter (just upgraded) makes it at its next import; a seal empties it; and
    an import probes the recent tier only with the keys that filter may hold, the duplicates among them."""
    desk, communes, tmp = desk_and_communes
    a, b = communes["07210"], communes["07228"]

    def recent_filter():
        def run(ctx):
            kept = key_store.key_tiers(ctx.session).recent
            hashes = list(ctx.session.execute(text("SELECT h FROM prov_key_runs WHERE run = :c"),
                                              {"c": _current(ctx.session)}).scalars())
            return kept.keys, all(map(kept.may_hold, hashes)), len(hashes)

        return desk.read(run)

    sent = b"".join(helpers.dossier_line(f"a-{i}", f"AA {i:06d}", f"0012{i:08d}", str(i), i) for i in range(1, 11))
    helpers.send(tmp, a, desk, "a1", sent)
    assert recent_filter() == (40, True, 40)

    desk.transact(lambda ctx: ctx.session.execute(text("DELETE FROM prov_key_filter WHERE id = 2")))  # as after the upgrade
    probed: list[tuple[str, set]] = []
    real_probe = key_store._probe

    def probe(s, table, commune_code, dossiers, runs):
        probed.append((list(runs), {h for d in dossiers for h in d[1:]}))
        return real_probe(s, table, commune_code, dossiers, runs)

    monkeypatch.setattr(key_store, "_probe", probe)
    second, _ = helpers.send(tmp, b, desk, "b1", helpers.dossier_line("b-1", "AA 000007", "001299000001", "91", 1)
                             + helpers.dossier_line("b-2", "BB 000002", "001299000002", "92", 2))
    assert second.counts["duplicate"] == 1  # a-7's serial, in the recent tier
    recent = set().union(*(hs for runs, hs in probed if runs == [1]))  # the current run: the first
    assert key_store.key_hash("serial:AA 000007") in recent and len(recent) < 8
    assert recent_filter() == (48, True, 48)  # made from the tier (40), then this import's 8 added

    desk.transact(lambda ctx: key_store.seal_recent(ctx.session, at_least=0))
    assert recent_filter() == (0, True, 0)
    assert _tiers(desk) == (48, 0)


def test_a_probe_of_the_sealed_runs_seeks_each_key_in_each_run(desk_and_communes):
    """The statement that probes the sealed runs seeks every key in every run by primary key: a planner
    that read whole runs instead (as PostgreSQL's did, flattening the per-key subquery into one scan of
    all of them, 2.7 s a batch at 1.2 million dossiers) would make every import read every sealed key."""
    desk, _, _ = desk_and_communes
    rows = [{"run": r, "h": h, "n": h} for r in range(1, 4) for h in range(20_000)]  # three runs, as seals leave them
    desk.transact(lambda ctx: ctx.session.execute(text("INSERT INTO prov_key_runs (run, h, n) VALUES (:run, :h, :n)"),
                                                  rows))

    def plan(ctx):
        s = ctx.session
        statement = key_store.probe_statement(s, "prov_key_runs", range(1, 4))
        if s.get_bind().dialect.name == "sqlite":
            rows = s.execute(text("EXPLAIN QUERY PLAN " + statement.text), {"keys": '[["x", 1, 2]]', "commune": "07210"})
            return " | ".join(r[-1] for r in rows)
        # (no ANALYZE: right after a seal the planner has no statistics of the new run; it flattened the
        # per-key subquery then)
        explain = text("EXPLAIN " + statement.text)
        return " | ".join(s.execute(explain, {"hs": pg_array(list(range(1000))), "dids": pg_array(["x"] * 1000), "commune": "07210"}).scalars())

    shown = desk.read(plan)
    if "SEARCH" in shown:  # SQLite
        assert "SEARCH k USING PRIMARY KEY (run=? AND h=?)" in shown, shown
    else:
        seeks = [line for line in shown.split(" | ") if "Index Cond" in line and "run = ANY" in line]
        assert seeks and all("h = j.h" in line for line in seeks), shown  # by run AND hash, never a run whole
        assert "Seq Scan on prov_key_runs" not in shown, shown
