// Under Electron the PII data key must not sit next to the database: the main process unwraps it
// with safeStorage and hands it to the core over the utilityProcess port. Here a stand-in shell
// forks the real core with an IPC channel (the same channel type the browser shell uses) and
// sends the launch message: the core runs on the supplied key, writes no key file, and the key
// is in neither its command line nor its environment.
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PiiCipher } from '../../../src-main/core/crypto/PiiCipher';
import { KioskIdentity } from '../../../src-main/core/identity/KioskIdentity';
import { CoreToShellMessage } from '../../../src-main/shell/coreChannel';
import { BIN, tempDataDir, waitUntil } from '../../support/kioskProcess';

const children: ReturnType<typeof fork>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('the data key handed over by the shell', () => {
  it('is used by the core, which writes no key file and keeps the key out of argv and env', async () => {
    const dataDir = tempDataDir();
    const key = crypto.randomBytes(32);
    const token = crypto.randomBytes(32).toString('hex');
    const core = fork(BIN, ['core', '--port', '0', '--profile', 'test', '--data', dataDir], { env: { ...process.env, BUDAYANG_FROM_SOURCE: '1' }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    children.push(core);
    let port = 0;
    core.on('message', (raw) => {
      const message = CoreToShellMessage.parse(raw);
      if (message.type === 'awaitingLaunch') core.send({ type: 'launch', token, dataKey: key.toString('base64') });
      if (message.type === 'ready') port = message.port;
    });
    await waitUntil('the core to be ready', () => port > 0, 60_000);

    expect(fs.existsSync(path.join(dataDir, 'data.key'))).toBe(false);
    // The kiosk identity (sealed at first start) opens with the supplied key, and with no other.
    const db = new Database(path.join(dataDir, 'kiosk.sqlite'), { readonly: true });
    expect(KioskIdentity.loadOrCreate(db, new PiiCipher(key)).ok).toBe(true);
    expect(KioskIdentity.loadOrCreate(db, new PiiCipher(crypto.randomBytes(32))).ok).toBe(false);
    db.close();

    const proc = (file: string) => fs.readFileSync(`/proc/${core.pid}/${file}`).toString('latin1');
    for (const file of ['cmdline', 'environ']) {
      expect(proc(file)).not.toContain(key.toString('base64'));
      expect(proc(file)).not.toContain(key.toString('hex'));
      expect(proc(file)).not.toContain(token);
    }
  }, 90_000);
});
