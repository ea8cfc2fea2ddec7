"""`landdesk package export|resend|verify|preflight|key|profile import|list`: sync packages, commune side."""

from __future__ import annotations

import sys
from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t


def register(sub) -> None:
    p = sub.add_parser("package", help="sync packages to the province (export, verify, keys, profile)")
    ps = p.add_subparsers(dest="package_cmd", metavar="ACTION", required=True)
    e = ps.add_parser("export", help="write the next signed package (changes since the last acknowledgement)")
    e.add_argument("--out", type=Path, help="folder for the package (default <workspace>/outbox)")
    e.add_argument("--full", action="store_true", help="everything, not only the changes")
    e.add_argument("--split-mb", type=float, help="volumes of at most N MB")
    e.add_argument("--no-encrypt", action="store_true", help="do not encrypt even if the province published a key")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_export)
    rs = ps.add_parser("resend", help="copy package N again, byte for byte, from the workspace's outbox")
    rs.add_argument("seq", type=int)
    rs.add_argument("--out", type=Path, required=True, help="folder to copy it to")
    rs.add_argument("--json", action="store_true")
    rs.set_defaults(func=run_resend)
    v = ps.add_parser("verify", help="check a package (all its volumes) without importing it")
    v.add_argument("files", nargs="+", type=Path)
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=run_verify)
    f = ps.add_parser("preflight", help="what the next export carries and what would stop it")
    f.add_argument("--full", action="store_true")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=run_preflight)
    k = ps.add_parser("key", help="this workspace's signing key fingerprint and public key")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=run_key)
    rk = ps.add_parser("rotate-key", help="make a new signing key, announced in the next package")
    rk.set_defaults(func=run_rotate, json=False)
    pr = ps.add_parser("profile", help="the province profile")
    prs = pr.add_subparsers(dest="profile_cmd", metavar="ACTION", required=True)
    pi = prs.add_parser("import", help="import the province profile file")
    pi.add_argument("file", type=Path)
    pi.add_argument("--replace", action="store_true", help="accept a new province signing key")
    pi.add_argument("--json", action="store_true")
    pi.set_defaults(func=run_profile_import)
    ls = ps.add_parser("list", help="packages sent and their acknowledgement")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)


def run_export(args, env: CliEnv) -> int:
    from landdesk.services.packages import export

    ws = env.open()
    res = export.export_package(ws, args.out, full=args.full, split_mb=args.split_mb,
                                encrypt=False if args.no_encrypt else None,
                                progress=StderrProgress(False if args.json else None))
    if args.json:
        print_json(res.as_json())
        return 0
    print(t(f"Gói số {res.seq} ({res.kind}): {res.dossiers} hồ sơ, {res.tombstones} hồ sơ đã xóa, "
            f"{res.scans} ảnh quét, {res.audit} dòng nhật ký; {'đã mã hóa' if res.encrypted else 'không mã hóa'}.",
            f"Package {res.seq} ({res.kind}): {res.dossiers} dossiers, {res.tombstones} deletions, {res.scans} scans, "
            f"{res.audit} audit entries; {'encrypted' if res.encrypted else 'not encrypted'}."))
    for p in res.paths:  # the path(s) last, one per line
        print(p)
    return 0


def run_resend(args, env: CliEnv) -> int:
    from landdesk.services.packages import export

    ws = env.open()
    paths = export.resend_package(ws, args.seq, args.out)
    if args.json:
        print_json({"seq": args.seq, "paths": [str(p) for p in paths]})
        return 0
    print(t(f"Gói số {args.seq} (đúng như lần xuất đầu):", f"Package {args.seq} (exactly as first exported):"))
    for p in paths:
        print(p)
    return 0


