"""A new PC becomes a station: the enrolment file opened with an allowed user's name and password, a
commune workspace made for that commune, and the primary's content taken in — all in one transaction
after the workspace exists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from landdesk.services.stations import common, enrol, station


def join(create: Callable[[str, str, str], object], files: list[Path], username: str, password: str):
    """`create(commune_code, admin, password)` makes the workspace (the workspace layer's); returns it,
    acting as the joining user."""
    pkg = enrol.open_enrolment(files, username, password)
    enrol.enrolment_identity(pkg)  # refused before any folder is made
    ws = create(pkg.header["commune_code"], username, password)
    try:
        common.exchange_key(Path(ws.root) / "keys")
        station.apply_verified(ws, pkg, before=lambda ctx: enrol.setup_station(ctx, pkg))
    except BaseException:
        ws.close()
        raise
    return ws
