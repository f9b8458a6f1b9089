// The ID card reader driver: a state machine over a ByteTransport speaking the SAM_A protocol.
// It checks the SAM, then runs a cancellable find → select → read loop. The same frames travel
// over a serial port or, behind the HID seam, over HID reports. The photo stays opaque.
import type { ByteTransport } from '../transport/ByteTransport';
import type { CompletionCode } from '../../src-common/api/envelope';
import { DisposableStore } from '../../src-common/event';
import type { Logger } from '../../src-common/logging';
import { assertNever, err, ok, type Result } from '../../src-common/result';
import { encodeSamCommand, parseSamResponse, READ_BASE_PAYLOAD, READ_WITH_FINGERPRINT_PAYLOAD, SamFrameReader, type SamCommandName, type SamResponse, type SamStreamItem } from './samCodec';
import { describeSamResult, SAM_SW3, type SamResultCode } from './samResultCodes';
import { parseIdCardText, TEXT_BLOCK_LENGTH, type IdCardText } from './idCardText';

/** Named timings of the driver. Public SDKs use 100 ms / 2000 ms (docs/protocols/sam-id-card-reader.md#operating-sequence). */
export interface IdCardTimings {
  /** Reply timeout for status, find and select. Wider than the SDKs' 100 ms: USB-serial adapters and PTYs add latency. */
  readonly commandReplyMs: number;
  /** Reply timeout for 30 01: its 1295-byte reply alone takes 112 ms at 115200 baud; public code allows 2000 ms. */
  readonly readReplyMs: number;
  /** Pause between find attempts while no card is on the reader: keeps the UART quiet without delaying a citizen noticeably. */
  readonly pollIntervalMs: number;
  /** After a missed reply, bytes arriving this long are discarded so a late reply is never taken for the next command's. */
  readonly staleReplyDrainMs: number;
  /** Find/select/read failures tolerated for one card before the read is reported failed (cards moved while reading). */
  readonly readAttempts: number;
  /** Consecutive unanswered commands before the reader is reported as not answering. */
  readonly maxUnansweredCommands: number;
}

export const DEFAULT_ID_CARD_TIMINGS: IdCardTimings = {
  commandReplyMs: 500,
  readReplyMs: 2000,
  pollIntervalMs: 250,
  staleReplyDrainMs: 500,
  readAttempts: 3,
  maxUnansweredCommands: 3,
};

/** One read card: the parsed text and the opaque WLT photo (never decoded, never logged). */
export interface IdCardRead {
  readonly text: IdCardText;
  readonly photo: Uint8Array;
}

export type IdCardError =
  /** The caller aborted (Common.Cancel, session end, SIGTERM). */
  | { readonly kind: 'canceled' }
  /** No card was presented before the wait's deadline. */
  | { readonly kind: 'timeOut'; readonly waitedMs: number }
  /** The SAM did not answer a command in time. */
  | { readonly kind: 'noReply'; readonly command: SamCommandName; readonly timeoutMs: number }
  /** The reply's checksum was wrong, repeatedly. */
  | { readonly kind: 'badChecksum'; readonly command: SamCommandName }
  /** The SAM answered with a failure code. */
  | { readonly kind: 'samResult'; readonly command: SamCommandName; readonly result: SamResultCode }
  /** The reply had the right checksum but not the right shape, or its text block is unreadable. */
  | { readonly kind: 'badReply'; readonly command: SamCommandName; readonly detail: string }
  /** The link closed (unplug) or refused a write. */
  | { readonly kind: 'linkClosed'; readonly detail: string };

/** The API view of a driver error: completion code plus technician (English) and citizen (Chinese) text. */
export function describeIdCardError(error: IdCardError): { code: Exclude<CompletionCode, 'success'>; en: string; zh: string } {
  switch (error.kind) {
    case 'canceled':
      return { code: 'canceled', en: 'ID card wait canceled', zh: '已取消读卡' };
    case 'timeOut':
      return { code: 'timeOut', en: `no ID card presented within ${Math.round(error.waitedMs / 1000)} s`, zh: '未检测到身份证，请将身份证放在读卡区' };
    case 'noReply':
      return { code: 'hardwareError', en: `ID card reader: no reply to ${error.command} within ${error.timeoutMs} ms`, zh: '读卡器无响应，请联系工作人员' };
    case 'badChecksum':
      return { code: 'hardwareError', en: `ID card reader: reply to ${error.command} failed its checksum repeatedly`, zh: '读卡通信错误，请联系工作人员' };
    case 'samResult': {
      const r = error.result;
      const code = r.completionCode === 'success' ? 'hardwareError' : r.completionCode;
      const zh = code === 'userError' ? `${r.zh}，请重新放置身份证` : `${r.zh}，请联系工作人员`;
      return { code, en: `ID card reader: ${error.command} answered 0x${r.sw3.toString(16).toUpperCase()} (${r.en})`, zh };
    }
    case 'badReply':
      return { code: 'hardwareError', en: `ID card reader: malformed reply to ${error.command}: ${error.detail}`, zh: '证件信息无法识别，请联系工作人员' };
    case 'linkClosed':
      return { code: 'deviceNotReady', en: `ID card reader link closed: ${error.detail}`, zh: '读卡器未连接，请联系工作人员' };
  }
}

