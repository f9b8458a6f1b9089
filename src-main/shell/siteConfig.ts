// Where a packaged kiosk finds what it is (docs/shell-and-server.md, "Production by default"): the
// installed site config names the profile and the data directory. A packaged launch never falls
// back to the demo profile: without a usable site config it shows the technician's setup screen.
// `decideLaunch` is pure; `readSiteConfig` and `readProfileMode` are the file reads around it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Overrides the site config's path (installs in unusual places, tests). */
export const SITE_CONFIG_ENV = 'BUDAYANG_SITE_CONFIG';
/** `1` makes a checkout behave as a packaged install (tests of the packaged defaults). */
export const PACKAGED_ENV = 'BUDAYANG_PACKAGED';
/** Set by `budayang launch` for the shell and core it starts: the versioned install root (ADR 0020). */
export const INSTALL_ROOT_ENV = 'BUDAYANG_INSTALL_ROOT';
/** Written at the root of every release the release script builds: its presence means "packaged". */
export const RELEASE_INFO_FILE = 'release.json';

/** The installed site config: a few lines a technician writes once per kiosk. */
export const SiteConfig = z
  .object({
    /** The kiosk profile: a JSON file (absolute, or relative to the site config's folder). */
    profile: z.string().min(1).refine((p) => p.endsWith('.json'), 'must be the path of a .json profile file, not a profile name'),
    /** The data directory (database, keys, logs), absolute. */
    dataDir: z.string().min(1).refine((p) => path.isAbsolute(p), 'must be an absolute path'),
    /** Browser shell only: the folder that holds `versions/<version>/` and `install.json`. */
    installRoot: z.string().refine((p) => path.isAbsolute(p), 'must be an absolute path').optional(),
  })
  .strict();
export type SiteConfig = z.infer<typeof SiteConfig>;

/** The default site config path of each operating system. */
export function defaultSiteConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (env[SITE_CONFIG_ENV]) return path.resolve(env[SITE_CONFIG_ENV]!);
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Budayang', 'site.json');
  return '/etc/budayang/site.json';
}

/** What reading the site config found. */
export type SiteConfigRead =
  // no file at the path
  | { readonly kind: 'missing' }
  // a file that is not JSON or not a site config; `detail` is for the technician's log
  | { readonly kind: 'invalid'; readonly detail: string }
  // a valid site config, its profile path made absolute
  | { readonly kind: 'found'; readonly config: SiteConfig };

export function readSiteConfig(file: string): SiteConfigRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'invalid', detail: `cannot read ${file}: ${code ?? (e as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { kind: 'invalid', detail: `${file} is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = SiteConfig.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', detail: `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  return { kind: 'found', config: { ...parsed.data, profile: path.resolve(path.dirname(file), parsed.data.profile) } };
}

/** The `mode` a profile file declares, or why it cannot be read. */
export type ProfileModeRead = { readonly kind: 'mode'; readonly mode: string | undefined } | { readonly kind: 'unreadable'; readonly detail: string };

