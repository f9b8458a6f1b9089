// In the browser shell the API token used to sit in Chromium's argv (`--app=…#token=…`), in the
// core's environment and in the `ready:` line, valid for the whole run. Now the token goes to the
// core over IPC only; stdout and every command line carry at most a one-time code, which is dead
// once traded. A kiosk window's command line carries none: it opens on the shell's starting page,
// which hands the page its code once the core is ready.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corePidOf, parseReadyLine, READY_LINE, redeemCode, runBudayang, startShell, stopAllKioskProcesses, tempDataDir, waitUntil } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

const procText = (pid: number, file: 'cmdline' | 'environ') => fs.readFileSync(`/proc/${pid}/${file}`).toString('latin1').replace(/\0/g, ' ');

describe('the session token', () => {
  it('is never in a command line, an environment or stdout; the ready URL carries only a one-time code', async () => {
    const dataDir = tempDataDir();
    const shell = startShell(dataDir);
    const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
    expect(ready.code).toMatch(/^[0-9a-f]{32}$/);
    const traded = await redeemCode(ready.baseUrl, ready.code!);
    expect(traded.status).toBe(200);
    const token = traded.body.token as string;
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    // The code in the ready line is used up: reading stdout later gives nothing reusable.
    expect((await redeemCode(ready.baseUrl, ready.code!)).status).toBe(401);
    expect(shell.output()).not.toContain(token);
    const core = corePidOf(dataDir);
    for (const pid of [shell.child.pid!, core]) {
      expect(procText(pid, 'cmdline')).not.toContain(token);
      expect(procText(pid, 'environ')).not.toContain(token);
    }
  }, 90_000);

  it('reaches a kiosk window only as a one-time code its starting page hands over; neither argv nor the ready line carries one', async () => {
    const dataDir = tempDataDir();
    // A stand-in for Chromium that records its arguments and stays up like a window would (outside
    // the data directory, whose files the core makes 0600, i.e. not executable).
    const bin = tempDataDir('budayang-fake-chromium-');
    const argvFile = path.join(bin, 'window-argv.txt');
    const fakeChromium = path.join(bin, 'fake-chromium.sh');
    fs.writeFileSync(fakeChromium, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\nexec sleep 120\n`, { mode: 0o700 });
    const shell = runBudayang(['start', '--shell', 'browser', '--profile', 'test'], dataDir, { CHROMIUM_PATH: fakeChromium, DISPLAY: ':99' });
    const ready = parseReadyLine(await shell.waitForOutput(READY_LINE));
    expect(ready.code).toBeUndefined();
    await shell.waitForOutput(/window: \S+ --kiosk/);
    await waitUntil(`the window to record its arguments; shell output:\n${shell.output()}`, () => fs.existsSync(argvFile) && fs.readFileSync(argvFile, 'utf8').includes('--app='));
    // The window opens on the shell's starting page: a loopback address with no code in it.
    const app = new URL(fs.readFileSync(argvFile, 'utf8').split('\n').find((a) => a.startsWith('--app='))!.slice('--app='.length));
    expect(app.hostname).toBe('127.0.0.1');
    expect(app.href).not.toMatch(/code=/);
    // What the page's script does: ask /next, which answers with the kiosk's page and a fresh code.
    const next = await fetch(new URL('/next', app));
    expect(next.status).toBe(200);
    const kioskPage = new URL(await next.text());
    expect(kioskPage.origin + '/').toBe(ready.baseUrl);
    const code = new URLSearchParams(kioskPage.hash.slice(1)).get('code')!;
    expect(code).toMatch(/^[0-9a-f]{32}$/);
    const traded = await redeemCode(ready.baseUrl, code);
    expect(traded.status).toBe(200);
    expect(fs.readFileSync(argvFile, 'utf8')).not.toContain(traded.body.token as string);
    expect(fs.readFileSync(argvFile, 'utf8')).not.toContain(code);
    expect(shell.output()).not.toContain(code);
    expect((await redeemCode(ready.baseUrl, code)).status).toBe(401);
  }, 90_000);
});
