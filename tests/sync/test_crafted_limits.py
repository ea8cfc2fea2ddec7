"""Issue 15 "done when": memory under 500 MB and time under 10 s for every crafted package, measured
in a separate process (its peak resident memory after each import) and printed."""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys

from landdesk.domain import package_format as pf
from landdesk.services.packages import keys
from tests.sync import helpers
from tests.sync.test_malformed import HOSTILE, raw_package
from tests.sync.test_province_store import png_header

MAX_MB, MAX_S = 500, 10.0

RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
from landdesk.domain.errors import LandDeskError
from landdesk.services.province import importer
from landdesk.workspace.province import ProvinceDesk
def peak_mb():
    # VmHWM: this process's own peak (ru_maxrss would carry the forking parent's peak across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
desk = ProvinceDesk.open(sys.argv[1])
for name in sys.argv[2:]:
    t0 = time.perf_counter()
    try:
        status = importer.import_package(desk, [Path(name)]).status
    except LandDeskError as exc:
        status = "refused: " + exc.message()[:70]
    took = time.perf_counter() - t0
    peak = peak_mb()
    print(json.dumps({"file": Path(name).parent.name + "/" + Path(name).name, "seconds": took, "peak_mb": peak, "status": status}), flush=True)
"""


def crafted(tmp, signing) -> list:
    out = tmp / "crafted"
    out.mkdir()
    files = [raw_package(out / f"manifest-{n}.ldpkg", data) for n, data in HOSTILE.items()]
    line = helpers.dossier_line("d-c", "AA 000001", "001090000001", "11", 1)
    for seq in (10 ** 7, 2 ** 62):
        files.append(helpers.forge(out / f"seq{seq}", signing, "07210", seq=seq, prev="1" * 64, records=line))
    noise = base64.b64encode(random.Random(2).randbytes(7 * 1024 * 1024))
    files.append(helpers.forge(out / "line10mb", signing, "07210", records=b'{"a":"' + noise + b'"}\n'))
    files.append(helpers.forge(out / "chunk250mb", signing, "07210", records=b"a" * (250 * 1024 * 1024) + b"\n"))
    files.append(helpers.forge(out / "bomb", signing, "07210", records=b" " * (40 * 1024 * 1024) + b"\n"))
    deep = b'{"dossier":{"id":"x","holders":[],"parcels":[],"n":' + b"[" * 200_000 + b"]" * 200_000 + b'},"revision":1}\n'
    files.append(helpers.forge(out / "deep-record", signing, "07210", records=deep))
    files.append(newline_name(out, signing, line))
    return files


def newline_name(out, signing, line: bytes):
    """A correctly signed package whose records entry is named 'records/dossiers-0001.jsonl\\n'."""
    import zipfile

    from landdesk.services.packages.volumes import _zinfo

    src = helpers.forge(out / "nl", signing, "07210", records=line)
    with zipfile.ZipFile(src) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(entries.pop(pf.MANIFEST))
    entries.pop(pf.SIGNATURE)
    manifest["entries"][0]["path"] += "\n"
    raw = json.dumps(manifest).encode()
    dest = out / "newline-name.ldpkg"
    with zipfile.ZipFile(dest, "w") as z:
        for name, data in entries.items():
            z.writestr(_zinfo(name + "\n", zipfile.ZIP_STORED), data)
        z.writestr(_zinfo(pf.MANIFEST, zipfile.ZIP_STORED), raw)
        z.writestr(_zinfo(pf.SIGNATURE, zipfile.ZIP_STORED), signing.sign(raw))
    return dest


def test_crafted_packages_stay_small_and_fast(linked, capsys):
    desk, communes, tmp = linked
    ws = communes["07210"]
    files = crafted(tmp, keys.signing_key(ws.root / "keys"))
    ids = ws.read(lambda ctx: __import__("landdesk.storage.commune.sync", fromlist=["x"]).changed_dossier_ids(
        ctx.session, 0, 10 ** 9))
    helpers.attach_scans(ws, ids[:1], pages=1, payload=png_header(30000, 30000), ext="png")
    helpers.attach_scans(ws, ids[1:3], pages=2)
    from landdesk.services.packages import export

    files.append(export.export_package(ws, tmp / "bomb-scan", encrypt=False).paths[0])
    root = desk.root
    desk.close()
    env = dict(os.environ, LANDDESK_LANG="en")
    done = subprocess.run([sys.executable, "-c", RUNNER, str(root), *map(str, files)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    with capsys.disabled():
        print(f"\n{'crafted package':<42}{'seconds':>9}{'peak MB':>9}  outcome")
        for r in rows:
            print(f"{r['file'][-41:]:<42}{r['seconds']:>9.2f}{r['peak_mb']:>9.0f}  {r['status']}")
    assert len(rows) == len(files)
    for r in rows:
        assert r["status"].startswith("refused"), r
        assert r["seconds"] < MAX_S and r["peak_mb"] < MAX_MB, r
