"""Commune-side sync bookkeeping: packages sent, what the province acknowledged, its profile."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from landdesk.storage.base import Base, utcnow


class SyncPackage(Base):
    """One exported package. Acknowledged once a receipt says the province holds it and all before it."""

    __tablename__ = "sync_packages"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    header_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    change_from: Mapped[int] = mapped_column(Integer, default=0)
    change_to: Mapped[int] = mapped_column(Integer, default=0)
    audit_to: Mapped[int] = mapped_column(Integer, default=0)
    dossiers: Mapped[int] = mapped_column(Integer, default=0)
    tombstones: Mapped[int] = mapped_column(Integer, default=0)
    scans: Mapped[int] = mapped_column(Integer, default=0)
    files: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of volume file names
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime | None] = mapped_column(DateTime)  # a receipt for this package came back
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)  # it and every earlier one are held


class SyncPackageScan(Base):
    """Which scan files a package carried (so an acknowledged scan is never sent again)."""

    __tablename__ = "sync_package_scans"
    package_id: Mapped[str] = mapped_column(ForeignKey("sync_packages.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


class SyncScanAck(Base):
    __tablename__ = "sync_scans_acked"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    acked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncDossierAck(Base):
    """The province's last word on a dossier (from receipts)."""

    __tablename__ = "sync_dossier_acks"
    dossier_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # accepted / rejected / conflict / duplicate
    revision: Mapped[int] = mapped_column(Integer, default=0)  # commune revision the receipt is about
    province_revision: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    package_seq: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncReceipt(Base):
    """Receipts applied (applying one twice changes nothing)."""

    __tablename__ = "sync_receipts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36))
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncProvinceProfile(Base):
    """The province's published profile: its keys, commune list and targets (one row per province)."""

    __tablename__ = "sync_province_profile"
    province_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    province_name: Mapped[str] = mapped_column(String(200), default="")
    signing_key: Mapped[str] = mapped_column(String(64))  # base64 Ed25519 public key
    encryption_key: Mapped[str] = mapped_column(String(64), default="")  # base64 X25519 public key
    fingerprint: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text, default="{}")  # the whole profile JSON
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
