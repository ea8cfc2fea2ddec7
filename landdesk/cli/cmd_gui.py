"""`landdesk gui [FILE.ldpkg] [--screenshot OUT.png --view NAME]`, and the bare `landdesk [FILE.ldpkg]` that
opens the app (with a sync package: shown once the window is up, landdesk/ui/open_package.py)."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, login_password

VIEWS = ["records", "form", "scans", "review", "dashboard", "province", "stations"]
# the dialogs of ui/dialog_gallery.py (GALLERY), rendered alone: --view dialog:backup
DIALOGS = ["target", "users", "user-add", "user-password", "user-role", "backup", "backup-auto", "restore", "send",
           "export-done"]


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the desktop app, or render a view to a PNG")
    p.add_argument("package", nargs="?", type=Path, metavar="FILE.ldpkg", help="a sync package to show once open")
    p.add_argument("--screenshot", type=Path, metavar="OUT.png", help="render offscreen to this PNG and exit")
    p.add_argument("--view", choices=VIEWS + [f"dialog:{d}" for d in DIALOGS], default="records")
    p.add_argument("--lang", dest="ui_lang", choices=["vi", "en"], help="interface language")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.ui import app

    if args.screenshot:
        return app.screenshot(env.workspace_path, args.screenshot, view=args.view, user=env.user,
                              lang=args.ui_lang, password=login_password(lambda: env.user or ""))
    return app.run(env.workspace_path, user=env.user, lang=args.ui_lang, package=args.package)


def open_app(env: CliEnv, package: Path | None = None) -> int:
    from landdesk.ui import app

    return app.run(env.workspace_path, user=env.user, package=package)
