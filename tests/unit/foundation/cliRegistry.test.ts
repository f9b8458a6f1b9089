// The CLI's lazy command registry: every module's declared first words match its real command
// paths, so no command is unreachable and none loads a module it does not need.
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, loadCommands } from '../../../src-main/cli/commands/index';
import { findCommand } from '../../../src-main/cli/main';

describe('CLI command registry', () => {
  it('each module declares exactly the first words of its commands', async () => {
    for (const module of COMMAND_MODULES) {
      const commands = await module.load();
      expect(commands.length).toBeGreaterThan(0);
      const firstWords = new Set(commands.map((c) => c.path[0]));
      expect([...firstWords].sort()).toEqual([...module.words].sort());
    }
  });

  it('no two commands share a path', async () => {
    const paths = (await loadCommands()).map((c) => c.path.join(' '));
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('finds the most specific command for the words typed', async () => {
    const found = findCommand(await loadCommands('devices'), ['devices', 'read-id', '--port', '/dev/x']);
    expect(found?.command.path).toEqual(['devices', 'read-id']);
    expect(found?.args).toEqual(['--port', '/dev/x']);
    expect(findCommand(await loadCommands('nope'), ['nope'])).toBeUndefined();
  });
});
