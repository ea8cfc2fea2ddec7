"""The list of holders sent to the commune police for checking, and the answers they fill in
(columns found by header text, as in the population extract: verification_io)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.text import legacy_to_unicode, nfc
from landdesk.services.verification_io import (
    EXTRACT_ALIASES,
    TableNotes,
    cell_text,
    find_header,
    folded_words,
    id_digits,
    legacy_encoding_of,
    match_header,
    missing_columns_error,
    parse_birth,
    parse_gender,
    read_rows,
)
from landdesk.services.workbook_file import save_workbook

REQUEST_HEADERS = (
    ("ref", "Mã tham chiếu (không sửa)"), ("num", "Số hồ sơ"), ("name", "Họ và tên"), ("birth", "Ngày sinh"),
    ("gender", "Giới tính"), ("cccd", "Số định danh cá nhân"), ("cmnd", "Số CMND"),
    ("address", "Nơi thường trú"),
    ("result", "Kết quả xác minh"), ("p_name", "Họ và tên theo CSDL dân cư"),
    ("p_birth", "Ngày sinh theo CSDL dân cư"), ("p_gender", "Giới tính theo CSDL dân cư"),
    ("p_cccd", "Số định danh theo CSDL dân cư"), ("p_cmnd", "Số CMND theo CSDL dân cư"), ("note", "Ghi chú của Công an"),
)
RESULT_CHOICES = ("Đúng", "Sai thông tin", "Không tìm thấy", "Nhiều người trùng")

ANSWER_ALIASES: dict[str, tuple[str, ...]] = {
    "ref": ("ma tham chieu", "ma tham chieu khong sua", "reference", "ref"),
    "result": ("ket qua xac minh", "ket qua", "ket qua doi chieu", "result"),
    "p_name": ("ho va ten theo csdl dan cu", "ho ten theo csdl", "ho va ten theo csdl", "ho ten dung"),
    "p_birth": ("ngay sinh theo csdl dan cu", "ngay sinh theo csdl", "ngay sinh dung"),
    "p_gender": ("gioi tinh theo csdl dan cu", "gioi tinh theo csdl"),
    "p_cccd": ("so dinh danh theo csdl dan cu", "so dinh danh theo csdl", "so dinh danh dung", "cccd theo csdl"),
    "p_cmnd": ("so cmnd theo csdl dan cu", "so cmnd theo csdl", "cmnd theo csdl"),
    "note": ("ghi chu cua cong an", "ghi chu", "note"),
}


def write_request(path: Path, rows: list[dict], commune_name: str) -> None:
    """The list of holders for the police to check, with columns for their answers.

    Written in openpyxl's write-only mode: a whole commune (150k holders) stays in bounded memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách xác minh")
    ws.freeze_panes = "C4"
    keys = [k for k, _ in REQUEST_HEADERS]
    for j, key in enumerate(keys, start=1):
        ws.column_dimensions[get_column_letter(j)].width = {"ref": 38, "name": 28, "p_name": 28,
                                                           "address": 36}.get(key, 16)
    if rows:
        letter = get_column_letter(keys.index("result") + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(RESULT_CHOICES) + '"', allow_blank=True)
        dv.add(f"{letter}4:{letter}{len(rows) + 3}")
        ws.data_validations.append(dv)
    ws.append([f"DANH SÁCH ĐỀ NGHỊ XÁC MINH THÔNG TIN NGƯỜI SỬ DỤNG ĐẤT — {commune_name}".upper()])
    ws.append(["Đề nghị Công an xã/phường đối chiếu với Cơ sở dữ liệu quốc gia về dân cư và ghi kết quả vào các cột "
               "tô màu. Không sửa cột Mã tham chiếu."])
    fill = PatternFill("solid", fgColor="FFF2CC")
    header = []
    for key, label in REQUEST_HEADERS:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if key in ("result", "note") or key.startswith("p_"):
            cell.fill = fill
        header.append(cell)
    ws.append(header)
    text_cols = {"ref", "cccd", "cmnd", "p_cccd", "p_cmnd"}
    for r in rows:
        out = []
        for key in keys:
            cell = WriteOnlyCell(ws, value=r.get(key, ""))
            if key in text_cols:  # IDs stay text: a number cell would drop the leading zero
                cell.number_format = "@"
            out.append(cell)
        ws.append(out)
    save_workbook(wb, Path(path))


@dataclass(frozen=True)
class Answer:
    ref: str  # holder id
    result: str  # "verified" / "incorrect" / "not_found" / "several" / ""
    record: dict  # field → value the police wrote (name, cccd, cmnd, birth, gender); only those given


def _result(text: str) -> str:
    key = folded_words(text)
    if not key:
        return ""
    if key.startswith(("khong tim", "khong co", "not found", "chua co")):
        return "not_found"
    if key.startswith(("nhieu", "trung", "several")):
        return "several"
    if key.startswith(("sai", "khong dung", "khong khop", "incorrect", "wrong")):
        return "incorrect"
    if key.startswith(("dung", "khop", "da xac minh", "chinh xac", "verified", "correct", "ok")):
        return "verified"
    return "unknown"


def read_answers(path: Path) -> tuple[list[Answer], TableNotes, int]:
    """The police's answers: (answers, notes, rows with a result we could not read)."""
    path = Path(path)
    rows = read_rows(path)
    h, cols, ignored = find_header(rows, ANSWER_ALIASES)
    missing = [f for f in ("ref", "result") if f not in cols]
    if h < 0 or missing:
        raise missing_columns_error(missing, path)
    notes = TableNotes(columns={f: nfc(cell_text(rows[h][j])) for f, j in cols.items()},
                       ignored_columns=[c for c in ignored if match_header(c, EXTRACT_ALIASES) is None],
                       header_row=h + 1)
    body = rows[h + 1:]
    enc = legacy_encoding_of(body, [cols[f] for f in ("p_name", "result") if f in cols])
    notes.legacy_encoding = enc

    def text(row, f):
        j = cols.get(f)
        s = cell_text(row[j]) if j is not None and j < len(row) else ""
        return nfc(legacy_to_unicode(s, enc) if enc and f in ("p_name", "result", "p_gender") else s)

    out: list[Answer] = []
    unreadable = 0
    for row in body:
        ref = text(row, "ref")
        if not ref:
            continue
        result = _result(text(row, "result"))
        record: dict = {}
        if text(row, "p_name"):
            record["name"] = text(row, "p_name")
        for f in ("cccd", "cmnd"):
            if text(row, f"p_{f}"):
                record[f] = id_digits(text(row, f"p_{f}"))
        j = cols.get("p_birth")
        if j is not None and j < len(row) and row[j] not in (None, ""):
            b = parse_birth(row[j], notes)
            if b:
                record["birth"] = b
        if text(row, "p_gender"):
            g = parse_gender(text(row, "p_gender"))
            if g:
                record["gender"] = g
        if result == "unknown":
            unreadable += 1
            result = ""
        if result or record:
            out.append(Answer(ref, result, record))
    return out, notes, unreadable
