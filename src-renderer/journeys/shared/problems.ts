// What went wrong, as the citizen needs to know it: a kind the screen turns into a sentence with a
// next step, never the core's English description (issue #15 item 2). The completion code decides
// the kind until per-method error codes arrive; each journey renders a problem in one place.
import type { ApiError } from '../../../src-common/api/envelope';

export type ServiceProblem =
  | { readonly kind: 'offline' } // the platform or a device cannot be reached now: try later
  | { readonly kind: 'refused' } // the kiosk cannot do this for this citizen: go to a window
  | { readonly kind: 'failed' }; // anything else: try again, or a window

export function problemOf(error: ApiError): ServiceProblem {
  switch (error.code) {
    case 'deviceNotReady':
    case 'timeOut':
    case 'hardwareError':
      return { kind: 'offline' };
    case 'userError':
    case 'sequenceError':
      return { kind: 'refused' };
    default:
      return { kind: 'failed' };
  }
}

/** How a print ended, as the screen says it (the printer's English detail stays in the log). */
export type PrintOutcome = 'printed' | 'failed' | 'unknown' | 'notAttempted';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * How a print journey's ending reads, from its namespace's `printed`, `printOutcome.*` and
 * `problem.*` sentences (打印证明 and 取证 word them for their own documents).
 */
export function printOutcomeText(outcome: PrintOutcome | ServiceProblem, t: Translate): string {
  if (typeof outcome === 'string') return outcome === 'printed' ? t('printed') : t(`printOutcome.${outcome}`);
  return t(`problem.${outcome.kind}`);
}
