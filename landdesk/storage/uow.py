"""A unit of work: the session of one transaction plus who is acting and what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from landdesk.domain.changes import Change
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

    `changes` collects the kinds of data the work touched (domain.changes.Change: DOSSIERS, SCANS,
    USERS, ...); the workspace returns it with the result so the GUI can tell each view once.
    `on_outcome` registers what to do with files written beside the database once the transaction
    has committed or not (the workspace runs them after the commit or the rollback).
    """

    session: Session
    actor: Actor
    root: Path
    readonly: bool = False
    changes: set[Change] = field(default_factory=set)
    kind: str = "commune"  # the kind of workspace: "commune" or "province"
    outcomes: list[tuple[Callable[[], None], Callable[[], None]]] = field(default_factory=list)

    def touch(self, *kinds: Change) -> None:
        for kind in kinds:
            try:  # a declared kind's name is taken too (branches written before the enum)
                self.changes.add(Change(kind))
            except ValueError:  # an undeclared one would be a view that never refreshes
                raise TypeError(f"ctx.touch takes Change members, not {kind!r}") from None

    def on_outcome(self, committed: Callable[[], None], rolled_back: Callable[[], None]) -> None:
        self.outcomes.append((committed, rolled_back))

    def finish(self, committed: bool) -> None:
        """Run the registered outcome callbacks (every one, even if one fails; the first error is raised)."""
        first: BaseException | None = None
        for ok, undo in self.outcomes:
            try:
                (ok if committed else undo)()
            except Exception as exc:  # each callback runs, whatever the others did
                first = first or exc
        self.outcomes.clear()
        if first is not None:
            raise first

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"
