"""`landdesk audit verify`: walk the hash chain of the audit trail (a commune's or the province desk's)."""

from __future__ import annotations

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("audit", help="audit trail")
    a = p.add_subparsers(dest="audit_cmd", required=True, metavar="verify")
    v = a.add_parser("verify", help="check that no past entry was changed or removed")
    v.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import audit

    ws = env.open(kinds=("commune", "province"))
    result = ws.read(audit.verify_audit)
    if result.ok:  # the checkpoint beside the database moves to the head just verified
        ws.transact(audit.refresh_checkpoint)
    if args.json:
        print_json({"entries": result.entries, "ok": result.ok, "broken_at": result.broken_at,
                    "problems": [t(vi, en) for vi, en in result.problems], "anchors": result.anchors})
        return 0 if result.ok else 1
    if result.broken_at:
        print(t(f"Nhật ký kiểm toán bị sửa đổi tại mục: {result.broken_at}",
                f"Audit trail tampered with at entries: {result.broken_at}"))
    for vi, en in result.problems:
        print(t(vi, en))
    if result.ok:
        print(t(f"Nhật ký kiểm toán nguyên vẹn: {result.entries} mục.", f"Audit trail intact: {result.entries} entries."))
    compared = ", ".join(result.anchors) or t("chưa có", "none yet")
    print(t(f"Đã đối chiếu đầu nhật ký với: {compared}.", f"Head compared with: {compared}."))
    return 0 if result.ok else 1
