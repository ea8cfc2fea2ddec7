<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Vietnamese for the strings Qt itself draws (standard buttons, text-field menus, file dialog):
     Qt ships no qtbase_vi.qm. Loaded before landdesk strings when the interface is Vietnamese. -->
<TS version="2.1" language="vi" sourcelanguage="en">
  <context>
    <name>QLibrary</name>
    <message>
      <source>Cannot load library %1: %2</source>
      <translation>Không tải được thư viện %1: %2</translation>
    </message>
  </context>
  <context>
    <name>QPlatformTheme</name>
    <message>
      <source>OK</source>
      <translation>Đồng ý</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Lưu</translation>
    </message>
    <message>
      <source>Save All</source>
      <translation>Lưu tất cả</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Mở</translation>
    </message>
    <message>
      <source>&amp;Yes</source>
      <translation>&amp;Có</translation>
    </message>
    <message>
      <source>Yes to &amp;All</source>
      <translation>Có với &amp;tất cả</translation>
    </message>
    <message>
      <source>&amp;No</source>
      <translation>&amp;Không</translation>
    </message>
    <message>
      <source>N&amp;o to All</source>
      <translation>Không với tất &amp;cả</translation>
    </message>
    <message>
      <source>Abort</source>
      <translation>Hủy bỏ</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Thử lại</translation>
    </message>
    <message>
      <source>Ignore</source>
      <translation>Bỏ qua</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>Không lưu</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Trợ giúp</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>Áp dụng</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>Đặt lại</translation>
    </message>
    <message>
      <source>Restore Defaults</source>
      <translation>Khôi phục mặc định</translation>
    </message>
  </context>
  <context>
    <name>QGnomeTheme</name>
    <message>
      <source>&amp;OK</source>
      <translation>Đồng ý</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>&amp;Lưu</translation>
    </message>
    <message>
      <source>&amp;Cancel</source>
      <translation>&amp;Hủy</translation>
    </message>
    <message>
      <source>&amp;Close</source>
      <translation>Đó&amp;ng</translation>
    </message>
    <message>
      <source>Close without Saving</source>
      <translation>Đóng không lưu</translation>
    </message>
  </context>
  <context>
    <name>QMessageBox</name>
    <message>
      <source>Show Details...</source>
      <translation>Xem chi tiết...</translation>
    </message>
    <message>
      <source>Hide Details...</source>
      <translation>Ẩn chi tiết...</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>Đồng ý</translation>
    </message>
  </context>
  <context>
    <name>QDialogButtonBox</name>
    <message>
      <source>OK</source>
      <translation>Đồng ý</translation>
    </message>
  </context>
  <context>
    <name>QLineEdit</name>
    <message>
      <source>&amp;Undo</source>
      <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>&amp;Làm lại</translation>
    </message>
    <message>
      <source>Cu&amp;t</source>
      <translation>&amp;Cắt</translation>
    </message>
    <message>
      <source>&amp;Copy</source>
      <translation>Sao &amp;chép</translation>
    </message>
    <message>
      <source>&amp;Paste</source>
      <translation>&amp;Dán</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Xóa</translation>
    </message>
    <message>
      <source>Select All</source>
      <translation>Chọn tất cả</translation>
    </message>
  </context>
  <context>
    <name>QWidgetTextControl</name>
    <message>
      <source>&amp;Undo</source>
      <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>&amp;Làm lại</translation>
    </message>
    <message>
      <source>Cu&amp;t</source>
      <translation>&amp;Cắt</translation>
    </message>
    <message>
      <source>&amp;Copy</source>
      <translation>Sao &amp;chép</translation>
    </message>
    <message>
      <source>Copy &amp;Link Location</source>
      <translation>Sao chép địa chỉ &amp;liên kết</translation>
    </message>
    <message>
      <source>&amp;Paste</source>
      <translation>&amp;Dán</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Xóa</translation>
    </message>
    <message>
      <source>Select All</source>
      <translation>Chọn tất cả</translation>
    </message>
  </context>
  <context>
    <name>QFileDialog</name>
    <message>
      <source>Look in:</source>
      <translation>Tìm trong:</translation>
    </message>
    <message>
      <source>File &amp;name:</source>
      <translation>&amp;Tên tệp:</translation>
    </message>
    <message>
      <source>Files of type:</source>
      <translation>Loại tệp:</translation>
    </message>
    <message>
      <source>&amp;Open</source>
      <translation>&amp;Mở</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>&amp;Lưu</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Mở</translation>
    </message>
    <message>
      <source>Save As</source>
      <translation>Lưu thành</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>Forward</source>
      <translation>Tiến</translation>
    </message>
    <message>
      <source>Parent Directory</source>
      <translation>Thư mục cha</translation>
    </message>
    <message>
      <source>Create New Folder</source>
      <translation>Tạo thư mục mới</translation>
    </message>
    <message>
      <source>List View</source>
      <translation>Dạng danh sách</translation>
    </message>
    <message>
      <source>Detail View</source>
      <translation>Dạng chi tiết</translation>
    </message>
    <message>
      <source>&amp;Choose</source>
      <translation>&amp;Chọn</translation>
    </message>
    <message>
      <source>New Folder</source>
      <translation>Thư mục mới</translation>
    </message>
    <message>
      <source>All Files (*)</source>
      <translation>Mọi tệp (*)</translation>
    </message>
    <message>
      <source>Directories</source>
      <translation>Thư mục</translation>
    </message>
    <message>
      <source>Directory:</source>
      <translation>Thư mục:</translation>
    </message>
    <message>
      <source>Recent Places</source>
      <translation>Nơi gần đây</translation>
    </message>
    <message>
      <source>&amp;Rename</source>
      <translation>Đổi &amp;tên</translation>
    </message>
    <message>
      <source>&amp;Delete</source>
      <translation>&amp;Xóa</translation>
    </message>
    <message>
      <source>Show &amp;hidden files</source>
      <translation>Hiện tệp ẩ&amp;n</translation>
    </message>
    <message>
      <source>My Computer</source>
      <translation>Máy tính</translation>
    </message>
    <message>
      <source>Find Directory</source>
      <translation>Chọn thư mục</translation>
    </message>
    <message>
      <source>%1 already exists.
