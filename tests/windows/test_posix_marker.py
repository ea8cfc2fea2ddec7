"""Every test that kills with SIGKILL or forks is marked `posix` (skipped on Windows by tests/conftest.py),
so the suite runs on a Windows PC: a new kill test without the marker fails here."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
NEEDS_POSIX = re.compile(r"signal\.SIGKILL|os\.fork\(|get_context\(\"fork\"\)|os\.kill\(")


def test_posix_only_tests_carry_the_marker():
    unmarked = []
    for path in sorted(TESTS.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        marked = "pytest.mark.posix" in text or 'skipif(os.name == "nt"' in text
        if path.parent.name != "windows" and NEEDS_POSIX.search(text) and not marked:
            unmarked.append(str(path.relative_to(TESTS)))
    assert not unmarked, unmarked


def test_the_marker_skips_on_windows():
    import os

    import pytest

    from tests import conftest

    class Item:
        def __init__(self, marked):
            self.keywords = {"posix": True} if marked else {}
            self.added = []

        def add_marker(self, m):
            self.added.append(m)

    items = [Item(True), Item(False)]
    real = os.name
    try:
        os.name = "nt"
        conftest.pytest_collection_modifyitems(None, items)
    finally:
        os.name = real
    assert [m.mark.name for m in items[0].added] == ["skip"] and not items[1].added
    assert "Windows" in items[0].added[0].mark.kwargs["reason"]
    assert isinstance(items[0].added[0], pytest.MarkDecorator)
