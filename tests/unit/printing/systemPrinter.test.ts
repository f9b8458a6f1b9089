import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusOfQueue, SystemPrinterDevice } from '../../../src-main/core/printing/SystemPrinterDevice';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { silentLogger } from '../../../src-common/logging';
import { decodeIppResponse, encodeIppRequest, IPP_OPERATION } from '../../../src-main/core/printing/system/ippCodec';

describe('IPP codec', () => {
  it('encodes Get-Job-Attributes with the operation attributes in order', () => {
    const body = encodeIppRequest(IPP_OPERATION.getJobAttributes, 7, { name: 'job-uri', uri: 'ipp://localhost:631/jobs/3' }, ['job-state', 'job-state-reasons']);
    expect([...body.subarray(0, 9)]).toEqual([2, 0, 0, 9, 0, 0, 0, 7, 1]);
    // attributes-charset: tag 0x47, name length 18.
    expect([...body.subarray(9, 12)]).toEqual([0x47, 0, 18]);
    expect(body.toString('latin1')).toContain('job-uri');
    expect(body.at(-1)).toBe(3);
  });

  it('decodes a response with enums, multi-valued keywords and booleans', () => {
    const attr = (tag: number, name: string, value: Buffer) => Buffer.concat([Buffer.of(tag), u16(name.length), Buffer.from(name), u16(value.length), value]);
    const u16 = (n: number) => Buffer.of(n >> 8, n & 0xff);
    const i32 = (n: number) => Buffer.of(0, 0, n >> 8, n & 0xff);
    const response = Buffer.concat([
      Buffer.of(2, 0, 0, 0, 0, 0, 0, 7, 0x01),
      attr(0x47, 'attributes-charset', Buffer.from('utf-8')),
      Buffer.of(0x02),
      attr(0x23, 'job-state', i32(9)),
      attr(0x44, 'job-state-reasons', Buffer.from('job-completed-successfully')),
      attr(0x44, '', Buffer.from('processing-to-stop-point')),
      attr(0x22, 'printer-is-accepting-jobs', Buffer.of(1)),
      Buffer.of(0x03),
    ]);
    const decoded = decodeIppResponse(response);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.statusCode).toBe(0);
    expect(decoded.value.attributes.get('job-state')).toEqual([9]);
    expect(decoded.value.attributes.get('job-state-reasons')).toEqual(['job-completed-successfully', 'processing-to-stop-point']);
    expect(decoded.value.attributes.get('printer-is-accepting-jobs')).toEqual([true]);
    expect(decodeIppResponse(response.subarray(0, 20)).ok).toBe(false);
  });
});

describe('CUPS queue state → device status', () => {
  it('maps printer-state-reasons to the printer detail', () => {
    expect(statusOfQueue({ state: 'idle', reasons: [], acceptingJobs: true })).toMatchObject({ state: 'online', detail: { paper: 'ok' } });
    expect(statusOfQueue({ state: 'stopped', reasons: ['media-empty-error'], acceptingJobs: true })).toMatchObject({ state: 'userError', detail: { paper: 'out' } });
    expect(statusOfQueue({ state: 'idle', reasons: ['media-low-report'], acceptingJobs: true })).toMatchObject({ state: 'online', detail: { paper: 'low' } });
    expect(statusOfQueue({ state: 'processing', reasons: ['cover-open-error'], acceptingJobs: true })).toMatchObject({ state: 'userError', detail: { coverOpen: true } });
    expect(statusOfQueue({ state: 'idle', reasons: ['offline-report'], acceptingJobs: true }).state).toBe('offline');
    expect(statusOfQueue({ state: 'stopped', reasons: ['paused'], acceptingJobs: false }).state).toBe('hardwareError');
  });
});

describe('system printer under the device supervisor', () => {
  it('comes online, prints, refuses jobs while leased, and prints a retried job id again', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-sysprinter-'));
    const statuses = new DeviceStatusBoard();
    const printer = new SystemPrinterDevice({
      device: { id: 'a4', class: 'a4Printer', driver: 'pdfFile', enabled: true, transport: { kind: 'simulator', options: {} } },
      statuses,
      log: silentLogger,
      dataDir,
      jobTimeoutMs: 10_000,
      mode: 'demo',
    });
    try {
      await printer.start();
      expect(statuses.get('a4')).toMatchObject({ state: 'online', deviceClass: 'a4Printer' });
      const file = path.join(dataDir, 'printed', 'proof_1.pdf');
      expect(await printer.print('proof:1', Uint8Array.from([0x25, 0x50]), 'proof')).toMatchObject({ outcome: 'printed' });
      expect(fs.existsSync(file)).toBe(true);

      const supervisor = printer.supervisor!;
      const lease = supervisor.acquireLease('technician');
      if (!lease.ok) throw new Error(lease.error.description);
      expect(statuses.get('a4')?.state).toBe('deviceBusy');
      expect(await printer.print('proof:2', Uint8Array.from([0x25]), 'proof')).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/lease/) });
      supervisor.releaseLease(lease.value);

      // The journal allows a retry after `failed`; the printer must really print it again.
      fs.rmSync(file);
      expect(await printer.print('proof:1', Uint8Array.from([0x25, 0x50]), 'proof')).toMatchObject({ outcome: 'printed' });
      expect(fs.existsSync(file)).toBe(true);
    } finally {
      await printer.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reports a misconfigured printer as a hardware error and fails its jobs', async () => {
    const statuses = new DeviceStatusBoard();
    const printer = new SystemPrinterDevice({ device: { id: 'cert', class: 'certificatePrinter', driver: 'pdfFile', enabled: true, transport: { kind: 'simulator', options: {} } }, statuses, log: silentLogger, dataDir: os.tmpdir(), jobTimeoutMs: 1000, mode: 'production' });
    await printer.start();
    expect(statuses.get('cert')).toMatchObject({ state: 'hardwareError', reason: expect.stringMatching(/not a system printer allowed in production/) });
    expect(await printer.print('c:1', new Uint8Array(1), 'certificate')).toMatchObject({ outcome: 'failed' });
  });
});
