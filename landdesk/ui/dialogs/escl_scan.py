"""“Quét từ máy quét mạng”: pick a network (eSCL/AirScan) scanner — found on the network or typed once
and remembered — choose feeder or flatbed, 200/300 dpi, colour or grey, and scan into the dossier or
the batch tray (cover sheets split the batch). Each page is stored as it arrives and shows at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.services.capture import escl_scan, photos
from landdesk.ui.tasks import Op, error_text


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Capture", text, None, n)  # n: a count, for the plural form ("1 dossier", "2 dossiers")


class ScannerFinder:
    """mDNS discovery behind one seam (tests patch it: no multicast leaves a test machine)."""

    @classmethod
    def find(cls, seconds: float = 3.0) -> list[escl_scan.FoundScanner]:
        return escl_scan.discover(seconds)


class _Bridge(QObject):
    stored = Signal(object)  # IntakeReport of one page, from the worker thread


class EsclScanDialog(QDialog):
    finished_scan = Signal(object)  # ScanReport (tests wait on it)

    def __init__(self, wctx, dossier_id: str | None, kind: str = "gcn", parent=None):
        super().__init__(parent)
        self.wctx, self.dossier_id, self.kind = wctx, dossier_id, kind
        self.setWindowTitle(tr("Quét từ máy quét mạng"))
        self.setObjectName("esclScanDialog")
        self.report: escl_scan.ScanReport | None = None
        self._bridge = _Bridge()
        self._bridge.stored.connect(self._page_stored, Qt.ConnectionType.QueuedConnection)
        self.target = QLabel("")
        self.target.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.scanner = QComboBox()
        self.scanner.setObjectName("esclScanner")
        self.scanner.setEditable(True)
        self.scanner.setMinimumWidth(360)
        self.scanner.lineEdit().setPlaceholderText("http://192.168.1.20/eSCL")
        self.find_button = QPushButton(tr("Tìm trong mạng"))
        self.find_button.setObjectName("esclFind")
        self.find_button.clicked.connect(self.find)
        pick = QHBoxLayout()
        pick.addWidget(self.scanner, 1)
        pick.addWidget(self.find_button)
        self.feeder, self.flatbed = QRadioButton(tr("Khay nạp giấy (nhiều trang)")), QRadioButton(tr("Mặt kính (một trang)"))
        self.feeder.setChecked(True)
        self.colour, self.grey = QRadioButton(tr("Màu")), QRadioButton(tr("Xám"))
        self.colour.setChecked(True)
        self.dpi = QComboBox()
        for d in (300, 200):
            self.dpi.addItem(f"{d} dpi", d)
        form = QFormLayout()
        form.addRow(tr("Máy quét:"), _row(pick))
        form.addRow(tr("Nguồn giấy:"), _radios(self.feeder, self.flatbed))
        form.addRow(tr("Độ phân giải:"), self.dpi)
        form.addRow(tr("Màu sắc:"), _radios(self.colour, self.grey))
        self.status = QLabel(tr("Nhập địa chỉ máy quét một lần (xem trên màn hình của máy in hoặc trang cấu hình), "
                                "hoặc bấm “Tìm trong mạng”. Máy quét được ghi nhớ cho lần sau."))
        self.status.setObjectName("esclStatus")
        self.status.setWordWrap(True)
        self.log = QListWidget()
        self.log.setObjectName("esclLog")
        self.scan_button = QPushButton(tr("Quét"))
        self.scan_button.setObjectName("esclScan")
        self.scan_button.setDefault(True)
        self.scan_button.clicked.connect(self.scan)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.scan_button, QDialogButtonBox.ButtonRole.ActionRole)
        lay = QVBoxLayout(self)
        lay.addWidget(self.target)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.log, 1)
        lay.addWidget(buttons)
        self.resize(640, 460)
        Op(wctx, lambda ctx: (photos.target(ctx, dossier_id), escl_scan.known_scanners(ctx)), parent=self,
           kind="read").success(self._loaded).run()

    def _loaded(self, found) -> None:
        (_did, vi, en), known = found
        if self.dossier_id is None:
            vi, en = vi + " — tờ bìa chia tập quét theo hồ sơ", en + " — cover sheets split the batch"
        self.target.setText(vi if self.wctx.lang == "vi" else en)
        for url in known:
            self.scanner.addItem(url, url)

    def find(self) -> None:
        self.find_button.setEnabled(False)
        self.status.setText(tr("Đang tìm máy quét trong mạng văn phòng…"))
        Op(self.wctx, lambda: ScannerFinder.find(), parent=self, kind="plain") \
            .success(self._found).failure(self._find_failed).run()

    def _found(self, found: list) -> None:
        self.find_button.setEnabled(True)
        for f in found:
            if self.scanner.findData(f.url) < 0:
                self.scanner.addItem(f"{f.name} — {f.url}", f.url)
        if found:
            self.scanner.setCurrentIndex(self.scanner.findData(found[0].url))
        self.status.setText(tr("Tìm thấy {n} máy quét.", len(found)).format(n=len(found)) if found else
                            tr("Không tìm thấy máy quét nào; hãy nhập địa chỉ của nó."))

    def _find_failed(self, exc) -> None:
        self.find_button.setEnabled(True)
        self.status.setText(error_text(exc, self.wctx.lang))

    def url(self) -> str:
        data = self.scanner.currentData()
        text = self.scanner.currentText().strip()
        return data if data and text == self.scanner.itemText(self.scanner.currentIndex()) else text

    def request(self) -> escl_scan.ScanRequest:
        return escl_scan.ScanRequest("feeder" if self.feeder.isChecked() else "flatbed", self.dpi.currentData(),
                                     self.colour.isChecked())

    def scan(self) -> None:
        url = self.url()
        if not url:
            self.status.setText(tr("Hãy nhập địa chỉ máy quét."))
            return
        ws, did, kind, req = self.wctx.ws, self.dossier_id, self.kind, self.request()
        self.scan_button.setEnabled(False)
        self.status.setText(tr("Đang quét…"))
        Op(self.wctx, lambda job: escl_scan.scan_into(ws, url, did, kind, req, progress=job.progress,
                                                      cancel=job.cancel, on_stored=self._bridge.stored.emit),
           parent=self, kind="plain").with_progress(tr("Đang nhận trang từ máy quét…")) \
            .success(self._scanned).failure(self._scan_failed).run()

    def _page_stored(self, rep) -> None:
        lang = self.wctx.lang
        for a in rep.added:
            where = tr("hồ sơ số {n}").format(n=a.dossier_num) if a.dossier_id else tr("khay chưa gán")
            self.log.insertItem(0, f"✓ {where}, {a.kind.upper()} {tr('trang')} {a.position}")
        for r in rep.refused:
            self.log.insertItem(0, "✗ " + r.message(lang))
        self.wctx.hub.changes_applied.emit(frozenset({Change.SCANS, Change.DOSSIERS}), self)

    def _scanned(self, report) -> None:
        self.report = report
        self.scan_button.setEnabled(True)
        lang = self.wctx.lang
        text = tr("Đã lưu {n} trang từ máy quét.", len(report.pages)).format(n=len(report.pages))
        if report.error is not None:
            text += " " + report.error.message(lang)
        self.status.setText(text)
        self.finished_scan.emit(report)

    def _scan_failed(self, exc) -> None:
        self.scan_button.setEnabled(True)
        self.status.setText(error_text(exc, self.wctx.lang))

    @classmethod
    def ask(cls, parent, wctx, dossier_id: str | None, kind: str = "gcn") -> None:
        cls(wctx, dossier_id, kind, parent).exec()


def _row(layout) -> QWidget:
    w = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    w.setLayout(layout)
    return w


def _radios(*buttons: QRadioButton) -> QWidget:
    box = QHBoxLayout()
    group = QButtonGroup(buttons[0])
    for b in buttons:
        group.addButton(b)
        box.addWidget(b)
    box.addStretch(1)
    return _row(box)
