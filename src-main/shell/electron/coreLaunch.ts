// How the Electron shell starts its core, decided from the same launch plan as `budayang start`
// (siteConfig.ts): a packaged app runs its site's production profile in the site's data directory,
// or the technician's setup screen; never the demo profile. Pure, so it is tested without Electron.
import os from 'node:os';
import path from 'node:path';
import { type LaunchPlan, decideLaunch, setupFragment, type SiteConfigRead, type ProfileModeRead } from '../siteConfig';

/** What the shell starts. */
export type CoreLaunch =
  // the kiosk: the core with this profile and data directory
  | { readonly kind: 'kiosk'; readonly args: readonly string[]; readonly dataDir: string }
  // the setup screen: a core serving only the renderer, the page opened at `fragment`
  | { readonly kind: 'setup'; readonly args: readonly string[]; readonly fragment: string; readonly detail: string }
  // nothing can start; `message` goes to the log
  | { readonly kind: 'refuse'; readonly message: string };

export function coreLaunchFor(plan: LaunchPlan, port: number): CoreLaunch {
  switch (plan.kind) {
    case 'run':
      return { kind: 'kiosk', args: ['core', '--port', String(port), '--profile', plan.profile, '--data', plan.dataDir], dataDir: plan.dataDir };
    case 'setup':
      return { kind: 'setup', args: ['core', '--port', String(port), '--setup', plan.problem], fragment: setupFragment(plan.problem, plan.siteConfigPath), detail: plan.detail };
    case 'refuse':
      return { kind: 'refuse', message: plan.message };
    default: {
      const never: never = plan;
      return never;
    }
  }
}

export interface ElectronLaunchInput {
  /** `app.isPackaged`, or BUDAYANG_PACKAGED=1 for a checkout that behaves as one. */
  readonly packaged: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly siteConfigPath: string;
  readonly site: SiteConfigRead;
  readonly profileMode?: ProfileModeRead;
  readonly homeDir?: string;
}

/**
 * The Electron variant of the plan: `budayang start` passes BUDAYANG_PROFILE/BUDAYANG_DATA. A
 * packaged app ignores BUDAYANG_PROFILE (its site config decides; the launcher may set it to that
 * very profile) but honours BUDAYANG_DATA, as the CLI honours --data.
 */
export function planElectronLaunch(input: ElectronLaunchInput): LaunchPlan {
  const requestedProfile = input.packaged ? undefined : input.env.BUDAYANG_PROFILE;
  const requestedDataDir = input.env.BUDAYANG_DATA ? path.resolve(input.env.BUDAYANG_DATA) : undefined;
  return decideLaunch({
    packaged: input.packaged,
    ...(requestedProfile ? { requestedProfile } : {}),
    ...(requestedDataDir ? { requestedDataDir } : {}),
    homeDir: input.homeDir ?? os.homedir(),
    siteConfigPath: input.siteConfigPath,
    site: input.site,
    ...(input.profileMode ? { profileMode: input.profileMode } : {}),
  });
}
