"""Sync in a commune's window (no view of its own): Tools → Gửi dữ liệu lên tỉnh…, resend a package,
apply the province's receipts (several files), import the province profile, the commune key's
fingerprint. The same services as `landdesk package …` / `landdesk receipt apply`, through the window's Op.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from landdesk.domain.codes import UserRole
from landdesk.domain.errors import LandDeskError
from landdesk.services.packages import export as export_service
from landdesk.services.packages import keys, profile, receipts
from landdesk.ui import settings as user_settings
from landdesk.ui import tasks
from landdesk.ui.dialogs.common import Confirm, TextPrompt
from landdesk.ui.dialogs.send_province import ExportDoneDialog, SendDialog
from landdesk.ui.tasks import Op
from landdesk.ui.widgets.filepick import FilePick

LAST_FOLDER = "sync/last_folder"  # per-user: where this officer wrote the last package (a USB stick)


def tr(text: str) -> str:
    return QCoreApplication.translate("Sync", text)


class Info:
    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


def send_to_province(window) -> None:
    """The pre-export summary, then the export with progress; where the files went, with "Mở thư mục"."""
    wctx = window.wctx

    def summary(ctx):
        pf = export_service.preflight(ctx)
        return pf, export_service.blocking_details(ctx, pf.blocking), profile.current_profile(ctx)

    def chosen(data) -> None:
        pf, blocking, prof = data
        s = wctx.settings
        last = user_settings.value(s, LAST_FOLDER)
        choice = SendDialog.ask(window, pf, blocking, prof, wctx.lang, workspace=wctx.ws.root, last_folder=last,
                                can_import_profile=wctx.ws.actor.role == UserRole.ADMIN)
        if choice is None:
            return
        if choice.action == "open":
            wctx.hub.open_dossier.emit(choice.dossier_id, [b.id for b in blocking])
            return
        if choice.action == "profile":
            import_profile(window, then=lambda: send_to_province(window))
            return
        user_settings.set_value(s, LAST_FOLDER, choice.out_dir)
        out, split, encrypt = Path(choice.out_dir), choice.split_mb, choice.encrypt
        Op(wctx, lambda ws, job: export_service.export_package(ws, out, split_mb=split, encrypt=encrypt,
                                                              progress=job.progress, cancel=job.cancel),
           parent=window, kind="run").with_progress(tr("Đang xuất gói…")).success(exported).run()

    def exported(res: export_service.ExportResult) -> None:  # (its dossiers, "Đã gửi tỉnh", broadcast by the op)
        ExportDoneDialog.ask(window, res, wctx.lang)

    Op(wctx, summary, parent=window, kind="read").with_progress(tr("Đang kiểm tra trước khi gửi…")) \
        .success(chosen).run()


def resend_package(window) -> None:
    """Package N again, byte for byte, to a folder (the province asked for it)."""
    wctx = window.wctx
    text = TextPrompt.ask(window, tr("Gửi lại gói đã xuất"), tr("Số thứ tự của gói cần gửi lại:"))
    if not text or not text.strip().isdigit():
        return
    folder = FilePick.folder(window, tr("Chọn thư mục để chép gói vào"))
    if not folder:
        return
    seq = int(text.strip())
    Op(wctx, lambda ws: export_service.resend_package(ws, seq, Path(folder)), parent=window, kind="run").success(
        lambda paths: Info.show(window, tr("Đã chép lại gói"), tr("Gói số {seq}, đúng như lần xuất đầu:\n\n{paths}")
                                .format(seq=seq, paths="\n".join(str(p) for p in paths)))).run()


def apply_receipts(window, paths: list[Path] | None = None) -> None:
    """One or several receipts, each in its own transaction (as `landdesk receipt apply`): a bad file is one
    line in the summary, the others still apply. `paths`: given (a receipt opened from Explorer), else asked."""
    wctx = window.wctx
    paths = paths or FilePick.open_many(window, tr("Chọn biên nhận của tỉnh (có thể chọn nhiều tệp)"),
                                        tr("Biên nhận LandDesk (*.ldpkg)"))
    if not paths:
        return

    def work():
        out, changes = [], set()
        for p in paths:
            try:
                res = wctx.ws.transact_changes(lambda ctx, p=p: receipts.apply_receipt(ctx, Path(p)))
            except LandDeskError as exc:
                out.append((p, None, exc))
                continue
            out.append((p, res.output, None))
            changes |= res.changes
        return out, frozenset(changes)

    def applied(data) -> None:
        results, changes = data
        if changes:
            wctx.hub.changes_applied.emit(changes, window)
        lines = []
        for p, res, exc in results:
            name = Path(p).name
            if exc is not None:
                lines.append(tr("{f}: KHÔNG áp dụng — {e}").format(f=name, e=exc.message(wctx.lang)))
                continue
            c = res.counts
            head = tr("{f}: gói số {s}, tỉnh nhận {a}, trả lại {r}, xung đột {c}, trùng {d}.").format(
                f=name, s=res.seq, a=c.get("accepted", 0), r=c.get("rejected", 0), c=c.get("conflict", 0),
                d=c.get("duplicate", 0))
            if res.already_applied:
                head += " " + tr("(đã áp dụng trước đây)")
            lines.append(head)
            for r in res.rejected[:20]:
                reasons = "; ".join((x.get("vi") if wctx.lang == "vi" else x.get("en")) or x.get("rule", "")
                                    for x in r["reasons"])
                lines.append(f"    {r['status']}: {reasons or r['note']}")
        Info.show(window, tr("Biên nhận của tỉnh"), "\n".join(lines))

    Op(wctx, work, parent=window, kind="plain").with_progress(tr("Đang áp dụng biên nhận…")).success(applied).run()


def import_profile(window, then=None, path: Path | None = None) -> None:
    wctx = window.wctx
    path = path or FilePick.open(window, tr("Chọn tệp hồ sơ tỉnh (tỉnh gửi cho xã)"),
                                 tr("Hồ sơ tỉnh LandDesk (*.ldpkg)"))
    if not path:
        return

    def imported(info: profile.ProfileInfo) -> None:
        Info.show(window, tr("Hồ sơ tỉnh"), tr("Đã nhập hồ sơ {name}. Từ nay gói gửi tỉnh được mã hóa cho tỉnh. "
                                               "Dấu vân tay khóa tỉnh:\n{fp}").format(name=info.province_name,
                                                                                      fp=info.fingerprint))
        if then is not None:
            then()

    def refused(exc) -> None:
        if isinstance(exc, profile.ProfileKeyChanged) and Confirm.ask(window, tr("Hồ sơ tỉnh"), tr(
                "Hồ sơ tỉnh này được ký bằng một khóa MỚI, khác khóa đã nhập trước đây. Hãy gọi điện cho tỉnh và "
                "đọc dấu vân tay dưới đây để đối chiếu; chỉ thay khi tỉnh xác nhận đúng.\n\n{fp}\n\n"
                "Thay bằng khóa mới?").format(fp=exc.fingerprint)):
            Op(wctx, lambda ctx: profile.import_profile(ctx, Path(path), replace=True), parent=window) \
                .success(imported).run()
        elif not isinstance(exc, profile.ProfileKeyChanged):
            tasks.show_error(window, exc, wctx.lang)

    Op(wctx, lambda ctx: profile.import_profile(ctx, Path(path)), parent=window).success(imported) \
        .failure(refused).run()


def show_fingerprint(window) -> None:
    wctx = window.wctx
    Op(wctx, keys.key_fingerprint, parent=window, kind="read").success(
        lambda fp: Info.show(window, tr("Khóa ký của xã"),
                             tr("Đọc dấu vân tay này cho cán bộ tỉnh để đối chiếu:\n\n{fp}").format(fp=fp))).run()


def actions(window) -> list[tuple[str, QAction]]:
    if getattr(window.wctx.ws.info, "kind", "commune") != "commune":
        return []  # a province desk sends nothing to a province
    out = []
    for name, text, fn in (("actionSendProvince", tr("Gửi dữ liệu lên tỉnh…"), send_to_province),
                           ("actionResend", tr("Gửi lại một gói đã xuất…"), resend_package),
                           ("actionApplyReceipts", tr("Áp dụng biên nhận của tỉnh…"), apply_receipts),
                           ("actionImportProfile", tr("Nhập hồ sơ tỉnh…"), import_profile),
                           ("actionFingerprint", tr("Dấu vân tay khóa ký của xã…"), show_fingerprint)):
        if name == "actionImportProfile" and window.wctx.ws.actor.role != UserRole.ADMIN:
            continue  # the service allows administrators only
        a = QAction(text, window)
        a.setObjectName(name)
        a.triggered.connect(lambda _=False, f=fn: f(window))
        out.append(("tools", a))
    return out
