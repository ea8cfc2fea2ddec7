"""`landdesk [--workspace DIR] [--user NAME] COMMAND ...` — the stable command-line contract.

Exit status: 0 done, 1 done but problems were found, 2 bad input or usage (one line on stderr,
nothing written). Commands are discovered from the cmd_*.py modules in this package.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from landdesk import __version__
from landdesk.cli.common import CliEnv
from landdesk.domain import i18n
from landdesk.domain.errors import LandDeskError


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line, exit 2 (the contract)
        hint = i18n.pick("xem 'landdesk --help'", "see 'landdesk --help'")
        sys.stderr.write(f"landdesk: {message} ({hint})\n")
        raise SystemExit(2)


def command_modules() -> list:
    import landdesk.cli as pkg

    names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if m.name.startswith("cmd_"))
    return [importlib.import_module(f"landdesk.cli.{n}") for n in names]


def _global_parser(**kw) -> Parser:
    # allow_abbrev=False: `station sync --lan` is not an abbreviation of the global --lang
    p = Parser(prog="landdesk", description="LandDesk — phần mềm địa chính xã / commune land office desk",
               allow_abbrev=False, **kw)
    p.add_argument("--version", action="version", version=f"LandDesk {__version__}")
    p.add_argument("--workspace", type=Path, help="workspace folder (default: LANDDESK_WORKSPACE or the user data folder)")
    p.add_argument("--user", help="log in as this user (default: the workspace administrator); the password is "
                   "asked, or taken from LANDDESK_PASSWORD")
    p.add_argument("--lang", choices=i18n.available(), help="language of messages (default vi; others: "
                   "resources/messages/<lang>.po)")
    return p


def build_parser() -> Parser:
    p = _global_parser()
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for mod in command_modules():
        mod.register(sub)
    return p


def _app_only(argv: list[str] | None) -> argparse.Namespace | None:
    """The global options when no command is given (bare `landdesk`, `make run`): the app opens
    without importing every command module first, which would delay the first window."""
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help", "--version") for a in argv):
        return None
    args, rest = _global_parser(add_help=False).parse_known_args(argv)
    # `landdesk FILE.ldpkg`: how Windows starts the app for a double-clicked package (the installer's
    # association): the app opens and shows that package
    package = rest[0] if len(rest) == 1 and rest[0].lower().endswith(".ldpkg") else None
    if rest and package is None:
        return None
    args.command = None
    args.package = Path(package) if package else None
    return args


def main(argv: list[str] | None = None) -> int:
    if os.name != "nt":
        # Everything LandDesk writes (database, WAL, scans, keys, backups, drafts) is its user's alone,
        # whatever umask the session had. (Windows: the user's profile folders' ACLs.)
        os.umask(0o077)
    from landdesk import applog
    from landdesk.cli.console import utf8_console

    utf8_console()  # before argparse: its usage and errors are text too
    i18n.use_language(os.environ.get("LANDDESK_LANG", "vi"))  # until --lang is read
    args = _app_only(argv) or build_parser().parse_args(argv)
    applog.setup(args.command or "window")
    if args.lang:
        i18n.use_language(args.lang)
    from landdesk import paths

    env = CliEnv(workspace_path=args.workspace or paths.default_workspace(), user=args.user,
                 lang=i18n.language())
    if not args.command:  # bare `landdesk` opens the desktop app
        from landdesk.cli import cmd_gui

        return cmd_gui.open_app(env, package=args.package)
    try:
        return int(args.func(args, env) or 0)
    except LandDeskError as exc:
        sys.stderr.write(f"landdesk: {exc.message(env.lang)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("landdesk: " + i18n.pick("đã dừng.", "stopped.") + "\n")
        return 130
    except BrokenPipeError:
        # `landdesk search ... | head`: the reader left; no traceback, and none again at exit when
        # Python flushes stdout (the documented recipe: point stdout at devnull)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        env.close()
