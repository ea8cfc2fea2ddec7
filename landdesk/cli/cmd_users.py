"""`landdesk users add|list|passwd|disable|enable` (a commune workspace or the province desk)."""

from __future__ import annotations

from landdesk.cli.common import CliEnv, new_password, print_json, t
from landdesk.domain.codes import UserRole


def register(sub) -> None:
    p = sub.add_parser("users", help="local user accounts")
    us = p.add_subparsers(dest="users_cmd", required=True, metavar="add|list|passwd|role|disable|enable")
    a = us.add_parser("add", help="add a user")
    a.add_argument("username")
    a.add_argument("--role", choices=[r.value for r in UserRole],
                   help="default: officer (a commune), operator (the province desk)")
    a.add_argument("--full-name", default="")
    a.add_argument("--password", help="the new user's password (or LANDDESK_NEW_PASSWORD; asked when interactive)")
    ls = us.add_parser("list", help="list users")
    ls.add_argument("--json", action="store_true")
    pw = us.add_parser("passwd", help="set a user's password")
    pw.add_argument("username")
    pw.add_argument("--password", help="the new password (or LANDDESK_NEW_PASSWORD; asked when interactive)")
    ro = us.add_parser("role", help="give a user another role")
    ro.add_argument("username")
    ro.add_argument("role", choices=[r.value for r in UserRole])
    for name in ("disable", "enable"):
        x = us.add_parser(name, help=f"{name} a user")
        x.add_argument("username")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import users

    ws = env.open(kinds=("commune", "province"))
    if args.users_cmd == "list":
        rows = ws.read(users.list_users)
        if args.json:
            print_json([{"username": u.username, "full_name": u.full_name, "role": u.role.value,
                         "active": u.active, "locked": u.locked} for u in rows])
        else:
            for u in rows:
                state = ("" if u.active else t(" (đã khóa)", " (disabled)")) + \
                    (t(" (tạm khóa do nhập sai mật khẩu)", " (locked after wrong passwords)") if u.locked else "")
                print(f"{u.username:<20} {u.role.label(env.lang):<20} {u.full_name}{state}")
        return 0
    if args.users_cmd == "add":
        pw = new_password(args.password)
        role = UserRole(args.role or ("operator" if ws.KIND == "province" else "officer"))
        u = ws.transact(lambda ctx: users.add_user(ctx, args.username, pw, role, args.full_name))
        print(t(f"Đã thêm người dùng {u.username} ({u.role.label_vi}).", f"Added user {u.username} ({u.role.label_en})."))
        return 0
    if args.users_cmd == "passwd":
        pw = new_password(args.password)
        ws.transact(lambda ctx: users.set_password(ctx, args.username, pw))
        print(t("Đã đổi mật khẩu.", "Password changed."))
        return 0
    if args.users_cmd == "role":
        u = ws.transact(lambda ctx: users.set_role(ctx, args.username, UserRole(args.role)))
        print(t(f"{u.username}: {u.role.label_vi}.", f"{u.username}: {u.role.label_en}."))
        return 0
    active = args.users_cmd == "enable"
    ws.transact(lambda ctx: users.set_active(ctx, args.username, active))
    print(t("Đã cập nhật.", "Updated."))
    return 0
