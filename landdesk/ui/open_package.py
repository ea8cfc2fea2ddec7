"""A sync package opened from Explorer: the installer associates .ldpkg files with `LandDesk.exe "%1"`.

The package is verified first (its own signature, every entry), with the other volumes of the same
package from its folder; then, by what it is:
- a province receipt: applied to this commune (as Tools → Apply the province's receipt);
- a province profile: imported (as Tools → Import the province profile);
- a commune's package, in the province desk's window or on a PC where a desk has been opened: imported
  into that desk (its window opened, after its login, when the open window is a commune's);
- a commune's package anywhere else: what it holds is shown (commune, number, dossiers, volumes).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from landdesk.domain.values import format_number
from landdesk.services.packages import verify
from landdesk.services.province.importer import group_files
from landdesk.ui import settings as user_settings
from landdesk.ui.tasks import Op
from landdesk.ui.views import province_view, send_province


def tr(text: str) -> str:
    return QCoreApplication.translate("Sync", text)


def volumes_of(path: Path) -> list[Path]:
    """`path` and the other volumes of its package lying beside it (a package split for USB sticks)."""
    path = Path(path)
    beside = sorted(p for p in path.parent.glob("*") if p.suffix.lower() == ".ldpkg" and p.is_file())
    return next((g for g in group_files([path, *(p for p in beside if p != path)]) if path in g), [path])


def describe(header: dict, files: list[Path], lang: str) -> str:
    counts = header.get("counts") or {}
    return tr("Gói {kind} của xã {commune}, số {seq}: {n} hồ sơ, {s} ảnh quét, {v} tập{enc}.\n\n{files}").format(
        kind=header.get("kind", ""), commune=header.get("commune_code", ""), seq=header.get("seq", ""),
        n=format_number(int(counts.get("dossiers", 0) or 0), lang),
        s=format_number(int(counts.get("scans", 0) or 0), lang), v=len(files),
        enc=tr(", đã mã hóa cho tỉnh") if header.get("encryption") else "",
        files="\n".join(str(p) for p in files))


def is_province_pc(window) -> bool:
    return bool(user_settings.value(window.wctx.settings or QSettings(), province_view.DESK_SETTING))


def open_package(window, path: Path | str) -> None:
    """Verify the package at `path` in the background, then do what its kind asks (module docstring);
    a damaged or hostile file is one clear message, and nothing is applied."""
    path = Path(path)
    wctx = window.wctx

    def check() -> tuple[dict, list[Path]]:
        files = volumes_of(path)
        return verify.verify_package(files).header, files

    def verified(got: tuple[dict, list[Path]]) -> None:
        header, files = got
        kind = header.get("kind")
        if kind in ("receipt", "profile") and province_view.on_a_desk(wctx):  # the province's own files
            send_province.Info.show(window, tr("Gói đồng bộ"), describe(header, files, wctx.lang))
        elif kind == "receipt":
            send_province.apply_receipts(window, [path])
        elif kind == "profile":
            send_province.import_profile(window, path=path)
        elif province_view.on_a_desk(wctx):  # the desk's own window: into this desk
            window.view.import_files(files)
        elif is_province_pc(window):  # a commune window on a PC that has a desk: the desk's window, its login
            from landdesk.ui import province_window

            desk = str(user_settings.value(wctx.settings or QSettings(), province_view.DESK_SETTING))
            province_window.open_from(window, desk, then=lambda desk_window: desk_window.view.import_files(files))
        else:
            send_province.Info.show(window, tr("Gói đồng bộ"), describe(header, files, wctx.lang))

    Op(wctx, check, parent=window, kind="plain").success(verified).run()
