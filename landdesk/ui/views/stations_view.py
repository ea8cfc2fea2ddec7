"""Workstations of one commune (docs/stations.md) in the window.

At the primary: the roster (enrol, revoke; each station's last exchange and the dossiers it does not hold
yet), an exchange through a USB stick or shared folder, the switch that lets stations synchronise over the
office network, and the station conflict queue (the province queue's screen: side by side, pick one).
At a station: which station this is, when it last synchronised, an exchange by USB or network ("Đồng bộ"),
and an automatic exchange every few minutes while the primary's address is set.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from landdesk.ui import settings as ui_settings
from landdesk.ui.tasks import Op
from landdesk.ui.views.registry import ViewSpec
from landdesk.ui.widgets.filepick import FilePick
from landdesk.ui.widgets.listing import listing_table

AUTO_MINUTES = 5
ADDRESS_SETTING = "stations/primary_address"
PORT_SETTING = "stations/port"
CHANGES = frozenset({"dossiers", "scans", "stations", "users"})


def tr(text: str) -> str:
    return QCoreApplication.translate("Stations", text)


def _when(value: str | None) -> str:
    if not value:
        return tr("chưa đồng bộ")
    from landdesk.domain.values import format_local_time

    try:
        return format_local_time(value)
    except ValueError:
        return value


class EnrolDialog(QDialog):
    """Name of the new workstation, the users allowed there, where to write its enrolment file."""

    def __init__(self, parent: QWidget | None, users: list[str]):
        super().__init__(parent)
        self.setWindowTitle(tr("Đăng ký máy trạm"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("ví dụ: Bàn tiếp dân 2"))
        self.users = QListWidget()
        for u in users:
            item = QListWidgetItem(u)
            item.setCheckState(_checked())
            self.users.addItem(item)
        self.users.setMaximumHeight(140)
        row = QHBoxLayout()
        self.out = QLineEdit()
        browse = QPushButton(tr("Chọn…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form.addRow(tr("Tên máy trạm:"), self.name)
        form.addRow(tr("Người dùng được phép:"), self.users)
        form.addRow(tr("Lưu tệp đăng ký vào:"), row)
        note = QLabel(tr("Tệp đăng ký chứa toàn bộ dữ liệu của xã, được mã hóa: chỉ người dùng được phép mới mở "
                         "được, bằng mật khẩu của mình."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 360)

    def _browse(self) -> None:
        path = FilePick.save(self, tr("Lưu tệp đăng ký máy trạm"), "may-tram.ldpkg", tr("Gói LandDesk (*.ldpkg)"))
        if path:
            self.out.setText(path)

    def value(self) -> tuple[str, list[str], Path] | None:
        users = [self.users.item(i).text() for i in range(self.users.count())
                 if self.users.item(i).checkState() == _checked()]
        name, out = self.name.text().strip(), self.out.text().strip()
        return (name, users, Path(out)) if name and out and users else None

    @classmethod
    def ask(cls, parent: QWidget | None, users: list[str]) -> tuple[str, list[str], Path] | None:
        dlg = cls(parent, users)
        return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None


def _checked():
    from PySide6.QtCore import Qt

    return Qt.CheckState.Checked


class StationConflictDialog(QDialog):
    """One station conflict side by side, as the province's queue shows its own; returns the choice."""

    def __init__(self, parent: QWidget | None, c, lang: str = "vi"):
        super().__init__(parent)
        self.setWindowTitle(tr("Xử lý xung đột máy trạm"))
        self.choice: str | None = None
        lay = QVBoxLayout(self)
        num = c.dossier_num if c.dossier_num is not None else c.dossier_id
        if c.kind in ("edit", "delete", "deleted"):
            what = {"edit": tr("Hồ sơ số {n}: trường '{f}' bị sửa ở máy chính và máy trạm {s}."),
                    "delete": tr("Hồ sơ số {n}: máy trạm {s} xóa hồ sơ mà nơi khác vừa sửa."),
                    "deleted": tr("Hồ sơ số {n}: máy trạm {s} sửa hồ sơ đã bị xóa ở máy chính.")}[c.kind]
            from landdesk.domain.replica import unit_label

            field = unit_label(c.field, c.primary_value or c.station_value, lang)
            lay.addWidget(QLabel(what.format(n=num, f=field, s=c.station)))
            row = QHBoxLayout()
            for title, value in ((tr("Giá trị của máy chính"), c.primary_value),
                                 (tr("Giá trị của máy trạm"), c.station_value)):
                box = QVBoxLayout()
                box.addWidget(QLabel(title))
                text = QPlainTextEdit(_show(value))
                text.setReadOnly(True)
                box.addWidget(text)
                row.addLayout(box)
            lay.addLayout(row)
            choices = (("primary", tr("Giữ giá trị của máy chính")), ("station", tr("Lấy giá trị của máy trạm")))
        else:
            kind = {"serial": tr("số seri GCN"), "cccd": tr("số CCCD (khác tên)"),
                    "parcel": tr("thửa đất (tờ/thửa/bản đồ)")}.get(c.kind, c.kind)
            lay.addWidget(QLabel(tr("Hồ sơ số {n} (máy trạm {s}) trùng {k} với hồ sơ số {o}.").format(
                n=num, s=c.station, k=kind, o=c.other_dossier_num or "?")))
            choices = (("keep_both", tr("Không trùng, giữ cả hai")), ("delete", tr("Xóa hồ sơ nhập sau")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        for value, text in choices:
            b = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            b.setObjectName(value)
            b.clicked.connect(lambda _=False, v=value: self._pick(v))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        if c.kind in ("edit", "delete", "deleted"):
            self.resize(700, 380)

    def _pick(self, value: str) -> None:
        self.choice = value
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, c, lang: str = "vi") -> str | None:
        dlg = cls(parent, c, lang)
        return dlg.choice if dlg.exec() == QDialog.DialogCode.Accepted else None


def _show(value) -> str:
    if value is None:
        return tr("(không có)")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=1)


