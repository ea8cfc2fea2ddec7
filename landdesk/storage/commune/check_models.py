"""Tables of the checks work: population-data verification runs and their per-holder results,
and double entry (blind re-keying of high-risk fields).

Results point at holders and dossiers by id without foreign keys on purpose: a dossier save
rewrites its holder rows (same ids), and the history of what the police data said must survive
that. Local tables: they do not travel in sync packages (the holder's verification columns do).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from landdesk.storage.base import Base, utcnow
from landdesk.storage.commune.models import UUID_LEN


class VerificationRun(Base):
    """One import of police answers or one matching against a population extract, once committed."""

    __tablename__ = "verification_runs"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "extract" or "answers"
    source: Mapped[str] = mapped_column(String(255), default="")  # file name only
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    holders: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="{}")  # JSON counts by status and reason


class VerificationResult(Base):
    __tablename__ = "verification_results"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("verification_runs.id", ondelete="CASCADE"), index=True)
    holder_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32), default="")
    fields: Mapped[str] = mapped_column(String(200), default="")
    differences: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{field, reason, ours, theirs}]
    record: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the population record's values
    resolution: Mapped[str] = mapped_column(String(16), default="")  # "", "applied", "kept"
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_verification_results_status_resolution", "status", "resolution"),)


class VerificationProposal(Base):
    """An enrichment the population data offers (a value Form 01 lacks, or a name without its
    accents): applied to the holder only when an officer accepts it, audited old → new."""

    __tablename__ = "verification_proposals"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("verification_runs.id", ondelete="CASCADE"), index=True)
    holder_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    field: Mapped[str] = mapped_column(String(16))  # name, cccd, cmnd, birth, gender, address
    old: Mapped[str] = mapped_column(Text, default="")  # stored form: birth ISO, gender code
    new: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open/accepted/rejected/superseded
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


class DoubleEntryTask(Base):
    """A dossier picked for blind re-keying (all dossiers, or a sample)."""

    __tablename__ = "double_entry_tasks"
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(64), default="")
    keyed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    keyed_by: Mapped[str] = mapped_column(String(64), default="")


class DoubleEntryKeying(Base):
    """One high-risk field keyed a second time: the stored value, the second value, who keyed each."""

    __tablename__ = "double_entry_keyings"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    field: Mapped[str] = mapped_column(String(120))  # "serial", "holder:<id>:cccd", "parcel:<id>:area"
    first_value: Mapped[str] = mapped_column(Text, default="")
    first_by: Mapped[str] = mapped_column(String(64), default="")
    second_value: Mapped[str] = mapped_column(Text, default="")
    second_by: Mapped[str] = mapped_column(String(64), default="")
    keyed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    match: Mapped[bool] = mapped_column(Boolean, default=True)
    resolution: Mapped[str] = mapped_column(String(16), default="")  # "", "first", "second"
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_double_entry_keyings_match_resolution", "match", "resolution"),)


class DossierFinding(Base):
    """A problem that spans dossiers (a duplicate serial or sheet/parcel, one ID under two names, a scan's
    quality…) kept per dossier, so that the records list, its "problems" filter, the status bar and the
    review view count the same dossiers. Replaced by each check run; the duplicate rules also at each save.
    Local: it does not travel in sync packages (the province runs its own checks)."""

    __tablename__ = "dossier_findings"
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(40), primary_key=True)
    severity: Mapped[str] = mapped_column(String(8))  # "error" or "warning"
