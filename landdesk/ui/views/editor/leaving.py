"""Leaving a dossier with unsaved changes (issue 13 item 11): the officer chooses Save, Discard or
Cancel before another dossier is shown, a new one started or the window closed. The draft written
at each typing pause still protects the work from a crash; it is not the answer to leaving."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from landdesk.ui.dialogs.unsaved import DISCARD, SAVE, UnsavedDialog
from landdesk.ui.views.editor import drafts


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


def _what(editor) -> str:
    return tr("Hồ sơ số %1").replace("%1", str(editor.dossier.num)) if editor.exists else tr("Hồ sơ mới")


def _discard(editor, closing: bool = False) -> None:
    drafts.discard(editor, editor.dossier.id)
    editor.session.discard(editor.collect() if closing else None)


def leave(editor, then: Callable[[], None]) -> bool:
    """Run `then` (which shows something else) once the unsaved work is saved or discarded; False
    when the officer stays (Cancel, or a save refused for errors)."""
    editor.settle()
    if not editor.is_dirty():
        then()
        return True
    choice = UnsavedDialog.ask(editor, _what(editor))
    if choice == SAVE:
        return editor.save(then=then)
    if choice == DISCARD:
        _discard(editor)
        then()
        return True
    return False


def close(editor) -> bool:
    """The window is closing: True when it may (saved, discarded or nothing to save)."""
    editor.settle()  # the draft is written whatever is chosen next
    if not editor.is_dirty():
        return True
    choice = UnsavedDialog.ask(editor, _what(editor))
    if choice == SAVE:
        if not editor.save():
            return False
        editor.wctx.runner.wait_idle(30)  # the window closes only once the save is in
        return not editor.session.saving and not editor.is_dirty()
    if choice == DISCARD:
        _discard(editor, closing=True)  # the form is not refilled: nothing starts while the window closes
        return True
    return False
