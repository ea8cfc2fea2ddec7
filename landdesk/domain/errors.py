"""Errors the user sees: each carries a Vietnamese and an English message and no personal data.

The CLI prints `str(err)` in the current language and exits 2; the GUI shows it in one dialog.
"""

from __future__ import annotations

import os


def current_language() -> str:
    """'vi' (default) or 'en'; the CLI and tests set LANDDESK_LANG, the GUI its own setting."""
    lang = os.environ.get("LANDDESK_LANG", "vi").lower()[:2]
    return lang if lang in ("vi", "en") else "vi"


class LandDeskError(Exception):
    """A problem with the user's input or environment, explained in their language."""

    exit_code = 2

    def __init__(self, vi: str, en: str | None = None):
        self.vi = vi
        self.en = en or vi
        super().__init__(self.en)

    def message(self, lang: str | None = None) -> str:
        return self.vi if (lang or current_language()) == "vi" else self.en

    def __str__(self) -> str:
        return self.message()


class NotFound(LandDeskError):
    pass


class PermissionDenied(LandDeskError):
    pass


class ValidationFailed(LandDeskError):
    """Saving was refused because rules marked as errors failed; `problems` lists them."""

    def __init__(self, problems, vi: str | None = None, en: str | None = None):
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(vi or f"Hồ sơ có {n} lỗi cần sửa trước khi lưu.", en or f"The dossier has {n} error(s) to fix before saving.")


class Cancelled(LandDeskError):
    def __init__(self):
        super().__init__("Đã hủy.", "Cancelled.")


class WorkspaceError(LandDeskError):
    pass


class WorkspaceBusy(LandDeskError):
    """Another process holds the workspace's write lock longer than the wait allows."""

    def __init__(self):
        super().__init__("Một LandDesk khác đang ghi vào không gian làm việc này; hãy thử lại sau.",
                         "Another LandDesk is writing to this workspace; try again.")
