// The HID path through the seam: HID has no kernel emulation here, so an in-memory fake
// MinimalHidDevice carries the reports, and the simulator answers on the far side.
import { describe, expect, it } from 'vitest';
import { Emitter, toDisposable } from '../../../src-common/event';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { DEFAULT_HID_FRAMING, hidFramedTransport, hidReportStream, type MinimalHidDevice } from '../../../drivers/transport/hidTransport';
import { IdCardSimulator } from '../../../drivers/idcard/IdCardSimulator';
import { SamIdCardReader } from '../../../drivers/idcard/SamIdCardReader';
import { BarcodeScanner } from '../../../drivers/scanner/BarcodeScanner';
import { encodeHidPosReports } from '../../../drivers/scanner/hidPosReport';
import { silentLogger } from '../../../src-common/logging';

/** A fake HID reader: output reports are unwrapped to bytes for the simulator; its bytes come back as input reports. */
function fakeHidSamReader(simulator: IdCardSimulator) {
  const reports = new Emitter<Uint8Array>();
  const closes = new Emitter<Error | undefined>();
  const written: Uint8Array[] = [];
  const [simSide, deviceSide] = createMemoryPipe('hid-inside');
  simulator.attach(deviceSide);
  simSide.onData((bytes) => {
    for (let i = 0; i < bytes.length; i += 63) {
      const part = bytes.subarray(i, i + 63);
      const report = new Uint8Array(64);
      report[0] = part.length;
      report.set(part, 1);
      reports.fire(report);
    }
  });
  const device: MinimalHidDevice = {
    description: 'fake-hid-sam',
    async writeReport(report) {
      written.push(report);
      expect(report.length).toBe(DEFAULT_HID_FRAMING.reportSize);
      expect(report[0]).toBe(DEFAULT_HID_FRAMING.reportId);
      await simSide.write(report.subarray(2, 2 + report[1]!));
    },
    onReport: reports.event,
    onClose: closes.event,
    async close() {
      closes.fire(undefined);
    },
  };
  return { device, written };
}

describe('HID transport seam', () => {
  it('carries SAM frames in HID reports: the same driver reads a card', async () => {
    const simulator = new IdCardSimulator();
    simulator.insertCard('resident-tsering');
    const { device, written } = fakeHidSamReader(simulator);
    const transport = hidFramedTransport(device);
    const reader = new SamIdCardReader(transport, { log: silentLogger, timings: { pollIntervalMs: 10 } });
    expect((await reader.checkSam()).ok).toBe(true);
    const r = await reader.waitForCard({ timeoutMs: 3000 });
    expect(r.ok && r.value.text).toMatchObject({ name: '次仁卓玛', nation: '藏' });
    expect(written.length).toBeGreaterThanOrEqual(4); // status, find, select, read
    reader.dispose();
    await transport.close();
    expect(transport.isOpen).toBe(false);
  });

  it('delivers HID POS reports one per chunk to the scanner driver, stripping a report id', async () => {
    const reports = new Emitter<Uint8Array>();
    const device: MinimalHidDevice = { description: 'fake-hidpos', writeReport: async () => {}, onReport: reports.event, onClose: () => toDisposable(() => {}), close: async () => {} };
    const scanner = new BarcodeScanner(hidReportStream(device, { inputHasReportId: true }), { mode: 'hidPos', log: silentLogger });
    const got: string[] = [];
    scanner.onScan((t) => got.push(t));
    for (const r of encodeHidPosReports('DEMO01-20261126-0007')) reports.fire(Uint8Array.from([0x02, ...r]));
    expect(got).toEqual(['DEMO01-20261126-0007']);
  });
});
