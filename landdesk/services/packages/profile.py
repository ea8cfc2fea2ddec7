"""Import the province profile at the commune: the key receipts must be signed with, the key packages
are encrypted to, and the commune's target."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.filenames import check_scan_pattern
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto
from landdesk.services.packages.verify import read_signed
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork


class ProfileKeyChanged(LandDeskError):
    """The new profile is signed with another key than the one imported: a person confirms the new key's
    fingerprint with the province before it replaces the old one (`replace=True`)."""

    def __init__(self, fingerprint: str):
        super().__init__(
            "Hồ sơ tỉnh mới có khóa ký khác với khóa đã nhập. Hãy xác minh dấu vân tay với tỉnh rồi nhập lại với --replace.",
            "The new province profile has a different signing key. Confirm the fingerprint with the province, "
            "then import it again with --replace.")
        self.fingerprint = fingerprint


@dataclass(frozen=True)
class ProfileInfo:
    province_code: str
    province_name: str
    fingerprint: str
    encrypts: bool
    target: int
    scan_name_pattern: str = ""  # optional: how exported scan PDFs are named ("" = {serial}-{kind})

    def as_json(self) -> dict:
        return dict(self.__dict__)


def import_profile(ctx: UnitOfWork, path: Path, *, replace: bool = False) -> ProfileInfo:
    require(ctx, "admin")
    header = read_signed(Path(path), "profile")
    body = pf.check_profile_body(header.get("body"))
    if body.get("signing_key") != header["sender_public_key"]:
        raise PackageError("Hồ sơ tỉnh không hợp lệ.", "The province profile is invalid.")
    province = settings_store.get(ctx.session, "province_code")
    if body.get("province_code") != province:
        raise LandDeskError(f"Hồ sơ này của tỉnh {body.get('province_code')}, không phải tỉnh của xã ({province}).",
                            f"This profile is for province {body.get('province_code')}, not this commune's ({province}).")
    old = sync_store.get_profile(ctx.session)
    if old is not None and old.signing_key != body["signing_key"] and not replace:
        raise ProfileKeyChanged(crypto.fingerprint(crypto.unb64(body["signing_key"])))
    if body.get("scan_name_pattern"):  # optional (profiles made before it have none)
        check_scan_pattern(str(body["scan_name_pattern"]))
    enc = body.get("encryption_key") or ""
    if enc and len(crypto.unb64(enc)) != 32:
        raise PackageError("Khóa mã hóa của tỉnh không hợp lệ.", "The province's encryption key is invalid.")
    fp = crypto.fingerprint(crypto.unb64(body["signing_key"]))
    sync_store.put_profile(ctx.session, province_code=province, province_name=body.get("province_name", ""),
                           signing_key=body["signing_key"], encryption_key=enc, fingerprint=fp, body=body)
    ctx.touch(Change.SYNC)
    return _info(ctx)


def _info(ctx: UnitOfWork) -> ProfileInfo | None:
    import json

    prof = sync_store.get_profile(ctx.session)
    if prof is None:
        return None
    commune = settings_store.get(ctx.session, "commune_code")
    body = json.loads(prof.body)
    target = next((int(c.get("target") or 0) for c in body.get("communes", []) if c.get("code") == commune), 0)
    return ProfileInfo(prof.province_code, prof.province_name, prof.fingerprint, bool(prof.encryption_key), target,
                       str(body.get("scan_name_pattern") or ""))


def current_profile(ctx: UnitOfWork) -> ProfileInfo | None:
    require(ctx, "read")
    return _info(ctx)
