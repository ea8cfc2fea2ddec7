"""The officer's whole day in the window, from the keyboard and the mouse, with no command-line step (issue 13):
first start (the set-up wizard) → entry of a dossier → scans (the window's own action; only the file dialog
is answered) → checks → backup → the province profile → export to a chosen folder → the province's receipt
(made by a real province desk through its service) applied → quit (the automatic backup on exit). The
database is checked after each step.

app.run() is modal (dialogs, then the main loop): a Driver acts from a timer inside those loops, one step at
a time, as the officer would; modal dialogs are opened by a zero-time timer so that the driver keeps acting
inside them.
"""

from __future__ import annotations

import io
import json
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from tests.ui.keys import type_text

PASSWORD = "Dat-Dai-Bac-Giang-25"


def _state() -> str:
    """What the app was doing when a step never came true: its visible windows and its threads' stacks
    (a hang once seen in a full run and not again, so the next one says where it was)."""
    shown = [f"{type(w).__name__} {w.windowTitle()!r}" for w in QApplication.topLevelWidgets() if w.isVisible()]
    names = {t.ident: t.name for t in threading.enumerate()}
    stacks = [f"-- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame)[-6:])
              for ident, frame in sys._current_frames().items() if ident != threading.get_ident()]
    return "visible: " + "; ".join(shown) + "\n" + "\n".join(stacks)


class Driver:
    """Runs `steps` in order from the event loop, each called every few ms until it returns True."""

    def __init__(self, steps, timeout: float = 240.0):
        self.steps = list(steps)
        self.done: list[str] = []
        self.start = time.monotonic()
        self.times: list[float] = []
        self.deadline = time.monotonic() + timeout
        self.failed: BaseException | None = None
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self._busy = False

    def _tick(self) -> None:
        if self._busy or not self.steps:
            return
        if time.monotonic() > self.deadline:
            self.failed = TimeoutError(f"stuck at {self.steps[0].__name__} after {self.done}\n{_state()}")
            self._abort()
            return
        self._busy = True
        try:
            if self.steps[0]():
                self.done.append(self.steps.pop(0).__name__)
                self.times.append(round(time.monotonic() - self.start, 1))
        except BaseException as exc:  # a failed assertion inside the app's loops: end the run, report it
            self.failed = exc
            self._abort()
        finally:
            self._busy = False
        if not self.steps:
            self.timer.stop()

    def _abort(self) -> None:
        self.timer.stop()
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()
            w.hide()
        for loop in LOOPS:
            loop.quit()


LOOPS: list = []


def visible(cls):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)


def later(fn) -> None:
    """Start `fn` (which opens a modal dialog) from the event loop, not from inside the driver's step."""
    QTimer.singleShot(0, fn)


@pytest.fixture
def main_loop(monkeypatch):
    """run() ends in app.exec(): a local event loop instead (QApplication.quit() would leave the application
    quitting for the tests that follow)."""
    from PySide6.QtCore import QEventLoop

    LOOPS.clear()

    def exec_(self):
        loop = QEventLoop()
        LOOPS.append(loop)
        return loop.exec()

    monkeypatch.setattr(QApplication, "exec", exec_)
    yield LOOPS


@pytest.fixture(autouse=True)
def _vietnamese_after():
    yield
    from landdesk.ui import app

    app.install_language(app.ensure_app(), "vi")


def _jpeg(path: Path, seed: int) -> Path:
    img = Image.new("RGB", (2480, 3508), (250, 250, 245))
    for y in range(400, 3000, 120):  # lines of "text" on an A4 page at 300 dpi
        img.paste((40 + seed * 30, 40, 40), (300, y, 2180, y + 28))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85, dpi=(300, 300))
    path.write_bytes(buf.getvalue())
    return path


def _db(root: Path):
    from landdesk.workspace import Workspace

    return Workspace.open(root)


