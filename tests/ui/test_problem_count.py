"""The status bar, the records list's "Chỉ hồ sơ có vấn đề" filter and the review view show one number of
problem dossiers; duplicates show in the problem column."""

from __future__ import annotations

import re

from landdesk.services import dossiers
from landdesk.ui.models.records_model import COLUMNS
from tests.factories import couple_dossier


def test_one_number_in_three_places(qtbot, ws, make_window):
    for i, serial in enumerate(("CS 900001", "CS 900001", "CS 900003", "CS 900004")):
        d = couple_dossier(serial=serial, parcel=str(i) if i != 3 else "0")  # 1+2: serial; 1+4: sheet/parcel
        if i == 2:
            d.holders[0].cccd = "12345"  # an error of its own
        ws.transact(lambda ctx, d=d: dossiers.save_dossier(ctx, d, allow_errors=True))
    win = make_window()
    records = win.show_view("records")
    qtbot.waitUntil(lambda: records.model.rowCount() == 4, timeout=30_000)
    col = [k for k, _ in COLUMNS].index("problems")
    texts = [records.model.index(r, col).data() for r in range(4)]
    assert texts == ["1 lỗi, 1 cảnh báo, trùng số phát hành, trùng tờ/thửa", "1 lỗi, trùng số phát hành",
                     "1 lỗi", "1 cảnh báo, trùng tờ/thửa"]
    qtbot.waitUntil(lambda: "có vấn đề" in win.lbl_counts.text(), timeout=30_000)
    in_status_bar = int(re.search(r"(\d+) có vấn đề", win.lbl_counts.text()).group(1))
    records.problems.setChecked(True)
    qtbot.waitUntil(lambda: records.model.rowCount() == 4 and records.complete_generation == records._generation, timeout=30_000)
    review = win.show_view("review")
    qtbot.waitUntil(lambda: bool(review.groups) and not review._checking, timeout=20000)
    in_review = int(re.match(r"(\d+) hồ sơ có vấn đề", review.problems_summary.text()).group(1))
    assert in_status_bar == records.model.rowCount() == in_review == 4
    assert "4 hồ sơ" in records.count.text()
