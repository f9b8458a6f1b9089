// Fault: no card on the reader (or the SAM never finds one). The wait polls quietly and ends
// with timeOut; a cancel ends it at once; nothing is read.
import { afterEach, describe, expect, it } from 'vitest';
import { describeIdCardError } from '../../../drivers/idcard/SamIdCardReader';
import { createIdCardPtyRig, type IdCardPtyRig } from './idCardPtyHarness';

let rig: IdCardPtyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('idCard no card', () => {
  it('times out with timeOut and a Chinese prompt, polling at the documented interval', async () => {
    rig = await createIdCardPtyRig({ timings: { pollIntervalMs: 100 } });
    const started = Date.now();
    const r = await rig.reader.waitForCard({ timeoutMs: 700 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(describeIdCardError(r.error)).toMatchObject({ code: 'timeOut', zh: '未检测到身份证，请将身份证放在读卡区' });
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    const finds = rig.simulator.commandCounts.get('findCard') ?? 0;
    // Polled more than once, but quietly: at most one find per interval (a loaded machine polls fewer).
    expect(finds).toBeGreaterThanOrEqual(2);
    expect(finds).toBeLessThanOrEqual(9);
    expect(rig.simulator.commandCounts.get('readBase')).toBeUndefined();
  });

  it('the noCard fault hides an inserted card until it is cleared', async () => {
    rig = await createIdCardPtyRig({ timings: { pollIntervalMs: 20 } });
    rig.simulator.insertCard('resident-wang');
    rig.simulator.setFault('noCard');
    expect((await rig.reader.waitForCard({ timeoutMs: 300 })).ok).toBe(false);
    rig.simulator.clearFault('noCard');
    expect((await rig.reader.waitForCard({ timeoutMs: 2000 })).ok).toBe(true);
  });
});
