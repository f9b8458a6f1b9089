// Every shipped profile is a valid kiosk config, and production profiles use no simulator.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DIR, listProfiles, loadConfig } from '../../../src-main/core/config/loadConfig';

describe('shipped profiles', () => {
  const profiles = listProfiles();

  it('include the demo, test and a site example', () => {
    expect(profiles).toEqual(expect.arrayContaining(['demo', 'test', 'test-journey', 'site-example-village']));
    expect(fs.existsSync(path.join(CONFIG_DIR, 'profiles', 'demo.json'))).toBe(true);
  });

  it.each(profiles)('%s parses against the schema', (profile) => {
    const loaded = loadConfig({ profile });
    expect(loaded.ok ? '' : loaded.error).toBe('');
  });

  const production = profiles.filter((profile) => {
    const loaded = loadConfig({ profile });
    return loaded.ok && loaded.value.mode === 'production';
  });

  it('include at least one production profile', () => {
    expect(production).toContain('site-example-village');
  });

  it.each(production)('%s (production) configures no simulator and no embedded platform', (profile) => {
    const loaded = loadConfig({ profile });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.value.devices.length).toBeGreaterThan(0);
    expect(loaded.value.devices.filter((d) => d.transport.kind === 'simulator')).toEqual([]);
    expect(loaded.value.sync.embeddedPlatformPort).toBeUndefined();
    expect(loaded.value.sync.platformUrl).toMatch(/^https:\/\//);
  });

  it('a broken profile is refused with the problem named', () => {
    const result = loadConfig({ profile: 'demo', overrides: { kiosk: { code: 'bad code', hallName: { zh: 'x', en: 'x' }, level: 'city', regionCode: '420200' } } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('kiosk.code');
  });
});
