"""A read-only list of rows, as the desks' tabs and the dialogs show them: whole rows selected, no row
numbers, one column taking the spare room, a cut cell's whole text in its tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from landdesk.ui.widgets.cut_tips import cut_cell_tips


def listing_table(headers: list[str], name: str = "", *, stretch: int | None = None,
                  single: bool = False) -> QTableWidget:
    """stretch: the column that takes the spare room (None: the last); single: one row selected at a time."""
    t = QTableWidget(0, len(headers))
    if name:
        t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    if stretch is None:
        t.horizontalHeader().setStretchLastSection(True)
    else:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    cut_cell_tips(t)
    return t
