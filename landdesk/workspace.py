"""One open commune workspace: database + media store + keys + settings + the acting user.

A workspace is a folder:
    landdesk-workspace.json   marker (kind, format, commune code, workspace id)
    landdesk.db               SQLite database (WAL)
    media/                    scanned pages, content-addressed
    keys/                     the commune's signing key (sync packages)
    backups/                  default backup target
Every front end (CLI, GUI, tests) goes through `Workspace.open()`, `ws.read(fn)` and `ws.transact(fn)`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from landdesk import __version__
from landdesk.domain import reference
from landdesk.domain.codes import UserRole
from landdesk.domain.errors import WorkspaceBusy, WorkspaceError
from landdesk.domain.fileio import atomic_write_text
from landdesk.domain.ids import new_id
from landdesk.services import passwords
from landdesk.services import users as user_service
from landdesk.storage import schema
from landdesk.storage import settings as settings_store
from landdesk.storage.engine import is_busy, make_engine, make_sessionmaker
from landdesk.storage.marker import DB_NAME, FORMAT, MARKER, is_workspace, newer_error, read_marker
from landdesk.storage.private import creating, new_private_db, private_dir, protect_existing

__all__ = ["DB_NAME", "MARKER", "OpOutput", "Workspace", "WorkspaceInfo", "is_workspace"]  # is_workspace: front ends
from landdesk.storage.uow import NOBODY, SYSTEM, Actor, UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class OpOutput:
    """A write's result and the kinds of data it touched (the GUI refreshes views from this)."""

    output: Any
    changes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class WorkspaceInfo:
    workspace_id: str
    kind: str  # "commune" or "province"
    commune_code: str
    commune_name: str
    province_code: str
    province_name: str


class Workspace:
    def __init__(self, root: Path, engine, info: WorkspaceInfo, actor: Actor = SYSTEM):
        self.root = Path(root)
        self.engine = engine
        self.info = info
        self.actor = actor
        self._sessions = make_sessionmaker(engine)
        # One writer at a time inside this process; SQLite serialises writers across processes.
        self._write_lock = threading.Lock()

    # ---- creation and opening ----------------------------------------------------------------

    @classmethod
    def create(cls, root: Path | str, commune_code: str, *, admin: str = "admin", password: str,
               full_name: str = "") -> Workspace:
        """A new commune workspace, made in a hidden folder beside `root` and renamed at the end: a
        creation killed half-way leaves no folder that every command would refuse."""
        root = Path(root)
        unit = reference.commune(str(commune_code).strip())
        if unit is None:
            raise WorkspaceError(
                f"Mã đơn vị hành chính '{commune_code}' không có trong danh mục xã/phường.",
                f"Commune code '{commune_code}' is not in the list of communes.",
            )
        if (root / MARKER).exists() or (root / DB_NAME).exists():
            raise WorkspaceError(f"Thư mục đã là một không gian làm việc: {root}",
                                 f"The folder is already a workspace: {root}")
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise WorkspaceError(f"Thư mục không trống: {root}", f"The folder is not empty: {root}")
        passwords.check_strength(password, admin)
        info = WorkspaceInfo(new_id(), "commune", unit.code, unit.name, unit.province_code, unit.province_name)
        with creating(root) as staging:
            for sub in ("media", "keys", "backups"):
                private_dir(staging / sub)
            engine = make_engine(new_private_db(staging / DB_NAME))
            try:
                schema.upgrade(engine)
                ws = cls(staging, engine, info)

                def setup(ctx: UnitOfWork) -> None:
                    for key, value in (("workspace_id", info.workspace_id), ("kind", "commune"),
                                       ("commune_code", unit.code), ("province_code", unit.province_code),
                                       ("created_with", __version__)):
                        settings_store.put(ctx.session, key, value)
                    user_service.add_user(ctx, admin, password, UserRole.ADMIN, full_name, first_admin=True)

                ws.transact(setup)
            finally:
                engine.dispose()  # Windows renames no folder with an open file in it
            from landdesk.services.packages import keys  # cryptography: only creation needs it, not open

            keys.signing_key(staging / "keys")  # the commune's Ed25519 key signs its sync packages
            keys.backup_key(staging / "keys")  # backups are encrypted with it (shown once, printed)
            # The marker is written last: a folder without it was never a finished workspace.
            _write_json_atomic(staging / MARKER, {"format": FORMAT, "kind": "commune",
                                                  "workspace_id": info.workspace_id,
                                                  "commune_code": unit.code, "app_version": __version__})
        ws = cls(root, make_engine(root / DB_NAME), info, Actor(admin, UserRole.ADMIN, full_name))
        return ws

    @classmethod
    def open(cls, root: Path | str, *, user: str | None = None) -> Workspace:
        """Open for a trusted in-process caller (tests, tools): acting as `user`, or the administrator,
        without a password. The front ends use `open_for_login` and `login` instead."""
        ws = cls._open(root)
        try:
            ws.actor = ws.read(lambda ctx: user_service.actor_for(ctx, user))
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def open_for_login(cls, root: Path | str) -> Workspace:
        """Open with no one acting (every service refuses) until `login` succeeds."""
        return cls._open(root)

    @classmethod
    def _open(cls, root: Path | str) -> Workspace:
        root = Path(root)
        marker = read_marker(root)
        protect_existing(root, DB_NAME)
        engine = make_engine(root / DB_NAME)
        try:
            current = schema.current_revision(engine)
        except Exception as exc:  # not a database at all, or damaged beyond reading
            engine.dispose()
            raise WorkspaceError(f"Không đọc được cơ sở dữ liệu của không gian làm việc: {root / DB_NAME}",
                                 f"Cannot read the workspace database: {root / DB_NAME}") from exc
        if current is not None and current not in schema.known_revisions():
            engine.dispose()
            raise newer_error(root)
        ws = cls(root, engine, WorkspaceInfo("", marker.get("kind", "commune"), "", "", "", ""), NOBODY)
        try:
            if current != schema.head_revision():
                ws._busy_guard(lambda: schema.upgrade(engine))
            ws.info = ws.read(_load_info)
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

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- units of work -----------------------------------------------------------------------

    def _uow(self, session, readonly: bool) -> UnitOfWork:
        return UnitOfWork(session=session, actor=self.actor, root=self.root, readonly=readonly)

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
                with self._sessions(bind=conn) as session, session.begin():
                    ctx = self._uow(session, readonly=False)
                    out = fn(ctx)
                return OpOutput(out, frozenset(ctx.changes))

        return self._busy_guard(run)

    @staticmethod
    def _busy_guard(run: Callable[[], T]) -> T:
        try:
            return run()
        except Exception as exc:
            if is_busy(exc):
                raise WorkspaceBusy() from None  # (the driver's text says nothing more to the user)
            raise

    def transact(self, fn: Callable[[UnitOfWork], T]) -> T:
        return self.transact_changes(fn).output

    def setting(self, key: str) -> Any:
        return self.read(lambda ctx: settings_store.get(ctx.session, key))


def _load_info(ctx: UnitOfWork) -> WorkspaceInfo:
    s = settings_store.all_settings(ctx.session)
    code = s.get("commune_code", "")
    unit = reference.commune(code) if code else None
    province = s.get("province_code", "")
    return WorkspaceInfo(
        s.get("workspace_id", ""), s.get("kind", "commune"), code, unit.name if unit else "",
        province, unit.province_name if unit else "",
    )


def _write_json_atomic(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2))
