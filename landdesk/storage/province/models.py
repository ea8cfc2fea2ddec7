"""The province store: every commune's dossiers as received, conflicts, packages, roster — and the
desk's own settings, users and audit trail (storage/desk_models.py).

Its own metadata and Alembic environment (storage/province/migrations): a province database is a
different database from a commune workspace, on SQLite by default or PostgreSQL by URL. Dossiers are
kept as the JSON the commune sent plus indexed key columns, so an import is a few executemany calls.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from landdesk.storage.base import NAMING_CONVENTION, utcnow
from landdesk.storage.desk_models import DESK_TABLES
from landdesk.storage.province.packed import PackedText


class ProvinceBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# The tables every desk has (settings, users, the login throttle, the desk's own audit trail), by the
# same names as in a commune workspace: the one login, users and audit code runs on both databases.
for _table in DESK_TABLES:
    _table.to_metadata(ProvinceBase.metadata)


class ProvCommune(ProvinceBase):
    __tablename__ = "prov_communes"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[int] = mapped_column(Integer, default=0)
    last_package_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)  # highest sequence number imported
    contiguous_through: Mapped[int] = mapped_column(Integer, default=0)  # all packages 1..n imported


class ProvRosterKey(ProvinceBase):
    __tablename__ = "prov_roster"
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(8), index=True)
    public_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending / approved / retired / revoked
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    # retired by rotation: still valid for the commune's packages numbered below this one
    valid_before_seq: Mapped[int | None] = mapped_column(Integer)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)  # retired or revoked


class ProvPackage(ProvinceBase):
    __tablename__ = "prov_packages"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(8))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    header_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[str] = mapped_column(String(32), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    dossiers: Mapped[int] = mapped_column(Integer, default=0)
    tombstones: Mapped[int] = mapped_column(Integer, default=0)
    scans: Mapped[int] = mapped_column(Integer, default=0)
    receipt: Mapped[str] = mapped_column(PackedText, default="{}")  # the receipt body (re-issued on replay)

    __table_args__ = (UniqueConstraint("commune_code", "seq"),)


class ProvDossier(ProvinceBase):
    __tablename__ = "prov_dossiers"
    # n: the row's own number (SQLite: the rowid itself, which VACUUM then keeps), by which prov_keys
    # names a dossier in 3 bytes or so instead of its 36-character id; a replaced dossier gets a new one.
    # A dossier is found by (commune, id), unique (ix_prov_dossiers_commune, below), and by its id alone
    # through the hash index, which also keeps an id from being taken by two communes (storage.province.keys).
    n: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36))
    commune_code: Mapped[str] = mapped_column(String(8))  # (indexed by ix_prov_dossiers_progress, below)
    status: Mapped[str] = mapped_column(String(16), default="")  # commune workflow status
    province_status: Mapped[str] = mapped_column(String(16), default="")  # accepted/rejected/conflict/duplicate
    revision: Mapped[int] = mapped_column(Integer, default=0)  # the commune's revision last applied
    change_no: Mapped[int] = mapped_column(BigInteger, default=0)  # the commune's change number last applied
    province_revision: Mapped[int] = mapped_column(Integer, default=0)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # changed at the province since `base`
    errors: Mapped[int] = mapped_column(Integer, default=0)
    holders: Mapped[int] = mapped_column(Integer, default=0)
    verified: Mapped[int] = mapped_column(Integer, default=0)
    incorrect: Mapped[int] = mapped_column(Integer, default=0)
    needs_police: Mapped[int] = mapped_column(Integer, default=0)
    scanned: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[str] = mapped_column(PackedText)  # the dossier JSON as it stands at the province
    base: Mapped[str] = mapped_column(PackedText, default="")  # the commune's last version (merge base)
    package_seq: Mapped[int] = mapped_column(Integer, default=0)
    notify: Mapped[bool] = mapped_column(Boolean, default=False)  # status changed here: tell the commune
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # its duplicate-detection keys, JSON strings ("kind:value") joined by commas: the prov_keys rows
    # to remove when it is replaced or deleted (prov_keys has no index on dossier_id)
    key_rows: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the run of the key index holding its keys and id (prov_key_runs, storage.province.keys): None for
    # prov_keys (the keys a store had before runs, p0010)
    key_run: Mapped[int | None] = mapped_column(Integer)


# Lookups by commune, and the progress report's one grouped query reading this index only (not the packed
# dossier rows: 3.2 s at 1.2 million dossiers otherwise).
Index("ix_prov_dossiers_progress", ProvDossier.commune_code, ProvDossier.status, ProvDossier.province_status,
      ProvDossier.scanned, ProvDossier.verified, ProvDossier.incorrect, ProvDossier.needs_police)

# A dossier's identity, and a commune's dossiers in entry order a page at a time (the desk's dossier
# list): one commune's entries sit together, so an import adds to its own commune's stretch. (A unique
# index on the id alone took random writes all over it, 53 MB of them per import at 1.2 million dossiers.)
Index("ix_prov_dossiers_commune", ProvDossier.commune_code, ProvDossier.id, unique=True)

# The few dossiers with news for their commune (take_notifications), without visiting all the others:
# a partial index holds only them, so it costs an import nothing.
Index("ix_prov_dossiers_notify", ProvDossier.commune_code, sqlite_where=ProvDossier.notify.is_(True),
      postgresql_where=ProvDossier.notify.is_(True))


class _KeyTier:
    # WITHOUT ROWID on SQLite: the rows are the primary-key B-tree (one B-tree write per key, not
    # two), and the duplicate lookup is a primary-key range scan.
    __table_args__ = {"sqlite_with_rowid": False}
    h: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # no index on n: a dossier's keys are removed by primary key, from its id and ProvDossier.key_rows
    n: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ProvKey(_KeyTier, ProvinceBase):
    """Identifying keys for cross-commune duplicates ("serial:AA 123456", "cccd:001200000001",
    "parcel:<map series>|<sheet>|<parcel>") and each dossier's id ("id:<id>"), each as its 64-bit hash
    (storage.province.keys.key_hash) beside its dossier's number: the keys of the dossiers a store held
    before sealed runs (p0010), removed with their dossiers, never added to again."""

    __tablename__ = "prov_keys"


class ProvKeyRun(ProvinceBase):
    """The key index in runs (storage.province.keys): an import adds its keys to the current run, the
    last stretch of this index, not all over it; once that run holds RECENT_MAX keys it is sealed and
    the next import starts the next. Probed only for the keys the runs' filters may hold, one probe per
    run."""

    __tablename__ = "prov_key_runs"
    __table_args__ = {"sqlite_with_rowid": False}
    run: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    h: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ProvKeyFilter(ProvinceBase):
    """The Bloom filters of the key index (storage.province.keyfilter): row 1 the sealed keys' (prov_keys
    and the sealed runs), kept by every seal; row 2 the current run's, with its number, kept by every
    import and emptied by a seal. A missing one is made from its keys by the next import (keys.key_tiers)."""

    __tablename__ = "prov_key_filter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    keys: Mapped[int] = mapped_column(BigInteger, default=0)  # the keys added to it
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    run: Mapped[int | None] = mapped_column(Integer)  # row 2: the current run


class ProvConflict(ProvinceBase):
    __tablename__ = "prov_conflicts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # edit / serial / cccd / parcel
    commune_code: Mapped[str] = mapped_column(String(8), index=True)
    dossier_id: Mapped[str] = mapped_column(String(36), index=True)
    other_commune: Mapped[str] = mapped_column(String(8), default="")
    other_dossier_id: Mapped[str] = mapped_column(String(36), default="")
    field: Mapped[str] = mapped_column(String(120), default="")
    province_value: Mapped[str] = mapped_column(Text, default="")  # JSON
    commune_value: Mapped[str] = mapped_column(Text, default="")  # JSON
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open / resolved
    resolution: Mapped[str] = mapped_column(String(16), default="")  # province / commune / kept_both
    package_id: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")


class ProvAudit(ProvinceBase):
    __tablename__ = "prov_audit"
    commune_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    record: Mapped[str] = mapped_column(Text)


class ProvScan(ProvinceBase):
    __tablename__ = "prov_scans"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    ext: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    commune_code: Mapped[str] = mapped_column(String(8), default="")


class ProvTombstone(ProvinceBase):
    __tablename__ = "prov_tombstones"
    commune_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    change_no: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted_at: Mapped[str] = mapped_column(String(32), default="")
