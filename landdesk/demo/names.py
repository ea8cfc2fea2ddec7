"""Word lists for the synthetic commune (`landdesk demo`): invented people, plausible places.

Weights follow the usual shares of Vietnamese surnames (Nguyễn ≈ 38%, Trần 11%, Lê 9.5%, …), so
search-as-you-type over the demo behaves like over a real commune.
"""

from __future__ import annotations

SURNAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 40), ("Huỳnh", 15),
    ("Phan", 45), ("Vũ", 35), ("Võ", 15), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đào", 8), ("Đinh", 7), ("Trịnh", 6), ("Lương", 5),
    ("Mai", 4), ("Thân", 6), ("Giáp", 4), ("Chu", 4), ("Lưu", 3), ("Hà", 5), ("Tạ", 3), ("Vương", 2),
    ("Cao", 3), ("Kiều", 2), ("Quách", 1), ("Tô", 2), ("Khúc", 1), ("Nghiêm", 1),
)

MIDDLE_MALE: tuple[tuple[str, int], ...] = (
    ("Văn", 50), ("Đức", 12), ("Minh", 8), ("Quang", 6), ("Xuân", 5), ("Hữu", 6), ("Ngọc", 3),
    ("Thanh", 4), ("Công", 4), ("Tiến", 3), ("Mạnh", 2), ("Trọng", 3), ("Đình", 4), ("Duy", 3),
    ("Anh", 2), ("Thế", 2), ("Bá", 2), ("Hồng", 1), ("Quốc", 2), ("Việt", 1),
)

MIDDLE_FEMALE: tuple[tuple[str, int], ...] = (
    ("Thị", 60), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Minh", 3), ("Hồng", 4), ("Phương", 3),
    ("Kim", 3), ("Bích", 2), ("Hải", 2), ("Thúy", 2), ("Diệu", 1), ("Khánh", 1), ("Mai", 2), ("Quỳnh", 1),
)

GIVEN_MALE: tuple[str, ...] = (
    "An", "Anh", "Bảo", "Bình", "Cường", "Chiến", "Công", "Dũng", "Duy", "Dương", "Đạt", "Định", "Đông",
    "Đức", "Giang", "Hà", "Hải", "Hào", "Hậu", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Huy", "Hùng", "Hưng",
    "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Linh", "Lộc", "Long", "Lực", "Mạnh", "Minh", "Nam",
    "Nghĩa", "Ngọc", "Nguyên", "Nhân", "Phong", "Phú", "Phúc", "Quang", "Quân", "Quý", "Sơn", "Tài",
    "Tâm", "Tân", "Thành", "Thắng", "Thanh", "Thiện", "Thịnh", "Thông", "Thuận", "Tiến", "Toàn",
    "Trung", "Tuấn", "Tùng", "Tú", "Vinh", "Việt", "Vũ", "Xuân", "Khải", "Luân", "Sỹ", "Thái", "Trường",
)

GIVEN_FEMALE: tuple[str, ...] = (
    "An", "Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa",
    "Hồng", "Huệ", "Hương", "Hường", "Huyền", "Lan", "Liên", "Linh", "Loan", "Lụa", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nguyệt", "Nhung", "Nhàn", "Oanh", "Phương", "Phượng", "Quyên", "Quỳnh", "Sen",
    "Tâm", "Thảo", "Thơm", "Thu", "Thủy", "Thúy", "Thương", "Trang", "Trinh", "Tuyết", "Uyên", "Vân",
    "Xuân", "Yến", "Hoài", "Hậu", "Lý", "Mến", "Thoa", "Tươi", "Xoan",
)

# Tổ dân phố (wards) and thôn (rural communes).
URBAN_VILLAGE_NAMES: tuple[str, ...] = (
    "Tổ dân phố Hòa Sơn", "Tổ dân phố Đông Giang", "Tổ dân phố Tiền Giang", "Tổ dân phố Nam Giang",
    "Tổ dân phố Quyết Tâm", "Tổ dân phố Thanh Bình", "Tổ dân phố Mỹ Cầu", "Tổ dân phố Đa Mai",
)
RURAL_VILLAGE_NAMES: tuple[str, ...] = (
    "Thôn Đông", "Thôn Tây", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Thượng", "Thôn Hạ",
    "Thôn Đình", "Thôn Chùa", "Thôn Tân Lập", "Thôn Đồng Mai", "Thôn Hòa Bình", "Thôn Yên Lư",
    "Thôn Phúc Long", "Thôn Quế Sơn", "Thôn Đoàn Kết",
)

STREETS: tuple[str, ...] = (
    "đường Hoàng Văn Thụ", "đường Xương Giang", "đường Lê Lợi", "đường Ngô Gia Tự", "đường Trần Phú",
    "đường Nguyễn Văn Cừ", "đường Lý Thái Tổ", "đường Hùng Vương", "đường Giáp Hải", "ngõ 12",
)

