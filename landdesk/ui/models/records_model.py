"""The records browser's table model: the ordered id list from one indexed query, rows fetched in pages.

Like Anki's browser model: `set_ids()` takes the result of services.search.browse_ids; `data()` loads
the page holding a row on first use through `fetch(ids) -> [DossierSummary]` (a short indexed read by
primary key). Sorting is done by the database: `sort()` emits `sort_requested` and the view re-queries.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from landdesk.domain.codes import WorkflowStatus
from landdesk.domain.stages import shown_stage
from landdesk.domain.values import format_area, format_local_time

PAGE = 100
MAX_CACHED_PAGES = 100
ID_ROLE = Qt.ItemDataRole.UserRole

# (sort key in storage.browse.SORT_COLUMNS, header source text)
COLUMNS = [
    ("num", QT_TRANSLATE_NOOP("RecordsModel", "Số HS")),
    ("serial", QT_TRANSLATE_NOOP("RecordsModel", "Số phát hành")),
    ("holder", QT_TRANSLATE_NOOP("RecordsModel", "Chủ sử dụng")),
    ("village", QT_TRANSLATE_NOOP("RecordsModel", "Thôn/tổ dân phố")),
    ("parcels", QT_TRANSLATE_NOOP("RecordsModel", "Tờ/thửa")),
    ("area", QT_TRANSLATE_NOOP("RecordsModel", "Diện tích (m²)")),
    ("status", QT_TRANSLATE_NOOP("RecordsModel", "Tiến độ")),
    ("custody", QT_TRANSLATE_NOOP("RecordsModel", "Giấy chứng nhận")),
    ("problems", QT_TRANSLATE_NOOP("RecordsModel", "Vấn đề")),
    ("updated", QT_TRANSLATE_NOOP("RecordsModel", "Cập nhật")),
]
SORTABLE = {"num", "serial", "holder", "village", "status", "custody", "area", "updated", "problems"}


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("RecordsModel", text, None, n)  # n: a count, for the plural form ("1 dossier", "2 dossiers")


_DISPLAY, _ALIGNMENT, _TOOLTIP = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.TextAlignmentRole),
                                  int(Qt.ItemDataRole.ToolTipRole))
_ID = int(ID_ROLE)
_ROLES = frozenset({_DISPLAY, _ALIGNMENT, _TOOLTIP, int(Qt.ItemDataRole.ForegroundRole), _ID})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN = [_RIGHT if key in ("num", "area", "problems") else _LEFT for key, _ in COLUMNS]
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_RED = QBrush(QColor("#b00020"))
_AMBER = QBrush(QColor("#8a5a00"))


class RecordsModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # (sort key, descending)

    def __init__(self, fetch: Callable[[list[str]], list], lang: str = "vi", parent=None):
        super().__init__(parent)
        self._fetch = fetch
        self.lang = lang
        self.ids: list[str] = []
        self._rows: dict[str, object] = {}
        self._cells: dict[str, tuple[str, ...]] = {}
        self._pages: list[int] = []  # loaded page numbers, oldest first

    # ---- data in ----------------------------------------------------------------------------

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self._rows.clear()
        self._cells.clear()
        self._pages.clear()
        self.endResetModel()

    def extend_ids(self, ids: list[str]) -> None:
        """The full list after a first page: rows are appended when it starts with what is shown,
        otherwise the model is reset."""
        n = len(self.ids)
        if len(ids) >= n and ids[:n] == self.ids:
            if len(ids) > n:
                self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
                self.ids.extend(ids[n:])
                self.endInsertRows()
        else:
            self.set_ids(ids)

    def invalidate(self) -> None:
        """Rows may have changed in the database: drop the cache, keep the id list."""
        self._rows.clear()
        self._cells.clear()
        self._pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def _summary(self, row: int):
        dossier_id = self.ids[row]
        s = self._rows.get(dossier_id)
        if s is None:
            page = row // PAGE
            chunk = self.ids[page * PAGE:(page + 1) * PAGE]
            for item in self._fetch(chunk):
                self._rows[item.id] = item
            self._pages.append(page)
            if len(self._pages) > MAX_CACHED_PAGES:  # bounded memory on 100k rows
                old = self._pages.pop(0)
                for i in self.ids[old * PAGE:(old + 1) * PAGE]:
                    self._rows.pop(i, None)
                    self._cells.pop(i, None)
            s = self._rows.get(dossier_id)
        return s

    def summary(self, row: int):
        return self._summary(row) if 0 <= row < len(self.ids) else None

    def row_of(self, dossier_id: str) -> int:
        try:
            return self.ids.index(dossier_id)
        except ValueError:
            return -1

    # ---- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(COLUMNS[section][1])
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section][0] in ("num", "area", "problems"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and section >= 0:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def _texts(self, row: int) -> tuple[str, ...] | None:
        dossier_id = self.ids[row]
        texts = self._cells.get(dossier_id)
        if texts is None:
            s = self._summary(row)
            if s is None:
                return None
            texts = tuple(self._text(key, s) for key, _ in COLUMNS)
            self._cells[dossier_id] = texts
        return texts

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Called for every visible cell and role on each paint: plain ints, cheap answers first.
        role = int(role)
        if role not in _ROLES:
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self.ids)) or not (0 <= col < len(COLUMNS)):
            return None
        if role == _DISPLAY:
            texts = self._cells.get(self.ids[row]) or self._texts(row)
            return texts[col] if texts else None
        if role == _ALIGNMENT:
            return _ALIGN[col]
        if role == _ID:
            return self.ids[row]
        texts = self._texts(row)
        if texts is None:
            return None
        key = COLUMNS[col][0]
        if role == _TOOLTIP:
            return texts[col] if key in ("holder", "parcels", "village", "problems") and texts[col] else None
        if key == "problems":  # foreground
            s = self._rows.get(self.ids[row])
            errors, warnings = _problem_counts(s) if s is not None else (0, 0)
            if errors:
                return _RED
            if warnings:
                return _AMBER
        return None

    def _text(self, key: str, s) -> str:
        if key == "num":
            return str(s.num)
        if key == "serial":
            return s.serial
        if key == "holder":
            return "; ".join(s.holders)
        if key == "village":
            return s.village
        if key == "parcels":
            return s.parcels
        if key == "area":
            return format_area(s.area, self.lang) if s.area is not None else ""
        if key == "status":  # the province's answer, where it is further along (domain.stages)
            return WorkflowStatus(shown_stage(s.status.value, s.province_status)).label(self.lang)
        if key == "custody":
            return s.custody.label(self.lang)
        if key == "problems":  # its own rules' counts and the problems spanning dossiers (services.findings)
            errors, warnings = _problem_counts(s)
            parts = []
            if errors:
                parts.append(tr("%n lỗi", errors))
            if warnings:
                parts.append(tr("%n cảnh báo", warnings))
            rules = {rule for rule, _ in s.spanning}
            if "clean.serial_duplicate" in rules:
                parts.append(tr("trùng số phát hành"))
            if "clean.parcel_duplicate" in rules:
                parts.append(tr("trùng tờ/thửa"))
            return ", ".join(parts)
        if key == "updated":
            return format_local_time(s.updated_at)
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS) and COLUMNS[column][0] in SORTABLE:
            self.sort_requested.emit(COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)


def _problem_counts(s) -> tuple[int, int]:
    spanning = [sev for _, sev in getattr(s, "spanning", ())]
    return s.errors + spanning.count("error"), s.warnings + spanning.count("warning")
