; LandDesk installer (NSIS 3). Built by packaging/windows/build.ps1 on Windows, and compiled on Linux
; by `make package` against the Linux one-folder build as a stand-in payload (CI: the script compiles).
;
;   makensis /DVERSION=0.1.0 /DSRCDIR=..\..\dist\landdesk /DOUTFILE=LandDesk-0.1.0-setup.exe landdesk.nsi
;
; - Installs for the current user, without administrator rights (%LOCALAPPDATA%\Programs\LandDesk);
;   district IT may install for all users from an elevated prompt with /AllUsers (Program Files).
; - Start-menu and desktop shortcuts; .ldpkg files (sync packages) open in LandDesk.
; - Silent: `LandDesk-setup.exe /S` (and `/S /AllUsers`); uninstall silently with `uninstall.exe /S`.
; - The uninstaller removes the program only: workspaces (Documents\LandDesk, or wherever the office put
;   them), backups and logs are never deleted.
; - Needs Windows 10 version 1809 (build 17763) or newer, or Windows 11, 64-bit: Qt 6 runs on nothing older.

Unicode true
ManifestDPIAware true
!ifdef FAST
  SetCompress off ; `make package` on Linux: the script must compile; the stand-in payload is not shipped
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef SRCDIR
  !define SRCDIR "..\..\dist\landdesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "LandDesk-${VERSION}-setup.exe"
!endif
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif

!define PRODUCT "LandDesk"
!define COMPANY "LandDesk project"
!define APPEXE "landdeskw.exe"
!define CLIEXE "landdesk.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LandDesk"
!define PROGID "LandDesk.Package"
!define MIN_BUILD 17763 ; Windows 10 1809

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} ${VERSION} — cài đặt / setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "© ${COMPANY}"

; ---- install mode: per user by default (no UAC prompt), all users with /AllUsers when elevated ----------
!define MULTIUSER_EXECUTIONLEVEL Standard
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
!define MULTIUSER_USE_PROGRAMFILES64
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include x64.nsh
!include FileFunc.nsh

!define MUI_ICON "landdesk.ico"
!define MUI_UNICON "landdesk.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "$(WelcomeTitle)"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"
!define MUI_UNFINISHPAGE_NOAUTOCLOSE

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString WelcomeTitle ${LANG_VIETNAMESE} "Cài đặt LandDesk ${VERSION}"
LangString WelcomeTitle ${LANG_ENGLISH} "LandDesk ${VERSION} setup"
LangString WelcomeText ${LANG_VIETNAMESE} "Phần mềm địa chính xã LandDesk.$\r$\n$\r$\nYêu cầu: Windows 10 phiên bản 1809 trở lên hoặc Windows 11, 64-bit; RAM 4 GB; khoảng 400 MB đĩa trống cho chương trình, và chỗ cho dữ liệu bản quét.$\r$\n$\r$\nChương trình được cài cho người dùng này, không cần quyền quản trị. Dữ liệu của xã (thư mục làm việc, mặc định Documents\LandDesk) không nằm trong thư mục chương trình và không bao giờ bị xóa khi gỡ cài đặt."
LangString WelcomeText ${LANG_ENGLISH} "LandDesk, the commune land office desk.$\r$\n$\r$\nRequires Windows 10 version 1809 or newer, or Windows 11, 64-bit; 4 GB of RAM; about 400 MB of disk for the program, plus room for the scans.$\r$\n$\r$\nIt is installed for this user, without administrator rights. The commune's data (the workspace, Documents\LandDesk by default) is not in the program folder and is never deleted by the uninstaller."
LangString RunNow ${LANG_VIETNAMESE} "Mở LandDesk"
LangString RunNow ${LANG_ENGLISH} "Open LandDesk"
LangString TooOld ${LANG_VIETNAMESE} "LandDesk cần Windows 10 (phiên bản 1809 trở lên) hoặc Windows 11, bản 64-bit. Máy này không đáp ứng; xem hướng dẫn cho máy Windows 7 trong tài liệu đi kèm."
LangString TooOld ${LANG_ENGLISH} "LandDesk needs Windows 10 (version 1809 or newer) or Windows 11, 64-bit. This computer does not meet that; see the notes for Windows 7 offices in the documentation."
LangString SecApp ${LANG_VIETNAMESE} "LandDesk (bắt buộc)"
LangString SecApp ${LANG_ENGLISH} "LandDesk (required)"
LangString SecDesktop ${LANG_VIETNAMESE} "Lối tắt trên màn hình nền"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecAssoc ${LANG_VIETNAMESE} "Mở tệp gói đồng bộ (.ldpkg) bằng LandDesk"
LangString SecAssoc ${LANG_ENGLISH} "Open sync packages (.ldpkg) with LandDesk"
LangString PackageType ${LANG_VIETNAMESE} "Gói đồng bộ LandDesk"
LangString PackageType ${LANG_ENGLISH} "LandDesk sync package"
LangString NeedAdmin ${LANG_VIETNAMESE} "LandDesk được cài cho mọi người dùng; hãy gỡ bằng quyền quản trị (chạy với quyền Administrator)."
LangString NeedAdmin ${LANG_ENGLISH} "LandDesk was installed for all users; uninstall it as an administrator (Run as administrator)."
LangString KeptData ${LANG_VIETNAMESE} "Đã gỡ chương trình. Dữ liệu của xã (thư mục làm việc, bản sao lưu, nhật ký) được giữ nguyên."
LangString KeptData ${LANG_ENGLISH} "The program was removed. The commune's data (workspace, backups, logs) was kept."

