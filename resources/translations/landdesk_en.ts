<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="vi">
  <context>
    <name>AutoBackupDialog</name>
    <message>
      <source>Sao lưu tự động</source>
      <translation>Automatic backups</translation>
    </message>
    <message>
      <source>Tự động sao lưu khi thoát LandDesk (nếu đã có thay đổi) và mỗi ngày một lần</source>
      <translation>Back up automatically when LandDesk closes (after changes) and once a day</translation>
    </message>
    <message>
      <source>Bản sao lưu tự động</source>
      <translation>Automatic backups</translation>
    </message>
    <message>
      <source>Thư mục sao lưu của không gian làm việc</source>
      <translation>The workspace's backups folder</translation>
    </message>
    <message>
      <source>Thư mục cho bản sao lưu tự động</source>
      <translation>Folder for the automatic backups</translation>
    </message>
    <message>
      <source>Lưu vào:</source>
      <translation>Save to:</translation>
    </message>
    <message>
      <source> bản gần nhất</source>
      <translation> most recent</translation>
    </message>
    <message>
      <source>Giữ lại:</source>
      <translation>Keep:</translation>
    </message>
    <message>
      <source> ngày</source>
      <translation> days</translation>
    </message>
    <message>
      <source>Nhắc sao lưu khi bản gần nhất cũ hơn:</source>
      <translation>Remind me when the last backup is older than:</translation>
    </message>
    <message>
      <source>Bản sao lưu tự động trong cùng ổ đĩa với máy chỉ giúp khi lỡ tay xóa hay sửa nhầm; hãy vẫn sao lưu ra USB thường xuyên. Bản sao lưu làm bằng tay không bao giờ bị xóa.</source>
      <translation>Automatic backups on this PC's own drive only help after a mistaken deletion or change; keep backing up to a USB stick regularly. Backups made by hand are never removed.</translation>
    </message>
  </context>
  <context>
    <name>BackupButton</name>
    <message>
      <source>Sao lưu gần nhất: %1</source>
      <translation>Last backup: %1</translation>
    </message>
    <message>
      <source>Chưa sao lưu</source>
      <translation>Never backed up</translation>
    </message>
    <message>
      <source>Bấm để sao lưu ngay</source>
      <translation>Click to back up now</translation>
    </message>
    <message>
      <source>Bản sao lưu gần nhất đã %1 ngày. Bấm để sao lưu ngay.</source>
      <translation>The last backup is %1 days old. Click to back up now.</translation>
    </message>
    <message>
      <source>Chưa sao lưu lần nào: bấm nút sao lưu bên phải.</source>
      <translation>Never backed up: click the backup button on the right.</translation>
    </message>
  </context>
  <context>
    <name>BackupDialog</name>
    <message>
      <source>Sao lưu ngay</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>Bản sao lưu gồm cơ sở dữ liệu, khóa ký và mọi bản quét, được mã hóa bằng khóa sao lưu của không gian làm việc. Nên sao lưu ra USB hoặc ổ đĩa khác và cất giữ nơi khác máy này. Bản quét đã có trong thư mục đích không chép lại.</source>
      <translation>A backup holds the database, the signing keys and every scan, encrypted with the workspace's backup key. Back up to a USB stick or another drive and keep it away from this PC. Scans already in the target folder are not copied again.</translation>
    </message>
    <message>
      <source>Lần sao lưu gần nhất: %1 (%2).</source>
      <translation>Last backup: %1 (%2).</translation>
    </message>
    <message>
      <source>Chưa sao lưu lần nào.</source>
      <translation>Never backed up yet.</translation>
    </message>
    <message>
      <source>Thư mục sao lưu của không gian làm việc</source>
      <translation>The workspace's backups folder</translation>
    </message>
    <message>
      <source>Thư mục sao lưu tự động</source>
      <translation>The automatic backups' folder</translation>
    </message>
    <message>
      <source>Lần trước</source>
      <translation>Last time</translation>
    </message>
    <message>
      <source>Chọn thư mục hoặc ổ USB để sao lưu vào</source>
      <translation>Choose the folder or USB stick to back up to</translation>
    </message>
    <message>
      <source>Sao lưu vào:</source>
      <translation>Back up to:</translation>
    </message>
    <message>
      <source>Sao lưu tự động: khi thoát (nếu có thay đổi) và mỗi ngày, giữ %1 bản gần nhất trong %2.</source>
      <translation>Automatic backups: on exit (after changes) and daily, the last %1 kept in %2.</translation>
    </message>
    <message>
      <source>Sao lưu tự động đang tắt.</source>
      <translation>Automatic backups are off.</translation>
    </message>
    <message>
      <source>Sao lưu</source>
      <translation>Back up</translation>
    </message>
    <message>
      <source>Sao lưu tự động…</source>
      <translation>Automatic backups…</translation>
    </message>
  </context>
  <context>
    <name>BackupKeyDialog</name>
    <message>
      <source>Khóa sao lưu</source>
      <translation>Backup key</translation>
    </message>
    <message>
      <source>Các bản sao lưu được mã hóa bằng khóa dưới đây. Hãy in hoặc chép lại và cất vào tủ an toàn của văn phòng: không có khóa này thì không khôi phục được bản sao lưu.</source>
      <translation>Backups are encrypted with the key below. Print or copy it and keep it in the office safe: without this key a backup cannot be restored.</translation>
    </message>
  </context>
  <context>
    <name>DoubleEntryDialog</name>
    <message>
      <source>Nhập liệu lần hai</source>
      <translation>Second entry</translation>
    </message>
    <message>
      <source>Nhập lại các trường dưới đây theo giấy tờ gốc. Giá trị đã nhập lần đầu không được hiển thị.</source>
      <translation>Type the fields below again from the original papers. The values of the first entry are not shown.</translation>
    </message>
  </context>
  <context>
    <name>DraftDialog</name>
    <message>
      <source>Khôi phục bản nháp</source>
      <translation>Restore drafts</translation>
    </message>
    <message>
      <source>LandDesk đã giữ lại những hồ sơ đang nhập dở chưa được lưu.
Chọn một hồ sơ để mở lại và tiếp tục nhập.</source>
      <translation>LandDesk kept the dossiers that were being entered and not saved.
