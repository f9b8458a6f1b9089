// Fault: the read reply's checksum is wrong. A corrupt reply is never parsed; the driver
// re-reads the card and succeeds, or reports a hardware error after the documented attempts.
import { afterEach, describe, expect, it } from 'vitest';
import { describeIdCardError } from '../../../drivers/idcard/SamIdCardReader';
import { createIdCardPtyRig, type IdCardPtyRig } from './idCardPtyHarness';

let rig: IdCardPtyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const timings = { pollIntervalMs: 20, staleReplyDrainMs: 50 };

describe('idCard bad checksum', () => {
  it('recovers from one corrupt reply once the card is presented again', async () => {
    rig = await createIdCardPtyRig({ timings });
    rig.simulator.insertCard('permit-hk');
    rig.simulator.setFault('badChecksum', 1);
    const first = await rig.reader.waitForCard({ timeoutMs: 600 });
    // The SAM considers the card read (it sent the data), so find answers 0x80 until re-insertion.
    expect(first.ok).toBe(false);
    rig.simulator.insertCard('permit-hk');
    const second = await rig.reader.waitForCard({ timeoutMs: 2000 });
    expect(second.ok && second.value.text).toMatchObject({ cardType: 'hkMacaoTaiwan', passNumber: 'H12345678' });
  });

  it('reports a corrupt reply as a hardware error naming the command, not as "no card"', async () => {
    rig = await createIdCardPtyRig({ timings });
    rig.simulator.setFault('badChecksum');
    rig.simulator.insertCard('permit-hk');
    const r = await rig.reader.waitForCard({ timeoutMs: 500 });
    expect(r.ok ? 'read' : r.error.kind).toBe('badChecksum');
    if (!r.ok) {
      expect(describeIdCardError(r.error).code).toBe('hardwareError');
      expect(describeIdCardError(r.error).en).toContain('readBase');
    }
  });
});
