# The kiosk's watchdog on Windows (docs/shell-and-server.md, "OS integration"): started hidden by
# the "Budayang\Kiosk" scheduled task at every logon, it starts the app again whenever it ends,
# as systemd's Restart=always does on Linux. BUDAYANG_SUPERVISED tells the app to exit (not to
# relaunch itself) when it wants a restart.
$ErrorActionPreference = 'Continue'
$env:BUDAYANG_SUPERVISED = '1'
$app = Join-Path $PSScriptRoot '..\..\Budayang.exe'
while ($true) {
  if (Test-Path $app) {
    Start-Process -FilePath $app -Wait
  }
  Start-Sleep -Seconds 3
}
