"""`landdesk init --commune CODE`: create a commune workspace."""

from __future__ import annotations

import getpass
import os
import secrets
import sys

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("init", help="create a workspace for a commune")
    p.add_argument("--commune", required=True, help="5-digit commune code (statistics office)")
    p.add_argument("--admin", default="admin", help="first administrator's user name (default admin)")
    p.add_argument("--full-name", default="", help="administrator's full name")
    p.add_argument("--password", help="administrator's password (or LANDDESK_PASSWORD; asked when interactive)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def initial_password(given: str | None) -> tuple[str, bool]:
    """(password, generated). A generated one is printed once so scripts can run unattended."""
    pw = given or os.environ.get("LANDDESK_PASSWORD")
    if pw:
        return pw, False
    if sys.stdin.isatty():
        pw = getpass.getpass(t("Mật khẩu quản trị: ", "Administrator password: "))
        if pw:
            return pw, False
    return secrets.token_urlsafe(9), True


def run(args, env: CliEnv) -> int:
    from landdesk.workspace import Workspace

    password, generated = initial_password(args.password)
    ws = Workspace.create(env.workspace_path, args.commune, admin=args.admin, password=password,
                          full_name=args.full_name)
    info = ws.info
    ws.close()
    if args.json:
        out = {"workspace": str(env.workspace_path), "commune_code": info.commune_code,
               "commune_name": info.commune_name, "admin": args.admin}
        if generated:
            out["admin_password"] = password
        print_json(out)
        return 0
    print(t(f"Đã tạo không gian làm việc cho {info.commune_name} ({info.commune_code}) tại {env.workspace_path}",
            f"Created the workspace for {info.commune_name} ({info.commune_code}) at {env.workspace_path}"))
    if generated:
        print(t(f"Mật khẩu ban đầu của '{args.admin}': {password}  (hãy đổi bằng 'landdesk users passwd')",
                f"Initial password of '{args.admin}': {password}  (change it with 'landdesk users passwd')"))
    return 0
