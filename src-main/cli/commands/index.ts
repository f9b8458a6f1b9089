// Every `budayang` command, by domain module. A module is loaded only when one of its commands
// runs (or for `--help`), so `budayang start` does not pay for PDF, platform or driver code.
// `words` are the first words of the module's command paths (tested against the real paths).
import type { CliCommand } from '../command';

export interface CommandModule {
  readonly words: readonly string[];
  load(): Promise<readonly CliCommand[]>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  { words: ['start', 'core'], load: async () => (await import('./start')).startCommands },
  { words: ['devices', 'simulate'], load: async () => (await import('./devices')).devicesCommands },
  { words: ['queue'], load: async () => (await import('./queue')).queueCommands },
  { words: ['provision'], load: async () => (await import('./provision')).provisionCommands },
  { words: ['platform'], load: async () => (await import('./platform')).platformCommands },
  { words: ['platform'], load: async () => (await import('./platformAdmin')).platformAdminCommands },
  { words: ['dev'], load: async () => (await import('./dev')).devCommands },
  { words: ['catalog'], load: async () => (await import('./catalog')).catalogCommands },
  { words: ['devices', 'cash', 'simulate'], load: async () => (await import('./cash')).cashCommands },
  { words: ['journal'], load: async () => (await import('./journal')).journalCommands },
  { words: ['print', 'simulate'], load: async () => (await import('./print')).printCommands },
  { words: ['pay'], load: async () => (await import('./pay')).payCommands },
  { words: ['admin'], load: async () => (await import('./admin')).adminCommands },
  { words: ['admin'], load: async () => (await import('./fleetAdmin')).fleetAdminCommands },
  { words: ['admin'], load: async () => (await import('./release')).releaseCommands },
  { words: ['config'], load: async () => (await import('./config')).configCommands },
  { words: ['devices', 'diag', 'cash'], load: async () => (await import('./technician')).technicianCommands },
  { words: ['launch', 'install-release'], load: async () => (await import('./launch')).launchCommands },
  { words: ['devices'], load: async () => (await import('./technicianDevices')).technicianDeviceCommands },
];

/** The commands whose first word is `word`; every command when `word` is undefined. */
export async function loadCommands(word?: string): Promise<readonly CliCommand[]> {
  const modules = COMMAND_MODULES.filter((m) => word === undefined || m.words.includes(word));
  return (await Promise.all(modules.map((m) => m.load()))).flat();
}
