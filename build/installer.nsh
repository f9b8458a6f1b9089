; NSIS additions (electron-builder's nsis.include; docs/shell-and-server.md, "OS integration"):
; the watchdog task at install, removed at uninstall. The data directory and the site config
; under %ProgramData%\Budayang stay on uninstall (unsynced records are never deleted).
!macro customInstall
  ; Backticks delimit the NSIS string, so PowerShell gets double and single quotes as written.
  nsExec::ExecToLog `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "Register-ScheduledTask -TaskPath '\Budayang\' -TaskName 'Kiosk' -Force -Xml (Get-Content -Raw -LiteralPath '$INSTDIR\resources\windows\budayang-kiosk-task.xml')"`
!macroend

!macro customUnInstall
  nsExec::ExecToLog 'schtasks.exe /Delete /TN "Budayang\Kiosk" /F'
!macroend
