"""The Form 01 import wizard: pick a file → check it (dry run) → import.

Step 1 picks the workbook and the mode (all-or-nothing / valid rows only). Step 2 runs the same
dry run as `landdesk import form01 --dry-run`: which sheet and column map were found, legacy text
converted, what would be added / updated / refused, and each problem with its row and column; the
columns can be mapped by hand (and the map kept), the problems saved as a workbook. Finishing runs
the import itself through Op (progress, cancel, one error dialog, one change broadcast).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from landdesk.domain.errors import LandDeskError
from landdesk.services import importing
from landdesk.services.importing.problem_report import write_problem_report
from landdesk.services.importing.readers import supported_extensions
from landdesk.ui.dialogs.column_mapping import ColumnMappingDialog
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.filepick import EXCEL, FilePick

MAX_SHOWN_PROBLEMS = 1000


def tr(text: str) -> str:
    return QCoreApplication.translate("Workbooks", text)


class FilePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(tr("Chọn tệp Mẫu 01"))
        self.setSubTitle(tr("Tệp Excel (xlsx, xls), LibreOffice (ods) hoặc CSV do xã đã nhập."))
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(tr("Chọn tệp…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.all_or_nothing = QRadioButton(tr("Chỉ nhập khi mọi dòng đều hợp lệ (tất cả hoặc không)"))
        self.valid_only = QRadioButton(tr("Nhập các hồ sơ hợp lệ, bỏ qua hồ sơ có dòng lỗi"))
        self.all_or_nothing.setChecked(True)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addSpacing(12)
        lay.addWidget(self.all_or_nothing)
        lay.addWidget(self.valid_only)
        lay.addStretch(1)

    def _browse(self) -> None:
        patterns = " ".join(f"*{e}" for e in supported_extensions())
        path = FilePick.open(self, tr("Chọn tệp Mẫu 01"), f"{tr('Bảng tính')} ({patterns})")
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    @property
    def mode(self) -> str:
        return "valid-only" if self.valid_only.isChecked() else "all-or-nothing"


class CheckPage(QWizardPage):
    """Dry run: what would happen, and why rows are refused."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Kiểm tra trước khi nhập"))
        self.summary = QLabel(tr("Đang kiểm tra…"))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("problemTable")
        self.table.setHorizontalHeaderLabels([tr("Trang"), tr("Dòng"), tr("Cột"), tr("Giá trị"), tr("Vấn đề"),
                                              tr("Mức độ")])
        self.table.horizontalHeader().setStretchLastSection(False)
        self.map_button = QPushButton(tr("Ánh xạ cột…"))
        self.map_button.clicked.connect(self.wiz.edit_mapping)
        self.report_button = QPushButton(tr("Lưu báo cáo lỗi…"))
        self.report_button.clicked.connect(self.wiz.save_report)
        buttons = QHBoxLayout()
        buttons.addWidget(self.map_button)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addLayout(buttons)
        lay.addWidget(self.table, 1)

    def initializePage(self) -> None:
        self.wiz.run_check()

    def isComplete(self) -> bool:
        r = self.wiz.result
        if r is None:
            return False
        if r.refused and self.wiz.files.mode == "all-or-nothing":
            return False
        return bool(r.added or r.updated)

    def show_result(self, result: importing.ImportResult | None, message: str = "") -> None:
        lang = self.wiz.wctx.lang
        self.report_button.setEnabled(bool(result and result.problems))
        if result is None:
            self.summary.setText(message)
            self.table.setRowCount(0)
            self.completeChanged.emit()
            return
        text = result.summary(lang)
        if result.ignored_columns:
            shown = [f"{c} ({c.vi if lang == 'vi' else c.en})" for c in result.ignored_columns[:8]]
            more = len(result.ignored_columns) - len(shown)
            text += "\n" + tr("Cột không lưu: ") + "; ".join(shown) + (f" … (+{more})" if more > 0 else "")
        if result.refused and self.wiz.files.mode == "all-or-nothing":
            text += "\n" + tr("Có dòng lỗi: sửa tệp hoặc chọn “nhập các hồ sơ hợp lệ” ở bước trước.")
        self.summary.setText(text)
        shown = result.problems[:MAX_SHOWN_PROBLEMS]
        self.table.setRowCount(len(shown))
        for i, p in enumerate(shown):
            sev = tr("Lỗi") if p.error else tr("Cảnh báo")
            for j, v in enumerate((p.sheet, str(p.row), p.column, p.value, p.vi if lang == "vi" else p.en, sev)):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        # long values and messages wrap instead of pushing the severity column out of sight
        for col, widest in ((3, 220), (4, 440)):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), widest))
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        self.completeChanged.emit()


