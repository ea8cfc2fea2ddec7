"""The province profile a commune imports: the province's signing and encryption public keys, its
code, the commune list and targets — signed by the province's own key."""

from __future__ import annotations

from pathlib import Path

from landdesk import __version__
from landdesk.domain import package_format as pf
from landdesk.domain.ids import new_id
from landdesk.services.packages import crypto
from landdesk.services.packages.verify import write_signed
from landdesk.storage import province as store
from landdesk.storage.base import utcnow


def export_profile(desk, out: Path) -> Path:
    key = desk.signing_key()
    pub = key.public_key()
    enc_pub = desk.encryption_key().public_key()
    communes = desk.read(lambda s: [{"code": c.code, "name": c.name, "target": c.target} for c in store.communes(s)])
    body = {"province_code": desk.province_code, "province_name": desk.province_name,
            "signing_key": crypto.b64(crypto.raw_public(pub)), "encryption_key": crypto.b64(crypto.raw_public(enc_pub)),
            "communes": communes}
    header = {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": __version__,
              "package_id": new_id(), "kind": "profile", "province_code": desk.province_code,
              "sender_key": crypto.fingerprint(pub), "sender_public_key": body["signing_key"],
              "created_at": utcnow().isoformat(timespec="seconds") + "Z", "encryption": None, "body": body}
    out = Path(out)
    if not out.name.endswith(pf.SUFFIX):
        out = out.with_name(out.name + pf.SUFFIX)
    return write_signed(out, header, key)


def set_targets(desk, targets: dict[str, int]) -> int:
    def run(s):
        n = 0
        for c in store.communes(s):
            if c.code in targets:
                c.target = int(targets[c.code])
                n += 1
        s.flush()
        return n

    return desk.transact(run)
