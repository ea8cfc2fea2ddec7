"""`landdesk demo --scans`: attach 1–3 synthetic certificate-like JPEG pages to each dossier.

Fast by construction: a small pool of pages is drawn and encoded once; each dossier's copy differs
only by a JPEG comment segment carrying its id (so every file has its own SHA-256 while the pixels,
thumbnail and quality facts are shared). Rows go in with one bulk insert per call.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from landdesk.domain.changes import Change
from landdesk.domain.ids import new_id
from landdesk.media import intake, phash, samples, thumbnails
from landdesk.media.store import sha256_bytes
from landdesk.services import scan_store, scans
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.base import utcnow
from landdesk.storage.commune import scans as q
from landdesk.storage.uow import UnitOfWork

POOL_DPI = 200
POOL = (("gcn", 0), ("gcn", 1), ("gcn", 2), ("gt", 3))


def _with_comment(jpeg: bytes, text: str) -> bytes:
    """The same JPEG with a COM segment right after SOI (decoders skip it; the bytes differ)."""
    payload = text.encode("ascii")
    seg = b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload
    return jpeg[:2] + seg + jpeg[2:]


def _pool(seed: int) -> list[tuple[str, bytes, intake.PreparedPage]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, variant in POOL:
            rng = random.Random(f"demo-page:{seed}:{variant}")
            im = samples.certificate_page(rng, dpi=POOL_DPI, kind=kind,
                                          fields={"parcel": rng.randint(1, 400), "sheet": rng.randint(1, 40)})
            data = samples.jpeg_bytes(im, POOL_DPI, quality=60)
            path = Path(tmp) / f"pool{variant}.jpg"
            path.write_bytes(data)
            out.append((kind, data, next(intake.read_pages(path))))
    return out


def attach_demo_scans(ctx: UnitOfWork, dossier_ids: list[str], rng: random.Random) -> int:
    """Attach pages to the given dossiers; returns the number of pages stored."""
    require(ctx, "edit")
    pool = _pool(rng.randrange(1 << 30))
    gcn = [p for p in pool if p[0] == "gcn"]
    gt = [p for p in pool if p[0] == "gt"]
    st = scans.store(ctx)
    thumbs = scans.thumbs_dir(ctx)
    journal = scan_store.pending(ctx)  # a kill before the commit: the next start removes the files
    rows: list[dict] = []
    now = utcnow()
    for did in dossier_ids:
        n = rng.choice((1, 1, 2, 2, 3))
        chosen = [rng.choice(gcn) for _ in range(min(n, 2))] + ([rng.choice(gt)] if n == 3 else [])
        positions = {"gcn": 0, "gt": 0}
        for i, (kind, base, facts) in enumerate(chosen):
            data = _with_comment(base, f"LandDesk demo {did} {i}")
            sha = sha256_bytes(data)
            stored = st.put_bytes(data, "jpg", sha, pending=journal)
            thumbnails.write_thumbnail(thumbs, sha, facts.thumbnail, tmp=journal.part(sha, "thumb"))
            positions[kind] += 1
            b = phash.bands(facts.dhash)
            rows.append(dict(id=new_id(), sha256=sha, ext="jpg", size=stored.size, width=facts.width,
                             height=facts.height, dpi=facts.dpi, dh0=b[0], dh1=b[1], dh2=b[2], dh3=b[3],
                             quality=",".join(facts.problems), dossier_id=did, kind=kind,
                             position=positions[kind], rotation=0, source=f"demo-{kind}.jpg", source_page=1,
                             created_at=now, created_by=ctx.actor.username, deleted_at=None, deleted_by="",
                             note=""))
        if len(rows) >= 2000:
            q.insert_many(ctx.session, rows)
            rows = []
    q.insert_many(ctx.session, rows)
    audit.append(ctx.session, user=ctx.actor.username, action="scan_demo", entity="scans",
                 changes=[{"field": "dossiers", "old": 0, "new": len(dossier_ids)}])
    ctx.touch(Change.SCANS)
    return len(dossier_ids)