export function readProfileMode(file: string): ProfileModeRead {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { kind: 'unreadable', detail: `${file} is not a JSON object` };
    const mode = (raw as { mode?: unknown }).mode;
    return { kind: 'mode', mode: typeof mode === 'string' ? mode : undefined };
  } catch (e) {
    return { kind: 'unreadable', detail: `${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Why a packaged kiosk shows the setup screen; the renderer has a zh/en sentence for each. */
export const SetupProblem = z.enum([
  'siteConfigMissing', // no site config at the expected path
  'siteConfigInvalid', // a site config that is not JSON or misses a field
  'profileUnreadable', // the profile it names does not exist or is not a JSON object
  'profileNotProduction', // the profile it names is not `mode: production` (a demo or simulated profile)
]);
export type SetupProblem = z.infer<typeof SetupProblem>;

export interface LaunchInput {
  /** A packaged install (Electron `app.isPackaged`, a release's `release.json`, or BUDAYANG_PACKAGED=1). */
  readonly packaged: boolean;
  /** `--profile` as given, if any. */
  readonly requestedProfile?: string;
  /** The data directory the command line or environment asked for, if any. */
  readonly requestedDataDir?: string;
  readonly homeDir: string;
  readonly siteConfigPath: string;
  /** Read only for packaged launches. */
  readonly site: SiteConfigRead;
  /** The `mode` of the site's profile (read only when the site config was found). */
  readonly profileMode?: ProfileModeRead;
}

/** What a launch does. */
export type LaunchPlan =
  // start the kiosk with this profile and data directory
  | { readonly kind: 'run'; readonly profile: string; readonly dataDir: string; readonly installRoot?: string; readonly origin: 'development' | 'siteConfig' }
  // show the technician's setup screen; `detail` goes to the log, never to the screen
  | { readonly kind: 'setup'; readonly problem: SetupProblem; readonly siteConfigPath: string; readonly detail: string }
  // refuse the command line (exit 2): `message` says why
  | { readonly kind: 'refuse'; readonly message: string };

/** Development checkouts keep the demo defaults; a packaged launch only ever runs its site's production profile. */
export function decideLaunch(input: LaunchInput): LaunchPlan {
  if (!input.packaged) {
    return { kind: 'run', profile: input.requestedProfile ?? 'demo', dataDir: input.requestedDataDir ?? path.join(input.homeDir, '.budayang'), origin: 'development' };
  }
  if (input.requestedProfile !== undefined) {
    return { kind: 'refuse', message: `a packaged kiosk takes its profile from its site config (${input.siteConfigPath}); --profile is for development checkouts` };
  }
  const setup = (problem: SetupProblem, detail: string): LaunchPlan => ({ kind: 'setup', problem, siteConfigPath: input.siteConfigPath, detail });
  switch (input.site.kind) {
    case 'missing':
      return setup('siteConfigMissing', `no site config at ${input.siteConfigPath}`);
    case 'invalid':
      return setup('siteConfigInvalid', input.site.detail);
    case 'found': {
      const config = input.site.config;
      const mode = input.profileMode;
      if (!mode || mode.kind === 'unreadable') return setup('profileUnreadable', mode?.detail ?? `the profile ${config.profile} was not read`);
      if (mode.mode !== 'production') return setup('profileNotProduction', `the profile ${config.profile} has mode ${mode.mode ?? '(default: demo)'}; a packaged kiosk runs only a production profile`);
      return {
        kind: 'run',
        profile: config.profile,
        dataDir: input.requestedDataDir ?? config.dataDir,
        ...(config.installRoot ? { installRoot: config.installRoot } : {}),
        origin: 'siteConfig',
      };
    }
    default: {
      const never: never = input.site;
      return never;
    }
  }
}

/** Whether this package is a packaged install: a release's `release.json` at its root, or the test switch. */
export function isPackagedInstall(packageRoot: string, env: NodeJS.ProcessEnv): boolean {
  return env[PACKAGED_ENV] === '1' || fs.existsSync(path.join(packageRoot, RELEASE_INFO_FILE));
}

/** Reads what `decideLaunch` needs from disk and decides. */
export function planLaunch(options: { readonly packaged: boolean; readonly requestedProfile?: string; readonly requestedDataDir?: string; readonly env: NodeJS.ProcessEnv; readonly platform?: NodeJS.Platform }): LaunchPlan {
  const siteConfigPath = defaultSiteConfigPath(options.platform ?? process.platform, options.env);
  const site: SiteConfigRead = options.packaged ? readSiteConfig(siteConfigPath) : { kind: 'missing' };
  return decideLaunch({
    packaged: options.packaged,
    ...(options.requestedProfile !== undefined ? { requestedProfile: options.requestedProfile } : {}),
    ...(options.requestedDataDir !== undefined ? { requestedDataDir: options.requestedDataDir } : {}),
    homeDir: os.homedir(),
    siteConfigPath,
    site,
    ...(site.kind === 'found' ? { profileMode: readProfileMode(site.config.profile) } : {}),
  });
}

/** The renderer's address fragment for the setup screen (no secret: the problem code and the path). */
export function setupFragment(problem: SetupProblem, siteConfigPath: string): string {
  return `#${new URLSearchParams({ setup: problem, site: siteConfigPath }).toString()}`;
}
