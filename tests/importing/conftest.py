"""Fixtures for workbook tests: a small demo commune and a second empty workspace."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory, workspace_template):
    """A demo commune of 120 dossiers, generated once per module and copied for each test."""
    from landdesk.demo import commune as demo
    from landdesk.workspace import Workspace

    root = tmp_path_factory.mktemp("demo") / "ws"
    shutil.copytree(workspace_template, root)
    w = Workspace.open(root)
    w.transact(lambda ctx: demo.fill_demo(ctx, 120, seed=5))
    w.close()
    return root


@pytest.fixture
def demo_ws(demo_template, tmp_path):
    from landdesk.workspace import Workspace

    dest = tmp_path / "demo"
    shutil.copytree(demo_template, dest)
    w = Workspace.open(dest)
    yield w
    w.close()


@pytest.fixture
def empty_ws(workspace_template, tmp_path):
    from landdesk.workspace import Workspace

    dest = tmp_path / "empty"
    shutil.copytree(workspace_template, dest)
    w = Workspace.open(dest)
    yield w
    w.close()
