"""Settings are declared once (landdesk/domain/settings.py): every key the code reads or writes is
declared in the scope it is used in, defaults come from the declaration, types are kept."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from landdesk.domain.settings import Scope, all_declared, declared
from landdesk.storage import settings as settings_store

ROOT = Path(__file__).resolve().parents[2] / "landdesk"
# (module alias, function) → the scope its key belongs to
CALLS = {("settings_store", "get"): Scope.WORKSPACE, ("settings_store", "put"): Scope.WORKSPACE,
         ("settings", "get"): Scope.WORKSPACE, ("user_settings", "value"): Scope.USER,
         ("user_settings", "set_value"): Scope.USER}


def _keys_used() -> list[tuple[str, str, Scope]]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                 and isinstance(n.func.value, ast.Name) and (n.func.value.id, n.func.attr) in CALLS]
        if not calls:
            continue
        module = importlib.import_module(".".join(path.relative_to(ROOT.parent).with_suffix("").parts))
        for call in calls:
            key_node = call.args[1]
            if not isinstance(key_node, ast.Constant | ast.Name | ast.Attribute):
                continue  # a key passed through (storage.settings itself, Workspace.setting)
            if isinstance(key_node, ast.Name) and key_node.id == "key":
                continue
            key = eval(compile(ast.Expression(key_node), str(path), "eval"), vars(module))  # noqa: S307
            out.append((f"{path.relative_to(ROOT.parent)}:{call.lineno}", key, CALLS[(call.func.value.id, call.func.attr)]))
    return out


def test_every_key_the_code_uses_is_declared_in_its_scope():
    used = _keys_used()
    assert len(used) > 40  # the scan sees the call sites
    assert [(where, key) for where, key, scope in used
            if key not in {s.key for s in all_declared() if s.scope is scope}] == []


def test_undeclared_or_mistyped_is_refused_and_defaults_come_from_the_declaration(ws):
    with pytest.raises(KeyError, match="not declared"):
        ws.read(lambda ctx: settings_store.get(ctx.session, "no_such_setting"))
    with pytest.raises(KeyError, match="not declared as a workspace setting"):
        declared("ui/lang", Scope.WORKSPACE)
    with pytest.raises(TypeError, match="backup_warn_days"):
        ws.transact(lambda ctx: settings_store.put(ctx.session, "backup_warn_days", "seven"))
    assert ws.read(lambda ctx: settings_store.get(ctx.session, "backup_warn_days")) == 3
    assert ws.read(lambda ctx: settings_store.get(ctx.session, "capture.escl_scanners")) == []
    ws.transact(lambda ctx: settings_store.put(ctx.session, "backup_warn_days", 7))
    assert ws.setting("backup_warn_days") == 7
    assert ws.setting("commune_code") == ws.info.commune_code


def test_user_settings_typed_over_an_ini_file(qtbot, tmp_path):
    from PySide6.QtCore import QByteArray, QSettings

    from landdesk.ui import settings as user_settings

    qs = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    assert user_settings.value(qs, "ui/idle_minutes") == 10 and user_settings.value(None, "ui/lang") == ""
    user_settings.set_value(qs, "ui/idle_minutes", 25)
    user_settings.set_value(qs, "main/geometry", QByteArray(b"\x01\x02"))
    qs.sync()
    again = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    assert user_settings.value(again, "ui/idle_minutes") == 25  # the INI file gives back '25'
    assert user_settings.value(again, "main/geometry") == QByteArray(b"\x01\x02")
    with pytest.raises(TypeError):
        user_settings.set_value(qs, "ui/idle_minutes", "soon")
    with pytest.raises(KeyError):
        user_settings.value(qs, "commune_code")  # a workspace setting, not this user's
