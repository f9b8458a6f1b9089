// A proof or certificate printed through CUPS used to leave PII behind: a temp copy of the PDF
// (deleted only if the core lived to do it), and the job — its title and document — in CUPS's
// history and spool for as long as cupsd keeps them. Now the PDF goes to `lp` on stdin, finished
// jobs are purged once the queue is idle, and at boot leftovers of an earlier run are purged.
// Against a private cupsd and a real IPP printer (tests/support/ippPrinter.ts).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../kiosk-config/schema';
import { silentLogger } from '../../../src-common/logging';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { renderProofPdf, sampleProof } from '../../../src-main/core/printing/pdf/proofDocument';
import { LEGACY_TEMP_PREFIX, SystemPrinterDevice } from '../../../src-main/core/printing/SystemPrinterDevice';
import { CupsPrinter } from '../../../src-main/core/printing/system/CupsPrinter';
import { startIppTestPrinter, type IppTestPrinter } from '../../support/ippPrinter';
import { waitUntil } from '../../support/kioskProcess';

let ipp: IppTestPrinter;
beforeAll(async () => {
  ipp = await startIppTestPrinter('budayang-privacy');
}, 60_000);
afterAll(() => ipp?.stop());

function cups(command: string, args: string[], input?: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env: { ...process.env, CUPS_SERVER: ipp.server } }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)));
    child.stdin?.end(input);
  });
}

const jobsInHistory = async () => (await cups('lpstat', ['-W', 'all', '-o', ipp.queue])).trim();
/** cupsd's control (c*) and document (d*) files of jobs. */
const spooledJobFiles = () => fs.readdirSync(path.join(path.dirname(ipp.receivedDir), 'spool')).filter((f) => /^[cd]\d+/.test(f));
const ourTempCopies = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(LEGACY_TEMP_PREFIX));

describe('PII left by CUPS printing', () => {
  it('a printed proof leaves no temp copy, no job in the CUPS history and no spooled document', async () => {
    const printer = new CupsPrinter({ queue: ipp.queue, server: ipp.server, log: silentLogger, jobTimeoutMs: 60_000 });
    const tempBefore = ourTempCopies();
    const outcome = await printer.printPdf(await renderProofPdf(sampleProof()), 'proof 王芳');
    expect(outcome.outcome).toBe('printed');
    expect(ourTempCopies()).toEqual(tempBefore);
    expect(await jobsInHistory()).toBe('');
    expect(spooledJobFiles()).toEqual([]);
    // The printer itself got the document.
    expect(fs.readdirSync(ipp.receivedDir).some((f) => f.endsWith('.pdf'))).toBe(true);
  }, 90_000);

  it('at boot, a finished job and a temp copy left by an earlier run are purged', async () => {
    // An earlier run: a job that finished after the core died, and the temp copy older versions made.
    const leftover = fs.mkdtempSync(path.join(os.tmpdir(), LEGACY_TEMP_PREFIX));
    fs.writeFileSync(path.join(leftover, 'document.pdf'), await renderProofPdf(sampleProof()));
    await cups('lp', ['-d', ipp.queue, '-t', 'proof left behind'], await renderProofPdf(sampleProof()));
    await waitUntil('the earlier job to finish', async () => (await cups('lpstat', ['-W', 'completed', '-o', ipp.queue])).includes(ipp.queue), 60_000, 200);

    const config = KioskConfig.parse({ devices: [{ id: 'a4-printer', class: 'a4Printer', driver: 'cups', transport: { kind: 'systemPrinter', queue: ipp.queue } }], printing: { cupsServer: ipp.server } });
    const device = new SystemPrinterDevice({ device: config.devices[0]!, statuses: new DeviceStatusBoard(), log: silentLogger, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-boot-')), cupsServer: ipp.server, jobTimeoutMs: 60_000, mode: 'simulated' });
    device.start();
    await waitUntil('the history to be purged', async () => (await jobsInHistory()) === '', 30_000, 100);
    expect(fs.existsSync(leftover)).toBe(false);
    expect(spooledJobFiles()).toEqual([]);
    await device.stop();
  }, 120_000);
});
