"""What every kind of workspace stands on: the commune desk, a commune's workstation, the province desk.

A workspace is a folder with a marker file, a database (its own schema, upgraded by its own Alembic
chain) and files beside it (keys, media). This base opens it (marker → engine → schema check →
upgrade), authenticates its users (services/login.py: throttled, argon2id, audited), and runs every
use case as a unit of work carrying the acting user and the kinds of data it touched:

    ws.read(fn)             fn(ctx) in a read transaction
    ws.transact(fn)         fn(ctx) in one write transaction; any exception rolls it back
    ws.transact_changes(fn) the same, returning OpOutput(result, changes) for the GUI to broadcast
    ws.run(fn)              fn() that runs several units of work itself (an import, an export):
                            OpOutput(result, every change they committed)

A kind of workspace says what differs: its marker and database names, its schema module, how its
engine is made, what its folder holds at creation, and how it reads its identity (`WorkspaceInfo`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Self, TypeVar

from landdesk.domain.codes import UserRole
from landdesk.domain.errors import WorkspaceBusy, WorkspaceError
from landdesk.domain.fileio import DiskFullError, atomic_write
from landdesk.services import passwords
from landdesk.services import users as user_service
from landdesk.storage import settings as settings_store
from landdesk.storage.engine import is_busy, make_sessionmaker
from landdesk.storage.marker import newer_error, read_marker
from landdesk.storage.private import creating, private_dir
from landdesk.storage.uow import NOBODY, SYSTEM, Actor, UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class OpOutput:
    """A write's result and the kinds of data it touched (the GUI refreshes views from this)."""

    output: Any
    changes: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class WorkspaceInfo:
    workspace_id: str
    kind: str  # "commune" or "province"
    commune_code: str
    commune_name: str
    province_code: str
    province_name: str


