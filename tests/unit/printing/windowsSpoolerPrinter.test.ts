// A4 and certificate printing on Windows (driver `windows`) through pdf-to-printer's command seam:
// the printer comes online while Windows lists it, each PDF reaches the spooler from a 0600 file
// that is gone afterwards (printed or not), a spooler error fails the job, and PDFs a crash left
// behind are purged at start. The fake records what pdf-to-printer would have been asked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { SystemPrinterDevice } from '../../../src-main/core/printing/SystemPrinterDevice';
import type { PdfToPrinterApi } from '../../../src-main/core/printing/system/WindowsSpoolerPrinter';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function fakeSpooler(printers: string[], failWith?: string) {
  const calls: { file: string; printer: string; silent: boolean; bytes: string; mode: number }[] = [];
  const api: PdfToPrinterApi = {
    async getPrinters() {
      return printers.map((name, i) => ({ name, deviceId: `\\\\?\\printer${i}` }));
    },
    async print(file, options) {
      calls.push({ file, ...options, bytes: fs.readFileSync(file, 'latin1'), mode: fs.statSync(file).mode & 0o777 });
      if (failWith) throw new Error(failWith);
    },
  };
  return { api, calls };
}

function device(api: PdfToPrinterApi) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-winprint-'));
  dirs.push(dataDir);
  const statuses = new DeviceStatusBoard();
  const printer = new SystemPrinterDevice({
    device: { id: 'a4', class: 'a4Printer', driver: 'windows', enabled: true, transport: { kind: 'systemPrinter', queue: 'HP LaserJet M406' } },
    statuses,
    log: silentLogger,
    dataDir,
    jobTimeoutMs: 10_000,
    mode: 'production',
    pdfToPrinter: async () => api,
  });
  return { printer, statuses, dataDir };
}

describe('Windows printing through pdf-to-printer', () => {
  it('prints to the named printer silently from a private file that is removed afterwards', async () => {
    const spooler = fakeSpooler(['Microsoft Print to PDF', 'HP LaserJet M406']);
    const { printer, statuses, dataDir } = device(spooler.api);
    const leftover = path.join(dataDir, 'spool', 'a4', 'crashed-1.pdf');
    fs.mkdirSync(path.dirname(leftover), { recursive: true });
    fs.writeFileSync(leftover, '%PDF left by a crash');
    try {
      await printer.start();
      expect(fs.existsSync(leftover)).toBe(false);
      expect(statuses.get('a4')).toMatchObject({ state: 'online' });
      expect(await printer.print('cert:1', Buffer.from('%PDF-1.7 certificate'), 'certificate')).toEqual({ outcome: 'printed', cupsJobId: 0 });
      expect(spooler.calls).toEqual([{ file: expect.stringContaining(path.join(dataDir, 'spool', 'a4')), printer: 'HP LaserJet M406', silent: true, bytes: '%PDF-1.7 certificate', mode: 0o600 }]);
      expect(fs.existsSync(spooler.calls[0]!.file)).toBe(false);
    } finally {
      await printer.stop();
    }
  });

  it('fails a job the spooler refuses, and still removes its file', async () => {
    const spooler = fakeSpooler(['HP LaserJet M406'], 'SumatraPDF exited with code 1');
    const { printer } = device(spooler.api);
    try {
      await printer.start();
      expect(await printer.print('proof:1', Buffer.from('%PDF'), 'proof')).toEqual({ outcome: 'failed', reason: 'the Windows spooler refused the job: SumatraPDF exited with code 1' });
      expect(fs.existsSync(spooler.calls[0]!.file)).toBe(false);
    } finally {
      await printer.stop();
    }
  });

  it('is offline, with the printers Windows does list, when the named one is missing', async () => {
    const spooler = fakeSpooler(['Microsoft Print to PDF']);
    const { printer, statuses } = device(spooler.api);
    try {
      await printer.start();
      expect(statuses.get('a4')).toMatchObject({ state: 'offline', reason: expect.stringContaining('Windows lists no printer named "HP LaserJet M406" (found: Microsoft Print to PDF)') });
      expect(await printer.print('proof:2', Buffer.from('%PDF'), 'proof')).toMatchObject({ outcome: 'failed' });
      expect(spooler.calls).toEqual([]);
    } finally {
      await printer.stop();
    }
  });
});
