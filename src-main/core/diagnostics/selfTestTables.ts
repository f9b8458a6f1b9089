// The self-test action table of each driver (after XFS4IoT's per-device self-test, docs/technicians.md):
// one row per step, run in order on the driver under a diagnostics lease. A step that needs a
// medium (a test card, a test note, a code) waits `mediaWaitMs` for it and is `skipped` when
// nobody presents one; it never passes without the device having done the thing.
import type { SelfTestOutcome } from '../../../src-common/api/technician';
import type { SamIdCardReader } from '../../../drivers/idcard/SamIdCardReader';
import { describeIdCardError } from '../../../drivers/idcard/SamIdCardReader';
import type { BarcodeScanner } from '../../../drivers/scanner/BarcodeScanner';
import { classifyScan } from '../../../drivers/scanner/scanClassifier';
import type { EscPosPrinter } from '../../../drivers/printer/escpos/EscPosPrinter';
import { feedAndCut, initialize } from '../../../drivers/printer/escpos/escposCommands';
import type { BillAcceptorDriver } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import type { SystemPrinterLink } from '../printing/SystemPrinterDevice';

/** What a step found. */
export interface StepVerdict {
  readonly outcome: SelfTestOutcome;
  /** English, for technicians; never PII (a read card is described by its type only). */
  readonly detail?: string;
}

/** What every step may use besides its driver. */
export interface StepContext {
  readonly signal: AbortSignal;
  /** How long a step that needs a medium waits for it. */
  readonly mediaWaitMs: number;
  /** Shared by the steps of one run (a card found by `findCard` is judged by `read`). */
  readonly scratch: Map<string, unknown>;
  /** Encoded ESC/POS test page and calibration PDF, built by the runner (templates live in printing). */
  readonly testPageBytes: () => Uint8Array;
  readonly calibrationPdf: () => Promise<Uint8Array>;
}

export interface SelfTestAction<D> {
  readonly action: string;
  readonly run: (driver: D, step: StepContext) => Promise<StepVerdict>;
}

export type SelfTestTable<D> = readonly SelfTestAction<D>[];

const passed = (detail?: string): StepVerdict => ({ outcome: 'passed', ...(detail ? { detail } : {}) });
const failed = (detail: string): StepVerdict => ({ outcome: 'failed', detail });
const skipped = (detail: string): StepVerdict => ({ outcome: 'skipped', detail });

/** SAM ID card reader (docs/protocols/sam-id-card-reader.md): SAM status, find a test card, read it. */
export const SAM_READER_TABLE: SelfTestTable<SamIdCardReader> = [
  {
    action: 'samId',
    run: async (reader, step) => {
      const sam = await reader.checkSam(step.signal);
      return sam.ok ? passed('SAM answered its status query') : failed(describeIdCardError(sam.error).en);
    },
  },
  {
    action: 'findCard',
    run: async (reader, step) => {
      let found = false;
      const read = await reader.waitForCard({ signal: step.signal, timeoutMs: step.mediaWaitMs, onProgress: (p) => (found ||= p.kind === 'cardPresent') });
      step.scratch.set('card', read);
      if (read.ok || found) return passed('a card was found on the reader');
      if (read.error.kind === 'timeOut') return skipped(`no test card presented within ${step.mediaWaitMs / 1000} s`);
      return failed(describeIdCardError(read.error).en);
    },
  },
  {
    action: 'read',
    run: async (_reader, step) => {
      const read = step.scratch.get('card') as Awaited<ReturnType<SamIdCardReader['waitForCard']>> | undefined;
      if (!read) return skipped('findCard did not run');
      if (read.ok) return passed(`read a ${read.value.text.cardType} card (${read.value.photo ? 'with' : 'without'} photo)`);
      if (read.error.kind === 'timeOut') return skipped('no card to read');
      return failed(describeIdCardError(read.error).en);
    },
  },
];

/** Barcode/QR scanner: one test code scanned within the wait (any code; its kind is reported, not its text). */
export const SCANNER_TABLE: SelfTestTable<BarcodeScanner> = [
  {
    action: 'readTestCode',
    run: (scanner, step) =>
      new Promise<StepVerdict>((resolve) => {
        if (!scanner.isOpen) return resolve(failed(`${scanner.description}: link closed`));
        const finish = (verdict: StepVerdict) => {
          clearTimeout(timer);
          subscription.dispose();
          step.signal.removeEventListener('abort', onAbort);
          resolve(verdict);
        };
        const subscription = scanner.onScan((text) => finish(passed(`scanned a ${classifyScan(text).kind} code of ${text.length} characters`)));
        const timer = setTimeout(() => finish(skipped(`no test code scanned within ${step.mediaWaitMs / 1000} s`)), step.mediaWaitMs);
        const onAbort = () => finish(failed('canceled'));
        step.signal.addEventListener('abort', onAbort, { once: true });
      }),
  },
];