Choose one to reopen and continue.</translation>
    </message>
    <message>
      <source>Mở lại bản nháp</source>
      <translation>Reopen draft</translation>
    </message>
    <message>
      <source>Bỏ các bản nháp</source>
      <translation>Discard drafts</translation>
    </message>
    <message>
      <source>Để sau</source>
      <translation>Later</translation>
    </message>
  </context>
  <context>
    <name>Editor</name>
    <message>
      <source>&amp;Lưu hồ sơ</source>
      <translation>&amp;Save dossier</translation>
    </message>
    <message>
      <source>Lưu và &amp;tiếp</source>
      <translation>Save and &amp;next</translation>
    </message>
    <message>
      <source>Hồ sơ &amp;trước</source>
      <translation>&amp;Previous dossier</translation>
    </message>
    <message>
      <source>Hồ sơ &amp;sau</source>
      <translation>Ne&amp;xt dossier</translation>
    </message>
    <message>
      <source>Thêm &amp;chủ sử dụng</source>
      <translation>Add a &amp;holder</translation>
    </message>
    <message>
      <source>Thêm &amp;thửa đất</source>
      <translation>Add a &amp;parcel</translation>
    </message>
    <message>
      <source>Thêm &amp;loại đất</source>
      <translation>Add a &amp;land use</translation>
    </message>
    <message>
      <source>&amp;Hoàn tác</source>
      <translation>&amp;Undo</translation>
    </message>
    <message>
      <source>&amp;Làm lại</source>
      <translation>&amp;Redo</translation>
    </message>
    <message>
      <source>Loại tài sản:</source>
      <translation>Asset type:</translation>
    </message>
    <message>
      <source>Tên công trình/dự án:</source>
      <translation>Building/project name:</translation>
    </message>
    <message>
      <source>Tòa nhà:</source>
      <translation>Building:</translation>
    </message>
    <message>
      <source>Số căn hộ:</source>
      <translation>Apartment no.:</translation>
    </message>
    <message>
      <source>Diện tích xây dựng (m²):</source>
      <translation>Construction area (m²):</translation>
    </message>
    <message>
      <source>Diện tích sàn (m²):</source>
      <translation>Floor area (m²):</translation>
    </message>
    <message>
      <source>Hình thức sở hữu:</source>
      <translation>Form of ownership:</translation>
    </message>
    <message>
      <source>Thời hạn sở hữu:</source>
      <translation>Ownership term:</translation>
    </message>
    <message>
      <source>Cấp hạng:</source>
      <translation>Grade:</translation>
    </message>
    <message>
      <source>Mẫu 01</source>
      <translation>Form 01</translation>
    </message>
    <message>
      <source>Lịch sử thay đổi</source>
      <translation>History</translation>
    </message>
    <message>
      <source>Có thay đổi chưa lưu</source>
      <translation>Unsaved changes</translation>
    </message>
    <message>
      <source>Hồ sơ đã sửa mà chưa lưu: Ctrl+S để lưu.</source>
      <translation>The dossier has changes that are not saved: Ctrl+S saves them.</translation>
    </message>
    <message>
      <source>Lưu (Ctrl+S)</source>
      <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
      <source>Lưu và tiếp (Ctrl+Enter)</source>
      <translation>Save and next (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>◀ Trước</source>
      <translation>◀ Previous</translation>
    </message>
    <message>
      <source>Sau ▶</source>
      <translation>Next ▶</translation>
    </message>
    <message>
      <source>Hồ sơ mới</source>
      <translation>New dossier</translation>
    </message>
    <message>
      <source>Thời gian</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>Người sửa</source>
      <translation>By</translation>
    </message>
    <message>
      <source>Thao tác</source>
      <translation>Action</translation>
    </message>
    <message>
      <source>Trường</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>Giá trị cũ → mới</source>
      <translation>Old → new value</translation>
    </message>
    <message>
      <source>Lý do</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>Hồ sơ số %1</source>
      <translation>Dossier no. %1</translation>
    </message>
    <message>
      <source>Mở hồ sơ số %1</source>
      <translation>Open dossier no. %1</translation>
    </message>
    <message>
      <source>Bản nháp đã lưu lúc %1</source>
      <translation>Draft saved at %1</translation>
    </message>
    <message>
      <source>Đã điền chủ sử dụng từ mã QR của thẻ CCCD.</source>
      <translation>Holder filled from the citizen ID card's QR code.</translation>
    </message>
    <message>
      <source>Không có thay đổi để lưu.</source>
      <translation>Nothing to save.</translation>
    </message>
    <message numerus="yes">
      <source>Chưa lưu: còn %n lỗi cần sửa.</source>
      <translation>
        <numerusform>Not saved: %n error to fix.</numerusform>
        <numerusform>Not saved: %n errors to fix.</numerusform>
      </translation>
    </message>
    <message>
      <source>Đã lưu hồ sơ số %1.</source>
      <translation>Dossier no. %1 saved.</translation>
    </message>
    <message>
      <source>Xóa mục này</source>
      <translation>Remove this item</translation>
    </message>
    <message>
      <source>Giấy chứng nhận</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <source>Số phát hành:</source>
      <translation>Serial:</translation>
    </message>
    <message>
      <source>VD: CS 123456</source>
      <translation>e.g. CS 123456</translation>
    </message>
    <message>
      <source>Ngày cấp:</source>
      <translation>Issue date:</translation>
    </message>
    <message>
      <source>Số vào sổ cấp GCN:</source>
      <translation>Registry entry no.:</translation>
    </message>
    <message>
      <source>VD: CH 00149</source>
      <translation>e.g. CH 00149</translation>
    </message>
    <message>
      <source>Thôn/tổ dân phố:</source>
      <translation>Village/quarter:</translation>
    </message>
    <message>
      <source>Tình trạng GCN:</source>
      <translation>Certificate custody:</translation>
    </message>
    <message>
      <source>Ghi chú tình trạng:</source>
      <translation>Custody note:</translation>
    </message>
    <message>
      <source>Cơ quan cấp:</source>
      <translation>Issued by:</translation>
    </message>
    <message>
      <source>Ngày nhận hồ sơ:</source>
      <translation>Date received:</translation>
    </message>
    <message>
      <source>Người sử dụng đất hiện tại (nếu khác chủ trên GCN)</source>
      <translation>Current land user (if not the holder on the certificate)</translation>
    </message>
    <message>
      <source>Họ và tên:</source>
      <translation>Full name:</translation>
    </message>
    <message>
      <source>Số CCCD:</source>
      <translation>Citizen ID:</translation>
    </message>
    <message>
      <source>Địa chỉ (2 cấp):</source>
      <translation>Address (2-level):</translation>
    </message>
    <message>
      <source>Lý do thay đổi:</source>
      <translation>Reason for change:</translation>
    </message>
    <message>
      <source>Ghi chú</source>
      <translation>Notes</translation>
    </message>
    <message>
      <source>Chủ sử dụng %1</source>
      <translation>Holder %1</translation>
    </message>
    <message>
      <source>VD: NGUYỄN VĂN A</source>
      <translation>e.g. NGUYỄN VĂN A</translation>
    </message>
    <message>
      <source>12 chữ số</source>
      <translation>12 digits</translation>
    </message>
    <message>
      <source>Số CMND:</source>
      <translation>Old ID card no.:</translation>
    </message>
    <message>
      <source>9 chữ số (nếu có)</source>
      <translation>9 digits (if any)</translation>
    </message>
    <message>
      <source>Ngày sinh:</source>
      <translation>Date of birth:</translation>
    </message>
    <message>
      <source>Giới tính:</source>
      <translation>Gender:</translation>
    </message>
    <message>
      <source>Thường trú:</source>
      <translation>Permanent address:</translation>
    </message>
    <message>
      <source>Pháp nhân:</source>
      <translation>Legal form:</translation>
    </message>
    <message>
      <source>Vai trò:</source>
      <translation>Role:</translation>
    </message>
    <message>
      <source>Loại chủ:</source>
      <translation>Holder type:</translation>
    </message>
    <message>
      <source>Mã số tổ chức:</source>
      <translation>Organisation ID:</translation>
    </message>
    <message>
      <source>Người đại diện:</source>
      <translation>Representative:</translation>
    </message>
    <message>
      <source>năm sinh theo CCCD: %1</source>
      <translation>birth year per citizen ID: %1</translation>
    </message>
    <message>
      <source>m²</source>
      <translation>m²</translation>
    </message>
    <message>
      <source>ghi trên GCN</source>
      <translation>as on certificate</translation>
    </message>
    <message>
      <source>nguồn gốc</source>
      <translation>origin</translation>
    </message>
    <message>
      <source>Lâu dài / đến ngày...</source>
      <translation>Long-term / until...</translation>
    </message>
    <message>
      <source>Xóa loại đất này</source>
      <translation>Remove this land use</translation>
    </message>
    <message>
      <source>Điền theo tên loại đất đã chọn: sửa lại nếu GCN ghi khác.</source>
      <translation>Filled in from the chosen land type: correct it if the certificate says otherwise.</translation>
    </message>
    <message>
      <source>Thửa đất %1</source>
      <translation>Parcel %1</translation>
    </message>
    <message>
      <source>Tờ bản đồ (GCN):</source>
      <translation>Map sheet (certificate):</translation>
    </message>
    <message>
      <source>Số thửa (GCN):</source>
      <translation>Parcel no. (certificate):</translation>
    </message>
    <message>
      <source>Diện tích (m²):</source>
      <translation>Area (m²):</translation>
    </message>
    <message>
      <source>VD: 250,5</source>
      <translation>e.g. 250.5</translation>
    </message>
    <message>
      <source>Địa chỉ thửa đất:</source>
      <translation>Parcel address:</translation>
    </message>
    <message>
      <source>Loại đất (mã — tên) · diện tích · ghi trên GCN · nguồn gốc · hình thức · thời hạn</source>
      <translation>Land use (code — name) · area · as on certificate · origin · form · term</translation>
    </message>
    <message>
      <source>Tờ bản đồ (hiện nay):</source>
      <translation>Map sheet (current map):</translation>
    </message>
    <message>
      <source>Số thửa (hiện nay):</source>
      <translation>Parcel no. (current map):</translation>
    </message>
    <message>
      <source>Mã định danh thửa:</source>
      <translation>National parcel ID:</translation>
    </message>
    <message>
      <source>12 ký tự, nếu có</source>
      <translation>12 characters, if any</translation>
    </message>
    <message>
      <source>Bộ bản đồ:</source>
      <translation>Map series:</translation>
    </message>
    <message>
      <source>Xã cũ:</source>
      <translation>Former commune:</translation>
    </message>
    <message>
      <source>Phân loại thửa:</source>
      <translation>Parcel classification:</translation>
    </message>
    <message>
      <source>Có nhà ở / tài sản gắn liền với đất</source>
      <translation>Has housing / assets attached to the land</translation>
    </message>
  </context>
  <context>
    <name>ExportDoneDialog</name>
    <message>
      <source>Đã xuất gói</source>
      <translation>Package exported</translation>
    </message>
    <message>
      <source>Gói số %1: %2 hồ sơ, %3 hồ sơ đã xóa, %4 ảnh quét, %5.</source>
      <translation>Package %1: %2 dossiers, %3 deletions, %4 scans, %5.</translation>
    </message>
    <message>
      <source>Đã mã hóa cho tỉnh.</source>
      <translation>Encrypted for the province.</translation>
    </message>
    <message>
      <source>KHÔNG mã hóa.</source>
      <translation>NOT encrypted.</translation>
    </message>
    <message>
      <source>Gửi cho tỉnh (mang USB, hoặc gửi qua mạng) các tệp sau:</source>
      <translation>Send the province these files (on the USB stick, or over the network):</translation>
    </message>
    <message>
      <source>Các hồ sơ trong gói chuyển sang "Đã gửi tỉnh" cho đến khi áp dụng biên nhận của tỉnh. Một bản của gói được giữ trong không gian làm việc để gửi lại khi cần.</source>
      <translation>The package's dossiers show "Sent to province" until the province's receipt is applied. A copy of the package is kept in the workspace, to send again if asked.</translation>
    </message>
    <message>
      <source>Mở thư mục</source>
      <translation>Open the folder</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>Đăng nhập LandDesk</source>
      <translation>Sign in to LandDesk</translation>
    </message>
    <message>
      <source>Tên đăng nhập:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <source>Mật khẩu:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <source>Hãy nhập mật khẩu.</source>
      <translation>Type the password.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>&amp;Tệp</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>&amp;Sửa</source>
      <translation>&amp;Edit</translation>
    </message>
    <message>
      <source>&amp;Hồ sơ</source>
      <translation>&amp;Records</translation>
    </message>
    <message>
      <source>&amp;Xem</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <source>&amp;Công cụ</source>
      <translation>&amp;Tools</translation>
    </message>
    <message>
      <source>Trợ &amp;giúp</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>Hồ sơ &amp;mới</source>
      <translation>&amp;New dossier</translation>
    </message>
    <message>
      <source>Nhập một hồ sơ mới (Mẫu 01)</source>
      <translation>Enter a new dossier (Form 01)</translation>
    </message>
    <message>
      <source>&amp;Khóa màn hình</source>
      <translation>&amp;Lock screen</translation>
    </message>
    <message>
      <source>&amp;Cài đặt...</source>
      <translation>&amp;Settings...</translation>
    </message>
    <message>
      <source>&amp;Thoát</source>
      <translation>&amp;Quit</translation>
    </message>
    <message>
      <source>Thanh công cụ</source>
      <translation>Toolbar</translation>
    </message>
    <message>
      <source>Thanh bên</source>
      <translation>Sidebar</translation>
    </message>
    <message>
      <source>Xã: %1</source>
      <translation>Commune: %1</translation>
    </message>
    <message>
      <source>Người dùng: %1 (%2)</source>
      <translation>User: %1 (%2)</translation>
    </message>
    <message numerus="yes">
      <source>%Ln hồ sơ</source>
      <translation>
        <numerusform>%Ln dossier</numerusform>
        <numerusform>%Ln dossiers</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%Ln có vấn đề</source>
      <translation>
        <numerusform>%Ln with problems</numerusform>
        <numerusform>%Ln with problems</numerusform>
      </translation>
    </message>
    <message>
      <source>Đang xử lý...</source>
      <translation>Working...</translation>
    </message>
    <message>
      <source>LandDesk đã khóa</source>
      <translation>LandDesk is locked</translation>
    </message>
    <message>
      <source>Nhập mật khẩu của %1 để mở khóa:</source>
      <translation>Enter %1's password to unlock:</translation>
    </message>
  </context>
  <context>
    <name>NewPasswordDialog</name>
    <message>
      <source>Đặt lại mật khẩu</source>
      <translation>Reset the password</translation>
    </message>
    <message>
      <source>Người dùng:</source>
      <translation>User:</translation>
    </message>
    <message>
      <source>Tài khoản đang tạm khóa vì nhập sai mật khẩu sẽ được mở lại.</source>
      <translation>An account locked after wrong passwords is unlocked too.</translation>
    </message>
  </context>
  <context>
    <name>NewUserDialog</name>
    <message>
      <source>Thêm người dùng</source>
      <translation>Add a user</translation>
    </message>
    <message>
      <source>Tên đăng nhập:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <source>Họ và tên:</source>
      <translation>Full name:</translation>
    </message>
    <message>
      <source>Vai trò:</source>
      <translation>Role:</translation>
    </message>
    <message>
      <source>Tên đăng nhập không có dấu cách.</source>
      <translation>A user name has no spaces.</translation>
    </message>
  </context>
  <context>
    <name>RecordsModel</name>
    <message>
      <source>Số HS</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>Số phát hành</source>
      <translation>Serial</translation>
    </message>
    <message>
      <source>Chủ sử dụng</source>
      <translation>Holders</translation>
    </message>
    <message>
      <source>Thôn/tổ dân phố</source>
      <translation>Village/quarter</translation>
    </message>
    <message>
      <source>Tờ/thửa</source>
      <translation>Sheet/parcel</translation>
    </message>
    <message>
      <source>Diện tích (m²)</source>
      <translation>Area (m²)</translation>
    </message>
    <message>
      <source>Tiến độ</source>
      <translation>Progress</translation>
    </message>
    <message>
      <source>Giấy chứng nhận</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <source>Vấn đề</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>Cập nhật</source>
      <translation>Updated</translation>
    </message>
    <message numerus="yes">
      <source>%n lỗi</source>
      <translation>
        <numerusform>%n error</numerusform>
        <numerusform>%n errors</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n cảnh báo</source>
      <translation>
        <numerusform>%n warning</numerusform>
        <numerusform>%n warnings</numerusform>
      </translation>
    </message>
    <message>
      <source>trùng số phát hành</source>
      <translation>same serial elsewhere</translation>
    </message>
    <message>
      <source>trùng tờ/thửa</source>
      <translation>same sheet/parcel elsewhere</translation>
    </message>
  </context>
  <context>
    <name>RecordsView</name>
    <message>
      <source>Tìm theo họ tên, số CCCD, số phát hành, tờ/thửa, địa chỉ... (Ctrl+F)</source>
      <translation>Search by name, citizen ID, serial, sheet/parcel, address... (Ctrl+F)</translation>
    </message>
    <message>
      <source>Mọi tiến độ</source>
      <translation>Any progress</translation>
    </message>
    <message>
      <source>Mọi tình trạng GCN</source>
      <translation>Any custody status</translation>
    </message>
    <message>
      <source>Chỉ hồ sơ có vấn đề</source>
      <translation>Only dossiers with problems</translation>
    </message>
    <message>
      <source>Không có hồ sơ nào khớp với tìm kiếm và bộ lọc. &lt;a href="clear"&gt;Xóa bộ lọc&lt;/a&gt; để xem mọi hồ sơ.</source>
      <translation>No dossier matches the search and filters. &lt;a href="clear"&gt;Clear the filters&lt;/a&gt; to see every dossier.</translation>
    </message>
    <message>
      <source>Danh sách hồ sơ</source>
      <translation>Dossiers</translation>
    </message>
    <message>
      <source>Enter: mở hồ sơ · Ctrl+N: hồ sơ mới · Ctrl+F: tìm kiếm</source>
      <translation>Enter: open dossier · Ctrl+N: new dossier · Ctrl+F: search</translation>
    </message>
    <message>
      <source>Mọi thôn/tổ</source>
      <translation>All villages</translation>
    </message>
    <message numerus="yes">
      <source>%Ln+ hồ sơ, đang đếm...</source>
      <translation>
        <numerusform>%Ln+ dossier, counting...</numerusform>
        <numerusform>%Ln+ dossiers, counting...</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%Ln hồ sơ</source>
      <translation>
        <numerusform>%Ln dossier</numerusform>
        <numerusform>%Ln dossiers</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RestoreDialog</name>
    <message>
      <source>Khôi phục từ bản sao lưu</source>
      <translation>Restore from a backup</translation>
    </message>
    <message>
      <source>Chọn thư mục chứa bản sao lưu</source>
      <translation>Choose the folder holding the backups</translation>
    </message>
    <message>
      <source>Ngày giờ sao lưu</source>
      <translation>Backed up at</translation>
    </message>
    <message>
      <source>Xã</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Hồ sơ</source>
      <translation>Dossiers</translation>
    </message>
    <message>
      <source>Bản quét</source>
      <translation>Scans</translation>
    </message>
    <message>
      <source>Cách sao lưu</source>
      <translation>Made</translation>
    </message>
    <message>
      <source>Phiên bản</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>Tìm trong:</source>
      <translation>Look in:</translation>
    </message>
    <message>
      <source>Khóa sao lưu (in khi tạo không gian làm việc):</source>
      <translation>Backup key (printed when the workspace was made):</translation>
    </message>
    <message>
      <source>Mật khẩu của bạn (%1):</source>
      <translation>Your password (%1):</translation>
    </message>
    <message>
      <source>Bản sao lưu được kiểm tra toàn bộ trước khi thay thế. Không gian làm việc hiện tại được giữ nguyên trong một thư mục bên cạnh (…before-restore-…), không bị xóa.</source>
      <translation>The whole backup is checked before anything is replaced. The current workspace is kept as it is in a folder beside it (…before-restore-…), not deleted.</translation>
    </message>
    <message>
      <source>Khôi phục</source>
      <translation>Restore</translation>
    </message>
    <message>
      <source>Đang tìm bản sao lưu…</source>
      <translation>Looking for backups…</translation>
    </message>
    <message>
      <source>Tự động</source>
      <translation>Automatic</translation>
    </message>
    <message>
      <source>Thủ công</source>
      <translation>By hand</translation>
    </message>
    <message>
      <source>Không có bản sao lưu LandDesk nào trong thư mục này.</source>
      <translation>No LandDesk backup in this folder.</translation>
    </message>
    <message>
      <source>Bản sao lưu ngày &lt;b&gt;%1&lt;/b&gt; của &lt;b&gt;%2&lt;/b&gt;, tạo bởi %3 bằng LandDesk %4.</source>
      <translation>Backup of &lt;b&gt;%1&lt;/b&gt; of &lt;b&gt;%2&lt;/b&gt;, made by %3 with LandDesk %4.</translation>
    </message>
    <message>
      <source>Gồm %1 hồ sơ, %2 lượt chủ sử dụng, %3 người dùng, %4 tệp bản quét.</source>
      <translation>Holds %1 dossiers, %2 holder links, %3 users, %4 scan files.</translation>
    </message>
    <message>
      <source>Đã mã hóa: cần khóa sao lưu.</source>
      <translation>Encrypted: the backup key is needed.</translation>
    </message>
    <message>
      <source>Bản cũ không mã hóa: không gian làm việc sẽ nhận khóa sao lưu mới.</source>
      <translation>An older, unencrypted backup: the workspace will get a new backup key.</translation>
    </message>
    <message>
      <source>Đây là bản sao lưu của một xã khác với xã đang mở: khôi phục sẽ thay toàn bộ dữ liệu bằng dữ liệu của xã đó.</source>
      <translation>This backup is of another commune than the one open: restoring replaces all the data with that commune's.</translation>
    </message>
    <message>
      <source>Bản sao lưu từ một không gian làm việc khác của cùng xã.</source>
      <translation>A backup of another workspace of the same commune.</translation>
    </message>
  </context>
  <context>
    <name>ReviewView</name>
    <message>
      <source>Vấn đề dữ liệu</source>
      <translation>Data problems</translation>
    </message>
    <message>
      <source>Xác thực dân cư</source>
      <translation>Population-data verification</translation>
    </message>
    <message>
      <source>Nhập liệu hai lần</source>
      <translation>Double entry</translation>
    </message>
    <message>
      <source>Kiểm tra lại</source>
      <translation>Check again</translation>
    </message>
    <message>
      <source>Tính nhóm thửa</source>
      <translation>Compute parcel groups</translation>
    </message>
    <message>
      <source>Chuẩn hóa họ tên</source>
      <translation>Normalise names</translation>
    </message>
    <message>
      <source>Chuyển mã loại đất cũ</source>
      <translation>Convert legacy land-use codes</translation>
    </message>
    <message>
      <source>Bổ sung địa chỉ 2 cấp</source>
      <translation>Fill in 2-level addresses</translation>
    </message>
    <message>
      <source>Dữ liệu đã thay đổi từ lần kiểm tra trước: bấm Kiểm tra lại để cập nhật.</source>
      <translation>The data changed since the last check: press Check again to update.</translation>
    </message>
    <message>
      <source>Vấn đề</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>Số lượng</source>
      <translation>Count</translation>
    </message>
    <message>
      <source>Chọn một vấn đề để sửa.</source>
      <translation>Choose a problem to fix.</translation>
    </message>
    <message>
      <source>Lưu giá trị</source>
      <translation>Save value</translation>
    </message>
    <message>
      <source>Mở hồ sơ</source>
      <translation>Open dossier</translation>
    </message>
    <message>
      <source>Chọn hồ sơ nhập lần hai...</source>
      <translation>Choose dossiers for second entry...</translation>
    </message>
    <message>
      <source>Nhập liệu lần hai...</source>
      <translation>Second entry...</translation>
    </message>
    <message>
      <source>Trường</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>Lần một</source>
      <translation>First entry</translation>
    </message>
    <message>
      <source>Lần hai</source>
      <translation>Second entry</translation>
    </message>
    <message>
      <source>Giữ giá trị lần một</source>
      <translation>Keep the first value</translation>
    </message>
    <message>
      <source>Lấy giá trị lần hai</source>
      <translation>Take the second value</translation>
    </message>
    <message>
      <source>Đang kiểm tra dữ liệu...</source>
      <translation>Checking the data...</translation>
    </message>
    <message>
      <source>Sửa trong hồ sơ (nút Mở hồ sơ).</source>
      <translation>Fix it in the dossier (Open dossier button).</translation>
    </message>
    <message>
      <source>Đang tính nhóm thửa...</source>
      <translation>Computing parcel groups...</translation>
    </message>
    <message>
      <source>Không có gì cần sửa.</source>
      <translation>Nothing to fix.</translation>
    </message>
    <message>
      <source>Tỷ lệ hồ sơ cần nhập lần hai (%):</source>
      <translation>Share of dossiers to enter twice (%):</translation>
    </message>
    <message>
      <source>Không còn hồ sơ nào chờ bạn nhập lần hai.</source>
      <translation>No dossier is waiting for your second entry.</translation>
    </message>
  </context>
  <context>
    <name>RoleDialog</name>
    <message>
      <source>Đổi vai trò</source>
      <translation>Change the role</translation>
    </message>
    <message>
      <source>Người dùng:</source>
      <translation>User:</translation>
    </message>
    <message>
      <source>Vai trò:</source>
      <translation>Role:</translation>
    </message>
    <message>
      <source>Cán bộ nhập liệu: nhập và sửa hồ sơ, bản quét.
Giám sát: thêm việc kiểm tra, xác thực, sửa hàng loạt, gửi tỉnh, xóa hồ sơ.
Chỉ xem: xem và in, không sửa.
Quản trị: mọi việc, cả người dùng, khôi phục và hồ sơ tỉnh.</source>
      <translation>Officer: enters and edits dossiers and scans.
Supervisor: also checks, verifies, bulk fixes, sends to the province, deletes dossiers.
Viewer: sees and prints, changes nothing.
Administrator: everything, users, restore and the province profile included.</translation>
    </message>
  </context>
  <context>
    <name>Scans</name>
    <message>
      <source>Hồ sơ</source>
      <translation>Dossier</translation>
    </message>
    <message>
      <source>Trang</source>
      <translation>Page</translation>
    </message>
    <message>
      <source>Vấn đề</source>
      <translation>Problem</translation>
    </message>
    <message>
      <source>Quét từ máy quét mạng</source>
      <translation>Scan from a network scanner</translation>
    </message>
    <message>
      <source>Bản quét</source>
      <translation>Scans</translation>
    </message>
    <message>
      <source>Khôi phục</source>
      <translation>Restore</translation>
    </message>
    <message>
      <source>Gán vào hồ sơ…</source>
      <translation>Assign to dossier…</translation>
    </message>
    <message>
      <source>Loại giấy tờ:</source>
      <translation>Document kind:</translation>
    </message>
    <message>
      <source>Chụp bằng điện thoại…</source>
      <translation>Capture with a phone…</translation>
    </message>
    <message>
      <source>Quét từ máy quét mạng…</source>
      <translation>Scan from a network scanner…</translation>
    </message>
    <message>
      <source>HS {num} · {kind} {n}</source>
      <translation>Dossier {num} · {kind} {n}</translation>
    </message>
    <message>
      <source>Số trang: </source>
      <translation>Pages: </translation>
    </message>
    <message>
      <source>Thùng rác trống.</source>
      <translation>The trash is empty.</translation>
    </message>
    <message>
      <source>Không có trang nào chờ gán hồ sơ: mọi trang quét đã thuộc một hồ sơ.</source>
      <translation>No pages waiting for a dossier: every scanned page belongs to one.</translation>
    </message>
    <message>
      <source>Chưa chọn thư mục</source>
      <translation>No folder chosen</translation>
    </message>
    <message>
      <source>Chọn thư mục…</source>
      <translation>Choose folder…</translation>
    </message>
    <message>
      <source>Bắt đầu theo dõi</source>
      <translation>Start watching</translation>
    </message>
    <message>
      <source>Máy quét ghi tệp vào thư mục này; tệp được nhận khi đã ghi xong, rồi chuyển sang done/ (hoặc failed/ kèm lý do). Tờ bìa có mã QR chia tập quét theo hồ sơ; các trang trước tờ bìa đầu tiên vào khay chưa gán.</source>
      <translation>The scanner writes files into this folder; a file is taken once fully written, then moved to done/ (or failed/ with the reason). QR cover sheets split a batch by dossier; pages before the first cover sheet go to the unassigned tray.</translation>
    </message>
    <message>
      <source>Thư mục máy quét ghi vào</source>
      <translation>Folder the scanner writes to</translation>
    </message>
    <message>
      <source>Dừng theo dõi</source>
      <translation>Stop watching</translation>
    </message>
    <message>
      <source>Đang theo dõi</source>
      <translation>Watching</translation>
    </message>
    <message>
      <source>Đã dừng</source>
      <translation>Stopped</translation>
    </message>
    <message numerus="yes">
      <source>{n} trang</source>
      <translation>
        <numerusform>{n} page</numerusform>
        <numerusform>{n} pages</numerusform>
      </translation>
    </message>
    <message>
      <source>hồ sơ</source>
      <translation>dossier</translation>
    </message>
    <message numerus="yes">
      <source>{n} trang vào khay chưa gán</source>
      <translation>
        <numerusform>{n} page to the unassigned tray</numerusform>
        <numerusform>{n} pages to the unassigned tray</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Lần xử lý gần nhất: {n} tệp</source>
      <translation>
        <numerusform>Last run: {n} file</numerusform>
        <numerusform>Last run: {n} files</numerusform>
      </translation>
    </message>
    <message>
      <source>Giấy tờ</source>
      <translation>Document</translation>
    </message>
    <message>
      <source>chưa gán</source>
      <translation>unassigned</translation>
    </message>
    <message>
      <source>Trang có vấn đề chất lượng: </source>
      <translation>Pages with quality problems: </translation>
    </message>
    <message>
      <source>nhấp đúp để mở hồ sơ</source>
      <translation>double-click to open the dossier</translation>
    </message>
    <message>
      <source>Khay chưa gán hồ sơ</source>
      <translation>Unassigned tray</translation>
    </message>
    <message>
      <source>Thư mục máy quét</source>
      <translation>Scanner folder</translation>
    </message>
    <message>
      <source>Chất lượng bản quét</source>
      <translation>Scan quality</translation>
    </message>
    <message>
      <source>Thùng rác</source>
      <translation>Trash</translation>
    </message>
    <message>
      <source>In tờ bìa cho các hồ sơ chưa quét</source>
      <translation>Print cover sheets for dossiers not yet scanned</translation>
    </message>
    <message>
      <source>Đã ghi {n} tờ bìa vào {p}</source>
      <translation>Wrote {n} cover sheets to {p}</translation>
    </message>
    <message>
      <source>Thư mục nhận tệp PDF bản quét</source>
      <translation>Folder for the scan PDFs</translation>
    </message>
    <message>
      <source>Đang xuất PDF…</source>
      <translation>Exporting PDFs…</translation>
    </message>
    <message>
      <source>Đã xuất {n} tệp PDF ({mb} MB)</source>
      <translation>Exported {n} PDF files ({mb} MB)</translation>
    </message>
    <message>
      <source>In tờ bìa quét cho hồ sơ chưa quét…</source>
      <translation>Print scan cover sheets for dossiers not yet scanned…</translation>
    </message>
    <message>
      <source>Xuất PDF bản quét…</source>
      <translation>Export scan PDFs…</translation>
    </message>
    <message>
      <source>Xem trang quét</source>
      <translation>Scanned page</translation>
    </message>
    <message>
      <source>◀ Trang trước</source>
      <translation>◀ Previous page</translation>
    </message>
    <message>
      <source>Trang sau ▶</source>
      <translation>Next page ▶</translation>
    </message>
    <message>
      <source>Phóng to +</source>
      <translation>Zoom in +</translation>
    </message>
    <message>
      <source>Thu nhỏ −</source>
      <translation>Zoom out −</translation>
    </message>
    <message>
      <source>Vừa màn hình (0)</source>
      <translation>Fit the screen (0)</translation>
    </message>
    <message>
      <source>Vừa chiều ngang (W)</source>
      <translation>Fit the width (W)</translation>
    </message>
    <message>
      <source>Xoay trái (L)</source>
      <translation>Rotate left (L)</translation>
    </message>
    <message>
      <source>Xoay phải (R)</source>
      <translation>Rotate right (R)</translation>
    </message>
    <message>
      <source>Đóng (Esc)</source>
      <translation>Close (Esc)</translation>
    </message>
    <message>
      <source>Khác</source>
      <translation>Other</translation>
    </message>
    <message>
      <source>{kind} — trang {n}</source>
      <translation>{kind} — page {n}</translation>
    </message>
    <message>
      <source>Chuyển sang hồ sơ khác</source>
      <translation>Move to another dossier</translation>
    </message>
    <message>
      <source>Số hồ sơ:</source>
      <translation>Dossier no.:</translation>
    </message>
    <message>
      <source>Loại giấy tờ cho các trang thêm vào</source>
      <translation>Document kind for the added pages</translation>
    </message>
    <message>
      <source>Thêm trang</source>
      <translation>Add pages</translation>
    </message>
    <message>
      <source>Thêm trang từ tệp (hoặc kéo thả tệp vào danh sách)</source>
      <translation>Add pages from files (or drop files on the list)</translation>
    </message>
    <message>
      <source>Toàn màn hình</source>
      <translation>Full screen</translation>
    </message>
    <message>
      <source>Xem trang toàn màn hình (F11 hoặc nháy đúp vào trang)</source>
      <translation>View the page full screen (F11 or double-click the page)</translation>
    </message>
    <message>
      <source>Xoay trái</source>
      <translation>Rotate left</translation>
    </message>
    <message>
      <source>Xoay phải</source>
      <translation>Rotate right</translation>
    </message>
    <message>
      <source>Chuyển…</source>
      <translation>Move…</translation>
    </message>
    <message>
      <source>Chuyển trang…</source>
      <translation>Move page…</translation>
    </message>
    <message>
      <source>Xóa</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>Xóa trang (vào thùng rác)</source>
      <translation>Delete page (to the trash)</translation>
    </message>
    <message>
      <source>Điện thoại</source>
      <translation>Phone</translation>
    </message>
    <message>
      <source>Chụp bằng điện thoại (qua mạng văn phòng)</source>
      <translation>Capture with a phone (over the office network)</translation>
    </message>
    <message>
      <source>Máy quét mạng</source>
      <translation>Network scanner</translation>
    </message>
    <message>
      <source>Vừa khung</source>
      <translation>Fit</translation>
    </message>
    <message>
      <source>Vừa khung: cả trang / vừa chiều ngang</source>
      <translation>Fit: whole page / page width</translation>
    </message>
    <message>
      <source>Phóng to</source>
      <translation>Zoom in</translation>
    </message>
    <message>
      <source>Phóng to (Ctrl+lăn chuột)</source>
      <translation>Zoom in (Ctrl+mouse wheel)</translation>
    </message>
    <message>
      <source>Thu nhỏ</source>
      <translation>Zoom out</translation>
    </message>
    <message>
      <source>Bản quét (lưu hồ sơ trước khi thêm trang)</source>
      <translation>Scans (save the dossier before adding pages)</translation>
    </message>
    <message>
      <source>Thiếu tệp ảnh</source>
      <translation>Image file missing</translation>
    </message>
    <message>
      <source>Bản quét — {pages}</source>
      <translation>Scans — {pages}</translation>
    </message>
    <message>
      <source>Bản quét — chưa có trang</source>
      <translation>Scans — no pages yet</translation>
    </message>
    <message>
      <source>Kéo thả ảnh quét vào đây hoặc bấm “Thêm trang”.</source>
      <translation>Drop scanned images here or click “Add pages”.</translation>
    </message>
    <message>
      <source>Thêm trang quét</source>
      <translation>Add scanned pages</translation>
    </message>
    <message>
      <source>Đang thêm trang quét…</source>
      <translation>Adding scanned pages…</translation>
    </message>
    <message>
      <source>Trang gần giống trang đã có: </source>
      <translation>Page nearly the same as an existing one: </translation>
    </message>
    <message>
      <source>Chuyển sang: </source>
      <translation>Move to: </translation>
    </message>
    <message>
      <source>Chuyển sang hồ sơ khác…</source>
      <translation>Move to another dossier…</translation>
    </message>
    <message>
      <source>Trả về khay chưa gán</source>
      <translation>Back to the unassigned tray</translation>
    </message>
  </context>
  <context>
    <name>SendDialog</name>
    <message>
      <source>Gửi dữ liệu lên tỉnh</source>
      <translation>Send to the province</translation>
    </message>
    <message>
      <source>Gói số %1: %2 hồ sơ thay đổi, %3 hồ sơ đã xóa, %4 ảnh quét; khoảng %5.</source>
      <translation>Package %1: %2 changed dossiers, %3 deletions, %4 scans; about %5.</translation>
    </message>
    <message>
      <source>Mã hóa gói cho tỉnh</source>
      <translation>Encrypt the package for the province</translation>
    </message>
    <message>
      <source>Tôi hiểu: gửi gói không mã hóa</source>
      <translation>I understand: send the package unencrypted</translation>
    </message>
    <message>
      <source>Gói được mã hóa cho &lt;b&gt;%1&lt;/b&gt; (khóa tỉnh %2): chỉ tỉnh mở được.</source>
      <translation>The package is encrypted for &lt;b&gt;%1&lt;/b&gt; (province key %2): only the province can open it.</translation>
    </message>
    <message>
      <source>&lt;b&gt;Gói sẽ KHÔNG được mã hóa&lt;/b&gt;: chưa nhập hồ sơ tỉnh (có khóa mã hóa của tỉnh). Gói chứa số CCCD, ngày sinh và địa chỉ của công dân: ai cầm được USB là đọc được. Hãy nhập hồ sơ tỉnh trước khi gửi.</source>
      <translation>&lt;b&gt;The package will NOT be encrypted&lt;/b&gt;: no province profile (with the province's encryption key) has been imported. The package holds citizens' ID numbers, birth dates and addresses: whoever holds the USB stick can read them. Import the province profile before sending.</translation>
    </message>
    <message>
      <source>%1 ảnh quét bị thiếu, %2 ảnh bị hỏng (sai mã băm): không xuất được gói. Hãy quét lại hoặc khôi phục các ảnh đó trước.</source>
      <translation>%1 scans are missing and %2 damaged (wrong hash): the package cannot be exported. Scan or restore them first.</translation>
    </message>
    <message>
      <source>%1 hồ sơ còn lỗi: tỉnh sẽ trả lại. Bấm vào một hồ sơ để mở và sửa.</source>
      <translation>%1 dossiers still have errors: the province will return them. Click one to open and fix it.</translation>
    </message>
    <message>
      <source>(%1 hồ sơ đầu)</source>
      <translation>(the first %1)</translation>
    </message>
    <message>
      <source>Số HS</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>Số phát hành</source>
      <translation>Serial</translation>
    </message>
    <message>
      <source>Chủ sử dụng</source>
      <translation>Holders</translation>
    </message>
    <message>
      <source>Lỗi</source>
      <translation>Errors</translation>
    </message>
    <message>
      <source>Thư mục outbox của không gian làm việc</source>
      <translation>The workspace's outbox folder</translation>
    </message>
    <message>
      <source>Chọn USB hoặc thư mục để ghi gói vào</source>
      <translation>Choose the USB stick or folder to write the package to</translation>
    </message>
    <message>
      <source>Lần trước</source>
      <translation>Last time</translation>
    </message>
    <message>
      <source>Mỗi tệp dưới 4 GB (USB định dạng FAT32)</source>
      <translation>Each file under 4 GB (a FAT32 USB stick)</translation>
    </message>
    <message>
      <source>Mỗi tệp tối đa 2 GB</source>
      <translation>Each file at most 2 GB</translation>
    </message>
    <message>
      <source>Mỗi tệp tối đa 20 MB (gửi qua Zalo, thư điện tử)</source>
      <translation>Each file at most 20 MB (Zalo, e-mail)</translation>
    </message>
    <message>
      <source>Một tệp, không chia</source>
      <translation>One file, not split</translation>
    </message>
    <message>
      <source>Ghi vào:</source>
      <translation>Write to:</translation>
    </message>
    <message>
      <source>Chia tệp:</source>
      <translation>Split:</translation>
    </message>
    <message>
      <source>Xuất gói</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>Nhập hồ sơ tỉnh…</source>
      <translation>Import the province profile…</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Cài đặt</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>Ngôn ngữ giao diện:</source>
      <translation>Interface language:</translation>
    </message>
    <message>
      <source> phút</source>
      <translation> min</translation>
    </message>
    <message>
      <source>Không khóa</source>
      <translation>Never lock</translation>
    </message>
    <message>
      <source>Khóa màn hình khi không dùng sau:</source>
      <translation>Lock the screen when idle for:</translation>
    </message>
  </context>
  <context>
    <name>SetupWizard</name>
    <message>
      <source>LandDesk — thiết lập lần đầu</source>
      <translation>LandDesk — first-time set-up</translation>
    </message>
    <message>
      <source>Máy trạm của xã… (mở tệp đăng ký)</source>
      <translation>A commune workstation… (open its enrolment file)</translation>
    </message>
  </context>
  <context>
    <name>Startup</name>
    <message>
      <source>Thư mục làm việc này đang được mở trong một cửa sổ LandDesk khác.</source>
      <translation>This workspace is already open in another LandDesk window.</translation>
    </message>
  </context>
  <context>
    <name>StationJoinDialog</name>
    <message>
      <source>Máy trạm của xã — mở tệp đăng ký</source>
      <translation>Commune workstation — open the enrolment file</translation>
    </message>
    <message>
      <source>Máy chính của xã đã đăng ký máy này và ghi một tệp đăng ký (.ldpkg). Chọn tệp đó; một người dùng được phép ở máy trạm này mở nó bằng tên và mật khẩu của mình.</source>
      <translation>The commune's main PC enrolled this PC and wrote an enrolment file (.ldpkg). Choose that file; a user allowed on this workstation opens it with their own name and password.</translation>
    </message>
    <message>
      <source>Chọn…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>Tệp đăng ký:</source>
      <translation>Enrolment file:</translation>
    </message>
    <message>
      <source>Thư mục làm việc:</source>
      <translation>Workspace folder:</translation>
    </message>
    <message>
      <source>Tên đăng nhập:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <source>Mật khẩu:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <source>Chọn tệp đăng ký máy trạm</source>
      <translation>Choose the workstation's enrolment file</translation>
    </message>
    <message>
      <source>Gói LandDesk (*.ldpkg)</source>
      <translation>LandDesk packages (*.ldpkg)</translation>
    </message>
  </context>
  <context>
    <name>Sync</name>
    <message>
      <source>Đã quét</source>
      <translation>Scanned</translation>
    </message>
    <message>
      <source>Đã nhập</source>
      <translation>Entered</translation>
    </message>
    <message>
      <source>Đã xác thực</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>Hồ sơ</source>
      <translation>Records</translation>
    </message>
    <message>
      <source>Bàn làm việc tỉnh</source>
      <translation>Province desk</translation>
    </message>
    <message>
      <source>Xử lý xung đột</source>
      <translation>Resolve conflict</translation>
    </message>
    <message>
      <source>Hồ sơ {id} của xã {c}: trường '{f}' bị sửa ở cả tỉnh và xã.</source>
      <translation>Dossier {id} of commune {c}: field '{f}' was changed both at the province and in the commune.</translation>
    </message>
    <message>
      <source>Giá trị của tỉnh</source>
      <translation>Province value</translation>
    </message>
    <message>
      <source>Giá trị của xã</source>
      <translation>Commune value</translation>
    </message>
    <message>
      <source>Giữ giá trị của tỉnh</source>
      <translation>Keep the province value</translation>
    </message>
    <message>
      <source>Lấy giá trị của xã</source>
      <translation>Take the commune value</translation>
    </message>
    <message>
      <source>số seri GCN</source>
      <translation>certificate serial</translation>
    </message>
    <message>
      <source>số CCCD</source>
      <translation>citizen ID</translation>
    </message>
    <message>
      <source>thửa đất</source>
      <translation>parcel</translation>
    </message>
    <message>
      <source>Hồ sơ {id} của xã {c} trùng {k} với hồ sơ {o} của xã {oc}.</source>
      <translation>Dossier {id} of commune {c} has the same {k} as dossier {o} of commune {oc}.</translation>
    </message>
    <message>
      <source>Không trùng, giữ cả hai</source>
      <translation>Not a duplicate, keep both</translation>
    </message>
    <message>
      <source>Trả lại hồ sơ cho xã</source>
      <translation>Return the dossier to the commune</translation>
    </message>
    <message>
      <source>Gói {kind} của xã {commune}, số {seq}: {n} hồ sơ, {s} ảnh quét, {v} tập{enc}.

{files}</source>
      <translation>Package ({kind}) of commune {commune}, number {seq}: {n} dossiers, {s} scans, {v} volume(s){enc}.

{files}</translation>
    </message>
    <message>
      <source>, đã mã hóa cho tỉnh</source>
      <translation>, encrypted for the province</translation>
    </message>
    <message>
      <source>Gói đồng bộ</source>
      <translation>Sync package</translation>
    </message>
    <message>
      <source>Nhập gói của xã…</source>
      <translation>Import commune packages…</translation>
    </message>
    <message>
      <source>Xuất báo cáo tiến độ…</source>
      <translation>Export progress report…</translation>
    </message>
    <message>
      <source>Chọn thư mục bàn làm việc của tỉnh</source>
      <translation>Choose the province desk folder</translation>
    </message>
    <message>
      <source>Mã xã</source>
      <translation>Commune code</translation>
    </message>
    <message>
      <source>Chưa mở bàn làm việc của tỉnh.</source>
      <translation>No province desk is open.</translation>
    </message>
    <message>
      <source>Đăng nhập…</source>
      <translation>Log in…</translation>
    </message>
    <message>
      <source>Mở bàn làm việc tỉnh…</source>
      <translation>Open province desk…</translation>
    </message>
    <message>
      <source>Tên xã</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Chỉ tiêu</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>Đã thu</source>
      <translation>Collected</translation>
    </message>
    <message>
      <source>Sai thông tin</source>
      <translation>Incorrect</translation>
    </message>
    <message>
      <source>Cần công an</source>
      <translation>Needs police</translation>
    </message>
    <message>
      <source>Tỉnh đã nhận</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>% chỉ tiêu</source>
      <translation>% of target</translation>
    </message>
    <message>
      <source>Nhóm tiến độ</source>
      <translation>Progress band</translation>
    </message>
    <message>
      <source>Ngày từ gói cuối</source>
      <translation>Days since last package</translation>
    </message>
    <message>
      <source>Loại</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Xã</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Trường / trùng với</source>
      <translation>Field / duplicate of</translation>
    </message>
    <message>
      <source>Xử lý xung đột đã chọn…</source>
      <translation>Resolve the selected conflict…</translation>
    </message>
    <message>
      <source>Tiến độ các xã</source>
      <translation>Communes' progress</translation>
    </message>
    <message>
      <source>Hàng đợi xung đột</source>
      <translation>Conflict queue</translation>
    </message>
    <message>
      <source>Hồ sơ các xã</source>
      <translation>Communes' dossiers</translation>
    </message>
    <message>
      <source>Khóa ký của các xã</source>
      <translation>Commune signing keys</translation>
    </message>
    <message>
      <source>{name} — chưa đăng nhập</source>
      <translation>{name} — not logged in</translation>
    </message>
    <message>
      <source>{name} — khóa tỉnh {fp} — {user} ({role})</source>
      <translation>{name} — province key {fp} — {user} ({role})</translation>
    </message>
    <message>
      <source>Đã thu {c}/{t}; tỉnh đã nhận {a}; {q} xung đột chờ xử lý.</source>
      <translation>Collected {c}/{t}; accepted by the province {a}; {q} conflicts waiting.</translation>
    </message>
    <message>
      <source>Đã thu {c} (chưa đặt chỉ tiêu); tỉnh đã nhận {a}; {q} xung đột chờ xử lý.</source>
      <translation>Collected {c} (no targets set yet); accepted by the province {a}; {q} conflicts waiting.</translation>
    </message>
    <message>
      <source>Chọn các gói của xã</source>
      <translation>Choose commune packages</translation>
    </message>
    <message>
      <source>TỪ CHỐI: {e}</source>
      <translation>REFUSED: {e}</translation>
    </message>
    <message>
      <source>đã nhập</source>
      <translation>imported</translation>
    </message>
    <message>
      <source>đã nhập trước đây, không thay đổi gì</source>
      <translation>already imported, nothing changed</translation>
    </message>
    <message>
      <source>Xã {c} gói {s}: {st}; nhận {a}, trả lại {r}, xung đột {k}, trùng {d}.</source>
      <translation>Commune {c} package {s}: {st}; accepted {a}, returned {r}, conflicts {k}, duplicates {d}.</translation>
    </message>
    <message>
      <source>Nhập gói</source>
      <translation>Import packages</translation>
    </message>
    <message>
      <source>Đang nhập gói…</source>
      <translation>Importing packages…</translation>
    </message>
    <message>
      <source>Lưu báo cáo tiến độ</source>
      <translation>Save the progress report</translation>
    </message>
    <message>
      <source>Bàn làm việc của tỉnh mở trong cửa sổ riêng, với tài khoản của tỉnh</source>
      <translation>The province desk opens in a window of its own, with a province account</translation>
    </message>
    <message>
      <source>Đang xuất gói…</source>
      <translation>Exporting the package…</translation>
    </message>
    <message>
      <source>Đang kiểm tra trước khi gửi…</source>
      <translation>Checking before sending…</translation>
    </message>
    <message>
      <source>Gửi lại gói đã xuất</source>
      <translation>Resend an exported package</translation>
    </message>
    <message>
      <source>Số thứ tự của gói cần gửi lại:</source>
      <translation>Number of the package to resend:</translation>
    </message>
    <message>
      <source>Chọn thư mục để chép gói vào</source>
      <translation>Choose the folder to copy the package to</translation>
    </message>
    <message>
      <source>Đã chép lại gói</source>
      <translation>Package copied again</translation>
    </message>
    <message>
      <source>Gói số {seq}, đúng như lần xuất đầu:

{paths}</source>
      <translation>Package {seq}, exactly as first exported:

{paths}</translation>
    </message>
    <message>
      <source>Chọn biên nhận của tỉnh (có thể chọn nhiều tệp)</source>
      <translation>Choose the province's receipts (several files may be chosen)</translation>
    </message>
    <message>
      <source>Biên nhận LandDesk (*.ldpkg)</source>
      <translation>LandDesk receipts (*.ldpkg)</translation>
    </message>
    <message>
      <source>{f}: KHÔNG áp dụng — {e}</source>
      <translation>{f}: NOT applied — {e}</translation>
    </message>
    <message>
      <source>{f}: gói số {s}, tỉnh nhận {a}, trả lại {r}, xung đột {c}, trùng {d}.</source>
      <translation>{f}: package {s}, the province accepted {a}, returned {r}, conflicts {c}, duplicates {d}.</translation>
    </message>
    <message>
      <source>(đã áp dụng trước đây)</source>
      <translation>(applied before)</translation>
    </message>
    <message>
      <source>Biên nhận của tỉnh</source>
      <translation>Province receipt</translation>
    </message>
    <message>
      <source>Đang áp dụng biên nhận…</source>
      <translation>Applying the receipts…</translation>
    </message>
    <message>
      <source>Chọn tệp hồ sơ tỉnh (tỉnh gửi cho xã)</source>
      <translation>Choose the province profile file (the province sends it to the commune)</translation>
    </message>
    <message>
      <source>Hồ sơ tỉnh LandDesk (*.ldpkg)</source>
      <translation>LandDesk province profile (*.ldpkg)</translation>
    </message>
    <message>
      <source>Hồ sơ tỉnh</source>
      <translation>Province profile</translation>
    </message>
    <message>
      <source>Đã nhập hồ sơ {name}. Từ nay gói gửi tỉnh được mã hóa cho tỉnh. Dấu vân tay khóa tỉnh:
{fp}</source>
      <translation>Imported the profile of {name}. From now on packages are encrypted for the province. The province key's fingerprint:
{fp}</translation>
    </message>
    <message>
      <source>Hồ sơ tỉnh này được ký bằng một khóa MỚI, khác khóa đã nhập trước đây. Hãy gọi điện cho tỉnh và đọc dấu vân tay dưới đây để đối chiếu; chỉ thay khi tỉnh xác nhận đúng.

{fp}

Thay bằng khóa mới?</source>
      <translation>This province profile is signed with a NEW key, not the one imported before. Call the province and read them the fingerprint below; replace it only when they confirm it.

{fp}

Replace with the new key?</translation>
    </message>
    <message>
      <source>Khóa ký của xã</source>
      <translation>Commune signing key</translation>
    </message>
    <message>
      <source>Đọc dấu vân tay này cho cán bộ tỉnh để đối chiếu:

{fp}</source>
      <translation>Read this fingerprint to the province officer to compare:

{fp}</translation>
    </message>
    <message>
      <source>Gửi dữ liệu lên tỉnh…</source>
      <translation>Send to the province…</translation>
    </message>
    <message>
      <source>Gửi lại một gói đã xuất…</source>
      <translation>Resend an exported package…</translation>
    </message>
    <message>
      <source>Áp dụng biên nhận của tỉnh…</source>
      <translation>Apply the province's receipt…</translation>
    </message>
    <message>
      <source>Nhập hồ sơ tỉnh…</source>
      <translation>Import province profile…</translation>
    </message>
    <message>
      <source>Dấu vân tay khóa ký của xã…</source>
      <translation>Commune signing key fingerprint…</translation>
    </message>
  </context>
  <context>
    <name>TargetDialog</name>
    <message>
      <source>Chỉ tiêu của xã</source>
      <translation>The commune's target</translation>
    </message>
    <message>
      <source>Số Giấy chứng nhận xã phải thu nhận trong chiến dịch (theo kế hoạch của tỉnh). Bảng tiến độ và báo cáo so sánh với số này.</source>
      <translation>The number of certificates the commune must collect in the campaign (from the province's plan). The progress view and the report compare against it.</translation>
    </message>
    <message>
      <source> GCN</source>
      <translation> certificates</translation>
    </message>
    <message>
      <source>Chỉ tiêu:</source>
      <translation>Target:</translation>
    </message>
  </context>
  <context>
    <name>UnsavedDialog</name>
    <message>
      <source>%1 có thay đổi chưa lưu.</source>
      <translation>%1 has unsaved changes.</translation>
    </message>
    <message>
      <source>Lưu các thay đổi trước khi rời hồ sơ này?</source>
      <translation>Save the changes before leaving this dossier?</translation>
    </message>
    <message>
      <source>&amp;Lưu</source>
      <translation>&amp;Save</translation>
    </message>
    <message>
      <source>&amp;Bỏ thay đổi</source>
      <translation>&amp;Discard changes</translation>
    </message>
    <message>
      <source>&amp;Hủy</source>
      <translation>&amp;Cancel</translation>
    </message>
  </context>
  <context>
    <name>UsersDialog</name>
    <message>
      <source>Người dùng và vai trò</source>
      <translation>Users and roles</translation>
    </message>
    <message>
      <source>Tên đăng nhập</source>
      <translation>User name</translation>
    </message>
    <message>
      <source>Họ và tên</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>Vai trò</source>
      <translation>Role</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Thêm người dùng…</source>
      <translation>Add a user…</translation>
    </message>
    <message>
      <source>Đặt lại mật khẩu…</source>
      <translation>Reset the password…</translation>
    </message>
    <message>
      <source>Đổi vai trò…</source>
      <translation>Change the role…</translation>
    </message>
    <message>
      <source>Khóa tài khoản</source>
      <translation>Disable the account</translation>
    </message>
    <message>
      <source>Chỉ quản trị viên thay đổi được người dùng. Tài khoản bị khóa không đăng nhập được nhưng vẫn giữ trong nhật ký thay đổi; luôn phải còn một quản trị viên đang hoạt động.</source>
      <translation>Only administrators change users. A disabled account cannot log in but stays in the audit trail; one active administrator must always remain.</translation>
    </message>
    <message>
      <source>Đang hoạt động</source>
      <translation>Active</translation>
    </message>
    <message>
      <source>Đã khóa</source>
      <translation>Disabled</translation>
    </message>
    <message>
      <source>tạm khóa do nhập sai mật khẩu</source>
      <translation>locked after wrong passwords</translation>
    </message>
    <message>
      <source>Mở lại tài khoản</source>
      <translation>Enable the account</translation>
    </message>
    <message>
      <source>Khóa tài khoản %1? Người này sẽ không đăng nhập được nữa.</source>
      <translation>Disable the account %1? This person will no longer be able to log in.</translation>
    </message>
  </context>
  <context>
    <name>VerificationTab</name>
    <message>
      <source>Tạo danh sách gửi công an...</source>
      <translation>Write the list for the police...</translation>
    </message>
    <message>
      <source>Nhập kết quả của công an...</source>
      <translation>Import the police's answers...</translation>
    </message>
    <message>
      <source>Đối chiếu tệp trích xuất dân cư...</source>
      <translation>Match a population extract...</translation>
    </message>
    <message>
      <source>Đơn vị đếm</source>
      <translation>Counted</translation>
    </message>
    <message>
      <source>Đã xác thực</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>Chưa chính xác</source>
      <translation>Incorrect</translation>
    </message>
    <message>
      <source>Cần công an</source>
      <translation>Needs police</translation>
    </message>
    <message>
      <source>Chưa đối chiếu</source>
      <translation>Not checked</translation>
    </message>
    <message>
      <source>Tổng</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>Khác biệt cần xử lý</source>
      <translation>Differences to handle</translation>
    </message>
    <message>
      <source>Đề xuất làm giàu dữ liệu</source>
      <translation>Enrichment proposals</translation>
    </message>
    <message>
      <source>Chủ sử dụng</source>
      <translation>Holder</translation>
    </message>
    <message>
      <source>Trên hồ sơ</source>
      <translation>In the dossier</translation>
    </message>
    <message>
      <source>Theo dữ liệu dân cư</source>
      <translation>Population data</translation>
    </message>
    <message>
      <source>Sửa theo dữ liệu dân cư</source>
      <translation>Correct from the population data</translation>
    </message>
    <message>
      <source>Giữ nguyên hồ sơ</source>
      <translation>Keep the dossier as it is</translation>
    </message>
    <message>
      <source>Mở hồ sơ</source>
      <translation>Open dossier</translation>
    </message>
    <message>
      <source>Hồ sơ</source>
      <translation>Dossier</translation>
    </message>
    <message>
      <source>Trường</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>Áp dụng các đề xuất đã chọn</source>
      <translation>Apply the selected proposals</translation>
    </message>
    <message>
      <source>Áp dụng tất cả</source>
      <translation>Apply all</translation>
    </message>
    <message>
      <source>Không áp dụng</source>
      <translation>Reject</translation>
    </message>
    <message>
      <source>Thông tin có trong dữ liệu dân cư nhưng còn trống trên Mẫu 01. Chỉ áp dụng khi bạn đồng ý; mỗi thay đổi được ghi vào nhật ký. Chọn nhiều dòng bằng Ctrl/Shift.</source>
      <translation>Values the population data has and Form 01 leaves empty. Applied only when you agree; every change is audited. Select several rows with Ctrl/Shift.</translation>
    </message>
    <message>
      <source>Danh sách đề nghị xác minh</source>
      <translation>Verification request list</translation>
    </message>
    <message>
      <source>Nhập kết quả của công an</source>
      <translation>Import the police's answers</translation>
    </message>
    <message>
      <source>Đối chiếu tệp trích xuất dân cư</source>
      <translation>Match a population extract</translation>
    </message>
    <message>
      <source>Làm giàu dữ liệu theo CSDL dân cư</source>
      <translation>Enrich from the population data</translation>
    </message>
  </context>
  <context>
    <name>Views</name>
    <message>
      <source>Tiến độ</source>
      <translation>Progress</translation>
    </message>
    <message>
      <source>Nhập Mẫu 01</source>
      <translation>Form 01 entry</translation>
    </message>
    <message>
      <source>Bàn làm việc tỉnh</source>
      <translation>Province desk</translation>
    </message>
    <message>
      <source>Hồ sơ</source>
      <translation>Records</translation>
    </message>
    <message>
      <source>Kiểm tra và xác thực</source>
      <translation>Checks and verification</translation>
    </message>
    <message>
      <source>Nhập liệu lần hai...</source>
      <translation>Second entry...</translation>
    </message>
    <message>
      <source>Đối chiếu tệp trích xuất dân cư...</source>
      <translation>Match against a population extract...</translation>
    </message>
    <message>
      <source>Kiểm tra dữ liệu</source>
      <translation>Check the data</translation>
    </message>
    <message>
      <source>Kiểm tra toàn xã; hồ sơ không còn lỗi chuyển sang Đã kiểm tra</source>
      <translation>Check the whole commune; dossiers without errors move to Checked</translation>
    </message>
    <message>
      <source>Bản quét</source>
      <translation>Scans</translation>
    </message>
    <message>
      <source>Máy trạm</source>
      <translation>Workstations</translation>
    </message>
  </context>
  <context>
    <name>_AdminPage</name>
    <message>
      <source>Quản trị viên đầu tiên</source>
      <translation>First administrator</translation>
    </message>
    <message>
      <source>Tài khoản này tạo thêm người dùng và phân quyền. Mật khẩu ít nhất 10 ký tự, không phải mật khẩu phổ biến.</source>
      <translation>This account adds users and assigns roles. The password needs at least 10 characters and must not be a common one.</translation>
    </message>
    <message>
      <source>Tên đăng nhập:</source>
      <translation>User name:</translation>
    </message>
    <message>
      <source>Họ và tên:</source>
      <translation>Full name:</translation>
    </message>
    <message>
      <source>Mật khẩu:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <source>Nhập lại mật khẩu:</source>
      <translation>Repeat password:</translation>
    </message>
    <message>
      <source>Hai mật khẩu không giống nhau.</source>
      <translation>The two passwords differ.</translation>
    </message>
  </context>
  <context>
    <name>_FolderPage</name>
    <message>
      <source>Thư mục làm việc</source>
      <translation>Workspace folder</translation>
    </message>
    <message>
      <source>Cơ sở dữ liệu, bản quét và bản sao lưu của xã được lưu trong thư mục này.</source>
      <translation>The commune's database, scans and backups are kept in this folder.</translation>
    </message>
    <message>
      <source>Chọn...</source>
      <translation>Browse...</translation>
    </message>
    <message>
      <source>Hãy để thư mục trên ổ đĩa của chính máy này. Không dùng ổ mạng hay thư mục được OneDrive, Google Drive, Dropbox đồng bộ: cơ sở dữ liệu ở đó dễ bị hỏng. Để giữ bản sao, hãy dùng chức năng Sao lưu (ra USB hoặc thư mục khác).</source>
      <translation>Keep the folder on this computer's own drive. Do not use a network drive or a folder synced by OneDrive, Google Drive or Dropbox: a database there is easily damaged. To keep copies, use Backup (to a USB drive or another folder).</translation>
    </message>
    <message>
      <source>Chọn thư mục làm việc</source>
      <translation>Choose the workspace folder</translation>
    </message>
  </context>
  <context>
    <name>_PlacePage</name>
    <message>
      <source>Tỉnh và xã/phường</source>
      <translation>Province and commune</translation>
    </message>
    <message>
      <source>Chọn đơn vị hành chính mà máy này làm việc cho (theo danh mục đi kèm).</source>
      <translation>Choose the administrative unit this computer works for (from the shipped list).</translation>
    </message>
    <message>
      <source>Mã hoặc tên, gõ không dấu cũng được: 07228, da mai</source>
      <translation>Code or name, accents not needed: 07228, da mai</translation>
    </message>
    <message>
      <source>Tỉnh/thành phố:</source>
      <translation>Province/city:</translation>
    </message>
    <message>
      <source>Xã/phường:</source>
      <translation>Commune/ward:</translation>
    </message>
    <message>
      <source>Gồm: %1</source>
      <translation>Merged from: %1</translation>
    </message>
    <message>
      <source>Đã chọn: %1 (%2), %3</source>
      <translation>Chosen: %1 (%2), %3</translation>
    </message>
    <message>
      <source>Gõ mã hoặc tên xã/phường, hoặc chọn trong danh sách.</source>
      <translation>Type the commune's code or name, or pick it in the list.</translation>
    </message>
    <message>
      <source>Không có xã/phường nào khớp với “%1”.</source>
      <translation>No commune matches “%1”.</translation>
    </message>
    <message numerus="yes">
      <source>%n xã/phường khớp: chọn một trong danh sách.</source>
      <translation>
        <numerusform>%n commune matches: pick it in the list.</numerusform>
        <numerusform>%n communes match: pick one in the list.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>_SummaryPage</name>
    <message>
      <source>Kiểm tra lại trước khi tạo</source>
      <translation>Check before creating</translation>
    </message>
    <message>
      <source>Bấm Hoàn tất để tạo không gian làm việc và đăng nhập bằng tài khoản này.</source>
      <translation>Press Finish to create the workspace and log in with this account.</translation>
    </message>
    <message>
      <source>Xã/phường</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Tỉnh/thành phố</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>Thư mục làm việc</source>
      <translation>Workspace folder</translation>
    </message>
    <message>
      <source>Quản trị viên</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <source>Họ và tên</source>
      <translation>Full name</translation>
    </message>
  </context>
  <context>
    <name>Help</name>
    <message>
      <source>Mở thư mục nhật ký</source>
      <translation>Open the log folder</translation>
    </message>
    <message>
      <source>Hướng dẫn sử dụng LandDesk</source>
      <translation>LandDesk manual</translation>
    </message>
    <message>
      <source>◀ Lùi</source>
      <translation>◀ Back</translation>
    </message>
    <message>
      <source>Tiến ▶</source>
      <translation>Forward ▶</translation>
    </message>
    <message>
      <source>Mục lục</source>
      <translation>Contents</translation>
    </message>
    <message>
      <source>Phím tắt</source>
      <translation>Keyboard shortcuts</translation>
    </message>
    <message>
      <source>Danh sách hồ sơ</source>
      <translation>Records</translation>
    </message>
    <message>
      <source>Mở hồ sơ đang chọn</source>
      <translation>Open the selected dossier</translation>
    </message>
    <message>
      <source>Hồ sơ đầu / cuối danh sách</source>
      <translation>First / last dossier of the list</translation>
    </message>
    <message>
      <source>Nhập Mẫu 01</source>
      <translation>Form 01 entry</translation>
    </message>
    <message>
      <source>Sang ô kế tiếp (Shift+Tab: lùi lại)</source>
      <translation>Next field (Shift+Tab: back)</translation>
    </message>
    <message>
      <source>Hồ sơ trước / sau trong danh sách đã mở</source>
      <translation>Previous / next dossier of the list it was opened from</translation>
    </message>
    <message>
      <source>Bản quét</source>
      <translation>Scans</translation>
    </message>
    <message>
      <source>Xem trang quét toàn màn hình (hoặc nháy đúp vào trang)</source>
      <translation>View the page full screen (or double-click the page)</translation>
    </message>
    <message>
      <source>lăn chuột</source>
      <translation>mouse wheel</translation>
    </message>
    <message>
      <source>Phóng to, thu nhỏ trang</source>
      <translation>Zoom the page in and out</translation>
    </message>
    <message>
      <source>Xem toàn màn hình</source>
      <translation>Full-screen viewer</translation>
    </message>
    <message>
      <source>Trang trước / sau</source>
      <translation>Previous / next page</translation>
    </message>
    <message>
      <source>Phóng to / thu nhỏ / vừa màn hình / vừa chiều ngang</source>
      <translation>Zoom in / out / fit the screen / fit the width</translation>
    </message>
    <message>
      <source>Xoay trái / phải</source>
      <translation>Rotate left / right</translation>
    </message>
    <message>
      <source>Đóng</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Ở đâu</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>Phím</source>
      <translation>Keys</translation>
    </message>
    <message>
      <source>Việc</source>
      <translation>Does</translation>
    </message>
    <message>
      <source>Giới thiệu LandDesk</source>
      <translation>About LandDesk</translation>
    </message>
    <message>
      <source>&lt;b&gt;LandDesk %1&lt;/b&gt;&lt;br&gt;Phần mềm địa chính xã: nhập Mẫu 01, bản quét, kiểm tra, gửi dữ liệu lên tỉnh.</source>
      <translation>&lt;b&gt;LandDesk %1&lt;/b&gt;&lt;br&gt;The commune land office's desk: Form 01 entry, scans, checks, sending to the province.</translation>
    </message>
    <message>
      <source>Dữ liệu của xã (cơ sở dữ liệu, bản quét, khóa, bản sao lưu)</source>
      <translation>The commune's data (database, scans, keys, backups)</translation>
    </message>
    <message>
      <source>Nhật ký (gửi cho người hỗ trợ khi có lỗi)</source>
      <translation>The log (for whoever supports you when something fails)</translation>
    </message>
    <message>
      <source>Cài đặt giao diện của người dùng này</source>
      <translation>This user's interface settings</translation>
    </message>
    <message>
      <source>Mở thư mục</source>
      <translation>Open the folder</translation>
    </message>
    <message>
      <source>&amp;Hướng dẫn sử dụng</source>
      <translation>&amp;Manual</translation>
    </message>
    <message>
      <source>&amp;Phím tắt</source>
      <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
      <source>&amp;Giới thiệu LandDesk</source>
      <translation>&amp;About LandDesk</translation>
    </message>
  </context>
  <context>
    <name>AutoBackup</name>
    <message>
      <source>Đang sao lưu tự động…</source>
      <translation>Automatic backup running…</translation>
    </message>
    <message>
      <source>Sao lưu tự động không thành công: %1</source>
      <translation>The automatic backup failed: %1</translation>
    </message>
    <message>
      <source>Đang sao lưu tự động trước khi thoát…</source>
      <translation>Automatic backup before closing…</translation>
    </message>
  </context>
  <context>
    <name>Workbooks</name>
    <message>
      <source>Ánh xạ cột của bảng tính</source>
      <translation>Workbook column mapping</translation>
    </message>
    <message>
      <source>Chọn trường Mẫu 01 cho từng cột. Cột không chọn sẽ bị bỏ qua.</source>
      <translation>Choose the Form 01 field for each column. Columns left unchosen are skipped.</translation>
    </message>
    <message>
      <source>Tiêu đề cột</source>
      <translation>Column header</translation>
    </message>
    <message>
      <source>Ví dụ</source>
      <translation>Example</translation>
    </message>
    <message>
      <source>Trường Mẫu 01</source>
      <translation>Form 01 field</translation>
    </message>
    <message>
      <source>(bỏ qua)</source>
      <translation>(skip)</translation>
    </message>
    <message>
      <source>Sổ theo dõi của xã</source>
      <translation>Commune register</translation>
    </message>
    <message>
      <source>Tên bảng ánh xạ:</source>
      <translation>Mapping name:</translation>
    </message>
    <message>
      <source>Lưu để dùng lại cho các tệp cùng mẫu</source>
      <translation>Save for reuse with files of the same layout</translation>
    </message>
    <message>
      <source>Mỗi trường chỉ được chọn cho một cột.</source>
      <translation>Each field may be chosen for one column only.</translation>
    </message>
    <message>
      <source>Cần chọn cột “Số phát hành GCN”.</source>
      <translation>The “Certificate serial” column must be chosen.</translation>
    </message>
    <message>
      <source>Chọn tệp Mẫu 01</source>
      <translation>Choose a Form 01 file</translation>
    </message>
    <message>
      <source>Tệp Excel (xlsx, xls), LibreOffice (ods) hoặc CSV do xã đã nhập.</source>
      <translation>An Excel (xlsx, xls), LibreOffice (ods) or CSV file the commune has filled in.</translation>
    </message>
    <message>
      <source>Chọn tệp…</source>
      <translation>Choose file…</translation>
    </message>
    <message>
      <source>Chỉ nhập khi mọi dòng đều hợp lệ (tất cả hoặc không)</source>
      <translation>Import only when every row is valid (all or nothing)</translation>
    </message>
    <message>
      <source>Nhập các hồ sơ hợp lệ, bỏ qua hồ sơ có dòng lỗi</source>
      <translation>Import the valid dossiers, skip those with rows in error</translation>
    </message>
    <message>
      <source>Kiểm tra trước khi nhập</source>
      <translation>Check before importing</translation>
    </message>
    <message>
      <source>Đang kiểm tra…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>Trang</source>
      <translation>Sheet</translation>
    </message>
    <message>
      <source>Dòng</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>Cột</source>
      <translation>Column</translation>
    </message>
    <message>
      <source>Giá trị</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>Vấn đề</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>Mức độ</source>
      <translation>Severity</translation>
    </message>
    <message>
      <source>Ánh xạ cột…</source>
      <translation>Column mapping…</translation>
    </message>
    <message>
      <source>Lưu báo cáo lỗi…</source>
      <translation>Save error report…</translation>
    </message>
    <message>
      <source>Cột không lưu: </source>
      <translation>Columns not kept: </translation>
    </message>
    <message>
      <source>Có dòng lỗi: sửa tệp hoặc chọn “nhập các hồ sơ hợp lệ” ở bước trước.</source>
      <translation>Some rows have errors: fix the file or choose “import the valid dossiers” in the previous step.</translation>
    </message>
    <message>
      <source>Lỗi</source>
      <translation>Error</translation>
    </message>
    <message>
      <source>Cảnh báo</source>
      <translation>Warning</translation>
    </message>
    <message>
      <source>Nhập Mẫu 01 từ bảng tính</source>
      <translation>Import Form 01 from a workbook</translation>
    </message>
    <message>
      <source>Nhập</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>Đang đọc bảng tính…</source>
      <translation>Reading the workbook…</translation>
    </message>
    <message>
      <source>Không đọc được tệp.</source>
      <translation>The file could not be read.</translation>
    </message>
    <message>
      <source>Có thể ánh xạ cột bằng tay (nút “Ánh xạ cột…”).</source>
      <translation>The columns can be mapped by hand (the “Column mapping…” button).</translation>
    </message>
    <message>
      <source>Lưu báo cáo lỗi nhập</source>
      <translation>Save the import error report</translation>
    </message>
    <message>
      <source>Đã lưu báo cáo lỗi: </source>
      <translation>Error report saved: </translation>
    </message>
    <message>
      <source>Đang nhập Mẫu 01…</source>
      <translation>Importing Form 01…</translation>
    </message>
    <message>
      <source>In giấy biên nhận</source>
      <translation>Print receipt</translation>
    </message>
    <message>
      <source>Xuất Mẫu 01</source>
      <translation>Export Form 01</translation>
    </message>
    <message>
      <source>Đang xuất Mẫu 01…</source>
      <translation>Exporting Form 01…</translation>
    </message>
    <message numerus="yes">
      <source>Đã ghi {rows} dòng ({n} hồ sơ) vào {p}</source>
      <translation>
        <numerusform>Wrote {rows} rows ({n} dossier) to {p}</numerusform>
        <numerusform>Wrote {rows} rows ({n} dossiers) to {p}</numerusform>
      </translation>
    </message>
    <message>
      <source>Báo cáo tiến độ</source>
      <translation>Progress report</translation>
    </message>
    <message>
      <source>Đã ghi báo cáo vào {p}</source>
      <translation>Report written to {p}</translation>
    </message>
    <message>
      <source>Số hồ sơ hoặc mã hồ sơ:</source>
      <translation>Dossier number or id:</translation>
    </message>
    <message>
      <source>Nhập Mẫu 01 từ bảng tính…</source>
      <translation>Import Form 01 from a workbook…</translation>
    </message>
    <message>
      <source>Xuất Mẫu 01 (PL3-01)…</source>
      <translation>Export Form 01 (PL3-01)…</translation>
    </message>
    <message>
      <source>Xuất Mẫu 01 cho VBDLIS…</source>
      <translation>Export Form 01 for VBDLIS…</translation>
    </message>
    <message>
      <source>Báo cáo tiến độ (Excel)…</source>
      <translation>Progress report (Excel)…</translation>
    </message>
    <message>
      <source>In giấy biên nhận…</source>
      <translation>Print receipt…</translation>
    </message>
  </context>
  <context>
    <name>Capture</name>
    <message>
      <source>Quét từ máy quét mạng</source>
      <translation>Scan from a network scanner</translation>
    </message>
    <message>
      <source>Tìm trong mạng</source>
      <translation>Find on the network</translation>
    </message>
    <message>
      <source>Khay nạp giấy (nhiều trang)</source>
      <translation>Document feeder (many pages)</translation>
    </message>
    <message>
      <source>Mặt kính (một trang)</source>
      <translation>Flatbed (one page)</translation>
    </message>
    <message>
      <source>Màu</source>
      <translation>Colour</translation>
    </message>
    <message>
      <source>Xám</source>
      <translation>Grey</translation>
    </message>
    <message>
      <source>Máy quét:</source>
      <translation>Scanner:</translation>
    </message>
    <message>
      <source>Nguồn giấy:</source>
      <translation>Paper source:</translation>
    </message>
    <message>
      <source>Độ phân giải:</source>
      <translation>Resolution:</translation>
    </message>
    <message>
      <source>Màu sắc:</source>
      <translation>Colour:</translation>
    </message>
    <message>
      <source>Nhập địa chỉ máy quét một lần (xem trên màn hình của máy in hoặc trang cấu hình), hoặc bấm “Tìm trong mạng”. Máy quét được ghi nhớ cho lần sau.</source>
      <translation>Type the scanner's address once (see the printer's screen or its configuration page), or press “Find on the network”. The scanner is remembered for next time.</translation>
    </message>
    <message>
      <source>Quét</source>
      <translation>Scan</translation>
    </message>
    <message>
      <source>Đang tìm máy quét trong mạng văn phòng…</source>
      <translation>Looking for scanners on the office network…</translation>
    </message>
    <message numerus="yes">
      <source>Tìm thấy {n} máy quét.</source>
      <translation>
        <numerusform>Found {n} scanner.</numerusform>
        <numerusform>Found {n} scanners.</numerusform>
      </translation>
    </message>
    <message>
      <source>Không tìm thấy máy quét nào; hãy nhập địa chỉ của nó.</source>
      <translation>No scanner found; type its address.</translation>
    </message>
    <message>
      <source>Hãy nhập địa chỉ máy quét.</source>
      <translation>Type the scanner's address.</translation>
    </message>
    <message>
      <source>Đang quét…</source>
      <translation>Scanning…</translation>
    </message>
    <message>
      <source>Đang nhận trang từ máy quét…</source>
      <translation>Receiving pages from the scanner…</translation>
    </message>
    <message>
      <source>hồ sơ số {n}</source>
      <translation>dossier {n}</translation>
    </message>
    <message>
      <source>khay chưa gán</source>
      <translation>unassigned tray</translation>
    </message>
    <message numerus="yes">
      <source>Đã lưu {n} trang từ máy quét.</source>
      <translation>
        <numerusform>Stored {n} page from the scanner.</numerusform>
        <numerusform>Stored {n} pages from the scanner.</numerusform>
      </translation>
    </message>
    <message>
      <source>Chụp bằng điện thoại</source>
      <translation>Capture with a phone</translation>
    </message>
    <message>
      <source>Địa chỉ của máy tính này trong mạng văn phòng (điện thoại phải cùng mạng)</source>
      <translation>This PC's address on the office network (the phone must be on the same network)</translation>
    </message>
    <message>
      <source>1. Điện thoại kết nối cùng mạng Wi-Fi của văn phòng.
2. Mở máy ảnh của điện thoại, quét mã QR này rồi mở địa chỉ.
3. Chọn loại giấy tờ, bấm “Chụp trang”; mỗi ảnh hiện ngay ở đây.</source>
      <translation>1. Connect the phone to the office Wi-Fi.
2. Open the phone's camera, scan this QR code and open the address.
3. Choose the document kind and press “Chụp trang” (take page); each photo shows here at once.</translation>
    </message>
    <message>
      <source>Mã mới</source>
      <translation>New code</translation>
    </message>
    <message>
      <source>Kết thúc địa chỉ này và tạo địa chỉ mới</source>
      <translation>End this address and make a new one</translation>
    </message>
    <message>
      <source>Địa chỉ máy tính:</source>
      <translation>PC address:</translation>
    </message>
    <message>
      <source>Trang đã nhận:</source>
      <translation>Pages received:</translation>
    </message>
    <message>
      <source>Địa chỉ đã hết hạn. Bấm “Mã mới” để tiếp tục chụp.</source>
      <translation>The address has expired. Press “New code” to go on.</translation>
    </message>
    <message>
      <source>Địa chỉ còn dùng được {m:02d}:{s:02d}</source>
      <translation>The address works for another {m:02d}:{s:02d}</translation>
    </message>
    <message>
      <source>Thẻ CCCD trên {kind} trang {n}</source>
      <translation>ID card on {kind} page {n}</translation>
    </message>
    <message>
      <source>mã QR không hợp lệ, không dùng</source>
      <translation>QR code not valid, not used</translation>
    </message>
    <message>
      <source>Điền vào người sử dụng {n}</source>
      <translation>Fill holder {n}</translation>
    </message>
    <message>
      <source>chưa có trong hồ sơ</source>
      <translation>is not among the holders</translation>
    </message>
    <message>
      <source>Thêm người sử dụng từ thẻ</source>
      <translation>Add a holder from the card</translation>
    </message>
    <message>
      <source>người sử dụng {n}</source>
      <translation>holder {n}</translation>
    </message>
    <message>
      <source>khớp với thẻ</source>
      <translation>agrees with the card</translation>
    </message>
    <message>
      <source>Thường trú</source>
      <translation>Permanent address</translation>
    </message>
    <message>
      <source>thẻ</source>
      <translation>card</translation>
    </message>
    <message>
      <source>Dùng giá trị trên thẻ</source>
      <translation>Use the card's value</translation>
    </message>
  </context>
  <context>
    <name>ProvinceWindow</name>
    <message>
      <source>Giới thiệu LandDesk</source>
      <translation>About LandDesk</translation>
    </message>
    <message>
      <source>&amp;Tệp</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>Nhập gói của xã…</source>
      <translation>Import commune packages…</translation>
    </message>
    <message>
      <source>Xuất báo cáo tiến độ…</source>
      <translation>Export progress report…</translation>
    </message>
    <message>
      <source>Mở bàn làm việc tỉnh khác…</source>
      <translation>Open another province desk…</translation>
    </message>
    <message>
      <source>Thoát</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>LandDesk {v} — bàn làm việc của tỉnh: nhận gói của các xã, theo dõi tiến độ, xử lý xung đột.</source>
      <translation>LandDesk {v} — the province desk: receive the communes' packages, follow progress, settle conflicts.</translation>
    </message>
    <message>
      <source>Trợ &amp;giúp</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>LandDesk — Bàn làm việc tỉnh — {name}</source>
      <translation>LandDesk — Province desk — {name}</translation>
    </message>
    <message>
      <source>{user} ({role}) — {path}</source>
      <translation>{user} ({role}) — {path}</translation>
    </message>
    <message>
      <source>Chọn thư mục bàn làm việc của tỉnh</source>
      <translation>Choose the province desk's folder</translation>
    </message>
    <message>
      <source>Đóng cửa sổ</source>
      <translation>Close window</translation>
    </message>
  </context>
  <context>
    <name>ProvinceDossiers</name>
    <message>
      <source>Lỗi</source>
      <translation>Errors</translation>
    </message>
    <message>
      <source>Đã xác thực</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>đã nhận</source>
      <translation>accepted</translation>
    </message>
    <message>
      <source>trả lại xã</source>
      <translation>returned to commune</translation>
    </message>
    <message>
      <source>xung đột</source>
      <translation>conflict</translation>
    </message>
    <message>
      <source>trùng xã khác</source>
      <translation>duplicate of another commune</translation>
    </message>
    <message>
      <source>&amp;Xã:</source>
      <translation>&amp;Commune:</translation>
    </message>
    <message>
      <source>Số seri GCN</source>
      <translation>Certificate serial</translation>
    </message>
    <message>
      <source>Người sử dụng đất</source>
      <translation>Land users</translation>
    </message>
    <message>
      <source>Trạng thái ở xã</source>
      <translation>Status at the commune</translation>
    </message>
    <message>
      <source>Tỉnh</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>Mã hồ sơ</source>
      <translation>Dossier id</translation>
    </message>
  </context>
  <context>
    <name>Stations</name>
    <message>
      <source>số seri GCN</source>
      <translation>certificate serial</translation>
    </message>
    <message>
      <source>Không trùng, giữ cả hai</source>
      <translation>Not a duplicate, keep both</translation>
    </message>
    <message>
      <source>đã thu hồi</source>
      <translation>revoked</translation>
    </message>
    <message>
      <source>Dấu vân tay khóa</source>
      <translation>Key fingerprint</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Loại</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Xử lý xung đột đã chọn…</source>
      <translation>Settle the selected conflict…</translation>
    </message>
    <message>
      <source>TỪ CHỐI: {e}</source>
      <translation>REFUSED: {e}</translation>
    </message>
    <message>
      <source>chưa đồng bộ</source>
      <translation>not synchronised yet</translation>
    </message>
    <message>
      <source>Đăng ký máy trạm</source>
      <translation>Enrol a workstation</translation>
    </message>
    <message>
      <source>ví dụ: Bàn tiếp dân 2</source>
      <translation>e.g. Reception desk 2</translation>
    </message>
    <message>
      <source>Chọn…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>Tên máy trạm:</source>
      <translation>Workstation name:</translation>
    </message>
    <message>
      <source>Người dùng được phép:</source>
      <translation>Users allowed:</translation>
    </message>
    <message>
      <source>Lưu tệp đăng ký vào:</source>
      <translation>Save the enrolment file to:</translation>
    </message>
    <message>
      <source>Tệp đăng ký chứa toàn bộ dữ liệu của xã, được mã hóa: chỉ người dùng được phép mới mở được, bằng mật khẩu của mình.</source>
      <translation>The enrolment file holds all of the commune's data, encrypted: only an allowed user can open it, with their own password.</translation>
    </message>
    <message>
      <source>Lưu tệp đăng ký máy trạm</source>
      <translation>Save the workstation's enrolment file</translation>
    </message>
    <message>
      <source>Gói LandDesk (*.ldpkg)</source>
      <translation>LandDesk packages (*.ldpkg)</translation>
    </message>
    <message>
      <source>Xử lý xung đột máy trạm</source>
      <translation>Settle a workstation conflict</translation>
    </message>
    <message>
      <source>Hồ sơ số {n}: trường '{f}' bị sửa ở máy chính và máy trạm {s}.</source>
      <translation>Dossier {n}: field '{f}' was changed on the main PC and on workstation {s}.</translation>
    </message>
    <message>
      <source>Hồ sơ số {n}: máy trạm {s} xóa hồ sơ mà nơi khác vừa sửa.</source>
      <translation>Dossier {n}: workstation {s} deleted a dossier that was just changed elsewhere.</translation>
    </message>
    <message>
      <source>Hồ sơ số {n}: máy trạm {s} sửa hồ sơ đã bị xóa ở máy chính.</source>
      <translation>Dossier {n}: workstation {s} changed a dossier deleted on the main PC.</translation>
    </message>
    <message>
      <source>Giá trị của máy chính</source>
      <translation>Main PC's value</translation>
    </message>
    <message>
      <source>Giá trị của máy trạm</source>
      <translation>Workstation's value</translation>
    </message>
    <message>
      <source>Giữ giá trị của máy chính</source>
      <translation>Keep the main PC's value</translation>
    </message>
    <message>
      <source>Lấy giá trị của máy trạm</source>
      <translation>Take the workstation's value</translation>
    </message>
    <message>
      <source>số CCCD (khác tên)</source>
      <translation>ID number (different name)</translation>
    </message>
    <message>
      <source>thửa đất (tờ/thửa/bản đồ)</source>
      <translation>parcel (sheet/parcel/map)</translation>
    </message>
    <message>
      <source>Hồ sơ số {n} (máy trạm {s}) trùng {k} với hồ sơ số {o}.</source>
      <translation>Dossier {n} (workstation {s}) has the same {k} as dossier {o}.</translation>
    </message>
    <message>
      <source>Xóa hồ sơ nhập sau</source>
      <translation>Delete the dossier entered later</translation>
    </message>
    <message>
      <source>(không có)</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>Đăng ký máy trạm…</source>
      <translation>Enrol a workstation…</translation>
    </message>
    <message>
      <source>Thu hồi máy trạm đã chọn</source>
      <translation>Revoke the selected workstation</translation>
    </message>
    <message>
      <source>Đồng bộ qua USB / thư mục…</source>
      <translation>Synchronise through USB / a folder…</translation>
    </message>
    <message>
      <source>Cho phép máy trạm đồng bộ qua mạng, cổng</source>
      <translation>Let workstations synchronise over the network, port</translation>
    </message>
    <message>
      <source>Mã</source>
      <translation>Code</translation>
    </message>
    <message>
      <source>Tên máy trạm</source>
      <translation>Workstation name</translation>
    </message>
    <message>
      <source>Lần đồng bộ cuối</source>
      <translation>Last synchronised</translation>
    </message>
    <message>
      <source>Hồ sơ chờ gửi</source>
      <translation>Dossiers to send</translation>
    </message>
    <message>
      <source>Số hồ sơ được cấp</source>
      <translation>Dossier numbers granted</translation>
    </message>
    <message>
      <source>Máy trạm</source>
      <translation>Workstations</translation>
    </message>
    <message>
      <source>Hồ sơ số</source>
      <translation>Dossier no.</translation>
    </message>
    <message>
      <source>Trường / trùng</source>
      <translation>Field / duplicate</translation>
    </message>
    <message>
      <source>ví dụ 192.168.1.10:8765</source>
      <translation>e.g. 192.168.1.10:8765</translation>
    </message>
    <message>
      <source>Địa chỉ máy chính trong mạng:</source>
      <translation>Main PC's network address:</translation>
    </message>
    <message>
      <source>Đồng bộ</source>
      <translation>Synchronise</translation>
    </message>
    <message>
      <source>Khi có địa chỉ máy chính, máy trạm tự đồng bộ {m} phút một lần.</source>
      <translation>With the main PC's address, the workstation synchronises every {m} minutes by itself.</translation>
    </message>
    <message>
      <source>Máy này là máy trạm {c} ({n}) của {x}.</source>
      <translation>This PC is workstation {c} ({n}) of {x}.</translation>
    </message>
    <message>
      <source>Máy trạm này</source>
      <translation>This workstation</translation>
    </message>
    <message>
      <source>Đồng bộ lần cuối: {w}. Hồ sơ nhập ở đây chưa gửi máy chính: {p}. Số hồ sơ được cấp: {b} (còn {l}). Dấu vân tay khóa máy chính: {f}.</source>
      <translation>Last synchronised: {w}. Dossiers entered here not yet sent to the main PC: {p}. Dossier numbers granted: {b} ({l} left). Main PC's key fingerprint: {f}.</translation>
    </message>
    <message>
      <source>Máy chính của {x}: chỉ máy này gửi dữ liệu lên tỉnh.</source>
      <translation>Main PC of {x}: only this PC sends data to the province.</translation>
    </message>
    <message>
      <source>Các máy trạm</source>
      <translation>Workstations</translation>
    </message>
    <message>
      <source>Xung đột máy trạm ({n})</source>
      <translation>Workstation conflicts ({n})</translation>
    </message>
    <message>
      <source>chờ lần đồng bộ đầu</source>
      <translation>waiting for its first synchronisation</translation>
    </message>
    <message>
      <source>đang hoạt động</source>
      <translation>active</translation>
    </message>
    <message>
      <source>sửa cùng trường</source>
      <translation>same field changed</translation>
    </message>
    <message>
      <source>xóa / sửa</source>
      <translation>deleted / changed</translation>
    </message>
    <message>
      <source>sửa hồ sơ đã xóa</source>
      <translation>changed a deleted dossier</translation>
    </message>
    <message>
      <source>trùng số seri</source>
      <translation>duplicate serial</translation>
    </message>
    <message>
      <source>trùng CCCD</source>
      <translation>duplicate ID number</translation>
    </message>
    <message>
      <source>trùng thửa</source>
      <translation>duplicate parcel</translation>
    </message>
    <message>
      <source>trùng với hồ sơ số {n}</source>
      <translation>duplicate of dossier {n}</translation>
    </message>
    <message>
      <source>{n} máy trạm; {q} xung đột chờ xử lý.</source>
      <translation>{n} workstation(s); {q} conflict(s) to settle.</translation>
    </message>
    <message>
      <source>Đã đăng ký máy trạm {c}; tệp: {p}</source>
      <translation>Workstation {c} enrolled; file: {p}</translation>
    </message>
    <message>
      <source>Đang ghi tệp đăng ký…</source>
      <translation>Writing the enrolment file…</translation>
    </message>
    <message>
      <source>đang chờ máy trạm ở cổng {p}</source>
      <translation>waiting for workstations on port {p}</translation>
    </message>
    <message>
      <source>Chọn thư mục hoặc ổ USB dùng chung với máy trạm / máy chính</source>
      <translation>Choose the folder or USB drive shared with the workstation / main PC</translation>
    </message>
    <message>
      <source>Đã nhận {t} gói, đã ghi {s} gói vào {f}.</source>
      <translation>{t} package(s) received, {s} written to {f}.</translation>
    </message>
    <message>
      <source>Đang đồng bộ…</source>
      <translation>Synchronising…</translation>
    </message>
    <message>
      <source>Chưa đồng bộ được với máy chính.</source>
      <translation>Could not synchronise with the main PC.</translation>
    </message>
    <message>
      <source>Đang đồng bộ với máy chính…</source>
      <translation>Synchronising with the main PC…</translation>
    </message>
    <message>
      <source>Máy trạm {c} · đồng bộ lần cuối: {w}</source>
      <translation>Workstation {c} · last synchronised: {w}</translation>
    </message>
  </context>
  <context>
    <name>Users</name>
    <message>
      <source>Mật khẩu:</source>
      <translation>Password:</translation>
    </message>
    <message>
      <source>Nhập lại mật khẩu:</source>
      <translation>Repeat the password:</translation>
    </message>
    <message>
      <source>Ít nhất %1 ký tự; không phải mật khẩu phổ biến, không phải tên đăng nhập.</source>
      <translation>At least %1 characters; not a common password, not the user name.</translation>
    </message>
    <message>
      <source>Hai mật khẩu không giống nhau.</source>
      <translation>The two passwords differ.</translation>
    </message>
  </context>
  <context>
    <name>Restore</name>
    <message>
      <source>Thư mục sao lưu của không gian làm việc</source>
      <translation>The workspace's backups folder</translation>
    </message>
    <message>
      <source>Thư mục sao lưu tự động</source>
      <translation>The automatic backups' folder</translation>
    </message>
    <message>
      <source>Lần sao lưu trước</source>
      <translation>Last backup</translation>
    </message>
    <message>
      <source>Khôi phục</source>
      <translation>Restore</translation>
    </message>
    <message>
      <source>Thay toàn bộ dữ liệu của không gian làm việc này bằng bản sao lưu ngày %1 (%2 hồ sơ)? Dữ liệu hiện tại được giữ lại trong một thư mục bên cạnh.</source>
      <translation>Replace all the data of this workspace with the backup of %1 (%2 dossiers)? The current data is kept in a folder beside it.</translation>
    </message>
    <message>
      <source>Đang kiểm tra và khôi phục…</source>
      <translation>Checking and restoring…</translation>
    </message>
    <message>
      <source>Đã kiểm tra và khôi phục bản sao lưu ngày %1: %2 hồ sơ, %3 người dùng, %4 tệp bản quét.</source>
      <translation>Checked and restored the backup of %1: %2 dossiers, %3 users, %4 scan files.</translation>
    </message>
    <message>
      <source>CẢNH BÁO: chuỗi nhật ký thay đổi của bản sao lưu bị đứt.</source>
      <translation>WARNING: the backup's audit trail chain is broken.</translation>
    </message>
    <message>
      <source>Dữ liệu trước khi khôi phục được giữ tại: %1</source>
      <translation>The data from before the restore is kept at: %1</translation>
    </message>
  </context>
  <context>
    <name>Accounts</name>
    <message>
      <source>Người dùng và vai trò…</source>
      <translation>Users and roles…</translation>
    </message>
    <message>
      <source>Thêm, khóa tài khoản, đặt lại mật khẩu, đổi vai trò</source>
      <translation>Add or disable accounts, reset passwords, change roles</translation>
    </message>
  </context>
  <context>
    <name>Backups</name>
    <message>
      <source>Đang sao lưu…</source>
      <translation>Backing up…</translation>
    </message>
    <message>
      <source>Đã sao lưu và kiểm tra: %1 hồ sơ; bản quét: %2 tệp mới, %3 tệp đã có. %4</source>
      <translation>Backed up and verified: %1 dossiers; scans: %2 new files, %3 already there. %4</translation>
    </message>
    <message>
      <source>Sao lưu</source>
      <translation>Backup</translation>
    </message>
    <message>
      <source>Đã lưu cài đặt sao lưu tự động.</source>
      <translation>Automatic backup settings saved.</translation>
    </message>
    <message>
      <source>Sao lưu ngay…</source>
      <translation>Back up now…</translation>
    </message>
    <message>
      <source>Sao lưu toàn bộ không gian làm việc ra USB hoặc một thư mục</source>
      <translation>Back the whole workspace up to a USB stick or a folder</translation>
    </message>
    <message>
      <source>Khôi phục từ bản sao lưu…</source>
      <translation>Restore from a backup…</translation>
    </message>
    <message>
      <source>Sao lưu tự động…</source>
      <translation>Automatic backups…</translation>
    </message>
  </context>
  <context>
    <name>Dashboard</name>
    <message>
      <source>Tiến độ chiến dịch</source>
      <translation>Campaign progress</translation>
    </message>
    <message>
      <source>Đặt chỉ tiêu…</source>
      <translation>Set the target…</translation>
    </message>
    <message>
      <source>Đã thu nhận GCN</source>
      <translation>Certificates collected</translation>
    </message>
    <message>
      <source>Đã quét</source>
      <translation>Scanned</translation>
    </message>
    <message>
      <source>Đã nhập Mẫu 01</source>
      <translation>Form 01 entered</translation>
    </message>
    <message>
      <source>Đã kiểm tra</source>
      <translation>Checked</translation>
    </message>
    <message>
      <source>Người SDĐ đã xác thực</source>
      <translation>Land users verified</translation>
    </message>
    <message>
      <source>Thông tin chưa chính xác</source>
      <translation>Incorrect information</translation>
    </message>
    <message>
      <source>Cần phối hợp công an</source>
      <translation>Needs police coordination</translation>
    </message>
    <message>
      <source>Đã gửi tỉnh</source>
      <translation>Sent to province</translation>
    </message>
    <message>
      <source>Tỉnh đã tiếp nhận</source>
      <translation>Accepted by province</translation>
    </message>
    <message>
      <source>Mọi GCN đều đã thu được.</source>
      <translation>Every certificate was collected.</translation>
    </message>
    <message>
      <source>Chưa có hồ sơ.</source>
      <translation>No dossiers yet.</translation>
    </message>
    <message>
      <source>Chưa có ngày nhận hồ sơ.</source>
      <translation>No receipt dates yet.</translation>
    </message>
    <message>
      <source>Các bước so với chỉ tiêu</source>
      <translation>Stages against the target</translation>
    </message>
    <message>
      <source>Lý do chưa thu được GCN</source>
      <translation>Why certificates were not collected</translation>
    </message>
    <message>
      <source>Theo thôn/tổ dân phố: đã thu nhận và đã nhập</source>
      <translation>By village: collected and entered</translation>
    </message>
    <message>
      <source>Theo ngày</source>
      <translation>By day</translation>
    </message>
    <message>
      <source>Số liệu lúc %1</source>
      <translation>Figures at %1</translation>
    </message>
    <message>
      <source>Đã thu nhận %1 / %2 GCN theo chỉ tiêu (%3 %)</source>
      <translation>Collected %1 / %2 certificates of the target (%3 %)</translation>
    </message>
    <message>
      <source>Chưa đặt chỉ tiêu cho xã. Đã thu nhận %1 GCN.</source>
      <translation>No target set for the commune yet. %1 certificates collected.</translation>
    </message>
    <message>
      <source>/ %1 người; %2 lượt GCN</source>
      <translation>/ %1 persons; %2 certificate links</translation>
    </message>
    <message>
      <source>Đã thu nhận</source>
      <translation>Collected</translation>
    </message>
    <message>
      <source>Đã nhập</source>
      <translation>Entered</translation>
    </message>
    <message>
      <source>Đã xác thực</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>Tỉnh tiếp nhận</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>chỉ tiêu %1</source>
      <translation>target %1</translation>
    </message>
    <message>
      <source>(chưa ghi thôn)</source>
      <translation>(no village)</translation>
    </message>
    <message>
      <source>đã nhập %1</source>
      <translation>entered %1</translation>
    </message>
    <message>
      <source>nhận trong ngày</source>
      <translation>received that day</translation>
    </message>
    <message>
      <source>trong đó đã nhập</source>
      <translation>of which entered</translation>
    </message>
    <message>
      <source>lũy kế</source>
      <translation>cumulative</translation>
    </message>
  </context>
  <context>
    <name>Roster</name>
    <message>
      <source>chờ duyệt</source>
      <translation>pending</translation>
    </message>
    <message>
      <source>đã duyệt</source>
      <translation>approved</translation>
    </message>
    <message>
      <source>đã thay bằng khóa mới</source>
      <translation>replaced by a new key</translation>
    </message>
    <message>
      <source>đã thu hồi</source>
      <translation>revoked</translation>
    </message>
    <message>
      <source>Mã xã</source>
      <translation>Commune code</translation>
    </message>
    <message>
      <source>Dấu vân tay khóa</source>
      <translation>Key fingerprint</translation>
    </message>
    <message>
      <source>Trạng thái</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Duyệt khóa đã chọn…</source>
      <translation>Approve the selected key…</translation>
    </message>
    <message>
      <source>Thu hồi khóa đã chọn…</source>
      <translation>Revoke the selected key…</translation>
    </message>
    <message>
      <source>Chỉ duyệt khi dấu vân tay trùng với dấu vân tay cán bộ xã {c} đọc qua điện thoại:

{fp}</source>
      <translation>Approve only if the fingerprint matches the one the officer of commune {c} reads out on the phone:

{fp}</translation>
    </message>
    <message>
      <source>Duyệt khóa của xã</source>
      <translation>Approve a commune key</translation>
    </message>
    <message>
      <source>Thu hồi khóa {fp} của xã {c}? Mọi gói ký bằng khóa này sẽ bị từ chối; xã cần tạo khóa mới.</source>
      <translation>Revoke the key {fp} of commune {c}? Every package it signs will be refused; the commune needs a new key.</translation>
    </message>
    <message>
      <source>Thu hồi khóa</source>
      <translation>Revoke a key</translation>
    </message>
  </context>
  <context>
    <name>Destination</name>
    <message>
      <source>%1 — ổ đĩa rời / ổ khác</source>
      <translation>%1 — removable or other drive</translation>
    </message>
    <message>
      <source>Chọn thư mục khác…</source>
      <translation>Choose another folder…</translation>
    </message>
    <message>
      <source>Thư mục đã chọn</source>
      <translation>Chosen folder</translation>
    </message>
    <message>
      <source>Còn trống %1.</source>
      <translation>%1 free.</translation>
    </message>
    <message>
      <source>Không đọc được ổ đĩa này (đã cắm USB chưa?).</source>
      <translation>This drive cannot be read (is the USB stick plugged in?).</translation>
    </message>
    <message>
      <source>Ổ FAT32: mỗi tệp nhỏ hơn 4 GB.</source>
      <translation>FAT32 drive: each file under 4 GB.</translation>
    </message>
  </context>
  <context>
    <name>DraftBar</name>
    <message>
      <source>Mở lại</source>
      <translation>Reopen</translation>
    </message>
    <message>
      <source>Bỏ bản nháp</source>
      <translation>Discard draft</translation>
    </message>
    <message>
      <source>Để sau (hỏi lại ở lần mở sau)</source>
      <translation>Later (asked again at the next start)</translation>
    </message>
    <message numerus="yes">
      <source>LandDesk giữ lại %n hồ sơ đang nhập dở chưa lưu từ lần làm việc trước (%1).</source>
      <translation>
        <numerusform>LandDesk kept %n dossier being entered and not saved last time (%1).</numerusform>
        <numerusform>LandDesk kept %n dossiers being entered and not saved last time (%1).</numerusform>
      </translation>
    </message>
    <message>
      <source>Chọn và mở lại…</source>
      <translation>Choose and reopen…</translation>
    </message>
  </context>
  <context>
    <name>Pager</name>
    <message>
      <source>‹ Trang trước</source>
      <translation>‹ Previous page</translation>
    </message>
    <message>
      <source>Trang sau ›</source>
      <translation>Next page ›</translation>
    </message>
    <message>
      <source>Trang {n}/{of} ({total} dòng)</source>
      <translation>Page {n} of {of} ({total} rows)</translation>
    </message>
  </context>
</TS>