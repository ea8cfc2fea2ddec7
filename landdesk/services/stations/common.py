"""What both sides of a station exchange share: roles, keys, file names, the records writer."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from landdesk import __version__
from landdesk.domain import package_format as pf
from landdesk.domain.errors import LandDeskError
from landdesk.domain.ids import new_id
from landdesk.services.packages import crypto, keys
from landdesk.services.packages.volumes import VolumeWriter
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import schema
from landdesk.storage.commune import stations as store
from landdesk.storage.uow import UnitOfWork

EXCHANGE_KEY = "station-exchange.key"  # X25519: packages to this side are encrypted to it
PRIMARY_CODE = "MAY-CHINH"  # a station's one roster row: its primary
BLOCK_SIZE = 10_000  # dossier numbers per block given to a station
BLOCK_LOW = 5_000  # a further block is given when fewer are left
RECORD_CHUNK = 4 * 1024 * 1024
BATCH = 500


def role(ctx: UnitOfWork) -> tuple[str, str, str]:
    return store.role(ctx.session)


def is_station(ctx: UnitOfWork) -> bool:
    return role(ctx)[0] == "station"


def require_not_station(ctx: UnitOfWork) -> None:
    if is_station(ctx):
        raise LandDeskError("Đây là máy trạm: việc này chỉ làm ở máy chính của xã.",
                            "This is a workstation: this is done at the commune's primary desk only.")


def require_station(ctx: UnitOfWork) -> None:
    if not is_station(ctx):
        raise LandDeskError("Đây không phải máy trạm; máy chính đồng bộ bằng 'station sync --dir' hoặc 'station serve'.",
                            "This is not a workstation; the primary synchronises with 'station sync --dir' or "
                            "'station serve'.")


def exchange_key(keys_dir: Path):
    """This side's X25519 key for station packages (made on first use, kept like the signing key)."""
    return keys._load_or_create(keys_dir, EXCHANGE_KEY, crypto.new_encryption_key)


def public_b64(key) -> str:
    return crypto.b64(crypto.raw_public(key.public_key()))


def proof(secret_b64: str, signing_b64: str, encryption_b64: str) -> str:
    """What proves a station's first package comes from the PC that opened the enrolment file."""
    mac = hmac.new(crypto.unb64(secret_b64), (signing_b64 + "\n" + encryption_b64).encode(), hashlib.sha256)
    return crypto.b64(mac.digest())


def stem(commune: str, code: str, seq: int, kind: str) -> str:
    return f"{commune}-{code}-{seq:06d}-{kind}"


def base_header(ctx: UnitOfWork, signing, kind: str, station_id: str, station_code: str) -> dict:
    pub = signing.public_key()
    return {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": __version__,
            "schema_version": schema.head_revision(), "package_id": new_id(), "kind": kind,
            "province_code": settings_store.get(ctx.session, "province_code"),
            "commune_code": settings_store.get(ctx.session, "commune_code"),
            "station_id": station_id, "station_code": station_code,
            "sender_key": crypto.fingerprint(pub), "sender_public_key": crypto.b64(crypto.raw_public(pub)),
            "created_at": utcnow().isoformat(timespec="seconds") + "Z"}


class Records:
    """JSON Lines of one kind, cut into chunks of about RECORD_CHUNK bytes."""

    def __init__(self, writer: VolumeWriter, kind: str):
        self.writer, self.kind = writer, kind
        self.buf = bytearray()
        self.n_chunks = 0
        self.count = 0

    def add(self, obj: dict) -> None:
        self.buf += json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode()
        self.buf += b"\n"
        self.count += 1
        if len(self.buf) >= RECORD_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.buf:
            return
        self.n_chunks += 1
        self.writer.add_records(f"records/{self.kind}-{self.n_chunks:04d}.jsonl", self.kind, bytes(self.buf))
        self.buf.clear()


def scan_file(media_dir: Path, sha: str, ext: str) -> Path:
    return Path(media_dir) / sha[:2] / sha[2:4] / f"{sha}.{ext}"


def station_label(row) -> str:
    return f"{row.code} ({row.name})" if row.name else row.code
