"""Records browser: every dossier, search-as-you-type (accents, case, tone placement ignored), filters."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.domain.codes import CustodyStatus, WorkflowStatus
from landdesk.services import records, search
from landdesk.ui import settings as user_settings
from landdesk.ui.models.records_model import COLUMNS, ID_ROLE, RecordsModel
from landdesk.ui.tasks import Op
from landdesk.ui.views.registry import ViewSpec
from landdesk.ui.widgets.cut_tips import cut_cell_tips

FIRST_PAGE = 100
FULL_LIST_PAUSE_MS = 350


class RecordsTable(QTableView):
    """Enter opens the dossier (the view connects `activated`); Ctrl+Home/End go to the first/last row
    and keep the column (Qt's own go to the last column too, scrolling the dossier number out of sight)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def moveCursor(self, action, modifiers):  # noqa: N802 (Qt override)
        index = super().moveCursor(action, modifiers)
        rows = (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd)
        if action in rows and modifiers & Qt.KeyboardModifier.ControlModifier and index.isValid():
            column = self.currentIndex().column() if self.currentIndex().isValid() else 0
            return self.model().index(index.row(), column)
        return index


class RecordsView(QWidget):
    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self._generation = 0
        self._sort = ("num", False)
        self._select_after: str | None = None
        self.loaded_generation = 0  # first page shown (tests and benchmarks wait on these)
        self.complete_generation = 0  # whole id list loaded
        self._pending_full = None
        self._full_timer = QTimer(self)
        self._full_timer.setSingleShot(True)
        self._full_timer.setInterval(FULL_LIST_PAUSE_MS)
        self._full_timer.timeout.connect(self._load_full)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Tìm theo họ tên, số CCCD, số phát hành, tờ/thửa, địa chỉ... (Ctrl+F)"))
        self.status = QComboBox()
        self.status.addItem(self.tr("Mọi tiến độ"), None)
        for s in WorkflowStatus:
            self.status.addItem(s.label(wctx.lang), s.value)
        self.custody = QComboBox()
        self.custody.addItem(self.tr("Mọi tình trạng GCN"), None)
        for c in CustodyStatus:
            self.custody.addItem(c.label(wctx.lang), c.value)
        self.village = QComboBox()
        self.village.setMinimumContentsLength(12)
        self.problems = QCheckBox(self.tr("Chỉ hồ sơ có vấn đề"))
        self.count = QLabel()
        self.count.setObjectName("count")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.custody, 1)
        filters.addWidget(self.village, 1)
        filters.addWidget(self.problems)

        self.model = RecordsModel(self._fetch_rows, wctx.lang, self)
        self.model.sort_requested.connect(self._sort_requested)
        self.table = RecordsTable()
        self.table.setObjectName("records")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        # every column fits beside the view list on a 1366 px screen; the officer's own widths are kept
        widths = {"num": 55, "serial": 100, "holder": 195, "village": 135, "parcels": 85, "area": 100,
                  "status": 150, "custody": 120, "problems": 75, "updated": 125}
        for i, (key, _) in enumerate(COLUMNS):
            header.resizeSection(i, widths.get(key, 100))
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(self._open)
        cut_cell_tips(self.table)
        self.nothing = QLabel(self.tr("Không có hồ sơ nào khớp với tìm kiếm và bộ lọc. "
                                      "<a href=\"clear\">Xóa bộ lọc</a> để xem mọi hồ sơ."))
        self.nothing.setObjectName("nothingFound")
        self.nothing.setStyleSheet("background: #fff4ce; padding: 6px;")
        self.nothing.linkActivated.connect(lambda _link: self.clear_filters())
        self.nothing.setVisible(False)

        lay = QVBoxLayout(self)
        title = QLabel(self.tr("Danh sách hồ sơ"))
        title.setObjectName("viewTitle")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.nothing)
        lay.addWidget(self.table, 1)
        hint = QLabel(self.tr("Enter: mở hồ sơ · Ctrl+N: hồ sơ mới · Ctrl+F: tìm kiếm"))
        hint.setStyleSheet("color: palette(mid);")
        lay.addWidget(hint)

        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.search.textChanged.connect(self._schedule)
        self.search.returnPressed.connect(self._search_enter)
        for combo in (self.status, self.custody, self.village):
            combo.currentIndexChanged.connect(self._schedule)
        self.problems.toggled.connect(self._schedule)
        self.village.blockSignals(True)
        self.village.addItem(self.tr("Mọi thôn/tổ"), None)
        self.village.blockSignals(False)
        self._restore_columns()
        self._fill_villages()
        self.reload()

    # ---- queries (on the database thread) ------------------------------------------------------

    def _fetch_rows(self, ids: list[str]) -> list:
        # A page of up to 200 rows by primary key: a few ms, read directly so scrolling never waits
        # behind a long write in the worker queue.
        return self.wctx.ws.read(lambda ctx: search.fetch_summaries(ctx, ids))

    def filters(self):
        return search.make_filters(self.search.text(), status=self.status.currentData(),
                                   custody=self.custody.currentData(), village=self.village.currentData(),
                                   problems=True if self.problems.isChecked() else None,
                                   sort=self._sort[0], descending=self._sort[1])

    def _schedule(self, *_args) -> None:
        # Coalesce keystrokes that arrive in one event-loop turn; each query runs on the worker.
        self._generation += 1
        QTimer.singleShot(0, self.reload)

    def reload(self) -> None:
        """Two steps: the first page at once (results while typing), then the whole ordered id list
        on the bulk reader (the scroll range and the count)."""
        self._generation += 1
        gen = self._generation
        f = self.filters()
        Op(self.wctx, lambda ctx: records.first_ids(ctx, f, FIRST_PAGE), parent=self, kind="read") \
            .success(lambda ids: self._first_loaded(gen, f, ids)).run()

    def reload_now(self) -> None:
        """Synchronous reload (tests, screenshots)."""
        self._generation += 1
        f = self.filters()
        self._first_loaded(self._generation, f, [])
        self._all_loaded(self._generation, self.wctx.ws.read(lambda ctx: records.all_ids(ctx, f)))

    def _first_loaded(self, gen: int, f, ids: list[str]) -> None:
        if gen != self._generation:
            return  # a newer query is on its way
        keep = self._select_after or self.current_id()
        self._select_after = None
        self.model.set_ids(ids)
        self.loaded_generation = gen
        if ids:
            self.nothing.setVisible(False)
        self._select(keep)
        if len(ids) < FIRST_PAGE:
            self._all_loaded(gen, ids)
            return
        self.count.setText(self.tr("%Ln+ hồ sơ, đang đếm...", "", len(ids)))
        # The whole list waits for a pause in typing: each keystroke only needs its first page.
        self._pending_full = (gen, f)
        self._full_timer.start()

    def _load_full(self) -> None:
        if self._pending_full is None:
            return
        gen, f = self._pending_full
        self._pending_full = None
        if gen != self._generation:
            return
        Op(self.wctx, lambda ctx: records.all_ids(ctx, f), parent=self, kind="read", lane="bulk") \
            .success(lambda all_ids: self._all_loaded(gen, all_ids)).run()

    def _all_loaded(self, gen: int, ids: list[str]) -> None:
        if gen != self._generation:
            return
        keep = self.current_id()
        self.model.extend_ids(ids)
        self.complete_generation = gen
        self.count.setText(self.tr("%Ln hồ sơ", "", len(ids)))
        self.nothing.setVisible(not ids and self.filtering())
        if keep and self.current_id() != keep:
            self._select(keep)

    def filtering(self) -> bool:
        return bool(self.search.text().strip()) or self.problems.isChecked() or any(
            c.currentData() is not None for c in (self.status, self.custody, self.village))

    def clear_filters(self) -> None:
        """Every dossier again: the search text and every filter cleared (one reload)."""
        widgets = (self.search, self.status, self.custody, self.village, self.problems)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.status, self.custody, self.village):
            combo.setCurrentIndex(0)
        self.problems.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self.nothing.setVisible(False)
        self.reload()
        self.search.setFocus()

    def _select(self, keep: str | None) -> None:
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            idx = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(idx)

    def _fill_villages(self) -> None:
        Op(self.wctx, search.villages, parent=self, kind="read", lane="bulk").success(self._villages_loaded).run()

    def _villages_loaded(self, names: list[str]) -> None:
        current = self.village.currentData()
        if [self.village.itemData(i) for i in range(1, self.village.count())] == names:
            return
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(self.tr("Mọi thôn/tổ"), None)
        for v in names:
            self.village.addItem(v, v)
        if current:
            i = self.village.findData(current)
            self.village.setCurrentIndex(max(i, 0))
        self.village.blockSignals(False)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.reload()

    # ---- actions --------------------------------------------------------------------------------

    def current_id(self) -> str | None:
        idx = self.table.currentIndex()
        return self.model.data(idx, ID_ROLE) if idx.isValid() else None

    def _open(self, index) -> None:
        dossier_id = self.model.data(index, ID_ROLE)
        if dossier_id:
            self.wctx.hub.open_dossier.emit(dossier_id, list(self.model.ids))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_enter(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() == 1:
            self._open(self.model.index(0, 0))

    def refresh(self, changes, initiator=None) -> None:
        if Change.DOSSIERS in changes:
            self._fill_villages()
            self.reload()

    def activated(self) -> None:
        if not self.search.hasFocus():
            self.table.setFocus()

    # ---- column layout (QSettings) --------------------------------------------------------------

    def _restore_columns(self) -> None:
        state = user_settings.value(self.wctx.settings, "records/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    def save_state(self, settings) -> None:
        user_settings.set_value(settings, "records/header", self.table.horizontalHeader().saveState())


VIEWS = [ViewSpec("records", lambda: QCoreApplication.translate("Views", "Hồ sơ"), RecordsView, order=10)]
_ = QT_TRANSLATE_NOOP("Views", "Hồ sơ")