/** Progress of one wait, for the API's events. */
export type IdCardProgress =
  /** The SAM found a card in its field. */
  | { readonly kind: 'cardPresent' }
  /** The card is selected and its data is being read. */
  | { readonly kind: 'reading' };

export interface WaitForCardOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  readonly onProgress?: (progress: IdCardProgress) => void;
}

type Pending = { resolve: (item: SamStreamItem | { kind: 'closed' }) => void };

export class SamIdCardReader {
  private readonly reader = new SamFrameReader();
  private readonly timings: IdCardTimings;
  private pending: Pending | undefined;
  private drainUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly subscriptions = new DisposableStore();
  private closed = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: { readonly log: Logger; readonly timings?: Partial<IdCardTimings> },
  ) {
    this.timings = { ...DEFAULT_ID_CARD_TIMINGS, ...options.timings };
    this.subscriptions.add(transport.onData((chunk) => this.onBytes(chunk)));
    this.subscriptions.add(
      transport.onClose(() => {
        this.closed = true;
        this.pending?.resolve({ kind: 'closed' });
      }),
    );
  }

  get description(): string {
    return this.transport.description;
  }

  /** SAM self-check (11 FF): the first thing done after every open, and the idle health probe. */
  async checkSam(signal?: AbortSignal): Promise<Result<void, IdCardError>> {
    const reply = await this.transact('samStatus', this.timings.commandReplyMs, signal);
    if (!reply.ok) return reply;
    if (reply.value.sw3 !== SAM_SW3.success) return err({ kind: 'samResult', command: 'samStatus', result: describeSamResult(reply.value.sw3) });
    return ok(undefined);
  }

  /** Waits for a card and reads it: find → select → read, polling while no card is present. */
  async waitForCard(options: WaitForCardOptions): Promise<Result<IdCardRead, IdCardError>> {
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    let unanswered = 0;
    let failures = 0;
    let lastFailure: IdCardError | undefined;
    let announcedPresent = false;
    const log = this.options.log;
    for (;;) {
      if (options.signal?.aborted) return err({ kind: 'canceled' });
      // A card that failed to read is "already read" to the SAM until re-presented: at the deadline
      // its failure, not "no card", is the honest answer.
      if (Date.now() >= deadline) return err(lastFailure ?? { kind: 'timeOut', waitedMs: Date.now() - started });
      const attempt = await this.attemptRead(options, () => {
        if (!announcedPresent) options.onProgress?.({ kind: 'cardPresent' });
        announcedPresent = true;
      });
      if (attempt.ok) {
        if (attempt.value) return ok(attempt.value);
        announcedPresent = false; // no card: a later card is a new presence
        unanswered = 0;
      } else {
        const e = attempt.error;
        switch (e.kind) {
          case 'canceled':
          case 'linkClosed':
            return attempt;
          case 'noReply':
            if (++unanswered >= this.timings.maxUnansweredCommands) return attempt;
            break;
          case 'timeOut':
            return attempt;
          case 'badChecksum':
          case 'samResult':
          case 'badReply':
            unanswered = 0;
            if (e.kind === 'samResult' && e.result.completionCode === 'hardwareError') return attempt;
            lastFailure = e;
            if (++failures >= this.timings.readAttempts) return err(lastFailure);
            log.info('idCard.read_retry', { failure: e.kind, attempt: failures });
            break;
          default:
            return assertNever(e, 'IdCardError');
        }
      }
      const pause = Math.min(this.timings.pollIntervalMs, Math.max(0, deadline - Date.now()));
      if (!(await sleep(pause, options.signal))) return err({ kind: 'canceled' });
    }
  }

  /** One find → select → read pass: a card, `undefined` for "no card", or an error. */
  private async attemptRead(options: WaitForCardOptions, onFound: () => void): Promise<Result<IdCardRead | undefined, IdCardError>> {
    const find = await this.transact('findCard', this.timings.commandReplyMs, options.signal);
    if (!find.ok) return find;
    // 0x80 is the normal "no card" reply, also right after a read while the same card is still on the reader.
    if (find.value.sw3 === SAM_SW3.findCardFailed) return ok(undefined);
    if (find.value.sw3 !== SAM_SW3.cardFound) return err({ kind: 'samResult', command: 'findCard', result: describeSamResult(find.value.sw3) });
    onFound();
    const select = await this.transact('selectCard', this.timings.commandReplyMs, options.signal);
    if (!select.ok) return select;
    if (select.value.sw3 !== SAM_SW3.success) return err({ kind: 'samResult', command: 'selectCard', result: describeSamResult(select.value.sw3) });
    options.onProgress?.({ kind: 'reading' });
    const read = await this.transact('readBase', this.timings.readReplyMs, options.signal);
    if (!read.ok) return read;
    if (read.value.sw3 !== SAM_SW3.success) return err({ kind: 'samResult', command: 'readBase', result: describeSamResult(read.value.sw3) });
    return decodeReadPayload(read.value.data);
  }

  /** Sends one command and awaits its reply; one command at a time. */
  transact(command: SamCommandName, timeoutMs: number, signal?: AbortSignal): Promise<Result<SamResponse, IdCardError>> {
    const run = this.queue.then(() => this.transactNow(command, timeoutMs, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transactNow(command: SamCommandName, timeoutMs: number, signal?: AbortSignal): Promise<Result<SamResponse, IdCardError>> {
    if (this.closed || !this.transport.isOpen) return err({ kind: 'linkClosed', detail: `${this.transport.description} is closed` });
    const drain = this.drainUntil - Date.now();
    if (drain > 0 && !(await sleep(drain, signal))) return err({ kind: 'canceled' });
    this.reader.reset();
    const reply = new Promise<SamStreamItem | { kind: 'closed' } | { kind: 'timeout' } | { kind: 'aborted' }>((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      const onAbort = () => finish({ kind: 'aborted' });
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (item: SamStreamItem | { kind: 'closed' } | { kind: 'timeout' } | { kind: 'aborted' }) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
        resolve(item);
      };
      this.pending = { resolve: finish };
      if (signal?.aborted) finish({ kind: 'aborted' });
    });
    try {
      await this.transport.write(encodeSamCommand(command));
    } catch (e) {
      this.pending?.resolve({ kind: 'closed' });
      return err({ kind: 'linkClosed', detail: (e as Error).message });
    }
    const item = await reply;
    switch (item.kind) {
      case 'frame': {
        const response = parseSamResponse(item.body);
        return response ? ok(response) : err({ kind: 'badReply', command, detail: `reply of ${item.body.length} bytes` });
      }
      case 'badChecksum':
        this.drainUntil = Date.now() + this.timings.staleReplyDrainMs;
        return err({ kind: 'badChecksum', command });
      case 'timeout':
        this.drainUntil = Date.now() + this.timings.staleReplyDrainMs;
        return err({ kind: 'noReply', command, timeoutMs });
      case 'aborted':
        this.drainUntil = Date.now() + this.timings.staleReplyDrainMs;
        return err({ kind: 'canceled' });
      case 'closed':
        return err({ kind: 'linkClosed', detail: `${this.transport.description} closed` });
      case 'discarded':
        return err({ kind: 'badReply', command, detail: 'unexpected' }); // never resolved with this kind
    }
  }

  private onBytes(chunk: Uint8Array): void {
    for (const item of this.reader.push(chunk)) {
      if (item.kind === 'discarded') {
        this.options.log.debug('idCard.bytes_discarded', { count: item.byteCount });
        continue;
      }
      if (this.pending) this.pending.resolve(item);
      else this.options.log.debug('idCard.unsolicited_frame', { kind: item.kind });
    }
  }

  /** Stops listening; the transport's owner closes it. */
  dispose(): void {
    this.subscriptions.dispose();
    this.pending?.resolve({ kind: 'closed' });
  }
}

/**
 * Splits a 30 01 / 30 10 payload into text and photo (docs/protocols/sam-id-card-reader.md#response-layouts)
 * and parses the text. The two layouts differ by a third length field; the one that accounts for
 * every byte is the one the reader sent.
 */
export function decodeReadPayload(data: Uint8Array): Result<IdCardRead, IdCardError> {
  const base = READ_BASE_PAYLOAD.decode(data);
  const payload = base.ok ? base : READ_WITH_FINGERPRINT_PAYLOAD.decode(data);
  if (!payload.ok) return err({ kind: 'badReply', command: 'readBase', detail: `payload of ${data.length} bytes: ${base.ok ? '' : base.error}` });
  const { text, photo } = payload.value;
  if (text.length !== TEXT_BLOCK_LENGTH) return err({ kind: 'badReply', command: 'readBase', detail: `text length ${text.length}, expected ${TEXT_BLOCK_LENGTH}` });
  const parsed = parseIdCardText(text);
  if (!parsed.ok) return err({ kind: 'badReply', command: 'readBase', detail: `text field ${parsed.error.field}: ${parsed.error.reason}` });
  return ok({ text: parsed.value, photo: Uint8Array.from(photo) });
}

/** Resolves true after `ms`, false at once if the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
