// Fault: noise bytes (including stray 0xAA) before every reply. The frame reader resynchronises
// on the preamble and every card still reads exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { createIdCardPtyRig, type IdCardPtyRig } from './idCardPtyHarness';

let rig: IdCardPtyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('idCard garbage', () => {
  it('reads correctly through noise before every reply', async () => {
    rig = await createIdCardPtyRig({ timings: { pollIntervalMs: 20 } });
    rig.simulator.setFault('garbage');
    expect((await rig.reader.checkSam()).ok).toBe(true);
    for (const fixture of ['resident-chen', 'foreigner-2023']) {
      rig.simulator.insertCard(fixture);
      const r = await rig.reader.waitForCard({ timeoutMs: 3000 });
      expect(r.ok, fixture).toBe(true);
      if (r.ok) expect(r.value.text.checkDigitValid).toBe(true);
    }
  });

  it('survives a burst of pure garbage on the line and then reads', async () => {
    rig = await createIdCardPtyRig({ timings: { pollIntervalMs: 20 } });
    await rig.device.write(Uint8Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? 0xaa : (i * 37) & 0xff)));
    rig.simulator.insertCard('resident-wang');
    const r = await rig.reader.waitForCard({ timeoutMs: 3000 });
    expect(r.ok && r.value.text.name).toBe('王建国');
  });
});
