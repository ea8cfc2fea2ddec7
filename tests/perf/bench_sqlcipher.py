"""SQLCipher evaluation (issue 15 item 8): the same LandDesk code on a plain and on an encrypted database.

    pip install sqlcipher3-wheels   # not a LandDesk dependency: only this evaluation needs it
    .venv/bin/python tests/perf/bench_sqlcipher.py [--records N] [--rounds R]

Both databases hold the same demo data (the encrypted one is the plain one exported through
`sqlcipher_export`). Each operation runs through the real services on an engine made by
`storage.engine.make_engine`, whose URL is switched to SQLAlchemy's `sqlite+pysqlcipher` dialect for
the encrypted side: search (16 typed queries, limit 50), save one dossier (synchronous=FULL), and a
bulk import (2,000 demo dossiers through `storage.dossiers.bulk_insert_dossiers` in one
transaction, the path a workbook import writes through), plus the
login (argon2id). Plain SQLite is the floor; the rounds alternate plain/encrypted so machine load
touches both alike. Medians of each round, then the median of the rounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.bench_workspace import QUERIES, _new_dossier  # noqa: E402
from tests.perf.common import PASSWORD, demo_workspace, timings  # noqa: E402

KEY = "bench-sqlcipher-key-0123456789abcdef"


def encrypted_copy(src: Path, dest: Path) -> None:
    import sqlcipher3

    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("landdesk.db*", "media", "backups"))
    (dest / "landdesk.db").unlink(missing_ok=True)
    con = sqlcipher3.connect(str(src / "landdesk.db"))
    con.execute(f"ATTACH DATABASE '{dest / 'landdesk.db'}' AS enc KEY '{KEY}'")
    con.execute("SELECT sqlcipher_export('enc')")
    con.execute("DETACH DATABASE enc")
    con.close()


def use_sqlcipher(on: bool) -> None:
    from sqlalchemy.engine import URL

    from landdesk.storage import engine

    if on:
        engine.sqlite_url = lambda p: URL.create("sqlite+pysqlcipher", password=KEY, database=str(Path(p)))
    else:
        engine.sqlite_url = lambda p: URL.create("sqlite", database=str(Path(p)))


def measure(root: Path, cipher: bool, n: count) -> dict[str, float]:
    from landdesk.demo import commune as demo
    from landdesk.services import dossiers, search
    from landdesk.storage.commune import dossiers as store
    from landdesk.workspace import Workspace

    use_sqlcipher(cipher)
    out = {}
    with Workspace.open_for_login(root) as ws:
        t = time.perf_counter()
        ws.login("admin", PASSWORD, via="bench")
        out["login"] = time.perf_counter() - t
        out["search"] = statistics.median(
            [x for q in QUERIES for x in timings(lambda q=q: ws.read(lambda ctx: search.search(ctx, q, limit=50)),
                                                 runs=5)])
        out["save"] = statistics.median(timings(
            lambda: ws.transact(lambda ctx: dossiers.save_dossier(ctx, _new_dossier(next(n)))), runs=15))
        seed = 500 + next(n)

        def bulk(ctx):  # what an import writes: dossiers in batches, one transaction
            for batch in demo.generate_batches(2000, seed, ws.info.commune_code):
                store.bulk_insert_dossiers(ctx.session, batch, ctx.actor.username)

        t = time.perf_counter()
        ws.transact(bulk)
        out["import"] = time.perf_counter() - t
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--records", type=int, default=20_000)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    src, _ = demo_workspace(args.records, 1)
    results: dict[bool, list[dict]] = {False: [], True: []}
    n = count(1)
    with tempfile.TemporaryDirectory(prefix="landdesk-cipher-") as tmp:
        plain, enc = Path(tmp) / "plain", Path(tmp) / "enc"
        shutil.copytree(src, plain, ignore=shutil.ignore_patterns("media", "backups"))
        encrypted_copy(plain, enc)
        assert b"SQLite format 3" not in (enc / "landdesk.db").read_bytes()[:16]
        for _ in range(args.rounds):
            for cipher, root in ((False, plain), (True, enc)):
                results[cipher].append(measure(root, cipher, n))
    print(f"\nSQLCipher evaluation, {args.records:,} dossiers, {args.rounds} rounds (medians)")
    print(f"{'operation':<34}{'plain SQLite':>14}{'SQLCipher':>12}{'cost':>8}")
    for op, label in (("search", "search (16 typed queries)"), ("save", "save one dossier (FULL)"),
                      ("import", "bulk import of 2,000 dossiers"), ("login", "login (argon2id + audit)")):
        a = statistics.median(r[op] for r in results[False])
        b = statistics.median(r[op] for r in results[True])
        print(f"{label:<34}{a * 1000:>11.1f} ms{b * 1000:>9.1f} ms{(b / a - 1) * 100:>+7.0f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