ORGANISATIONS: tuple[str, ...] = (
    "Công ty TNHH Thương mại Hòa Phát Bắc Giang", "Công ty Cổ phần Xây dựng Đông Đô",
    "Hợp tác xã Nông nghiệp Tân Tiến", "Công ty TNHH Một thành viên Cấp thoát nước",
    "Trường Mầm non Hoa Sen", "Công ty Cổ phần May Xuất khẩu Phú Thịnh", "Ngân hàng TMCP Công thương Việt Nam",
    "Công ty TNHH Sản xuất Bao bì Minh Khang",
)

COMMUNITIES: tuple[str, ...] = ("Chùa Linh Quang", "Đình làng", "Nhà văn hóa", "Chùa Phúc Lâm", "Giáo xứ")

ORIGINS_RESIDENTIAL: tuple[str, ...] = (
    "Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Nhà nước giao đất có thu tiền sử dụng đất",
    "Nhận chuyển nhượng đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Nhận thừa kế đất được Công nhận QSDĐ như giao đất có thu tiền sử dụng đất",
    "Nhận tặng cho đất được Nhà nước giao đất có thu tiền sử dụng đất",
)
ORIGINS_AGRICULTURAL: tuple[str, ...] = (
    "Nhà nước giao đất không thu tiền sử dụng đất",
    "Công nhận QSDĐ như giao đất không thu tiền sử dụng đất",
    "Nhận chuyển nhượng đất được Nhà nước giao đất không thu tiền sử dụng đất",
)

BANKS: tuple[str, ...] = (
    "Agribank chi nhánh Bắc Giang", "Vietcombank chi nhánh Bắc Ninh", "BIDV chi nhánh Bắc Giang",
    "VietinBank chi nhánh Bắc Ninh", "Ngân hàng Chính sách xã hội", "Quỹ tín dụng nhân dân",
)

OTHER_CUSTODY_NOTES: tuple[str, ...] = (
    "Đang tranh chấp, Tòa án đang thụ lý", "Chủ sử dụng đã chết, chưa khai nhận thừa kế",
    "Giấy chứng nhận bị rách, đang làm thủ tục cấp đổi", "Chủ sử dụng từ chối nộp",
    "Đang làm thủ tục chuyển nhượng tại Văn phòng đăng ký đất đai",
)

LOST_NOTES: tuple[str, ...] = ("Mất do lũ lụt năm 2008", "Thất lạc khi chuyển nhà", "Đã báo mất, chưa cấp lại", "")
ABSENT_NOTES: tuple[str, ...] = ("Đi làm ăn xa", "Đang ở nước ngoài", "Chủ hộ đi làm ở miền Nam", "")

RETURN_NOTES: tuple[str, ...] = (
    "Sai số vào sổ", "Thiếu bản quét giấy tờ tùy thân", "Diện tích không khớp bản đồ địa chính",
)

# Districts that issued certificates before 2009 (by pre-2025 province).
DISTRICTS: dict[str, tuple[str, ...]] = {
    "Bắc Giang": ("Yên Dũng", "Lạng Giang", "Tân Yên", "Hiệp Hòa", "Việt Yên", "Lục Nam", "Yên Thế",
                  "Sơn Động", "Lục Ngạn"),
    "Bắc Ninh": ("Yên Phong", "Quế Võ", "Tiên Du", "Thuận Thành", "Gia Bình", "Lương Tài"),
}

# Certificate serial letter blocks by era (the 2009–2024 blocks include Đ, as printed).
OLD_SERIAL_LETTERS = ("A", "B", "C", "D", "Đ", "E", "G", "H", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "X")
SERIAL_BLOCKS_2009: tuple[tuple[str, int, int], ...] = (
    # (letters, first year, last year)
    ("AA", 2009, 2010), ("AĐ", 2010, 2010), ("AH", 2010, 2011), ("AK", 2010, 2011), ("AN", 2011, 2011),
    ("BA", 2011, 2012), ("BĐ", 2012, 2012), ("BH", 2012, 2013), ("BK", 2012, 2013), ("BN", 2013, 2013),
    ("BO", 2013, 2014), ("BS", 2014, 2014), ("BX", 2014, 2015), ("CA", 2015, 2016), ("CĐ", 2016, 2016),
    ("CE", 2016, 2017), ("CH", 2017, 2017), ("CK", 2017, 2018), ("CN", 2018, 2018), ("CO", 2018, 2019),
    ("CS", 2019, 2019), ("CT", 2019, 2020), ("CY", 2020, 2020), ("DA", 2020, 2021), ("DĐ", 2021, 2022),
    ("DH", 2022, 2022), ("DK", 2022, 2023), ("DL", 2023, 2024), ("DN", 2024, 2024),
)
SERIAL_BLOCKS_2025: tuple[str, ...] = ("AA", "AB", "AĐ", "AE")
