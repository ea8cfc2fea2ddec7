"""“Chụp bằng điện thoại”: a QR code of a one-time address on the office network; the phone's browser
opens it and sends photos, which arrive in the dossier (or the unassigned tray) as they are taken.

The server (services.capture.phone) runs only while this dialog is open and for at most 30 minutes.
Each photo is stored through the window's one database worker (an Op on the GUI thread, asked for by
the server's thread through a queued signal), so the change broadcast shows the page at once.
"""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from landdesk.domain.errors import LandDeskError
from landdesk.media.qr import qr_image
from landdesk.services.capture import netaddr, phone, photos
from landdesk.ui.tasks import Op, error_text
from landdesk.ui.widgets.page_view import pil_to_qimage

WAIT_FOR_STORE = 120.0


def tr(text: str) -> str:
    return QCoreApplication.translate("Capture", text)


class _Bridge(QObject):
    """Carries an upload from the server's thread to the GUI thread."""

    upload = Signal(object)  # (path, name, kind, Future)


class PhoneCaptureDialog(QDialog):
    received = Signal(object)  # phone.Received, on the GUI thread (tests wait on it)

    def __init__(self, wctx, dossier_id: str | None, kind: str = "gcn", parent=None, *, host: str | None = None,
                 minutes: float = phone.MAX_MINUTES):
        super().__init__(parent)
        self.wctx, self.dossier_id, self.kind, self.minutes = wctx, dossier_id, kind, minutes
        self.setWindowTitle(tr("Chụp bằng điện thoại"))
        self.setObjectName("phoneCaptureDialog")
        self.server: phone.PhoneServer | None = None
        self.pages = 0
        self._bridge = _Bridge()
        self._bridge.upload.connect(self._store, Qt.ConnectionType.QueuedConnection)
        self._received_bridge = _Bridge()
        self._received_bridge.upload.connect(lambda r: self._show_result(r), Qt.ConnectionType.QueuedConnection)
        self.target = QLabel("")
        self.target.setObjectName("phoneTarget")
        self.target.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.qr = QLabel()
        self.qr.setObjectName("phoneQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(300, 300)
        self.address = QLabel("")
        self.address.setObjectName("phoneAddress")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setWordWrap(True)
        self.hosts = QComboBox()
        self.hosts.setObjectName("phoneHosts")
        for a in ([host] if host else netaddr.lan_addresses() or ["127.0.0.1"]):
            self.hosts.addItem(a, a)
        self.hosts.setToolTip(tr("Địa chỉ của máy tính này trong mạng văn phòng (điện thoại phải cùng mạng)"))
        self.hosts.currentIndexChanged.connect(lambda _: self.restart())
        self.countdown = QLabel("")
        self.countdown.setObjectName("phoneCountdown")
        hint = QLabel(tr("1. Điện thoại kết nối cùng mạng Wi-Fi của văn phòng.\n2. Mở máy ảnh của điện thoại, quét mã "
                         "QR này rồi mở địa chỉ.\n3. Chọn loại giấy tờ, bấm “Chụp trang”; mỗi ảnh hiện ngay ở đây."))
        hint.setWordWrap(True)
        self.log = QListWidget()
        self.log.setObjectName("phoneLog")
        self.renew = QPushButton(tr("Mã mới"))
        self.renew.setToolTip(tr("Kết thúc địa chỉ này và tạo địa chỉ mới"))
        self.renew.clicked.connect(self.restart)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(self.qr)
        left.addWidget(self.address)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Địa chỉ máy tính:")))
        row.addWidget(self.hosts, 1)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.target)
        right.addWidget(hint)
        right.addWidget(self.countdown)
        right.addWidget(QLabel(tr("Trang đã nhận:")))
        right.addWidget(self.log, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.renew)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addLayout(bottom)
        self.resize(760, 480)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self._label_vi = ""
        Op(wctx, lambda ctx: photos.target(ctx, dossier_id), parent=self, kind="read") \
            .success(self._targeted).failure(self._failed).run()

    # ---- the session --------------------------------------------------------------------------

    def _targeted(self, found) -> None:
        _did, label_vi, label_en = found
        self._label_vi = label_vi
        self.target.setText(label_vi if self.wctx.lang == "vi" else label_en)
        self.restart()

    def _failed(self, exc) -> None:
        self.target.setText(error_text(exc, self.wctx.lang))

    def restart(self) -> None:
        """A new address (new token); the old one stops answering."""
        self.stop()
        host = self.hosts.currentData()
        if not host or not self._label_vi:
            return
        work = photos.work_folder(self.wctx.ws.root)
        self.server = phone.PhoneServer(self._store_from_server, host=host, minutes=self.minutes, kind=self.kind,
                                        target=self._label_vi, work_dir=work,
                                        on_received=self._received_bridge.upload.emit)
        try:
            url = self.server.start()
        except LandDeskError as exc:
            self.server = None
            self.address.setText(exc.message(self.wctx.lang))
            return
        self.address.setText(url)
        self.qr.setPixmap(QPixmap.fromImage(pil_to_qimage(qr_image(url, 6))).scaled(
            290, 290, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))
        self.timer.start()
        self._tick()

    def stop(self) -> None:
        self.timer.stop()
        if self.server is not None:
            self.server.stop()
            self.server = None

    def _tick(self) -> None:
        if self.server is None:
            return
        left = int(self.server.seconds_left())
        if left <= 0:
            self.stop()
            self.qr.clear()
            self.countdown.setText(tr("Địa chỉ đã hết hạn. Bấm “Mã mới” để tiếp tục chụp."))
            return
        self.countdown.setText(tr("Địa chỉ còn dùng được {m:02d}:{s:02d}").format(m=left // 60, s=left % 60))

    def done(self, result: int) -> None:  # closing in any way ends the session: nothing listens after
        self.stop()
        super().done(result)

    # ---- storing (the server's thread asks, the GUI thread stores through the Op) -------------

    def _store_from_server(self, path, name, kind) -> phone.Received:
        fut: Future = Future()
        self._bridge.upload.emit((path, name, kind, fut))
        try:
            return fut.result(timeout=WAIT_FOR_STORE)
        except Exception:
            return phone.Received(False, "Máy tính không lưu kịp ảnh này; hãy gửi lại.",
                                  "The PC could not store this photo in time; send it again.")

    def _store(self, item) -> None:
        path, name, kind, fut = item
        did = self.dossier_id

        def done(res) -> None:
            if not fut.done():
                fut.set_result(photos.received(res))

        def failed(exc) -> None:
            if not fut.done():
                msg = exc if isinstance(exc, LandDeskError) else LandDeskError(
                    "Máy tính không lưu được ảnh này.", "The PC could not store this photo.")
                fut.set_result(phone.Received(False, msg.vi, msg.en))

        Op(self.wctx, lambda ctx: photos.add_photo(ctx, path, name, did, kind), parent=self) \
            .success(done).failure(failed).run(initiator=self)

    def _show_result(self, r: phone.Received) -> None:
        if r.ok:
            self.pages += 1
        self.log.insertItem(0, ("✓ " if r.ok else "✗ ") + r.message(self.wctx.lang))
        self.received.emit(r)

    @classmethod
    def ask(cls, parent, wctx, dossier_id: str | None, kind: str = "gcn") -> int:
        """Open the session; the number of pages received when the officer closes it."""
        dlg = cls(wctx, dossier_id, kind, parent)
        dlg.exec()
        return dlg.pages

