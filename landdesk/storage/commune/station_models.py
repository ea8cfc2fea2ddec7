"""Tables of a commune office with several workstations (docs/stations.md): the primary's roster of
stations, the packages exchanged in both directions, what each side is known to hold, the merge base a
station keeps, who last wrote each merge unit at the primary, dossier number blocks, and the primary's
station conflict queue. A plain commune desk has them empty."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from landdesk.storage.base import Base, utcnow
from landdesk.storage.desk_models import UUID_LEN


class Station(Base):
    """At the primary: one enrolled workstation and what it has confirmed. At a station: one row, the
    primary (code "MAY-CHINH"), holding the primary's pinned keys and what the primary confirmed."""

    __tablename__ = "stations"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # MT01, MT02, …
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="enrolled")  # enrolled / active / revoked
    signing_key: Mapped[str] = mapped_column(String(64), default="")  # base64 raw Ed25519, pinned
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    encryption_key: Mapped[str] = mapped_column(String(64), default="")  # base64 raw X25519
    secret: Mapped[str] = mapped_column(String(64), default="")  # enrolment secret (base64), proves the first package
    users: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of the user names allowed there
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    enrolled_by: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_exchange_at: Mapped[datetime | None] = mapped_column(DateTime)
    # what this side holds of the other: its last package applied here, its change counter, audit seq
    # and (at a station) the primary's receipts count merged here
    their_seq: Mapped[int] = mapped_column(Integer, default=0)
    their_change: Mapped[int] = mapped_column(Integer, default=0)
    their_audit: Mapped[int] = mapped_column(Integer, default=0)
    their_receipts: Mapped[int] = mapped_column(Integer, default=0)
    # what the other side confirmed holding of this side
    our_change: Mapped[int] = mapped_column(Integer, default=0)
    our_audit: Mapped[int] = mapped_column(Integer, default=0)
    our_receipts: Mapped[int] = mapped_column(Integer, default=0)
    out_seq: Mapped[int] = mapped_column(Integer, default=0)  # last package this side wrote to it
    out_hash: Mapped[str] = mapped_column(String(64), default="")


class StationPackage(Base):
    """A package exchanged with a station (or the primary): `direction` out = written here, in = imported."""

    __tablename__ = "station_packages"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    direction: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(24))
    seq: Mapped[int] = mapped_column(Integer)
    header_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    change_from: Mapped[int] = mapped_column(Integer, default=0)
    change_to: Mapped[int] = mapped_column(Integer, default=0)
    audit_to: Mapped[int] = mapped_column(Integer, default=0)
    dossiers: Mapped[int] = mapped_column(Integer, default=0)
    scans: Mapped[int] = mapped_column(Integer, default=0)
    files: Mapped[str] = mapped_column(Text, default="[]")  # out: JSON list of the volumes' names
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)  # out: the other side applied it
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("station_id", "direction", "seq"),)


class StationPackageScan(Base):
    """Scan files an outgoing package carried: the other side holds them once it confirms the package."""

    __tablename__ = "station_package_scans"
    package_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


class StationScan(Base):
    """Scan files the other side is known to hold (never sent to it again)."""

    __tablename__ = "station_scans"
    station_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


class StationBase(Base):
    """At a station: the primary's version of a dossier as last received (the merge base sent with a
    local edit)."""

    __tablename__ = "station_base"
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON {"dossier": …, "pages": […]}


class StationOrigin(Base):
    """At the primary: for each merge unit of a dossier, the station that last wrote it and the hash of
    the value it wrote (a station may overwrite its own value; a value changed since is someone
    else's). One JSON object per dossier: {unit: [station id, value hash]}."""

    __tablename__ = "station_origins"
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    data: Mapped[str] = mapped_column(Text, default="{}")


class NumberBlock(Base):
    """Dossier numbers [first, last] given to a station (at the primary: every block given; at a station:
    its own)."""

    __tablename__ = "station_number_blocks"
    first: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
    station_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StationConflict(Base):
    """At the primary: a station's value waiting for a person (kind edit / delete / deleted), or a
    duplicate flagged at a merge (kind serial / cccd / parcel)."""

    __tablename__ = "station_conflicts"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    station_id: Mapped[str] = mapped_column(String(UUID_LEN))
    field: Mapped[str] = mapped_column(String(80), default="")
    primary_value: Mapped[str] = mapped_column(Text, default="null")  # JSON
    station_value: Mapped[str] = mapped_column(Text, default="null")  # JSON
    other_dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_station_conflicts_status", "status"),)