Do you want to replace it?</source>
      <translation>%1 đã có.
Bạn có muốn thay thế không?</translation>
    </message>
    <message>
      <source>&amp;Look in:</source>
      <translation>&amp;Tìm trong:</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>&amp;Loại tệp:</translation>
    </message>
    <message>
      <source>&amp;New Folder</source>
      <translation>Thư mục &amp;mới</translation>
    </message>
    <message>
      <source>Create a New Folder</source>
      <translation>Tạo thư mục mới</translation>
    </message>
    <message>
      <source>Change to detail view mode</source>
      <translation>Xem dạng chi tiết</translation>
    </message>
    <message>
      <source>Change to list view mode</source>
      <translation>Xem dạng danh sách</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Tệp</translation>
    </message>
    <message>
      <source>Go back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>Go forward</source>
      <translation>Đi tiếp</translation>
    </message>
    <message>
      <source>Go to the parent directory</source>
      <translation>Lên thư mục cha</translation>
    </message>
    <message>
      <source>List of places and bookmarks</source>
      <translation>Các nơi và dấu trang</translation>
    </message>
    <message>
      <source>Show </source>
      <translation>Hiện </translation>
    </message>
    <message>
      <source>Sidebar</source>
      <translation>Thanh bên</translation>
    </message>
    <message>
      <source>All files (*)</source>
      <translation>Mọi tệp (*)</translation>
    </message>
    <message>
      <source>Confirm Delete</source>
      <translation>Xác nhận xóa</translation>
    </message>
    <message>
      <source>Are you sure you want to delete '%1'?</source>
      <translation>Có chắc muốn xóa '%1'?</translation>
    </message>
    <message>
      <source>'%1' is write protected.
Do you want to delete it anyway?</source>
      <translation>'%1' đang được bảo vệ chống ghi.
Vẫn xóa?</translation>
    </message>
    <message>
      <source>Could not delete directory.</source>
      <translation>Không xóa được thư mục.</translation>
    </message>
    <message>
      <source>%1
File not found.
Please verify the correct file name was given.</source>
      <translation>%1
Không tìm thấy tệp.
Hãy kiểm tra lại tên tệp.</translation>
    </message>
    <message>
      <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
      <translation>%1
