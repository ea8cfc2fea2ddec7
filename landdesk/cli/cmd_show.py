"""`landdesk show ID [--json]`: one dossier in full (ID = dossier id or number)."""

from __future__ import annotations

from landdesk.cli.common import CliEnv, print_json, t
from landdesk.domain.serialize import dossier_to_dict
from landdesk.domain.values import format_area, format_date


def register(sub) -> None:
    p = sub.add_parser("show", help="one dossier in full")
    p.add_argument("id", help="dossier id (UUID) or dossier number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import dossiers

    ws = env.open()
    d = ws.read(lambda ctx: dossiers.get_dossier(ctx, args.id))
    if args.json:
        print_json(dossier_to_dict(d))
        return 0
    lang = env.lang
    print(t(f"Hồ sơ số {d.num}  ({d.id})", f"Dossier {d.num}  ({d.id})"))
    print(t("Số phát hành GCN", "Certificate serial") + f": {d.serial}   "
          + t("Ngày cấp", "Issued") + f": {format_date(d.issue_date)}   "
          + t("Số vào sổ", "Registry no.") + f": {d.registry_no}")
    print(t("Thôn/Tổ dân phố", "Village") + f": {d.village}   " + t("Lưu giữ", "Custody") + f": {d.custody.label(lang)}"
          + f"   {t('Trạng thái', 'Status')}: {d.status.label(lang)}")
    for i, h in enumerate(d.holders, 1):
        parts = [h.name, h.legal_form.label(lang) if h.legal_form else "", h.role.label(lang) if h.role else "",
                 h.cccd, h.birth.display() if h.birth else "", h.gender.label(lang) if h.gender else ""]
        print(f"  {t('Chủ', 'Holder')} {i}: " + " | ".join(p for p in parts if p))
    for i, p in enumerate(d.parcels, 1):
        print(f"  {t('Thửa', 'Parcel')} {i}: {t('tờ', 'sheet')} {p.sheet_cert} {t('thửa', 'no.')} {p.parcel_cert}"
              f"  {format_area(p.area, lang)} m²  {p.address}")
        for lu in p.land_uses:
            print(f"      {lu.code or '?'} {lu.raw_text}  {format_area(lu.area, lang)} m²  {lu.term}")
    if d.current_user:
        print(t("Người sử dụng hiện tại", "Current user") + f": {d.current_user.name}")
    if d.notes:
        print(t("Ghi chú", "Notes") + f": {d.notes}")
    return 0
