// A PDF proof through a real CUPS queue to a real IPP printer on loopback (ippeveprinter): the
// job completes, the outcome is recorded, and the printer received the same PDF.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { renderProofPdf, sampleProof } from '../../../src-main/core/printing/pdf/proofDocument';
import { PrintJobJournal } from '../../../src-main/core/printing/PrintJobJournal';
import { openKioskDatabase, type KioskDatabase } from '../../../src-main/core/storage/openKioskDatabase';
import { PrintService } from '../../../src-main/core/printing/PrintService';
import { SystemPrinterDevice } from '../../../src-main/core/printing/SystemPrinterDevice';
import { CupsPrinter } from '../../../src-main/core/printing/system/CupsPrinter';
import { KioskConfig } from '../../../kiosk-config/schema';
import { startIppTestPrinter, type IppTestPrinter } from '../../support/ippPrinter';

let ipp: IppTestPrinter;
let dataDir: string;
beforeAll(async () => {
  ipp = await startIppTestPrinter('budayang-a4');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-cups-test-'));
}, 60_000);
afterAll(async () => {
  await ipp?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('system printer through CUPS and IPP', () => {
  it('prints a proof, records the completed job, and the IPP printer holds the PDF', async () => {
    const config = KioskConfig.parse({
      devices: [{ id: 'a4-printer', class: 'a4Printer', driver: 'cups', transport: { kind: 'systemPrinter', queue: ipp.queue } }],
      printing: { cupsServer: ipp.server, jobTimeoutSeconds: 60 },
    });
    const statuses = new DeviceStatusBoard();
    const device = new SystemPrinterDevice({ device: config.devices[0]!, statuses, log: silentLogger, dataDir, cupsServer: ipp.server, jobTimeoutMs: 60_000, mode: 'simulated' });
    await device.start();
    expect(statuses.get('a4-printer')).toMatchObject({ state: 'online', detail: { kind: 'printer' } });

    const database: KioskDatabase = unwrap(openKioskDatabase({ dataDir }));
    const journal = PrintJobJournal.open(database.db);
    const service = new PrintService({ config, journal, statuses, log: silentLogger, receiptPrinters: [], systemPrinters: [device] });
    const pdf = await renderProofPdf(sampleProof());
    const record = await service.printPdf('a4Printer', pdf, { document: 'proof', jobId: 'proof:HZ-0007' });
    expect(record).toMatchObject({ state: 'printed', deviceId: 'a4-printer', document: 'proof' });
    expect(service.jobs(5)[0]).toMatchObject({ jobId: 'proof:HZ-0007', state: 'printed' });
    expect(journal.get('proof:HZ-0007')).toMatchObject({ jobId: 'proof:HZ-0007', deviceId: 'a4-printer', printerClass: 'a4Printer', document: 'proof', state: 'printed' });
    database.close();

    const received = fs.readdirSync(ipp.receivedDir).filter((f) => f.endsWith('.pdf'));
    expect(received).toHaveLength(1);
    const bytes = fs.readFileSync(path.join(ipp.receivedDir, received[0]!));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await device.stop();
  }, 90_000);

  it('reports a job to a queue that does not exist as failed with the cause', async () => {
    const printer = new CupsPrinter({ queue: 'no-such-queue', server: ipp.server, log: silentLogger });
    const outcome = await printer.printPdf(await renderProofPdf(sampleProof()), 'proof');
    expect(outcome.outcome).toBe('failed');
    if (outcome.outcome === 'failed') expect(outcome.reason).toMatch(/does not exist/);
    const condition = await printer.condition();
    expect(condition.ok).toBe(false);
  }, 30_000);
});
