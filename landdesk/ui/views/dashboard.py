"""Dashboard: the commune's campaign figures against its target, by stage, village and day.

The figures come from services.reports.campaign_figures (the same numbers as `landdesk report`);
this view only draws them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from landdesk.domain.changes import Change
from landdesk.domain.values import format_local_time, format_number
from landdesk.services import reports
from landdesk.services.users import PERMISSIONS
from landdesk.ui.dialogs.target import TargetDialog
from landdesk.ui.tasks import Op
from landdesk.ui.views.registry import ViewSpec
from landdesk.ui.widgets.charts import PALETTE, Bar, BarChart, DayChart


def tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


class Tile(QFrame):
    def __init__(self, title: str, color: str):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"Tile {{ border-left: 5px solid {color}; background: palette(base); }}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 4, 10, 4)
        lay.setSpacing(0)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.caption = QLabel(title)
        self.caption.setWordWrap(True)
        self.caption.setMinimumHeight(self.caption.fontMetrics().height() * 2 + 2)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.sub = QLabel("")
        self.sub.setStyleSheet("color: palette(dark);")
        lay.addWidget(self.value)
        lay.addWidget(self.caption)
        lay.addWidget(self.sub)


TILE_WIDTH = 150  # a tile's room before the row wraps (1366 px screens show them on two rows)


class DashboardView(QWidget):
    def _place_tiles(self, columns: int) -> None:
        """The tiles in rows of `columns`: one row on a wide screen, two on a 1366 px one (never cut)."""
        columns = max(3, min(len(self.tiles), columns))
        if columns == self._tile_columns:
            return
        self._tile_columns = columns
        for i, tile in enumerate(self.tiles.values()):
            self._tile_grid.addWidget(tile, i // columns, i % columns)
        for c in range(len(self.tiles)):
            self._tile_grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place_tiles(max(1, (event.size().width() - 40) // TILE_WIDTH))

    def __init__(self, wctx):
        super().__init__()
        self.wctx = wctx
        self.lang = wctx.lang
        self.figures = None
        inner = QWidget()
        lay = QVBoxLayout(inner)
        head = QHBoxLayout()
        title = QLabel(tr("Tiến độ chiến dịch"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.place = QLabel()
        self.updated = QLabel()
        self.updated.setStyleSheet("color: palette(dark);")
        head.addWidget(title)
        head.addWidget(self.place, 1)
        head.addWidget(self.updated)
        lay.addLayout(head)

        self.progress = QProgressBar()
        self.progress.setObjectName("targetProgress")
        self.progress.setTextVisible(True)
        self.progress.setMinimumHeight(26)
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        self.target_button = QPushButton(tr("Đặt chỉ tiêu…"))
        self.target_button.setObjectName("setTarget")
        self.target_button.clicked.connect(self.set_target)
        # Supervisors and administrators set it (services.reports.set_target checks the same right).
        self.target_button.setVisible(wctx.ws.actor.role in PERMISSIONS["supervise"])
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(self.target_button)
        lay.addLayout(target_row)
        lay.addWidget(self.progress)

        tiles = QGridLayout()
        self.tiles: dict[str, Tile] = {}
        specs = [("collected", tr("Đã thu nhận GCN")), ("scanned", tr("Đã quét")), ("entered", tr("Đã nhập Mẫu 01")),
                 ("checked", tr("Đã kiểm tra")), ("persons_verified", tr("Người SDĐ đã xác thực")),
                 ("persons_incorrect", tr("Thông tin chưa chính xác")),
                 ("persons_needs_police", tr("Cần phối hợp công an")), ("sent", tr("Đã gửi tỉnh")),
                 ("accepted", tr("Tỉnh đã tiếp nhận"))]
        for i, (key, caption) in enumerate(specs):
            tile = Tile(caption, PALETTE[i % len(PALETTE)])
            tile.setObjectName(f"tile_{key}")
            self.tiles[key] = tile
        self._tile_grid, self._tile_columns = tiles, 0
        self._place_tiles(len(specs))
        lay.addLayout(tiles)

        charts = QGridLayout()
        self.stages = BarChart(self.lang)
        self.stages.setObjectName("stagesChart")
        self.not_collected = BarChart(self.lang)
        self.not_collected.empty_text = tr("Mọi GCN đều đã thu được.")
        self.villages = BarChart(self.lang)
        self.villages.empty_text = tr("Chưa có hồ sơ.")
        self.days = DayChart(self.lang)
        self.days.empty_text = tr("Chưa có ngày nhận hồ sơ.")
        for chart, (row, col), caption in ((self.stages, (0, 0), tr("Các bước so với chỉ tiêu")),
                                           (self.not_collected, (0, 1), tr("Lý do chưa thu được GCN")),
                                           (self.villages, (1, 0), tr("Theo thôn/tổ dân phố: đã thu nhận và đã nhập")),
                                           (self.days, (1, 1), tr("Theo ngày"))):
            box = QGroupBox(caption)
            QVBoxLayout(box).addWidget(chart)
            charts.addWidget(box, row, col)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)
        lay.addLayout(charts)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.reload()

    def reload(self) -> None:
        Op(self.wctx, reports.campaign_figures, parent=self, kind="read").success(self.show_figures).run()

    def reload_now(self) -> None:
        self.show_figures(self.wctx.ws.read(reports.campaign_figures))

    def show_figures(self, f) -> None:
        self.figures = f
        lang = self.lang
        info = self.wctx.ws.info
        self.place.setText(f"  {info.commune_name} — {info.province_name}")
        self.updated.setText(tr("Số liệu lúc %1").replace("%1", format_local_time(f.generated_at)))
        t = f.totals
        if f.target:
            pct = f.progress * 100
            self.target_label.setText(tr("Đã thu nhận %1 / %2 GCN theo chỉ tiêu (%3 %)")
                                      .replace("%1", format_number(t.collected, lang)).replace("%2", format_number(f.target, lang))
                                      .replace("%3", format_number(pct, lang, 1)))
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, int(pct * 10)))
            self.progress.setFormat(format_number(pct, lang, 1) + " %")
            self.progress.setVisible(True)
        else:
            self.target_label.setText(tr("Chưa đặt chỉ tiêu cho xã. Đã thu nhận %1 GCN.")
                                      .replace("%1", format_number(t.collected, lang)))
            self.progress.setVisible(False)
        base = f.target or t.dossiers or 1
        for key, tile in self.tiles.items():
            value = getattr(t, key)
            tile.value.setText(format_number(value, lang))
            if key.startswith("persons_"):  # per person (each citizen once); per certificate link beside it
                links = getattr(t, key.replace("persons_", "holders_"))
                tile.sub.setText(tr("/ %1 người; %2 lượt GCN").replace("%1", format_number(t.persons, lang))
                                 .replace("%2", format_number(links, lang)))
            else:
                tile.sub.setText(f"{value * 100 / base:.0f} %")
        stage_bars = [Bar(tr("Đã thu nhận"), t.collected, PALETTE[0]), Bar(tr("Đã quét"), t.scanned, PALETTE[1]),
                      Bar(tr("Đã nhập"), t.entered, PALETTE[2]), Bar(tr("Đã kiểm tra"), t.checked, PALETTE[3]),
                      Bar(tr("Đã xác thực"), t.verified, PALETTE[4]), Bar(tr("Đã gửi tỉnh"), t.sent, PALETTE[5]),
                      Bar(tr("Tỉnh tiếp nhận"), t.accepted, PALETTE[6])]
        for b in stage_bars:
            b.note = f"{b.value * 100 / base:.0f} %"
        self.stages.set_bars(stage_bars, f.target, tr("chỉ tiêu %1").replace("%1", format_number(f.target, lang))
                             if f.target else "")
        self.not_collected.set_bars([Bar(n.custody.label(lang), n.count, "#c62828") for n in f.not_collected
                                     if n.count])
        village_bars = []
        for v in sorted(f.by_village, key=lambda v: -v.figures.collected)[:8]:  # stable: Vietnamese order in ties
            name = v.village or tr("(chưa ghi thôn)")
            village_bars.append(Bar(name, v.figures.collected, PALETTE[0],
                                    note=tr("đã nhập %1").replace("%1", format_number(v.figures.entered, lang))))
        self.villages.set_bars(village_bars)
        self.days.set_days(list(f.by_day), (tr("nhận trong ngày"), tr("trong đó đã nhập"), tr("lũy kế")))

    def set_target(self) -> None:
        value = TargetDialog.ask(self, self.figures.target if self.figures else None)
        if value is not None:
            Op(self.wctx, lambda ctx: reports.set_target(ctx, value), parent=self).run()

    def refresh(self, changes, initiator=None) -> None:
        if changes & {Change.DOSSIERS, Change.SCANS, Change.VERIFICATION, Change.SYNC, Change.SETTINGS}:
            self.reload()

    def activated(self) -> None:
        self.reload()


VIEWS = [ViewSpec("dashboard", lambda: QCoreApplication.translate("Views", "Tiến độ"), DashboardView, order=40)]
