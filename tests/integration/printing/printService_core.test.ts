// The printing module inside a real core (test profile): printers on the status board, the
// capability gate following paper out, job outcomes journaled, duplicate job ids refused, and
// the Printing.* API over the router.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiConnection } from '../../../src-main/core/api/ApiRouter';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { printingModule } from '../../../src-main/core/printing/printingModule';
import { KioskDatabaseId } from '../../../src-main/core/storage/storageServices';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import type { PrintService } from '../../../src-main/core/printing/PrintService';
import { sampleReceipt } from '../../../src-main/core/printing/receipts/sampleReceipts';
import { renderProofPdf, sampleProof } from '../../../src-main/core/printing/pdf/proofDocument';
import { PrintServiceId } from '../../../src-main/core/printing/PrintService';

let core: KioskCore | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const context = { hallName: '测试大厅', kioskCode: 'TEST01', deviceId: 'receipt-printer', at: '2026-11-26T08:00:00Z' };

async function start(): Promise<{ core: KioskCore; printing: PrintService }> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-printing-'));
  core = await createKioskCore({ dataDir, profile: 'test', modules: [storageModule, printingModule], logger: { logDir: false } });
  const started = core;
  const printing = started.service(PrintServiceId)!;
  await expect.poll(() => started.context.deviceStatuses.get('receipt-printer')?.state, { timeout: 5000 }).toBe('online');
  return { core: started, printing };
}

function call(core: KioskCore, name: string, payload: unknown): Promise<{ completionCode: string; payload: any; errorDescription?: string }> /* eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary completion payloads */ {
  return new Promise((resolve) => {
    const connection: ApiConnection = {
      id: `c-${name}`,
      send: (message) => {
        const m = message as { type: string; completionCode: string; payload: unknown; errorDescription?: string };
        if (m.type === 'completion') resolve(m as never);
      },
    };
    core.router.attach(connection);
    void core.router.dispatch(connection, name, `r-${name}`, payload);
  });
}

describe('print service in the core', () => {
  it('prints a receipt, journals the outcome and refuses the same job id again', async () => {
    const { core, printing } = await start();
    const first = await printing.printReceipt(sampleReceipt('acceptance', context), { jobId: 'acceptance:DEMO01-20261126-0001' });
    expect(first).toMatchObject({ state: 'printed', deviceId: 'receipt-printer', document: 'acceptance' });
    const again = await printing.printReceipt(sampleReceipt('acceptance', context), { jobId: 'acceptance:DEMO01-20261126-0001' });
    expect(again.state).toBe('failed');
    expect(again.reason).toMatch(/already printed/);
    const simulator = printing.receiptPrinter('receipt-printer')!.simulator!;
    expect(simulator.receipts()).toHaveLength(1);

    const journal = JSON.stringify(core!.service(KioskDatabaseId)!.prepare('SELECT * FROM print_jobs').all());
    expect(journal).toContain('"state":"printed"');
    // No PII in the journal: the receipt's applicant never appears.
    expect(journal).not.toMatch(/张|11010519491231002X/);

    const jobs = await call(core, 'Printing.Jobs', {});
    expect(jobs.completionCode).toBe('success');
    expect(jobs.payload.jobs[0]).toMatchObject({ jobId: 'acceptance:DEMO01-20261126-0001', state: 'printed' });
  });

  it('turns receipt printing off in the capability gate when paper runs out, and refuses jobs with the reason', async () => {
    const { core, printing } = await start();
    expect(core.context.capabilities.current().capabilities.find((c) => c.capability === 'receiptPrint')?.available).toBe(true);
    const device = printing.receiptPrinter('receipt-printer')!;
    device.simulator!.setFault('paperOut', true);
    await device.supervisor.checkNow(); // the idle probe, now rather than at its next tick
    expect(core.context.deviceStatuses.get('receipt-printer')?.state).toBe('userError');
    expect(core.context.deviceStatuses.get('receipt-printer')).toMatchObject({ state: 'userError', detail: { paper: 'out' }, reason: 'paper out' });
    expect(core.context.capabilities.current().capabilities.find((c) => c.capability === 'receiptPrint')).toMatchObject({ available: false, reasonKey: 'reason.paperOut' });
    const job = await printing.printReceipt(sampleReceipt('payment', context), { jobId: 'payment:PAY-1' });
    expect(job.state).toBe('failed');
    expect(job.reason).toMatch(/paper out/);

    // Paper loaded: the caller may retry the failed job id deliberately, and it prints once.
    device.simulator!.refillPaper();
    await device.supervisor.checkNow();
    expect(core.context.deviceStatuses.get('receipt-printer')?.state).toBe('online');
    const retry = await printing.printReceipt(sampleReceipt('payment', context), { jobId: 'payment:PAY-1' });
    expect(retry.state).toBe('printed');
    expect(printing.receiptPrinter('receipt-printer')!.simulator!.receipts()).toHaveLength(1);
  });

  it('serves the test page, the receipt preview and printer status over the API', async () => {
    const { core, printing } = await start();
    const test = await call(core, 'Printing.TestPage', {});
    expect(test.completionCode).toBe('success');
    expect(test.payload).toMatchObject({ state: 'printed', document: 'testPage' });
    const preview = await call(core, 'Printing.PreviewReceipt', { sample: 'acceptance' });
    expect(preview.completionCode).toBe('success');
    expect(preview.payload.lines).toContain('凭此回执查询办理进度');
    expect(preview.payload.qrCodes).toHaveLength(1);
    expect(preview.payload.svg).toMatch(/^<svg/);
    const status = await call(core, 'Printing.Status', {});
    expect(status.payload.printers.map((p: { deviceId: string }) => p.deviceId)).toEqual(['receipt-printer', 'a4-printer', 'certificate-printer']);

    // The demo "PDF file" A4 printer writes the job into the data dir.
    const pdf = await renderProofPdf(sampleProof());
    const proof = await printing.printPdf('a4Printer', pdf, { document: 'proof', jobId: 'proof-1' });
    expect(proof.state).toBe('printed');
    expect(fs.readFileSync(path.join(dataDir!, 'printed', 'proof-1.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('closes jobs a crash left pending (in the legacy JSONL journal, imported once) as unknown and never prints them again', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-printing-'));
    fs.mkdirSync(path.join(dataDir, 'printing'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'printing', 'jobs.jsonl'), `${JSON.stringify({ jobId: 'j-crash', deviceId: 'receipt-printer', printerClass: 'receiptPrinter', document: 'acceptance', state: 'printing', createdAt: '2026-11-26T08:00:00Z' })}\n`);
    core = await createKioskCore({ dataDir, profile: 'test', modules: [storageModule, printingModule], logger: { logDir: false } });
    const printing = core.service(PrintServiceId)!;
    expect(printing.jobs(10)[0]).toMatchObject({ jobId: 'j-crash', state: 'unknown' });
    const retry = await printing.printReceipt(sampleReceipt('acceptance', context), { jobId: 'j-crash' });
    expect(retry.state).toBe('failed');
    expect(retry.reason).toMatch(/already unknown/);
    expect(fs.existsSync(path.join(dataDir, 'printing', 'jobs.jsonl'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'printing', 'jobs.jsonl.imported'))).toBe(true);
  });
});
