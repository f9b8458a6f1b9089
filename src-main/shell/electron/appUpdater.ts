// The Electron seam of app updates (docs/shell-and-server.md, "Updates"; ADR 0016): the core
// decides (signed manifest, the fleet's rollout, safe point, health gate); this file only drives
// electron-updater on the core's word. Download: the generic provider at the channel's URL, and
// only if electron-updater found the very release the core verified (releaseMatch.ts); the
// installer is then kept under the data directory. Install: quitAndInstall, silent, restarting the
// app. Roll back: the kept installer of the previous version (rollbackPlan.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { CoreToShellMessage, ShellToCoreMessage } from '../coreChannel';
import { keepInstallerFile } from '../installerStore';
import { sameRelease } from '../releaseMatch';
import { rollbackPlan, unattendedUpdateSupport } from '../rollbackPlan';

type Download = Extract<CoreToShellMessage, { type: 'appUpdateDownload' }>;

export interface ElectronAppUpdaterOptions {
  readonly dataDir: string;
  readonly send: (message: ShellToCoreMessage) => void;
  readonly log: (event: string, detail: string) => void;
}

export function electronAppUpdater(options: ElectronAppUpdaterOptions) {
  // Nothing happens on electron-updater's own initiative: no download, no install on quit.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  let downloading: string | undefined;

  const failed = (version: string, reason: 'notTheRelease' | 'unsupportedInstall' | 'downloadFailed', detail: string) => {
    options.log('app_update_download_failed', `${version}: ${reason}: ${detail}`);
    options.send({ type: 'appUpdateDownloadFailed', version, reason, detail });
  };

  return {
    async download(message: Download): Promise<void> {
      if (downloading !== undefined) return;
      const support = unattendedUpdateSupport(process.platform, process.env);
      if (!support.ok) return failed(message.version, 'unsupportedInstall', support.reason);
      downloading = message.version;
      try {
        autoUpdater.setFeedURL({ provider: 'generic', url: message.feedUrl });
        const check = await autoUpdater.checkForUpdates();
        const info = check?.updateInfo;
        if (!info) return failed(message.version, 'downloadFailed', 'electron-updater found no update');
        const match = sameRelease({ version: message.version, files: message.files }, { version: info.version, files: info.files.map((f) => ({ url: f.url, sha512: f.sha512 })) });
        if (!match.ok) return failed(message.version, 'notTheRelease', match.error);
        // electron-updater checks the download against the sha512 of the manifest just matched.
        const [downloaded] = await autoUpdater.downloadUpdate();
        if (!downloaded) return failed(message.version, 'downloadFailed', 'electron-updater returned no file');
        const kept = keepInstallerFile(options.dataDir, message.version, downloaded);
        options.send({ type: 'appUpdateDownloaded', version: message.version, installerPath: kept });
      } catch (e) {
        failed(message.version, 'downloadFailed', (e as Error).message);
      } finally {
        downloading = undefined;
      }
    },

    install(version: string): void {
      options.log('app_update_install', version);
      // Silent, and the app starts again once installed: the boot counts against the trial.
      autoUpdater.quitAndInstall(true, true);
    },

    rollBack(installerPath: string): void {
      const plan = rollbackPlan(process.platform, installerPath, process.env);
      switch (plan.kind) {
        case 'runInstaller': {
          options.log('app_update_roll_back', `${plan.command} ${plan.args.join(' ')}`);
          spawn(plan.command, [...plan.args], { detached: true, stdio: 'ignore' }).unref();
          app.quit();
          return;
        }
        case 'replaceAppImage': {
          options.log('app_update_roll_back', `${plan.from} → ${plan.to}`);
          const tmp = path.join(path.dirname(plan.to), `.${path.basename(plan.to)}.rollback`);
          fs.copyFileSync(plan.from, tmp);
          fs.chmodSync(tmp, 0o755);
          fs.renameSync(tmp, plan.to);
          app.relaunch();
          app.exit(0);
          return;
        }
        case 'manual':
          options.log('app_update_roll_back_manual', plan.reason);
          return;
        default: {
          const never: never = plan;
          throw new Error(`unknown plan ${JSON.stringify(never)}`);
        }
      }
    },
  };
}
