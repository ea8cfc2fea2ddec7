"""The review view's population-data verification tab: the police request list, their answers and
extract matching (previewed, then confirmed — a second time when many verified holders would change),
the figures per holder link and per person, the differences to correct or keep, and the enrichment
proposals to accept or reject (several selected at once, or all).

Every call goes through landdesk.ui.tasks.Op; dialogs and file pickers have `ask` classmethods.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain import matching
from landdesk.services import enrichment
from landdesk.services import verification as verification_service
from landdesk.ui.dialogs.double_entry import ConfirmPreview
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.cut_tips import cut_cell_tips
from landdesk.ui.widgets.filepick import EXCEL, FilePick

MAX_CHILDREN = 2000  # rows shown per group; the count says how many there are
MAX_PROPOSALS = 5000
ROLE = Qt.ItemDataRole.UserRole


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(slot)
    return b


class VerificationTab(QWidget):
    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.results: list[verification_service.OpenResult] = []
        self.proposals: list[enrichment.ProposalView] = []
        bar = QHBoxLayout()
        bar.addWidget(_button(self.tr("Tạo danh sách gửi công an..."), "verifyRequest", self.write_request))
        bar.addWidget(_button(self.tr("Nhập kết quả của công an..."), "verifyAnswers",
                              lambda: self.preview_file("answers")))
        bar.addWidget(_button(self.tr("Đối chiếu tệp trích xuất dân cư..."), "verifyExtract",
                              lambda: self.preview_file("extract")))
        bar.addStretch(1)
        self.verify_summary = QLabel()
        self.verify_summary.setObjectName("verifySummary")
        self.verify_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.figures_tree = QTreeWidget()
        self.figures_tree.setObjectName("verifyFigures")
        cut_cell_tips(self.figures_tree)
        self.figures_tree.setRootIsDecorated(False)
        self.figures_tree.setHeaderLabels([self.tr("Đơn vị đếm"), self.tr("Đã xác thực"), self.tr("Chưa chính xác"),
                                           self.tr("Cần công an"), self.tr("Chưa đối chiếu"), self.tr("Tổng")])
        self.figures_tree.setColumnWidth(0, 330)
        for c in range(1, 5):
            self.figures_tree.setColumnWidth(c, 120)
        self.figures_tree.setMaximumHeight(140)
        self.sub = QTabWidget()
        self.sub.addTab(self._results_page(), self.tr("Khác biệt cần xử lý"))
        self.sub.addTab(self._proposals_page(), self.tr("Đề xuất làm giàu dữ liệu"))
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.verify_summary)
        lay.addWidget(self.figures_tree)
        lay.addWidget(self.sub, 1)

    def _results_page(self) -> QWidget:
        page = QWidget()
        self.results_tree = QTreeWidget()
        self.results_tree.setObjectName("resultsTree")
        cut_cell_tips(self.results_tree)
        self.results_tree.setHeaderLabels([self.tr("Chủ sử dụng"), self.tr("Trên hồ sơ"),
                                           self.tr("Theo dữ liệu dân cư")])
        self.results_tree.setColumnWidth(0, 360)
        self.results_tree.setColumnWidth(1, 220)
        actions = QHBoxLayout()
        actions.addWidget(_button(self.tr("Sửa theo dữ liệu dân cư"), "verifyApply", self.apply_correction))
        actions.addWidget(_button(self.tr("Giữ nguyên hồ sơ"), "verifyKeep", self.keep_record))
        actions.addWidget(_button(self.tr("Mở hồ sơ"), "verifyOpen", lambda: self._open_from(self.results_tree)))
        actions.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addWidget(self.results_tree, 1)
        lay.addLayout(actions)
        return page

    def _proposals_page(self) -> QWidget:
        page = QWidget()
        self.proposals_tree = QTreeWidget()
        self.proposals_tree.setObjectName("proposalsTree")
        cut_cell_tips(self.proposals_tree)
        self.proposals_tree.setRootIsDecorated(False)
        self.proposals_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.proposals_tree.setHeaderLabels([self.tr("Hồ sơ"), self.tr("Trường"), self.tr("Trên hồ sơ"),
                                             self.tr("Theo dữ liệu dân cư")])
        self.proposals_tree.setColumnWidth(0, 110)
        self.proposals_tree.setColumnWidth(1, 230)
        self.proposals_tree.setColumnWidth(2, 200)
        actions = QHBoxLayout()
        actions.addWidget(_button(self.tr("Áp dụng các đề xuất đã chọn"), "proposalsAccept", self.accept_selected))
        actions.addWidget(_button(self.tr("Áp dụng tất cả"), "proposalsAcceptAll", self.accept_all))
        actions.addWidget(_button(self.tr("Không áp dụng"), "proposalsReject", self.reject_selected))
        actions.addWidget(_button(self.tr("Mở hồ sơ"), "proposalsOpen", lambda: self._open_from(self.proposals_tree)))
        actions.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("Thông tin có trong dữ liệu dân cư nhưng còn trống trên Mẫu 01. Chỉ áp dụng khi "
                                     "bạn đồng ý; mỗi thay đổi được ghi vào nhật ký. Chọn nhiều dòng bằng Ctrl/Shift.")))
        lay.addWidget(self.proposals_tree, 1)
        lay.addLayout(actions)
        return page

    def _t(self, vi: str, en: str) -> str:
        return self.wctx.t(vi, en)

    # ---- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        def work(ctx):
            return (verification_service.verification_figures(ctx), verification_service.open_results(ctx),
                    enrichment.list_proposals(ctx, limit=MAX_PROPOSALS))

        Op(self.wctx, work, parent=self, kind="read").success(self._show).run()

    def _show(self, result) -> None:
        figures, self.results, self.proposals = result
        lang = self.wctx.lang
        pr = figures["proposals"]
        self.verify_summary.setText(self._t(
            f"Lượt chủ sử dụng: {figures['holders']} — đã xác thực {figures['verified']}, thông tin chưa chính xác "
            f"{figures['incorrect']}, cần phối hợp công an {figures['needs_police']}, chưa đối chiếu {figures['pending']}. "
            f"Đã sửa {figures['corrected']}, giữ nguyên {figures['kept']}. Đề xuất làm giàu chờ duyệt {pr['open']}.",
            f"Holder links: {figures['holders']} — verified {figures['verified']}, incorrect {figures['incorrect']}, "
            f"needs police {figures['needs_police']}, not checked {figures['pending']}. "
            f"Corrected {figures['corrected']}, kept {figures['kept']}. Enrichments waiting {pr['open']}."))
        self._show_figures(figures)
        self.results_tree.clear()
        by_reason: dict[str, list] = {}
        for r in self.results:
            by_reason.setdefault(r.reason, []).append(r)
        for reason, rows in by_reason.items():
            top = QTreeWidgetItem([f"{matching.reason_label(reason, lang)} ({len(rows)})", "", ""])
            for r in rows[:MAX_CHILDREN]:
                fields = matching.fields_label(r.fields, lang) if r.fields else ""
                ours = "; ".join(d["ours"] for d in r.differences)
                theirs = "; ".join(d["theirs"] for d in r.differences)
                child = QTreeWidgetItem([self._t(f"Hồ sơ số {r.dossier_num}", f"Dossier {r.dossier_num}")
                                         + (f" — {fields}" if fields else ""), ours, theirs])
                child.setData(0, ROLE, r)
                top.addChild(child)
            self.results_tree.addTopLevelItem(top)
        self.proposals_tree.clear()
        for p in self.proposals:
            j = p.as_json(lang)
            label = j["field_label"] + (self._t(" (tham khảo)", " (informative)") if p.informative else "")
            item = QTreeWidgetItem([str(p.dossier_num), label, j["old"], j["new"]])
            item.setData(0, ROLE, p)
            self.proposals_tree.addTopLevelItem(item)
        self.sub.setTabText(1, self._t(f"Đề xuất làm giàu dữ liệu ({pr['open']})", f"Enrichment proposals ({pr['open']})"))

    def _show_figures(self, f: dict) -> None:
        self.figures_tree.clear()
        rows = (("links", "holders", self._t("Lượt chủ hộ, cá nhân (mỗi GCN một lượt)", "Holder links (once per certificate)")),
                ("links", "representatives", self._t("Lượt người đại diện tổ chức, cộng đồng", "Representative links")),
                ("persons", "holders", self._t("Người: chủ hộ, cá nhân", "Persons: holders")),
                ("persons", "representatives", self._t("Người: người đại diện", "Persons: representatives")),
                ("persons", None, self._t("Số người (mỗi công dân tính một lần)", "Persons (each citizen once)")))
        for unit, cat, label in rows:
            b = f[unit][cat] if cat else f[unit]
            item = QTreeWidgetItem([label] + [str(b[k]) for k in ("verified", "incorrect", "needs_police", "pending",
                                                                  "total")])
            for c in range(1, 6):
                item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight)
            self.figures_tree.addTopLevelItem(item)

    # ---- files --------------------------------------------------------------------------------

    def write_request(self) -> None:
        path = FilePick.save(self, self.tr("Danh sách đề nghị xác minh"), "de-nghi-xac-minh.xlsx", EXCEL)
        if not path:
            return

        def done(n: int) -> None:
            self.wctx.hub.status_message.emit(self._t(f"Đã ghi danh sách {n} chủ sử dụng: {path}",
                                                      f"Wrote the list of {n} holder(s): {path}"))

        Op(self.wctx, lambda ctx: verification_service.write_request(ctx, path), parent=self).success(done).run()

    def preview_file(self, kind: str) -> None:
        title = self.tr("Nhập kết quả của công an") if kind == "answers" else self.tr("Đối chiếu tệp trích xuất dân cư")
        path = FilePick.open(self, title, "Bảng tính (*.xlsx *.xls *.ods *.csv)")
        if not path:
            return

        def work(ctx, job):
            if kind == "answers":
                preview = verification_service.preview_answers(ctx, path)
            else:
                preview = verification_service.preview_extract(ctx, path, progress=job.progress, cancel=job.cancel)
            return preview, verification_service.undo_needs_force(ctx, preview)

        Op(self.wctx, work, parent=self, kind="read").with_progress(title) \
            .success(lambda result: self._confirm_preview(title, *result)).run()

    def _confirm_preview(self, title: str, preview, undone: int) -> None:
        lang = self.wctx.lang
        s = preview.summary()
        lines = preview.notes.lines(lang) + ["", self._t(
            f"Đối chiếu {s['holders']} chủ sử dụng ({s['records']} dòng trong tệp):",
            f"Compared {s['holders']} holder(s) ({s['records']} row(s) in the file):"),
            self._t(f"  Đã xác thực: {s['verified']}", f"  Verified: {s['verified']}"),
            self._t(f"  Thông tin chưa chính xác: {s['incorrect']}", f"  Incorrect information: {s['incorrect']}"),
            self._t(f"  Cần phối hợp công an: {s['needs_police']}", f"  Needs police coordination: {s['needs_police']}")]
        lines += [f"    {matching.reason_label(r, lang)}: {n}" for r, n in s["by_reason"].items()]
        if s["representatives"]:
            lines.append(self._t(f"  (trong đó {s['representatives']} người đại diện của tổ chức, cộng đồng)",
                                 f"  (of which {s['representatives']} representative(s) of organisations, communities)"))
        if s["not_in_file"]:
            lines.append(self._t(f"{s['not_in_file']} chủ sử dụng đã xác minh trước đây không có trong tệp: giữ nguyên.",
                                 f"{s['not_in_file']} holder(s) decided earlier are not in the file: kept as they are."))
        if s["proposals"]:
            lines.append(self._t(f"{s['proposals']} đề xuất làm giàu dữ liệu sẽ chờ bạn duyệt.",
                                 f"{s['proposals']} enrichment proposal(s) will wait for your review."))
        lines += ["", self._t(f"{s['changes']} chủ sử dụng sẽ đổi trạng thái. Chưa có gì thay đổi cho đến khi bạn xác nhận.",
                              f"{s['changes']} holder(s) will change status. Nothing changes until you confirm.")]
        if not ConfirmPreview.ask(self, title, "\n".join(lines), self._t("Lưu kết quả", "Store results")):
            return
        if undone and not ConfirmPreview.ask(self, title, self._t(
                f"Cảnh báo: lưu kết quả này sẽ bỏ trạng thái “đã xác thực” của {undone} chủ sử dụng.\n\n"
                "Tệp có thể sai (cột bị đổi chỗ) hoặc chỉ là một phần. Bạn có chắc muốn lưu?",
                f"Warning: storing these results takes {undone} holder(s) out of “verified”.\n\n"
                "The file may be wrong (swapped columns) or partial. Store anyway?"), self._t("Vẫn lưu", "Store anyway")):
            return
        Op(self.wctx, lambda ctx: verification_service.commit_preview(ctx, preview, force=bool(undone)),
           parent=self).run()

    # ---- differences --------------------------------------------------------------------------

    def current_result(self):
        item = self.results_tree.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def apply_correction(self) -> None:
        """The selected holder, or every holder of the selected reason group (after a confirmation)."""
        item = self.results_tree.currentItem()
        if item is None:
            return
        r = item.data(0, ROLE)
        if r is not None:
            Op(self.wctx, lambda ctx: verification_service.apply_correction(ctx, r.id), parent=self).run()
            return
        rows = [item.child(i).data(0, ROLE) for i in range(item.childCount())]
        ids = [x.id for x in rows if x is not None and x.status == "incorrect" and x.differences]
        if not ids:
            return
        lines = [f"{self._t('Hồ sơ', 'Dossier')} {x.dossier_num}: "
                 + "; ".join(f"{d['ours']} → {d['theirs']}" for d in x.differences) for x in rows[:500]]
        title = self.tr("Sửa theo dữ liệu dân cư")
        text = self._t(f"{len(ids)} chủ sử dụng sẽ được sửa theo dữ liệu dân cư:",
                       f"{len(ids)} holder(s) will be corrected from the population data:") + "\n\n" + "\n".join(lines)
        if ConfirmPreview.ask(self, title, text, self._t("Sửa tất cả", "Correct all")):
            Op(self.wctx, lambda ctx, job: verification_service.apply_corrections(ctx, ids, job.progress, job.cancel),
               parent=self).with_progress(title).run()

    def keep_record(self) -> None:
        r = self.current_result()
        if r is None:
            return
        Op(self.wctx, lambda ctx: verification_service.keep_record(ctx, r.id), parent=self).run()

    # ---- enrichment proposals -----------------------------------------------------------------

    def selected_proposals(self) -> list[enrichment.ProposalView]:
        return [i.data(0, ROLE) for i in self.proposals_tree.selectedItems() if i.data(0, ROLE) is not None]

    def accept_selected(self) -> None:
        self._accept(self.selected_proposals())

    def accept_all(self) -> None:
        self._accept(list(self.proposals))

    def _accept(self, chosen: list[enrichment.ProposalView]) -> None:
        if not chosen:
            return
        lang = self.wctx.lang
        lines = [f"{self._t('Hồ sơ', 'Dossier')} {p.dossier_num}, {p.as_json(lang)['field_label']}: "
                 f"{p.as_json(lang)['old']} → {p.as_json(lang)['new']}" for p in chosen[:500]]
        if len(chosen) > 500:
            lines.append(self._t(f"... và {len(chosen) - 500} đề xuất khác", f"... and {len(chosen) - 500} more"))
        title = self.tr("Làm giàu dữ liệu theo CSDL dân cư")
        text = self._t(f"{len(chosen)} giá trị sẽ được điền vào hồ sơ (ghi vào nhật ký):",
                       f"{len(chosen)} value(s) will be filled in (audited):") + "\n\n" + "\n".join(lines)
        if not ConfirmPreview.ask(self, title, text, self._t("Áp dụng", "Apply")):
            return
        ids = [p.id for p in chosen]

        def done(result: dict) -> None:
            msg = self._t(f"Đã áp dụng {result['accepted']} đề xuất.", f"Applied {result['accepted']} proposal(s).")
            if result["stale"]:
                msg += self._t(f" {result['stale']} đề xuất bỏ qua vì hồ sơ đã được sửa sau đó.",
                               f" {result['stale']} skipped: the dossier was edited since.")
            self.wctx.hub.status_message.emit(msg)

        Op(self.wctx, lambda ctx, job: enrichment.accept(ctx, ids, job.progress, job.cancel), parent=self) \
            .with_progress(title).success(done).run()

    def reject_selected(self) -> None:
        chosen = self.selected_proposals()
        if not chosen:
            return
        ids = [p.id for p in chosen]
        Op(self.wctx, lambda ctx: enrichment.reject(ctx, ids), parent=self).success(
            lambda n: self.wctx.hub.status_message.emit(self._t(f"Đã bỏ qua {n} đề xuất.", f"Rejected {n} proposal(s).")))\
            .run()

    def _open_from(self, tree: QTreeWidget) -> None:
        item = tree.currentItem()
        data = item.data(0, ROLE) if item is not None else None
        if data is not None:
            self.wctx.hub.open_dossier.emit(data.dossier_id, None)