/** ESC/POS receipt printer (docs/protocols/escpos.md): status, test page, cut, paper sensor. */
export const ESCPOS_PRINTER_TABLE: SelfTestTable<EscPosPrinter> = [
  {
    action: 'status',
    run: async (printer) => {
      const c = await printer.queryCondition();
      if (!c.ok) return failed(c.error);
      const problems = [c.value.offline && 'offline', c.value.coverOpen && 'cover open', c.value.cutterError && 'cutter error', c.value.unrecoverableError && 'unrecoverable error'].filter(Boolean);
      return problems.length === 0 ? passed('DLE EOT 1–4 answered, no error') : failed(problems.join(', '));
    },
  },
  {
    action: 'testPage',
    run: async (printer, step) => {
      const outcome = await printer.printJob(step.testPageBytes());
      return outcome.outcome === 'printed' ? passed('test page printed and confirmed') : outcome.outcome === 'unknown' ? failed(`test page sent, outcome unknown: ${outcome.reason ?? ''}`) : failed(outcome.reason ?? 'failed');
    },
  },
  {
    action: 'cut',
    run: async (printer) => {
      // Feed and cut alone: a cutter fault shows in the status read right after.
      const outcome = await printer.printJob(Uint8Array.from([...initialize(), ...feedAndCut(3)]));
      if (outcome.outcome === 'failed') return failed(outcome.reason ?? 'cut failed');
      const c = await printer.queryCondition();
      if (!c.ok) return failed(c.error);
      return c.value.cutterError ? failed('cutter error after cut') : passed('cut, no cutter error');
    },
  },
  {
    action: 'paperSensor',
    run: async (printer) => {
      const c = await printer.queryCondition();
      if (!c.ok) return failed(c.error);
      if (c.value.paperOut) return failed('paper out');
      return passed(c.value.paperNearEnd ? 'paper near end' : 'paper present');
    },
  },
];

/** A4 and certificate printers (CUPS/IPP, docs/protocols/ipp-cups.md): status, calibration page. */
export const SYSTEM_PRINTER_TABLE: SelfTestTable<SystemPrinterLink> = [
  {
    action: 'status',
    run: async (link) => {
      const health = await link.inspect();
      return health.ok ? passed(`${link.description}: ready`) : failed(`${link.description}: ${health.error.reason}`);
    },
  },
  {
    action: 'calibrationPage',
    run: async (link, step) => {
      const outcome = await link.print(`selftest-${Date.now()}`, await step.calibrationPdf(), '自检校准页');
      return outcome.outcome === 'printed' ? passed('calibration page printed') : failed(`calibration page ${outcome.outcome}${outcome.reason ? `: ${outcome.reason}` : ''}`);
    },
  },
];

/** ITL SSP bill acceptor (docs/protocols/itl-ssp.md): enable, a test note to escrow and back, counters. */
export const SSP_ACCEPTOR_TABLE: SelfTestTable<BillAcceptorDriver> = [
  {
    action: 'enable',
    run: async (driver) => ((await driver.enable()) ? passed('ENABLE acknowledged') : failed('ENABLE refused or unanswered')),
  },
  {
    action: 'escrowAndReturn',
    run: async (driver, step) => {
      // Every note that reaches escrow now is returned: the box never takes a test note.
      let escrowed: number | undefined;
      driver.setEscrowDecider(async (note) => {
        escrowed = note.valueFen;
        return 'reject';
      });
      try {
        const returned = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => done(false), step.mediaWaitMs);
          const subscription = driver.onEvent((e) => e.type === 'returned' && done(true));
          function done(value: boolean) {
            clearTimeout(timer);
            subscription.dispose();
            resolve(value);
          }
        });
        if (returned) return passed(`a ${escrowed !== undefined ? `${escrowed / 100} yuan ` : ''}note went to escrow and was returned`);
        return escrowed === undefined ? skipped(`no test note inserted within ${step.mediaWaitMs / 1000} s`) : failed('a note reached escrow but was not returned');
      } finally {
        driver.setEscrowDecider(undefined);
        await driver.disable();
      }
    },
  },
  {
    action: 'counters',
    run: async (driver) => {
      const counters = await driver.getCounters();
      if (!counters.ok) return failed(counters.error);
      return counters.value ? passed(`stacked ${counters.value.stacked}, rejected ${counters.value.rejected}`) : passed('this unit keeps no counters');
    },
  },
];
