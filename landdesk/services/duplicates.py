"""Duplicate warnings while a dossier is typed: the same citizen ID, certificate serial or
sheet + parcel already in another dossier of the workspace. Messages carry no personal data: they
name the field and the other dossier's number."""

from __future__ import annotations

from dataclasses import dataclass

from landdesk.domain import i18n
from landdesk.domain.cccd import clean_number
from landdesk.domain.codes import HolderKind
from landdesk.domain.model import Dossier
from landdesk.domain.serial import normalise_serial
from landdesk.services.users import require
from landdesk.storage.commune import lookups
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Duplicate:
    kind: str  # "cccd", "cmnd", "serial", "parcel"
    path: str  # field of the dossier being edited: "holders[0].cccd", "serial", "parcels[1].parcel_cert"
    dossier_id: str  # the other dossier
    num: int
    serial: str
    message_vi: str
    message_en: str

    def message(self, lang: str = "vi") -> str:
        return i18n.pick(self.message_vi, self.message_en, lang)


def find_duplicates(ctx: UnitOfWork, dossier: Dossier) -> list[Duplicate]:
    require(ctx, "read")
    d = dossier
    out: list[Duplicate] = []
    serial = normalise_serial(d.serial)
    for r in lookups.dossiers_with_serial(ctx.session, serial, d.id):
        out.append(Duplicate("serial", "serial", r["id"], r["num"], r["serial"],
                             f"Số phát hành GCN đã có ở hồ sơ số {r['num']}.",
                             f"The certificate serial is already in dossier no. {r['num']}."))
    cccds: dict[str, int] = {}
    cmnds: dict[str, int] = {}
    for i, h in enumerate(d.holders):
        if h.kind != HolderKind.PERSON:
            continue
        if len(c := clean_number(h.cccd)) == 12:
            cccds.setdefault(c, i)
        if len(c := clean_number(h.cmnd)) == 9:
            cmnds.setdefault(c, i)
    seen: set[tuple[str, str]] = set()
    for r in lookups.holders_with_ids(ctx.session, list(cccds), list(cmnds), d.id):
        for kind, table, label in (("cccd", cccds, ("Số CCCD", "The citizen ID")),
                                   ("cmnd", cmnds, ("Số CMND", "The old ID card number"))):
            i = table.get(r[kind])
            if i is None or (f"holders[{i}].{kind}", r["id"]) in seen:
                continue
            seen.add((f"holders[{i}].{kind}", r["id"]))
            out.append(Duplicate(kind, f"holders[{i}].{kind}", r["id"], r["num"], r["serial"],
                                 f"Chủ sử dụng {i + 1}: {label[0]} đã có ở hồ sơ số {r['num']}.",
                                 f"Holder {i + 1}: {label[1]} is already in dossier no. {r['num']}."))
    pairs = {(p.sheet_cert.strip(), p.parcel_cert.strip()): i for i, p in reversed(list(enumerate(d.parcels)))}
    for r in lookups.parcels_with_numbers(ctx.session, list(pairs), d.id):
        i = pairs.get((r["sheet_cert"], r["parcel_cert"]))
        if i is None:
            continue
        out.append(Duplicate("parcel", f"parcels[{i}].parcel_cert", r["id"], r["num"], r["serial"],
                             f"Thửa {i + 1}: tờ bản đồ và số thửa đã có ở hồ sơ số {r['num']}.",
                             f"Parcel {i + 1}: the map sheet and parcel number are already in dossier no. {r['num']}."))
    return out
