// How the Electron shell installs a kept installer again (a failed release's way back), per
// package format: the NSIS installer runs silently and starts the app; an AppImage replaces the
// running file (what electron-updater itself does) and the app restarts; a deb needs root, which
// an unattended kiosk does not have, so it is left to the technician (docs/shell-and-server.md).

/** What to do to go back. */
export type RollbackPlan =
  // run this installer detached; it replaces the app and starts it (`--force-run`)
  | { readonly kind: 'runInstaller'; readonly command: string; readonly args: readonly string[] }
  // copy the kept AppImage over the running one, then restart the app
  | { readonly kind: 'replaceAppImage'; readonly from: string; readonly to: string }
  // not possible unattended; `reason` goes to the log and the technician's status
  | { readonly kind: 'manual'; readonly reason: string };

/**
 * Whether this install can update itself with nobody there: NSIS on Windows (silent), an AppImage
 * on Linux (a user-writable file). A deb needs root — electron-updater would ask for a password
 * through pkexec and wait forever on a village kiosk — so a deb kiosk refuses app releases.
 */
export function unattendedUpdateSupport(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  if (platform === 'win32') return { ok: true };
  if (platform === 'linux') return env.APPIMAGE ? { ok: true } : { ok: false, reason: 'not an AppImage: a deb (or unpacked) install needs root to update and cannot update unattended; install the new deb by hand or run the AppImage' };
  return { ok: false, reason: `no unattended updates on ${platform}` };
}

export function rollbackPlan(platform: NodeJS.Platform, installerPath: string, env: NodeJS.ProcessEnv): RollbackPlan {
  const lower = installerPath.toLowerCase();
  if (platform === 'win32' && lower.endsWith('.exe')) return { kind: 'runInstaller', command: installerPath, args: ['/S', '--force-run'] };
  if (platform === 'linux' && lower.endsWith('.appimage')) {
    if (!env.APPIMAGE) return { kind: 'manual', reason: 'the app does not run as an AppImage ($APPIMAGE unset): install the kept AppImage by hand' };
    return { kind: 'replaceAppImage', from: installerPath, to: env.APPIMAGE };
  }
  if (platform === 'linux' && lower.endsWith('.deb')) return { kind: 'manual', reason: `a deb needs root: run \`sudo dpkg -i ${installerPath}\`` };
  return { kind: 'manual', reason: `no unattended way back for ${installerPath} on ${platform}` };
}
