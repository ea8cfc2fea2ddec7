"""The review queue: data problems grouped by rule with fix in place and safe bulk fixes (previewed),
population-data verification (views.verification_tab: police request list, answers, extract
matching, corrections, enrichment proposals), and double entry (re-keying, the supervisor's
mismatches, error rates).

Every call goes through landdesk.ui.tasks.Op; dialogs and file pickers have `ask` classmethods.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.domain.errors import PermissionDenied
from landdesk.services import bulk_fixes, checks, cleaning
from landdesk.services import double_entry as de
from landdesk.ui import tasks
from landdesk.ui.dialogs.double_entry import ConfirmPreview, DoubleEntryDialog
from landdesk.ui.tasks import Op
from landdesk.ui.views.registry import ViewSpec
from landdesk.ui.views.verification_tab import VerificationTab
from landdesk.ui.widgets.cut_tips import cut_cell_tips

MAX_CHILDREN = 2000  # rows shown per rule group; the count says how many there are
ROLE = Qt.ItemDataRole.UserRole


class SamplePrompt:
    @classmethod
    def ask(cls, parent: QWidget, title: str, label: str) -> float | None:
        value, ok = QInputDialog.getInt(parent, title, label, 100, 1, 100)
        return value / 100 if ok else None


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(slot)
    return b


def _splitter(*parts: tuple[QWidget, int]) -> QSplitter:
    """Side by side, each part with its share of the width."""
    split = QSplitter()
    for i, (widget, stretch) in enumerate(parts):
        split.addWidget(widget)
        split.setStretchFactor(i, stretch)
    return split


class ReviewView(QWidget):
    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.groups: list[cleaning.RuleGroup] = []
        self.mismatches: list[de.Mismatch] = []
        self._loaded = False
        self._own_check = False
        self._checking = False
        self.tabs = QTabWidget()
        self.tabs.addTab(self._problems_tab(), self.tr("Vấn đề dữ liệu"))
        self.verification = VerificationTab(wctx)
        self.tabs.addTab(self.verification, self.tr("Xác thực dân cư"))
        self.tabs.addTab(self._double_entry_tab(), self.tr("Nhập liệu hai lần"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.tabs)

    # ---- building ---------------------------------------------------------------------------

    def _problems_tab(self) -> QWidget:
        page = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(_button(self.tr("Kiểm tra lại"), "reviewRecheck", self.reload_problems))
        bar.addWidget(_button(self.tr("Tính nhóm thửa"), "reviewGroups", self.refresh_groups))
        for fix, text in (("names", self.tr("Chuẩn hóa họ tên")), ("land_use", self.tr("Chuyển mã loại đất cũ")),
                          ("address", self.tr("Bổ sung địa chỉ 2 cấp"))):
            bar.addWidget(_button(text, f"fix_{fix}", lambda _=False, f=fix: self.preview_fix(f)))
        bar.addStretch(1)
        self.problems_summary = QLabel()
        self.problems_summary.setObjectName("problemsSummary")
        self.stale_label = QLabel(self.tr("Dữ liệu đã thay đổi từ lần kiểm tra trước: bấm Kiểm tra lại để cập nhật."))
        self.stale_label.setObjectName("problemsStale")
        self.stale_label.setVisible(False)
        self.tree = QTreeWidget()
        self.tree.setObjectName("problemTree")
        cut_cell_tips(self.tree)
        self.tree.setHeaderLabels([self.tr("Vấn đề"), self.tr("Số lượng")])
        self.tree.setColumnWidth(0, 560)
        self.tree.currentItemChanged.connect(self._finding_selected)
        self.tree.itemActivated.connect(lambda item, _c: self.open_current())
        detail = QWidget()
        dl = QVBoxLayout(detail)
        self.detail_text = QLabel(self.tr("Chọn một vấn đề để sửa."))
        self.detail_text.setWordWrap(True)
        self.field_edit = QLineEdit()
        self.field_edit.setObjectName("fixValue")
        self.field_edit.setEnabled(False)
        self.field_edit.returnPressed.connect(self.save_field)
        self.save_button = _button(self.tr("Lưu giá trị"), "fixSave", self.save_field)
        self.save_button.setEnabled(False)
        dl.addWidget(self.detail_text)
        dl.addWidget(self.field_edit)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(_button(self.tr("Mở hồ sơ"), "fixOpen", self.open_current))
        dl.addLayout(row)
        dl.addStretch(1)
        split = _splitter((self.tree, 3), (detail, 2))
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.problems_summary)
        lay.addWidget(self.stale_label)
        lay.addWidget(split, 1)
        return page

    def _double_entry_tab(self) -> QWidget:
        page = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(_button(self.tr("Chọn hồ sơ nhập lần hai..."), "deRequest", self.request_double_entry))
        bar.addWidget(_button(self.tr("Nhập liệu lần hai..."), "deKey", self.key_next))
        bar.addStretch(1)
        self.rates_label = QLabel()
        self.rates_label.setObjectName("deRates")
        self.rates_label.setTextFormat(Qt.TextFormat.PlainText)
        self.mismatch_tree = QTreeWidget()
        self.mismatch_tree.setObjectName("mismatchTree")
        cut_cell_tips(self.mismatch_tree)
        self.mismatch_tree.setHeaderLabels([self.tr("Trường"), self.tr("Lần một"), self.tr("Lần hai")])
        self.mismatch_tree.setColumnWidth(0, 300)
        actions = QHBoxLayout()
        actions.addWidget(_button(self.tr("Giữ giá trị lần một"), "deFirst", lambda: self.resolve_mismatch("first")))
        actions.addWidget(_button(self.tr("Lấy giá trị lần hai"), "deSecond", lambda: self.resolve_mismatch("second")))
        actions.addWidget(_button(self.tr("Mở hồ sơ"), "deOpen", lambda: self._open_from(self.mismatch_tree)))
        actions.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.rates_label)
        lay.addWidget(self.mismatch_tree, 1)
        lay.addLayout(actions)
        return page

    # ---- window hooks -----------------------------------------------------------------------

    def run_check(self) -> None:
        """Tools → Kiểm tra dữ liệu (F9): the check run, on the problems tab."""
        self.tabs.setCurrentIndex(0)
        if not self._loaded:
            self.activated()  # its first load is this check run
        self.reload_problems()  # (nothing new while one is running)

    def activated(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.reload_problems()
            self.verification.reload()
            self.reload_double_entry()

    def refresh(self, changes, initiator=None) -> None:
        if not self._loaded:
            return
        own, self._own_check = self._own_check, False
        if Change.DOSSIERS in changes and self.groups and not own:
            # Re-checking the whole commune takes a while at 100k dossiers: say so, let the officer choose.
            self.stale_label.setVisible(True)
        if {Change.DOSSIERS, Change.VERIFICATION} & set(changes):
            self.verification.reload()
        if {Change.DOSSIERS, Change.DOUBLE_ENTRY} & set(changes):
            self.reload_double_entry()

    def _t(self, vi: str, en: str) -> str:
        return self.wctx.t(vi, en)

    # ---- problems -----------------------------------------------------------------------------

    def reload_problems(self) -> None:
        """The check run of `landdesk check` (services.checks.check_workspace, a write): clean dossiers move
        to 'Đã kiểm tra' (or back), and every view hears of it."""
        def work(ctx, job):
            run = checks.check_workspace(ctx, job.progress, job.cancel)
            return cleaning.group_findings(run.findings), cleaning.compute_groups(ctx).figures(), run.moves

        if self._checking:
            return
        self._checking = True

        def failed(exc) -> None:
            self._checking = False
            tasks.show_error(self, exc, self.wctx.lang)

        Op(self.wctx, work, parent=self).with_progress(self.tr("Đang kiểm tra dữ liệu...")) \
            .success(self._show_problems).failure(failed).run()

    def _show_problems(self, result) -> None:
        self.groups, figures, moves = result
        self._checking = False
        self._own_check = True  # the broadcast of this run's moves does not make it stale
        if moves:
            self.wctx.hub.status_message.emit(self._t("Chuyển bước: ", "Stage moves: ")
                                              + checks.moves_text(moves, self.wctx.lang))
        lang = self.wctx.lang
        self.stale_label.setVisible(False)
        self.tree.clear()
        total = 0
        for g in self.groups:
            total += len(g.findings)
            top = QTreeWidgetItem([f"{g.severity.label(lang)}: {cleaning.rule_label(g.rule, lang)}",
                                   str(len(g.findings))])
            top.setData(0, ROLE, None)
            for f in g.findings[:MAX_CHILDREN]:
                child = QTreeWidgetItem([self._t(f"Hồ sơ số {f.dossier_num}: ", f"Dossier {f.dossier_num}: ")
                                         + f.message(lang), ""])
                child.setData(0, ROLE, f)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        # the number the status bar and the records list's "problems" filter show (services.findings)
        dossiers = len({f.dossier_id for g in self.groups for f in g.findings})
        self.problems_summary.setText(self._t(
            f"{dossiers} hồ sơ có vấn đề: {total} vấn đề trong {len(self.groups)} nhóm quy tắc. "
            f"Thửa đất: {figures['parcels']} — "
            f"Nhóm 1 (đã làm sạch) {figures['group_1']}, Nhóm 2 {figures['group_2']}, Nhóm 3 {figures['group_3']}.",
            f"{dossiers} dossier(s) with problems: {total} problem(s) under {len(self.groups)} rule(s). "
            f"Parcels: {figures['parcels']} — "
            f"group 1 (cleaned) {figures['group_1']}, group 2 {figures['group_2']}, group 3 {figures['group_3']}."))

    def current_finding(self):
        item = self.tree.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _finding_selected(self, item, _prev=None) -> None:
        f = item.data(0, ROLE) if item is not None else None
        self.field_edit.clear()
        self.field_edit.setEnabled(False)
        self.save_button.setEnabled(False)
        if f is None:
            self.detail_text.setText(self.tr("Chọn một vấn đề để sửa."))
            return
        self.detail_text.setText(f.message(self.wctx.lang))

        def show(value) -> None:
            if self.current_finding() is not f:
                return
            editable = value is not None
            self.field_edit.setEnabled(editable)
            self.save_button.setEnabled(editable)
            self.field_edit.setText(value or "")
            if not editable:
                self.detail_text.setText(f.message(self.wctx.lang) + "\n" +
                                         self.tr("Sửa trong hồ sơ (nút Mở hồ sơ)."))

        Op(self.wctx, lambda ctx: bulk_fixes.field_text(ctx, f.dossier_id, f.path), parent=self, kind="read") \
            .success(show).run()

    def save_field(self) -> None:
        f = self.current_finding()
        if f is None or not self.field_edit.isEnabled():
            return
        text = self.field_edit.text()
        item = self.tree.currentItem()

        def done(problems) -> None:
            still = any(p.rule == f.rule and p.path == f.path for p in problems)
            if not still and item is not None and item.parent() is not None:
                parent = item.parent()
                parent.removeChild(item)
                parent.setText(1, str(max(0, int(parent.text(1)) - 1)))
            self.wctx.hub.status_message.emit(
                self._t("Đã lưu; vấn đề vẫn còn." if still else "Đã lưu; vấn đề đã được sửa.",
                        "Saved; the problem remains." if still else "Saved; the problem is fixed."))

        Op(self.wctx, lambda ctx: bulk_fixes.fix_field(ctx, f.dossier_id, f.path, text), parent=self) \
            .success(done).run(initiator=None)

    def open_current(self) -> None:
        f = self.current_finding()
        if f is None:
            return
        group = next((g for g in self.groups if f in g.findings), None)
        ordered = list(dict.fromkeys(x.dossier_id for x in group.findings)) if group else None
        self.wctx.hub.open_dossier.emit(f.dossier_id, ordered)

    def refresh_groups(self) -> None:
        def done(figures) -> None:
            self.wctx.hub.status_message.emit(self._t(
                f"Đã tính nhóm thửa: {figures['changed']} thửa thay đổi; đã làm sạch {figures['cleaned']}.",
                f"Parcel groups computed: {figures['changed']} changed; {figures['cleaned']} cleaned."))

        Op(self.wctx, lambda ctx, job: cleaning.refresh_groups(ctx, job.progress, job.cancel), parent=self) \
            .with_progress(self.tr("Đang tính nhóm thửa...")).success(done).run()

    def preview_fix(self, fix: str) -> None:
        lang = self.wctx.lang

        def confirm(items) -> None:
            title = bulk_fixes.fix_label(fix, lang)
            if not items:
                QMessageBox.information(self, title, self.tr("Không có gì cần sửa."))
                return
            lines = [f"{self._t('Hồ sơ', 'Dossier')} {i.dossier_num}: {i.old or '∅'} → {i.new}" for i in items[:500]]
            if len(items) > 500:
                lines.append(self._t(f"... và {len(items) - 500} thay đổi khác", f"... and {len(items) - 500} more"))
            text = self._t(f"{len(items)} giá trị sẽ thay đổi:", f"{len(items)} value(s) will change:") + "\n\n" + \
                "\n".join(lines)
            if ConfirmPreview.ask(self, title, text, self._t("Áp dụng", "Apply")):
                Op(self.wctx, lambda ctx, job: bulk_fixes.apply_fix(ctx, items, job.progress, job.cancel), parent=self) \
                    .with_progress(title).success(
                        lambda n: self.wctx.hub.status_message.emit(self._t(f"Đã sửa {n} giá trị.", f"Fixed {n} value(s).")))\
                    .run()

        Op(self.wctx, lambda ctx: bulk_fixes.preview_fix(ctx, fix), parent=self, kind="read").success(confirm).run()

    # ---- verification (its own tab widget) ----------------------------------------------------

    def preview_file(self, kind: str) -> None:
        self.tabs.setCurrentWidget(self.verification)
        self.verification.preview_file(kind)

    # ---- double entry -------------------------------------------------------------------------

    def reload_double_entry(self) -> None:
        def work(ctx):
            rates = de.error_rates(ctx)
            try:
                mismatches = de.open_mismatches(ctx)
            except PermissionDenied:  # an officer: the supervisor's list is not theirs to see
                mismatches = []
            return rates, mismatches

        Op(self.wctx, work, parent=self, kind="read").success(self._show_double_entry).run()

    def _show_double_entry(self, result) -> None:
        rates, self.mismatches = result
        lines = [self._t(f"Hồ sơ đã nhập lần hai: {rates['dossiers_keyed']}/{rates['dossiers_queued']} — "
                         f"{rates['fields']} trường, {rates['mismatches']} chênh lệch ({rates['mismatch_rate']:.1%}).",
                         f"Dossiers re-keyed: {rates['dossiers_keyed']}/{rates['dossiers_queued']} — "
                         f"{rates['fields']} fields, {rates['mismatches']} mismatch(es) ({rates['mismatch_rate']:.1%}).")]
        for name, r in rates["officers"].items():
            lines.append(self._t(
                f"  {name}: lỗi {r['errors']}/{r['fields_entered']} ({r['error_rate']:.1%}), chờ xử lý {r['pending']}; "
                f"khi nhập lần hai: lỗi {r['rekey_errors']}/{r['fields_rekeyed']}",
                f"  {name}: errors {r['errors']}/{r['fields_entered']} ({r['error_rate']:.1%}), pending {r['pending']}; "
                f"as re-keyer: {r['rekey_errors']}/{r['fields_rekeyed']}"))
        self.rates_label.setText("\n".join(lines))
        self.mismatch_tree.clear()
        lang = self.wctx.lang
        for m in self.mismatches:
            item = QTreeWidgetItem([self._t(f"Hồ sơ số {m.dossier_num} — ", f"Dossier {m.dossier_num} — ")
                                    + (m.label_vi if lang == "vi" else m.label_en),
                                    f"{m.first_value} ({m.first_by})", f"{m.second_value} ({m.second_by})"])
            item.setData(0, ROLE, m)
            self.mismatch_tree.addTopLevelItem(item)

    def request_double_entry(self) -> None:
        fraction = SamplePrompt.ask(self, self.tr("Nhập liệu hai lần"),
                                    self.tr("Tỷ lệ hồ sơ cần nhập lần hai (%):"))
        if fraction is None:
            return
        Op(self.wctx, lambda ctx: de.request_double_entry(ctx, fraction=fraction), parent=self).success(
            lambda n: self.wctx.hub.status_message.emit(
                self._t(f"Đã chọn {n} hồ sơ để nhập lần hai.", f"Queued {n} dossier(s).")))\
            .run()

    def key_next(self) -> None:
        def load(ctx):
            dossier_id = de.next_dossier(ctx)
            return (dossier_id, de.blind_form(ctx, dossier_id)) if dossier_id else (None, [])

        def show(result) -> None:
            dossier_id, fields = result
            if dossier_id is None:
                QMessageBox.information(self, "LandDesk", self.tr("Không còn hồ sơ nào chờ bạn nhập lần hai."))
                return
            values = DoubleEntryDialog.ask(self, fields, self.wctx.lang)
            if values is None:
                return
            Op(self.wctx, lambda ctx: de.submit_keying(ctx, dossier_id, values), parent=self) \
                .success(self._keyed).run()

        Op(self.wctx, load, parent=self, kind="read").success(show).run()

    def _keyed(self, mismatches) -> None:
        self.wctx.hub.status_message.emit(self._t(
            f"Đã lưu lần nhập thứ hai: {len(mismatches)} trường khác lần một.",
            f"Second keying stored: {len(mismatches)} field(s) differ from the first."))

    def resolve_mismatch(self, choice: str) -> None:
        item = self.mismatch_tree.currentItem()
        m = item.data(0, ROLE) if item is not None else None
        if m is None:
            return
        Op(self.wctx, lambda ctx: de.resolve_mismatch(ctx, m.id, choice), parent=self).run()

    def _open_from(self, tree: QTreeWidget) -> None:
        item = tree.currentItem()
        data = item.data(0, ROLE) if item is not None else None
        if data is not None:
            self.wctx.hub.open_dossier.emit(data.dossier_id, None)


def make_review_view(wctx) -> QWidget:
    return ReviewView(wctx)


VIEWS = [ViewSpec("review", title=lambda: QCoreApplication.translate("Views", "Kiểm tra và xác thực"),
                  factory=make_review_view, order=40)]


def actions(window) -> list[tuple[str, QAction]]:
    """Tools menu: re-key the next dossier (double entry), match a population extract."""

    def review() -> ReviewView | None:
        return window.show_view("review") or window.page("review")

    key = QAction(QCoreApplication.translate("Views", "Nhập liệu lần hai..."), window)
    key.triggered.connect(lambda: (v := review()) and v.key_next())
    extract = QAction(QCoreApplication.translate("Views", "Đối chiếu tệp trích xuất dân cư..."), window)
    extract.triggered.connect(lambda: (v := review()) and v.preview_file("extract"))
    check = QAction(QCoreApplication.translate("Views", "Kiểm tra dữ liệu"), window)
    check.setObjectName("actionCheck")
    check.setShortcut("F9")
    check.setStatusTip(QCoreApplication.translate("Views", "Kiểm tra toàn xã; hồ sơ không còn lỗi chuyển sang Đã kiểm tra"))
    check.triggered.connect(lambda: (v := review()) and v.run_check())
    return [("tools", check), ("tools", key), ("tools", extract)]

