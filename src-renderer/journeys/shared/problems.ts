// What went wrong, as the citizen needs to know it: the call that failed and its error (completion
// code, the method's own error code, its numbers). The screen turns it into a sentence with a next
// step through the error table (i18n/errors.ts, `useErrorSentence`), never through the core's
// English description. Plain data, so the journeys' state machines can hold it.
import type { MethodName } from '../../../src-common/api';
import type { ApiError } from '../../../src-common/api/envelope';

export interface ServiceProblem {
  /** The method whose error table words the sentence. */
  readonly method: MethodName;
  readonly error: Pick<ApiError, 'code' | 'errorCode' | 'params'>;
}

export function problemOf(method: MethodName, error: ApiError): ServiceProblem {
  return { method, error: { code: error.code, ...(error.errorCode !== undefined ? { errorCode: error.errorCode } : {}), ...(error.params ? { params: error.params } : {}) } };
}

/** How a print ended, as the screen says it (the printer's English detail stays in the log). */
export type PrintOutcome = 'printed' | 'failed' | 'unknown' | 'notAttempted';

type Translate = (key: string, options?: Record<string, unknown>) => string;
type ErrorSentence = (method: MethodName, error: ServiceProblem['error']) => string;

/**
 * How a print journey's ending reads: its namespace's `printed` and `printOutcome.*` sentences
 * (打印证明 and 取证 word them for their own documents), or the failed call's error sentence.
 */
export function printOutcomeText(outcome: PrintOutcome | ServiceProblem, t: Translate, errorSentence: ErrorSentence): string {
  if (typeof outcome === 'string') return outcome === 'printed' ? t('printed') : t(`printOutcome.${outcome}`);
  return errorSentence(outcome.method, outcome.error);
}
