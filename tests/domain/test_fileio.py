"""The shared writer helpers: whole-or-untouched files, a full drive, a file held by another program."""

from __future__ import annotations

import errno
import os

import pytest

from landdesk.domain import fileio
from landdesk.domain.fileio import DiskFullError, FileLockedError, atomic_write, replace
from tests.conftest import fill_disk


def test_atomic_write_replaces_whole(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    atomic_write(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_atomic_write_error_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def boom(f):
        f.write(b"half")
        raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError):
        atomic_write(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_full_drive_is_one_clear_error_and_nothing_left(small_fs):
    folder = small_fs(256)
    fill_disk(folder, leave=4096)
    target = folder / "report.xlsx"
    with pytest.raises(DiskFullError) as info:
        atomic_write(target, b"x" * 200_000)
    assert "đầy" in info.value.message("vi") and "full" in info.value.message("en")
    assert not target.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["filler.bin"]


def test_locked_destination_is_retried_then_named(tmp_path, monkeypatch):
    """Windows refuses to replace a file Excel holds (PermissionError, winerror 32); simulated here."""
    src, dst = tmp_path / "a.tmp", tmp_path / "so-dia-chinh.xlsx"
    src.write_bytes(b"new")
    dst.write_bytes(b"old")
    real = os.replace
    calls = {"n": 0}

    def locked_twice(a, b):
        calls["n"] += 1
        if calls["n"] <= 2:
            exc = PermissionError(errno.EACCES, "The process cannot access the file")
            exc.landdesk_locked = True
            raise exc
        real(a, b)

    monkeypatch.setattr(fileio.os, "replace", locked_twice)
    replace(src, dst, delays=(0.0, 0.0, 0.0))
    assert dst.read_bytes() == b"new" and calls["n"] == 3

    def always_locked(a, b):
        exc = PermissionError(errno.EACCES, "locked")
        exc.winerror = 32
        raise exc

    src.write_bytes(b"newer")
    monkeypatch.setattr(fileio.os, "replace", always_locked)
    with pytest.raises(FileLockedError) as info:
        replace(src, dst, delays=(0.0,))
    assert "so-dia-chinh.xlsx" in info.value.message("vi") and "Excel" in info.value.message("vi")
    assert dst.read_bytes() == b"new"


def test_disk_full_recognised_by_windows_code():
    exc = OSError(None, "There is not enough space on the disk")
    exc.winerror = 112
    assert fileio.is_disk_full(exc)
    assert fileio.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not fileio.is_disk_full(OSError(errno.EACCES, "denied"))
