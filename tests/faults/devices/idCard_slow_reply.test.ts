// Fault: the SAM answers slowly. Within the reply timeout the read succeeds; beyond it the
// driver reports "no reply" naming the command, and a late reply is never mistaken for the
// answer to a later command.
import { afterEach, describe, expect, it } from 'vitest';
import { describeIdCardError } from '../../../drivers/idcard/SamIdCardReader';
import { createIdCardPtyRig, type IdCardPtyRig } from './idCardPtyHarness';

let rig: IdCardPtyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('idCard slow reply', () => {
  it('reads when replies are slow but within the timeout', async () => {
    rig = await createIdCardPtyRig({ simulator: { slowReplyMs: 150 }, timings: { commandReplyMs: 400, pollIntervalMs: 20 } });
    rig.simulator.insertCard('resident-wang');
    rig.simulator.setFault('slowReplies');
    const started = Date.now();
    const r = await rig.reader.waitForCard({ timeoutMs: 5000 });
    expect(r.ok && r.value.text.name).toBe('王建国');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450); // three slow replies
  });

  it('reports a reply slower than the timeout, then discards the late reply and recovers', async () => {
    rig = await createIdCardPtyRig({ simulator: { slowReplyMs: 300 }, timings: { commandReplyMs: 100, staleReplyDrainMs: 400, pollIntervalMs: 20, maxUnansweredCommands: 1 } });
    rig.simulator.setFault('slowReplies', 1);
    rig.simulator.setFault('samFault', 1); // the late reply is a failure code: taking it for the next answer would show
    const late = await rig.reader.checkSam();
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.error.kind).toBe('noReply');
      expect(describeIdCardError(late.error).en).toContain('samStatus');
    }
    expect((await rig.reader.checkSam()).ok).toBe(true);
  });
});