Không tìm thấy thư mục.
Hãy kiểm tra lại tên thư mục.</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Bỏ</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Tệp</translation>
    </message>
    <message>
      <source>File Folder</source>
      <translation>Thư mục tệp</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Thư mục</translation>
    </message>
    <message>
      <source>Alias</source>
      <translation>Bí danh</translation>
    </message>
    <message>
      <source>Shortcut</source>
      <translation>Lối tắt</translation>
    </message>
    <message>
      <source>Unknown</source>
      <translation>Không rõ</translation>
    </message>
    <message>
      <source>Drive</source>
      <translation>Ổ đĩa</translation>
    </message>
  </context>
  <context>
    <name>QFileSystemModel</name>
    <message>
      <source>Name</source>
      <translation>Tên</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Kích thước</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Loại</translation>
    </message>
    <message>
      <source>Date Modified</source>
      <translation>Ngày sửa</translation>
    </message>
    <message>
      <source>My Computer</source>
      <translation>Máy tính</translation>
    </message>
    <message>
      <source>Computer</source>
      <translation>Máy tính</translation>
    </message>
    <message>
      <source>Invalid filename</source>
      <translation>Tên tệp không hợp lệ</translation>
    </message>
    <message>
      <source>&lt;b&gt;The name "%1" cannot be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuation marks.</source>
      <translation>&lt;b&gt;Không dùng được tên "%1".&lt;/b&gt;&lt;p&gt;Hãy đặt tên khác, ngắn hơn hoặc không có dấu câu.</translation>
    </message>
  </context>
  <context>
    <name>QWizard</name>
    <message>
      <source>&lt; &amp;Back</source>
      <translation>&lt; &amp;Quay lại</translation>
    </message>
    <message>
      <source>&amp;Next &gt;</source>
      <translation>&amp;Tiếp &gt;</translation>
    </message>
    <message>
      <source>&amp;Next</source>
      <translation>&amp;Tiếp</translation>
    </message>
    <message>
      <source>&amp;Finish</source>
      <translation>&amp;Hoàn tất</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
    <message>
      <source>Go Back</source>
      <translation>Quay lại</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>Tiếp tục</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Xong</translation>
    </message>
    <message>
      <source>Help</source>
      <translation>Trợ giúp</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Trợ giúp</translation>
    </message>
    <message>
      <source>Commit</source>
      <translation>Xác nhận</translation>
    </message>
  </context>
  <context>
    <name>QProgressDialog</name>
    <message>
      <source>Cancel</source>
      <translation>Hủy</translation>
    </message>
  </context>
  <context>
    <name>QAbstractFileIconProvider</name>
    <message>
      <source>Drive</source>
      <translation>Ổ đĩa</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Thư mục</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Tệp</translation>
    </message>
    <message>
      <source>File Folder</source>
      <translation>Thư mục tệp</translation>
    </message>
    <message>
      <source>Unknown</source>
      <translation>Không rõ</translation>
    </message>
  </context>
  <context>
    <name>QInputDialog</name>
    <message>
      <source>Enter a value:</source>
      <translation>Nhập giá trị:</translation>
    </message>
  </context>
  <context>
    <name>QMimeType</name>
    <message>
      <source>JSON document</source>
      <translation>Tài liệu JSON</translation>
    </message>
    <message>
      <source>Markdown document</source>
      <translation>Tài liệu Markdown</translation>
    </message>
    <message>
      <source>JPEG image</source>
      <translation>Ảnh JPEG</translation>
    </message>
    <message>
      <source>PNG image</source>
      <translation>Ảnh PNG</translation>
    </message>
    <message>
      <source>TIFF image</source>
      <translation>Ảnh TIFF</translation>
    </message>
    <message>
      <source>Windows BMP image</source>
      <translation>Ảnh BMP</translation>
    </message>
    <message>
      <source>PDF document</source>
      <translation>Tài liệu PDF</translation>
    </message>
    <message>
      <source>HEIF image</source>
      <translation>Ảnh HEIF</translation>
    </message>
    <message>
      <source>WebP image</source>
      <translation>Ảnh WebP</translation>
    </message>
    <message>
      <source>Microsoft Excel Worksheet</source>
      <translation>Bảng tính Excel</translation>
    </message>
    <message>
      <source>Excel 2007 spreadsheet</source>
      <translation>Bảng tính Excel</translation>
    </message>
    <message>
      <source>OpenDocument Spreadsheet</source>
      <translation>Bảng tính OpenDocument</translation>
    </message>
    <message>
      <source>CSV document</source>
      <translation>Tệp CSV</translation>
    </message>
    <message>
      <source>Zip archive</source>
      <translation>Tệp nén Zip</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>không rõ</translation>
    </message>
    <message>
      <source>plain text document</source>
      <translation>Tệp văn bản</translation>
    </message>
    <message>
      <source>HTML document</source>
      <translation>Tài liệu HTML</translation>
    </message>
    <message>
      <source>XML document</source>
      <translation>Tài liệu XML</translation>
    </message>
    <message>
      <source>Makefile build file</source>
      <translation>Tệp Makefile</translation>
    </message>
    <message>
      <source>Python script</source>
      <translation>Tệp Python</translation>
    </message>
    <message>
      <source>SQLite3 database</source>
      <translation>Cơ sở dữ liệu SQLite</translation>
    </message>
    <message>
      <source>directory</source>
      <translation>thư mục</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Thư mục</translation>
    </message>
  </context>
  <context>
    <name>QTabBar</name>
    <message>
      <source>Scroll Left</source>
      <translation>Cuộn sang trái</translation>
    </message>
    <message>
      <source>Scroll Right</source>
      <translation>Cuộn sang phải</translation>
    </message>
  </context>
  <context>
    <name>QProgressBar</name>
    <message>
      <source>%p%</source>
      <translation>%p%</translation>
    </message>
  </context>
  <context>
    <name>QPageSetupWidget</name>
    <message>
      <source>Cicero (CC)</source>
      <translation>Cicero (CC)</translation>
    </message>
    <message>
      <source>Custom</source>
      <translation>Tùy chọn</translation>
    </message>
    <message>
      <source>Didot (DD)</source>
      <translation>Didot (DD)</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>Biểu mẫu</translation>
    </message>
    <message>
      <source>Height:</source>
      <translation>Chiều cao:</translation>
    </message>
    <message>
      <source>Inches (in)</source>
      <translation>Inch (in)</translation>
    </message>
    <message>
      <source>Landscape</source>
      <translation>Ngang</translation>
    </message>
    <message>
      <source>Margins</source>
      <translation>Lề</translation>
    </message>
    <message>
      <source>Millimeters (mm)</source>
      <translation>Milimét (mm)</translation>
    </message>
    <message>
      <source>Orientation</source>
      <translation>Hướng giấy</translation>
    </message>
    <message>
      <source>Page &amp;order:</source>
      <translation>&amp;Thứ tự trang:</translation>
    </message>
    <message>
      <source>Page Layout</source>
      <translation>Bố cục trang</translation>
    </message>
    <message>
      <source>Page order:</source>
      <translation>Thứ tự trang:</translation>
    </message>
    <message>
      <source>Page size:</source>
      <translation>Khổ giấy:</translation>
    </message>
    <message>
      <source>Pages &amp;per sheet:</source>
      <translation>Số trang &amp;mỗi tờ:</translation>
    </message>
    <message>
      <source>Pages per sheet:</source>
      <translation>Số trang mỗi tờ:</translation>
    </message>
    <message>
      <source>Paper</source>
      <translation>Giấy</translation>
    </message>
    <message>
      <source>Paper source:</source>
      <translation>Nguồn giấy:</translation>
    </message>
    <message>
      <source>Pica (P̸)</source>
      <translation>Pica (P̸)</translation>
    </message>
    <message>
      <source>Points (pt)</source>
      <translation>Điểm (pt)</translation>
    </message>
    <message>
      <source>Portrait</source>
      <translation>Dọc</translation>
    </message>
    <message>
      <source>Reverse landscape</source>
      <translation>Ngang ngược</translation>
    </message>
    <message>
      <source>Reverse portrait</source>
      <translation>Dọc ngược</translation>
    </message>
    <message>
      <source>Width:</source>
      <translation>Chiều rộng:</translation>
    </message>
    <message>
      <source>bottom margin</source>
      <translation>lề dưới</translation>
    </message>
    <message>
      <source>left margin</source>
      <translation>lề trái</translation>
    </message>
    <message>
      <source>mm</source>
      <translation>mm</translation>
    </message>
    <message>
      <source>right margin</source>
      <translation>lề phải</translation>
    </message>
    <message>
      <source>top margin</source>
      <translation>lề trên</translation>
    </message>
  </context>
  <context>
    <name>QPrintDialog</name>
    <message>
      <source>&amp;Options &gt;&gt;</source>
      <translation>&amp;Tùy chọn &gt;&gt;</translation>
    </message>
    <message>
      <source>&amp;Options &lt;&lt;</source>
      <translation>&amp;Tùy chọn &lt;&lt;</translation>
    </message>
    <message>
      <source>&amp;Print</source>
      <translation>&amp;In</translation>
    </message>
    <message>
      <source>All Pages</source>
      <translation>Mọi trang</translation>
    </message>
    <message>
      <source>Even Pages</source>
      <translation>Trang chẵn</translation>
    </message>
    <message>
      <source>Odd Pages</source>
      <translation>Trang lẻ</translation>
    </message>
    <message>
      <source>Bottom to Top, Left to Right</source>
      <translation>Dưới lên trên, trái sang phải</translation>
    </message>
    <message>
      <source>Bottom to Top, Right to Left</source>
      <translation>Dưới lên trên, phải sang trái</translation>
    </message>
    <message>
      <source>Left to Right, Bottom to Top</source>
      <translation>Trái sang phải, dưới lên trên</translation>
    </message>
    <message>
      <source>Left to Right, Top to Bottom</source>
      <translation>Trái sang phải, trên xuống dưới</translation>
    </message>
    <message>
      <source>Right to Left, Bottom to Top</source>
      <translation>Phải sang trái, dưới lên trên</translation>
    </message>
    <message>
      <source>Right to Left, Top to Bottom</source>
      <translation>Phải sang trái, trên xuống dưới</translation>
    </message>
    <message>
      <source>Top to Bottom, Left to Right</source>
      <translation>Trên xuống dưới, trái sang phải</translation>
    </message>
    <message>
      <source>Top to Bottom, Right to Left</source>
      <translation>Trên xuống dưới, phải sang trái</translation>
    </message>
    <message>
      <source>Local file</source>
      <translation>Tệp trên máy</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>In</translation>
    </message>
    <message>
      <source>Print to File (PDF)</source>
      <translation>In ra tệp (PDF)</translation>
    </message>
    <message>
      <source>Write PDF file</source>
      <translation>Ghi tệp PDF</translation>
    </message>
    <message>
      <source>1 (1x1)</source>
      <translation>1 (1x1)</translation>
    </message>
    <message>
      <source>2 (2x1)</source>
      <translation>2 (2x1)</translation>
    </message>
    <message>
      <source>4 (2x2)</source>
      <translation>4 (2x2)</translation>
    </message>
    <message>
      <source>6 (2x3)</source>
      <translation>6 (2x3)</translation>
    </message>
    <message>
      <source>9 (3x3)</source>
      <translation>9 (3x3)</translation>
    </message>
    <message>
      <source>16 (4x4)</source>
      <translation>16 (4x4)</translation>
    </message>
    <message>
      <source>Print current page</source>
      <translation>In trang hiện tại</translation>
    </message>
    <message>
      <source>Print all</source>
      <translation>In tất cả</translation>
    </message>
    <message>
      <source>Print range</source>
      <translation>In các trang</translation>
    </message>
    <message>
      <source>Print selection</source>
      <translation>In phần chọn</translation>
    </message>
  </context>
  <context>
    <name>QPrintPreviewDialog</name>
    <message>
      <source>%1%</source>
      <translation>%1%</translation>
    </message>
    <message>
      <source>First page</source>
      <translation>Trang đầu</translation>
    </message>
    <message>
      <source>Fit page</source>
      <translation>Vừa trang</translation>
    </message>
    <message>
      <source>Fit width</source>
      <translation>Vừa chiều ngang</translation>
    </message>
    <message>
      <source>Landscape</source>
      <translation>Ngang</translation>
    </message>
    <message>
      <source>Last page</source>
      <translation>Trang cuối</translation>
    </message>
    <message>
      <source>Next page</source>
      <translation>Trang sau</translation>
    </message>
    <message>
      <source>Page Setup</source>
      <translation>Thiết lập trang</translation>
    </message>
    <message>
      <source>Page setup</source>
      <translation>Thiết lập trang</translation>
    </message>
    <message>
      <source>Portrait</source>
      <translation>Dọc</translation>
    </message>
    <message>
      <source>Previous page</source>
      <translation>Trang trước</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>In</translation>
    </message>
    <message>
      <source>Print Preview</source>
      <translation>Xem trước khi in</translation>
    </message>
    <message>
      <source>Show facing pages</source>
      <translation>Hiện hai trang đối diện</translation>
    </message>
    <message>
      <source>Show overview of all pages</source>
      <translation>Hiện toàn bộ các trang</translation>
    </message>
    <message>
      <source>Show single page</source>
      <translation>Hiện một trang</translation>
    </message>
    <message>
      <source>Zoom in</source>
      <translation>Phóng to</translation>
    </message>
    <message>
      <source>Zoom out</source>
      <translation>Thu nhỏ</translation>
    </message>
    <message>
      <source>Export to PDF</source>
      <translation>Xuất ra PDF</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Đóng</translation>
    </message>
  </context>
  <context>
    <name>QPrintSettingsOutput</name>
    <message>
      <source>Collate</source>
      <translation>Sắp theo bộ</translation>
    </message>
    <message>
      <source>Color</source>
      <translation>Màu</translation>
    </message>
    <message>
      <source>Color Mode</source>
      <translation>Chế độ màu</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>Số bản</translation>
    </message>
    <message>
      <source>Copies:</source>
      <translation>Số bản:</translation>
    </message>
    <message>
      <source>Current Page</source>
      <translation>Trang hiện tại</translation>
    </message>
    <message>
      <source>Double Sided Printing</source>
      <translation>In hai mặt</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>Biểu mẫu</translation>
    </message>
    <message>
      <source>Grayscale</source>
      <translation>Thang xám</translation>
    </message>
    <message>
      <source>Long side binding</source>
      <translation>Đóng gáy cạnh dài</translation>
    </message>
    <message>
      <source>Off</source>
      <translation>Tắt</translation>
    </message>
    <message>
      <source>Options</source>
      <translation>Tùy chọn</translation>
    </message>
    <message>
      <source>Output Settings</source>
      <translation>Thiết lập in ra</translation>
    </message>
    <message>
      <source>Page &amp;Set:</source>
      <translation>&amp;Nhóm trang:</translation>
    </message>
    <message>
      <source>Page Set:</source>
      <translation>Tập trang:</translation>
    </message>
    <message>
      <source>Pages</source>
      <translation>Trang</translation>
    </message>
    <message>
      <source>Pages from</source>
      <translation>Từ trang</translation>
    </message>
    <message>
      <source>Print all</source>
      <translation>In tất cả</translation>
    </message>
    <message>
      <source>Print range</source>
      <translation>In các trang</translation>
    </message>
    <message>
      <source>Reverse</source>
      <translation>Đảo ngược</translation>
    </message>
    <message>
      <source>Selection</source>
      <translation>Phần chọn</translation>
    </message>
    <message>
      <source>Short side binding</source>
      <translation>Đóng gáy cạnh ngắn</translation>
    </message>
    <message>
      <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
      <translation>Ghi các trang hoặc khoảng trang, cách nhau bằng dấu phẩy; một khoảng là hai số nối bằng dấu gạch. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.</translation>
    </message>
    <message>
      <source>to</source>
      <translation>đến</translation>
    </message>
  </context>
  <context>
    <name>QPrintWidget</name>
    <message>
      <source>&amp;Name:</source>
      <translation>&amp;Tên:</translation>
    </message>
    <message>
      <source>...</source>
      <translation>...</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>Biểu mẫu</translation>
    </message>
    <message>
      <source>Location:</source>
      <translation>Vị trí:</translation>
    </message>
    <message>
      <source>Output &amp;file:</source>
      <translation>&amp;Tệp in ra:</translation>
    </message>
    <message>
      <source>P&amp;roperties</source>
      <translation>Th&amp;uộc tính</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>Xem trước</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>Máy in</translation>
    </message>
    <message>
      <source>Type:</source>
      <translation>Loại:</translation>
    </message>
  </context>
</TS>
