// A system printer through CUPS (A4 and certificate printers): submits a PDF with `lp` and
// follows the job over IPP until CUPS reports it completed, canceled or aborted. With the `ipp`
// backend CUPS only completes a job once the printer itself reports completion, so `completed`
// here means the printer finished it. Windows uses the spooler instead (docs/printing.md).
// The document holds PII: it goes to `lp` on stdin (no temp file of ours), and finished jobs are
// purged from CUPS's history and spool once the queue is idle (docs/printing.md, privacy).
import { execFile } from 'node:child_process';
import type { Logger } from '../../../../src-common/logging';
import { err, ok, type Result } from '../../../../src-common/result';
import { encodeIppRequest, IPP_OPERATION, ippRequest, type IppAttributes } from './ippCodec';

/** How often the job state is asked for while a job prints. */
export const CUPS_JOB_POLL_INTERVAL_MS = 500;
/** How long a job may take before its outcome counts as unknown (a slow A4 laser warms up in ~30 s). */
export const CUPS_JOB_TIMEOUT_MS = 120_000;
/** How long `lp` may take to hand the file to cupsd. */
export const LP_SUBMIT_TIMEOUT_MS = 15_000;

/** IPP job-state values (RFC 8011 §5.3.7). */
const JOB_STATE = { pending: 3, held: 4, processing: 5, stopped: 6, canceled: 7, aborted: 8, completed: 9 } as const;
/** IPP printer-state values (RFC 8011 §5.4.11). */
const PRINTER_STATE = { idle: 3, processing: 4, stopped: 5 } as const;

export type SystemJobOutcome =
  /** CUPS reports the job completed. */
  | { readonly outcome: 'printed'; readonly cupsJobId: number }
  /** The job was refused, canceled or aborted; `reasons` are the IPP job-state-reasons. */
  | { readonly outcome: 'failed'; readonly reason: string; readonly cupsJobId?: number }
  /** No final state within the timeout, or CUPS stopped answering. */
  | { readonly outcome: 'unknown'; readonly reason: string; readonly cupsJobId?: number };

export interface SystemPrinterCondition {
  readonly state: 'idle' | 'processing' | 'stopped';
  /** IPP printer-state-reasons, e.g. media-empty-error, cover-open, offline-report. */
  readonly reasons: readonly string[];
  readonly acceptingJobs: boolean;
}

export interface CupsPrinterOptions {
  readonly queue: string;
  /** `host:port` of cupsd; absent = the local default (localhost:631). */
  readonly server?: string;
  readonly log: Logger;
  readonly jobTimeoutMs?: number;
}

export class CupsPrinter {
  private requestId = 1;
  constructor(private readonly options: CupsPrinterOptions) {}

  get description(): string {
    return `cups://${this.server}/${this.options.queue}`;
  }

  private get server(): string {
    return this.options.server ?? 'localhost:631';
  }

  /** Submits a PDF and waits for its final state, then purges finished jobs. Never resubmits. */
  async printPdf(pdf: Uint8Array, title: string, signal?: AbortSignal): Promise<SystemJobOutcome> {
    const submitted = await this.submit(pdf, title);
    if (!submitted.ok) return { outcome: 'failed', reason: submitted.error };
    const outcome = await this.follow(submitted.value, signal);
    // An unknown outcome may still print: its job stays until a later purge finds the queue idle.
    if (outcome.outcome !== 'unknown') await this.purgeFinishedJobs();
    return outcome;
  }

  async submit(pdf: Uint8Array, title: string): Promise<Result<number, string>> {
    // On stdin: no copy of the document in a temp file that a crash could leave behind.
    const output = await run('lp', ['-d', this.options.queue, '-t', title], this.env, pdf);
    if (!output.ok) return err(`${this.description}: lp failed: ${output.error}`);
    const match = /request id is \S+-(\d+)/.exec(output.value);
    if (!match) return err(`${this.description}: lp gave no job id: ${output.value.trim()}`);
    return ok(Number(match[1]));
  }

  /**
   * Removes the queue's jobs from CUPS's job history and spool (their titles and documents hold
   * PII), but only while no job is pending or printing: CUPS purges a queue as a whole. Needs the
   * kiosk user in CUPS's SystemGroup (`lpadmin`); a refusal is logged, never fatal to printing.
   */
  async purgeFinishedJobs(): Promise<Result<'purged' | 'queueBusy', string>> {
    const active = await run('lpstat', ['-o', this.options.queue], this.env);
    if (!active.ok) return this.purgeFailed(`lpstat: ${active.error}`);
    if (active.value.trim() !== '') return ok('queueBusy');
    const purged = await run('cancel', ['-a', '-x', this.options.queue], this.env);
    if (!purged.ok) return this.purgeFailed(`cancel -a -x: ${purged.error}`);
    return ok('purged');
  }

