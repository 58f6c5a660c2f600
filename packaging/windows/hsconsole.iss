; HeavySet Console: Windows installer (Inno Setup 6.3 or newer).
;
; Built by packaging\windows\build.ps1, which runs:
;   ISCC.exe /DAppVersion=<hsconsole.__version__> /DFileVersion=<a.b.c.d> /DSourceDir=<dist\hsconsole>
;            /DIconFile=<hsconsole.ico>
;            /O<output folder> [/Shssign=... /DSignTool=hssign] packaging\windows\hsconsole.iss
;
; Why Inno Setup and not NSIS: per-user installs without admin rights are one directive
; (PrivilegesRequired=lowest maps {autopf}, {autoprograms} and HKA to the user's own areas), the
; uninstaller, Restart Manager handling of a running console, code signing of Setup, the uninstaller
; and chosen files (SignTool=, Flags: signonce) are built in, and the script is declarative, so it
; can be reviewed line by line; NSIS needs plug-ins and hand-written uninstall sections for the same.
;
; The version is never written here: build.ps1 passes the package's __version__.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z (build.ps1 reads it from hsconsole.__version__)
#endif
#ifndef FileVersion
  ; Windows version resources take numbers only (build.ps1 passes x.y.z as x.y.z.0)
  #define FileVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\hsconsole"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "HeavySet Console"
#define AppExe "hsconsole.exe"
#define AppPublisher "HeavySet Tech"
#define Scheme "hsconsole"
; where the console keeps settings, the outbox of unsent changes, the audit log and logs
; (platformdirs: user_config_dir/user_data_dir/user_log_dir("hsconsole", appauthor=False))
#define UserDataDir "{localappdata}\hsconsole"

[Setup]
; AppId never changes between versions: upgrades and the uninstaller find the same installation
AppId={{72C8B543-F35C-4BF8-9CC0-47D5AA18BA84}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
; per user, no administrator rights: {autopf} is %LOCALAPPDATA%\Programs, {autoprograms} the
; user's Start menu, and the uninstall entry goes under HKCU
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; the bundle is 64-bit (PyInstaller on 64-bit Python); x64compatible also allows Arm64 Windows 11
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; a running console is closed (Restart Manager) before its files are replaced, and restarted after
CloseApplications=yes
RestartApplications=yes
; Explorer refreshes its association data (the hsconsole: scheme) after install and uninstall
ChangesAssociations=yes
WizardStyle=modern
OutputDir={#OutputDir}
OutputBaseFilename=hsconsole-{#AppVersion}-windows-x64-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
; code signing only when build.ps1 was given a certificate: it defines the Sign Tool "hssign" on the
; ISCC command line (/Shssign=...) and passes /DSignTool=hssign. Setup, the uninstaller and
; hsconsole.exe (Flags: signonce below) are then signed with an RFC 3161 timestamp.
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.RemoveUserData=Also delete this computer's HeavySet Console settings, logs, audit log and outbox?%n%nChanges still waiting in the outbox (not yet sent to HeavySet) would be lost.%n%nTokens stay in Windows Credential Manager; remove a profile inside the console to delete its tokens.%n%nChoose No to keep them (the usual choice when reinstalling or upgrading).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
#ifdef SignTool
Source: "{#SourceDir}\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion signonce
#else
Source: "{#SourceDir}\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion
#endif
Source: "{#SourceDir}\*"; Excludes: "\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the whole bundle: files a newer PyInstaller no longer ships must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; the hsconsole: URL scheme, for this user (HKCU\Software\Classes is merged into HKEY_CLASSES_ROOT).
; A dialer opening hsconsole:+18015551234 or hsconsole://lookup?phone=... starts
; "hsconsole.exe" "<the link>"; a console already running gets the number through its
; single-instance channel and the new process exits.
Root: HKCU; Subkey: "Software\Classes\{#Scheme}"; ValueType: string; ValueName: ""; ValueData: "URL:HeavySet Console link"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#Scheme}"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\{#Scheme}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\{#Scheme}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Uninstalling keeps the user's settings, outbox and logs unless the user asks otherwise:
// interactively, a question whose default answer is No; silently (IT deployments), only with
// the /REMOVEUSERDATA switch on the uninstaller's command line.
function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Remove: Boolean;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    if UninstallSilent then
      Remove := HasSwitch('/REMOVEUSERDATA')
    else
      Remove := MsgBox(CustomMessage('RemoveUserData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    if Remove then
      DelTree(ExpandConstant('{#UserDataDir}'), True, True, True);
  end;
end;
