"""Every setting LandDesk keeps, declared once: key, type, default and where it lives (as Picard
declares its options). Code reads and writes a setting by its key; an undeclared key is an error.

- WORKSPACE settings live in the workspace database (typed JSON values, shared by the workspace's
  users, carried by its backups): `storage/settings.py` reads and writes them.
- USER settings are one person's window state and preferences on this PC (Qt's QSettings, read and
  written in `ui/` only, through `ui/settings.py`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Scope(enum.Enum):
    WORKSPACE = "workspace"
    USER = "user"


@dataclass(frozen=True)
class Setting:
    key: str
    type: type | tuple[type, ...]  # what a stored value must be (None is always allowed: not set)
    default: Any
    scope: Scope
    doc: str = ""

    def check(self, value: Any) -> Any:
        """The value, if it is of this setting's type (or None); TypeError otherwise."""
        if value is not None and not isinstance(value, self.type):
            raise TypeError(f"setting {self.key!r} takes {self.type}, not {type(value).__name__}")
        return value


_DECLARED: dict[str, Setting] = {}


def _declare(key: str, type_: type | tuple[type, ...], default: Any, scope: Scope, doc: str = "") -> Setting:
    s = Setting(key, type_, default, scope, doc)
    _DECLARED[key] = s
    return s


def declared(key: str, scope: Scope) -> Setting:
    """The declaration of `key` in `scope`; KeyError for a key nobody declared here."""
    s = _DECLARED.get(key)
    if s is None or s.scope is not scope:
        raise KeyError(f"setting {key!r} is not declared as a {scope.value} setting in landdesk/domain/settings.py")
    return s


def all_declared() -> tuple[Setting, ...]:
    return tuple(_DECLARED.values())


W, U = Scope.WORKSPACE, Scope.USER

# ---- the workspace (database) ----------------------------------------------------------------------
_declare("workspace_id", str, "", W, "the workspace's UUID, set at creation")
_declare("kind", str, "commune", W, "commune (later: station)")
_declare("commune_code", str, "", W, "the commune's 5-digit code (resources/reference)")
_declare("province_code", str, "", W)
_declare("created_with", str, "", W, "the LandDesk version that created the workspace")
_declare("target", (int, float), None, W, "certificates the commune is expected to collect (None: no target)")
_declare("last_backup_at", str, None, W, "ISO time of the last backup made or restored")
_declare("last_backup_path", str, "", W)
_declare("backup_warn_days", int, 3, W, "days without a backup before the window warns")
_declare("backup_auto", bool, True, W, "automatic backups: on exit after changes, and daily")
_declare("backup_keep", int, 7, W, "automatic backups kept in their folder (older ones are removed)")
_declare("backup_auto_target", str, "", W, "folder of the automatic backups ('': <workspace>/backups)")
_declare("last_auto_backup_at", str, None, W, "ISO time of the last automatic backup")
_declare("audit_checkpoint_written", bool, False, W)
_declare("audit_anchor_province", dict, None, W, "the audit head the province's last receipt returned")
_declare("scans.blocking_problems", list, None, W, "quality codes that keep a dossier from 'scanned' "
         "(None: media.quality.DEFAULT_BLOCKING)")
_declare("capture.escl_scanners", list, [], W, "network scanner addresses, most recent first")
_declare("form01_custom_maps", list, [], W, "Form 01 column maps saved by the officer")
_declare("demo_seed", int, None, W, "the seed of `landdesk demo`, when the data is synthetic")
# several workstations of one commune (docs/stations.md)
_declare("station_role", str, "", W, "'' (a commune desk), 'primary' (it enrolled workstations) or 'station'")
_declare("station_id", str, "", W, "at a station: its id (UUID) in the primary's roster")
_declare("station_code", str, "", W, "at a station: its code (MT01, MT02, …)")
_declare("station_name", str, "", W, "at a station: the name the primary gave it")
_declare("station_joined_audit", int, 0, W, "at a station: its audit head when it joined (its creation's "
         "entries go with its first package)")
_declare("station_numbers", dict, {}, W, "at the primary: {station id: [numbers left, blocks held]} as each "
         "station last reported")

# ---- this user on this PC (QSettings) ---------------------------------------------------------------
_declare("ui/lang", str, "", U, "interface language ('' : not chosen yet)")
_declare("ui/idle_minutes", int, 10, U, "minutes without input before the window locks (0: never)")
_declare("workspace/last", str, "", U, "the workspace the window opened last")
_declare("login/last_user", str, "", U)
_declare("main/geometry", bytes, None, U)
_declare("main/state", bytes, None, U)
_declare("main/splitter", bytes, None, U)
_declare("main/sidebar", bool, None, U, "the view list at the window's left shown (None: by the screen's width)")
_declare("editor/splitter", bytes, None, U)
_declare("records/header", bytes, None, U, "the records list's column order and widths")
_declare("scans/hot_folder", str, "", U, "the folder the scanner writes to")
_declare("province/desk", str, "", U, "the province desk folder the province view opened last")
_declare("backup/last_folder", str, "", U, "the folder (a USB stick) this officer backed up to last")
_declare("files/last_folder", str, "", U, "the folder of the last file or folder chosen in a file dialog: "
         "where the next one opens ('': Documents)")
_declare("sync/last_folder", str, "", U, "the folder (a USB stick) this officer wrote the last package to")
_declare("stations/primary_address", str, "", U, "at a station: the primary's HOST:PORT on the office network")
_declare("stations/port", int, 8765, U, "at the primary: the port workstations synchronise on")
