<#
.SYNOPSIS
  Build HeavySet Console for Windows: the one-folder bundle and its Inno Setup installer.

.DESCRIPTION
  From the repository root (PowerShell 5.1 or 7, Python 3.11 x64 on PATH, Inno Setup 6.3+):

    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

  makes
    dist\hsconsole\hsconsole.exe                          the bundle (PyInstaller, one folder)
    dist\hsconsole-<version>-windows-x64-setup.exe        the per-user installer

  Steps: a virtualenv in .venv with the package and its dev extra (PyInstaller) plus Pillow (for the
  .ico); PyInstaller with packaging\hsconsole.spec; the bundle's --self-test; the .ico from the
  committed PNGs; ISCC with the version read from hsconsole.__version__.

  Code signing runs only when a certificate is given, through environment variables:
    SIGN_CERT_SHA1      thumbprint of a code-signing certificate already in Cert:\CurrentUser\My
    SIGN_PFX_BASE64     or: a .pfx file, base64-encoded (imported into Cert:\CurrentUser\My first)
    SIGN_PFX_PASSWORD   its password
    SIGN_TIMESTAMP_URL  RFC 3161 timestamp server (default http://timestamp.digicert.com)
  signtool then signs hsconsole.exe, the installer and the uninstaller with
    signtool sign /sha1 <thumbprint> /fd sha256 /tr <url> /td sha256 /d "HeavySet Console" <file>
  and verifies the installer with signtool verify /pa. Without a certificate nothing is signed
  (SmartScreen will warn about an unknown publisher).
#>
[CmdletBinding()]
param(
    [string]$Python = "python",
    [switch]$SkipSetup,
    [switch]$SkipSelfTest
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Invoke-Checked {
    param([string]$File, [string[]]$Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File failed with exit code $LASTEXITCODE" }
}

function Find-Iscc {
    $command = Get-Command iscc.exe -ErrorAction SilentlyContinue
    if ($command) { return $command.Source }
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    foreach ($candidate in $candidates) {
        if ($candidate -and (Test-Path $candidate)) { return $candidate }
    }
    throw "Inno Setup 6 (ISCC.exe) not found: install it (choco install innosetup, or winget install JRSoftware.InnoSetup)"
}

function Find-SignTool {
    $command = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($command) { return $command.Source }
    $kits = Join-Path ${env:ProgramFiles(x86)} "Windows Kits\10\bin"
    $found = Get-ChildItem -Path $kits -Filter signtool.exe -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match "\\x64\\" } | Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $found) { throw "signtool.exe not found (Windows SDK)" }
    return $found.FullName
}

function Get-SigningThumbprint {
    if ($env:SIGN_PFX_BASE64) {
        $pfx = Join-Path ([IO.Path]::GetTempPath()) ("hsconsole-" + [Guid]::NewGuid().ToString("N") + ".pfx")
        try {
            [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:SIGN_PFX_BASE64))
            $flags = [Security.Cryptography.X509Certificates.X509KeyStorageFlags]"PersistKeySet,UserKeySet"
            $cert = New-Object Security.Cryptography.X509Certificates.X509Certificate2($pfx, $env:SIGN_PFX_PASSWORD, $flags)
            $store = New-Object Security.Cryptography.X509Certificates.X509Store("My", "CurrentUser")
            $store.Open("ReadWrite")
            $store.Add($cert)
            $store.Close()
            return $cert.Thumbprint
        } finally {
            Remove-Item -Force -ErrorAction SilentlyContinue $pfx
        }
    }
    if ($env:SIGN_CERT_SHA1) { return $env:SIGN_CERT_SHA1 }
    return $null
}

$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root
$dist = Join-Path $root "dist"
$work = Join-Path $root "build\pyinstaller"
$venvPython = Join-Path $root ".venv\Scripts\python.exe"

if (-not $SkipSetup) {
    if (-not (Test-Path $venvPython)) {
        Write-Host "==> creating .venv"
        Invoke-Checked $Python @("-m", "venv", ".venv")
    }
    Write-Host "==> installing hsconsole[dev] and Pillow into .venv"
    Invoke-Checked $venvPython @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
    Invoke-Checked $venvPython @("-m", "pip", "install", "--quiet", "-e", ".[dev]", "pillow>=10.1")
}

