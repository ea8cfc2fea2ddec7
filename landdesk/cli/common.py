"""What every command shares: opening the workspace (and logging in), printing text or JSON, progress
on stderr.

Passwords: LANDDESK_PASSWORD authenticates the acting user (`--user`, default the administrator); on a
terminal without it the password is asked. A NEW password (`users add`, `users passwd`) comes from
`--password`, LANDDESK_NEW_PASSWORD or a prompt; never from LANDDESK_PASSWORD.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landdesk.domain import i18n
from landdesk.domain.errors import LandDeskError


@dataclass
class CliEnv:
    workspace_path: Path
    user: str | None
    lang: str
    _ws: Any = field(default=None, repr=False)

    def open(self, kinds: tuple[str, ...] = ("commune",), **open_kw):
        """The workspace, opened once per command with the acting user logged in (a wrong or missing
        password: LoginRefused, exit 2, written to the audit trail). `kinds`: the kinds of workspace
        the command works on (a commune's, the province desk); `open_kw`: what that kind's open takes."""
        if self._ws is None:
            from landdesk.workspace import kind_class

            ws = kind_class(self.workspace_path, kinds).open_for_login(self.workspace_path, **open_kw)
            try:
                if ws.KIND == "province" and not ws.has_users():
                    from landdesk.workspace.province import no_admin_error

                    raise no_admin_error(self.workspace_path)
                ws.login(self.user, login_password(lambda: self.user or ws.default_user() or ""), via="cli")
            except BaseException:
                ws.close()
                raise
            self._ws = ws
        return self._ws

    def adopt(self, ws) -> None:
        """Use a workspace this command just created (its administrator acting)."""
        self._ws = ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None


def login_password(name=lambda: "") -> str | None:
    """The acting user's password: LANDDESK_PASSWORD, else asked on a terminal, else None (refused)."""
    pw = os.environ.get("LANDDESK_PASSWORD")
    if pw:
        return pw
    if sys.stdin.isatty():
        who = name()
        return getpass.getpass(t(f"Mật khẩu của {who}: ", f"Password of {who}: ") if who else
                               t("Mật khẩu: ", "Password: ")) or None
    return None


def new_password(given: str | None, *, confirm: bool = True) -> str:
    """A new password to set: --password, LANDDESK_NEW_PASSWORD, or typed twice on a terminal."""
    pw = given or os.environ.get("LANDDESK_NEW_PASSWORD")
    if not pw and sys.stdin.isatty():
        pw = getpass.getpass(t("Mật khẩu mới: ", "New password: "))
        if pw and confirm and getpass.getpass(t("Nhập lại mật khẩu mới: ", "New password again: ")) != pw:
            raise usage_error("Hai lần nhập mật khẩu không giống nhau.", "The two passwords differ.")
    if not pw:
        raise usage_error("Cần mật khẩu mới: dùng --password, biến LANDDESK_NEW_PASSWORD, hoặc nhập khi được hỏi.",
                          "A new password is needed: use --password, LANDDESK_NEW_PASSWORD, or type it when asked.")
    return pw


def t(vi: str, en: str) -> str:
    """Pick the message for the CLI's language (chosen once by main: --lang, LANDDESK_LANG)."""
    return i18n.pick(vi, en)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def usage_error(vi: str, en: str) -> LandDeskError:
    return LandDeskError(vi, en)


class StderrProgress:
    """A progress bar on stderr (only when it is a terminal), throttled to whole percents."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._last = -1

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        pct = int(done * 100 / total)
        if pct == self._last:
            return
        self._last = pct
        bar = "#" * (pct // 4)
        sys.stderr.write(f"\r[{bar:<25}] {pct:3d}% {label[:40]:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
