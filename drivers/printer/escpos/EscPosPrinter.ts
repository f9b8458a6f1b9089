// The receipt printer driver: sends one ESC/POS job over a ByteTransport and reports what
// happened. On a bidirectional link it reads the real-time status (DLE EOT 1–4) before the job
// (a printer that cannot print gets nothing), waits until the job has left the buffer, and reads
// the status again: a receipt counts as printed only when that second status is clean. "Left the
// buffer" is the in-order GS r 1 reply where the printer gives one; a printer whose firmware
// ignores GS r (found by a probe at open) is instead watched with DLE EOT for as long as the job
// takes to travel and print (docs/protocols/escpos.md#confirming-a-job). A failed job's remainder
// is cleared (DLE ENQ 2) so nothing of it prints later when paper is refilled. Nothing is ever
// re-sent by the driver.
import { DisposableStore } from '../../../src-common/event';
import type { Logger } from '../../../src-common/logging';
import { err, type Result } from '../../../src-common/result';
import type { ByteTransport } from '../../transport/ByteTransport';
import { clearBuffersAfterError, paperSensorStatusInOrder, realtimeStatus } from './escposCommands';
import { estimatePaperLines } from './paperLength';
import { isRealtimeStatusByte, parseStatusBytes, readinessOf, type PrinterCondition } from './printerStatus';

/**
 * How long the four DLE EOT replies may take. Printers answer within a few ms; USB-serial
 * adapters batch replies for up to 16 ms; 800 ms leaves room for a busy host without hiding an
 * absent printer.
 */
export const STATUS_REPLY_TIMEOUT_MS = 800;
/** How often the status is polled while a job prints, to notice paper out or cover open early. */
export const STATUS_POLL_DURING_JOB_MS = 250;
/** Fixed allowance for a job to print after its bytes are sent (feed, cut, head warm-up). */
export const PRINT_COMPLETION_BASE_MS = 8000;
/** Extra allowance per 1000 bytes sent: thermal heads print ~150 mm/s, raster lines are dense. */
export const PRINT_COMPLETION_PER_KB_MS = 400;
/** Extra allowance for handing bytes to the link, beyond the line time at the baud rate. */
export const WRITE_SLACK_MS = 3000;
/** How long the GS r 1 probe at open waits: a printer that answers does so within a few ms. */
export const IN_ORDER_PROBE_TIMEOUT_MS = 1000;
/**
 * Print speed assumed when a job is confirmed without GS r: 20 text lines per second (≈ 75 mm/s),
 * half of a common 150 mm/s head, so the closing status is read after the paper has really moved.
 */
export const ASSUMED_LINES_PER_SECOND = 20;
/** Fixed part of that allowance: head warm-up, the cutter, USB-serial buffering. */
export const PRINT_TIME_SLACK_MS = 600;

/**
 * How the driver learns that a job has left the printer's buffer.
 * - `inOrderStatus`: GS r 1 sent after the job is answered only once everything before it printed.
 * - `statusAfterPrintTime`: the printer ignores GS r; DLE EOT is polled while the job travels and
 *   prints (line time + paper length at the assumed speed) and read once more at the end.
 */
export type CompletionCheck = 'inOrderStatus' | 'statusAfterPrintTime';

export type ReceiptJobOutcome =
  /** The job printed and the status after it was clean (paper may be low); `confirmedBy` says how its end was known. */
  | { readonly outcome: 'printed'; readonly conditionAfter: PrinterCondition; readonly confirmedBy: CompletionCheck }
  /** The job did not print, or not completely; `sent` says whether any byte left the host. */
  | { readonly outcome: 'failed'; readonly sent: boolean; readonly reason: string; readonly condition?: PrinterCondition }
  /**
   * The bytes (some or all) were sent but the printer could not confirm the result: one-way
   * link, no reply in time, or the link was lost mid-job (the printer may still print what it
   * had buffered). The caller decides about a reprint; the driver never resends.
   */
  | { readonly outcome: 'unknown'; readonly reason: string };

export interface EscPosPrinterOptions {
  readonly log: Logger;
  /** False for one-way links (many /dev/usb/lp* devices): no status, outcomes are `unknown`. */
  readonly bidirectional: boolean;
  /** Line rate of a serial link, for the write timeout; absent = fast link (USB, TCP, memory). */
  readonly baudRate?: number;
}

type Waiter = { resolve: (byte: number | undefined) => void; timer: NodeJS.Timeout };
/** Collects the replies to a batch of DLE EOT requests, which the printer answers in order. */
type StatusWaiter = { needed: number; bytes: number[]; resolve: (bytes: number[] | undefined) => void; timer: NodeJS.Timeout };

export class EscPosPrinter {
  private realtimeWaiter: StatusWaiter | undefined;
  private inOrderWaiter: Waiter | undefined;
  private statusChain: Promise<unknown> = Promise.resolve();
  private busy = false;
  private readonly subscriptions = new DisposableStore();
  private completion: CompletionCheck | undefined;

