// electron-builder.yml as packaged on a networked build host: the hardening fuses, the asar, and
// what the deb and the updater need. Parsed as YAML, so a typo in a key fails here, not at 2 a.m.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('flips the hardening fuses and packs the app in an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('starts the main bundle the build writes', () => {
    expect((config.extraMetadata as { main: string }).main).toBe('dist/shell/electron/main.cjs');
  });
});
