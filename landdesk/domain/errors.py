"""Errors the user sees: each carries a Vietnamese and an English message and no personal data.

The CLI prints it in the language its user chose and exits 2; the GUI shows it in one dialog.
"""

from __future__ import annotations

from landdesk.domain import i18n


class LandDeskError(Exception):
    """A problem with the user's input or environment, explained in their language."""

    exit_code = 2

    def __init__(self, vi: str, en: str | None = None):
        self.vi = vi
        self.en = en or vi
        super().__init__(self.en)

    def message(self, lang: str | None = None) -> str:
        """In `lang`; without one, in the language the front end chose (domain/i18n.py)."""
        return i18n.pick(self.vi, self.en, lang)

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
