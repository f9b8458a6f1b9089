// The real driver and the simulator on the two ends of a socat PTY pair, through `serialport`.
import { afterEach, describe, expect, it } from 'vitest';
import { createIdCardPtyRig, type IdCardPtyRig } from '../../faults/devices/idCardPtyHarness';

let rig: IdCardPtyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('ID card reader over a PTY pair', () => {
  it('checks the SAM and reads each card type', async () => {
    rig = await createIdCardPtyRig({ timings: { pollIntervalMs: 20 } });
    expect((await rig.reader.checkSam()).ok).toBe(true);
    for (const [fixture, cardType] of [['resident-wang', 'resident'], ['permit-tw', 'hkMacaoTaiwan'], ['foreigner-2017-deu', 'foreigner'], ['foreigner-2023', 'foreigner']] as const) {
      rig.simulator.insertCard(fixture);
      const r = await rig.reader.waitForCard({ timeoutMs: 3000 });
      expect(r.ok && r.value.text.cardType, fixture).toBe(cardType);
      expect(r.ok && r.value.text.checkDigitValid, fixture).toBe(true);
    }
  });

  it('reads replies that arrive as partial frames', async () => {
    rig = await createIdCardPtyRig({ timings: { pollIntervalMs: 20 } });
    rig.simulator.insertCard('resident-tsering');
    rig.simulator.setFault('partialFrames');
    const r = await rig.reader.waitForCard({ timeoutMs: 5000 });
    expect(r.ok && r.value.text.name).toBe('次仁卓玛');
  });
});