class StationsView(QWidget):
    """The 'Máy trạm' page: the primary's roster and queue, or this station's own state."""

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.server = None
        self.role = ""
        self.stations: list = []
        self.conflicts: list = []
        self.settings = wctx.settings
        self.headline = QLabel()
        self.headline.setObjectName("stations_headline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-weight: bold")
        lay = QVBoxLayout(self)
        lay.addWidget(self.headline)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self.primary_page = self._primary_page()
        self.station_page = self._station_page()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.auto = QTimer(self)
        self.auto.setInterval(AUTO_MINUTES * 60 * 1000)
        self.auto.timeout.connect(lambda: self.sync_lan(quiet=True))
        self.refresh()

    # ---- pages ----
    def _button(self, text: str, name: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    def _primary_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        for text, name, slot in ((tr("Đăng ký máy trạm…"), "enrol", self.enrol),
                                 (tr("Thu hồi máy trạm đã chọn"), "revoke", self.revoke),
                                 (tr("Đồng bộ qua USB / thư mục…"), "sync_dir", self.sync_dir)):
            bar.addWidget(self._button(text, name, slot))
        bar.addStretch(1)
        lay.addLayout(bar)
        net = QHBoxLayout()
        self.listen = QCheckBox(tr("Cho phép máy trạm đồng bộ qua mạng, cổng"))
        self.listen.setObjectName("listen")
        self.listen.toggled.connect(self.set_listening)
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(ui_settings.value(self.settings, PORT_SETTING))
        self.listening = QLabel()
        net.addWidget(self.listen)
        net.addWidget(self.port)
        net.addWidget(self.listening, 1)
        lay.addLayout(net)
        self.roster = listing_table([tr("Mã"), tr("Tên máy trạm"), tr("Trạng thái"), tr("Lần đồng bộ cuối"),
                              tr("Hồ sơ chờ gửi"), tr("Số hồ sơ được cấp"), tr("Dấu vân tay khóa")])
        self.roster.setObjectName("roster")
        lay.addWidget(self.roster, 1)
        self.queue = listing_table([tr("Loại"), tr("Máy trạm"), tr("Hồ sơ số"), tr("Trường / trùng")])
        self.queue.setObjectName("station_conflicts")
        self.queue.doubleClicked.connect(lambda _i: self.resolve_selected())
        qpage = QWidget()
        ql = QVBoxLayout(qpage)
        ql.addWidget(self.queue)
        ql.addWidget(self._button(tr("Xử lý xung đột đã chọn…"), "resolve", self.resolve_selected))
        self.primary_tabs = (page, qpage)
        return page

    def _station_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.state = QLabel()
        self.state.setObjectName("station_state")
        self.state.setWordWrap(True)
        lay.addWidget(self.state)
        form = QFormLayout()
        self.address = QLineEdit(ui_settings.value(self.settings, ADDRESS_SETTING))
        self.address.setObjectName("primary_address")
        self.address.setPlaceholderText(tr("ví dụ 192.168.1.10:8765"))
        self.address.editingFinished.connect(self._address_changed)
        form.addRow(tr("Địa chỉ máy chính trong mạng:"), self.address)
        lay.addLayout(form)
        bar = QHBoxLayout()
        bar.addWidget(self._button(tr("Đồng bộ"), "sync_lan", lambda: self.sync_lan(quiet=False)))
        bar.addWidget(self._button(tr("Đồng bộ qua USB / thư mục…"), "station_sync_dir", self.sync_dir))
        bar.addStretch(1)
        lay.addLayout(bar)
        self.auto_note = QLabel(tr("Khi có địa chỉ máy chính, máy trạm tự đồng bộ {m} phút một lần.").format(m=AUTO_MINUTES))
        self.auto_note.setWordWrap(True)
        lay.addWidget(self.auto_note)
        lay.addStretch(1)
        return page

    # ---- data ----
    def refresh(self, changes=None, initiator=None) -> None:
        def load(ctx):
            from landdesk.services.stations import conflicts, enrol, station
            from landdesk.services.users import list_users

            st = station.status(ctx)
            if st["role"] == "station":
                return st, [], [], []
            return st, enrol.list_stations(ctx), conflicts.list_conflicts(ctx), [u.username for u in list_users(ctx)
                                                                                 if u.active]

        Op(self.wctx, load, parent=self, kind="read").success(self._show).run()

    def _show(self, data) -> None:
        st, self.stations, self.conflicts, self.users = data
        self.role = st["role"]
        info = self.wctx.ws.info
        self.tabs.clear()
        if self.role == "station":
            self.headline.setText(tr("Máy này là máy trạm {c} ({n}) của {x}.").format(
                c=st["station_code"], n=st["station_name"], x=info.commune_name))
            self.tabs.addTab(self.station_page, tr("Máy trạm này"))
            fmt = self._number
            blocks = ", ".join(f"{fmt(a)}–{fmt(b)}" for a, b in st["blocks"])
            self.state.setText(tr("Đồng bộ lần cuối: {w}. Hồ sơ nhập ở đây chưa gửi máy chính: {p}. "
                                  "Số hồ sơ được cấp: {b} (còn {l}). Dấu vân tay khóa máy chính: {f}.").format(
                w=_when(st["last_exchange_at"]), p=fmt(st["pending_dossiers"]), b=blocks, l=fmt(st["numbers_left"]),
                f=st["primary_fingerprint"]))
            self._address_changed()
            self.summary.setText("")
            return
        self.headline.setText(tr("Máy chính của {x}: chỉ máy này gửi dữ liệu lên tỉnh.").format(x=info.commune_name))
        self.tabs.addTab(self.primary_tabs[0], tr("Các máy trạm"))
        self.tabs.addTab(self.primary_tabs[1], tr("Xung đột máy trạm ({n})").format(n=len(self.conflicts)))
        status = {"enrolled": tr("chờ lần đồng bộ đầu"), "active": tr("đang hoạt động"), "revoked": tr("đã thu hồi")}
        self.roster.setRowCount(len(self.stations))
        for i, s in enumerate(self.stations):
            blocks = ", ".join(f"{self._number(a)}–{self._number(b)}" for a, b in s.blocks)
            for j, v in enumerate((s.code, s.name, status.get(s.status, s.status), _when(s.last_exchange_at),
                                   str(s.pending_dossiers), blocks, s.fingerprint)):
                self.roster.setItem(i, j, QTableWidgetItem(v))
        self.roster.resizeColumnsToContents()
        kinds = {"edit": tr("sửa cùng trường"), "delete": tr("xóa / sửa"), "deleted": tr("sửa hồ sơ đã xóa"),
                 "serial": tr("trùng số seri"), "cccd": tr("trùng CCCD"), "parcel": tr("trùng thửa")}
        self.queue.setRowCount(len(self.conflicts))
        for i, c in enumerate(self.conflicts):
            from landdesk.domain.replica import unit_label

            field = unit_label(c.field, c.primary_value or c.station_value, self.wctx.lang) if c.field else ""
            if c.kind in ("serial", "cccd", "parcel"):
                field = tr("trùng với hồ sơ số {n}").format(n=c.other_dossier_num or "?")
            for j, v in enumerate((kinds.get(c.kind, c.kind), c.station, str(c.dossier_num or ""), field)):
                self.queue.setItem(i, j, QTableWidgetItem(v))
        self.queue.resizeColumnsToContents()
        self.summary.setText(tr("{n} máy trạm; {q} xung đột chờ xử lý.").format(n=len(self.stations),
                                                                                 q=len(self.conflicts)))

    def _number(self, n: int) -> str:
        from landdesk.domain.values import format_number

        return format_number(n, self.wctx.lang)

    def _changed(self, _result=None) -> None:
        self.wctx.hub.changes_applied.emit(CHANGES, self)
        self.refresh()

    # ---- primary ----
    def enrol(self) -> None:
        got = EnrolDialog.ask(self, getattr(self, "users", []))
        if not got:
            return
        name, users, out = got
        ws = self.wctx.ws
        from landdesk.services.stations import enrol

        def done(res) -> None:
            s = res.station
            self.wctx.hub.status_message.emit(tr("Đã đăng ký máy trạm {c}; tệp: {p}").format(c=s.code, p=res.paths[-1]))
            self._changed()

        Op(self.wctx, lambda: enrol.enrol_station(ws, name, out, users=users), parent=self, kind="plain") \
            .with_progress(tr("Đang ghi tệp đăng ký…")).success(done).run()

    def revoke(self) -> None:
        row = self.roster.currentRow()
        if not (0 <= row < len(self.stations)):
            return
        code = self.stations[row].code
        from landdesk.services.stations import enrol

        Op(self.wctx, lambda ctx: enrol.revoke(ctx, code), parent=self).success(lambda _r: self.refresh()).run()

    def resolve_selected(self) -> None:
        row = self.queue.currentRow()
        if not (0 <= row < len(self.conflicts)):
            return
        c = self.conflicts[row]
        choice = StationConflictDialog.ask(self, c, self.wctx.lang)
        if not choice:
            return
        from landdesk.services.stations import conflicts

        Op(self.wctx, lambda ctx: conflicts.resolve(ctx, c.id, choice), parent=self) \
            .success(lambda _r: self.refresh()).run()

    def set_listening(self, on: bool) -> None:
        from landdesk.services.stations import lan

        if on and self.server is None:
            try:
                self.server = lan.StationServer(self.wctx.ws, "0.0.0.0", self.port.value()).start()
            except Exception as exc:  # noqa: BLE001 - the port is taken: one line, the switch off again
                from landdesk.ui.tasks import show_error

                show_error(self, exc, self.wctx.lang)
                self.listen.setChecked(False)
                return
            ui_settings.set_value(self.settings, PORT_SETTING, self.port.value())
            self.listening.setText(tr("đang chờ máy trạm ở cổng {p}").format(p=self.server.port))
        elif not on and self.server is not None:
            self.server.stop()
            self.server = None
            self.listening.setText("")
        self.port.setEnabled(self.server is None)

    # ---- both ----
    def sync_dir(self) -> None:
        folder = FilePick.folder(self, tr("Chọn thư mục hoặc ổ USB dùng chung với máy trạm / máy chính"))
        if not folder:
            return
        ws = self.wctx.ws
        from landdesk.services.stations import exchange

        def done(res) -> None:
            lines = [tr("Đã nhận {t} gói, đã ghi {s} gói vào {f}.").format(t=len(res.taken), s=len(res.sent), f=folder)]
            lines += [tr("TỪ CHỐI: {e}").format(e=r["error"]) for r in res.refused]
            self.wctx.hub.status_message.emit(" ".join(lines))
            if res.refused:
                from landdesk.domain.errors import LandDeskError
                from landdesk.ui.tasks import show_error

                show_error(self, LandDeskError("\n".join(lines), "\n".join(lines)), self.wctx.lang)
            self._changed()

        Op(self.wctx, lambda: exchange.sync_dir(ws, Path(folder)), parent=self, kind="plain") \
            .with_progress(tr("Đang đồng bộ…")).success(done).run()

    def _address_changed(self) -> None:
        text = self.address.text().strip()
        ui_settings.set_value(self.settings, ADDRESS_SETTING, text)
        if text and self.role == "station":
            self.auto.start()
        else:
            self.auto.stop()

    def sync_lan(self, quiet: bool) -> None:
        address = self.address.text().strip()
        if not address:
            if not quiet:
                self.address.setFocus()
            return
        ws = self.wctx.ws
        from landdesk.services.stations import lan

        op = Op(self.wctx, lambda: lan.sync_lan(ws, address), parent=self, kind="plain").success(self._changed)
        if quiet:  # the automatic exchange: the primary not listening now is no error to show
            op.failure(lambda exc: self.wctx.hub.status_message.emit(tr("Chưa đồng bộ được với máy chính.")))
        else:
            op.with_progress(tr("Đang đồng bộ với máy chính…"))
        op.run()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.set_listening(False)
        super().closeEvent(event)


def make_stations_view(wctx) -> StationsView:
    return StationsView(wctx)


def _commune_desk(wctx) -> bool:
    return getattr(wctx.ws.info, "kind", "commune") == "commune"


VIEWS = [ViewSpec("stations", title=lambda: QCoreApplication.translate("Views", "Máy trạm"),
                  factory=make_stations_view, order=85, available=_commune_desk)]


def station_banner(ctx) -> str | None:
    """The status bar's note on a station: which one, and when it last synchronised (None elsewhere)."""
    from landdesk.services.stations import station

    st = station.status(ctx)
    if st["role"] != "station":
        return None
    return tr("Máy trạm {c} · đồng bộ lần cuối: {w}").format(c=st["station_code"], w=_when(st["last_exchange_at"]))