; ---- checks ---------------------------------------------------------------------------------------------

!macro RequireSupportedWindows
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "$(TooOld)" /SD IDOK
    SetErrorLevel 1150 ; ERROR_OLD_WIN_VERSION
    Quit
  ${EndIf}
!macroend

Function .onInit
  !insertmacro MULTIUSER_INIT
  !insertmacro RequireSupportedWindows
  SetRegView 64
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  SetRegView 64
  ${If} ${FileExists} "$INSTDIR\.all-users"
    ${If} $MultiUser.Privileges != "Admin"
      MessageBox MB_OK|MB_ICONSTOP "$(NeedAdmin)" /SD IDOK
      SetErrorLevel 740 ; ERROR_ELEVATION_REQUIRED
      Quit
    ${EndIf}
    Call un.MultiUser.InstallMode.AllUsers
  ${EndIf}
FunctionEnd

; ---- install ----------------------------------------------------------------------------------------------

Section "!$(SecApp)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; a previous version's libraries go first (files it had that this one has not), never anything else
  RMDir /r "$INSTDIR\_internal"
  File /r "${SRCDIR}\*.*"
  File "landdesk.ico"
  ${If} $MultiUser.InstallMode == "AllUsers"
    FileOpen $0 "$INSTDIR\.all-users" w
    FileClose $0
  ${EndIf}
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\landdesk.ico" 0
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\Gỡ cài đặt LandDesk (Uninstall).lnk" "$INSTDIR\uninstall.exe"

  ; Add/Remove Programs (HKCU for this user, HKLM with /AllUsers: SHCTX follows the install mode)
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${COMPANY}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\landdesk.ico"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S /$MultiUser.InstallMode'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecDesktop)" SecDesktop
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\landdesk.ico" 0
SectionEnd

Section "$(SecAssoc)" SecAssoc
  WriteRegStr SHCTX "Software\Classes\.ldpkg" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\.ldpkg" "Content Type" "application/x-landdesk-package"
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "$(PackageType)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\landdesk.ico,0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APPEXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)' ; SHCNE_ASSOCCHANGED
SectionEnd

; ---- uninstall: the program only ------------------------------------------------------------------------

Section "Uninstall"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  ReadRegStr $0 SHCTX "Software\Classes\.ldpkg" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\.ldpkg"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey SHCTX "${UNINSTKEY}"

  ; exactly what the installer put there (never the whole folder recursively: an office may have put a
  ; workspace or backups inside the program folder)
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APPEXE}"
  Delete "$INSTDIR\${CLIEXE}"
  Delete "$INSTDIR\landdesk"   ; the Linux stand-in payload's names, harmless on Windows
  Delete "$INSTDIR\landdeskw"
  Delete "$INSTDIR\landdesk.ico"
  Delete "$INSTDIR\.all-users"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR" ; only if empty
  SetDetailsPrint both
  DetailPrint "$(KeptData)"
SectionEnd

LangString DescApp ${LANG_VIETNAMESE} "Chương trình LandDesk và lối tắt trong menu Start."
LangString DescApp ${LANG_ENGLISH} "The LandDesk program and its Start-menu shortcut."
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "$(DescApp)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(SecDesktop)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssoc} "$(SecAssoc)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END
