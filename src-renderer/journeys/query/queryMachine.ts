// The 查询 journey as an explicit state machine (issue #15 item 9): a pure reducer from the state
// and an event to the next state. The case number is typed or scanned; the platform's answer is
// shown as a progress line. Effects (the query, the scanner) live in useQueryEffects.
import { CaseNumber, type CaseProgress } from '../../../src-common/api/cases';
import type { ServiceProblem } from '../shared/problems';

export interface CaseStatus {
  readonly caseNumber: string;
  readonly status: CaseProgress;
  readonly serviceName: string;
  /** The service's name in both languages, when the platform has it (cases submitted at a kiosk). */
  readonly service?: { readonly zh: string; readonly en: string };
  readonly updatedAt: string;
  readonly note?: string;
}

/** Why the number was not looked up or not found; the screen turns it into a sentence. */
export type QueryProblem =
  | { readonly kind: 'invalid' } // not shaped like a receipt's case number
  | { readonly kind: 'notFound'; readonly caseNumber: string } // the platform does not know it
  | { readonly kind: 'failed'; readonly failure: ServiceProblem }; // Case.Query failed otherwise (the platform cannot be reached)

export type QueryState =
  | { readonly kind: 'enter'; readonly typed: string; readonly problem?: QueryProblem } // typing or scanning the case number
  | { readonly kind: 'querying'; readonly typed: string; readonly caseNumber: string } // Case.Query in flight
  | { readonly kind: 'found'; readonly typed: string; readonly result: CaseStatus }; // the platform's status

export type QueryEvent =
  | { readonly type: 'typed'; readonly value: string } // the keyboard changed the number
  | { readonly type: 'submitted' } // 查询 (or the keyboard's 完成)
  | { readonly type: 'scanned'; readonly text: string } // the receipt's tracking QR at the scanner
  | { readonly type: 'found'; readonly result: CaseStatus }
  | { readonly type: 'failed'; readonly problem: QueryProblem }
  | { readonly type: 'another' }; // back to typing, the last number kept for correction

export const INITIAL_QUERY_STATE: QueryState = { kind: 'enter', typed: '' };

/** Case numbers are typed in capitals; a scan or a lower-case key gives the same number. */
export function normaliseCaseNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

function submit(typed: string): QueryState {
  const caseNumber = normaliseCaseNumber(typed);
  return CaseNumber.safeParse(caseNumber).success ? { kind: 'querying', typed, caseNumber } : { kind: 'enter', typed, problem: { kind: 'invalid' } };
}

export function queryReducer(state: QueryState, event: QueryEvent): QueryState {
  switch (event.type) {
    case 'typed':
      return state.kind === 'enter' ? { kind: 'enter', typed: event.value.toUpperCase() } : state;
    case 'submitted':
      return state.kind === 'enter' ? submit(state.typed) : state;
    case 'scanned':
      return state.kind === 'enter' ? submit(normaliseCaseNumber(event.text)) : state;
    case 'found':
      return state.kind === 'querying' ? { kind: 'found', typed: state.typed, result: event.result } : state;
    case 'failed':
      return state.kind === 'querying' ? { kind: 'enter', typed: state.typed, problem: event.problem } : state;
    case 'another':
      return state.kind === 'found' ? { kind: 'enter', typed: state.typed } : state;
  }
}
