"""Controlled vocabularies. Stored values are stable ASCII codes; labels are translated at the edges.

Vietnamese labels are the ones printed in the Form 01 template (DOMAIN.md §2), so importers and
exporters map by these exact words.
"""

from __future__ import annotations

from enum import StrEnum

from landdesk.domain import i18n


class LabeledEnum(StrEnum):
    """A StrEnum whose members carry a Vietnamese and an English label."""

    @property
    def label_vi(self) -> str:
        return _LABELS[type(self).__name__][self.value][0]

    @property
    def label_en(self) -> str:
        return _LABELS[type(self).__name__][self.value][1]

    def label(self, lang: str = "vi") -> str:
        return i18n.pick(self.label_vi, self.label_en, lang)

    @classmethod
    def from_label(cls, text: str | None):
        """Member for a Vietnamese or English label or code (case/accents folded); None if unknown."""
        from landdesk.domain.text import fold

        if text is None:
            return None
        key = fold(text)
        if not key:
            return None
        for member in cls:
            if key in (fold(member.value), fold(member.label_vi), fold(member.label_en)):
                return member
        return None


class CustodyStatus(LabeledEnum):
    COLLECTED = "collected"
    BANK = "bank"  # held by a bank as mortgage collateral
    LOST = "lost"
    HOLDER_ABSENT = "holder_absent"
    OTHER = "other"  # not collectable for another reason (note says why)


class WorkflowStatus(LabeledEnum):
    """DOMAIN.md §5, in order. A dossier advances; reports count each stage."""

    COLLECTED = "collected"
    SCANNED = "scanned"
    ENTERED = "entered"
    CHECKED = "checked"
    VERIFIED = "verified"
    SENT = "sent"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    UPDATED = "updated"  # updated in the national database


class LegalForm(LabeledEnum):
    INDIVIDUAL = "individual"
    HOUSEHOLD = "household"
    COUPLE = "couple"
    CO_USERS = "co_users"
    COMMUNITY = "community"
    ORGANISATION = "organisation"


class Role(LabeledEnum):
    INDIVIDUAL = "individual"
    HEAD = "head"
    HUSBAND = "husband"
    WIFE = "wife"
    REPRESENTATIVE = "representative"
    MEMBER = "member"


class ChangeReason(LabeledEnum):
    INHERITANCE = "inheritance"
    GIFT = "gift"
    TRANSFER = "transfer"
    OTHER = "other"


class UseForm(LabeledEnum):
    PRIVATE = "private"
    SHARED = "shared"


class Gender(LabeledEnum):
    MALE = "male"
    FEMALE = "female"


class HolderKind(LabeledEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Severity(LabeledEnum):
    ERROR = "error"
    WARNING = "warning"


class VerificationStatus(LabeledEnum):
    """Result of checking a holder against the population data (DOMAIN.md §5)."""

    PENDING = "pending"
    VERIFIED = "verified"
    INCORRECT = "incorrect"
    NEEDS_POLICE = "needs_police"


class DocKind(LabeledEnum):
    GCN = "gcn"  # the certificate
    GT = "gt"  # identity paper
    TBXN = "tbxn"
    DDK = "ddk"
    OTHER = "other"


class UserRole(LabeledEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OFFICER = "officer"
    VIEWER = "viewer"
    OPERATOR = "operator"  # the province desk's: imports packages, resolves conflicts, approves keys


class CertificateGeneration(LabeledEnum):
    """Serial shape tells the era of the certificate form."""

    OLD = "old"  # 1 letter + 6 digits
    FORM_2009 = "2009"  # 2 letters + 6 digits (2009–2024)
    FORM_2025 = "2025"  # 2 letters + 8 digits
    UNKNOWN = "unknown"


_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "CustodyStatus": {
        "collected": ("Đã thu nhận", "Collected"),
        "bank": ("Đang thế chấp tại ngân hàng", "Held by a bank (mortgage)"),
        "lost": ("Đã mất", "Lost"),
        "holder_absent": ("Chủ sử dụng vắng mặt", "Holder absent"),
        "other": ("Không thu được (lý do khác)", "Not collectable (other)"),
    },
    "WorkflowStatus": {
        "collected": ("Đã thu nhận", "Collected"),
        "scanned": ("Đã quét", "Scanned"),
        "entered": ("Đã nhập", "Entered"),
        "checked": ("Đã kiểm tra", "Checked"),
        "verified": ("Đã xác thực", "Verified"),
        "sent": ("Đã gửi tỉnh", "Sent to province"),
        "accepted": ("Tỉnh đã tiếp nhận", "Accepted by province"),
        "returned": ("Tỉnh trả lại", "Returned by province"),
        "updated": ("Đã cập nhật CSDL quốc gia", "Updated in national database"),
    },
    "LegalForm": {
        "individual": ("Cá nhân", "Individual"),
        "household": ("Hộ gia đình", "Household"),
        "couple": ("Vợ chồng", "Married couple"),
        "co_users": ("Đồng sử dụng", "Co-users"),
        "community": ("Cộng đồng dân cư", "Community"),
        "organisation": ("Tổ chức", "Organisation"),
    },
    "Role": {
        "individual": ("Cá nhân", "Individual"),
        "head": ("Chủ hộ", "Head of household"),
        "husband": ("Chồng", "Husband"),
        "wife": ("Vợ", "Wife"),
        "representative": ("Người đại diện", "Representative"),
        "member": ("Thành viên", "Member"),
    },
    "ChangeReason": {
        "inheritance": ("Thừa kế", "Inheritance"),
        "gift": ("Tặng cho", "Gift"),
        "transfer": ("Chuyển nhượng", "Transfer"),
        "other": ("Khác", "Other"),
    },
    "UseForm": {
        "private": ("Sử dụng riêng", "Private use"),
        "shared": ("Sử dụng chung", "Shared use"),
    },
    "Gender": {"male": ("Nam", "Male"), "female": ("Nữ", "Female")},
    "HolderKind": {"person": ("Cá nhân", "Person"), "organisation": ("Tổ chức", "Organisation")},
    "Severity": {"error": ("Lỗi", "Error"), "warning": ("Cảnh báo", "Warning")},
    "VerificationStatus": {
        "pending": ("Chưa xác thực", "Not checked"),
        "verified": ("Đã xác thực", "Verified"),
        "incorrect": ("Thông tin chưa chính xác", "Incorrect information"),
        "needs_police": ("Cần phối hợp công an", "Needs police coordination"),
    },
    "DocKind": {
        "gcn": ("Giấy chứng nhận", "Certificate"),
        "gt": ("Giấy tờ tùy thân", "Identity paper"),
        "tbxn": ("Thông báo xác nhận", "Confirmation notice"),
        "ddk": ("Đơn đăng ký", "Registration form"),
        "other": ("Khác", "Other"),
    },
    "UserRole": {
        "admin": ("Quản trị", "Administrator"),
        "supervisor": ("Giám sát", "Supervisor"),
        "officer": ("Cán bộ nhập liệu", "Officer"),
        "viewer": ("Chỉ xem", "Viewer"),
        "operator": ("Cán bộ tiếp nhận", "Operator"),
    },
    "CertificateGeneration": {
        "old": ("Mẫu cũ (1 chữ + 6 số)", "Old form (1 letter + 6 digits)"),
        "2009": ("Mẫu 2009–2024", "2009–2024 form"),
        "2025": ("Mẫu 2025", "2025 form"),
        "unknown": ("Không xác định", "Unknown"),
    },
}