class ImportWizard(QWizard):
    def __init__(self, wctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.wctx = wctx
        self.setObjectName("importWizard")
        self.setWindowTitle(tr("Nhập Mẫu 01 từ bảng tính"))
        self.resize(900, 620)
        self.result: importing.ImportResult | None = None
        self.column_map = None
        self.imported: importing.ImportResult | None = None
        self.files = FilePage()
        self.check = CheckPage(self)
        self.addPage(self.files)
        self.addPage(self.check)
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Nhập"))

    @property
    def path(self) -> Path:
        return Path(self.files.path.text().strip())

    def run_check(self) -> None:
        self.result = None
        self.check.show_result(None, tr("Đang kiểm tra…"))
        path, mode, cmap = self.path, self.files.mode, self.column_map
        Op(self.wctx, lambda ctx, job: importing.import_form01(ctx, path, dry_run=True, mode=mode, column_map=cmap,
                                                               progress=job.progress, cancel=job.cancel),
           parent=self, kind="read").with_progress(tr("Đang đọc bảng tính…")) \
            .success(self._checked).failure(self._check_failed).run()

    def _checked(self, result) -> None:
        self.result = result
        self.check.show_result(result)

    def _check_failed(self, exc: BaseException) -> None:
        text = exc.message(self.wctx.lang) if isinstance(exc, LandDeskError) else tr("Không đọc được tệp.")
        self.check.show_result(None, text + "\n" + tr("Có thể ánh xạ cột bằng tay (nút “Ánh xạ cột…”)."))

    def edit_mapping(self) -> None:
        path = self.path

        def load(ctx):
            try:
                return importing.preview(ctx, path, column_map=self.column_map)
            except LandDeskError:
                return importing.raw_preview(ctx, path)

        Op(self.wctx, load, parent=self, kind="read").success(self._map_from).run()

    def _map_from(self, pv: importing.SheetPreview) -> None:
        answer = ColumnMappingDialog.ask(self, pv.headers, pv.mapping, pv.sample, self.wctx.lang)
        if answer is None:
            return
        cmap, keep = answer
        self.column_map = cmap
        if keep:
            Op(self.wctx, lambda ctx: importing.save_custom_map(ctx, cmap), parent=self).run()
        self.run_check()

    def save_report(self) -> None:
        if self.result is None:
            return
        out = FilePick.save(self, tr("Lưu báo cáo lỗi nhập"), f"loi-nhap-{self.path.stem}.xlsx", EXCEL)
        if out:
            result = self.result
            Op(self.wctx, lambda job: write_problem_report(result, out), parent=self, kind="plain") \
                .success(lambda p: self.wctx.hub.status_message.emit(tr("Đã lưu báo cáo lỗi: ") + str(p))).run()

    def accept(self) -> None:
        path, mode, cmap = self.path, self.files.mode, self.column_map
        Op(self.wctx, lambda ctx, job: importing.import_form01(ctx, path, mode=mode, column_map=cmap,
                                                               progress=job.progress, cancel=job.cancel),
           parent=self).with_progress(tr("Đang nhập Mẫu 01…")).success(self._done).run()

    def _done(self, result) -> None:
        self.imported = result
        self.wctx.hub.status_message.emit(result.summary(self.wctx.lang))
        super().accept()

    @classmethod
    def ask(cls, wctx, parent: QWidget | None = None) -> importing.ImportResult | None:
        wiz = cls(wctx, parent)
        wiz.exec()
        return wiz.imported
