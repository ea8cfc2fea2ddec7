"""The editor's commands, declared once: the editor binds their keys while it has focus, and the
window's menus show the same entries (text and first key) and run them from the mouse."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

UNDO, REDO = QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo


@dataclass(frozen=True)
class EditorAction:
    name: str  # DossierEditor's method of the same name runs it
    menu: str  # registry.MENUS id
    text: str  # Vietnamese source, translated in the "Editor" context
    keys: tuple  # the first is shown in the menu

    def label(self) -> str:
        return QCoreApplication.translate("Editor", self.text)


ACTIONS = (
    EditorAction("save", "records", QT_TRANSLATE_NOOP("Editor", "&Lưu hồ sơ"), ("Ctrl+S",)),
    EditorAction("save_and_next", "records", QT_TRANSLATE_NOOP("Editor", "Lưu và &tiếp"), ("Ctrl+Return", "Ctrl+Enter")),
    EditorAction("go_previous", "records", QT_TRANSLATE_NOOP("Editor", "Hồ sơ &trước"), ("PgUp",)),
    EditorAction("go_next", "records", QT_TRANSLATE_NOOP("Editor", "Hồ sơ &sau"), ("PgDown",)),
    EditorAction("add_holder", "edit", QT_TRANSLATE_NOOP("Editor", "Thêm &chủ sử dụng"), ("Ctrl+Shift+H",)),
    EditorAction("add_parcel", "edit", QT_TRANSLATE_NOOP("Editor", "Thêm &thửa đất"), ("Ctrl+Shift+T",)),
    EditorAction("add_land_use", "edit", QT_TRANSLATE_NOOP("Editor", "Thêm &loại đất"), ("Ctrl+Shift+L",)),
    EditorAction("undo", "edit", QT_TRANSLATE_NOOP("Editor", "&Hoàn tác"), (UNDO,)),
    EditorAction("redo", "edit", QT_TRANSLATE_NOOP("Editor", "&Làm lại"), (REDO,)),
)


def bind(editor) -> dict[str, QAction]:
    """The editor's own actions: its keys work anywhere inside it."""
    out = {}
    for spec in ACTIONS:
        a = QAction(spec.label(), editor)
        a.setObjectName(spec.name)
        a.setShortcuts([QKeySequence(k) for k in spec.keys])
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _c=False, name=spec.name: getattr(editor, name)())
        editor.addAction(a)
        out[spec.name] = a
    return out


def menu_entries(window) -> list:
    """(menu id, action) for the window: each runs the editor's action (building the editor on
    first use). The editor's own action holds the key while it has focus; this one shows the key in
    the menu and works from the mouse."""
    def run(name: str):
        def go():
            editor = window.page("form")
            if window.current_view_id() != "form":
                window.show_view("form")
            editor.actions_by_name[name].trigger()
        return go

    out = []
    for spec in ACTIONS:
        a = QAction(spec.label(), window)
        a.setShortcut(QKeySequence(spec.keys[0]))
        a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        a.triggered.connect(run(spec.name))
        out.append((spec.menu, a))
    return out
