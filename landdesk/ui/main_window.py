"""The main window: sidebar + view stack from the registry, menus, toolbar, status bar, idle lock."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.errors import LandDeskError
from landdesk.ui import screen_fit
from landdesk.ui import settings as user_settings
from landdesk.ui.context import WindowContext
from landdesk.ui.views import registry
from landdesk.ui.widgets.backup_button import BackupButton
from landdesk.ui.widgets.station_banner import StationBanner

log = logging.getLogger("landdesk.ui")



class MainWindow(QMainWindow):
    def __init__(self, wctx: WindowContext):
        """Complete at its first paint (issue 13 §10): every view in the sidebar and every menu entry
        exist from the start (the interactive start imports the view modules on the opening thread
        while the officer types the password); each view's page is built when first shown."""
        super().__init__()
        self.wctx = wctx
        wctx.window = self
        self.setWindowTitle(self._title())
        self._modules = registry.view_modules()
        self._specs = registry.views(wctx, self._modules)
        self._pages: dict[str, QWidget] = {}
        self._stale: dict[str, tuple[set, set]] = {}  # view id → (changes, initiators) not heard yet
        self._menus: dict[str, object] = {}

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(0, 0))
        self.stack = QStackedWidget()
        self._fill_sidebar()
        self.sidebar.currentRowChanged.connect(self._row_changed)
        split = QSplitter()
        split.setObjectName("mainSplitter")
        split.addWidget(self.sidebar)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setCollapsible(1, False)
        split.setSizes([self.sidebar.minimumWidth(), 1200])
        self._splitter = split
        from landdesk.ui.widgets.draft_bar import DraftBar

        self.draft_bar = DraftBar(self)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.draft_bar)
        lay.addWidget(split, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status()
        wctx.hub.changes_applied.connect(self._changes_applied)
        wctx.hub.show_view.connect(self.show_view)
        wctx.hub.open_dossier.connect(self._open_dossier)
        wctx.hub.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        wctx.runner.busy_changed.connect(self._busy)

        self._idle = IdleLock(self)
        self._restore_state()
        if self._specs and self.sidebar.currentRow() < 0:
            self.show_view(self._specs[0].id)
        self.refresh_status()

    # ---- views ------------------------------------------------------------------------------------

    def _title(self) -> str:
        info = self.wctx.ws.info
        place = info.commune_name or info.commune_code
        return f"LandDesk — {place}" if place else "LandDesk"

    def _fill_sidebar(self) -> None:
        """Sidebar rows and stack pages in registry order; pages already built are kept."""
        current = self.current_view_id() if self.sidebar.count() else None
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            if w not in self._pages.values():
                w.deleteLater()
        for spec in self._specs:
            item = QListWidgetItem(spec.title())
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            self.sidebar.addItem(item)
            self.stack.addWidget(self._pages.get(spec.id) or QWidget())  # placeholder until first shown
        # Wide enough for the longest title in either language; no horizontal scroll bar.
        width = min(self.sidebar.sizeHintForColumn(0) + 2 * self.sidebar.frameWidth() + 16, 260)
        self.sidebar.setMinimumWidth(width)
        self.sidebar.setMaximumWidth(width + 40)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        ids = self.view_ids()
        if current in ids:
            self.sidebar.setCurrentRow(ids.index(current))
            self.stack.setCurrentIndex(ids.index(current))
        self.sidebar.blockSignals(False)

    def view_ids(self) -> list[str]:
        return [s.id for s in self._specs]

    def page(self, view_id: str) -> QWidget | None:
        """The view's widget, building it on first use (None if no such view)."""
        if view_id in self._pages:
            return self._pages[view_id]
        for i, spec in enumerate(self._specs):
            if spec.id == view_id:
                widget = spec.factory(self.wctx)
                widget.setObjectName(f"view_{spec.id}")
                old = self.stack.widget(i)
                self.stack.removeWidget(old)
                old.deleteLater()
                self.stack.insertWidget(i, widget)
                self._pages[view_id] = widget
                return widget
        return None

    def current_view_id(self) -> str | None:
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_view(self, view_id: str) -> QWidget | None:
        ids = self.view_ids()
        if view_id not in ids:
            return None
        row = ids.index(view_id)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # → _row_changed
        return self._pages.get(view_id)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        view_id = self._specs[row].id
        widget = self.page(view_id)
        self.stack.setCurrentIndex(row)
        changes, initiators = self._stale.pop(view_id, ((), ()))
        if changes and hasattr(widget, "refresh"):
            widget.refresh(frozenset(changes), next(iter(initiators)) if len(initiators) == 1 else None)
        if hasattr(widget, "activated"):
            widget.activated()

    def _changes_applied(self, changes, initiator) -> None:
        current = self.current_view_id()
        for view_id, widget in self._pages.items():
            if not hasattr(widget, "refresh"):
                continue
            if view_id == current:
                widget.refresh(changes, initiator)
            else:
                _remember(self._stale, view_id, changes, initiator)
        self.refresh_status()

    def _open_dossier(self, dossier_id: str, sequence) -> None:
        editor = self.page("form")
        if editor is None:
            return
        self.show_view("form")
        editor.open_dossier(dossier_id or None, sequence)

    def offer_drafts(self) -> None:
        """After a crash or power cut: the unsaved work left behind is offered back in a bar at the top
        of the window, read after the first paint; it never takes the keyboard from the officer."""
        self.draft_bar.offer()

    # ---- menus and toolbar --------------------------------------------------------------------

    def menu(self, menu_id: str):
        return self._menus[menu_id]

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        titles = {"file": self.tr("&Tệp"), "edit": self.tr("&Sửa"), "records": self.tr("&Hồ sơ"),
                  "view": self.tr("&Xem"), "tools": self.tr("&Công cụ"), "help": self.tr("Trợ &giúp")}
        for menu_id in registry.MENUS:
            self._menus[menu_id] = bar.addMenu(titles[menu_id])
        self.act_new = self._action(self.tr("Hồ sơ &mới"), lambda: self.wctx.hub.open_dossier.emit("", None),
                                    QKeySequence.StandardKey.New, self.tr("Nhập một hồ sơ mới (Mẫu 01)"))
        self.act_lock = self._action(self.tr("&Khóa màn hình"), lambda: self._idle.lock(), "Ctrl+L")
        self.act_settings = self._action(self.tr("&Cài đặt..."), self.open_settings)
        # Ctrl+Q itself: the platform's Quit key is none at all on Windows
        self.act_quit = self._action(self.tr("&Thoát"), self.close, "Ctrl+Q")
        file_menu = self.menu("file")
        file_menu.addAction(self.act_new)
        # Modules add their actions here, before the lock/settings/quit group.
        self._file_tail = file_menu.addSeparator()
        file_menu.addAction(self.act_lock)
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        from landdesk.ui.applog_qt import log_folder_action
        from landdesk.ui.dialogs.help import help_actions

        for act in [*help_actions(self), log_folder_action(self)]:  # F1 manual, shortcuts, About; the log
            self.menu("help").addAction(act)
        self._add_module_actions(self._modules)

        tb = QToolBar(self.tr("Thanh công cụ"))
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(tb)
        self.toolbar = tb
        self._fill_view_menu()

    def _add_module_actions(self, modules: list) -> None:
        for menu_id, act in registry.module_actions(self, modules):
            menu = self.menu(menu_id if menu_id in self._menus else "tools")
            if menu_id == "file":
                menu.insertAction(self._file_tail, act)
            else:
                menu.addAction(act)
        for menu_id in registry.MENUS:
            m = self.menu(menu_id)
            m.menuAction().setVisible(not m.isEmpty())

    def _fill_view_menu(self) -> None:
        """View menu (Ctrl+1…) and toolbar: one entry per view; the sidebar's switch."""
        view_menu = self.menu("view")
        self.toolbar.addAction(self.act_new)
        for i, spec in enumerate(self._specs):
            shortcut = spec.shortcut or (f"Ctrl+{i + 1}" if i < 9 else None)
            act = self._action(spec.title(), lambda _=False, v=spec.id: self.show_view(v), shortcut)
            act.setObjectName(f"show_{spec.id}")
            view_menu.addAction(act)
            self.toolbar.addAction(act)  # every view: the sidebar is hidden on narrow screens
        view_menu.addSeparator()
        self.act_sidebar = self._action(self.tr("Thanh bên"), self.sidebar.setVisible)
        self.act_sidebar.setCheckable(True)
        self.act_sidebar.setChecked(True)
        view_menu.addAction(self.act_sidebar)
        view_menu.menuAction().setVisible(True)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.lbl_workspace = QLabel()
        self.lbl_user = QLabel()
        self.lbl_counts = QLabel()
        self.lbl_backup = BackupButton(self)  # the last backup; a click backs up now
        self.lbl_busy = QLabel()
        self.lbl_station = StationBanner(self.wctx)  # a workstation says so, and when it last synchronised
        for w in (self.lbl_busy, self.lbl_station, self.lbl_counts, self.lbl_backup, QLabel("|"), self.lbl_user,
                  self.lbl_workspace):
            sb.addPermanentWidget(w)

    def refresh_status(self) -> None:
        """Status bar: commune, user (now), counts and last backup (read on the database thread)."""
        ws = self.wctx.ws
        info = ws.info
        sep = "  |  "
        self.lbl_workspace.setText(self.tr("Xã: %1").replace("%1", info.commune_name or info.commune_code))
        actor = ws.actor
        self.lbl_user.setText(self.tr("Người dùng: %1 (%2)").replace("%1", actor.username)
                              .replace("%2", actor.role.label(self.wctx.lang)) + sep)
        from landdesk.ui.tasks import Op

        Op(self.wctx, _status_figures, parent=self, kind="read").success(self._show_figures) \
            .failure(lambda exc: log.warning("status figures: %s", exc)).run()

    def _show_figures(self, figures) -> None:
        total, problems, backup, age, overdue = figures
        sep = "  |  "
        self.lbl_counts.setText(self.tr("%Ln hồ sơ", "", total) + ", " + self.tr("%Ln có vấn đề", "", problems) + sep)
        self.lbl_backup.show_state(backup, age, overdue)

    def _busy(self, busy: bool) -> None:
        self.lbl_busy.setText(self.tr("Đang xử lý...") if busy else "")

    # ---- dialogs --------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from landdesk.ui.dialogs.settings import SettingsDialog

        current = {"lang": self.wctx.lang, "idle_minutes": self._idle.minutes}
        values = SettingsDialog.ask(self, current)
        if values is None:
            return
        user_settings.set_value(self.wctx.settings, "ui/lang", values["lang"])
        user_settings.set_value(self.wctx.settings, "ui/idle_minutes", values["idle_minutes"])
        self._idle.set_minutes(values["idle_minutes"])
        if values["lang"] != self.wctx.lang:
            from landdesk.ui.app import switch_language

            switch_language(self, values["lang"])  # at once: a new window in that language

    # ---- state ----------------------------------------------------------------------------------

    def show_sidebar(self, shown: bool) -> None:
        self.sidebar.setVisible(shown)
        self.act_sidebar.setChecked(shown)

    def show_first(self) -> None:
        screen_fit.show_first(self, self._geometry_restored)

    def _restore_state(self) -> None:
        s = self.wctx.settings
        screen_fit.fit(self)
        self._geometry_restored = False
        if s is None:
            return
        geo = user_settings.value(s, "main/geometry")
        if geo is not None:
            self._geometry_restored = self.restoreGeometry(geo)
        state = user_settings.value(s, "main/state")
        if state is not None:
            self.restoreState(state)
        split = user_settings.value(s, "main/splitter")
        if split is not None:
            self._splitter.restoreState(split)
        shown = user_settings.value(s, "main/sidebar")
        if shown is not None:
            self.show_sidebar(shown)
        self._idle.set_minutes(user_settings.value(s, "ui/idle_minutes"))

    def save_state(self) -> None:
        s = self.wctx.settings
        if s is None:
            return
        user_settings.set_value(s, "main/geometry", self.saveGeometry())
        user_settings.set_value(s, "main/state", self.saveState())
        user_settings.set_value(s, "main/splitter", self._splitter.saveState())
        user_settings.set_value(s, "main/sidebar", self.act_sidebar.isChecked())
        for widget in self._pages.values():
            if hasattr(widget, "save_state"):
                widget.save_state(s)
        s.sync()

    def can_leave(self) -> bool:
        """Every view agrees to close (the editor asks Save / Discard / Cancel about unsaved work)."""
        return all(w.can_close() for w in self._pages.values() if hasattr(w, "can_close"))

    def retire(self) -> None:
        """Hand over to another window on the same workspace (a language switch): state saved, work done,
        the database threads stopped, then this window hidden and deleted."""
        self.save_state()
        self._idle.stop()
        self.wctx.runner.wait_idle(30)
        self.wctx.runner.shutdown()
        self.hide()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self.can_leave():
            event.ignore()
            return
        self.save_state()
        self._idle.stop()
        self.wctx.runner.wait_idle(30)
        event.accept()


def _remember(stale: dict, view_id: str, changes, initiator) -> None:
    """A write while a view is not shown: it hears the kinds when next shown, and who asked for the
    write when one widget alone did (the editor does not re-read the dossier it has just saved)."""
    kinds, initiators = stale.setdefault(view_id, (set(), set()))
    kinds.update(changes)
    initiators.add(initiator)


def _status_figures(ctx):
    from landdesk.services.status import desk_status

    st = desk_status(ctx)
    return st.dossiers, st.with_problems, _short_time(st.last_backup_at), st.backup_age_days, st.backup_overdue


def _short_time(value) -> str | None:
    if not value:
        return None
    from landdesk.domain.values import format_local_time

    try:
        return format_local_time(str(value))
    except ValueError:
        return str(value)




class IdleLock(QObject):
    """Locks the window after `minutes` without keyboard or mouse input; the password unlocks it."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.minutes = user_settings.value(None, "ui/idle_minutes")  # the declared default
        self.locked = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_minutes(self.minutes)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, int(minutes))
        self._timer.stop()
        if self.minutes:
            self._timer.start(self.minutes * 60_000)

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel) \
                and self.minutes and not self.locked:
            self._timer.start(self.minutes * 60_000)
        return False

    def lock(self) -> None:
        """Hide the work behind a password prompt; only the logged-in user (or an admin) unlocks."""
        from landdesk.ui.dialogs.common import PasswordPrompt

        if self.locked:
            return
        self.locked = True
        central = self.window.centralWidget()
        central.setVisible(False)
        wctx = self.window.wctx
        try:
            while True:
                title = QCoreApplication.translate("MainWindow", "LandDesk đã khóa")
                label = QCoreApplication.translate("MainWindow", "Nhập mật khẩu của %1 để mở khóa:").replace("%1", wctx.ws.actor.username)
                password = PasswordPrompt.ask(self.window, title, label)
                if password is None:
                    continue
                try:
                    wctx.ws.authenticate(wctx.ws.actor.username, password, via="unlock")
                    break
                except LandDeskError as exc:
                    QMessageBox.warning(self.window, title, exc.message(wctx.lang))
        finally:
            central.setVisible(True)
            self.locked = False
            self.set_minutes(self.minutes)
