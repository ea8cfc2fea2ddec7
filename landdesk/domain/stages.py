"""The stage a dossier is shown at: its workflow status, or the province's answer about it when that is
further along (DOMAIN.md §5: … → sent to the province → accepted, or returned with reasons).

A package marks its dossiers "sent" (province_status) without moving their workflow stage — a checked
dossier sent before its holders were verified is still not verified — and a receipt replaces that with
the province's answer. The records list shows and filters by this one value (storage.browse has its SQL).
"""

from __future__ import annotations

RANK = {"collected": 0, "scanned": 1, "entered": 2, "checked": 3, "verified": 4,
        "sent": 5, "returned": 5, "accepted": 6, "updated": 7}
# province_status (set by an export, then by receipts) → the stage it means
PROVINCE_STAGE = {"sent": "sent", "conflict": "sent", "duplicate": "sent", "rejected": "returned",
                  "returned": "returned", "accepted": "accepted"}


def shown_stage(status: str, province_status: str = "") -> str:
    stage = PROVINCE_STAGE.get(province_status or "")
    return stage if stage and RANK[stage] >= RANK.get(status, 0) else status
