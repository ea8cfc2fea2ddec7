# Build LandDesk's Windows installer on a Windows 10/11 x64 PC (PowerShell; no make, no Git Bash).
#
# Needs: Python 3.11 or newer, 64-bit, from python.org (with the "py" launcher), and NSIS 3
# (makensis.exe on PATH or in Program Files). Run from anywhere:
#
#     powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# It makes a fresh .venv-win, builds the one-folder app with PyInstaller (landdeskw.exe windowed,
# landdesk.exe console), runs the frozen self-test, checks the version resource, builds
# dist\LandDesk-<version>-setup.exe, then installs it silently into a temporary folder, runs the
# installed self-test and uninstalls it again (-SkipInstallTest to leave that out).

param(
    [string]$Python = "3.11",
    [switch]$SkipInstallTest
)
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

function Check($what) { if ($LASTEXITCODE -ne 0) { throw "$what failed (exit $LASTEXITCODE)" } }

# 1. A clean virtual environment with the app and PyInstaller
if (Test-Path .venv-win) { Remove-Item -Recurse -Force .venv-win }
py -$Python -m venv .venv-win; Check "python -m venv"
$Py = Join-Path $Root ".venv-win\Scripts\python.exe"
& $Py -m pip install --upgrade pip; Check "pip upgrade"
& $Py -m pip install -e ".[package]"; Check "pip install"
& $Py tools\i18n_build.py; Check "translations"
$Version = (& $Py -c "import landdesk; print(landdesk.__version__)").Trim()

# 2. The one-folder app and its self-test (temporary workspace, every view rendered offscreen)
& $Py -m PyInstaller --noconfirm --clean --distpath dist --workpath build packaging\landdesk.spec; Check "PyInstaller"
$App = Join-Path $Root "dist\landdesk"
$env:QT_QPA_PLATFORM = "offscreen"
& "$App\landdesk.exe" selftest; Check "selftest"
Remove-Item Env:\QT_QPA_PLATFORM

# 3. The version resource (Properties > Details, Task Manager) and the size
foreach ($exe in "landdesk.exe", "landdeskw.exe") {
    $info = (Get-Item "$App\$exe").VersionInfo
    if ($info.ProductName -ne "LandDesk" -or $info.ProductVersion -ne $Version) {
        throw "$exe has no LandDesk $Version version resource ($($info.ProductName) $($info.ProductVersion))"
    }
}
$MB = [math]::Round(((Get-ChildItem -Recurse $App | Measure-Object -Sum Length).Sum) / 1MB)
Write-Host "dist\landdesk: $MB MB unpacked (expected about 130-150 MB on Windows)"

# 4. The installer
$Nsis = (Get-Command makensis.exe -ErrorAction SilentlyContinue).Source
if (-not $Nsis) { $Nsis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
$Setup = Join-Path $Root "dist\LandDesk-$Version-setup.exe"
& $Nsis /V2 "/DVERSION=$Version" "/DSRCDIR=$App" "/DOUTFILE=$Setup" packaging\windows\landdesk.nsi; Check "makensis"
Write-Host "installer: $Setup ($([math]::Round((Get-Item $Setup).Length / 1MB)) MB)"

# 5. Silent install into a temporary folder, the installed app's self-test, silent uninstall
if (-not $SkipInstallTest) {
    $Dir = Join-Path $env:TEMP "LandDesk-install-test"
    Start-Process -Wait -FilePath $Setup -ArgumentList "/S", "/D=$Dir"
    $env:QT_QPA_PLATFORM = "offscreen"
    & "$Dir\landdesk.exe" selftest; Check "installed selftest"
    Remove-Item Env:\QT_QPA_PLATFORM
    # _?= keeps the uninstaller in place so that Start-Process waits for it
    Start-Process -Wait -FilePath "$Dir\uninstall.exe" -ArgumentList "/S", "_?=$Dir"
    Remove-Item -Force "$Dir\uninstall.exe" -ErrorAction SilentlyContinue
    if (Test-Path "$Dir\_internal") { throw "the uninstaller left the program in $Dir" }
    Write-Host "silent install, selftest and uninstall: ok"
}