class WorkspaceBase:
    KIND: ClassVar[str]
    MARKER: ClassVar[str]
    DB_NAME: ClassVar[str]
    SUBDIRS: ClassVar[tuple[str, ...]]  # made owner-only at creation

    def __init__(self, root: Path, engine, info: WorkspaceInfo, actor: Actor = SYSTEM):
        self.root = Path(root)
        self.engine = engine
        self.info = info
        self.actor = actor
        self._sessions = make_sessionmaker(engine)
        # One writer at a time inside this process; the database serialises writers across processes.
        self._write_lock = threading.Lock()
        self._collecting = threading.local()  # ws.run: the change sets open on this thread

    # ---- what a kind of workspace says -------------------------------------------------------------

    @classmethod
    def schema(cls) -> ModuleType:
        """Its storage schema module: current_revision, known_revisions, head_revision, upgrade."""
        raise NotImplementedError

    @classmethod
    def _engine(cls, root: Path, marker: dict):
        """The engine on its database (the marker may name a server)."""
        raise NotImplementedError

    def _load_info(self, ctx: UnitOfWork, marker: dict) -> WorkspaceInfo:
        raise NotImplementedError

    def _after_upgrade(self, marker: dict) -> None:
        """Bring what an older version left up to date (after the schema upgrade, before the login)."""

    def _finish_interrupted(self) -> None:
        """Finish what writers a kill interrupted left (at every start; cheap when nothing was)."""

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    @property
    def keys_dir(self) -> Path:
        return self.root / "keys"

    # ---- creation ------------------------------------------------------------------------------

    @classmethod
    def _check_new_folder(cls, root: Path) -> None:
        from landdesk.storage.marker import DB_NAME, MARKER, PROVINCE_MARKER

        if any((root / name).exists() for name in (MARKER, PROVINCE_MARKER, DB_NAME)):
            raise WorkspaceError(f"Thư mục đã là một không gian làm việc: {root}",
                                 f"The folder is already a workspace: {root}")
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise WorkspaceError(f"Thư mục không trống: {root}", f"The folder is not empty: {root}")

    @classmethod
    def _create(cls, root: Path, info: WorkspaceInfo, marker: dict, *, admin: str, password: str,
                full_name: str, settings: dict, setup: Callable[[UnitOfWork], None] | None = None,
                make_keys: Callable[[Path], None] | None = None) -> Self:
        """Make the folder in a hidden place beside `root` and rename it at the end: a creation killed
        half-way leaves no folder that every command would refuse. The schema comes from the
        migrations; `settings`, `setup(ctx)` and the first administrator are one transaction; the
        marker is written last (a folder without it was never a finished workspace)."""
        passwords.check_strength(password, admin)
        with creating(root) as staging:
            for sub in cls.SUBDIRS:
                private_dir(staging / sub)
            if make_keys is not None:
                make_keys(staging / "keys")
            engine = cls._engine(staging, {**marker, "_new": True})
            try:
                cls.schema().upgrade(engine)
                ws = cls(staging, engine, info)

                def run(ctx: UnitOfWork) -> None:
                    for key, value in settings.items():
                        settings_store.put(ctx.session, key, value)
                    if setup is not None:
                        setup(ctx)
                    user_service.add_user(ctx, admin, password, UserRole.ADMIN, full_name, first_admin=True)

                ws.transact(run)
            finally:
                engine.dispose()  # Windows renames no folder with an open file in it
            _write_json(staging / cls.MARKER, marker)
        return cls(root, cls._engine(root, marker), info, Actor(admin, UserRole.ADMIN, full_name))

    # ---- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path | str, *, user: str | None = None, **kw) -> Self:
        """Open for a trusted in-process caller (tests, tools): acting as `user`, or the administrator,
        without a password. The front ends use `open_for_login` and `login` instead."""
        ws = cls._open(root, **kw)
        try:
            ws.actor = ws.read(lambda ctx: user_service.actor_for(ctx, user))
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def open_for_login(cls, root: Path | str, **kw) -> Self:
        """Open with no one acting (every service refuses) until `login` succeeds."""
        return cls._open(root, **kw)

    @classmethod
    def _open(cls, root: Path | str, **kw) -> Self:
        root = Path(root)
        marker = {**read_marker(root, cls.KIND), **{k: v for k, v in kw.items() if v is not None}}
        engine = cls._engine(root, marker)
        schema = cls.schema()
        try:
            current = schema.current_revision(engine)
        except DiskFullError:  # a full drive says so (storage/engine: SQLite's 'database or disk is full')
            engine.dispose()
            raise
        except Exception as exc:  # not a database at all, or damaged beyond reading
            engine.dispose()
            where = "PostgreSQL" if marker.get("db_url") else root / cls.DB_NAME  # (a URL may hold a password)
            raise WorkspaceError(f"Không đọc được cơ sở dữ liệu của không gian làm việc: {where}",
                                 f"Cannot read the workspace database: {where}") from exc
        if current is not None and current not in schema.known_revisions():
            engine.dispose()
            raise newer_error(root)
        ws = cls(root, engine, WorkspaceInfo("", cls.KIND, "", "", "", ""), NOBODY)
        try:
            if current != schema.head_revision():
                ws._busy_guard(lambda: schema.upgrade(engine))
            ws._after_upgrade(marker)
            ws.info = ws.read(lambda ctx: ws._load_info(ctx, marker))
            ws._finish_interrupted()
        except BaseException:
            engine.dispose()
            raise
        return ws

    # ---- login (the one place both front ends authenticate) -----------------------------------

    def authenticate(self, username: str | None, password: str | None, *, via: str) -> Actor:
        """Check a login (throttled, audited: services/login.py); the actor, or LoginRefused.
        `username` None: the workspace's administrator."""
        from landdesk.services import login

        return self.transact(lambda ctx: login.login(ctx, username, password, via=via)).result()

    def login(self, username: str | None, password: str | None, *, via: str) -> Actor:
        """Authenticate and act as that user from now on."""
        self.actor = self.authenticate(username, password, via=via)
        return self.actor

    def default_user(self) -> str | None:
        from landdesk.services import login

        return self.read(login.default_user)

    def close(self) -> None:
        from landdesk.services.audit import checkpoint_if_moved

        checkpoint_if_moved(self)  # the audit head anchored beside the database (issue 15 §6)
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- units of work -------------------------------------------------------------------------

    def _uow(self, session, readonly: bool) -> UnitOfWork:
        return UnitOfWork(session=session, actor=self.actor, root=self.root, readonly=readonly, kind=self.KIND)

    def read(self, fn: Callable[[UnitOfWork], T]) -> T:
        with self._sessions() as session:
            with session.begin():
                return fn(self._uow(session, readonly=True))

    def transact_changes(self, fn: Callable[[UnitOfWork], T]) -> OpOutput:
        """Run fn in one write transaction; any exception (cancel included) rolls everything back.
        WorkspaceBusy when another process keeps the write lock past the busy timeout."""

        def run() -> OpOutput:
            with self._write_lock, self.engine.connect() as conn:
                conn.execution_options(landdesk_write=True)
                ctx = None
                try:
                    with self._sessions(bind=conn) as session, session.begin():
                        ctx = self._uow(session, readonly=False)
                        out = fn(ctx)
                except BaseException:
                    if ctx is not None:
                        ctx.finish(committed=False)  # files written for rows that never came go again
                    raise
                ctx.finish(committed=True)
                return OpOutput(out, frozenset(ctx.changes))

        result = self._busy_guard(run)
        for changes in getattr(self._collecting, "sets", ()):
            changes.update(result.changes)
        return result

    def transact(self, fn: Callable[[UnitOfWork], T]) -> T:
        return self.transact_changes(fn).output

    def run(self, fn: Callable[[], T]) -> OpOutput:
        """A use case that runs its own units of work on this workspace (an import that verifies
        before it writes, an export, a backup): its result with the changes of every unit of work it
        committed on this thread, so the GUI broadcasts them as it does a single transaction's."""
        changes: set = set()
        stack = self._collecting.__dict__.setdefault("sets", [])
        stack.append(changes)
        try:
            out = fn()
        finally:
            stack.remove(changes)
        return OpOutput(out, frozenset(changes))

    @staticmethod
    def _busy_guard(run: Callable[[], T]) -> T:
        try:
            return run()
        except Exception as exc:
            if is_busy(exc):
                raise WorkspaceBusy() from None  # (the driver's text says nothing more to the user)
            raise

    def setting(self, key: str) -> Any:
        return self.read(lambda ctx: settings_store.get(ctx.session, key))


def _write_json(path: Path, data: dict) -> None:
    import json

    atomic_write(path, json.dumps({k: v for k, v in data.items() if not k.startswith("_")},
                                  ensure_ascii=False, indent=2).encode("utf-8"))
