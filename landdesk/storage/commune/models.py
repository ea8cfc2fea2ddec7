"""Core tables of a commune workspace: the dossier aggregate, counters, drafts (users, the audit trail
and settings are every desk's: storage/desk_models.py).

Rows that travel between sites have UUID keys. A dossier is the unit of change: any edit to its
parcels, land uses or holders bumps the dossier's `revision` and `change_no`, so sync packages ship
whole dossiers. Deletes leave a row in `tombstones`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from landdesk.storage.base import Base, utcnow
from landdesk.storage.desk_models import UUID_LEN, Stamped


class Counter(Base):
    """Monotonic counters: 'change' (local change counter), 'dossier_num' (local dossier numbers)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class DossierRow(Stamped, Base):
    __tablename__ = "dossiers"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    num: Mapped[int] = mapped_column(Integer, unique=True)  # local dossier number; also the FTS rowid
    commune_code: Mapped[str] = mapped_column(String(8), default="")
    village: Mapped[str] = mapped_column(String(200), default="")
    village_sort: Mapped[str] = mapped_column(Text, default="")  # domain.collation.sort_key(village)
    serial: Mapped[str] = mapped_column(String(32), default="")
    serial_norm: Mapped[str] = mapped_column(String(32), default="", index=True)
    serial_typed: Mapped[str] = mapped_column(String(64), default="")  # as typed, when not the normal form
    scan_names: Mapped[str] = mapped_column(Text, default="")  # Form 01 item 49 as received
    issue_date: Mapped[date | None] = mapped_column(Date)
    registry_no: Mapped[str] = mapped_column(String(64), default="")
    registry_norm: Mapped[str] = mapped_column(String(64), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    custody: Mapped[str] = mapped_column(String(16), default="collected", index=True)
    custody_note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="collected", index=True)
    received_on: Mapped[date | None] = mapped_column(Date, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    current_name: Mapped[str] = mapped_column(String(200), default="")
    current_cccd: Mapped[str] = mapped_column(String(12), default="")
    current_address: Mapped[str] = mapped_column(Text, default="")
    current_reason: Mapped[str | None] = mapped_column(String(16))
    province_status: Mapped[str] = mapped_column(String(16), default="")
    province_note: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    change_no: Mapped[int] = mapped_column(Integer, default=0, index=True)
    # Denormalised for the browser (one indexed query, no joins per row).
    holders_display: Mapped[str] = mapped_column(Text, default="")
    holders_sort: Mapped[str] = mapped_column(Text, default="", index=True)  # collation.sort_key(first holder)
    parcels_display: Mapped[str] = mapped_column(Text, default="")
    total_area: Mapped[float | None] = mapped_column(Float)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)

    parcels: Mapped[list[ParcelRow]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="ParcelRow.position"
    )
    holders: Mapped[list[HolderRow]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="HolderRow.position"
    )

    __table_args__ = (Index("ix_dossiers_village_num", "village", "num"),
                      Index("ix_dossiers_village_sort_num", "village_sort", "num"))


class ParcelRow(Base):
    __tablename__ = "parcels"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    sheet_cert: Mapped[str] = mapped_column(String(16), default="")
    parcel_cert: Mapped[str] = mapped_column(String(16), default="")
    sheet_map: Mapped[str] = mapped_column(String(16), default="")
    parcel_map: Mapped[str] = mapped_column(String(16), default="")
    map_series: Mapped[str] = mapped_column(String(64), default="")
    old_commune: Mapped[str] = mapped_column(String(200), default="")
    national_id: Mapped[str] = mapped_column(String(16), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[float | None] = mapped_column(Float)
    classification: Mapped[str] = mapped_column(String(64), default="")
    coordinates: Mapped[str] = mapped_column(Text, default="")
    crs: Mapped[str] = mapped_column(String(16), default="")  # e.g. EPSG:4326; set with any coordinate
    group: Mapped[int | None] = mapped_column(Integer)
    # housing (items 40–48), one per parcel at most; all empty when none
    h_asset_type: Mapped[str] = mapped_column(String(200), default="")
    h_complex: Mapped[str] = mapped_column(String(200), default="")
    h_building: Mapped[str] = mapped_column(String(200), default="")
    h_apartment: Mapped[str] = mapped_column(String(64), default="")
    h_construction_area: Mapped[float | None] = mapped_column(Float)
    h_floor_area: Mapped[float | None] = mapped_column(Float)
    h_ownership_form: Mapped[str] = mapped_column(String(200), default="")
    h_ownership_term: Mapped[str] = mapped_column(String(200), default="")
    h_grade: Mapped[str] = mapped_column(String(64), default="")
    h_id: Mapped[str | None] = mapped_column(String(UUID_LEN))

    dossier: Mapped[DossierRow] = relationship(back_populates="parcels")
    land_uses: Mapped[list[LandUseRow]] = relationship(
        back_populates="parcel", cascade="all, delete-orphan", order_by="LandUseRow.position"
    )

    __table_args__ = (Index("ix_parcels_sheet_parcel", "sheet_map", "parcel_map"),
                      Index("ix_parcels_sheet_parcel_cert", "sheet_cert", "parcel_cert"))


class LandUseRow(Base):
    __tablename__ = "land_uses"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcels.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str | None] = mapped_column(String(8))
    raw_text: Mapped[str] = mapped_column(String(200), default="")
    area: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(Text, default="")
    use_form: Mapped[str | None] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(64), default="")

    parcel: Mapped[ParcelRow] = relationship(back_populates="land_uses")


class HolderRow(Base):
    __tablename__ = "holders"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default="person")
    name: Mapped[str] = mapped_column(String(200), default="")
    name_fold: Mapped[str] = mapped_column(String(200), default="", index=True)
    cccd: Mapped[str] = mapped_column(String(12), default="", index=True)
    cmnd: Mapped[str] = mapped_column(String(12), default="", index=True)
    org_id: Mapped[str] = mapped_column(String(32), default="")
    birth: Mapped[str | None] = mapped_column(String(10))  # 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
    gender: Mapped[str | None] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(Text, default="")
    legal_form: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(16))
    representative: Mapped[str] = mapped_column(String(200), default="")
    verification: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    verification_reason: Mapped[str] = mapped_column(String(32), default="")
    verification_fields: Mapped[str] = mapped_column(String(200), default="")

    dossier: Mapped[DossierRow] = relationship(back_populates="holders")


class Tombstone(Base):
    """A deleted synced row: sync packages carry these so the province deletes too."""

    __tablename__ = "tombstones"
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    change_no: Mapped[int] = mapped_column(Integer, index=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted_by: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class Draft(Base):
    """Unsaved editor state, written continuously so a crash loses at most the field being typed."""

    __tablename__ = "drafts"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # dossier id, or 'new:<uuid>'
    username: Mapped[str] = mapped_column(String(64), index=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    payload: Mapped[str] = mapped_column(Text)  # JSON of the dossier being edited