  private purgeFailed(cause: string): Result<never, string> {
    const error = `${this.description}: finished jobs not purged from the CUPS history (${cause})`;
    this.options.log.warn('printing.cups_purge_failed', { queue: this.options.queue, error });
    return err(error);
  }

  private get env(): NodeJS.ProcessEnv {
    return { ...process.env, CUPS_SERVER: this.server };
  }

  /** Polls Get-Job-Attributes until completed/canceled/aborted or the timeout. */
  async follow(cupsJobId: number, signal?: AbortSignal): Promise<SystemJobOutcome> {
    const deadline = Date.now() + (this.options.jobTimeoutMs ?? CUPS_JOB_TIMEOUT_MS);
    let lastState = 0;
    let lastReasons: string[] = [];
    while (Date.now() < deadline && !signal?.aborted) {
      const attributes = await this.query({ name: 'job-uri', uri: `ipp://${this.server}/jobs/${cupsJobId}` }, IPP_OPERATION.getJobAttributes, ['job-state', 'job-state-reasons', 'job-state-message']);
      if (attributes.ok) {
        lastState = Number(attributes.value.get('job-state')?.[0] ?? 0);
        lastReasons = (attributes.value.get('job-state-reasons') ?? []).map(String);
        const message = String(attributes.value.get('job-state-message')?.[0] ?? '');
        if (lastState === JOB_STATE.completed) return { outcome: 'printed', cupsJobId };
        if (lastState === JOB_STATE.canceled || lastState === JOB_STATE.aborted) {
          return { outcome: 'failed', cupsJobId, reason: `${this.description}: job ${cupsJobId} ${lastState === JOB_STATE.canceled ? 'canceled' : 'aborted'} (${[...lastReasons, message].filter(Boolean).join(', ')})` };
        }
      } else {
        this.options.log.warn('printing.cups_query_failed', { queue: this.options.queue, cupsJobId, error: attributes.error });
      }
      await new Promise((r) => setTimeout(r, CUPS_JOB_POLL_INTERVAL_MS));
    }
    return { outcome: 'unknown', cupsJobId, reason: `${this.description}: job ${cupsJobId} not finished (state ${lastState}, ${lastReasons.join(', ') || 'no reasons'})` };
  }

  /** The queue's state and reasons (media-empty, cover-open, offline…). */
  async condition(): Promise<Result<SystemPrinterCondition, string>> {
    const attributes = await this.query({ name: 'printer-uri', uri: `ipp://${this.server}/printers/${this.options.queue}` }, IPP_OPERATION.getPrinterAttributes, ['printer-state', 'printer-state-reasons', 'printer-is-accepting-jobs']);
    if (!attributes.ok) return attributes;
    const state = Number(attributes.value.get('printer-state')?.[0] ?? 0);
    if (state === 0) return err(`${this.description}: queue not found`);
    return ok({
      state: state === PRINTER_STATE.idle ? 'idle' : state === PRINTER_STATE.processing ? 'processing' : 'stopped',
      reasons: (attributes.value.get('printer-state-reasons') ?? []).map(String).filter((r) => r !== 'none'),
      acceptingJobs: attributes.value.get('printer-is-accepting-jobs')?.[0] !== false,
    });
  }

  private async query(target: { name: 'printer-uri' | 'job-uri'; uri: string }, operation: number, requested: readonly string[]): Promise<Result<IppAttributes, string>> {
    const body = encodeIppRequest(operation, this.requestId++, target, requested);
    const url = new URL(`http://${this.server}${target.name === 'job-uri' ? '/jobs/' : `/printers/${this.options.queue}`}`);
    const response = await ippRequest(url, body);
    if (!response.ok) return response;
    // 0x0000–0x00FF are successful status codes.
    if (response.value.statusCode > 0xff) return err(`${this.description}: IPP status 0x${response.value.statusCode.toString(16)}`);
    return ok(response.value.attributes);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: Uint8Array): Promise<Result<string, string>> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { env, timeout: LP_SUBMIT_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) resolve(err(`${stderr.trim() || error.message}`));
      else resolve(ok(stdout));
    });
    // A command that exits before reading all of stdin must not crash the core with EPIPE.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}