def run_verify(args, env: CliEnv) -> int:
    """Each package given (its volumes grouped) is checked on its own: a bad one is one line and
    exit 2, the others are still checked."""
    from landdesk.domain.errors import LandDeskError
    from landdesk.services.packages import verify
    from landdesk.services.province.importer import group_files

    infos, refused = [], 0
    for group in group_files(args.files):
        names = ", ".join(p.name for p in group)
        try:
            pkg = verify.verify_package(group)
        except LandDeskError as exc:
            refused += 1
            infos.append({"files": [str(p) for p in group], "ok": False, "error": exc.message()})
            sys.stderr.write(f"landdesk: {names}: {exc.message()}\n")
            continue
        h = pkg.header
        info = {"files": [str(p) for p in group], "kind": h["kind"], "commune_code": h.get("commune_code", ""),
                "seq": h.get("seq"), "package_id": h["package_id"], "sender_key": h["sender_key"],
                "volumes": len(pkg.vols), "counts": h.get("counts", {}), "encrypted": pkg.encrypted,
                "format_version": h["format_version"], "ok": True}
        infos.append(info)
        if not args.json:
            print(t(f"Gói hợp lệ: {h['kind']} của xã {info['commune_code']}, số {info['seq']}, {len(pkg.vols)} tập, "
                    f"khóa ký {h['sender_key']}.",
                    f"The package is valid: {h['kind']} of commune {info['commune_code']}, number {info['seq']}, "
                    f"{len(pkg.vols)} volume(s), signing key {h['sender_key']}."))
    if args.json:
        print_json(infos[0] if len(infos) == 1 else infos)
    return 2 if refused else 0


def run_preflight(args, env: CliEnv) -> int:
    from landdesk.services.packages import export

    ws = env.open()
    pf = ws.read(lambda ctx: export.preflight(ctx, full=args.full))
    if args.json:
        print_json(pf.as_json())
    else:
        mb = pf.predicted_bytes / 1024 / 1024
        print(t(f"Gói số {pf.seq}: {pf.dossiers} hồ sơ, {pf.tombstones} hồ sơ đã xóa, {pf.scans} ảnh quét, "
                f"khoảng {mb:.1f} MB.",
                f"Package {pf.seq}: {pf.dossiers} dossiers, {pf.tombstones} deletions, {pf.scans} scans, "
                f"about {mb:.1f} MB."))
        if pf.blocking:
            print(t(f"{len(pf.blocking)} hồ sơ còn lỗi chặn (tỉnh sẽ trả lại).",
                    f"{len(pf.blocking)} dossier(s) still have blocking errors (the province will return them)."))
        if pf.scans_missing or pf.scans_bad_hash:
            print(t(f"Ảnh quét bị thiếu: {len(pf.scans_missing)}, sai mã băm: {len(pf.scans_bad_hash)}.",
                    f"Scans missing: {len(pf.scans_missing)}, wrong hash: {len(pf.scans_bad_hash)}."))
    return 0 if pf.ok else 1


def run_key(args, env: CliEnv) -> int:
    from landdesk.services.packages import keys

    ws = env.open()
    fp = ws.read(keys.key_fingerprint)
    pub = ws.read(keys.public_key_b64)
    if args.json:
        print_json({"commune_code": ws.info.commune_code, "fingerprint": fp, "public_key": pub})
    else:
        print(t(f"Dấu vân tay khóa ký của xã {ws.info.commune_code}: {fp}",
                f"Signing key fingerprint of commune {ws.info.commune_code}: {fp}"))
        print(t(f"Khóa công khai: {pub}", f"Public key: {pub}"))
    return 0


def run_profile_import(args, env: CliEnv) -> int:
    from landdesk.services.packages import profile

    ws = env.open()
    info = ws.transact(lambda ctx: profile.import_profile(ctx, args.file, replace=args.replace))
    if args.json:
        print_json(info.as_json())
    else:
        print(t(f"Đã nhập hồ sơ tỉnh {info.province_name} ({info.province_code}); dấu vân tay khóa tỉnh: "
                f"{info.fingerprint}; chỉ tiêu của xã: {info.target}.",
                f"Imported the profile of {info.province_name} ({info.province_code}); province key fingerprint: "
                f"{info.fingerprint}; commune target: {info.target}."))
    return 0


def run_list(args, env: CliEnv) -> int:
    from landdesk.services.packages import receipts

    ws = env.open()
    rows = ws.read(receipts.sent_packages)
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            ack = t("đã xác nhận", "acknowledged") if r.acknowledged else t("chưa xác nhận", "not acknowledged")
            print(f"{r.seq:>5}  {r.kind:<8} {r.dossiers:>7}  {r.scans:>6}  {r.created_at[:19]}  {ack}")
    return 0


def run_rotate(args, env: CliEnv) -> int:
    from landdesk.services.packages import keys

    ws = env.open()
    fp = ws.transact(keys.start_rotation)
    print(t(f"Khóa ký mới {fp} sẽ được công bố trong gói tiếp theo (ký bằng khóa hiện tại) rồi thay khóa hiện tại.",
            f"The new signing key {fp} will be announced in the next package (signed by the current key) "
            "and then replace the current key."))
    return 0
