"""Convergence (issue 17): a primary and three stations, random work over 30 rounds of exchanges in a
random order, with lost, repeated and out-of-order packages; after a final full exchange every replica
holds exactly the same dossiers, pages and audit entries, and no value anyone wrote vanished silently —
it is the final value, or someone replaced it after seeing it, or it waits in the primary's queue.

Seeded and reproducible (hypothesis, derandomized). `make test` runs a few examples; set
LANDDESK_CONVERGENCE_EXAMPLES for a longer run (docs/stations.md reports one)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from landdesk.services import dossiers
from landdesk.services.stations import conflicts, primary, station
from landdesk.storage.commune import stations as store
from landdesk.workspace import Workspace
from tests.media.pages import jpeg_page
from tests.stations.helpers import add_page, add_station, make_primary, new_dossier, snapshot

EXAMPLES = int(os.environ.get("LANDDESK_CONVERGENCE_EXAMPLES", "2"))
ROUNDS = 30
FIELDS = ("notes", "village", "registry_no", "issuer", "custody_note")


@pytest.fixture(scope="module")
def office_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("office")
    p = make_primary(root / "primary")
    new_dossier(p, serial="AA 000001", sheet="1", parcel="1")
    stations = [add_station(p, root, f"Bàn {i}") for i in (1, 2, 3)]
    for s in stations:
        exchange(p, s, Mail())  # keys pinned
    for w in (*stations, p):
        w.close()
    images = root / "images"
    images.mkdir()
    for i in range(40):
        jpeg_page(images / f"p{i}.jpg", 1000 + i, dpi=40)
    return root


class Mail:
    """Packages in flight: each copy is delivered, lost, repeated or held back by the test's random."""

    def __init__(self):
        self.n = 0
        self.flight: list[tuple[str, Path]] = []  # (to, file)

    def post(self, to: str, paths, folder: Path) -> None:
        for p in paths:
            self.n += 1
            copy = folder / f"{self.n:05d}-{p.name}"
            shutil.copy(p, copy)
            self.flight.append((to, copy))


def exchange(p, s, mail: Mail) -> None:
    """One complete exchange, no loss (the final rounds, and the set-up)."""
    sent = station.send(s)
    primary.import_files(p, sent.paths)
    sid = s.read(lambda ctx: store.role(ctx.session)[1])
    for path in primary.answer(p, sid, force=True):
        station.apply_answer(s, [path])


def _value(rng, tag: str) -> str:
    return f"{tag}-{rng.randrange(10 ** 9)}"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_replicas_converge(office_template, tmp_path_factory, rng):
    root = tmp_path_factory.mktemp("run")
    for name in os.listdir(office_template):
        if name != "images" and (office_template / name).is_dir():
            shutil.copytree(office_template / name, root / name)
    images = sorted((office_template / "images").glob("*.jpg"))
    rng.shuffle(images)  # each page image once: the same bytes are one page (exact duplicates are refused)
    p = Workspace.open(root / "primary")
    ss = [Workspace.open(root / f"station-MT0{i}") for i in (1, 2, 3)]
    reps = [p, *ss]
    mail = Mail()
    folder = root / "mail"
    folder.mkdir()
    written: list[tuple[str, str, str]] = []  # (dossier, field, value) every edit wrote
    seen: set[tuple[str, str, str]] = set()  # values some edit replaced knowingly (its base)
    try:
        for _round in range(ROUNDS):
            for _ in range(rng.randint(1, 4)):
                _work(rng, rng.choice(reps), images, written, seen)
            for s in rng.sample(ss, rng.randint(0, 3)):
                sent = station.send(s)
                mail.post("P", sent.paths, folder)
            sids = [s.read(lambda ctx: store.role(ctx.session)[1]) for s in ss]
            _deliver(rng, mail, p, dict(zip(sids, ss, strict=True)))
            for sid in rng.sample(sids, rng.randint(0, 3)):
                mail.post(sid, primary.answer(p, sid), folder)
            _deliver(rng, mail, p, dict(zip(sids, ss, strict=True)))
        for _ in range(3):  # the final full exchange (twice over: what one station sent reaches the others)
            for s in ss:
                exchange(p, s, mail)
        snaps = [snapshot(w) for w in reps]
        for other in snaps[1:]:
            assert other["dossiers"] == snaps[0]["dossiers"]
            assert other["pages"] == snaps[0]["pages"]
            assert other["audit"] == snaps[0]["audit"]
        final = snaps[0]["dossiers"]
        queued = {(c.dossier_id, c.field, json.dumps(v)) for c in p.read(lambda ctx: conflicts.list_conflicts(ctx, None))
                  for v in (c.station_value, c.primary_value)}
        for did, fld, value in written:
            if did not in final or final[did][fld] == value or (did, fld, value) in seen:
                continue
            assert (did, fld, json.dumps(value)) in queued, _story(p, did, fld, value, final[did][fld])
    finally:
        for w in reps:
            w.close()


def _deliver(rng, mail: Mail, p, by_sid: dict) -> None:
    """Deliver some of what is in flight, in a random order: some lost, some repeated, the rest later."""
    rng.shuffle(mail.flight)
    keep = []
    for to, path in mail.flight:
        fate = rng.random()
        if fate < 0.15:
            continue  # lost
        if fate < 0.35:
            keep.append((to, path))  # held back: arrives out of order later
            continue
        for _ in range(2 if fate > 0.9 else 1):  # sometimes twice
            try:
                if to == "P":
                    primary.import_files(p, [path])
                else:
                    station.apply_answer(by_sid[to], [path])
            except Exception as exc:  # an answer that needs one lost before it is refused, and later resent
                assert "trước" in str(exc) or "earlier" in str(exc), exc
    mail.flight = keep


def _work(rng, w, images, written, seen) -> None:
    ids = w.read(_all_ids)
    op = rng.random()
    if op < 0.25 or not ids:
        new_dossier(w, serial=f"QA {rng.randrange(10 ** 6):06d}", sheet=str(rng.randint(1, 50)),
                    parcel=str(rng.randint(1, 500)))
    elif op < 0.8:
        did = rng.choice(ids)
        fields = rng.sample(FIELDS, rng.randint(1, 2))

        def run(ctx):
            d = dossiers.get_dossier(ctx, did)
            for f in fields:
                seen.add((did, f, getattr(d, f)))
                value = _value(rng, f)
                setattr(d, f, value)
                written.append((did, f, value))
            dossiers.save_dossier(ctx, d, allow_errors=True)

        w.transact(run)
    elif op < 0.9 and images:
        add_page(w, rng.choice(ids), images.pop())
    else:
        did = rng.choice(ids)

        def run(ctx):
            d = dossiers.get_dossier(ctx, did)
            seen.update((did, f, getattr(d, f)) for f in FIELDS)  # a deletion replaces what it saw
            dossiers.delete_dossier(ctx, did, "thử")

        w.transact(run)


def _all_ids(ctx) -> list[str]:
    from landdesk.storage.commune import sync as sync_store

    return sync_store.changed_dossier_ids(ctx.session, -1, 2 ** 62)


def _story(p, did: str, fld: str, value: str, final: str) -> str:
    """What the primary's trail says of that field (the failure message)."""
    from landdesk.services import audit

    lines = [f"{fld}={value} of {did} vanished silently (final {final}):"]
    for rec in p.read(lambda ctx: audit.history(ctx, did)):
        for c in rec.changes:
            if c.get("field") == fld:
                lines.append(f"  {rec.at:%H:%M:%S.%f} {rec.user}: {c.get('old')} -> {c.get('new')}")
    return "\n".join(lines)
