// Opening hours take effect on the minute: the fleet looks at availability again just after the
// next opening (or closing), not only on its 15 s round, and tells the screen at once. The clock
// and the timers are the test's: no waiting, no timing limit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import type { KioskAvailability } from '../../../src-common/api/kiosk';
import { createInMemorySocket } from '../../../src-main/core/api/inMemorySocket';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { createFleetModule } from '../../../src-main/core/fleet/fleetModule';
import type { SafePointTimers } from '../../../src-main/core/fleet/SafePoint';
import { coreModules } from '../../../src-main/core/modules';

let core: KioskCore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Timers that run only when the test says so; each remembers its delay. */
function manualTimers(): SafePointTimers & { pending: Array<{ fn: () => void; ms: number }> } {
  const pending: Array<{ fn: () => void; ms: number }> = [];
  return {
    pending,
    setTimeout: (fn, ms) => {
      const timer = { fn, ms };
      pending.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const at = pending.indexOf(handle as { fn: () => void; ms: number });
      if (at >= 0) pending.splice(at, 1);
    },
  };
}

it('opens on the minute of its opening hours and tells the screen at once', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-hours-'));
  // Closed every day but one, which opens at 08:00 Beijing time; the fleet's clock stands 2 s before.
  const opensOn = '2031-03-04';
  const opening = Date.parse(`${opensOn}T08:00:00+08:00`);
  let now = opening - 2_000;
  const timers = manualTimers();
  const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  core = await createKioskCore({
    dataDir: dir,
    profile: 'test',
    logger: { logDir: false },
    configOverrides: { openingHours: { weekly: closedWeek, exceptions: [{ date: opensOn, periods: [{ from: '08:00', to: '20:00' }] }] } },
    modules: coreModules.map((m) => (m.name === 'fleet' ? createFleetModule({ clock: () => now, timers }) : m)),
  });
  const client = new ApiClient(() => createInMemorySocket(core!.router) as ClientSocket);
  await client.whenOpen();
  const announced: KioskAvailability[] = [];
  client.on('Kiosk.AvailabilityChanged', (availability) => announced.push(availability));
  expect(core.status().availability).toMatchObject({ state: 'closed', nextOpeningAt: new Date(opening).toISOString() });

  // The next look is due just after the opening, not at the end of a 15 s round.
  const check = timers.pending.find((t) => t.ms === 2_001);
  expect(check, `pending delays: ${timers.pending.map((t) => t.ms).join(', ')}`).toBeDefined();

  now = opening + 1;
  check!.fn();
  await new Promise((r) => setImmediate(r));
  expect(announced).toEqual([{ state: 'open', closesAt: new Date(Date.parse(`${opensOn}T20:00:00+08:00`)).toISOString() }]);
  expect(core.status().availability?.state).toBe('open');
  expect(await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false })).toMatchObject({ ok: true });
});
