; Windows installer of the member terminal (Inno Setup 6).
;
; Inno Setup 6.3 or newer. The file is UTF-8 with a byte-order mark (Inno Setup needs it to
; read the Chinese texts on any Windows code page).
;
; Build on Windows after the folder bundle exists (pyinstaller installer\member-terminal.spec
; makes dist\member-terminal\ with pos-terminal.exe and posctl.exe):
;     iscc /DAppVersion=0.1.0 installer\windows\member-terminal.iss
; The installer lands in dist\.
;
; It installs the bundle under Program Files, adds Start-menu shortcuts, and never touches
; the store's data: the database, its key file, the configuration and the logs live in the
; cashier account's %LOCALAPPDATA%\member-terminal (platformdirs), which the uninstaller
; leaves in place (nothing here installs or deletes files there).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Member Terminal"
#define AppNameZh "会员终端"
#define BundleDir "..\..\dist\member-terminal"

[Setup]
; The AppId ties upgrades to earlier installs: never change it.
AppId={{5C8E2F4A-6B1D-4E3A-9F27-3D0B8A71C6E2}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=member-terminal-{#AppVersion}-setup
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 or newer (Qt 6 needs it).
MinVersion=10.0
PrivilegesRequired=admin
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupIconFile=terminal.ico
UninstallDisplayIcon={app}\pos-terminal.exe
; An upgrade closes a running counter first and starts it again afterwards.
CloseApplications=yes
RestartApplications=yes

[Languages]
; ChineseSimplified.isl ships with current Inno Setup; with an older copy, put the file from
; https://jrsoftware.org/files/istrans/ into Inno Setup's Languages folder.
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.ShortcutCounter={#AppNameZh}
english.ShortcutCounter={#AppName}
chinesesimplified.ShortcutAdmin={#AppNameZh} 管理命令行
english.ShortcutAdmin={#AppName} admin prompt
chinesesimplified.DesktopIcon=创建桌面快捷方式
english.DesktopIcon=Create a desktop shortcut

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole library folder, so no file of the old version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ShortcutCounter}"; Filename: "{app}\pos-terminal.exe"; WorkingDir: "{app}"
; A command prompt in the install folder, for posctl (backups, operators, imports).
Name: "{group}\{cm:ShortcutAdmin}"; Filename: "{cmd}"; Parameters: "/k posctl.exe --help"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ShortcutCounter}"; Filename: "{app}\pos-terminal.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\pos-terminal.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder on purpose: uninstalling must never take the
; store's members, ledgers or key file with it.