$version = (& $venvPython -c "import hsconsole; print(hsconsole.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $version) { throw "cannot read hsconsole.__version__" }
$numbers = @([regex]::Matches(([regex]::Match($version, "^[\d.]*").Value), "\d+") | ForEach-Object { $_.Value })
while ($numbers.Count -lt 4) { $numbers += "0" }
$fileVersion = ($numbers[0..3]) -join "."
Write-Host "==> hsconsole $version (file version $fileVersion)"

$started = Get-Date
Write-Host "==> PyInstaller"
Invoke-Checked $venvPython @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", $dist, "--workpath", $work, "packaging\hsconsole.spec")
$exe = Join-Path $dist "hsconsole\hsconsole.exe"

if (-not $SkipSelfTest) {
    Write-Host "==> self-test of the bundle"
    # a windowed program: its output reaches us through redirected handles and, to be sure, a file
    $summary = Join-Path $work "selftest.txt"
    $env:HSCONSOLE_SELFTEST_OUTPUT = $summary
    $process = Start-Process -FilePath $exe -ArgumentList "--self-test" -Wait -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $work "selftest-stdout.txt") `
        -RedirectStandardError (Join-Path $work "selftest-stderr.txt")
    Remove-Item Env:\HSCONSOLE_SELFTEST_OUTPUT
    if (Test-Path $summary) { Get-Content $summary }
    Get-Content (Join-Path $work "selftest-stderr.txt") -ErrorAction SilentlyContinue
    if ($process.ExitCode -ne 0) { throw "the bundle's self-test failed (exit code $($process.ExitCode))" }
}

Write-Host "==> icon"
$icon = Join-Path $work "hsconsole-setup.ico"
Invoke-Checked $venvPython @("packaging\make_icons.py", "--ico", $icon)

$isccArgs = @("/Qp", "/DAppVersion=$version", "/DFileVersion=$fileVersion",
    "/DSourceDir=$(Join-Path $dist 'hsconsole')", "/DIconFile=$icon", "/O$dist")
$thumbprint = Get-SigningThumbprint
if ($thumbprint) {
    $signtool = Find-SignTool
    $timestamp = if ($env:SIGN_TIMESTAMP_URL) { $env:SIGN_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
    Write-Host "==> signing with certificate $thumbprint, timestamps from $timestamp"
    # $q is Inno Setup's quote and $f the file to sign (single quotes keep PowerShell off them)
    $command = '$q' + $signtool + '$q sign /sha1 ' + $thumbprint + ' /fd sha256 /tr ' + $timestamp +
        ' /td sha256 /d $qHeavySet Console$q $f'
    $isccArgs += @("/Shssign=$command", "/DSignTool=hssign")
} else {
    Write-Host "==> no certificate (SIGN_CERT_SHA1 or SIGN_PFX_BASE64): the installer is not signed"
}

Write-Host "==> Inno Setup"
$iscc = Find-Iscc
Invoke-Checked $iscc ($isccArgs + @("packaging\windows\hsconsole.iss"))
$setup = Join-Path $dist "hsconsole-$version-windows-x64-setup.exe"
if (-not (Test-Path $setup)) { throw "ISCC did not make $setup" }
if ($thumbprint) {
    Invoke-Checked (Find-SignTool) @("verify", "/pa", "/v", $setup)
}

$bundleBytes = (Get-ChildItem -Recurse -File (Join-Path $dist "hsconsole") | Measure-Object -Sum Length).Sum
$elapsed = [int]((Get-Date) - $started).TotalSeconds
Write-Host ("==> built in {0}s" -f $elapsed)
Write-Host ("bundle:    {0:N1} MB  {1}" -f ($bundleBytes / 1MB), (Join-Path $dist "hsconsole"))
Write-Host ("installer: {0:N1} MB  {1}" -f ((Get-Item $setup).Length / 1MB), $setup)