def test_the_whole_day_from_the_window(qtbot, tmp_path, monkeypatch, main_loop):
    from landdesk.services import backup
    from landdesk.services.packages import keys
    from landdesk.services.province import importer
    from landdesk.services.province import profile as prov_profile
    from landdesk.storage.commune.models import DossierRow
    from landdesk.storage.desk_models import AuditEntry
    from landdesk.ui import app
    from landdesk.ui.dialogs.backup import BackupDialog
    from landdesk.ui.dialogs.send_province import ExportDoneDialog, SendDialog
    from landdesk.ui.dialogs.setup import BackupKeyDialog, LoginDialog, SetupWizard
    from landdesk.ui.main_window import MainWindow
    from landdesk.ui.widgets.filepick import FilePick
    from landdesk.workspace.province import ProvinceDesk

    root = tmp_path / "LandDesk" / "Phuong-Bac-Giang"
    usb = tmp_path / "usb"
    pages = [_jpeg(tmp_path / f"trang-{i}.jpg", i) for i in range(2)]
    desk = ProvinceDesk.create(tmp_path / "tinh", "24", password=PASSWORD)
    profile_file = desk.read(lambda ctx: prov_profile.export_profile(ctx, tmp_path / "ho-so-tinh.ldpkg"))
    answers: dict = {}  # what the only patched method (the file dialog) answers, set before each use
    monkeypatch.setattr(FilePick, "open_many", classmethod(lambda cls, parent, title, pattern: answers.pop("many")))
    monkeypatch.setattr(FilePick, "open", classmethod(lambda cls, parent, title, pattern: answers.pop("one")))
    monkeypatch.setattr(FilePick, "folder", classmethod(lambda cls, parent, title, start="": answers.pop("folder")))
    seen: dict = {}

    def win() -> MainWindow:
        # This test's window only: a window another test left shown in this process is not the day's.
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
                     and w.wctx.ws.root.resolve() == root.resolve()), None)

    def db_read(fn):
        with _db(root) as w:
            return w.read(fn)

    def statuses(ctx):
        return ctx.session.execute(select(DossierRow.num, DossierRow.status, DossierRow.province_status)).all()

    # ---- first start: the set-up wizard ------------------------------------------------------------
    def wizard() -> bool:
        wiz = visible(SetupWizard)
        if wiz is None:
            return False
        place = wiz.place
        if hasattr(place, "search"):  # the commune found by name, typed without accents
            place.search.setFocus()
            type_text("bac giang", place.search)
        else:
            place.province.setCurrentIndex(place.province.findData("24"))
            place.commune.setCurrentIndex(place.commune.findData("07210"))
        if not wiz.currentPage().isComplete():
            return False
        qtbot.mouseClick(wiz.button(wiz.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        wiz.folder.folder.setText(str(root))
        qtbot.mouseClick(wiz.button(wiz.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        admin = wiz.admin
        admin.full_name.setFocus()
        type_text("Nguyễn Thị Lan", admin.full_name)
        for field in (admin.password, admin.password2):
            field.setFocus()
            type_text(PASSWORD, field)
        while wiz.currentPage() is not wiz.page(wiz.pageIds()[-1]):
            qtbot.mouseClick(wiz.button(wiz.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        later(lambda: qtbot.mouseClick(wiz.button(wiz.WizardButton.FinishButton), Qt.MouseButton.LeftButton))
        return True

    def backup_key_shown_once() -> bool:
        dlg = visible(BackupKeyDialog)
        if dlg is None:
            return False
        seen["key"] = dlg.key.text()
        dlg.accept()
        return True

    def logged_in() -> bool:
        dlg = visible(LoginDialog)
        if dlg is not None and dlg.ws is not None:  # (a start that asks again after the wizard)
            dlg.password.setText(PASSWORD)
            dlg.try_login()
        w = win()
        if w is None or "form" not in w.view_ids() or w.wctx.runner.pending:
            return False
        assert w.wctx.ws.info.commune_code == "07210" and w.wctx.ws.actor.username == "admin"
        with _db(root) as w2:
            assert w2.read(lambda ctx: len(statuses(ctx))) == 0
        return True

    # ---- entry of a dossier from the keyboard --------------------------------------------------------
    def enter_dossier() -> bool:
        w = win()
        w.activateWindow()
        if QApplication.activeWindow() is not w:
            return False  # shortcuts reach the active window only: the next tick, once it is
        w.page("records").table.setFocus()
        qtbot.keyClick(w.page("records").table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        editor = w.page("form")
        assert w.current_view_id() == "form"

        def data(text):
            type_text(text)

        def enter():
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

        def chord(key):
            qtbot.keyClick(QApplication.focusWidget(), key,
                           Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

        editor.cert.fields["serial"].setFocus()
        data("CS 654321"); enter()  # noqa: E702
        data("17/05/2012"); enter()  # noqa: E702
        data("CH 00777"); enter()  # noqa: E702
        data("Tổ dân phố số 2")
        chord(Qt.Key.Key_H)
        data("Nguyễn Văn Bình"); enter()  # noqa: E702
        data("024080012345"); enter()  # noqa: E702
        enter()
        data("02/03/1980"); enter()  # noqa: E702
        enter()
        data("Tổ dân phố số 2, Phường Bắc Giang"); enter()  # noqa: E702
        data("ca nhan"); enter()  # noqa: E702
        chord(Qt.Key.Key_T)
        data("12"); enter()  # noqa: E702
        data("345"); enter()  # noqa: E702
        data("250"); enter()  # noqa: E702
        enter()
        data("ont"); enter()  # noqa: E702
        data("250")
        with qtbot.waitSignal(editor.saved, timeout=20000) as sig:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        seen["dossier"] = sig.args[0]
        # Read at once by another connection, as another process would: the save has committed. (Once this
        # read nothing: the window typed into was one another test had left shown, on its own workspace;
        # win() now takes this test's window only.)
        rows = db_read(statuses)
        assert [(n, st) for n, st, _ in rows] == [(1, "entered")], (rows, editor.dossier and editor.dossier.id, sig.args)
        return True

    # ---- scans through the scan panel's own "add pages" action -------------------------------------
    def add_scans() -> bool:
        editor = win().page("form")
        panel = editor.panel
        assert panel.dossier_id == seen["dossier"]
        answers["many"] = [str(p) for p in pages]
        qtbot.mouseClick(panel.buttons["add"], Qt.MouseButton.LeftButton)
        return True

    def scans_stored() -> bool:
        from landdesk.storage.commune.scan_models import ScanPage

        w = win()
        if w.wctx.runner.pending:
            return False
        n = db_read(lambda ctx: ctx.session.execute(
            select(ScanPage.id).where(ScanPage.dossier_id == seen["dossier"], ScanPage.deleted_at.is_(None))).all())
        return len(n) == 2  # (each page is its own transaction: wait for both; the driver's deadline fails it)

    # ---- the checks: F9 moves the clean dossier to "Đã kiểm tra" -------------------------------------
    def check() -> bool:
        w = win()
        w.activateWindow()  # (the scans' progress dialog had the focus last)
        if not w.isActiveWindow():
            return False
        qtbot.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_F9)
        assert w.current_view_id() == "review", (w.current_view_id(), QApplication.focusWidget())
        return True

    def checked() -> bool:
        w = win()
        review = w.page("review")
        if review._checking or w.wctx.runner.pending or not review.problems_summary.text():
            return False
        assert db_read(statuses) == [(1, "checked", "")], [(g.rule, [f.message("vi") for f in g.findings])
                                                           for g in review.groups]
        return True

    # ---- backup from the status bar's button to a chosen folder ---------------------------------------
    def backup_button() -> bool:
        later(lambda: qtbot.mouseClick(win().lbl_backup, Qt.MouseButton.LeftButton))
        return True

    def backup_dialog() -> bool:
        dlg = visible(BackupDialog)
        if dlg is None:
            return False
        answers["folder"] = str(usb)
        qtbot.mouseClick(dlg.picker.browse, Qt.MouseButton.LeftButton)
        assert dlg.picker.path() == str(usb)
        later(lambda: qtbot.mouseClick(dlg.go, Qt.MouseButton.LeftButton))
        return True

    def close_box(name):
        def step() -> bool:
            box = visible(QMessageBox)
            if box is None:
                return False
            seen[name] = box.text()
            box.accept()
            return True

        step.__name__ = f"close_{name}"
        return step

    def backed_up() -> bool:
        if not win().lbl_backup.text().startswith("Sao lưu gần nhất") or win().wctx.runner.pending:
            return False  # (the status bar reads the new figures after the backup is recorded)
        made = [p for p in usb.glob("landdesk-backup-07210-*") if (p / "manifest.json").is_file()]
        assert len(made) == 1
        backup.verify_backup(made[0], key=seen["key"])  # the key shown once opens it
        assert db_read(lambda ctx: __import__("landdesk.services.backup_auto", fromlist=["x"])
                       .backup_overview(ctx).last_path) == str(made[0])
        assert win().lbl_backup.styleSheet() == ""  # no longer red
        return True

    # ---- the province profile, then the export to a chosen folder ------------------------------------
    def import_profile() -> bool:
        answers["one"] = str(profile_file)
        later(lambda: win().findChild(type(win().act_new), "actionImportProfile").trigger())
        return True

    def send() -> bool:
        seen["profile"] = db_read(lambda ctx: __import__("landdesk.services.packages.profile", fromlist=["x"])
                                  .current_profile(ctx))
        assert seen["profile"].fingerprint == desk.fingerprint()
        later(lambda: win().findChild(type(win().act_new), "actionSendProvince").trigger())
        return True

    def send_dialog() -> bool:
        dlg = visible(SendDialog)
        if dlg is None:
            return False
        assert dlg.encrypt.isChecked() and dlg.volumes.currentData() == 4000
        answers["folder"] = str(usb / "gui-tinh")
        qtbot.mouseClick(dlg.picker.browse, Qt.MouseButton.LeftButton)
        later(lambda: qtbot.mouseClick(dlg.go, Qt.MouseButton.LeftButton))
        return True

    def exported() -> bool:
        dlg = visible(ExportDoneDialog)
        if dlg is None:
            return False
        files = sorted((usb / "gui-tinh").glob("*.ldpkg"))
        assert [f.name for f in files] == ["07210-000001-changes.ldpkg"]
        seen["package"] = files
        dlg.reject()
        assert db_read(statuses) == [(1, "checked", "sent")]
        entries = db_read(lambda ctx: ctx.session.execute(
            select(AuditEntry.changes).where(AuditEntry.action == "export_package")).scalars().all())
        assert len(entries) == 1 and {"field": "encrypted", "old": None, "new": True} in json.loads(entries[0])
        return True

    # ---- the province answers (its own desk, through its service); the receipt applied in the window --
    def receipt() -> bool:
        from landdesk.services.province import roster

        public = db_read(keys.public_key_b64)
        desk.transact(lambda ctx: roster.add_key(ctx, "07210", public))
        result = importer.import_package(desk, seen["package"], receipts_dir=tmp_path / "bien-nhan")
        assert result.counts.get("accepted") == 1, result
        answers["many"] = [result.receipt]
        later(lambda: win().findChild(type(win().act_new), "actionApplyReceipts").trigger())
        return True

    def accepted() -> bool:
        if "receipt" not in seen:
            return False
        assert "tỉnh nhận 1" in seen["receipt"], seen["receipt"]
        assert db_read(statuses) == [(1, "checked", "accepted")]
        return True

    # ---- the end of the day: Ctrl+Q, the automatic backup on exit -----------------------------------
    def quit_() -> bool:
        w = win()
        if w.wctx.runner.pending:
            return False
        w.activateWindow()  # (the receipt's box had the focus last)
        if not w.isActiveWindow():
            return False
        seen["window"] = w
        qtbot.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        return True

    def closed() -> bool:
        w = seen["window"]
        if w.isVisible():
            if time.monotonic() > seen.setdefault("quit_at", time.monotonic()) + 1:
                w.act_quit.trigger()  # File → Thoát (a platform without a standard Quit key)
            return False
        LOOPS[-1].quit()  # (what closing the last window does outside a test run)
        return True

    steps = [wizard, backup_key_shown_once, logged_in, enter_dossier, add_scans, scans_stored, check, checked,
             backup_button, backup_dialog, close_box("backup"), backed_up, import_profile, close_box("profile"),
             send, send_dialog, exported, receipt, close_box("receipt"), accepted, quit_, closed]
    qapp = QApplication.instance()
    qapp.setQuitOnLastWindowClosed(False)
    driver = Driver(steps)
    monkeypatch.setattr("landdesk.ui.app.error_box", lambda exc, lang: seen.setdefault("errors", []).append(exc))
    try:
        code = app.run(tmp_path / "LandDesk", lang="vi")
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    print("step times", list(zip(driver.done, driver.times, strict=True)))
    if driver.failed is not None:
        driver.failed.add_note(f"error boxes: {seen.get('errors')}")
        raise driver.failed
    assert code == 0 and driver.done == [s.__name__ for s in steps] and "errors" not in seen
    autos = [p for p in (root / "backups").glob("landdesk-backup-*") if (p / "manifest.json").is_file()]
    assert [json.loads((p / "manifest.json").read_text())["trigger"] for p in autos] == ["auto"]
    desk.close()