  constructor(private readonly transport: ByteTransport, private readonly options: EscPosPrinterOptions) {
    this.subscriptions.add(
      transport.onData((chunk) => {
        for (const byte of chunk) this.route(byte);
      }),
    );
    this.subscriptions.add(
      transport.onClose(() => {
        this.settleStatus(undefined);
        this.settleInOrder(undefined);
      }),
    );
  }

  get description(): string {
    return this.transport.description;
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  /** How jobs are confirmed on this link; undefined until probed. */
  get completionCheck(): CompletionCheck | undefined {
    return this.completion;
  }

  /**
   * Finds out once per link whether the printer answers GS r 1. Only meaningful on a ready
   * printer: a printer holding data (paper out) answers GS r only after printing it.
   */
  async probeCompletionCheck(): Promise<CompletionCheck> {
    if (this.completion) return this.completion;
    const reply = this.waitForInOrderReply(IN_ORDER_PROBE_TIMEOUT_MS);
    try {
      await this.transport.write(Uint8Array.from(paperSensorStatusInOrder()));
    } catch {
      this.settleInOrder(undefined);
      await reply;
      return 'inOrderStatus'; // link gone: decide on the next link, keep the stricter default now
    }
    const answered = (await reply) !== undefined;
    this.completion = answered ? 'inOrderStatus' : 'statusAfterPrintTime';
    if (!answered) this.options.log.warn('printer.ignores_gs_r', { device: this.description, fallback: this.completion });
    return this.completion;
  }

  /**
   * Reads DLE EOT 1–4, sent as one write: the printer answers each in order, so one round trip
   * gives the whole status. An error means the printer did not answer (unplugged, off, wrong port).
   */
  queryCondition(): Promise<Result<PrinterCondition, string>> {
    const run = async (): Promise<Result<PrinterCondition, string>> => {
      if (!this.options.bidirectional) return err(`${this.description}: one-way link, status cannot be read`);
      if (!this.transport.isOpen) return err(`${this.description}: link closed`);
      const replies = new Promise<number[] | undefined>((resolve) => {
        const timer = setTimeout(() => this.settleStatus(undefined), STATUS_REPLY_TIMEOUT_MS);
        this.realtimeWaiter = { needed: 4, bytes: [], resolve, timer };
      });
      try {
        await this.transport.write(Uint8Array.from([...realtimeStatus(1), ...realtimeStatus(2), ...realtimeStatus(3), ...realtimeStatus(4)]));
      } catch (e) {
        this.settleStatus(undefined);
        await replies;
        return err(`${this.description}: DLE EOT write failed: ${(e as Error).message}`);
      }
      const bytes = await replies;
      if (!bytes) return err(`${this.description}: no reply to DLE EOT 1–4 within ${STATUS_REPLY_TIMEOUT_MS} ms`);
      const parsed = parseStatusBytes(bytes as [number, number, number, number]);
      return parsed.ok ? parsed : err(`${this.description}: ${parsed.error}`);
    };
    const next = this.statusChain.then(run, run);
    this.statusChain = next;
    return next;
  }

  /** Prints one job (complete ESC/POS bytes). Never retries; the caller owns the outcome. */
  async printJob(bytes: Uint8Array): Promise<ReceiptJobOutcome> {
    if (this.busy) return { outcome: 'failed', sent: false, reason: `${this.description}: another job is printing` };
    this.busy = true;
    try {
      return await this.runJob(bytes);
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.settleStatus(undefined);
    this.settleInOrder(undefined);
  }

  private async runJob(bytes: Uint8Array): Promise<ReceiptJobOutcome> {
    const log = this.options.log;
    if (!this.transport.isOpen) return { outcome: 'failed', sent: false, reason: `${this.description}: printer not connected` };
    if (this.options.bidirectional) {
      const before = await this.queryCondition();
      if (!before.ok) return { outcome: 'failed', sent: false, reason: `before job: ${before.error}` };
      const readiness = readinessOf(before.value);
      if (!readiness.ready) return { outcome: 'failed', sent: false, reason: `printer not ready before job: ${readiness.reason}`, condition: before.value };
      // Normally probed at open; a driver used on its own (the CLI) probes before its first job.
      if (!this.completion) await this.probeCompletionCheck();
    }

    const lineTimeMs = this.options.baudRate ? (bytes.length * 10 * 1000) / this.options.baudRate : 0;
    const written = await withTimeout(this.transport.write(bytes), lineTimeMs * 1.5 + WRITE_SLACK_MS);
    if (written !== 'done') {
      const reason = written === 'timeout' ? `${this.description}: writing ${bytes.length} bytes did not finish in time` : `${this.description}: link lost while sending the job (${written.message}); part of it may print from the printer's buffer`;
      log.warn('printer.job_write_failed', { device: this.description, bytes: bytes.length, reason });
      return { outcome: 'unknown', reason };
    }
    if (!this.options.bidirectional) return { outcome: 'unknown', reason: `${this.description}: one-way link, the printer cannot confirm the print` };
    const check = this.completion ?? 'inOrderStatus';
    switch (check) {
      case 'inOrderStatus':
        return this.awaitCompletion(bytes.length);
      case 'statusAfterPrintTime':
        return this.watchForPrintTime(bytes, lineTimeMs);
    }
  }

  /**
   * The fallback for printers that ignore GS r: poll DLE EOT while the job crosses the line and
   * its paper length prints at the assumed speed, then read the status once more. A fault seen
   * meanwhile fails the job (its remainder is cleared); a clean status at the end confirms it.
   */
  private async watchForPrintTime(bytes: Uint8Array, lineTimeMs: number): Promise<ReceiptJobOutcome> {
    const printTimeMs = lineTimeMs + (estimatePaperLines(bytes) * 1000) / ASSUMED_LINES_PER_SECOND + PRINT_TIME_SLACK_MS;
    const deadline = performance.now() + printTimeMs;
    for (;;) {
      const left = deadline - performance.now();
      if (left > 0) await sleep(Math.min(STATUS_POLL_DURING_JOB_MS, left));
      const status = await this.queryCondition();
      if (!status.ok) return { outcome: 'unknown', reason: `${left > 0 ? 'during' : 'after'} job: ${status.error}${this.transport.isOpen ? '' : '; the printer may still print what it had buffered'}` };
      const readiness = readinessOf(status.value);
      if (!readiness.ready) {
        await this.clearRemainder();
        return { outcome: 'failed', sent: true, reason: `${left > 0 ? 'printer stopped during the job' : 'printer not clean after the job'}: ${readiness.reason}`, condition: status.value };
      }
      if (left <= 0) return { outcome: 'printed', conditionAfter: status.value, confirmedBy: 'statusAfterPrintTime' };
    }
  }

  /** Waits for the in-order GS r 1 reply while polling the real-time status for faults. */
  private async awaitCompletion(byteCount: number): Promise<ReceiptJobOutcome> {
    const deadline = PRINT_COMPLETION_BASE_MS + (byteCount / 1000) * PRINT_COMPLETION_PER_KB_MS;
    const barrier = this.waitForInOrderReply(deadline);
    try {
      await this.transport.write(Uint8Array.from(paperSensorStatusInOrder()));
    } catch (e) {
      this.settleInOrder(undefined);
      return { outcome: 'unknown', reason: `${this.description}: link lost after the job was sent (${(e as Error).message})` };
    }
    let barrierDone = false;
    const barrierReply = barrier.then((b) => {
      barrierDone = true;
      return b;
    });
    while (!barrierDone) {
      const tick = await Promise.race([barrierReply.then(() => 'barrier' as const), sleep(STATUS_POLL_DURING_JOB_MS).then(() => 'poll' as const)]);
      if (tick === 'barrier') break;
      if (!this.transport.isOpen) break;
      const during = await this.queryCondition();
      if (!during.ok) {
        this.settleInOrder(undefined);
        return { outcome: 'unknown', reason: `during job: ${during.error}${this.transport.isOpen ? '' : '; the printer may still print what it had buffered'}` };
      }
      const readiness = readinessOf(during.value);
      if (!readiness.ready) {
        this.settleInOrder(undefined);
        await this.clearRemainder();
        return { outcome: 'failed', sent: true, reason: `printer stopped during the job: ${readiness.reason}`, condition: during.value };
      }
    }
    const reply = await barrierReply;
    if (!this.transport.isOpen) return { outcome: 'unknown', reason: `${this.description}: link lost before the job was confirmed; the printer may still print what it had buffered` };
    if (reply === undefined) return { outcome: 'unknown', reason: `${this.description}: no in-order status reply within ${Math.round(deadline)} ms` };
    const after = await this.queryCondition();
    if (!after.ok) return { outcome: 'unknown', reason: `after job: ${after.error}` };
    const readiness = readinessOf(after.value);
    if (!readiness.ready) {
      await this.clearRemainder();
      return { outcome: 'failed', sent: true, reason: `printer not clean after the job: ${readiness.reason}`, condition: after.value };
    }
    return { outcome: 'printed', conditionAfter: after.value, confirmedBy: 'inOrderStatus' };
  }

  private async clearRemainder(): Promise<void> {
    try {
      await this.transport.write(Uint8Array.from(clearBuffersAfterError()));
    } catch {
      // The link is gone; there is nothing left to clear on our side.
    }
  }

  private route(byte: number): void {
    const status = this.realtimeWaiter;
    if (isRealtimeStatusByte(byte) && status) {
      status.bytes.push(byte);
      if (status.bytes.length === status.needed) this.settleStatus(status.bytes);
    } else if (!isRealtimeStatusByte(byte) && this.inOrderWaiter) this.settleInOrder(byte);
    else this.options.log.debug('printer.unexpected_byte', { device: this.description, byte });
  }

  private waitForInOrderReply(timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settleInOrder(undefined), timeoutMs);
      this.inOrderWaiter = { resolve, timer };
    });
  }

  private settleInOrder(byte: number | undefined): void {
    const waiter = this.inOrderWaiter;
    if (!waiter) return;
    this.inOrderWaiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(byte);
  }

  private settleStatus(bytes: number[] | undefined): void {
    const waiter = this.realtimeWaiter;
    if (!waiter) return;
    this.realtimeWaiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(bytes);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<'done' | 'timeout' | Error> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(() => 'done' as const, (e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
