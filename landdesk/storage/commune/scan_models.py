"""Tables of the scans work: one row per stored page.

A page's content lives in the media store under its SHA-256 (media/ab/cd/<sha256>.<ext>); the row is
committed only after the file is in place. `sha256` is unique: the same content is stored once, so an
exact duplicate is refused by the database itself. A "document" is the pages of one kind (DocKind) in
one dossier, ordered by `position`. `dossier_id` NULL is the unassigned tray (pages scanned before the
first cover sheet, or a dossier that was deleted); `deleted_at` set is the recycle tray.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from landdesk.storage.base import Base, utcnow
from landdesk.storage.commune.models import UUID_LEN


class ScanPage(Base):
    __tablename__ = "scan_pages"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    ext: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)  # bytes of the stored file
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    dpi: Mapped[int] = mapped_column(Integer, default=0)  # effective resolution, A4 assumed when unknown
    # dHash split in four 16-bit bands: a near-duplicate (≤ 3 bits apart) shares at least one band.
    dh0: Mapped[int] = mapped_column(Integer, index=True)
    dh1: Mapped[int] = mapped_column(Integer, index=True)
    dh2: Mapped[int] = mapped_column(Integer, index=True)
    dh3: Mapped[int] = mapped_column(Integer, index=True)
    quality: Mapped[str] = mapped_column(String(200), default="")  # problem codes, comma separated
    dossier_id: Mapped[str | None] = mapped_column(ForeignKey("dossiers.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(8), default="gcn")
    position: Mapped[int] = mapped_column(Integer, default=0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)  # degrees clockwise, applied when shown
    source: Mapped[str] = mapped_column(String(255), default="")  # original file name (no folder)
    source_page: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_scan_pages_dossier_kind_position", "dossier_id", "kind", "position"),)
