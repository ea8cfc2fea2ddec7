"""A unit of work: the session of one transaction plus who is acting and what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from landdesk.domain.codes import UserRole


@dataclass(frozen=True)
class Actor:
    username: str
    role: UserRole
    full_name: str = ""


SYSTEM = Actor("system", UserRole.ADMIN, "LandDesk")
NOBODY = Actor("", UserRole.VIEWER, "")  # a workspace opened for a login, until it succeeds: no permission


@dataclass
class UnitOfWork:
    """What every service function receives as `ctx`.

    `changes` collects the kinds of data the work touched ("dossiers", "scans", "users", ...); the
    workspace returns it with the result so the GUI can tell each view once.
    """

    session: Session
    actor: Actor
    root: Path
    readonly: bool = False
    changes: set[str] = field(default_factory=set)
    kind: str = "commune"  # the kind of workspace: "commune" or "province"

    def touch(self, *kinds: str) -> None:
        self.changes.update(kinds)

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"
